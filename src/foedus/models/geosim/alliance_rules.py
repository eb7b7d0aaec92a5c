"""Collective defence on GeoSim: alliances formed at the end of the initial phase, obligations met
by opening fronts (the GeoSim-faithful way: help can only come from a state bordering the
aggressor) or by sending resources, wedge campaigns, exercises, and regimes (Cederman &
Gleditsch 2004). None of these rules runs, or draws a random number, unless the alliance layer
is switched on, and every random number they draw comes from a second stream (Python's
`random` inside compiled code, seeded from the run's seed), so plain GeoSim, and GeoSim with
alliances that never help (p_honor = 0), are unchanged bit for bit.
"""

from __future__ import annotations

import math
import random

import numpy as np
from numba import njit

from foedus.models.geosim.params import (
    Aggressor,
    AllianceSetup,
    BlocMembers,
    DemocraticPeace,
    Exclusivity,
    FreedRegime,
    Frozen,
    Help,
    HonorDraw,
    Pariah,
    Provision,
    RegimeWeighting,
    Request,
    WedgeTarget,
)
from foedus.models.geosim.rules import cell_distance, find_war
from foedus.sim.alliances import (
    AUTOCRACY,
    DEMOCRACY,
    POSTURE_BUCK_PASS,
    POSTURE_BY_PERCEPTION,
    POSTURE_CHAIN_GANG,
    ROLE_AGGRESSOR,
    ROLE_FROZEN,
    ROLE_MEMBER,
    ROLE_OBSERVER,
    decay,
    note_obligation,
    protected_by,
    raise_towards_one,
    reliability,
)

HONOURED, ABANDONED, ENTRAPPED = 1, 2, 3
AGGRESSOR_RULE, MEMBER_RULE = 1, 2  # positions of the aggressor's and members' rules in the strategy tuple

# ---------------------------------------------------------------- formation, at the end of the initial phase


@njit(cache=True)
def form_alliances(w, p, live, postures):
    """Regimes, the aggressor, and the blocs, as the observation phase begins. Returns the
    cohort: every state alive now (its role and fate are followed to the end)."""
    al = w.al
    n_live = len(live)
    al.democracies = p.alliance_setup == AllianceSetup.DEMOCRACIES
    al.freed_keep_regime = p.switch_freed_regime == FreedRegime.PARENT
    al.default_posture = postures[0]
    if p.democracy_share > 0.0:  # 10% of states in Cederman & Gleditsch: exactly that many, drawn at random
        order = live.copy()
        _shuffle(order)
        for q in range(int(round(p.democracy_share * n_live))):
            al.regime[order[q]] = DEMOCRACY
    for s in live:
        al.regime_at_join[s] = al.regime[s]
    a = -1
    if p.aggressor == Aggressor.LARGEST:
        for s in live:  # the largest state, the lowest capital among equals
            if a < 0 or w.size[s] > w.size[a]:
                a = s
    elif p.aggressor == Aggressor.RANDOM:
        a = live[random.randrange(n_live)]
    if a >= 0:
        al.aggressor = a
        al.role[a] = ROLE_AGGRESSOR
        w.strategy[a] = AGGRESSOR_RULE
    if p.alliance_setup == AllianceSetup.BLOC:
        for b in range(p.alliance_blocs):
            _form_bloc(w, p, live, b)
        al.count = p.alliance_blocs
    elif p.alliance_setup == AllianceSetup.DEMOCRACIES:
        al.count = 1
        for s in live:
            if al.regime[s] == DEMOCRACY:
                _join(w, s, 0, ROLE_MEMBER)
    elif p.alliance_setup == AllianceSetup.COLLECTIVE_SECURITY:
        al.count = 1
        order = live.copy()
        _shuffle(order)
        picked = 0
        for s in order:
            if picked == int(round(p.cs_share * n_live)):
                break
            if s != a:
                _join(w, s, 0, ROLE_MEMBER)
                w.strategy[s] = MEMBER_RULE
                picked += 1
    for s in live:
        al.posture[s] = postures[w.strategy[s]]
    return live.copy()


