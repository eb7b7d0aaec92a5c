"""Properties that must hold for any generated treaty, interval or date."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from foedus.kb.base import KnowledgeBase
from foedus.kb.dates import FuzzyDate, Tri, holds_during, holds_on
from foedus.kb.schema import Membership
from foedus.law.obligations import obligations
from tests.helpers import DEFENCE, make_treaty

STATES = ["FRA", "DEU", "ITA", "ESP", "POL", "CZE", "AUT", "BEL", "NLD", "PRT"]
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 11, 1))


@st.composite
def pacts(draw):
    start = draw(days)
    length = draw(st.integers(min_value=1, max_value=20000))
    end = start + dt.timedelta(days=length)
    end = None if end > dt.date(2025, 11, 1) or draw(st.booleans()) else end
    members = draw(st.lists(st.sampled_from(STATES), min_size=2, max_size=6, unique=True))
    return (
        make_treaty(
            "PACT", members, [DEFENCE], start=start.isoformat(), end=end.isoformat() if end else None
        ),
        start,
        end,
    )


@settings(max_examples=60, deadline=None)
@given(pacts(), st.data())
def test_no_obligation_outside_a_treaty_validity(pact, data):
    """Members whose phases outlast the treaty on both sides: outside [start, end) every partner is
    listed, none is obliged, and each says the treaty is not in force."""
    treaty, start, end = pact
    early = start - dt.timedelta(days=3000)
    outlasting = make_treaty(
        "PACT", [m.state for m in treaty.memberships], [DEFENCE], start=start.isoformat(),
        end=end.isoformat() if end else None, phases_from=early.isoformat(),
    )  # fmt: skip
    before = st.dates(min_value=early, max_value=start - dt.timedelta(days=1))
    after = st.dates(min_value=end, max_value=dt.date(2025, 11, 1)) if end else before
    on = data.draw(st.one_of(before, after))
    kb = KnowledgeBase({"PACT": outlasting})
    victim = outlasting.memberships[0].state
    rows = obligations(kb, victim, None, on).obligations
    assert len(rows) == len(outlasting.memberships) - 1  # the window is really outside, rows exist
    assert all(r.obliged is Tri.FALSE for r in rows)
    assert all(f"PACT is not in force on {on}" in r.reasons for r in rows)


@settings(max_examples=60, deadline=None)
@given(pacts(), st.data())
def test_mutual_defence_binds_every_pair_of_active_members(pact, data):
    treaty, start, end = pact
    last = (end - dt.timedelta(days=1)) if end else dt.date(2025, 11, 1)
    on = data.draw(st.dates(min_value=start, max_value=max(start, last)))
    kb = KnowledgeBase({treaty.id: treaty})
    codes = [m.state for m in treaty.memberships]
    for victim in codes:
        rows = {r.state: r for r in obligations(kb, victim, None, on).obligations}
        assert set(rows) == set(codes) - {victim}
        assert all(r.obliged is Tri.TRUE for r in rows.values())


@settings(max_examples=100, deadline=None)
@given(days, days, days)
def test_exact_intervals_agree_with_plain_comparison(a, b, d):
    start, end = min(a, b), max(a, b)
    got = holds_on(FuzzyDate.parse(start), FuzzyDate.parse(end), d)
    assert got is Tri.of(start <= d < end)


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2020), st.integers(1, 12), days)
def test_imprecise_dates_are_unknown_only_inside_their_span(year, month, d):
    fuzzy = FuzzyDate(year, month)
    got = fuzzy.on_or_before(d)
    if fuzzy.earliest <= d < fuzzy.latest:
        assert got is Tri.UNKNOWN
    else:
        assert got is Tri.of(fuzzy.latest <= d)


@settings(max_examples=60, deadline=None)
@given(st.lists(days, min_size=2, max_size=6, unique=True))
def test_consecutive_phases_validate_and_overlaps_do_not(cuts):
    cuts = sorted(cuts)
    phases = [
        {"status": "member", "start": a.isoformat(), "end": b.isoformat(), "source": ["S"]}
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]
    Membership.model_validate({"state": "FRA", "phases": phases})
    if len(phases) >= 2:
        phases[1]["start"] = phases[0]["start"]
        phases[1]["end"] = cuts[2].isoformat()
        with pytest.raises(ValidationError):
            Membership.model_validate({"state": "FRA", "phases": phases})


@settings(max_examples=150, deadline=None)
@given(days, days, st.integers(1990, 2010), st.one_of(st.none(), st.integers(1, 12)))
def test_a_month_or_year_holds_if_every_day_does_none_if_no_day_does(a, b, year, month):
    start, end = min(a, b), max(a, b)
    span = FuzzyDate(year, month)
    inside = [
        start <= span.earliest + dt.timedelta(days=k) < end
        for k in range((span.latest - span.earliest).days + 1)
    ]
    got = holds_during(FuzzyDate.parse(start), FuzzyDate.parse(end), span)
    assert got is (Tri.TRUE if all(inside) else Tri.FALSE if not any(inside) else Tri.UNKNOWN)
