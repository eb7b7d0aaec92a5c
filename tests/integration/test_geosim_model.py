"""GeoSim runs: the kernel against the reference, invariants, and a golden seeded run."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from foedus.models.geosim.model import run_geosim
from foedus.models.geosim.params import GeoSimParams
from foedus.models.geosim.reference import run_reference

GOLDEN = Path(__file__).parent.parent / "golden"
# A small, busy world: low thresholds and frequent attacks make conquests, collapses and wars.
BUSY = dict(
    nx=16,
    ny=14,
    initPolarity=30,
    initPeriod=50,
    duration=1200,
    pShock=0.01,
    pAttack=0.1,
    supThresh=1.5,
    victThresh=1.5,
    warShadow=5,
)
SWITCHES = [
    {},
    {"switch_battle_path": "agent_first", "switch_open_wars": "include"},
    {"switch_damage": "victim_only_one_sided", "switch_severity_fronts": "mutual_only"},
    {"switch_victory": "attacker_only", "switch_capital_annexed": False},
    {"switch_campaign_drop": "every_decision", "switch_attack_guard": "pattack_gates_all"},
    {"switch_context_activation": False, "switch_balance_curve": "initiator"},
    {"switch_damage": "own_allocation", "switch_new_state_resources": "zero"},
    {
        "switch_enemy_res": "all_fronts",
        "switch_initial_resources": "unit",
        "switch_dist_exponent": "as_printed",
    },
]


@pytest.mark.parametrize("k,switches", list(enumerate(SWITCHES)))
def test_kernel_agrees_exactly_with_the_reference(k, switches):
    params = GeoSimParams(**BUSY, **switches)
    states, wars, final = run_reference(params, seed=k)
    run = run_geosim(params, seed=k)
    assert np.array_equal(states, run.states)
    assert np.array_equal(final, run.final_map)
    assert wars.shape == run.wars.shape and np.allclose(wars, run.wars, rtol=1e-9)


def check_invariants(run):
    p = run.params
    owner = run.final_map.ravel()
    capitals = np.unique(owner)
    assert np.all(owner[capitals] == capitals)  # every cell's sovereign is a live state
    assert len(capitals) == run.states[-1]
    for cap in capitals:  # every state is contiguous
        cells = set(np.flatnonzero(owner == cap).tolist())
        seen, todo = {int(cap)}, [int(cap)]
        while todo:
            c = todo.pop()
            x, y = c % p.nx, c // p.nx
            for c2, ok in (
                (c - 1, x > 0),
                (c + 1, x < p.nx - 1),
                (c - p.nx, y > 0),
                (c + p.nx, y < p.ny - 1),
            ):
                if ok and c2 in cells and c2 not in seen:
                    seen.add(c2)
                    todo.append(c2)
        assert seen == cells
    res = np.array(list(run.resources.values()))
    assert np.all(np.isfinite(res)) and np.all(res >= 0)
    w = run.wars
    if len(w):
        assert np.all(w[:, 0] > p.initPeriod) and np.all(w[:, 0] <= w[:, 1])
        assert np.all(w[:, 1] <= p.periods) and np.all(w[:, 2] > 0) and np.all(w[:, 3] >= 2)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_invariants_of_busy_runs(seed):
    run = run_geosim(GeoSimParams(**BUSY, switch_open_wars="include"), seed=seed)
    check_invariants(run)
    # the war list accounts for every unit of damage fought over (open wars included)
    assert run.severities.sum() == pytest.approx(run.total_severity, rel=1e-9)


def test_base_run_invariants_and_measures():
    run = run_geosim(GeoSimParams(duration=2000), seed=11, map_times=(500, 2500))
    check_invariants(run)
    assert run.states[0] == 200 and set(run.maps) == {500, 2500}
    assert run.state_sizes().sum() == 2500


def test_same_seed_same_run_and_different_seed_differs():
    p = GeoSimParams(**BUSY)
    a, b, c = run_geosim(p, seed=5), run_geosim(p, seed=5), run_geosim(p, seed=6)
    assert np.array_equal(a.states, b.states) and np.array_equal(a.wars, b.wars)
    assert not np.array_equal(a.final_map, c.final_map)


def test_golden_seeded_run():
    run = run_geosim(GeoSimParams(duration=1500), seed=2003)
    fit = run.fit()
    got = {
        "states_every_100": run.states[::100].tolist(),
        "wars": len(run.wars),
        "severity_sum": round(float(run.severities.sum()), 6),
        "fit": {k: round(v, 9) for k, v in fit.as_dict().items()},
    }
    path = GOLDEN / "geosim_base_seed2003_t2000.json"
    if os.environ.get("FOEDUS_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=1) + "\n")
    assert got == json.loads(path.read_text())