@njit(cache=True)
def _shuffle(a):
    i = len(a) - 1
    while i > 0:
        j = random.randrange(0, i + 1)
        a[i], a[j] = a[j], a[i]
        i -= 1


@njit(cache=True)
def _join(w, s, bloc, role):
    al = w.al
    if role == ROLE_MEMBER:
        al.member[s] |= 1 << bloc
    elif role == ROLE_FROZEN:
        al.frozen[s] |= 1 << bloc
    else:
        al.observer[s] |= 1 << bloc
    if al.role[s] == 0:
        al.role[s] = role
    al.res_at_join[s] = w.res[s]
    al.regime_at_join[s] = al.regime[s]


@njit(cache=True)
def _form_bloc(w, p, live, b):
    """One bloc: `alliance_size` members (the last `alliance_frozen` of them frozen), then
    `alliance_observers` observers, chosen among states not yet in a bloc unless exclusivity
    only forbids alliances directed against a party (blocs here are directed against the
    aggressor alone, who never joins one)."""
    al = w.al
    need = p.alliance_size + p.alliance_observers
    cand = np.empty(len(live), np.int64)
    m = 0
    for s in live:
        taken = (al.member[s] | al.frozen[s] | al.observer[s]) != 0
        if s != al.aggressor and not (taken and p.switch_exclusivity == Exclusivity.ONE_ALLIANCE):
            cand[m] = s
            m += 1
    cand = cand[:m]
    if p.switch_bloc_members == BlocMembers.NEAR_AGGRESSOR and al.aggressor >= 0:
        d = np.empty(m)
        for q in range(m):
            d[q] = cell_distance(w, cand[q], al.aggressor)
        chosen = cand[np.argsort(d, kind="mergesort")]
    elif p.switch_bloc_members == BlocMembers.RANDOM or m == 0:
        chosen = cand.copy()
        _shuffle(chosen)
    else:  # contiguous: breadth-first over borders from a random candidate
        chosen = _contiguous(w, cand, cand[random.randrange(m)], need)
    for q in range(min(need, len(chosen))):
        s = chosen[q]
        if q < p.alliance_size - p.alliance_frozen:
            _join(w, s, b, ROLE_MEMBER)
            w.strategy[s] = MEMBER_RULE
        elif q < p.alliance_size:
            _join(w, s, b, ROLE_FROZEN)
            w.strategy[s] = MEMBER_RULE
        else:
            _join(w, s, b, ROLE_OBSERVER)


@njit(cache=True)
def _contiguous(w, cand, start, need):
    allowed = np.zeros(len(w.alive), np.bool_)
    for s in cand:
        allowed[s] = True
    out = np.empty(len(cand), np.int64)
    out[0] = start
    allowed[start] = False
    head, tail = 0, 1
    nb = w.neighbours
    while head < tail and tail < need:
        s = out[head]
        head += 1
        for q in range(nb.off[s], nb.off[s] + nb.ln[s]):
            x = nb.key[q]
            if allowed[x] and tail < len(out):
                allowed[x] = False
                out[tail] = x
                tail += 1
    return out[:tail]


# ---------------------------------------------------------------- every period


@njit(cache=True)
def alliance_upkeep(w, p, t, since, live):
    """Effects decay with their half-lives; scheduled exercises and wedge offers happen."""
    al = w.al
    for k in range(al.count):
        al.coordination[k] = decay(al.coordination[k], p.exercise_half_life)
        al.credibility[k] = decay(al.credibility[k], p.exercise_half_life)
    for s in live:
        if al.wedge[s] > 0.0:
            al.wedge[s] = decay(al.wedge[s], p.wedge_half_life)
    if p.exercise_every > 0 and (t - since) % p.exercise_every == 0:
        for k in range(al.count):
            al.coordination[k] = raise_towards_one(al.coordination[k], p.exercise_coordination)
            al.credibility[k] = raise_towards_one(al.credibility[k], p.exercise_credibility)
        for s in live:  # every member pays its share of the exercise
            if al.member[s] != 0:
                w.res[s] *= 1.0 - p.exercise_cost
    a = al.aggressor
    if p.wedge_every > 0 and (t - since) % p.wedge_every == 0 and a >= 0 and w.alive[a]:
        wedge_offer(w, p, live, a)


