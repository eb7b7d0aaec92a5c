"""ATOP and COW loaders, on small fixtures written in those formats."""

from pathlib import Path

import pytest

from foedus.kb.base import bundled
from foedus.kb.datasets import load_atop, load_cow
from foedus.kb.dates import Tri
from foedus.kb.loader import TreatyFileError
from foedus.kb.queries import members
from foedus.law.audit import exclusivity_audit
from foedus.law.obligations import obligations
from tests.conftest import day

FIX = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def atop():
    return {t.id: t for t in load_atop(FIX / "atop5_1a.csv", FIX / "atop5_1m.csv")}


def test_atop_members_phases_and_provisions(atop):
    nato = atop["ATOP3180"]
    assert {m.state for m in nato.memberships} == {"USA", "GBR", "FRA"}
    assert {p.type.value for p in nato.provisions} == {"defense", "consultation"}
    assert nato.provisions[0].conditions[0].kind.value == "geographic"
    aze = next(m for m in atop["ATOP9001"].memberships if m.state == "AZE")
    assert str(aze.phases[0].end) == "1999-04-20"


def test_atop_zero_month_and_unknown_ccode_are_kept_honestly(atop):
    t = atop["ATOP9002"]
    assert str(t.in_force.date) == "1990" and str(t.ended.date) == "1995-06"
    assert any(m.entity == "COW ccode 999" for m in t.memberships)


def test_atop_treaties_work_with_queries_and_law(atop):
    kb = bundled().with_treaties(atop.values())
    assert {r.state for r in members(kb, "ATOP9001", day("1995-01-01"))} == {"RUS", "ARM", "AZE"}
    a = obligations(kb, "USA", None, day("2001-09-12"))
    row = next(o for o in a.obligations if o.treaty == "ATOP3180" and o.state == "FRA")
    assert row.obliged is Tri.UNKNOWN  # defcoloc: the area is not coded, so the answer is unknown
    found = exclusivity_audit(kb, day("2016-01-01"))
    assert any(f.treaty == "ATOP9001" and f.state == "RUS" and f.verdict == "breach" for f in found)


def test_cow_by_member(tmp_path):
    treaties = {t.id: t for t in load_cow(FIX / "alliance_v4.1_by_member.csv")}
    one = treaties["COW1"]
    assert str(one.memberships[0].phases[0].start) == "1879-06"  # day -9 stays unknown
    two = treaties["COW2"]
    assert two.ended is None  # right-censored: still in force in 2012
    assert str(next(m for m in two.memberships if m.state == "DEU").phases[0].start) == "1955-05-06"


def test_loader_names_missing_columns_and_bad_values(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("version4id,ccode\n1,2\n")
    with pytest.raises(TreatyFileError, match="missing columns"):
        load_cow(bad)
    text = (FIX / "alliance_v4.1_by_member.csv").read_text().replace("1879,31", "18x9,31", 1)
    bad.write_text(text)
    with pytest.raises(TreatyFileError) as exc:
        load_cow(bad)
    assert exc.value.problems[0].line == 2
