"""Questions about a month or a year, and the edges of the knowledge base's coverage."""

import datetime as dt

import pytest

from foedus.kb.base import OutOfCoverageError
from foedus.kb.dates import FuzzyDate, Tri
from foedus.kb.queries import in_force, members
from foedus.kb.states import UnknownStateError, state_for_ccode, suggest_states


def holds(kb, treaty, on, code):
    return {r.state: r for r in members(kb, treaty, on)}.get(code)


def test_a_year_holds_for_members_throughout_and_is_unknown_for_those_who_joined_during_it(kb):
    y1999 = FuzzyDate(1999)
    assert holds(kb, "NATO", y1999, "FRA").holds is Tri.TRUE
    assert holds(kb, "NATO", y1999, "POL").holds is Tri.UNKNOWN  # joined on 12 March 1999
    assert holds(kb, "NATO", FuzzyDate(1999, 3), "POL").holds is Tri.UNKNOWN
    assert holds(kb, "NATO", FuzzyDate(1999, 4), "POL").holds is Tri.TRUE
    assert holds(kb, "NATO", FuzzyDate(1999, 2), "POL") is None  # not yet: no row
    assert holds(kb, "NATO", FuzzyDate(1998), "EST") is None


def test_participation_over_a_month(kb):
    june = holds(kb, "CSTO", FuzzyDate(2012, 6), "UZB")  # froze its participation on 28 June
    assert june.status == "member" and june.participation == "frozen (uncertain)"
    assert holds(kb, "CSTO", FuzzyDate(2012, 9), "UZB").participation == "frozen"
    assert holds(kb, "CSTO", FuzzyDate(2012, 5), "UZB").participation == "full"
    assert holds(kb, "NATO", FuzzyDate(1970), "FRA").participation == "outside_integrated_command"


def test_treaties_in_force_over_a_year(kb):
    found = {t.id: f for t, f in in_force(kb, FuzzyDate(1977))}
    assert found["SEATO"] is Tri.UNKNOWN and found["NATO"] is Tri.TRUE  # SEATO ended on 30 June
    assert "SEATO" not in {t.id for t, _ in in_force(kb, FuzzyDate(1978))}
    assert {t.id: f for t, f in in_force(kb, FuzzyDate(1955))}["WARSAW"] is Tri.UNKNOWN


def test_an_open_membership_over_a_period_past_coverage_is_unknown(kb):
    from foedus.kb.base import KnowledgeBase

    cst = kb.treaty("CST").model_copy(update={"coverage_until": FuzzyDate(2020, 12, 31)})
    short = KnowledgeBase({"CST": cst, "NATO": kb.treaty("NATO")})
    assert holds(short, "CST", FuzzyDate(2020), "RUS").holds is Tri.TRUE
    assert holds(short, "CST", FuzzyDate(2021), "RUS").holds is Tri.UNKNOWN


@pytest.mark.parametrize(
    "on", [FuzzyDate(1814), dt.date(1814, 12, 31), FuzzyDate(2025, 12), dt.date(2025, 12, 1)]
)
def test_periods_and_days_outside_coverage_are_refused(kb, on):
    with pytest.raises(OutOfCoverageError, match="1815-01-01 and 2025-11-30"):
        members(kb, "NATO", on)


def test_the_edges_of_coverage_are_inside(kb):
    assert members(kb, "NATO", dt.date(2025, 11, 30))
    assert members(kb, "NATO", FuzzyDate(2025, 11))
    assert not members(kb, "NATO", dt.date(1815, 1, 1))


def test_cow_code_365_switches_on_the_day_the_ussr_dissolved():
    assert state_for_ccode(365, dt.date(1991, 12, 25)).code == "SUN"
    assert state_for_ccode(365, dt.date(1991, 12, 26)).code == "RUS"
    assert state_for_ccode(365).code == "RUS"
    with pytest.raises(UnknownStateError, match="COW ccode 999"):
        state_for_ccode(999)


def test_state_suggestions_are_few_distinct_and_named():
    found = suggest_states("Tajikistn")
    assert found[0] == "TJK (Tajikistan)" and len(found) <= 3 and len(set(found)) == len(found)
    assert len(suggest_states("Guinea", n=5)) <= 5