@njit(cache=True)
def wedge_offer(w, p, live, a):
    """The aggressor offers one member a concession (a share of its resources). Accepted, it
    lowers that member's reliability towards the aggressor's targets; the target's strongest
    ally may counter with a binding offer, which wins if it is at least as large."""
    al = w.al
    target = -1
    best = 0.0
    n_members = 0
    for s in live:
        if al.member[s] == 0 or s == a:
            continue
        n_members += 1
        if p.switch_wedge_target == WedgeTarget.LEAST_COMMITTED:
            score = -reliability(al, p, s, w.res[s])  # the member least likely to honour
        else:  # nearest to the aggressor
            score = -cell_distance(w, s, a)
        if target < 0 or score > best:
            target, best = s, score
    if target < 0:
        return
    if p.switch_wedge_target == WedgeTarget.RANDOM:
        pick = random.randrange(n_members)
        for s in live:
            if al.member[s] != 0 and s != a:
                if pick == 0:
                    target = s
                    break
                pick -= 1
    offer = p.wedge_offer * w.res[a]
    patron = -1
    for s in live:  # the target's strongest ally
        if s != target and s != a and (al.member[s] & al.member[target]) != 0:
            if patron < 0 or w.res[s] > w.res[patron]:
                patron = s
    counter = p.wedge_counter * w.res[patron] if patron >= 0 else 0.0
    if counter > 0.0 and counter >= offer:
        w.res[patron] -= counter
        w.res[target] += counter
        al.wedge[target] = 0.0  # bound again (Izumikawa 2018)
    else:
        w.res[a] -= offer
        w.res[target] += offer
        al.wedge[target] = 1.0


@njit(cache=True)
def mark_fights(w, live):
    """Before decisions: which fronts fight by the grim trigger, and allocations at full weight."""
    nb = w.neighbours
    for s in live:
        for q in range(nb.off[s], nb.off[s] + nb.ln[s]):
            f = nb.val[q]
            w.grim[f] = w.act[f]
            w.boost[f] = 1.0


@njit(cache=True)
def note_new_fights(w, live):
    """After decisions: a fight that was not going on is started by whoever attacks now."""
    nb = w.neighbours
    for s in live:
        for q in range(nb.off[s], nb.off[s] + nb.ln[s]):
            f = nb.val[q]
            r = w.f_rev[f]
            if not (w.grim[f] or w.grim[r]):
                w.initiated[f] = w.act[f] and not w.act[r]
                if w.initiated[f] and w.al.regime[s] == DEMOCRACY and w.al.regime[w.f_dst[f]] == DEMOCRACY:
                    w.al.dem_attacks += 1


@njit(cache=True)
def collective_defence(w, p, t, live):
    """Every front where a party attacks a defended state calls the victim's allies. Conditional
    provisions answer only an attack the aggressor started; unconditional ones also back an ally
    that started the fight (entrapment). Cederman & Gleditsch's democracies defend any democracy
    fighting a non-democracy (the "pariah"), whoever started (switch: only the initiator)."""
    al = w.al
    nb = w.neighbours
    frozen_counted = p.switch_frozen == Frozen.COUNTED
    if p.alliance_setup == AllianceSetup.DEMOCRACIES:
        unconditional = p.switch_pariah == Pariah.ANY_FIGHT
    else:
        unconditional = p.switch_provision == Provision.UNCONDITIONAL
    for x in live:
        for q in range(nb.off[x], nb.off[x] + nb.ln[x]):
            f = nb.val[q]
            if not w.act[f]:
                continue
            y = w.f_dst[f]
            mask = protected_by(al, y, frozen_counted)
            if mask == 0 or (al.member[x] & mask) != 0:
                continue  # not defended, or intra-alliance: no obligation against a fellow member
            r = w.f_rev[f]
            if w.initiated[r]:  # the defended state started this fight
                if not unconditional:
                    continue
                kind = ENTRAPPED
            elif w.initiated[f] or unconditional:
                kind = HONOURED
            else:
                continue
            if p.switch_request == Request.ON_REQUEST and not w.alloc[f] > w.alloc[r]:
                continue  # the victim asks for help only when it is outmatched on the front
            _call_allies(w, p, t, x, y, f, mask, kind, frozen_counted)


