"""Golden outputs of the law side: every word an answer prints, for the hard cases, the dataset
importers and the loader's error messages. A changed rule or message shows up as a diff here."""

import json
from pathlib import Path

import pytest

from foedus.kb.datasets import load_atop, load_cow
from foedus.kb.dates import FuzzyDate
from foedus.kb.loader import TreatyFileError, load_treaty_file
from foedus.kb.queries import fact_summary, facts, history, members, timeline
from foedus.kb.schema import Condition
from foedus.law.audit import exclusivity_audit
from foedus.law.explain import explain_assessment, explain_finding
from foedus.law.matrix import obligation_matrix
from foedus.law.obligations import Situation, check_condition, obligations
from tests.conftest import day
from tests.helpers import check_golden

FIX = Path(__file__).parents[1] / "fixtures"

# (victim, aggressor, date, options): the cases of issue 8 and the founding ones.
CASES = [
    ("USA", "AFG", "2001-09-12", {}),
    ("USA", None, "2001-09-14", {"theatre": "in_area"}),
    ("TUR", None, "2020-02-28", {}),
    ("TUR", None, "2020-02-28", {"theatre": "outside_area"}),
    ("DEU", None, "1966-07-15", {}),
    ("ARM", "AZE", "2024-06-01", {"requested": True}),
    ("KAZ", None, "2022-01-06", {}),
    ("KAZ", None, "2022-01-06", {"requested": True}),
    ("ARM", "AZE", "1995-06-01", {}),
    ("PAK", "IND", "1971-12-05", {}),
    ("ARG", "GBR", "1982-05-01", {}),
    ("KWT", "IRQ", "1990-08-02", {}),
    ("IRQ", None, "1981-06-01", {}),
    ("FRA", None, "2015-11-17", {}),
    ("TWN", "CHN", "1958-08-23", {}),
    ("PRK", "KOR", "2017-01-01", {"state_of_war": True}),
    ("RUS", None, "2024-08-06", {}),
    ("TJK", "AFG", "2016-09-01", {"theatre": "unknown"}),
    ("JPN", "CHN", "2020-01-01", {}),
    ("NZL", None, "1990-01-01", {}),
]


def test_explanations_of_the_hard_cases(kb):
    lines = []
    for victim, aggressor, on, options in CASES:
        a = obligations(kb, victim, aggressor, day(on), **options)
        lines += explain_assessment(a)
        lines += [
            f"    [{o.treaty} {o.state}] confidence {o.confidence}, sources {','.join(o.source)}"
            for o in a.obligations
        ]
        lines.append("")
    check_golden("explanations.txt", "\n".join(lines))


def test_json_answers_of_the_hard_cases(kb):
    out = [obligations(kb, v, g, day(on), **options).as_dict() for v, g, on, options in CASES[:8]]
    check_golden("obligations_cases.json", json.dumps(out, indent=1, ensure_ascii=False) + "\n")


def test_membership_history_timeline_facts_and_audit(kb):
    out = {
        "members": {f"{t} {on}": [r.as_dict() for r in members(kb, t, day(on))]
                    for t, on in [("NATO", "1977-01-01"), ("CIS", "2010-01-01"), ("CSTO", "2012-09-01")]},
        "history": {s: [r.as_dict() for r in history(kb, s)] for s in ("UZB", "FRA", "SRB", "EGY")},
        "timeline": [r.as_dict() for r in timeline(kb, "SEATO")],
        "facts": [c.as_dict() for t in ("ANZUS", "EU", "CIS") for c in facts(kb, treaty=t)],
        "summary": fact_summary(kb).as_dict(),
        "audit": [explain_finding(f) for on in ("1960-01-01", "1995-06-01", "2025-06-01")
                  for f in exclusivity_audit(kb, day(on))],
        "audit_any": [f.as_dict() for f in exclusivity_audit(kb, day("2025-06-01"), reading="any")],
    }  # fmt: skip
    check_golden("law_queries.json", json.dumps(out, indent=1, ensure_ascii=False) + "\n")


