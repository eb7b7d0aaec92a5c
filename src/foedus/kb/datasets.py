"""Loaders for published alliance datasets, read by column name, into `Treaty` objects.

- ATOP v5.x (Leeds, Ritter, Mitchell & Long 2002, International Interactions 28): the alliance
  file (`atop5_1a.csv`) and the member file (`atop5_1m.csv`).
- COW Formal Alliances v4.1 (Gibler 2009, International Military Alliances, CQ Press): the
  member file (`alliance_v4.1_by_member.csv`).

COW state numbers without an ISO mapping in foedus are kept as participants named
"COW ccode N" rather than dropped. Zero, -9 or blank date parts are unknown, never day 1.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from pydantic import ValidationError

from foedus.kb.dates import FuzzyDate
from foedus.kb.loader import Problem, TreatyFileError, validation_problems
from foedus.kb.schema import Treaty
from foedus.kb.states import UnknownStateError, state_for_ccode

ATOP_COVERAGE_END = "2018-12-31"  # ATOP v5.1 covers alliances signed 1815-2018
COW_COVERAGE_END = "2012-12-31"  # COW v4.1 is right-censored at 31 Dec 2012

_ATOP_SOURCE = {
    "ATOP": {
        "title": "Leeds et al., Alliance Treaty Obligations and Provisions (ATOP) "
        "dataset, International Interactions 28 (2002)",
        "kind": "scholarly",
    }
}
_COW_SOURCE = {
    "COW": {
        "title": "Gibler, International Military Alliances, 1648-2008 (2009): COW Formal Alliances v4.1",
        "kind": "scholarly",
    }
}


def _rows(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise TreatyFileError(
                path,
                [
                    Problem(
                        "(header)", 1, f"missing columns {sorted(missing)}", ",".join(reader.fieldnames or [])
                    )
                ],
            )
        return [(i + 2, row) for i, row in enumerate(reader)]


def _int(path: Path, line: int, row: dict[str, str], col: str) -> int:
    text = (row.get(col) or "").strip()
    if text in ("", "NA", "."):
        return 0
    try:
        return int(float(text))
    except ValueError:
        raise TreatyFileError(path, [Problem(col, line, "expected an integer", text)]) from None


def _date(path: Path, line: int, row: dict[str, str], y: str, m: str, d: str) -> FuzzyDate | None:
    year, month, day = (_int(path, line, row, c) for c in (y, m, d))
    if year <= 0:
        return None
    month = month if 1 <= month <= 12 else None
    day = day if month and day >= 1 else None
    try:
        return FuzzyDate(year, month, day)
    except ValueError as exc:
        raise TreatyFileError(path, [Problem(f"{y}/{m}/{d}", line, str(exc))]) from None


def _participant(ccode: int, when: FuzzyDate | None) -> dict:
    try:
        return {"state": state_for_ccode(ccode, when.earliest if when else None).code}
    except UnknownStateError:
        return {"entity": f"COW ccode {ccode}"}


def _provisions(flags: dict[str, int], source: str, article_note: str) -> list[dict]:
    kinds = {
        "defense": "defense",
        "offense": "offense",
        "neutral": "neutrality",
        "neutrality": "neutrality",
        "nonagg": "nonaggression",
        "nonaggression": "nonaggression",
        "consul": "consultation",
        "entente": "consultation",
    }
    out = []
    for col, kind in kinds.items():
        if flags.get(col, 0) == 1 and kind not in {p["type"] for p in out}:
            p = {
                "id": kind,
                "article": None,
                "type": kind,
                "summary": f"{kind} ({article_note})",
                "source": [source],
                "coding_confidence": "verified",  # the dataset's own coding
            }
            if kind == "defense":
                p["assistance"] = "military"
                p["conditions"] = _atop_conditions(flags)
            if kind == "consultation":
                p["assistance"] = "consultation"
            out.append(p)
    if flags.get("noothall", 0) == 1:
        out.append(
            {
                "id": "noothall",
                "article": None,
                "type": "exclusivity",
                "reading": "any",
                "summary": "no other alliances (ATOP noothall)",
                "source": [source],
                "coding_confidence": "verified",
            }
        )
    return out


def _atop_conditions(flags: dict[str, int]) -> list[dict]:
    conditions = []
    if flags.get("defcoloc", 0) == 1:
        conditions.append(
            {
                "kind": "geographic",
                "text": "location specified (ATOP defcoloc)",
                "area": "area the treaty specifies",
            }
        )
    if flags.get("defcoadv", 0) == 1:
        conditions.append({"kind": "named_adversary", "text": "specific adversary (ATOP defcoadv)"})
    return conditions


def _sorted_phases(phases: list[dict]) -> list[dict]:
    """Oldest first; a phase whose start is unknown comes first (and never meets a date in a sort)."""
    phases.sort(key=lambda p: (1, FuzzyDate.parse(p["start"]).earliest) if p.get("start") else (0,))
    return phases


def _build(path: Path, raw: dict) -> Treaty:
    try:
        return Treaty.model_validate(raw)
    except ValidationError as exc:
        raise TreatyFileError(path, validation_problems(exc)) from None


def load_atop(alliance_csv: str | Path, member_csv: str | Path) -> list[Treaty]:
    """ATOP alliances with their members' phases and the obligation flags as provisions."""
    a_path, m_path = Path(alliance_csv), Path(member_csv)
    alliances = _rows(
        a_path,
        {
            "atopid",
            "begyr",
            "begmo",
            "begday",
            "endyr",
            "endmo",
            "endday",
            "defense",
            "offense",
            "neutral",
            "nonagg",
            "consul",
        },
    )
    members = _rows(m_path, {"atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit"})
    by_alliance: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for line, row in members:
        aid = _int(m_path, line, row, "atopid")
        ccode = _int(m_path, line, row, "member")
        start = _date(m_path, line, row, "yrent", "moent", "dayent")
        end = _date(m_path, line, row, "yrexit", "moexit", "dayexit")  # 0: still in force
        phase = {
            "status": "member",
            "start": str(start) if start else None,
            "end": str(end) if end else None,
            "source": ["ATOP"],
        }
        by_alliance[aid][ccode].append((start, phase))
    treaties = []
    for line, row in alliances:
        aid = _int(a_path, line, row, "atopid")
        flags = {
            k: _int(a_path, line, row, k) for k in row if k and (row[k] or "").strip().lstrip("-").isdigit()
        }
        start = _date(a_path, line, row, "begyr", "begmo", "begday")
        end = _date(a_path, line, row, "endyr", "endmo", "endday")
        memberships = []
        for ccode, phases in sorted(by_alliance.get(aid, {}).items()):
            participant = _participant(ccode, phases[0][0])
            memberships.append({**participant, "phases": _sorted_phases([p for _, p in phases])})
        raw = {
            "id": f"ATOP{aid}",
            "name": f"ATOP alliance {aid}",
            "kind": "treaty",
            "defence_pact": flags.get("defense", 0) == 1,
            "summary": f"ATOP alliance {aid}" + (f" (COW id {row['cowid']})" if row.get("cowid") else ""),
            "in_force": {"date": str(start), "source": ["ATOP"]} if start else None,
            "ended": {"date": str(end), "source": ["ATOP"]} if end else None,
            "coverage_until": ATOP_COVERAGE_END,
            "provisions": _provisions(flags, "ATOP", "ATOP alliance-level flag"),
            "memberships": memberships,
            "sources": _ATOP_SOURCE,
        }
        treaties.append(_build(a_path, raw))
    return treaties


