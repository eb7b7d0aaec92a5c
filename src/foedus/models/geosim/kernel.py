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

from foedus.models.geosim import alliance_rules as AR
from foedus.models.geosim import rules as R
from foedus.models.geosim.adjacency import order_front_slots, update_borders
from foedus.models.geosim.params import GeoSimParams, KernelParams, OpenWars
from foedus.models.geosim.world import WORLD, new_war_book, new_world
from foedus.sim.params import kernel_record
from foedus.sim.seeding import seed_compiled_side_stream, seed_compiled_stream

# Strategies are called through first-class function pointers (one compiled kernel serves them all).
warnings.filterwarnings("ignore", category=NumbaExperimentalFeatureWarning)

PARAMS_TYPE = numba.typeof(kernel_record(GeoSimParams.model_construct(), KernelParams))
# decide(order, start, stop, world, params): for each state order[start:stop], in that order,
# decide on an unprovoked attack and open it by setting world.act[front] = True.
DECISION_SIGNATURE = types.void(types.int64[::1], types.int64, types.int64, WORLD, PARAMS_TYPE)


@njit(cache=True, inline="always")
def _simulate(nx, ny, p, strategies, postures, snap_times, alliances_on):
    """Run GeoSim; the caller has seeded Numba's generator (run_kernel). Inlined into two
    functions with `alliances_on` a constant, so the plain model's copy has no alliance code."""
    w = new_world(nx, ny, alliances_on)
    wars = new_war_book(1024)
    n = nx * ny
    periods = p.initPeriod + p.duration
    since = p.initPeriod + 1  # the first observed period: alliances and regimes are formed then
    founders = R.grow_founders(w, p)
    R.found_states(w, p, founders)
    update_borders(w)
    n_states = np.empty(periods + 1, np.int64)
    largest = np.empty(periods + 1, np.int64)
    n_states[0] = w.n_alive
    largest[0] = w.size.max()
    democratic = np.zeros(periods + 1, np.int64)  # cells held by democracies
    snaps = np.empty((len(snap_times), n), np.int64)
    n_snap = 0
    while n_snap < len(snap_times) and snap_times[n_snap] <= 0:
        snaps[n_snap] = w.owner
        n_snap += 1
    live = np.flatnonzero(w.alive)
    cohort = live[:0].copy()

    for t in range(1, periods + 1):
        w.t = t
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
        if alliances_on and t == since:
            cohort = AR.form_alliances(w, p, live, postures)
        elif alliances_on and t > since:
            AR.alliance_upkeep(w, p, t, since, live)
        # 3. allocation and grim trigger, 4. decisions, 5. interaction, pp. 139, 147-148
        R.allocate_resources(w, p, live)
        if alliances_on:
            AR.mark_fights(w, live)
        R.unprovoked_attacks(w, p, live, strategies)
        if alliances_on and t >= since:
            AR.note_new_fights(w, live)
            AR.collective_defence(w, p, t, live)
        R.fight_battles(w, p, wars, t, observing, live)
        if alliances_on:
            AR.settle_obligations(w, wars, observing)
        # 6. structural change, pp. 148-149
        after = np.flatnonzero(w.alive) if R.apply_conquests(w, p, wars) else live
        if alliances_on and p.regime_change and t >= since:
            AR.change_regimes(w, p, after)
        # 7. context activation, 8. wars, pp. 140-141, 148
        R.update_alert(w, p, after)
        if observing:
            R.close_wars(w, p, wars, t, after)
        R.calm_down(w, live)
        live = after
        n_states[t] = w.n_alive
        big = 0
        for s in live:
            big = max(big, w.size[s])
        largest[t] = big
        if alliances_on and p.democracy_share > 0.0:
            dem = 0
            for s in live:
                if w.al.regime[s] == AR.DEMOCRACY:
                    dem += w.size[s]
            democratic[t] = dem
        while n_snap < len(snap_times) and snap_times[n_snap] <= t:
            snaps[n_snap] = w.owner
            n_snap += 1

    if p.switch_open_wars == OpenWars.INCLUDE:
        R.open_wars(w, p, wars)
    al = w.al
    # the cohort: state, role, period it died (-1: alive), its alliances (any status), regime then
    fate = np.empty((len(cohort), 7), np.int64)
    for q in range(len(cohort)):
        s = cohort[q]
        fate[q, 0] = s
        fate[q, 1] = al.role[s]
        fate[q, 2] = al.died[s]
        fate[q, 3] = al.member[s] | al.frozen[s] | al.observer[s]
        fate[q, 4] = al.regime_at_join[s]
        fate[q, 5] = al.answered[s, 0]  # wars it honoured an obligation in
        fate[q, 6] = al.answered[s, 1]  # wars it abandoned an ally in
    regimes = al.regime.astype(np.int64)
    return (
        n_states,
        largest,
        democratic,
        snaps,
        w.owner,
        w.res,
        wars.out[: wars.recorded].copy(),
        wars.total,
        fate,
        regimes,
        al.dem_attacks,
    )


@njit(cache=True)
def simulate_plain(nx, ny, p, strategies, postures, snap_times):
    return _simulate(nx, ny, p, strategies, postures, snap_times, False)


@njit(cache=True)
def simulate_allied(nx, ny, p, strategies, postures, snap_times):
    return _simulate(nx, ny, p, strategies, postures, snap_times, True)


def run_kernel(
    params: GeoSimParams,
    key: np.ndarray,
    strategies: tuple,
    postures=(0, 0, 0),
    map_times=(),
    side: np.ndarray | None = None,
) -> dict:
    """Run from the Mersenne Twister state `key`. `strategies`: compiled decision rules of the
    states (the default's), the aggressor's and the alliance members' (the same rule three times
    for a plain run); `postures`: how states following each rule answer an obligation; `side`:
    the key of the alliance layer's stream."""
    times = np.array(sorted({int(t) for t in map_times}), dtype=np.int64)
    seed_compiled_stream(key)
    seed_compiled_side_stream(key if side is None else side)
    simulate = simulate_allied if params.alliances_on else simulate_plain
    states, largest, democratic, snaps, owner, res, wars, total, fate, regimes, dem_attacks = simulate(
        params.nx,
        params.ny,
        kernel_record(params, KernelParams),
        strategies,
        np.asarray(postures, dtype=np.uint8),
        times,
    )
    return {
        "states": states,
        "largest": largest,
        "democratic": democratic,
        "maps": {int(t): snaps[k].reshape(params.ny, params.nx) for k, t in enumerate(times)},
        "owner": owner,
        "res": res,
        "wars": wars,
        "total_severity": total,
        "cohort": fate,
        "regimes": regimes,
        "dem_attacks": int(dem_attacks),
    }
