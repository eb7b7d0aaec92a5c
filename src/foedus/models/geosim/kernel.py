"""GeoSim's compiled period loop: the rules of `rules.py` in the paper's order (APSR p. 146).

All randomness comes from Numba's Mersenne Twister (numpy's legacy stream), which `run_kernel`
sets to the seed's key just before the run, so a run is fixed by its parameters and seed.
Each state's unprovoked attacks come from its decision rule: a compiled function with
`DECISION_SIGNATURE` taken from the run's tuple of strategies (see foedus.strategies).
"""

from __future__ import annotations

import warnings

import numba
import numpy as np
from numba import njit, types
from numba.core.errors import NumbaExperimentalFeatureWarning

from foedus.models.geosim import rules as R
from foedus.models.geosim.adjacency import order_front_slots, update_borders
from foedus.models.geosim.params import GeoSimParams, KernelParams, OpenWars
from foedus.models.geosim.world import WORLD, new_war_book, new_world
from foedus.sim.params import kernel_record
from foedus.sim.seeding import seed_compiled_stream

# Strategies are called through first-class function pointers (one compiled kernel serves them all).
warnings.filterwarnings("ignore", category=NumbaExperimentalFeatureWarning)

PARAMS_TYPE = numba.typeof(kernel_record(GeoSimParams.model_construct(), KernelParams))
# decide(order, start, stop, world, params): for each state order[start:stop], in that order,
# decide on an unprovoked attack and open it by setting world.act[front] = True.
DECISION_SIGNATURE = types.void(types.int64[::1], types.int64, types.int64, WORLD, PARAMS_TYPE)


@njit(cache=True)
def simulate(nx, ny, p, strategies, strategy_of, snap_times):
    """Run GeoSim; the caller has seeded Numba's generator (run_kernel). Returns the states per
    period, the map snapshots, the final map and resources, the recorded wars and all war damage
    counted."""
    w = new_world(nx, ny)
    w.strategy[:] = strategy_of
    wars = new_war_book(1024)
    n = nx * ny
    periods = p.initPeriod + p.duration
    founders = R.grow_founders(w, p)
    R.found_states(w, p, founders)
    update_borders(w)
    n_states = np.empty(periods + 1, np.int64)
    n_states[0] = w.n_alive
    snaps = np.empty((len(snap_times), n), np.int64)
    n_snap = 0
    while n_snap < len(snap_times) and snap_times[n_snap] <= 0:
        snaps[n_snap] = w.owner
        n_snap += 1
    live = np.flatnonzero(w.alive)

    for t in range(1, periods + 1):
        observing = t > p.initPeriod
        if update_borders(w) and t > 1:
            R.start_fresh_fronts(w)
            if w.churn > 64 and w.churn > w.slot_top - w.n_free:  # as many opened as exist
                order_front_slots(w, live)
        # 1. technology (none in the initial phase), 2. resources, p. 147
        if observing and p.pShock > 0.0:
            R.technology_shocks(w, p, t, live)
        R.update_taxes(w, p, live)
        if t == 1:
            R.initial_resources(w, p, live)
            R.start_fresh_fronts(w)
        R.update_resources(w, p, live)
        # 3. allocation and grim trigger, 4. decisions, 5. interaction, pp. 139, 147-148
        R.allocate_resources(w, p, live)
        R.unprovoked_attacks(w, p, live, strategies)
        R.fight_battles(w, p, wars, t, observing, live)
        # 6. structural change, pp. 148-149
        after = np.flatnonzero(w.alive) if R.apply_conquests(w, p, wars) else live
        # 7. context activation, 8. wars, pp. 140-141, 148
        R.update_alert(w, p, after)
        if observing:
            R.close_wars(w, p, wars, t, after)
        R.calm_down(w, live)
        live = after
        n_states[t] = w.n_alive
        while n_snap < len(snap_times) and snap_times[n_snap] <= t:
            snaps[n_snap] = w.owner
            n_snap += 1

    if p.switch_open_wars == OpenWars.INCLUDE:
        R.open_wars(w, p, wars)
    return n_states, snaps, w.owner, w.res, wars.out[: wars.recorded].copy(), wars.total


def run_kernel(params: GeoSimParams, key: np.ndarray, strategies: tuple, strategy_of=None, map_times=()):
    """Run from the Mersenne Twister state `key`: (states per period, {t: map}, final map,
    final resources, wars, all war damage counted)."""
    n = params.nx * params.ny
    of = np.zeros(n, np.int64) if strategy_of is None else np.asarray(strategy_of, np.int64)
    times = np.array(sorted({int(t) for t in map_times}), dtype=np.int64)
    seed_compiled_stream(key)
    states, snaps, owner, res, wars, total = simulate(
        params.nx, params.ny, kernel_record(params, KernelParams), strategies, of, times
    )
    maps = {int(t): snaps[k].reshape(params.ny, params.nx) for k, t in enumerate(times)}
    return states, maps, owner, res, wars, total
