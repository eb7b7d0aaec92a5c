"""EARTH's compiled iteration loop (R0-R11 of docs/earth.md), one acting state per iteration.

All randomness comes from Numba's Mersenne Twister (numpy's legacy stream), set to the seed's key
just before the run, and only through uniform draws (`np.random.random`): normals are Box-Muller
pairs and indices are floor(u * n), so the plain reference (reference.py) draws the same numbers.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numba import njit

from foedus.models.earth.params import (
    AGGRESSOR,
    COLLECTIVE_SECURITY,
    LAISSEZ_FAIRE,
    POWER_SEEKER,
    REALPOLITIK,
    Activation,
    Adaptation,
    AggressorRule,
    EarthParams,
    Join,
    Joiners,
    KernelParams,
    Misperception,
    Outcome,
    Scheduling,
    Spoils,
    Target,
)
from foedus.sim.params import kernel_record
from foedus.sim.seeding import seed_compiled_stream

# Columns of the crisis record (one row per crisis: an initiator that chose a target).
CRISIS = (
    "t", "initiator", "target", "stage", "fought", "initiator_won", "initiator_side", "target_side",
    "initiator_power", "target_power", "obliged", "honoured", "deaths", "cells_taken", "cost",
)  # fmt: skip
# stage: 2 or 4 = war after that step of the crisis (R7); -2 or -4 = the initiator backed down there.
STATE = ("died_t", "style_end", "cells", "power", "attacked", "joined", "treaty_joined", "helped")
SERIES = ("t", "states", "largest_power", "largest_cells")


@njit(cache=True)
def _normal():
    u1 = np.random.random()
    u2 = np.random.random()
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


@njit(cache=True)
def _estimate(x, p):
    """R4: E(x) = x (1 + N(0, sigma)), a fresh draw for every estimate."""
    s = p.misperception
    if p.switch_misperception == Misperception.VARIABLE:
        s = 2.0 * s * np.random.random()
    return x * (1.0 + s * _normal())


@njit(cache=True)
def _eff(k, j, power, reach, has_reach):
    """k's power in a war fought at j's capital."""
    return power[k] * reach[k, j] if has_reach else power[k]


@njit(cache=True)
def _neighbours(s, owner, off, adj, mark, stamp, out, n):
    """Append the states bordering state s to out[n:], each once; return the new length."""
    for c in range(owner.shape[0]):
        if owner[c] == s:
            for e in range(off[c], off[c + 1]):
                o = owner[adj[e]]
                if o != s and mark[o] != stamp:
                    mark[o] = stamp
                    out[n] = o
                    n += 1
    return n


@njit(cache=True)
def _side_estimate(r, x, side, j, power, reach, has_reach, p):
    """State r's estimate of side x's power at theatre j (one fresh estimate per member)."""
    total = 0.0
    for m in range(side.shape[0]):
        if side[m] == x:
            total += _estimate(_eff(m, j, power, reach, has_reach), p)
    return total


@njit(cache=True)
def _accepts(k, x, side, j, style, power, reach, has_reach, p):
    """R7: does k accept an invitation to side x (1: initiator's, 2: target's)?"""
    s = style[k]
    if s == COLLECTIVE_SECURITY:
        return x == 2
    if s != REALPOLITIK:
        return False  # laissez-faire, power-seekers and aggressors never join others' wars
    mine = _side_estimate(k, x, side, j, power, reach, has_reach, p)
    other = _side_estimate(k, 3 - x, side, j, power, reach, has_reach, p)
    if p.switch_join == Join.BALANCE:
        return mine < other
    return mine > other


@njit(cache=True)
def _recruit(r, x, j, pool, npool, side, alive, style, power, reach, has_reach, p, all_must_accept):
    """One recruiting round by r for side x (R7); True if r ends it perceiving side x stronger."""
    mine = _side_estimate(r, x, side, j, power, reach, has_reach, p)
    other = _side_estimate(r, 3 - x, side, j, power, reach, has_reach, p)
    if mine > other:
        return True
    cand = np.empty(npool, np.int64)
    est = np.empty(npool, np.float64)
    m = 0
    for q in range(npool):
        k = pool[q]
        if alive[k] and side[k] == 0:
            cand[m] = k
            est[m] = _estimate(_eff(k, j, power, reach, has_reach), p)
            m += 1
    order = np.argsort(-est[:m], kind="mergesort")  # strongest first: a minimal winning coalition
    for q in range(m):
        k = cand[order[q]]
        if _accepts(k, x, side, j, style, power, reach, has_reach, p):
            side[k] = x
            mine += est[order[q]]
            if mine > other:
                return True
        elif all_must_accept:
            return False  # the initiator backs down when an invitee refuses (Horvath's sequence)
    return mine > other


@njit(cache=True)
def _choose_target(i, nb, n_nb, power, style, duty, has_duty, reach, has_reach, p):
    """R6 (and the aggressor's rules): the neighbour to attack, or -1."""
    best, best_score = -1, 0.0
    s = style[i]
    dnc = s == AGGRESSOR and p.switch_aggressor == AggressorRule.DIVIDE_AND_CONQUER
    rule = p.switch_target
    if s == POWER_SEEKER:
        rule = Target.MIN_POWER
    for q in range(n_nb):
        j = nb[q]
        mine = _eff(i, j, power, reach, has_reach)
        if dnc:
            # expected defence: the target plus each treaty ally's help times P(it honours)
            theirs = _estimate(power[j], p)
            if has_duty:
                for k in range(power.shape[0]):
                    if duty[k, j] > 0.0 and k != i:
                        theirs += duty[k, j] * _estimate(_eff(k, j, power, reach, has_reach), p)
            own = _estimate(mine, p)
            if own > theirs and (best < 0 or theirs < best_score):
                best, best_score = j, theirs
            continue
        theirs = _estimate(power[j], p)
        if rule == Target.MIN_POWER:
            if best < 0 or theirs < best_score:
                best, best_score = j, theirs
        else:
            own = _estimate(mine, p)
            score = own - theirs if rule == Target.MAX_DIFFERENCE else own / max(theirs, 1e-300)
            ok = own > theirs
            if ok and (best < 0 or score > best_score):
                best, best_score = j, score
    if rule == Target.MIN_POWER and best >= 0 and not dnc:
        if not _estimate(_eff(i, best, power, reach, has_reach), p) > best_score:
            return -1
    return best


@njit(cache=True)
def _win_probability(a, b, p):
    """R8: P(the initiator's side wins) from the two sides' powers a and b."""
    if p.switch_outcome == Outcome.LOGNORMAL_CDF:
        return 0.5 * (1.0 + math.erf(math.log(a / b) / (p.victory_scale * math.sqrt(2.0))))
    if p.switch_outcome == Outcome.STRONGER_WINS:
        return 1.0 if a > b else (0.0 if a < b else 0.5)
    return a / (a + b)


@njit(cache=True)
def _put4(a, r, x0, x1, x2, x3):
    a[r, 0] = x0
    a[r, 1] = x1
    a[r, 2] = x2
    a[r, 3] = x3


@njit(cache=True)
def _grow_rows(rec, n):
    if n < rec.shape[0]:
        return rec
    bigger = np.empty((2 * rec.shape[0], rec.shape[1]), rec.dtype)
    bigger[: rec.shape[0]] = rec
    return bigger


@njit(cache=True)
def _initial(p, n, power, style):
    """R2 and R5: initial powers and styles, unless the world gave them."""
    if power.shape[0] == 0:
        power = np.empty(n, np.float64)
        for k in range(n):
            power[k] = p.power_mean + p.power_sd * _normal() if p.power_sd > 0 else p.power_mean
            power[k] = max(1.0, power[k])
    if style.shape[0] == 0:
        style = np.full(n, REALPOLITIK, np.int64)
        shares = np.array([p.share_collective_security, p.share_laissez_faire, p.share_power_seeker])
        if shares.sum() > 0:
            perm = np.arange(n)
            for k in range(n - 1, 0, -1):  # Fisher-Yates from uniform draws
                r = int(np.random.random() * (k + 1))
                perm[k], perm[r] = perm[r], perm[k]
            codes = np.array([COLLECTIVE_SECURITY, LAISSEZ_FAIRE, POWER_SEEKER])
            at = 0
            for s in range(3):
                m = int(round(shares[s] * n))
                for q in range(at, min(n, at + m)):
                    style[perm[q]] = codes[s]
                at += m
    return power, style


@njit(cache=True)
def _free(a, m, busy):
    """Keep the states of a[:m] that are not busy this iteration (in order); return the count."""
    kept = 0
    for q in range(m):
        if not busy[a[q]]:
            a[kept] = a[q]
            kept += 1
    return kept


@njit(cache=True)
def _act(
    i,
    t,
    p,
    off,
    adj,
    owner,
    power,
    style,
    alive,
    cells,
    st,
    duty,
    has_duty,
    reach,
    has_reach,
    mark,
    stamp,
    nb,
    pool,
    side,
    bound,
    busy,
    concurrent,
    rec,
    n_rec,
):
    """R5-R11 for one acting state: decision, crisis, and the war if one is fought. Returns
    (rec, n_rec, stamp, power destroyed)."""
    n = power.shape[0]
    destroyed = 0.0
    if style[i] != COLLECTIVE_SECURITY:
        stamp += 1
        mark[i] = stamp
        n_nb = _neighbours(i, owner, off, adj, mark, stamp, nb, 0)
        n_nb = _free(nb, n_nb, busy)
        nb[:n_nb] = np.sort(nb[:n_nb])
        j = _choose_target(i, nb, n_nb, power, style, duty, has_duty, reach, has_reach, p)
        if j >= 0:
            rec = _grow_rows(rec, n_rec)
            row = rec[n_rec]
            n_rec += 1
            row[:] = 0.0
            row[0] = t
            row[1] = i
            row[2] = j
            side[:] = 0
            bound[:] = False
            side[i] = 1
            side[j] = 2
            # the pool of joiners: states bordering the initiator (and the target)
            stamp += 1
            mark[i] = stamp
            mark[j] = stamp
            npool = _neighbours(i, owner, off, adj, mark, stamp, pool, 0)
            if p.switch_joiners == Joiners.NEIGHBOURS_OF_EITHER:
                npool = _neighbours(j, owner, off, adj, mark, stamp, pool, npool)
            npool = _free(pool, npool, busy)
            pool[:npool] = np.sort(pool[:npool])
            # treaty-bound allies answer first, each honouring with its probability (one draw)
            obliged = honoured = 0
            if has_duty:
                for k in range(n):
                    if alive[k] and side[k] == 0 and duty[k, j] > 0.0 and not busy[k]:
                        obliged += 1
                        if np.random.random() < duty[k, j]:
                            side[k] = 2
                            bound[k] = True
                            honoured += 1
            # collective-security states bordering either party join against the initiator
            for q in range(npool):
                k = pool[q]
                if style[k] == COLLECTIVE_SECURITY and side[k] == 0:
                    side[k] = 2
            row[10] = obliged
            row[11] = honoured
            # R7 steps 1-4
            _recruit(j, 2, j, pool, npool, side, alive, style, power, reach, has_reach, p, False)
            stage = 2
            war = _side_estimate(i, 1, side, j, power, reach, has_reach, p) > _side_estimate(
                i, 2, side, j, power, reach, has_reach, p
            )
            if not war:
                if _recruit(i, 1, j, pool, npool, side, alive, style, power, reach, has_reach, p, True):
                    stage = 4
                    _recruit(j, 2, j, pool, npool, side, alive, style, power, reach, has_reach, p, False)
                    war = _side_estimate(i, 1, side, j, power, reach, has_reach, p) > _side_estimate(
                        i, 2, side, j, power, reach, has_reach, p
                    )
            row[3] = stage if war else -stage
            a = 0.0
            b = 0.0
            na = nt = 0
            for k in range(n):
                if side[k] == 1:
                    a += _eff(k, j, power, reach, has_reach)
                    na += 1
                elif side[k] == 2:
                    b += _eff(k, j, power, reach, has_reach)
                    nt += 1
            row[6] = na
            row[7] = nt
            row[8] = a
            row[9] = b
            if war:
                row[4] = 1.0
                destroyed = _fight(
                    i, j, a, b, row, side, power, style, alive, cells, owner, off, adj, st, t, p
                )
                for k in range(n):
                    if side[k] != 0 and k != i and k != j:
                        st[k, 5] += 1
                    if bound[k]:
                        st[k, 6] += 1
                        st[j, 7] += 1
                st[j, 4] += 1
                if concurrent:
                    for k in range(n):
                        if side[k] != 0:
                            busy[k] = True  # one war at a time per state (Duffy's concurrency)
    return rec, n_rec, stamp, destroyed


@njit(cache=True)
def simulate(p, off, adj, power0, style0, duty, reach, aggressor, every):
    n_cells = off.shape[0] - 1
    owner = np.arange(n_cells)
    n = n_cells
    power, style = _initial(p, n, power0.copy(), style0.copy())
    style_start = style.copy()
    power_begin = power.copy()
    power_start = power.sum()
    has_duty = duty.shape[0] == n
    has_reach = reach.shape[0] == n
    alive = np.ones(n, np.bool_)
    cells = np.ones(n, np.int64)
    st = np.zeros((n, len(STATE)), np.float64)
    st[:, 0] = -1.0
    mark = np.zeros(n, np.int64)
    stamp = 0
    nb = np.empty(n, np.int64)
    pool = np.empty(n, np.int64)
    side = np.zeros(n, np.int64)
    bound = np.zeros(n, np.bool_)  # joined the target's side because a treaty obliged it
    busy = np.zeros(n, np.bool_)  # fought a war this iteration (concurrent scheduling only)
    rec = np.empty((64, len(CRISIS)), np.float64)
    n_rec = 0
    series = np.empty((p.iterations // every + 2, len(SERIES)), np.float64)
    _put4(series, 0, 0.0, n, power.max() / power.sum(), 1.0 / n)
    n_series = 1
    n_alive = n
    growth_total = 0.0
    cost_total = 0.0
    hegemony_t = -1
    activations = 0
    t = 0
    for t in range(1, p.iterations + 1):
        # --- R0.1: the acting state, with probability proportional to power ---
        i = -1
        if p.switch_activation == Activation.AGGRESSOR_ONLY:
            i = aggressor
            if not alive[i]:
                t -= 1
                break
        elif p.switch_scheduling == Scheduling.SERIAL:
            total = 0.0
            for k in range(n):
                if alive[k]:
                    total += power[k]
            u = np.random.random() * total
            i = -1
            for k in range(n):
                if alive[k]:
                    i = k
                    u -= power[k]
                    if u < 0.0:
                        break
        # --- R5-R11: decision, crisis and war, for one actor (serial) or many (concurrent) ---
        if p.switch_scheduling == Scheduling.SERIAL:
            rec, n_rec, stamp, destroyed = _act(
                i, t, p, off, adj, owner, power, style, alive, cells, st, duty, has_duty, reach, has_reach,
                mark, stamp, nb, pool, side, bound, busy, False, rec, n_rec,
            )  # fmt: skip
            cost_total += destroyed
            activations += 1
        else:
            busy[:] = False
            m = 0
            top = 0.0
            for k in range(n):
                if alive[k]:
                    nb[m] = k
                    m += 1
                    top = max(top, power[k])
            order = nb[:m].copy()
            for k in range(m - 1, 0, -1):  # a random order, from uniform draws
                r = int(np.random.random() * (k + 1))
                order[k], order[r] = order[r], order[k]
            for q in range(m):
                k = order[q]
                # each state acts with probability proportional to its power (the strongest surely)
                if alive[k] and not busy[k] and np.random.random() < power[k] / top:
                    rec, n_rec, stamp, destroyed = _act(
                        k, t, p, off, adj, owner, power, style, alive, cells, st, duty, has_duty, reach,
                        has_reach, mark, stamp, nb, pool, side, bound, busy, True, rec, n_rec,
                    )  # fmt: skip
                    cost_total += destroyed
                    activations += 1
        n_alive = 0
        for k in range(n):
            n_alive += alive[k]
        # --- R11: one state left is universal empire ---
        if n_alive == 1:
            hegemony_t = t
            _put4(series, n_series, t, 1.0, 1.0, 1.0)
            n_series += 1
            break
        # --- R3: growth ---
        for k in range(n):
            if alive[k]:
                g = p.growth_mean + p.growth_sd * _normal() if p.growth_sd > 0 else p.growth_mean
                new = max(p.death_threshold, power[k] * (1.0 + g))
                growth_total += new - power[k]
                power[k] = new
        if t % every == 0 or t == p.iterations:
            big = 0.0
            tot = 0.0
            for k in range(n):
                if alive[k]:
                    tot += power[k]
                    big = max(big, power[k])
            _put4(series, n_series, t, n_alive, big / tot, cells.max() / n_cells)
            n_series += 1
    for k in range(n):
        st[k, 1] = style[k]
        st[k, 2] = cells[k]
        st[k, 3] = power[k] if alive[k] else 0.0
    ledger = np.array([power_start, growth_total, cost_total, power.sum(), hegemony_t, t, activations])
    return style_start, power_begin, rec[:n_rec], st, series[:n_series], ledger, owner


@njit(cache=True)
def _fight(i, j, a, b, row, side, power, style, alive, cells, owner, off, adj, st, t, p):
    """R8-R11 for one war; returns the power the war destroyed."""
    n = power.shape[0]
    q = _win_probability(a, b, p)
    won = np.random.random() < q
    row[5] = 1.0 if won else 0.0
    win_side = 1 if won else 2
    leader = i if won else j
    loser = j if won else i
    # R9: costs. Equal sides pay most; a victor pays less by the disparity weight, a loser more.
    lsr = max(a, b) / (a + b)
    c = (1.0 - (lsr - 0.5) / 0.5) * p.cost_max
    w = min(p.cost_disparity, p.cost_max * np.random.random())
    destroyed = 0.0
    for k in range(n):
        if side[k] == 0:
            continue
        if side[k] == win_side:
            cost = max(0.01, c - w) if p.cost_max > 0 else 0.0
            new = max(min(power[k], 1.0), power[k] * (1.0 - cost))  # victors keep at least 1
        else:
            new = power[k] * (1.0 - min(1.0, c + w))
        destroyed += power[k] - new
        power[k] = new
    # R10: spoils
    taken = 0
    if p.switch_spoils == Spoils.POWER_SHARE:
        share = (q if won else 1.0 - q) * power[loser]
        power[loser] -= share
        power[leader] += share
    else:
        k_cells = 1
        if p.switch_spoils == Spoils.CELLS_BY_LSR:
            k_cells = max(1, int(round(2.0 * (lsr - 0.5) * cells[loser])))
        for _ in range(k_cells):
            if cells[loser] == 0:
                break
            # the loser's cells that border a victor; one at random, to a victor bordering it
            m = 0
            for cidx in range(owner.shape[0]):
                if owner[cidx] == loser:
                    for e in range(off[cidx], off[cidx + 1]):
                        if side[owner[adj[e]]] == win_side:
                            m += 1
                            break
            if m == 0:
                break
            pick = int(np.random.random() * m)
            cell = -1
            for cidx in range(owner.shape[0]):
                if owner[cidx] == loser:
                    for e in range(off[cidx], off[cidx + 1]):
                        if side[owner[adj[e]]] == win_side:
                            if pick == 0:
                                cell = cidx
                            pick -= 1
                            break
                    if cell >= 0:
                        break
            takers = 0
            for e in range(off[cell], off[cell + 1]):
                if side[owner[adj[e]]] == win_side:
                    takers += 1
            pick = int(np.random.random() * takers)
            taker = -1
            for e in range(off[cell], off[cell + 1]):
                if side[owner[adj[e]]] == win_side:
                    if pick == 0:
                        taker = owner[adj[e]]
                    pick -= 1
            per_cell = power[loser] / cells[loser]
            power[loser] -= per_cell
            power[taker] += per_cell
            owner[cell] = taker
            cells[loser] -= 1
            cells[taker] += 1
            taken += 1
    row[13] = taken
    if p.reparations > 0:
        pot = 0.0
        win_power = 0.0
        for k in range(n):
            if side[k] != 0 and side[k] != win_side:
                pot += p.reparations * power[k]
                power[k] -= p.reparations * power[k]
            elif side[k] == win_side:
                win_power += power[k]
        for k in range(n):
            if side[k] == win_side:
                power[k] += pot * power[k] / win_power
    # R11: death; the winning leader inherits what is left
    deaths = 0
    for k in range(n):
        if side[k] != 0 and side[k] != win_side and (power[k] < p.death_threshold or cells[k] == 0):
            alive[k] = False
            st[k, 0] = t
            deaths += 1
            power[leader] += power[k]
            power[k] = 0.0
            for cidx in range(owner.shape[0]):
                if owner[cidx] == k:
                    owner[cidx] = leader
            cells[leader] += cells[k]
            cells[k] = 0
    row[12] = deaths
    row[14] = destroyed
    # IPSR 1990 "learning": surviving losers may adopt the winner's style
    if p.switch_adaptation == Adaptation.ADOPT_WINNER_STYLE:
        for k in range(n):
            if alive[k] and side[k] != 0 and side[k] != win_side and style[k] != style[leader]:
                if np.random.random() < p.adaptation_rate:
                    style[k] = style[leader]
    return destroyed


PARAMS_TYPE = numba.typeof(kernel_record(EarthParams.model_construct(), KernelParams))


def run_kernel(p: EarthParams, key, off, adj, power0, style0, duty, reach, aggressor: int, every: int):
    """Seed Numba's stream and run; returns (style_start, power_start, crises, states, series,
    ledger, owner) as arrays (see CRISIS, STATE, SERIES)."""
    record = kernel_record(p, KernelParams)
    seed_compiled_stream(key)
    return simulate(record, off, adj, power0, style0, duty, reach, aggressor, every)


__all__ = ["CRISIS", "STATE", "SERIES", "LAISSEZ_FAIRE", "run_kernel"]
