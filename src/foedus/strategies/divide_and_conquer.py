"""Divide and conquer: pick off the neighbour whose expected defence coalition is weakest, one war
at a time (the aggressor the collective-security literature fears; Johnson, Weidmann & Cederman
2011 on ganging up; Deck & Sheremeta on piecemeal conquest). It counts, for each neighbour, the
neighbour's own allocation against it plus what each of the neighbour's allies that border it can
be expected to bring (perceived reliability x allocation), attacks the neighbour that is weakest
relative to its own allocation there, and starts no new war while it is at war."""

from __future__ import annotations

import numpy as np
from numba import njit

from foedus.models.geosim.alliance_rules import (
    blocked_by_democratic_peace,
    democratic_peace,
    democratic_peace_factor,
)
from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.models.geosim.world import ENGAGED
from foedus.sim.alliances import perceived_reliability, protected_by
from foedus.sim.strategy import Strategy
from foedus.strategies.geosim_rule import consider_attack


@njit(cache=True)
def expected_defence(w, p, i, f):
    """The allocation state i expects against it on front f: the neighbour's own plus, for each
    of its allies bordering i, that ally's allocation times its perceived reliability."""
    j = w.f_dst[f]
    total = w.alloc[w.f_rev[f]]
    mask = protected_by(w.al, j, False)
    if mask == 0:
        return total
    nb = w.neighbours
    for q in range(nb.off[i], nb.off[i] + nb.ln[i]):
        g = nb.val[q]
        m = w.f_dst[g]
        if m != j and (w.al.member[m] & mask) != 0:
            total += perceived_reliability(w.al, p, m, w.res[m]) * w.alloc[w.f_rev[g]]
    return total


@njit(DECISION_SIGNATURE, cache=True)
def divide_and_conquer(order, start, stop, w, p):
    nb = w.neighbours
    peace = democratic_peace(p)
    for q in range(start, stop):
        i = order[q]
        if w.war[i] >= 0 or nb.ln[i] == 0 or (w.status[i] & ENGAGED) != 0:
            continue  # waits for its war to end (and fights on where the grim trigger says)
        best, best_ratio = -1, 0.0
        for k in range(nb.off[i], nb.off[i] + nb.ln[i]):
            f = nb.val[k]
            if w.act[f] or blocked_by_democratic_peace(w, peace, i, w.f_dst[f]):
                continue
            defence = expected_defence(w, p, i, f)
            ratio = np.inf if defence <= 0.0 else w.alloc[f] / defence
            if best < 0 or ratio > best_ratio:
                best, best_ratio = f, ratio
        if best >= 0 and consider_attack(
            w, p, i, best, False, democratic_peace_factor(w, peace, p.dem_peace_factor, i, w.f_dst[best])
        ):
            w.act[best] = True


class DivideAndConquer(Strategy):
    name = "divide_and_conquer"
    model = "geosim"
    citation = (
        "foedus, after Crawford (2011) and Johnson, Weidmann & Cederman (2011): attack the target "
        "whose expected coalition is weakest, one war at a time"
    )
    traits = {
        "role": "aggressor",
        "stochastic": True,
        "memory": "war",
        "uses_alliances": True,
        "posture": "honour",
    }
    rule = divide_and_conquer
