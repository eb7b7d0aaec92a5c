"""The hard cases journalists and researchers ask about: each gives the right answer, with its reason,
confidence and sources."""

from foedus.kb.dates import Tri
from foedus.kb.queries import cite, fact_summary, facts, history, members
from foedus.law.audit import exclusivity_audit
from foedus.law.explain import explain_assessment
from foedus.law.obligations import obligations
from tests.conftest import day


def rows(a, treaty):
    return {o.state: o for o in a.obligations if o.treaty == treaty}


def test_seato_us_understanding_limits_art4_1_to_communist_aggression(kb):
    india = rows(obligations(kb, "PAK", "IND", day("1971-12-05")), "SEATO")
    assert india["USA"].kind == "consultation" and "IND is not a named adversary" in " ".join(
        india["USA"].reasons
    )
    assert india["FRA"].obliged is Tri.TRUE and india["FRA"].article == "Art. IV(1)"  # no such understanding
    vietnam = rows(obligations(kb, "THA", "VDR", day("1965-06-01")), "SEATO")
    assert vietnam["USA"].obliged is Tri.TRUE and vietnam["USA"].article == "Art. IV(1)"
    assert vietnam["USA"].confidence == "unverified"  # the in-force day no source confirms
    assert any(
        "G_SEATO" in {k for k, _, _ in c.sources}
        for c in facts(kb, treaty="SEATO")
        if "understanding" in c.fact
    )


def test_seato_phase_out_decision_is_coded(kb):
    event = [c for c in facts(kb, treaty="SEATO") if c.fact == "SEATO event"]
    assert event and event[0].value.startswith("1975-09-24")


def test_rio_never_requires_armed_force_without_consent(kb):
    us = rows(obligations(kb, "ARG", "GBR", day("1982-05-01")), "RIO")["USA"]
    assert us.obliged is Tri.TRUE and us.kind == "assist_force_by_consent"
    assert any("defend the aggressor GBR" in f for f in us.flags)  # and NATO binds it to the UK


def test_arab_league_kuwait_1990_and_egypt_suspended(kb):
    a = obligations(kb, "KWT", "IRQ", day("1990-08-02"))
    arab = rows(a, "ARAB_JDT")
    assert {s for s, o in arab.items() if o.obliged is Tri.TRUE} == {"EGY", "JOR", "LBN", "SYR", "YEM", "SAU"}
    assert "aggressor_is_party" in arab["IRQ"].flags
    assert any("ARAB_JDT is knowingly incomplete" in n for n in a.notes)
    assert arab["EGY"].confidence == "unverified"  # readmitted in 1989: the month is not sourced
    egypt = rows(obligations(kb, "IRQ", None, day("1981-06-01")), "ARAB_JDT")["EGY"]
    assert egypt.obliged is Tri.FALSE and "suspended" in egypt.reasons[0]


def test_an_incomplete_treaty_says_so_even_when_the_victim_is_not_coded(kb):
    a = obligations(kb, "ARE", "IRN", day("1992-04-01"))  # the UAE's accession is not coded
    assert not rows(a, "ARAB_JDT")
    assert any("knowingly incomplete" in n for n in a.notes)
    assert any("knowingly incomplete" in line for line in explain_assessment(a))


def test_cis_turkmenistan_associate_ukraine_never_a_charter_member_georgia_left(kb):
    cis = {r.state: r.status for r in members(kb, "CIS", day("2010-01-01"))}
    assert cis["TKM"] == "associate" and cis["UKR"] == "contested" and cis["GEO"] == "withdrawn"
    assert {r.state: r.status for r in members(kb, "CIS", day("2005-01-01"))}["TKM"] == "member"
    assert {r.state: r.status for r in members(kb, "CIS", day("2009-08-17"))}["GEO"] == "member"
    ukr = [r for r in history(kb, "UKR") if r.treaty == "CIS"]
    assert [r.status for r in ukr] == ["member", "contested"] and "Charter" in ukr[1].how


def test_eu_neutrality_clause_and_denmarks_opt_out(kb):
    eu = rows(obligations(kb, "FRA", None, day("2015-11-17")), "EU")
    assert eu["AUT"].kind == "aid_within_own_policy" and eu["IRL"].kind == "aid_within_own_policy"
    assert eu["AUT"].confidence == "unverified"  # the clause names no state
    assert eu["DEU"].kind == "aid_and_assistance"
    assert eu["DNK"].participation == "opt_out" and eu["DNK"].obliged is Tri.TRUE
    later = rows(obligations(kb, "FRA", None, day("2024-06-01")), "EU")
    assert later["FIN"].kind == "aid_and_assistance" and later["SWE"].kind == "aid_and_assistance"
    assert later["DNK"].participation == "full"