@njit(cache=True)
def _call_allies(w, p, t, a, v, front, mask, kind, frozen_counted):
    """The members obliged to defend v against a answer: those bordering a open a front against
    it; under resources help, the others send part of their resources to v's front."""
    al = w.al
    nb = w.neighbours
    coord = 0.0
    for k in range(al.count):
        if (mask >> k) & 1:
            coord = max(coord, al.coordination[k])
    helpers = 0
    for q in range(nb.off[a], nb.off[a] + nb.ln[a]):
        g = nb.val[q]
        m = w.f_dst[g]
        if m == v or (protected_by(al, m, frozen_counted) & mask) == 0 or (al.member[m] & al.member[a]) != 0:
            continue
        if _answers(w, p, t, m, a, kind):
            gm = w.f_rev[g]
            w.act[gm] = True  # m plays D against the aggressor
            w.boost[gm] = 1.0 + coord
            helpers += 1
    if p.switch_help == Help.RESOURCES:
        sent = 0.0
        for m in range(len(w.alive)):
            if not w.alive[m] or m == v or m == a or (protected_by(al, m, frozen_counted) & mask) == 0:
                continue
            if _borders(w, m, a):
                continue
            if _answers(w, p, t, m, a, kind):
                d = cell_distance(w, m, v)
                sent += 0.5 * w.res[m] / (1.0 + d / p.help_discount_distance)
        fv = w.f_rev[front]
        if sent > 0.0 and w.alloc[fv] > 0.0:
            w.boost[fv] = max(w.boost[fv], 1.0) + sent / w.alloc[fv]
            helpers += 1
    if helpers > 0 and w.act[w.f_rev[front]]:
        w.boost[w.f_rev[front]] *= 1.0 + coord  # the victim fights alongside its allies


@njit(cache=True)
def _borders(w, m, a):
    nb = w.neighbours
    for q in range(nb.off[m], nb.off[m] + nb.ln[m]):
        if nb.key[q] == a:
            return True
    return False


@njit(cache=True)
def _answers(w, p, t, m, a, kind):
    """Does member m honour its obligation against a? Drawn once per war (calls against the same
    aggressor no more than warShadow periods apart are one war) or once per period; each
    member's answer is counted once per war."""
    al = w.al
    same_war = al.honor_against[m] == a and t - al.honor_t[m] <= p.warShadow
    if same_war and p.switch_honor_draw == HonorDraw.ONCE_PER_WAR:
        al.honor_t[m] = t
        return al.honor_yes[m]
    posture = al.posture[m]
    if posture == POSTURE_BY_PERCEPTION:  # Christensen & Snyder 1990: perceived offence -> chain gangs
        posture = POSTURE_CHAIN_GANG if p.perceived_offense > 0.5 else POSTURE_BUCK_PASS
    yes = _decide(w, p, m, a, posture)
    if not same_war:
        note_obligation(al, a, kind if yes else ABANDONED)
        al.answered[m, 0 if yes else 1] += 1
    al.honor_against[m] = a
    al.honor_yes[m] = yes
    al.honor_t[m] = t
    return yes


