"""The opportunist: GeoSim's rule, but when it contemplates an attack it prefers a neighbour that
is already at war (its resources are tied up elsewhere)."""

from __future__ import annotations

import numpy as np
from numba import njit

from foedus.models.geosim.alliance_rules import (
    blocked_by_democratic_peace,
    democratic_peace,
    democratic_peace_factor,
)
from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.sim.strategy import Strategy
from foedus.strategies.geosim_rule import consider_attack, contemplates_attack, random_target


@njit(cache=True)
def warring_neighbour(w, peace, i):
    """A uniformly chosen neighbour already at war, or -1."""
    nb = w.neighbours
    count = 0
    for q in range(nb.off[i], nb.off[i] + nb.ln[i]):
        j = nb.key[q]
        if w.war[j] >= 0 and not blocked_by_democratic_peace(w, peace, i, j):
            count += 1
    if count == 0:
        return -1
    pick = np.random.randint(count)
    for q in range(nb.off[i], nb.off[i] + nb.ln[i]):
        j = nb.key[q]
        if w.war[j] >= 0 and not blocked_by_democratic_peace(w, peace, i, j):
            if pick == 0:
                return nb.val[q]
            pick -= 1
    return -1


@njit(DECISION_SIGNATURE, cache=True)
def opportunist(order, start, stop, w, p):
    peace = democratic_peace(p)
    for q in range(start, stop):
        i = order[q]
        if not contemplates_attack(w, p, i):
            continue
        f = warring_neighbour(w, peace, i)
        if f < 0:
            f = random_target(w, peace, i)
        if f < 0 or w.act[f]:
            continue
        factor = democratic_peace_factor(w, peace, p.dem_peace_factor, i, w.f_dst[f])
        if consider_attack(w, p, i, f, False, factor):
            w.act[f] = True


class Opportunist(Strategy):
    name = "opportunist"
    model = "geosim"
    citation = "foedus: GeoSim's guard and attack function, aimed at neighbours already at war"
    traits = {
        "role": "aggressor",
        "stochastic": True,
        "memory": "none",
        "uses_alliances": False,
        "posture": "honour",
    }
    rule = opportunist
