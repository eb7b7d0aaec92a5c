"""The casus-foederis engine on historical cases and on constructed treaties."""

from foedus.kb.base import KnowledgeBase, bundled
from foedus.kb.dates import Tri
from foedus.law.audit import exclusivity_audit
from foedus.law.explain import explain_assessment
from foedus.law.obligations import obligations
from tests.conftest import day
from tests.helpers import DEFENCE, make_treaty


def rows(a, treaty):
    return {o.state: o for o in a.obligations if o.treaty == treaty}


def test_nato_2001_united_states_victim(kb):
    a = obligations(kb, "USA", None, day("2001-09-12"))
    nato = rows(a, "NATO")
    assert len(nato) == 18  # the other 18 allies of 2001
    assert all(o.obliged is Tri.TRUE and o.article == "Art. 5" for o in nato.values())
    assert nato["FRA"].status == "member" and nato["FRA"].participation == "outside_integrated_command"
    assert "still bound" in nato["FRA"].reasons[0]
    assert nato["GBR"].kind == "as_deemed_necessary"
    # Japan's Art. V covers only territories under Japanese administration.
    assert rows(a, "US_JAPAN")["JPN"].obliged is Tri.FALSE


def test_csto_2022_kazakhstan_request(kb):
    a = obligations(kb, "KAZ", None, day("2022-01-06"), requested=True)
    cst = rows(a, "CST")
    assert {s for s, o in cst.items() if o.obliged is Tri.TRUE} == {"ARM", "BLR", "KGZ", "RUS", "TJK"}
    assert cst["UZB"].obliged is Tri.FALSE and cst["UZB"].status == "suspended"
    assert cst["RUS"].provision == "art4_2010"
    without = rows(obligations(kb, "KAZ", None, day("2022-01-06")), "CST")
    assert without["RUS"].obliged is Tri.UNKNOWN  # the 2010 wording needs the victim's request