def test_obligation_matrix_of_a_world(kb):
    states = [
        "USA",
        "GBR",
        "FRA",
        "DEU",
        "TUR",
        "JPN",
        "KOR",
        "AUS",
        "NZL",
        "RUS",
        "KAZ",
        "ARM",
        "BLR",
        "CHN",
        "PRK",
    ]
    rows = []
    for on in ("1960-01-01", "2001-09-12", "2024-06-01"):
        m = obligation_matrix(kb, states, day(on))
        rows.append(f"{on}  " + " ".join(f"{s:>3}" for s in states))
        for i, victim in enumerate(states):
            cells = " ".join(f"{'.-?+'[m.verdict[i, j] + 1]:>3}" for j in range(len(states)))
            rows.append(f"{victim:>10}  {cells}  {sorted({t for ts in m.treaties[i] for t in ts})}")
    for options in ({"theatre": "outside_area"}, {"requested": True}, {"state_of_war": True}):
        m = obligation_matrix(kb, states, day("2024-06-01"), **options)
        assert (m.on, m.theatre) == (day("2024-06-01"), options.get("theatre", "home"))
        rows.append(f"2024-06-01 {options}: " + "".join(".-?+"[v + 1] for v in m.verdict.ravel()))
    check_golden("obligation_matrix.txt", "\n".join(rows) + "\n")


SITUATION = Situation("FRA", "DEU", day("2020-01-01"))
CONDITION_CASES = [
    ({"kind": "geographic", "text": "t", "area": "A"}, {}),
    ({"kind": "geographic", "text": "t"}, {}),
    ({"kind": "geographic", "text": "t", "area": "A", "inside": ["FRA"]}, {}),
    ({"kind": "geographic", "text": "t", "area": "A", "partly_inside": ["FRA"]}, {}),
    ({"kind": "geographic", "text": "t", "area": "A", "inside": ["ITA"]}, {}),
    ({"kind": "geographic", "text": "t", "area": "A", "inside": ["ITA"]}, {"theatre": "in_area"}),
    ({"kind": "geographic", "text": "t", "area": "A", "inside": ["FRA"]}, {"theatre": "outside_area"}),
    ({"kind": "geographic", "text": "t", "area": "A", "inside": ["FRA"]}, {"theatre": "unknown"}),
    ({"kind": "victim_request", "text": "t"}, {}),
    ({"kind": "victim_request", "text": "t"}, {"requested": True}),
    ({"kind": "victim_request", "text": "t"}, {"requested": False}),
    ({"kind": "state_of_war", "text": "t"}, {}),
    ({"kind": "state_of_war", "text": "t"}, {"state_of_war": True}),
    ({"kind": "state_of_war", "text": "t"}, {"state_of_war": False}),
    ({"kind": "named_adversary", "text": "t", "adversaries": ["DEU"]}, {}),
    ({"kind": "named_adversary", "text": "t", "adversaries": ["ITA"]}, {}),
    ({"kind": "named_adversary", "text": "t"}, {}),
    ({"kind": "named_adversary", "text": "t", "adversaries": ["DEU"]}, {"aggressor": None}),
    ({"kind": "constitutional_processes", "text": "t"}, {}),
    ({"kind": "un_charter_51", "text": "t"}, {}),
]


def test_every_condition_branch_answers_with_its_reason():
    from dataclasses import replace

    out = []
    for raw, change in CONDITION_CASES:
        c = check_condition(Condition.model_validate(raw), replace(SITUATION, **change))
        out.append(f"{json.dumps(raw)} {json.dumps(change)} -> {c.met.as_json()!r}: {c.why}")
    check_golden("conditions.txt", "\n".join(out) + "\n")


def test_dataset_importers_produce_these_treaties():
    treaties = load_atop(FIX / "atop5_1a.csv", FIX / "atop5_1m.csv") + load_cow(
        FIX / "alliance_v4.1_by_member.csv"
    )
    dumped = [t.model_dump(mode="json") for t in treaties]
    check_golden("datasets_import.json", json.dumps(dumped, indent=1, ensure_ascii=False) + "\n")


def test_every_loader_message_of_the_corpus():
    out = []
    for path in sorted((FIX / "bad_treaties").glob("*.yaml")):
        with pytest.raises(TreatyFileError) as exc:
            load_treaty_file(path)
        out.append(str(exc.value).replace(str(path), path.name))
    check_golden("loader_errors.txt", "\n".join(out) + "\n")


def test_fuzzy_dates_print_and_bound_as_given():
    out = [f"{d} {d.precision.value} {d.earliest} {d.latest}" for d in
           (FuzzyDate.parse(x) for x in ("1999", "2000-02", "2000-02-29", "0001", "9999-12"))]  # fmt: skip
    check_golden("dates.txt", "\n".join(out) + "\n")


