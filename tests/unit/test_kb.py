"""The bundled knowledge base: its facts and its queries."""

import pytest

from foedus.errors import InputError
from foedus.kb.base import OutOfCoverageError, UnknownTreatyError
from foedus.kb.dates import Tri
from foedus.kb.loader import bundled_treaty_files, load_treaty_file
from foedus.kb.queries import cite, facts, former_members, history, in_force, members, timeline
from foedus.kb.schema import Confidence, Status
from tests.conftest import day


def codes(rows, status=None):
    return sorted(r.state for r in rows if r.state and (status is None or r.status == status))


@pytest.mark.parametrize("path", bundled_treaty_files(), ids=lambda p: p.name)
def test_every_bundled_file_validates_and_every_fact_is_sourced(path):
    treaty = load_treaty_file(path)
    assert treaty.facts()
    for fact in treaty.facts():
        assert fact.source and all(k in treaty.sources for k in fact.source)
        if fact.confidence is Confidence.CONFLICTING:
            assert fact.alternative


def test_required_treaties_are_bundled(kb):
    expected = {
        "CST",
        "CSTO",
        "NATO",
        "WARSAW",
        "SEATO",
        "CENTO",
        "ANZUS",
        "RIO",
        "ARAB_JDT",
        "EU",
        "US_JAPAN",
        "US_ROK",
        "US_PHL",
        "RUS_BLR",
        "RUS_PRK",
        "SCO",
        "CIS",
    }
    assert expected <= set(kb.treaties)
    assert not kb.treaties["SCO"].defence_pact and not kb.treaties["CIS"].defence_pact


def test_csto_2016_matches_the_seed_article(kb):
    rows = members(kb, "CSTO", day("2016-09-01"))
    assert codes(rows, "member") == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    observers = [r for r in rows if r.status == "observer"]
    assert {r.state for r in observers} == {"SRB", "AFG", None}
    assert all(r.body == "CSTO Parliamentary Assembly" for r in observers)
    assert codes(former_members(kb, "CST", day("2016-09-01"))) == ["AZE", "GEO", "UZB"]


def test_collective_security_treaty_had_nine_parties_in_1995_and_six_in_2016(kb):
    assert len(codes(members(kb, "CST", day("1995-01-01")), "member")) == 9
    assert len(codes(members(kb, "CST", day("2016-09-01")), "member")) == 6


def test_nato_has_32_members_after_sweden(kb):
    assert len(codes(members(kb, "NATO", day("2024-03-07")), "member")) == 32
    assert len(codes(members(kb, "NATO", day("2024-03-06")), "member")) == 31
    assert "SWE" not in codes(members(kb, "NATO", day("2024-03-06")))


def test_status_and_participation_are_separate_and_participation_never_makes_standing_uncertain(kb):
    rows = members(kb, "NATO", day("1990-01-01"), Status.MEMBER)
    assert len(codes(rows)) == 16  # France and Greece are members, not a status of their own
    fra = next(r for r in rows if r.state == "FRA")
    assert (fra.status, fra.holds, fra.participation) == ("member", Tri.TRUE, "outside_integrated_command")
    for on in ("1966-07-15", "2009-04-02"):  # inside the imprecise months of France's command change
        fra = next(r for r in members(kb, "NATO", day(on)) if r.state == "FRA")
        assert fra.holds is Tri.TRUE and fra.participation == "outside_integrated_command (uncertain)"
    assert next(r for r in members(kb, "NATO", day("2010-01-01")) if r.state == "FRA").participation == "full"
    grc = next(r for r in members(kb, "NATO", day("1977-01-01")) if r.state == "GRC")
    assert (grc.status, grc.participation) == ("member", "outside_integrated_command")


def test_armenia_frozen_and_uzbek_history(kb):
    csto = members(kb, "CSTO", day("2024-06-01"), Status.MEMBER)
    assert [r.state for r in csto if r.participation == "frozen"] == ["ARM"]
    assert "ARM" in codes(csto)  # still a member de jure
    rows = [(r.status, r.participation, r.since) for r in history(kb, "UZB") if r.treaty == "CST"]
    assert rows == [
        ("signatory", "full", "1992-05-15"),
        ("member", "full", "1994-04-20"),
        ("withdrawn", "full", "1999-04-20"),
        ("member", "full", "2006-08-16"),
        ("member", "frozen", "2012-06-28"),  # its own note: participation, not standing
        ("suspended", "full", "2012-12-19"),  # the Council's decision: standing
    ]
    uzb = next(r for r in members(kb, "CSTO", day("2012-09-01")) if r.state == "UZB")
    assert (uzb.status, uzb.participation) == ("member", "frozen")


