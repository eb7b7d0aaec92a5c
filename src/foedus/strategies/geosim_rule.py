"""GeoSim's own decision rule (Cederman 2003, APSR 97(1), p. 148): context activation, campaigns,
a uniformly chosen neighbour, and an attack with logistic probability in the local balance."""

from __future__ import annotations

import numpy as np
from numba import njit

from foedus.models.geosim.adjacency import front_of, front_slot
from foedus.models.geosim.alliance_rules import (
    PEACE_HARD,
    blocked_by_democratic_peace,
    democratic_peace,
    democratic_peace_factor,
)
from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.models.geosim.params import AttackGuard, CampaignDrop, DecisionOrder, StalledCampaign
from foedus.models.geosim.rules import balance, choose_path, logistic
from foedus.models.geosim.world import ALERT, ENGAGED, HAS_FRONTS, ON_CAMPAIGN
from foedus.sim.alliances import DEMOCRACY
from foedus.sim.strategy import Strategy


@njit(cache=True)
def consider_attack(w, p, i, f, campaign, factor):
    """State i contemplates attacking over front f: a battle path, then an attack with
    probability factor/(1 + (bal/supThresh)^-supSlope) in the local balance there (p. 148)."""
    choose_path(w, p, f)
    if np.random.random() < factor * logistic(balance(w, p, f), p.supThresh, p.supSlope):
        w.campaign[i] = w.f_dst[f]
        if p.switch_decision_order == DecisionOrder.DECIDE_FIRST:
            choose_path(w, p, f)  # the battle path is drawn after the decision (pseudo-code order)
        return True
    if campaign and p.switch_stalled_campaign == StalledCampaign.ENDED:
        w.campaign[i] = -1  # a campaign whose attack is not approved has ended
    return False


@njit(cache=True, inline="always")
def contemplates_attack(w, p, i):
    """GeoSim's guard without campaigns (p. 148): a state with fronts contemplates an unprovoked
    attack with probability pAttack when none of its fronts is at war, and every period while
    alert."""
    st = w.status[i]
    if not st & HAS_FRONTS:
        return False
    return ((st & ENGAGED) == 0 and np.random.random() < p.pAttack) or (st & ALERT) != 0


@njit(cache=True, inline="always")
def random_target(w, peace, i):
    """A uniformly chosen neighbour, or, for a democracy under the hard democratic peace, a
    uniformly chosen non-democratic neighbour (-1 if there is none)."""
    d = w.neighbours.ln[i]
    if peace != PEACE_HARD or w.al.regime[i] != DEMOCRACY:
        return front_slot(w, i, np.random.randint(d))
    allowed = 0
    for k in range(d):
        allowed += w.al.regime[w.f_dst[front_slot(w, i, k)]] != DEMOCRACY
    if allowed == 0:
        return -1
    pick = np.random.randint(allowed)
    for k in range(d):
        f = front_slot(w, i, k)
        if w.al.regime[w.f_dst[f]] != DEMOCRACY:
            if pick == 0:
                return f
            pick -= 1
    return -1


@njit(cache=True, inline="always")
def _decide(order, start, stop, w, p, regimes):
    """Decide for the states order[start:stop] in turn: keep the campaign's target while it
    borders us, else pick a uniformly chosen neighbour; the guard as printed is
    (no action AND pAttack) OR alerted OR campaign. With `regimes`, democracies spare
    democracies as the democratic peace says (foedus.models.geosim.alliance_rules)."""
    status, alive, campaign, act = w.status, w.alive, w.campaign, w.act
    drop_each_time = p.switch_campaign_drop == CampaignDrop.EVERY_DECISION
    as_printed = p.switch_attack_guard == AttackGuard.AS_PRINTED
    peace = democratic_peace(p)
    for q in range(start, stop):
        i = order[q]
        st = status[i]  # set as the state allocated this period (the common case reads only this)
        if not st & HAS_FRONTS:
            continue
        busy = (st & ENGAGED) != 0  # some front is at war already (grim trigger)
        alerted = (st & ALERT) != 0
        target = -1
        if st & ON_CAMPAIGN:
            c = campaign[i]
            if alive[c] and not (regimes and blocked_by_democratic_peace(w, peace, i, c)):
                target = front_of(w, i, c)
            if target < 0:
                campaign[i] = -1
        if target >= 0 and drop_each_time and np.random.random() < p.pDropCampaign:
            campaign[i] = -1
            target = -1
        if as_printed:
            go = (not busy and np.random.random() < p.pAttack) or alerted or target >= 0
        else:
            go = (not busy or alerted or target >= 0) and np.random.random() < p.pAttack
        if not go:
            continue
        if target >= 0:
            f = target
        elif regimes:
            f = random_target(w, peace, i)
        else:
            f = front_slot(w, i, np.random.randint(w.neighbours.ln[i]))
        if f < 0 or act[f]:
            continue  # no neighbour it may attack, or already fighting that one
        factor = 1.0
        if regimes:
            factor = democratic_peace_factor(w, peace, p.dem_peace_factor, i, w.f_dst[f])
        if consider_attack(w, p, i, f, target >= 0, factor):
            act[f] = True


# The rule is compiled twice, each time with the loop inlined and `regimes` a constant: the
# plain model's copy has no democratic-peace code at all. Its mere presence, or a call from
# here to a separately compiled loop, cost the plain run ~30% (measured; docs/geosim.md).
@njit(DECISION_SIGNATURE, cache=True)
def geosim_decisions(order, start, stop, w, p):
    _decide(order, start, stop, w, p, False)


@njit(DECISION_SIGNATURE, cache=True)
def geosim_decisions_with_regimes(order, start, stop, w, p):
    _decide(order, start, stop, w, p, True)


class GeoSimRule(Strategy):
    name = "geosim"
    model = "geosim"
    citation = "Cederman, L.-E. (2003). Modeling the Size of Wars. APSR 97(1): 135-150, p. 148."
    traits = {
        "role": "any",
        "stochastic": True,
        "memory": "campaign",
        "uses_alliances": False,
        "posture": "honour",
    }
    rule = geosim_decisions
    rule_with_regimes = geosim_decisions_with_regimes