@njit(cache=True)
def _decide(w, p, m, a, posture):
    if posture == POSTURE_CHAIN_GANG:
        return True  # joins at once and unconditionally
    q = reliability(w.al, p, m, w.res[m])
    if posture == POSTURE_BUCK_PASS and _others_fight(w, m, a):
        return False  # lets the others balance
    return q > 0.0 and random.random() < q


@njit(cache=True)
def _others_fight(w, m, a):
    """Is another member of m's alliances already fighting a?"""
    nb = w.neighbours
    for q in range(nb.off[a], nb.off[a] + nb.ln[a]):
        g = nb.val[q]
        x = w.f_dst[g]
        if x != m and (w.al.member[x] & w.al.member[m]) != 0 and w.act[w.f_rev[g]]:
            return True
    return False


@njit(cache=True)
def settle_obligations(w, wars, observing):
    """Add this period's answers to the war of each aggressor (its cluster exists now)."""
    al = w.al
    for q in range(al.n_pending):
        a = al.pending_list[q]
        if observing and w.war[a] >= 0:
            root = find_war(wars, w.war[a])
            for c in range(4):
                wars.answers[root, c] += al.pending[a, c]
        for c in range(4):
            al.pending[a, c] = 0
    al.n_pending = 0


@njit(cache=True)
def change_regimes(w, p, live):
    """Contextual regime change (Cederman & Gleditsch 2004): each period an autocracy becomes a
    democracy with probability rc_base / (1 + exp(-rc_slope (share - rc_midpoint))), share the
    democratic share of its neighbours (each neighbour counts once, or by the length of the shared
    border: switch_rc_weighting); a democracy turns with the mirror-image rule."""
    al = w.al
    nb = w.neighbours
    by_border = p.switch_rc_weighting == RegimeWeighting.BORDER
    for s in live:
        if nb.ln[s] == 0:
            continue
        dem = 0
        total = 0
        for q in range(nb.off[s], nb.off[s] + nb.ln[s]):
            weight = w.targets.ln[nb.val[q]] if by_border else 1
            total += weight
            if al.regime[nb.key[q]] == DEMOCRACY:
                dem += weight
        if total == 0:
            continue
        share = dem / total
        pressure = share if al.regime[s] == AUTOCRACY else 1.0 - share
        prob = p.rc_base / (1.0 + math.exp(-p.rc_slope * (pressure - p.rc_midpoint)))
        if random.random() < prob:
            al.regime[s] = DEMOCRACY if al.regime[s] == AUTOCRACY else AUTOCRACY
            if p.alliance_setup == AllianceSetup.DEMOCRACIES:
                al.member[s] = 1 if al.regime[s] == DEMOCRACY else 0


# The democratic peace as decision rules see it: read once per call of a rule (a helper that
# takes the parameters costs a copy of them per call, which showed in the plain run's time).
PEACE_NONE, PEACE_HARD, PEACE_REDUCED = 0, 1, 2


@njit(cache=True, inline="always")
def democratic_peace(p):
    """PEACE_NONE without regimes; PEACE_HARD: democracies never attack democracies (Cederman
    2001); PEACE_REDUCED: they do with their attack probability times dem_peace_factor."""
    if p.democracy_share <= 0.0:
        return PEACE_NONE
    return PEACE_HARD if p.switch_democratic_peace == DemocraticPeace.NEVER_ATTACK else PEACE_REDUCED


@njit(cache=True, inline="always")
def blocked_by_democratic_peace(w, peace, i, j):
    """May i not attack j (both democracies under the hard rule)?"""
    return peace == PEACE_HARD and w.al.regime[i] == DEMOCRACY and w.al.regime[j] == DEMOCRACY


@njit(cache=True, inline="always")
def democratic_peace_factor(w, peace, factor, i, j):
    """Multiplier on i's probability of attacking j: `factor` if both are democracies under the
    reduced rule, else 1."""
    if peace == PEACE_REDUCED and w.al.regime[i] == DEMOCRACY and w.al.regime[j] == DEMOCRACY:
        return factor
    return 1.0