def test_imprecise_dates_answer_unknown_not_a_guessed_day(kb):
    india = [r for r in members(kb, "SCO", day("2017-03-01")) if r.state == "IND"]
    assert india and india[0].holds is Tri.UNKNOWN
    assert not [r for r in members(kb, "SCO", day("2016-12-31")) if r.state == "IND"]


def test_after_coverage_open_memberships_are_unknown(kb):
    from foedus.kb.base import KnowledgeBase
    from foedus.kb.dates import FuzzyDate

    cst = kb.treaty("CST").model_copy(update={"coverage_until": FuzzyDate(2020, 12, 31)})
    short = KnowledgeBase({"CST": cst, "NATO": kb.treaty("NATO")})  # NATO keeps the KB open to 2025
    before = members(short, "CST", day("2020-06-01"))
    after = members(short, "CST", day("2023-01-01"))
    assert before and all(r.holds is Tri.TRUE for r in before)
    assert after and all(r.holds is Tri.UNKNOWN for r in after)  # open phases may have ended since
    assert {r.state for r in after} == {r.state for r in before}


def test_out_of_coverage_dates_raise(kb):
    with pytest.raises(OutOfCoverageError):
        members(kb, "NATO", day("1700-01-01"))
    with pytest.raises(OutOfCoverageError):
        members(kb, "NATO", day("2099-01-01"))


def test_treaty_lookup_by_alias_and_suggestions(kb):
    assert kb.treaty("Rio Treaty").id == "RIO"
    assert kb.treaty("warsaw").id == "WARSAW"
    with pytest.raises(UnknownTreatyError) as exc:
        kb.treaty("NATOO")
    assert "NATO" in exc.value.suggestions


def test_in_force_on_a_date(kb):
    ids = {t.id for t, _ in in_force(kb, day("1960-01-01"))}
    assert {"NATO", "WARSAW", "SEATO", "CENTO", "RIO"} <= ids
    assert "CST" not in ids and "EU" not in ids


def test_citations_for_treaty_provision_and_membership(kb):
    art5 = cite(kb, "NATO.art5")
    assert art5[0].sources[0][0] == "N14"
    deu = cite(kb, "NATO.DEU")
    assert deu[0].confidence == "conflicting" and "1955-05-09" in deu[0].alternative
    assert cite(kb, "CSTO")
    with pytest.raises(InputError, match="no provision or member 'XYZ'"):
        cite(kb, "NATO.XYZ")


def test_timeline_is_ordered_whatever_the_order_of_the_file(kb):
    nato = kb.treaty("NATO")
    shuffled = nato.model_copy(update={"memberships": list(reversed(nato.memberships))})
    from foedus.kb.base import KnowledgeBase

    rows = timeline(KnowledgeBase({"NATO": shuffled}), "NATO")
    starts = [r.since for r in rows]
    assert starts == sorted(starts) and starts[0] == "1949-04-04" and starts[-1] == "2024-03-07"
    assert any(r.participation == "outside_integrated_command" for r in rows)


def test_conflicts_are_listed_with_the_alternative(kb):
    conflicts = {c.fact: c for c in facts(kb, "conflicting")}
    assert "4 or 6 Jun 1955" in conflicts["WARSAW POL member"].alternative
    # a disputed date with no treaty text or official source is unverified, the other value kept
    geo = next(c for c in facts(kb, "unverified") if c.fact == "CST GEO signatory")
    assert "1993-09-09" in geo.alternative
    assert "1955-05-09" in conflicts["NATO DEU member"].alternative
    assert "2020-03-30" in conflicts["NATO MKD member"].alternative
    assert all(c.alternative for c in conflicts.values())
    every = facts(kb)
    assert len(every) > 300 and {c.confidence for c in every} == {"verified", "conflicting", "unverified"}