def test_us_roc_treaty_until_1980(kb):
    roc = rows(obligations(kb, "TWN", "CHN", day("1958-08-23")), "US_ROC")
    assert roc["USA"].obliged is Tri.TRUE and roc["USA"].article == "Art. V"
    mainland = rows(obligations(kb, "USA", None, day("1958-08-23")), "US_ROC")["TWN"]
    assert mainland.kind == "consultation"  # Art. VI: the US mainland is not a treaty territory
    assert not rows(obligations(kb, "TWN", "CHN", day("1980-06-01")), "US_ROC")


def test_prc_dprk_treaty_needs_a_state_of_war(kb):
    war = obligations(kb, "PRK", "KOR", day("2017-01-01"), state_of_war=True)
    assert rows(war, "PRC_DPRK")["CHN"].obliged is Tri.TRUE
    assert rows(obligations(kb, "PRK", "KOR", day("2017-01-01")), "PRC_DPRK")["CHN"].obliged is Tri.UNKNOWN


def test_non_conflict_clauses_are_coded_and_read_narrowly(kb):
    for tid, article in (("NATO", "Art. 8"), ("WARSAW", "Art. 7")):
        clause = [p for p in kb.treaty(tid).provisions if p.type.value == "exclusivity"]
        assert [(p.article, p.reading) for p in clause] == [(article, "in_conflict_with_treaty")]
    found = exclusivity_audit(kb, day("1960-01-01"))
    assert not [f for f in found if f.treaty in ("NATO", "WARSAW")]  # SEATO, ANZUS... are no conflict
    assert {f.treaty for f in exclusivity_audit(kb, day("2025-06-01"))} >= {"CST", "PRC_DPRK", "RUS_PRK"}


def test_smaller_errors(kb):
    afghan = [r for r in members(kb, "CSTO", day("2023-01-01")) if r.state == "AFG"]
    assert not afghan  # the House of the People ceased to exist in 2021
    cento = kb.treaty("CENTO").provisions[0]
    assert cento.type.value == "cooperation"  # not an ATOP consultation obligation
    assert any(
        "no defence or consultation provision" in n
        for n in obligations(kb, "TUR", None, day("1970-01-01")).notes
    )
    srb = cite(kb, "CSTO.SRB")[0].fact
    assert srb == "CSTO National Assembly of Serbia (SRB) observer of the CSTO Parliamentary Assembly"


def test_fact_summary_counts_sources_by_kind_and_lists_what_lacks_a_primary_source(kb):
    s = fact_summary(kb)
    assert set(s.sources_by_kind) == {"treaty_text", "official", "scholarly", "press", "mirror"}
    assert sum(s.facts_by_confidence.values()) == sum(s.facts_by_best_source.values()) == len(facts(kb))
    assert s.sources_by_kind["treaty_text"] >= 10
    # A fact on a treaty text is never listed; an unverified one never needs to be.
    assert not any(line.startswith("NATO art5") for line in s.unsupported)
    assert not any("AFG" in line for line in s.unsupported)


def test_the_atop_style_coding_has_a_confidence_of_its_own(kb):
    from pathlib import Path

    from foedus.kb.datasets import load_atop

    nato = rows(obligations(kb, "DEU", None, day("2010-01-01")), "NATO")["USA"]
    assert nato.coding_confidence == "unverified"  # our reading, not checked against ATOP
    assert nato.confidence == "conflicting"  # the victim's own accession day (6 or 9 May 1955)
    fix = Path(__file__).parents[1] / "fixtures"
    atop = kb.with_treaties(load_atop(fix / "atop5_1a.csv", fix / "atop5_1m.csv"))
    row = next(
        o for o in obligations(atop, "USA", None, day("2001-09-12")).obligations if o.treaty == "ATOP3180"
    )
    assert row.coding_confidence == "verified"  # ATOP's own coding


def test_every_assistance_kind_reads_as_a_sentence():
    from foedus.kb.schema import Assistance
    from foedus.law.explain import _KIND

    assert set(_KIND) == {a.value for a in Assistance}
