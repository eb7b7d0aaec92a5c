"""The knowledge base: a validated set of treaties, found by id, name or alias."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from foedus.errors import InputError
from foedus.kb.dates import DateError, FuzzyDate, Tri, holds_at
from foedus.kb.loader import (
    Problem,
    TreatyFileError,
    bundled_treaty_files,
    duplicate_id_error,
    key_line,
    load_treaty_file,
)
from foedus.kb.schema import Membership, Participation, ParticipationPhase, Phase, Treaty

# The earliest day any bundled or loadable source covers (ATOP and COW start in 1815/1816).
COVERAGE_START = dt.date(1815, 1, 1)


class UnknownTreatyError(InputError, LookupError):
    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown treaty {text!r}: expected a short id or a name{hint}")


class TreatyFilesError(TreatyFileError):
    """Problems in several treaty files, each validated on its own."""

    def __init__(self, errors: list[TreatyFileError]):
        self.errors = errors
        self.path = errors[0].path
        self.problems = [p for e in errors for p in e.problems]
        InputError.__init__(self, "\n".join(str(e) for e in errors))


class OutOfCoverageError(DateError):
    """A query date before or after what any source of the knowledge base covers."""


@dataclass(frozen=True)
class KnowledgeBase:
    treaties: dict[str, Treaty]

    @classmethod
    def from_files(
        cls,
        paths: Iterable[str | Path],
        onto: KnowledgeBase | None = None,
        onto_name: str = "the knowledge base",
    ) -> KnowledgeBase:
        """Validate every file on its own, then the set (ids unique, also against `onto` if given,
        `built_on` known); raise one error listing the problems of every bad file. Returns the
        treaties of the files, added to those of `onto`."""
        base = dict(onto.treaties) if onto else {}
        treaties: dict[str, Treaty] = {}
        origin: dict[str, Path] = {}
        errors: list[TreatyFileError] = []
        for path in paths:
            try:
                treaty = load_treaty_file(path)
            except TreatyFileError as exc:
                errors.append(exc)
                continue
            if treaty.id in base or treaty.id in treaties:
                where = onto_name if treaty.id in base else str(origin[treaty.id])
                errors.append(duplicate_id_error(path, treaty.id, where))
                continue
            treaties[treaty.id] = treaty
            origin[treaty.id] = Path(path)
        for tid, treaty in treaties.items():
            if treaty.built_on and treaty.built_on not in treaties and treaty.built_on not in base:
                line = key_line(origin[tid], "built_on")
                problem = Problem("built_on", line, "no treaty with this id", treaty.built_on)
                errors.append(TreatyFileError(origin[tid], [problem]))
        if errors:
            raise TreatyFilesError(errors)
        return cls({**base, **treaties})

    def with_treaties(self, extra: Iterable[Treaty]) -> KnowledgeBase:
        """A new knowledge base with `extra` treaties (e.g. from ATOP or COW) added."""
        merged = dict(self.treaties)
        for t in extra:
            if t.id in merged:
                raise InputError(f"treaty id {t.id} is already in the knowledge base")
            merged[t.id] = t
        return KnowledgeBase(merged)

    # Indexes, built on first use: a state's treaties and its membership in each, so that a query
    # touches the treaties a state is in rather than scanning every treaty for every member.
    @cached_property
    def _memberships(self) -> dict[tuple[str, str], Membership]:
        return {(t.id, m.state): m for t in self.treaties.values() for m in t.memberships if m.state}

    @cached_property
    def _treaties_of(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for tid, code in sorted(self._memberships):
            out.setdefault(code, []).append(tid)
        return {code: tuple(ids) for code, ids in out.items()}

    def treaties_of(self, code: str) -> tuple[str, ...]:
        """Ids of the treaties in which `code` has a membership (any status), sorted."""
        return self._treaties_of.get(code, ())

    def membership(self, treaty_id: str, code: str) -> Membership | None:
        return self._memberships.get((treaty_id, code))

    @cached_property
    def incomplete(self) -> tuple[Treaty, ...]:
        """Treaties whose files knowingly leave something out (`coverage_gap`)."""
        return tuple(t for _, t in sorted(self.treaties.items()) if t.coverage_gap)

    @property
    def coverage_end(self) -> dt.date:
        return max(t.coverage_until.latest for t in self.treaties.values())

    def check_date(self, day: dt.date | FuzzyDate) -> dt.date | FuzzyDate:
        first, last = (day.earliest, day.latest) if isinstance(day, FuzzyDate) else (day, day)
        if not (COVERAGE_START <= first and last <= self.coverage_end):
            raise OutOfCoverageError(
                f"date {day} is outside the knowledge base's coverage: expected a day between "
                f"{COVERAGE_START} and {self.coverage_end}"
            )
        return day

    def treaty(self, text: str) -> Treaty:
        key = text.strip()
        if key.upper() in self.treaties:
            return self.treaties[key.upper()]
        names = self._names()
        if key.lower() in names:
            return self.treaties[names[key.lower()]]
        close = difflib.get_close_matches(key.lower(), list(names), n=3, cutoff=0.5)
        close += difflib.get_close_matches(key.upper(), list(self.treaties), n=3, cutoff=0.5)
        suggestions = sorted({names.get(c, c) for c in close})
        raise UnknownTreatyError(text, suggestions)

    def _names(self) -> dict[str, str]:
        out = {}
        for t in self.treaties.values():
            for name in [t.id, t.name, *t.aliases]:
                out[name.lower()] = t.id
        return out

    def related(self, a: str, b: str) -> bool:
        """Is one treaty built on the other (the CSTO on the CST)?"""
        ta, tb = self.treaties[a], self.treaties[b]
        return ta.built_on == b or tb.built_on == a


def treaty_in_force(treaty: Treaty, day: dt.date | FuzzyDate) -> Tri:
    start = treaty.in_force or treaty.signed
    begun, ended = (start.date if start else None), (treaty.ended.date if treaty.ended else None)
    return holds_at(begun, ended, day)


def phase_holds(phase: Phase, day: dt.date | FuzzyDate, coverage_until: dt.date) -> Tri:
    """Does a membership phase hold on `day` (or over a whole month or year: see `holds_during`)?
    After coverage, an open phase may have ended."""
    held = holds_at(phase.start, phase.end, day)
    last = day.latest if isinstance(day, FuzzyDate) else day
    if phase.end is None and last > coverage_until and held is Tri.TRUE:
        return Tri.UNKNOWN
    return held


def participation_on(
    m: Membership, day: dt.date | FuzzyDate
) -> tuple[Participation, Tri, ParticipationPhase | None]:
    """How `m` takes part on `day`: a recorded departure from full participation that holds (or
    may hold, given imprecise dates), else full. Never bears on the member's legal standing."""
    for p in m.participation:
        holds = holds_at(p.start, p.end, day)
        if holds is not Tri.FALSE:
            return p.mode, holds, p
    return Participation.FULL, Tri.TRUE, None


def participation_label(mode: Participation, holds: Tri) -> str:
    """'frozen', or 'frozen (uncertain)' when imprecise dates leave it open on the day."""
    return mode.value if holds is Tri.TRUE else f"{mode.value} (uncertain)"


@cache
def bundled() -> KnowledgeBase:
    """The knowledge base shipped with foedus (validated on first use)."""
    return KnowledgeBase.from_files(bundled_treaty_files())
