"""The deterrable aggressor: GeoSim's rule, but the attack probability counts the help the target
can expect (Leeds 2003; Johnson & Leeds 2011: defensive alliances deter): the local balance is
scaled by the target's allocation over that allocation plus each bordering ally's allocation
times its perceived reliability."""

from __future__ import annotations

import numpy as np
from numba import njit

from foedus.models.geosim.alliance_rules import democratic_peace, democratic_peace_factor
from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.models.geosim.rules import balance, choose_path, logistic
from foedus.sim.strategy import Strategy
from foedus.strategies.divide_and_conquer import expected_defence
from foedus.strategies.geosim_rule import contemplates_attack, random_target


@njit(DECISION_SIGNATURE, cache=True)
def deterrable(order, start, stop, w, p):
    peace = democratic_peace(p)
    for q in range(start, stop):
        i = order[q]
        if not contemplates_attack(w, p, i):
            continue
        f = random_target(w, peace, i)
        if f < 0 or w.act[f]:
            continue
        choose_path(w, p, f)
        own = w.alloc[w.f_rev[f]]
        expected = expected_defence(w, p, i, f)
        bal = balance(w, p, f) * (own / expected if expected > 0.0 else 1.0)
        factor = democratic_peace_factor(w, peace, p.dem_peace_factor, i, w.f_dst[f])
        if np.random.random() < factor * logistic(bal, p.supThresh, p.supSlope):
            w.act[f] = True


class Deterrable(Strategy):
    name = "deterrable"
    model = "geosim"
    citation = "foedus, after Leeds (2003) and Johnson & Leeds (2011): an attacker that counts expected help"
    traits = {
        "role": "aggressor",
        "stochastic": True,
        "memory": "none",
        "uses_alliances": True,
        "posture": "honour",
    }
    rule = deterrable
