"""EARTH's rules: the kernel against the reference, conservation, styles, treaties, map worlds."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.errors import ParameterError
from foedus.models.earth import Earth
from foedus.models.earth.hexmap import hex_adjacency
from foedus.models.earth.params import COLLECTIVE_SECURITY, LAISSEZ_FAIRE, EarthParams
from foedus.models.earth.world import MapWorld, WorldFileError, load_world, world_text
from foedus.sim.conformance import same_tables
from tests.helpers import check_golden

MODEL = Earth()


def world(states, borders, alliances=(), aggressor=None, **extra) -> MapWorld:
    """A map world from (code, capability[, style]) tuples, all capitals at one place unless given."""
    rows = []
    for k, s in enumerate(states):
        code, cap, *style = s
        rows.append({"code": code, "name": code, "capability": cap, "lat": 0.0, "lon": k * 0.01,
                     "style": style[0] if style else "realpolitik"})  # fmt: skip
    return MapWorld.model_validate(
        {"name": "test", "states": rows, "borders": [list(b) for b in borders],
         "alliances": list(alliances), "aggressor": aggressor, **extra}
    )  # fmt: skip


def alliance(members, observers=(), **member_extra):
    return {"treaty": "T", "name": "test pact",
            "members": [{"state": m, "status": "member", **member_extra} for m in members],
            "observers": list(observers)}  # fmt: skip


# --- the hexagonal map ---


def test_every_cell_of_the_98_state_torus_has_six_distinct_neighbours():
    off, adj = hex_adjacency(14, 7, torus=True)
    assert len(off) == 99
    assert set(np.diff(off)) == {6}
    for c in range(98):  # adjacency is symmetric
        for d in adj[off[c] : off[c + 1]]:
            assert c in adj[off[d] : off[d + 1]]


def test_a_bounded_map_has_fewer_neighbours_at_its_edges():
    off, _ = hex_adjacency(14, 7, torus=False)
    degrees = np.diff(off)
    assert degrees.max() == 6 and degrees.min() in (2, 3) and degrees.mean() < 6


def test_an_odd_torus_is_refused():
    with pytest.raises(ParameterError, match="even number of rows"):
        EarthParams.parse(rows=7, cols=7)


# --- kernel and reference agree, and power is conserved, whatever the switches ---

SWITCHES = {
    name: values for name, values in EarthParams.switch_values().items() if name != "switch_activation"
}


@st.composite
def small_params(draw):
    over = {name: draw(st.sampled_from(values)) for name, values in SWITCHES.items()}
    cs = draw(st.sampled_from([0.0, 0.3, 1.0]))
    lf = draw(st.sampled_from([0.0, 0.2])) if cs < 1 else 0.0
    return EarthParams(
        rows=draw(st.sampled_from([2, 4, 6])), cols=draw(st.integers(2, 6)),
        iterations=draw(st.integers(1, 150)), share_collective_security=cs, share_laissez_faire=lf,
        share_power_seeker=draw(st.sampled_from([0.0, 0.1])) if cs + lf <= 0.8 else 0.0,
        misperception=draw(st.sampled_from([0.0, 0.2, 0.5])),
        power_sd=draw(st.sampled_from([0.0, 3.33])), growth_sd=draw(st.sampled_from([0.0, 0.05])),
        reparations=draw(st.sampled_from([0.0, 0.2])), cost_max=draw(st.sampled_from([0.0, 0.25])),
        **{**over, "switch_topology": over["switch_topology"] if draw(st.booleans()) else "bounded"},
    )  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=small_params(), seed=st.integers(0, 2**32))
def test_kernel_and_reference_agree_and_power_is_conserved(p, seed):
    fast = MODEL.run(p, seed=seed)
    assert same_tables(fast, MODEL.reference(p, seed=seed))
    assert MODEL.invariants(fast) == []


def test_the_default_world_matches_its_golden_run():
    r = MODEL.run(EarthParams(), seed=98)
    s = r.tables["states"]
    text = json.dumps(
        {"summary": r.summary(), "died_t": s["died_t"].tolist(), "cells": s["cells"].tolist(),
         "wars": int(r.tables["crises"]["fought"].sum())}, indent=1)  # fmt: skip
    check_golden("earth_seed98.json", text + "\n")


# --- styles (R5) ---


def test_collective_security_states_never_start_a_crisis_and_laissez_faire_states_never_join():
    p = EarthParams(iterations=400, share_collective_security=0.4, share_laissez_faire=0.3)
    for seed in range(3):
        r = MODEL.run(p, seed=seed)
        styles = r.tables["states"]["style_start"]
        assert not np.any(styles[r.tables["crises"]["initiator"]] == COLLECTIVE_SECURITY)
        assert np.all(r.tables["states"]["joined"][styles == LAISSEZ_FAIRE] == 0)
        assert r.tables["states"]["joined"][styles == COLLECTIVE_SECURITY].sum() > 0


def test_an_all_collective_security_system_has_no_crisis():
    r = MODEL.run(EarthParams(share_collective_security=1.0, iterations=300), seed=1)
    assert len(r.tables["crises"]["t"]) == 0 and r.summary()["states_final"] == 98


def test_without_misperception_no_side_goes_to_war_against_a_stronger_side():
    p = EarthParams(misperception=0.0, iterations=300, growth_sd=0.0, switch_join="winning_side")
    r = MODEL.run(p, seed=3)
    c = r.tables["crises"]
    # the initiator's side was stronger than the target's side when it went to war, and with
    # exact perception balancers made the target's side stronger in every crisis of this run
    fought = c["fought"]
    balanced = MODEL.run(EarthParams(misperception=0.0, iterations=300, growth_sd=0.0), seed=3)
    assert len(balanced.tables["crises"]["t"]) > 0 and not balanced.tables["crises"]["fought"].any()
    assert fought.any() and np.all(c["initiator_power"][fought] > c["target_power"][fought])


def test_adaptation_changes_styles_only_when_switched_on():
    base = dict(iterations=600, share_collective_security=0.5)
    off = MODEL.run(EarthParams(**base), seed=4).tables["states"]
    on = MODEL.run(EarthParams(**base, switch_adaptation="adopt_winner_style", adaptation_rate=1.0), seed=4)
    assert np.array_equal(off["style_start"], off["style_end"])
    s = on.tables["states"]
    assert not np.array_equal(s["style_start"], s["style_end"])


# --- map worlds and treaties ---


def test_a_state_with_no_neighbour_and_no_alliance_is_never_attacked():
    w = world([("A", 0.4), ("B", 0.3), ("C", 0.2), ("ISLAND", 0.0001)], [("A", "B"), ("B", "C")])
    for seed in range(5):
        r = MODEL.run(EarthParams(world=w, iterations=200), seed=seed)
        island = r.tables["states"]
        assert island["attacked"][3] == 0 and island["died_t"][3] == -1
        assert not np.any(r.tables["crises"]["target"] == 3)


def test_with_no_alliances_no_member_is_ever_helped():
    w = world([("A", 0.4), ("B", 0.1, "laissez_faire"), ("C", 0.1, "laissez_faire")],
              [("A", "B"), ("A", "C"), ("B", "C")], aggressor="A")  # fmt: skip
    p = EarthParams(world=w, iterations=100, switch_activation="aggressor_only", p_honor=1.0)
    for seed in range(5):
        r = MODEL.run(p, seed=seed)
        assert r.tables["states"]["helped"].sum() == 0 and r.tables["crises"]["obliged"].sum() == 0


def test_observers_never_fight_for_the_alliance_and_members_do():
    states = [("AGG", 0.3, "aggressor"), ("M1", 0.1, "laissez_faire"), ("M2", 0.1, "laissez_faire"),
              ("OBS", 0.2, "laissez_faire")]  # fmt: skip
    borders = [("AGG", "M1"), ("AGG", "M2"), ("AGG", "OBS")]
    w = world(states, borders, [alliance(["M1", "M2"], observers=["OBS"])], aggressor="AGG")
    p = EarthParams(world=w, iterations=50, switch_activation="aggressor_only", p_honor=1.0, growth_sd=0)
    members_fought = 0
    for seed in range(10):
        s = MODEL.run(p, seed=seed).tables["states"]
        assert s["treaty_joined"][3] == 0 and s["joined"][3] == 0
        members_fought += s["treaty_joined"][1] + s["treaty_joined"][2]
    assert members_fought > 0


def test_collective_defence_deters_an_aggressor_that_would_pick_members_off_alone():
    states = [("AGG", 0.3, "aggressor"), ("M1", 0.2, "laissez_faire"), ("M2", 0.2, "laissez_faire")]
    w = world(states, [("AGG", "M1"), ("AGG", "M2")], [alliance(["M1", "M2"])], aggressor="AGG")
    base = dict(world=w, iterations=30, switch_activation="aggressor_only", growth_sd=0.0, misperception=0.0)
    alone = MODEL.run(EarthParams(**base, p_honor=0.0), seed=1).tables["states"]
    allied = MODEL.run(EarthParams(**base, p_honor=1.0), seed=1)
    assert alone["attacked"][1:].sum() > 0
    assert allied.tables["crises"]["fought"].sum() == 0  # 0.3 < 0.2 + 0.2 at one place: deterred
    assert np.all(allied.tables["states"]["died_t"][1:] == -1)


def test_a_frozen_member_neither_helps_nor_is_helped_unless_counted():
    states = [("AGG", 0.5, "aggressor"), ("M1", 0.1, "laissez_faire"), ("M2", 0.1, "laissez_faire")]
    al = alliance(["M1"])
    al["members"].append({"state": "M2", "status": "member", "participation": "frozen"})
    w = world(states, [("AGG", "M1"), ("AGG", "M2")], [al], aggressor="AGG")
    base = dict(world=w, iterations=20, switch_activation="aggressor_only", p_honor=1.0)
    excluded = MODEL.run(EarthParams(**base), seed=2).tables["crises"]
    counted = MODEL.run(EarthParams(**base, switch_frozen="counted"), seed=2).tables["crises"]
    assert excluded["obliged"].sum() == 0 and counted["obliged"].sum() > 0


def test_a_wedge_cuts_the_least_committed_members_duty():
    from foedus.models.earth.treaties import duty_matrix, wedged_member

    states = [("A", 0.1), ("B", 0.05), ("C", 0.2)]
    al = alliance(["A", "B", "C"])
    w = world(states, [("A", "B")], [al])
    p = EarthParams(world=w, p_honor=0.8, wedge_effect=0.5)
    assert wedged_member(w, p) == 1  # all owe two partners: the smallest capability is wedged
    duty = duty_matrix(w, p)
    assert duty[1, 0] == pytest.approx(0.4) and duty[0, 1] == pytest.approx(0.8)


def test_world_files_round_trip_in_yaml_and_json(tmp_path):
    al = alliance(["A", "B"], observers=["C"])
    al["suspended"] = [["A", "B"]]
    w = world([("A", 0.1), ("B", 0.2), ("C", 0.3)], [("A", "B"), ("B", "C")], [al], aggressor="C")
    for fmt in ("yaml", "json"):
        path = tmp_path / f"w.{fmt}"
        path.write_text(world_text(w, fmt))
        assert load_world(path) == w


def test_a_bad_world_file_names_its_line_and_field(tmp_path):
    path = tmp_path / "bad.yaml"
    w = world([("A", 0.1), ("B", 0.2)], [("A", "B")])
    path.write_text(world_text(w).replace("- [A, B]", "- [A, Z]"))
    with pytest.raises(WorldFileError) as err:
        load_world(path)
    message = str(err.value)
    assert "line" in message and "borders.0" in message and "unknown state 'Z'" in message


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_the_world_loader_refuses_garbage_with_a_world_file_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorldFileError):
        load_world(path)


def test_a_suspended_pair_owes_nothing_either_way_it_is_listed():
    from foedus.models.earth.treaties import obligation_weights

    al = alliance(["A", "B", "C"])
    al["suspended"] = [["A", "B"]]
    w = world([("A", 0.1), ("B", 0.1), ("C", 0.1)], [("A", "B")], [al])
    owes = obligation_weights(w, EarthParams(world=w))
    assert owes[0, 1] == 0 and owes[1, 0] == 1 and owes[0, 2] == 1 and owes[2, 0] == 1


def test_an_on_request_duty_binds_only_when_help_is_requested():
    from foedus.models.earth.treaties import obligation_weights

    w = world([("A", 0.1), ("B", 0.1)], [("A", "B")], [alliance(["A", "B"], on_request=True)])
    assert obligation_weights(w, EarthParams(world=w)).sum() == 2
    assert obligation_weights(w, EarthParams(world=w, switch_request="not_requested")).sum() == 0


@pytest.mark.parametrize("module", ["foedus.models.earth.params", "foedus.models.geosim.params"])
def test_kernel_params_pickle_by_reference_so_numba_can_cache_the_kernel(module):
    """Numba's on-disk cache pickles argument types; a record type that pickle cannot find by its
    name made every process recompile EARTH's kernel (about 20 s per worker)."""
    import importlib
    import pickle

    cls = importlib.import_module(module).KernelParams
    assert pickle.loads(pickle.dumps(cls)) is cls