def test_knowledge_base_errors_name_every_bad_file(tmp_path, kb):
    from foedus.kb.base import KnowledgeBase, TreatyFilesError, UnknownTreatyError

    good = (FIX / "good_treaty.yaml").read_text()
    files = {
        "a.yaml": (FIX / "bad_treaties" / "huge_year.yaml").read_text(),
        "b.yaml": good,
        "c.yaml": good,  # the same id again
        "d.yaml": good.replace("id: TEST", "id: OTHER\nbuilt_on: NOPE"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(TreatyFilesError) as exc:
        KnowledgeBase.from_files(sorted(tmp_path.iterdir()))
    err = exc.value
    lines = [str(err).replace(str(tmp_path), "<tmp>"), f"first path: {Path(err.path).name}"]
    lines += [str(p).replace(str(tmp_path), "<tmp>") for p in err.problems]
    for text in ("NATOO", "zzzzzzzz", "warsaw pact"):
        try:
            lines.append(f"{text}: {kb.treaty(text).id}")
        except UnknownTreatyError as e:
            lines.append(f"{text}: {e} {e.suggestions} {e.text!r}")
    check_golden("kb_errors.txt", "\n".join(lines) + "\n")


def _variants(text: str, changes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, text) for each single change of a fixture's text (first occurrence)."""
    return [(f"{old!r} -> {new!r}", text.replace(old, new, 1)) for old, new in changes]


def test_dataset_importers_on_edge_values_and_bad_rows(tmp_path):
    cow = (FIX / "alliance_v4.1_by_member.csv").read_text()
    atop_a, atop_m = (FIX / "atop5_1a.csv").read_text(), (FIX / "atop5_1m.csv").read_text()
    out = []
    cow_changes = [
        ("-9,6,1879,31", "1,1,1879,31"),  # first day of the first month
        ("-9,6,1879,31", "31,12,1879,31"),  # last day of the last month
        ("-9,6,1879,31", "-9,13,1879,31"),  # month out of range: the year alone
        ("-9,6,1879,31", "-9,0,1879,31"),
        ("-9,6,1879,31", "0,6,1879,31"),  # day 0: the month alone
        ("-9,6,1879,31", "30,2,1879,31"),  # impossible day
        ("1879,31", "0,31"),  # no year: unknown start
        ("1879,31", "NA,31"),
        ("1879,31", "18x9,31"),  # not a number
        ("version4id,ccode", "version4id,code"),  # a missing column
        ("\ufeff", ""),
    ]
    for label, text in _variants(cow, cow_changes) + [("with a byte-order mark", "\ufeff" + cow)]:
        path = tmp_path / "cow.csv"
        path.write_text(text, encoding="utf-8")
        try:
            treaties = load_cow(path)
            out.append(f"COW {label}: " + json.dumps([t.model_dump(mode="json") for t in treaties][:1]))
        except TreatyFileError as exc:
            out.append(f"COW {label}: {str(exc).replace(str(path), 'cow.csv')}")
    atop_changes = [
        ("3180,2,1949,8,24,0,0,0", "3180,2,1949,8,24,2001,9,12"),  # a member that left
        ("3180,2,1949,8,24", "3180,999,1949,8,24"),  # an unknown COW code
        (
            "3180,,1949,8,24,0,0,0,1,0,1,0,0,0,1,1,0,1,1,0,0,1,0",
            "3180,,1949,8,24,0,0,0,1,0,1,0,0,0,1,1,0,1,1,0,0,0,1",
        ),
        ("3180,,1949,8,24,0,0,0,1,0,1", "3180,,1949,8,24,0,0,0,1,0,0"),  # no defence provision
    ]
    for label, text in _variants(atop_m, atop_changes[:2]) + [("alliance file", atop_a)]:
        a, m = tmp_path / "a.csv", tmp_path / "m.csv"
        a.write_text(atop_a)
        m.write_text(text if label != "alliance file" else atop_m)
        out.append(
            f"ATOP members {label}: " + json.dumps([t.model_dump(mode="json") for t in load_atop(a, m)][:1])
        )
    for label, text in _variants(atop_a, atop_changes[2:]):
        a, m = tmp_path / "a.csv", tmp_path / "m.csv"
        a.write_text(text)
        m.write_text(atop_m)
        out.append(
            f"ATOP alliances {label}: " + json.dumps([t.model_dump(mode="json") for t in load_atop(a, m)][:1])
        )
    check_golden("datasets_edges.txt", "\n".join(out) + "\n")
