"""GeoSim's rules as compiled functions, one per rule, in the order of docs/geosim.md.

Cederman (2003), "Modeling the Size of Wars", APSR 97(1): 135-150; pages in each docstring.
Every function works on the arrays of `world.World` and the named parameters of
`params.KernelParams`; randomness comes only from Numba's Mersenne Twister, whose state the
caller sets before a run, so a run is a pure function of its parameters and seed.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from foedus.models.geosim.adjacency import list_insert, set_owner
from foedus.models.geosim.params import (
    BalanceCurve,
    BalanceSite,
    BattlePath,
    CampaignDrop,
    Damage,
    DistExponent,
    EnemyRes,
    InitialResources,
    NewStateResources,
    Repulse,
    SeverityFronts,
    Victory,
)
from foedus.models.geosim.world import (
    ALERT,
    ENGAGED,
    HAS_FRONTS,
    NO_FIGHT,
    ON_CAMPAIGN,
    grow_war_book,
    new_lists,
)
from foedus.sim.alliances import AUTOCRACY, DEMOCRACY

# ---------------------------------------------------------------- functions of the paper


@njit(cache=True)
def distance_discount(d, theta, offset, slope, as_printed):
    """Loss-of-strength gradient, p. 146: near 1 at the capital, falling to `offset` far away."""
    if as_printed:  # the printed exponent -slope (an erratum: extraction would rise with distance)
        if d == 0.0:
            return offset
        return offset + (1.0 - offset) / (1.0 + (d / theta) ** (-slope))
    return offset + (1.0 - offset) / (1.0 + (d / theta) ** slope)


@njit(cache=True)
def logistic(bal, thresh, slope):
    """p = 1 / (1 + (bal/thresh)^-slope), p. 148: the attack and victory functions."""
    if bal <= 0.0:
        return 0.0
    if math.isinf(bal):
        return 1.0
    return 1.0 / (1.0 + (bal / thresh) ** (-slope))


@njit(cache=True, inline="always")
def allocate_into(res_i, n, mobile_share, opp, fought, active_only, out):
    """Hybrid fixed/mobile allocation of res_i to n fronts, p. 147.

    opp[k]: the opponent's allocation to front k last period; fought[k]: combat there last period.
    Passive fronts get a conditional share (only one new attack is expected), so the shares need
    not sum to res_i.
    """
    fixed = (1.0 - mobile_share) * res_i / n
    mobile = mobile_share * res_i
    enemy = 0.0
    for k in range(n):
        if fought[k] or not active_only:
            enemy += opp[k]
    for k in range(n):
        if enemy == 0.0:
            out[k] = fixed + mobile
        elif fought[k]:
            out[k] = fixed + opp[k] / enemy * mobile
        else:
            out[k] = fixed + opp[k] / (enemy + opp[k]) * mobile


@njit(cache=True)
def cell_distance(w, a, b):
    """Euclidean distance between two cells (GeoSim2's metric; the paper does not state one)."""
    dx = float(w.cell_x[a] - w.cell_x[b])
    dy = float(w.cell_y[a] - w.cell_y[b])
    return math.sqrt(dx * dx + dy * dy)


@njit(cache=True)
def discount_at(w, p, site, state, theta):
    """dist(d, t) at `site` for `state` with threshold theta (p. 146)."""
    return distance_discount(
        cell_distance(w, site, state),
        theta,
        p.distOffset,
        p.distSlope,
        p.switch_dist_exponent == DistExponent.AS_PRINTED,
    )


# ---------------------------------------------------------------- setup, p. 146


@njit(cache=True)
def grow_founders(w, p):
    """Place `initPolarity` founders at random; each pass, every founder in turn annexes one
    uniformly chosen unclaimed neighbouring cell, until none is left (GeoSim2's growth)."""
    nx, ny = w.nx, w.ny
    n = nx * ny
    order = np.arange(n)
    shuffle(order, n)  # founders: the first initPolarity cells of a random permutation
    founders = order[: p.initPolarity]
    k_f = len(founders)
    cells = new_lists(k_f, 4 * (n + k_f))  # each founder's cells in ascending order
    for k in range(len(founders)):
        f = founders[k]
        w.owner[f] = f
        list_insert(cells, k, f, 0)
    frontier = np.empty(4 * n, np.int64)
    grown = np.ones(len(founders), np.bool_)
    changed = True
    while changed:
        changed = False
        for k in range(len(founders)):
            if not grown[k]:  # a founder with no unclaimed neighbour never gets one again
                continue
            f = founders[k]
            m = 0
            o = cells.off[k]
            for q in range(cells.ln[k]):  # cells in ascending order, as a whole-grid scan meets them
                c = cells.key[o + q]
                x, y = c % nx, c // nx
                if x > 0 and w.owner[c - 1] == -1:
                    frontier[m] = c - 1
                    m += 1
                if x < nx - 1 and w.owner[c + 1] == -1:
                    frontier[m] = c + 1
                    m += 1
                if y > 0 and w.owner[c - nx] == -1:
                    frontier[m] = c - nx
                    m += 1
                if y < ny - 1 and w.owner[c + nx] == -1:
                    frontier[m] = c + nx
                    m += 1
            if m == 0:
                grown[k] = False
                continue
            # uniform over distinct unclaimed neighbours: rejection on the multiplicity
            while True:
                pick = frontier[np.random.randint(m)]
                mult = 0
                for q in range(m):
                    if frontier[q] == pick:
                        mult += 1
                if np.random.random() * mult < 1.0:
                    break
            w.owner[pick] = f
            list_insert(cells, k, pick, 0)
            changed = True
    return founders


@njit(cache=True)
def found_states(w, p, founders):
    """Founders become states; every cell is marked changed so the first border update builds all."""
    n = w.nx * w.ny
    for c in range(n):
        s = w.owner[c]
        w.owner[c] = -1
        set_owner(w, c, s)
        if not w.alive[s]:
            w.alive[s] = True
            w.n_alive += 1
            w.tax_stale[s] = True
        w.size[s] += 1
    for f in founders:
        w.thresh[f] = p.distThresh


# ---------------------------------------------------------------- 1. technology, p. 147


@njit(cache=True)
def technology_shocks(w, p, t, live):
    """Each state independently adopts the frontier threshold with probability pShock."""
    frontier = p.distThresh + (t - p.initPeriod) * p.shockSize / p.duration
    thresh, shocked, tax_stale = w.thresh, w.shocked, w.tax_stale
    for s in live:
        if np.random.random() < p.pShock:
            thresh[s] = frontier
            shocked[s] = True
            tax_stale[s] = True


# ---------------------------------------------------------------- 2. resources, pp. 146-147


@njit(cache=True)
def state_tax(w, p, s):
    """tax(s) = sum over provinces of dist(d, t), summed in cell order (so it never depends on
    the history of the map); shrinks the state's bounding box to its cells on the way."""
    nx = w.nx
    b = w.box[s]
    x0, y0, x1, y1 = w.nx, w.ny, -1, -1
    tax = 0.0
    for y in range(b[1], b[3] + 1):
        for x in range(b[0], b[2] + 1):
            c = y * nx + x
            if w.owner[c] != s:
                continue
            x0, y0 = min(x0, x), min(y0, y)
            x1, y1 = max(x1, x), max(y1, y)
            if c != s:
                if w.disc_stale[c] or w.shocked[s]:
                    w.disc[c] = discount_at(w, p, c, s, w.thresh[s])
                    w.disc_stale[c] = False
                tax += w.disc[c]
    b[0], b[1], b[2], b[3] = x0, y0, x1, y1
    w.shocked[s] = False
    return tax


@njit(cache=True)
def update_taxes(w, p, live):
    """Recompute the tax of states whose territory or technology changed."""
    for s in live:
        if w.tax_stale[s]:
            w.tax[s] = state_tax(w, p, s)
            w.tax_stale[s] = False


@njit(cache=True)
def initial_resources(w, p, live):
    """Founders start at their steady state 1 + tax (or one unit)."""
    for s in live:
        w.res[s] = 1.0 + w.tax[s] if p.switch_initial_resources == InitialResources.STEADY_STATE else 1.0


@njit(cache=True)
def update_resources(w, p, live):
    """res <- (1 - resChange) res + resChange (1 + tax - damage), pp. 146-147."""
    rc = p.resChange
    res, tax, dmg_in = w.res, w.tax, w.dmg_in
    for s in live:
        res[s] = (1.0 - rc) * res[s] + rc * (1.0 + tax[s] - dmg_in[s])
        if res[s] < 0.0:  # damage cannot leave a state with negative resources
            res[s] = 0.0
        dmg_in[s] = 0.0


@njit(cache=True)
def start_fresh_fronts(w):
    """A front opened since last period is taken to have had an even share of its owner's
    resources, no action and no combat (the allocation rule needs last period's values)."""
    for q in range(w.n_opened):
        f = w.opened[q]
        if w.f_used[f]:
            s = w.f_src[f]
            w.alloc_prev[f] = w.res[s] / w.neighbours.ln[s]
            w.act_prev[f] = False
            w.fought_prev[f] = False
            w.initiated[f] = False
    w.n_opened = 0


# ---------------------------------------------------------------- 3. allocation, p. 147


@njit(cache=True)
def allocate_resources(w, p, live):
    """Each state allocates to its fronts (p. 147) and replays last period's actions by the grim
    trigger (p. 139): act(i, j) = D if i or j played D last period."""
    active_only = p.switch_enemy_res == EnemyRes.ACTIVE_FRONTS
    # the arrays this rule touches, bound once (field access through the world costs per use)
    nb_off, nb_len, nb_slot = w.neighbours.off, w.neighbours.ln, w.neighbours.val
    f_rev, alloc, alloc_prev, fought_prev = w.f_rev, w.alloc, w.alloc_prev, w.fought_prev
    act, act_prev, status, res = w.act, w.act_prev, w.status, w.res
    alert, campaign = w.alert, w.campaign
    opp, fought, share = w.opp_buf, w.fought_buf, w.share_buf
    for s in live:
        d, o = nb_len[s], nb_off[s]
        at_war = False
        for k in range(d):
            f = nb_slot[o + k]
            r = f_rev[f]
            opp[k] = alloc_prev[r]
            fought[k] = fought_prev[f]
            act[f] = act_prev[f] or act_prev[r]
            at_war = at_war or act[f]
        status[s] = (
            (HAS_FRONTS if d > 0 else 0)
            | (ENGAGED if at_war else 0)
            | (ALERT if alert[s] else 0)
            | (ON_CAMPAIGN if campaign[s] >= 0 else 0)
        )
        if d == 0:
            continue
        allocate_into(res[s], d, p.propMobile, opp, fought, active_only, share)
        for k in range(d):
            alloc[nb_slot[o + k]] = share[k]


# ---------------------------------------------------------------- 4. decisions, pp. 139, 148


@njit(cache=True)
def choose_path(w, p, f):
    """Battle path on front f, p. 148: a uniformly chosen target cell of the opponent bordering
    the attacker, then a uniformly chosen attacking cell next to it (PNAS 2002, agent first:
    the attacker's cell first, then a target next to it). Cells come in ascending order."""
    nx, ny, owner = w.nx, w.ny, w.owner
    agent_first = p.switch_battle_path == BattlePath.AGENT_FIRST
    lst = w.f_rev[f] if agent_first else f  # the attacker's border cells are the reverse's targets
    tg = w.targets
    first = tg.key[tg.off[lst] + np.random.randint(tg.ln[lst])]
    other = w.f_dst[f] if agent_first else w.f_src[f]
    x, y = w.cell_x[first], w.cell_y[first]
    # the neighbours of `first` held by `other`, in ascending cell order: up, left, right, down
    up = first - nx if y > 0 and owner[first - nx] == other else -1
    left = first - 1 if x > 0 and owner[first - 1] == other else -1
    right = first + 1 if x < nx - 1 and owner[first + 1] == other else -1
    down = first + nx if y < ny - 1 and owner[first + nx] == other else -1
    pick = np.random.randint((up >= 0) + (left >= 0) + (right >= 0) + (down >= 0))
    second = -1
    for c2 in (up, left, right, down):
        if c2 >= 0:
            if pick == 0:
                second = c2
                break
            pick -= 1
    if agent_first:
        w.path_agent[f], w.path_target[f] = first, second
    else:
        w.path_agent[f], w.path_target[f] = second, first


@njit(cache=True)
def balance(w, p, f):
    """Local, distance-discounted balance of front f at its battle path, p. 148."""
    i, j = w.f_src[f], w.f_dst[f]
    theta_j = w.thresh[i] if p.switch_balance_curve == BalanceCurve.INITIATOR else w.thresh[j]
    site_i = w.path_agent[f] if p.switch_balance_site == BalanceSite.OWN_CELLS else w.path_target[f]
    own = discount_at(w, p, site_i, i, w.thresh[i]) * w.alloc[f] * w.boost[f]
    site_j = w.path_target[f]
    if site_j != j and p.switch_balance_curve == BalanceCurve.OWN:
        opp = w.disc[site_j] * w.alloc[w.f_rev[f]] * w.boost[w.f_rev[f]]  # j's province: its tax term
    else:
        opp = discount_at(w, p, site_j, j, theta_j) * w.alloc[w.f_rev[f]] * w.boost[w.f_rev[f]]
    if opp <= 0.0:
        return np.inf if own > 0.0 else 0.0
    return own / opp


@njit(cache=True)
def shuffle(a, n):
    """Shuffle a[:n] in place with the draws of np.random.permutation(n) (Fisher-Yates)."""
    i = n - 1
    while i > 0:
        j = np.random.randint(0, i + 1)
        a[i], a[j] = a[j], a[i]
        i -= 1


@njit(cache=True)
def unprovoked_attacks(w, p, live, strategies):
    """In random order, each state's decision rule may open one attack (p. 148). Consecutive
    states with the same rule are handed to it together (one call, the same order)."""
    order = w.order
    for k in range(len(live)):
        order[k] = live[k]
    shuffle(order, len(live))
    start = 0
    while start < len(live):
        k = w.strategy[order[start]]
        stop = start + 1
        while stop < len(live) and w.strategy[order[stop]] == k:
            stop += 1
        strategies[k](order, start, stop, w, p)
        start = stop


# ---------------------------------------------------------------- 5. battles, p. 148


@njit(cache=True)
def battle_damage(p, a_ij, a_ji, i_attacks, j_attacks):
    """Damage (to i, to j) on one combat front, pp. 140, 148 (see switch_damage)."""
    prop = p.propDamage
    if p.switch_damage == Damage.OPPONENT_BOTH:
        return prop * a_ji, prop * a_ij
    if p.switch_damage == Damage.VICTIM_ONLY_ONE_SIDED:
        if i_attacks and j_attacks:
            return prop * a_ji, prop * a_ij
        return (prop * a_ji if j_attacks else 0.0), (prop * a_ij if i_attacks else 0.0)
    return prop * a_ij, prop * a_ji


@njit(cache=True)
def fight_battles(w, p, wars, t, observing, live):
    """Every front where either side plays D fights: damage, war clustering, and for each attack
    a victory draw on the updated local balance (conquest q^2, repulse 1-q under independent
    draws), then the campaign may be dropped (Table A1). Each front's allocation and actions
    are kept as last period's for the next (the rules are double-buffered, p. 147)."""
    claims = w.claims
    n_claims = 0
    n_repulsed = 0
    nb_off, nb_len, nb_slot = w.neighbours.off, w.neighbours.ln, w.neighbours.val
    f_rev, f_dst, act, act_prev, fought_prev = w.f_rev, w.f_dst, w.act, w.act_prev, w.fought_prev
    alloc, alloc_prev, path_agent, path_target = w.alloc, w.alloc_prev, w.path_agent, w.path_target
    fighting, last_fought, dmg_in, campaign = w.fighting, w.last_fought, w.dmg_in, w.campaign
    for i in live:
        o = nb_off[i]
        for k in range(nb_len[i]):
            f = nb_slot[o + k]
            r = f_rev[f]
            attacking = act[f]
            alloc_prev[f] = alloc[f]
            act_prev[f] = attacking
            fought_prev[f] = attacking or act[r]
            if fought_prev[f]:
                j = f_dst[f]
                fighting[i] = True
                last_fought[i] = t
                if i < j:  # damage once per pair of states
                    di, dj = battle_damage(p, alloc[f], alloc[r], attacking, act[r])
                    dmg_in[i] += di
                    dmg_in[j] += dj
                    if observing and (
                        (attacking and act[r]) or p.switch_severity_fronts == SeverityFronts.ALL_COMBAT
                    ):
                        join_war(wars, w, i, j, di + dj, t)
                if attacking:
                    if path_target[f] < 0:
                        choose_path(w, p, f)
                    q = logistic(balance(w, p, f), p.victThresh, p.victSlope)
                    won = np.random.random() < q
                    if p.switch_victory == Victory.INDEPENDENT and np.random.random() < 1.0 - q:
                        act_prev[f] = False  # repulsed: the defender prevails, the attack stops
                        w.repulsed[n_repulsed] = f
                        n_repulsed += 1
                    elif won:
                        claims[n_claims, 0] = i
                        claims[n_claims, 1] = j
                        claims[n_claims, 2] = path_target[f]
                        claims[n_claims, 3] = path_agent[f]
                        n_claims += 1
                    if (
                        p.switch_campaign_drop == CampaignDrop.AFTER_BATTLE
                        and campaign[i] == j
                        and np.random.random() < p.pDropCampaign
                    ):
                        campaign[i] = -1
            path_target[f] = -1
            path_agent[f] = -1
    w.n_claims = n_claims
    if p.switch_repulse == Repulse.ALL_ACTION_STOPS:  # p. 148: "all action stops"
        for k in range(n_repulsed):
            act_prev[f_rev[w.repulsed[k]]] = False


# ---------------------------------------------------------------- wars, pp. 140-141


@njit(cache=True)
def find_war(wars, k):
    root = k
    while wars.parent[root] != root:
        root = wars.parent[root]
    while wars.parent[k] != root:  # path compression
        nxt = wars.parent[k]
        wars.parent[k] = root
        k = nxt
    return root


@njit(cache=True)
def join_war(wars, w, i, j, damage, t):
    """Fighting states i and j belong to one war: a new one, the one either is in, or the merger
    of both (damage summed, earliest start kept)."""
    wi = find_war(wars, w.war[i]) if w.war[i] >= 0 else -1
    wj = find_war(wars, w.war[j]) if w.war[j] >= 0 else -1
    if wi < 0 and wj < 0:
        if wars.opened == len(wars.parent):
            grow_war_book(wars)
        wi = wars.opened
        wars.parent[wi], wars.start[wi], wars.end[wi] = wi, t, t
        wars.sev[wi], wars.part[wi], wars.active[wi] = 0.0, 0, 0
        wars.answers[wi, :] = 0
        wars.opened += 1
    if wi < 0:
        wi, wj = wj, -1
    if wj >= 0 and wj != wi:
        wars.parent[wj] = wi
        wars.sev[wi] += wars.sev[wj]
        wars.start[wi] = min(wars.start[wi], wars.start[wj])
        wars.end[wi] = max(wars.end[wi], wars.end[wj])
        wars.part[wi] += wars.part[wj]
        wars.active[wi] += wars.active[wj]
        for c in range(5):
            wars.answers[wi, c] += wars.answers[wj, c]
    for s in (i, j):
        if w.war[s] < 0:
            w.war[s] = wi
            wars.part[wi] += 1
            wars.active[wi] += 1
    wars.sev[wi] += damage
    wars.end[wi] = t
    wars.total += damage


@njit(cache=True)
def record_war(wars, root, scale, closed):
    """Append the war rooted at `root` to the record (each cluster is recorded at most once)."""
    out = wars.out
    k = wars.recorded
    out[k].start = wars.start[root]
    out[k].end = wars.end[root]
    out[k].severity = wars.sev[root] * scale
    out[k].participants = wars.part[root]
    out[k].closed = closed
    out[k].obliged = wars.answers[root, 0]
    out[k].honoured = wars.answers[root, 1]
    out[k].abandoned = wars.answers[root, 2]
    out[k].entrapped = wars.answers[root, 3]
    out[k].members_lost = wars.answers[root, 4]
    wars.recorded = k + 1


@njit(cache=True)
def leave_war(wars, w, s, scale):
    """State s leaves its war; a war with no active member left is complete and recorded."""
    if w.war[s] < 0:
        return
    root = find_war(wars, w.war[s])
    w.war[s] = -1
    wars.active[root] -= 1
    if wars.active[root] == 0:
        record_war(wars, root, scale, True)


@njit(cache=True)
def close_wars(w, p, wars, t, live):
    """A state leaves its war after more than warShadow periods without fighting (p. 141)."""
    war, last_fought = w.war, w.last_fought
    for s in live:
        if war[s] >= 0 and t - last_fought[s] > p.warShadow:
            leave_war(wars, w, s, p.switch_severity_scale)


@njit(cache=True)
def open_wars(w, p, wars):
    """Wars still going at the horizon, once each, by their lowest member state."""
    n = w.nx * w.ny
    seen = np.zeros(max(wars.opened, 1), np.bool_)
    for s in range(n):
        if w.war[s] >= 0:
            root = find_war(wars, w.war[s])
            if not seen[root]:
                seen[root] = True
                record_war(wars, root, p.switch_severity_scale, False)


# ---------------------------------------------------------------- 6. structural change, pp. 148-149


@njit(cache=True)
def birth(w, c, parent, res):
    """Cell c becomes a sovereign primitive actor; it keeps its former state's technology (and,
    by a switch, its regime), follows the default decision rule, joins no alliance, and starts
    with `res`."""
    set_owner(w, c, c)
    w.alive[c] = True
    w.size[c] = 1
    w.res[c] = res
    w.thresh[c] = w.thresh[parent]
    w.strategy[c] = 0
    if w.allied:
        al = w.al
        al.regime[c] = al.regime[parent] if al.freed_keep_regime else AUTOCRACY
        al.member[c] = 1 if al.regime[c] == DEMOCRACY and al.democracies else 0
        al.frozen[c] = 0
        al.observer[c] = 0
        al.posture[c] = al.default_posture
        al.wedge[c] = 0.0
        al.honor_against[c] = -1
    w.tax_stale[c] = True
    w.alert[c] = False
    w.campaign[c] = -1
    w.war[c] = -1
    w.last_fought[c] = NO_FIGHT
    w.dmg_in[c] = 0.0
    w.n_alive += 1


@njit(cache=True)
def new_state_resources(w, p, parent):
    if p.switch_new_state_resources == NewStateResources.ZERO:
        return 0.0
    if p.switch_new_state_resources == NewStateResources.CENTRE_SHARE:
        return w.res[parent] / w.size[parent]  # an equal share of the centre's resources
    return 1.0


@njit(cache=True)
def kill(w, p, wars, j):
    """State j ceases to exist and leaves its war (counted as a member lost if it was one)."""
    if w.allied:
        w.al.died[j] = w.t
        if (w.al.member[j] | w.al.frozen[j]) != 0 and w.war[j] >= 0:
            wars.answers[find_war(wars, w.war[j]), 4] += 1
    w.alive[j] = False
    w.size[j] = 0
    w.campaign[j] = -1
    w.alert[j] = False
    w.n_alive -= 1
    leave_war(wars, w, j, p.switch_severity_scale)


@njit(cache=True)
def reach(w, j):
    """Mark the cells of state j connected to its capital; return how many there are."""
    nx, ny = w.nx, w.ny
    w.stamp_now += 1
    st = w.stamp_now
    head, tail = 0, 1
    w.queue[0] = j
    w.stamp[j] = st
    while head < tail:
        c = w.queue[head]
        head += 1
        x, y = c % nx, c // nx
        for c2, ok in ((c - 1, x > 0), (c + 1, x < nx - 1), (c - nx, y > 0), (c + nx, y < ny - 1)):
            if ok and w.owner[c2] == j and w.stamp[c2] != st:
                w.stamp[c2] = st
                w.queue[tail] = c2
                tail += 1
    return tail


@njit(cache=True)
def collapse(w, p, wars, i, j):
    """The capital of j falls (p. 149): a primitive is absorbed; a composite state collapses and
    its provinces become sovereign; the conqueror takes the capital (PNAS 2002, p. 7298)."""
    primitive = w.size[j] == 1
    share = new_state_resources(w, p, j)
    if not primitive:
        b = w.box[j]
        for y in range(b[1], b[3] + 1):
            for x in range(b[0], b[2] + 1):
                c = y * w.nx + x
                if c != j and w.owner[c] == j:
                    birth(w, c, j, share)
    kill(w, p, wars, j)
    if primitive or p.switch_capital_annexed:
        set_owner(w, j, i)
        w.size[i] += 1
        w.tax_stale[i] = True
    else:
        birth(w, j, j, share)


@njit(cache=True)
def annex_province(w, p, i, j, c):
    """A province passes to i; provinces cut off from j's capital regain sovereignty (p. 149)."""
    share = new_state_resources(w, p, j)
    set_owner(w, c, i)
    w.size[i] += 1
    w.size[j] -= 1
    w.tax_stale[i] = True
    w.tax_stale[j] = True
    reached = reach(w, j)
    if reached < w.size[j]:
        st = w.stamp_now
        b = w.box[j]
        for y in range(b[1], b[3] + 1):
            for x in range(b[0], b[2] + 1):
                c2 = y * w.nx + x
                if w.owner[c2] == j and w.stamp[c2] != st:
                    birth(w, c2, j, share)
                    if p.switch_new_state_resources == NewStateResources.CENTRE_SHARE:
                        w.res[j] -= share  # the freed province takes its share with it
        w.size[j] = reached


@njit(cache=True)
def apply_conquests(w, p, wars):
    """Claims in random order; an executed conquest locks the two cells involved (p. 149).
    Returns whether the map changed."""
    claims = w.claims
    n_claims = w.n_claims
    if n_claims == 0:
        return False
    w.stamp_now += 1
    locked = w.stamp_now
    changed = False
    order = w.order
    for k in range(n_claims):
        order[k] = k
    shuffle(order, n_claims)
    for q in range(n_claims):
        k = order[q]
        i, j, tc, ac = claims[k, 0], claims[k, 1], claims[k, 2], claims[k, 3]
        if (
            not (w.alive[i] and w.alive[j])
            or w.owner[tc] != j
            or w.owner[ac] != i
            or w.lock[tc] == locked
            or w.lock[ac] == locked
        ):
            continue
        w.lock[tc] = locked
        w.lock[ac] = locked
        changed = True
        if tc == j:
            collapse(w, p, wars, i, j)
        else:
            annex_province(w, p, i, j, tc)
    return changed


# ---------------------------------------------------------------- 7. context activation, p. 148


@njit(cache=True)
def update_alert(w, p, live):
    """Fighting, or a fighting neighbour, puts a state on alert; a calm alert state leaves alert
    with probability pDeactivate. Neighbours are those of the start of the period."""
    alert, fighting, f_dst = w.alert, w.fighting, w.f_dst
    nb_off, nb_len, nb_slot = w.neighbours.off, w.neighbours.ln, w.neighbours.val
    for s in live:
        if not p.switch_context_activation:
            alert[s] = False
            continue
        near = fighting[s]
        if not near:
            o = nb_off[s]
            for k in range(nb_len[s]):
                if fighting[f_dst[nb_slot[o + k]]]:
                    near = True
                    break
        if near:
            alert[s] = True
        elif alert[s] and np.random.random() < p.pDeactivate:
            alert[s] = False


# ---------------------------------------------------------------- bookkeeping between periods


@njit(cache=True)
def calm_down(w, live):
    """Fighting flags last one period (they drive context activation)."""
    fighting = w.fighting
    for s in live:
        fighting[s] = False


@njit(cache=True)
def collect_alive(w, out):
    """The live states in ascending order, written to `out`; returns how many."""
    m = 0
    for s in range(len(w.alive)):
        if w.alive[s]:
            out[m] = s
            m += 1
    return m