def test_csto_september_2022_armenia_obligation_on_paper(kb):
    a = obligations(kb, "ARM", "AZE", day("2022-09-13"), requested=True)
    cst = rows(a, "CST")
    assert {s for s, o in cst.items() if o.obliged is Tri.TRUE} == {"BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert cst["AZE"].obliged is Tri.FALSE and "aggressor" in cst["AZE"].reasons[0]


def test_cst_1995_intra_alliance_conflict(kb):
    a = obligations(kb, "ARM", "AZE", day("1995-06-01"))
    cst = rows(a, "CST")
    assert len(cst) == 8
    assert all(o.obliged is Tri.TRUE for s, o in cst.items() if s != "AZE")  # 1992 text: no request needed
    assert any("conflict" in f for f in cst["RUS"].flags)
    assert any("intra-alliance" in f for f in cst["RUS"].flags)


def test_armenia_frozen_stays_bound_de_jure_and_the_answer_says_it_is_inactive(kb):
    a = obligations(kb, "ARM", "AZE", day("2024-06-01"), requested=True)
    active = {"BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert all(o.obliged is Tri.TRUE for s, o in rows(a, "CST").items() if s in active)
    assert any("participation in CST: frozen; it remains a party" in n for n in a.notes)
    arm = rows(obligations(kb, "RUS", None, day("2024-06-01"), requested=True), "CST")["ARM"]
    assert arm.obliged is Tri.TRUE and arm.participation == "frozen" and "participation_frozen" in arm.flags
    assert "inactive de facto" in " ".join(arm.reasons)


def test_france_never_left_the_treaty_only_its_command_change_is_imprecise(kb):
    for on in ("1966-07-15", "2009-04-02"):
        fra = rows(obligations(kb, "DEU", None, day(on)), "NATO")["FRA"]
        assert fra.obliged is Tri.TRUE and fra.status == "member"
        assert fra.participation == "outside_integrated_command (uncertain)"
        assert not any("membership" in r and "uncertain" in r for r in fra.reasons)


def test_anzus_art5_covers_the_us_mainland_and_records_australias_invocation(kb):
    a = obligations(kb, "USA", None, day("2001-09-12"))
    assert rows(a, "ANZUS")["AUS"].obliged is Tri.TRUE  # metropolitan territory counts (Art. V)
    assert not a.invocations or all(i["treaty"] != "ANZUS" for i in a.invocations)
    b = obligations(kb, "USA", None, day("2001-09-14"))
    assert [(i["treaty"], i["by"]) for i in b.invocations if i["treaty"] == "ANZUS"] == [("ANZUS", ["AUS"])]


def test_anzus_inoperative_between_new_zealand_and_the_us_both_ways(kb):
    us = rows(obligations(kb, "USA", None, day("2001-09-12"), theatre="in_area"), "ANZUS")
    assert us["NZL"].obliged is Tri.FALSE and "suspended" in " ".join(us["NZL"].reasons)
    nz = rows(obligations(kb, "NZL", None, day("2001-09-12"), theatre="in_area"), "ANZUS")
    assert nz["USA"].obliged is Tri.FALSE and nz["AUS"].obliged is Tri.TRUE


def test_a_state_cannot_attack_itself(kb):
    import pytest

    from foedus.errors import InputError

    with pytest.raises(InputError, match="both EST"):
        obligations(kb, "EST", "EST", day("2020-01-01"))


def test_a_former_party_attacking_is_not_flagged_as_a_party(kb):
    cst = rows(obligations(kb, "ARM", "AZE", day("2022-09-13"), requested=True), "CST")
    assert "aggressor_is_party" not in cst["AZE"].flags and "withdrawn" in cst["AZE"].reasons[0]
    cst95 = rows(obligations(kb, "ARM", "AZE", day("1995-06-01")), "CST")
    assert "aggressor_is_party" in cst95["AZE"].flags


def test_a_treaty_not_yet_in_force_says_so_not_uncertain(kb):
    prk = rows(obligations(kb, "RUS", None, day("2024-08-06")), "RUS_PRK")["PRK"]
    assert prk.obliged is Tri.FALSE
    assert any("not in force on 2024-08-06" in r for r in prk.reasons)
    assert not any("uncertain" in r for r in prk.reasons)


def test_every_answer_states_its_theatre_and_that_days_invocations(kb):
    a = obligations(kb, "TUR", None, day("2020-02-28"))
    assert a.assumptions[0].startswith("theatre: home")
    assert [(i["treaty"], i["article"]) for i in a.invocations] == [("NATO", "Art. 4")]
    lines = explain_assessment(a)
    assert any(line.startswith("  assumed: theatre: home") for line in lines)
    assert any("TUR invoked NATO Art. 4" in line for line in lines)
    out = rows(obligations(kb, "TUR", None, day("2020-02-28"), theatre="outside_area"), "NATO")
    assert out["USA"].kind == "consultation"  # Idlib is outside the Art. 6 area: Art. 4 only


def test_a_condition_the_engine_does_not_handle_raises_not_passes():
    import pytest

    from foedus.kb.schema import Condition
    from foedus.law.obligations import Situation, check_condition

    odd = Condition.model_construct(kind="moon_phase", text="only at full moon")
    with pytest.raises(NotImplementedError, match="moon_phase"):
        check_condition(odd, Situation("FRA", None, day("2020-01-01")))


def test_anzus_us_suspension_towards_new_zealand(kb):
    a = obligations(kb, "NZL", None, day("1990-01-01"))
    anzus = rows(a, "ANZUS")
    assert anzus["USA"].obliged is Tri.FALSE and "suspended" in anzus["USA"].reasons[-1]
    assert anzus["AUS"].obliged is Tri.TRUE
    assert rows(obligations(kb, "NZL", None, day("1980-01-01")), "ANZUS")["USA"].obliged is Tri.TRUE


def test_geography_and_theatre(kb):
    inside = rows(obligations(kb, "DEU", None, day("2010-01-01")), "NATO")
    assert inside["USA"].obliged is Tri.TRUE
    outside = rows(obligations(kb, "DEU", None, day("2010-01-01"), theatre="outside_area"), "NATO")
    assert outside["USA"].obliged is Tri.TRUE and outside["USA"].kind == "consultation"  # Art. 4 only
    assert rows(obligations(kb, "USA", None, day("2010-01-01")), "US_ROK")["KOR"].obliged is Tri.UNKNOWN


def test_no_obligation_before_in_force_or_after_end(kb):
    a = obligations(kb, "DEU", None, day("1955-01-01"))
    assert not rows(a, "NATO")
    w = obligations(kb, "POL", None, day("1992-01-01"))
    assert not rows(w, "WARSAW") and any("WARSAW" in n for n in w.notes)


def test_explanation_reads_as_sentences(kb):
    lines = explain_assessment(obligations(kb, "TJK", "AFG", day("2016-09-01")))
    assert lines[0].startswith("If Tajikistan is attacked by Afghanistan on 2016-09-01")
    assert any("may have to give assistance, including military assistance (CST Art. 4)" in x for x in lines)
    assert not any("need not give nothing" in x or "has no duty to act" in x and "must" in x for x in lines)


def test_exclusivity_audit_on_constructed_treaties():
    excl_any = {"id": "excl", "type": "exclusivity", "reading": "any"}
    excl_narrow = {"id": "excl", "type": "exclusivity", "reading": "directed_against_parties"}
    blocs = [
        make_treaty("AAA", ["FRA", "DEU", "ITA"], [DEFENCE, excl_any]),
        make_treaty("BBB", ["ITA", "ESP"], [DEFENCE]),
        make_treaty("CCC", ["DEU", "POL", "CZE"], [DEFENCE, excl_narrow]),
        make_treaty(
            "DDD",
            ["CZE", "AUT"],
            [
                {
                    **DEFENCE,
                    "conditions": [
                        {"kind": "named_adversary", "text": "against Poland", "adversaries": ["POL"]}
                    ],
                }
            ],
        ),
        make_treaty("EEE", ["FRA", "BEL"], [DEFENCE], start="1990-01-01", end="1995-01-01"),
    ]
    kb = KnowledgeBase({t.id: t for t in blocs})
    found = {(f.state, f.treaty, f.other_treaty): f for f in exclusivity_audit(kb, day("2010-01-01"))}
    assert found[("ITA", "AAA", "BBB")].verdict == "breach"
    assert found[("DEU", "AAA", "CCC")].verdict == "breach"
    assert found[("CZE", "CCC", "DDD")].verdict == "breach"  # DDD names a fellow party, Poland
    assert found[("DEU", "CCC", "AAA")].verdict == "broad_reading_only"
    assert ("FRA", "AAA", "EEE") not in found  # EEE ended before the date
    broad = exclusivity_audit(kb, day("2010-01-01"), reading="any")
    assert all(f.verdict == "breach" for f in broad)
    assert not exclusivity_audit(kb, day("1999-01-01"))


def test_bundled_audit_has_no_breach_as_coded():
    findings = exclusivity_audit(bundled(), day("2025-06-01"))
    assert findings and all(f.verdict == "broad_reading_only" for f in findings)
    assert {f.other_treaty for f in findings if f.treaty == "CST"} == {"RUS_BLR", "RUS_PRK"}


def test_obligation_matrix_agrees_with_one_victim_queries(kb):
    from foedus.law.matrix import MAYBE, MUST, NO, NONE, obligation_matrix

    states = ["USA", "FRA", "DEU", "TUR", "AUS", "NZL", "JPN", "RUS", "KAZ", "ARM", "CHN"]
    m = obligation_matrix(kb, states, day("2001-09-12"))
    assert m.of("USA", "FRA") == MUST and "NATO" in m.treaties[0][1]
    assert m.of("USA", "AUS") == MUST and m.treaties[0][4] == ("ANZUS",)
    assert m.of("USA", "NZL") == NO  # bound by ANZUS, but not towards the US
    assert m.of("USA", "JPN") == NO  # Art. V covers only territory under Japanese administration
    assert m.of("USA", "CHN") == NONE and m.of("FRA", "FRA") == NONE
    assert m.of("KAZ", "RUS") == MUST  # the 1992 wording of CST Art. 4
    later = obligation_matrix(kb, ["KAZ", "RUS"], day("2016-09-01"))
    assert later.of("KAZ", "RUS") == MAYBE  # the 2010 wording needs the victim's request
    for i, victim in enumerate(states):
        rows = obligations(kb, victim, None, day("2001-09-12")).obligations
        for j, helper in enumerate(states):
            theirs = [r.obliged for r in rows if r.state == helper]
            best = MUST if Tri.TRUE in theirs else MAYBE if Tri.UNKNOWN in theirs else NO if theirs else NONE
            assert m.verdict[i, j] == best, (victim, helper)
