"""The alliance layer on GeoSim: each test checks the rule in its name on small busy worlds."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from foedus.models.geosim.model import GeoSim
from foedus.sim.alliances import decay, raise_towards_one
from foedus.sim.conformance import same_tables

MODEL = GeoSim()
SMALL = dict(nx=24, ny=24, initPolarity=60, initPeriod=100, duration=1500, pAttack=0.05)
NEUTRAL = dict(honor_power_shift=1.0, honor_regime_change=1.0, honor_outside_alliance=1.0)
BLOC = dict(alliance_setup="bloc", alliance_size=8, aggressor="largest", **NEUTRAL)
ROLE_MEMBER, ROLE_OBSERVER, ROLE_FROZEN, ROLE_AGGRESSOR = 1, 2, 3, 4


def run(seed=1, **over):
    return MODEL.run(MODEL.params({**SMALL, **over}), seed=seed)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alliances_that_never_help_leave_plain_geosim_unchanged_bit_for_bit(seed):
    plain = run(seed)
    idle = run(seed, alliance_setup="bloc", alliance_size=8, alliance_blocs=2, p_honor=0.0)
    for table in ("series", "territory", "final_states"):
        for col, values in plain.tables[table].items():
            assert np.array_equal(values, idle.tables[table][col]), (table, col)
    assert np.array_equal(plain.severities, idle.severities)
    assert len(idle.tables["cohort"]["state"]) == plain.states[SMALL["initPeriod"]]


def test_with_p_honor_one_every_obliged_member_bordering_the_aggressor_joins():
    honoured = 0
    for seed in range(1, 6):
        r = run(seed, **BLOC, p_honor=1.0)
        wars = r.tables["wars"]
        assert np.all(wars["abandoned"] == 0) and np.all(wars["entrapped"] == 0)
        assert np.all(r.tables["cohort"]["abandoned"] == 0)
        honoured += int(wars["honoured"].sum())
    assert honoured > 0  # the rule was exercised


def test_an_observer_never_honours():
    answers = {ROLE_MEMBER: 0, ROLE_OBSERVER: 0}
    for seed in range(1, 5):
        r = run(seed, **BLOC, alliance_observers=6, p_honor=1.0)
        c = r.tables["cohort"]
        assert np.any(c["role"] == ROLE_OBSERVER)
        for role in answers:
            answers[role] += int((c["honoured"] + c["abandoned"])[c["role"] == role].sum())
    assert answers[ROLE_OBSERVER] == 0 and answers[ROLE_MEMBER] > 0


@pytest.mark.parametrize("switch,counted", [("excluded", False), ("counted", True)])
def test_frozen_members_answer_only_when_the_switch_counts_them(switch, counted):
    total = 0
    for seed in range(1, 5):
        r = run(seed, **BLOC, alliance_frozen=4, switch_frozen=switch, p_honor=1.0)
        c = r.tables["cohort"]
        total += int((c["honoured"] + c["abandoned"])[c["role"] == ROLE_FROZEN].sum())
    assert (total > 0) == counted


def test_exclusivity_is_never_violated():
    for seed in range(1, 4):
        r = run(seed, **{**BLOC, "alliance_blocs": 4, "alliance_size": 10, "switch_bloc_members": "random"})
        bits = r.tables["cohort"]["alliances"]
        assert max(bin(int(b)).count("1") for b in bits) <= 1
        assert bits[r.tables["cohort"]["role"] == ROLE_AGGRESSOR].sum() == 0
    overlapping = run(
        1, **{**BLOC, "alliance_blocs": 4, "alliance_size": 20, "switch_exclusivity": "not_against_a_party"}
    )
    bits = overlapping.tables["cohort"]["alliances"]
    assert max(bin(int(b)).count("1") for b in bits) > 1  # the other reading allows overlaps
    assert bits[overlapping.tables["cohort"]["role"] == ROLE_AGGRESSOR].sum() == 0


def test_the_answers_of_obliged_members_add_up_in_every_war():
    entrapped = 0
    for seed in range(1, 5):
        for posture in ("geosim", "buck_pass", "chain_gang"):
            r = run(seed, **BLOC, switch_provision="unconditional", p_honor=0.5, member_strategy=posture)
            w = r.tables["wars"]
            assert np.array_equal(w["obliged"], w["honoured"] + w["abandoned"] + w["entrapped"])
            entrapped += int(w["entrapped"].sum())
    assert entrapped > 0  # unconditional treaties drag members into wars their allies start


def test_chain_gangers_never_abandon_and_buck_passers_abandon_most():
    abandoned = {}
    for posture in ("chain_gang", "buck_pass"):
        total = [0, 0]
        for seed in range(1, 6):
            w = run(seed, **BLOC, p_honor=0.9, member_strategy=posture).tables["wars"]
            total[0] += int(w["abandoned"].sum())
            total[1] += int(w["obliged"].sum())
        abandoned[posture] = total[0] / max(total[1], 1)
    assert abandoned["chain_gang"] == 0 and abandoned["buck_pass"] > abandoned["chain_gang"]


CG = dict(democracy_share=0.4, alliance_setup="democracies", p_honor=0.5, propMobile=0.9)


def test_democracies_never_attack_democracies_under_the_hard_rule():
    for seed in range(1, 4):
        assert run(seed, **CG).extras["dem_attacks"] == 0
    soft = sum(
        run(seed, **CG, switch_democratic_peace="reduced", dem_peace_factor=1.0).extras["dem_attacks"]
        for seed in range(1, 4)
    )
    assert soft > 0  # the counter sees such attacks when the rule allows them


def test_regime_change_moves_regimes_and_democratic_share_is_measured():
    r = run(2, **CG, regime_change=True, rc_base=0.05, rc_midpoint=0.3, rc_slope=10.0)
    s = r.summary()
    assert 0.0 <= s["dem_share"] <= 1.0 and s["morans_i"] is None or -1.0 <= s["morans_i"] <= 1.0
    start = r.tables["cohort"]["regime"].mean()
    assert start == pytest.approx(0.4, abs=0.02)


def test_alliance_runs_are_reproducible_and_use_both_streams():
    over = {**BLOC, "p_honor": 0.5, "exercise_every": 50, "wedge_every": 100, "wedge_counter": 0.05}
    a, b = run(7, **over), run(7, **over)
    assert same_tables(a, b)
    assert not same_tables(a, run(8, **over))


@given(st.floats(0, 1), st.integers(1, 10_000))
def test_decaying_effects_stay_in_the_unit_interval_and_halve_each_half_life(x, half_life):
    y = x
    for _ in range(half_life):
        y = decay(y, half_life)
        assert 0.0 <= y <= 1.0
    assert y == pytest.approx(x / 2, rel=1e-6, abs=1e-12)


@given(st.floats(0, 1), st.floats(0, 1))
def test_exercise_gains_stay_in_the_unit_interval(x, gain):
    y = raise_towards_one(x, gain)
    assert max(x, gain) - 1e-12 <= y <= 1.0


def test_wedge_offers_lower_the_targets_reliability_and_a_counter_offer_restores_it():
    base = {**BLOC, "p_honor": 0.8, "wedge_every": 25, "wedge_effect": 1.0}
    honoured = {}
    for label, over in (("none", {"wedge_every": 0}), ("wedge", {}), ("countered", {"wedge_counter": 1.0})):
        total = [0, 0]
        for seed in range(1, 7):
            w = run(seed, **{**base, **over}).tables["wars"]
            total[0] += int(w["honoured"].sum())
            total[1] += int(w["obliged"].sum())
        honoured[label] = total[0] / max(total[1], 1)
    assert honoured["wedge"] < honoured["none"]
    assert honoured["countered"] > honoured["wedge"]


def test_golden_seeded_alliance_runs():
    """Two seeded runs with every part of the layer on, stored: any change in their history is
    a change of the model and must be deliberate (FOEDUS_UPDATE_GOLDEN=1 rewrites the file)."""
    import json
    import os
    from pathlib import Path

    configurations = {
        "bloc_wedges_exercises": dict(
            BLOC, aggressor_strategy="divide_and_conquer", p_honor=0.66, wedge_every=100,
            exercise_every=80, alliance_observers=2, alliance_frozen=2,
        ),
        "democracies_regime_change": dict(
            democracy_share=0.2, regime_change=True, rc_base=0.01, alliance_setup="democracies"
        ),
    }  # fmt: skip
    got = {}
    for name, over in configurations.items():
        r = run(2004, **over)
        wars, cohort = r.tables["wars"], r.tables["cohort"]
        got[name] = {
            "states_every_100": r.states[::100].tolist(),
            "wars": len(wars["war"]),
            "answers": {c: int(wars[c].sum()) for c in ("obliged", "honoured", "abandoned", "entrapped")},
            "cohort_died": sorted(int(t) for t in cohort["died_t"]),
            "democratic_cells": r.tables["series"]["democratic"][::250].tolist(),
        }
    path = Path(__file__).parent.parent / "golden" / "geosim_alliances_seed2004.json"
    if os.environ.get("FOEDUS_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=1) + "\n")
    assert got == json.loads(path.read_text())