def load_cow(member_csv: str | Path) -> list[Treaty]:
    """COW Formal Alliances v4.1 from the by-member file; types become ATOP-style provisions."""
    path = Path(member_csv)
    rows = _rows(
        path,
        {
            "version4id",
            "ccode",
            "all_st_year",
            "all_st_month",
            "all_st_day",
            "all_end_year",
            "all_end_month",
            "all_end_day",
            "mem_st_year",
            "mem_st_month",
            "mem_st_day",
            "mem_end_year",
            "mem_end_month",
            "mem_end_day",
            "right_censor",
            "defense",
            "neutrality",
            "nonaggression",
            "entente",
        },
    )
    grouped: dict[int, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, row in rows:
        grouped[_int(path, line, row, "version4id")].append((line, row))
    treaties = []
    for aid, items in sorted(grouped.items()):
        line0, first = items[0]
        flags: dict[str, int] = defaultdict(int)
        by_member: dict[int, list] = defaultdict(list)
        for line, row in items:
            for k in ("defense", "neutrality", "nonaggression", "entente"):
                flags[k] = max(flags[k], _int(path, line, row, k))
            start = _date(path, line, row, "mem_st_year", "mem_st_month", "mem_st_day")
            censored = _int(path, line, row, "right_censor") == 1
            end = None if censored else _date(path, line, row, "mem_end_year", "mem_end_month", "mem_end_day")
            by_member[_int(path, line, row, "ccode")].append(
                (
                    start,
                    {
                        "status": "member",
                        "start": str(start) if start else None,
                        "end": str(end) if end else None,
                        "source": ["COW"],
                    },
                )
            )
        start = _date(path, line0, first, "all_st_year", "all_st_month", "all_st_day")
        censored = any(_int(path, ln, r, "right_censor") == 1 for ln, r in items)
        end = None if censored else _date(path, line0, first, "all_end_year", "all_end_month", "all_end_day")
        raw = {
            "id": f"COW{aid}",
            "name": f"COW alliance {aid}",
            "kind": "treaty",
            "defence_pact": flags["defense"] == 1,
            "summary": f"COW Formal Alliance {aid}: {first.get('ss_type', '')}".strip(),
            "in_force": {"date": str(start), "source": ["COW"]} if start else None,
            "ended": {"date": str(end), "source": ["COW"]} if end else None,
            "coverage_until": COW_COVERAGE_END,
            "provisions": _provisions(dict(flags), "COW", "COW alliance type"),
            "memberships": [
                {**_participant(cc, ph[0][0]), "phases": _sorted_phases([p for _, p in ph])}
                for cc, ph in sorted(by_member.items())
            ],
            "sources": _COW_SOURCE,
        }
        treaties.append(_build(path, raw))
    return treaties
