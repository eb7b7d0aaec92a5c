"""GeoSim's compiled kernel: one whole run over flat arrays (Numba).

Rules from Cederman (2003), "Modeling the Size of Wars", APSR 97(1): 135-150; page numbers in
comments. States are identified by their capital cell; fronts are directed (i -> j) and rebuilt
from the map whenever the map changes. All randomness comes from Numba's generator, seeded once
per run, so a run is a pure function of its parameters and seed.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Indices into the float parameter vector.
RES_CHANGE, PROP_MOBILE, P_DROP, P_ATTACK, P_DEACT, SUP_T, SUP_S, VICT_T, VICT_S = range(9)
PROP_DAMAGE, DIST_OFF, DIST_T, DIST_S, P_SHOCK, SHOCK_SIZE, SEV_SCALE = range(9, 16)
# Indices into the integer parameter vector (switches as small integers).
INIT_POL, INIT_PERIOD, DURATION, WAR_SHADOW, SW_DIST, SW_ENEMY, SW_GUARD, SW_PATH = range(8)
SW_DAMAGE, SW_SEVF, SW_VICT, SW_CAPITAL, SW_NEWRES, SW_OPEN, SW_INITRES, SW_DROP = range(8, 16)
SW_CONTEXT, SW_CURVE = 16, 17

NO_FIGHT = -(10**9)


@njit(cache=True)
def distance_discount(d, theta, offset, slope, as_printed):
    """Loss-of-strength gradient, p. 146 (decreasing form; see switch_dist_exponent)."""
    if as_printed:
        if d == 0.0:
            return offset
        return offset + (1.0 - offset) / (1.0 + (d / theta) ** (-slope))
    return offset + (1.0 - offset) / (1.0 + (d / theta) ** slope)


@njit(cache=True)
def logistic(bal, thresh, slope):
    """p = 1 / (1 + (bal/thresh)^-slope), pp. 148: the attack and victory functions."""
    if bal <= 0.0:
        return 0.0
    if math.isinf(bal):
        return 1.0
    return 1.0 / (1.0 + (bal / thresh) ** (-slope))


@njit(cache=True)
def allocate(res_i, n, mobile_share, opp, fought, active_only):
    """Hybrid fixed/mobile allocation of res_i to n fronts, p. 147.

    opp[k]: the opponent's allocation to front k last period; fought[k]: combat there last period.
    """
    out = np.empty(n)
    allocate_into(res_i, n, mobile_share, opp, fought, active_only, out)
    return out


@njit(cache=True)
def allocate_into(res_i, n, mobile_share, opp, fought, active_only, out):
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
def _dist(a, b, nx):
    dx = float(a % nx - b % nx)
    dy = float(a // nx - b // nx)
    return math.sqrt(dx * dx + dy * dy)


@njit(cache=True)
def grow_founders(nx, ny, n_founders):
    """Place founders at random and grow them round-robin until no cell is unclaimed (GeoSim2)."""
    n = nx * ny
    owner = np.full(n, -1, np.int64)
    founders = np.random.permutation(n)[:n_founders]
    for f in founders:
        owner[f] = f
    frontier = np.empty(4 * n, np.int64)
    changed = True
    while changed:
        changed = False
        for f in founders:
            m = 0
            for c in range(n):
                if owner[c] != f:
                    continue
                x, y = c % nx, c // nx
                if x > 0 and owner[c - 1] == -1:
                    frontier[m] = c - 1
                    m += 1
                if x < nx - 1 and owner[c + 1] == -1:
                    frontier[m] = c + 1
                    m += 1
                if y > 0 and owner[c - nx] == -1:
                    frontier[m] = c - nx
                    m += 1
                if y < ny - 1 and owner[c + nx] == -1:
                    frontier[m] = c + nx
                    m += 1
            if m > 0:
                # Uniform over distinct unclaimed neighbours: rejection on the multiplicity.
                while True:
                    pick = frontier[np.random.randint(m)]
                    mult = 0
                    for k in range(m):
                        if frontier[k] == pick:
                            mult += 1
                    if np.random.random() * mult < 1.0:
                        break
                owner[pick] = f
                changed = True
    return owner


@njit(cache=True)
def simulate(nx, ny, fp, ip, seed, snap_times):
    """Run GeoSim; return (states per period, wars, map snapshots, final map, final resources,
    total observed severity).

    wars: rows of (start, end, severity, participants, closed) for wars begun after the
    initial phase; total severity is every damage counted towards any war, for checks.
    """
    np.random.seed(seed)
    n = nx * ny
    periods = ip[INIT_PERIOD] + ip[DURATION]
    printed = ip[SW_DIST] == 1
    # --- per-state arrays, indexed by the capital cell ---
    owner = grow_founders(nx, ny, ip[INIT_POL])
    alive = np.zeros(n, np.bool_)
    size = np.zeros(n, np.int64)
    res = np.zeros(n)
    thresh = np.full(n, fp[DIST_T])
    tax = np.zeros(n)
    alert = np.zeros(n, np.bool_)
    campaign = np.full(n, -1, np.int64)
    war = np.full(n, -1, np.int64)
    last_fought = np.full(n, NO_FIGHT, np.int64)
    dmg_in = np.zeros(n)
    fighting = np.zeros(n, np.bool_)
    locked = np.zeros(n, np.bool_)
    mark = np.zeros(n, np.int64)
    stamp = 0
    queue = np.empty(n, np.int64)
    n_alive = 0
    for c in range(n):
        s = owner[c]
        if not alive[s]:
            alive[s] = True
            n_alive += 1
        size[s] += 1
    # --- wars (union-find over war records) ---
    wcap = 1024
    w_parent = np.empty(wcap, np.int64)
    w_start = np.empty(wcap, np.int64)
    w_end = np.empty(wcap, np.int64)
    w_sev = np.empty(wcap)
    w_part = np.empty(wcap, np.int64)
    w_active = np.empty(wcap, np.int64)
    n_wars = 0
    total_sev = 0.0
    out_wars = np.empty((wcap, 5))
    n_out = 0
    # --- fronts ---
    fcap = 4 * n
    f_key = np.empty(0, np.int64)
    f_src = np.empty(0, np.int64)
    f_dst = np.empty(0, np.int64)
    f_rev = np.empty(0, np.int64)
    g_first = np.zeros(1, np.int64)
    g_start = np.zeros(1, np.int64)
    p_agent = np.empty(0, np.int64)
    p_target = np.empty(0, np.int64)
    f_first = np.zeros(n, np.int64)
    f_deg = np.zeros(n, np.int64)
    alloc_prev = np.empty(0)
    act_prev = np.empty(0, np.bool_)
    fought_prev = np.empty(0, np.bool_)
    dirty = True
    tax_dirty = True
    n_states = np.zeros(periods + 1, np.int64)
    n_states[0] = n_alive
    snaps = np.empty((len(snap_times), n), np.int64)
    n_snap = 0
    while n_snap < len(snap_times) and snap_times[n_snap] <= 0:
        snaps[n_snap] = owner
        n_snap += 1
    counts = np.empty(n + 1, np.int64)
    disc = np.zeros(n)  # each province's discounted contribution to its state's tax
    disc_stale = np.ones(n, np.bool_)
    shocked = np.zeros(n, np.bool_)
    states = (owner, alive, size, res, thresh, alert, campaign, war, last_fought, dmg_in)
    opp_buf = np.empty(n)
    fought_buf = np.empty(n, np.bool_)
    claim_att = np.empty(fcap, np.int64)
    claim_vic = np.empty(fcap, np.int64)
    claim_t = np.empty(fcap, np.int64)
    claim_a = np.empty(fcap, np.int64)

    for t in range(1, periods + 1):
        observing = t > ip[INIT_PERIOD]
        # ---------- rebuild fronts from the map when it changed ----------
        if dirty:
            new_key, new_rev, g_first, g_start, p_agent, p_target = _border_fronts(
                owner, nx, ny, ip[SW_PATH] == 1, counts, f_first, f_deg
            )
            nf = len(new_key)
            new_src = new_key // n
            new_alloc = np.empty(nf)
            new_act = np.zeros(nf, np.bool_)
            new_fought = np.zeros(nf, np.bool_)
            old_pos = np.searchsorted(f_key, new_key)
            for f in range(nf):
                o = old_pos[f]
                if o < len(f_key) and f_key[o] == new_key[f]:
                    new_alloc[f] = alloc_prev[o]
                    new_act[f] = act_prev[o]
                    new_fought[f] = fought_prev[o]
                else:  # a new front: its owner is taken to have split evenly last period
                    new_alloc[f] = res[new_src[f]] / f_deg[new_src[f]]
            f_key, f_src, f_dst, f_rev = new_key, new_src, new_key % n, new_rev
            alloc_prev, act_prev, fought_prev = new_alloc, new_act, new_fought
            dirty = False
        nf = len(f_key)

        # ---------- technology shocks, p. 147 (none in the initial phase) ----------
        if t == 1:
            live = np.flatnonzero(alive)  # live states in ascending order, refreshed on change
        if observing and fp[P_SHOCK] > 0.0:
            frontier = fp[DIST_T] + (t - ip[INIT_PERIOD]) * fp[SHOCK_SIZE] / ip[DURATION]
            for s in live:
                if np.random.random() < fp[P_SHOCK]:
                    thresh[s] = frontier
                    shocked[s] = True
                    tax_dirty = True
        if tax_dirty or t == 1:
            # Only provinces that changed hands or whose state changed technology are recomputed;
            # the sum runs in cell order, so the result is the same as a full recomputation.
            tax[:] = 0.0
            for c in range(n):
                s = owner[c]
                if c != s:
                    if disc_stale[c] or shocked[s]:
                        disc[c] = distance_discount(
                            _dist(c, s, nx), thresh[s], fp[DIST_OFF], fp[DIST_S], printed
                        )
                        disc_stale[c] = False
                    tax[s] += disc[c]
            for s in live:
                shocked[s] = False
            tax_dirty = False
        if t == 1:
            for s in range(n):
                if alive[s]:
                    res[s] = 1.0 + tax[s] if ip[SW_INITRES] == 0 else 1.0
            for f in range(nf):
                alloc_prev[f] = res[f_src[f]] / f_deg[f_src[f]]

        # ---------- 1. resource updating, pp. 146-147 ----------
        rc = fp[RES_CHANGE]
        for s in live:
            res[s] = (1.0 - rc) * res[s] + rc * (1.0 + tax[s] - dmg_in[s])
            if res[s] < 0.0:  # damage cannot leave a state with negative resources
                res[s] = 0.0
            dmg_in[s] = 0.0

        # ---------- 2. allocation to fronts (double-buffered), p. 147 ----------
        alloc = np.empty(nf)
        for s in live:
            d = f_deg[s]
            if d == 0:
                continue
            f0 = f_first[s]
            for k in range(d):
                opp_buf[k] = alloc_prev[f_rev[f0 + k]]
                fought_buf[k] = fought_prev[f0 + k]
            allocate_into(
                res[s], d, fp[PROP_MOBILE], opp_buf, fought_buf, ip[SW_ENEMY] == 0, alloc[f0 : f0 + d]
            )

        # ---------- 3. decisions: grim trigger, then unprovoked attacks, pp. 139, 148 ----------
        act = np.zeros(nf, np.bool_)
        for f in range(nf):
            act[f] = act_prev[f] or act_prev[f_rev[f]]
        path_t = np.full(nf, -1, np.int64)
        path_a = np.full(nf, -1, np.int64)
        for i in live[np.random.permutation(len(live))]:  # random order over live states
            d = f_deg[i]
            if d == 0:
                continue
            f0 = f_first[i]
            busy = False
            for k in range(d):
                busy = busy or act[f0 + k]
            target_front = -1
            if campaign[i] >= 0:
                if alive[campaign[i]]:
                    for k in range(d):
                        if f_dst[f0 + k] == campaign[i]:
                            target_front = f0 + k
                if target_front < 0:
                    campaign[i] = -1
            if target_front >= 0 and ip[SW_DROP] == 1 and np.random.random() < fp[P_DROP]:
                campaign[i] = -1
                target_front = -1
            if ip[SW_GUARD] == 0:
                go = (not busy and np.random.random() < fp[P_ATTACK]) or alert[i] or target_front >= 0
            else:
                go = (not busy or alert[i] or target_front >= 0) and np.random.random() < fp[P_ATTACK]
            if not go:
                continue
            f = target_front if target_front >= 0 else f0 + np.random.randint(d)
            if act[f]:
                continue  # already fighting that neighbour
            _choose_path(f, g_first, g_start, p_agent, p_target, path_a, path_t)
            bal = _balance(f, path_t[f], f_src, f_dst, f_rev, alloc, thresh, nx, fp, ip, printed)
            if np.random.random() < logistic(bal, fp[SUP_T], fp[SUP_S]):
                act[f] = True
                campaign[i] = f_dst[f]

        # ---------- 4. interaction: battles and damage, p. 148 ----------
        remembered = act.copy()
        combat = np.zeros(nf, np.bool_)
        n_claims = 0
        for f in range(nf):
            r = f_rev[f]
            if not (act[f] or act[r]):
                continue
            combat[f] = True
            i, j = f_src[f], f_dst[f]
            fighting[i] = True
            last_fought[i] = t
            if f < r:  # damage once per undirected front
                both = act[f] and act[r]
                di, dj = _damage(fp[PROP_DAMAGE], alloc[f], alloc[r], act[f], act[r], ip[SW_DAMAGE])
                dmg_in[i] += di
                dmg_in[j] += dj
                if observing and (both or ip[SW_SEVF] == 0):
                    # war clustering: adjacent fighting states join one war, pp. 140-141
                    wi = _find(w_parent, war[i]) if war[i] >= 0 else -1
                    wj = _find(w_parent, war[j]) if war[j] >= 0 else -1
                    if wi < 0 and wj < 0:
                        if n_wars == wcap:
                            wcap *= 2
                            w_parent = _grow_i(w_parent, wcap)
                            w_start = _grow_i(w_start, wcap)
                            w_end = _grow_i(w_end, wcap)
                            w_sev = _grow_f(w_sev, wcap)
                            w_part = _grow_i(w_part, wcap)
                            w_active = _grow_i(w_active, wcap)
                        wi = n_wars
                        w_parent[wi], w_start[wi], w_end[wi] = wi, t, t
                        w_sev[wi], w_part[wi], w_active[wi] = 0.0, 0, 0
                        n_wars += 1
                    if wi < 0:
                        wi, wj = wj, -1
                    if wj >= 0 and wj != wi:  # merge: sum damage, keep the earliest start
                        w_parent[wj] = wi
                        w_sev[wi] += w_sev[wj]
                        w_start[wi] = min(w_start[wi], w_start[wj])
                        w_end[wi] = max(w_end[wi], w_end[wj])
                        w_part[wi] += w_part[wj]
                        w_active[wi] += w_active[wj]
                    for s in (i, j):
                        if war[s] < 0:
                            war[s] = wi
                            w_part[wi] += 1
                            w_active[wi] += 1
                    w_sev[wi] += di + dj
                    w_end[wi] = t
                    total_sev += di + dj
            if not act[f]:
                continue
            if path_t[f] < 0:
                _choose_path(f, g_first, g_start, p_agent, p_target, path_a, path_t)
            bal = _balance(f, path_t[f], f_src, f_dst, f_rev, alloc, thresh, nx, fp, ip, printed)
            q = logistic(bal, fp[VICT_T], fp[VICT_S])
            won = np.random.random() < q
            if ip[SW_VICT] == 0 and np.random.random() < 1.0 - q:
                remembered[f] = False  # repulsed: the defender prevails, the attack stops
            elif won:
                claim_att[n_claims], claim_vic[n_claims] = i, j
                claim_t[n_claims], claim_a[n_claims] = path_t[f], path_a[f]
                n_claims += 1
            if ip[SW_DROP] == 0 and campaign[i] == j and np.random.random() < fp[P_DROP]:
                campaign[i] = -1  # campaign dropped after battle (Table A1)

        # ---------- 5. structural change: conquest, collapse, contiguity, pp. 148-149 ----------
        if n_claims > 0:
            order = np.random.permutation(n_claims)
            locked[:] = False
            for k in order:
                i, j, tc, ac = claim_att[k], claim_vic[k], claim_t[k], claim_a[k]
                if (
                    not (alive[i] and alive[j])
                    or owner[tc] != j
                    or owner[ac] != i
                    or locked[tc]
                    or locked[ac]
                ):
                    continue
                locked[tc] = True
                locked[ac] = True
                dirty = True
                tax_dirty = True
                disc_stale[tc] = True
                disc_stale[j] = True
                if tc == j:  # the capital falls: a primitive is absorbed, a state collapses, p. 149
                    primitive = size[j] == 1
                    if not primitive:
                        for c in range(n):
                            if owner[c] == j and c != j:
                                n_alive += _birth(c, j, states, ip[SW_NEWRES])
                    n_alive -= 1
                    out_wars, n_out = _kill(
                        j,
                        states,
                        (w_parent, w_active, w_start, w_end, w_sev, w_part),
                        fp[SEV_SCALE],
                        out_wars,
                        n_out,
                    )
                    if primitive or ip[SW_CAPITAL] == 1:
                        owner[j] = i
                        size[i] += 1
                    else:
                        n_alive += _birth(j, j, states, ip[SW_NEWRES])
                else:  # a province is absorbed; cut-off provinces regain sovereignty
                    owner[tc] = i
                    size[i] += 1
                    size[j] -= 1
                    stamp += 1
                    reached = _reach(j, owner, mark, stamp, queue, nx, ny)
                    if reached < size[j]:
                        for c in range(n):
                            if owner[c] == j and mark[c] != stamp:
                                n_alive += _birth(c, j, states, ip[SW_NEWRES])
                        size[j] = reached

        if dirty:
            live = np.flatnonzero(alive)
        # ---------- context activation (alert), p. 148 ----------
        for s in live:
            if ip[SW_CONTEXT] == 0:
                alert[s] = False
                continue
            hot = fighting[s]
            if not hot:
                for k in range(f_deg[s]):
                    if fighting[f_dst[f_first[s] + k]]:
                        hot = True
                        break
            if hot:
                alert[s] = True
            elif alert[s] and np.random.random() < fp[P_DEACT]:
                alert[s] = False

        # ---------- wars end when no member fought within the war shadow, pp. 140-141 ----------
        if observing:
            for s in live:  # the dead left their wars when they died
                if war[s] >= 0 and t - last_fought[s] > ip[WAR_SHADOW]:
                    out_wars, n_out = _leave_war(
                        s,
                        war,
                        (w_parent, w_active, w_start, w_end, w_sev, w_part),
                        fp[SEV_SCALE],
                        out_wars,
                        n_out,
                    )

        for f in range(nf):  # clear exactly the flags set this period
            if combat[f]:
                fighting[f_src[f]] = False
        # Double buffers for next period; a front that changed shape is rebuilt anyway.
        alloc_prev = alloc
        act_prev = remembered
        fought_prev = combat  # symmetric: combat on a front is combat on its reverse
        n_states[t] = n_alive
        while n_snap < len(snap_times) and snap_times[n_snap] <= t:
            snaps[n_snap] = owner
            n_snap += 1

    if ip[SW_OPEN] == 1:  # wars still open at the horizon
        seen = np.zeros(max(n_wars, 1), np.bool_)
        for s in range(n):
            if war[s] >= 0:
                root = _find(w_parent, war[s])
                if not seen[root]:
                    seen[root] = True
                    if n_out == out_wars.shape[0]:
                        out_wars = _grow_rows(out_wars, 2 * n_out + 1)
                    out_wars[n_out, 0] = w_start[root]
                    out_wars[n_out, 1] = w_end[root]
                    out_wars[n_out, 2] = w_sev[root] * fp[SEV_SCALE]
                    out_wars[n_out, 3] = w_part[root]
                    out_wars[n_out, 4] = 0.0
                    n_out += 1
    return n_states, out_wars[:n_out].copy(), snaps, owner, res, total_sev * fp[SEV_SCALE]


@njit(cache=True)
def _leave_war(s, war, wars, scale, out_wars, n_out):
    """State s leaves its war; a war with no active member left is complete and recorded."""
    w_parent, w_active, w_start, w_end, w_sev, w_part = wars
    if war[s] < 0:
        return out_wars, n_out
    root = _find(w_parent, war[s])
    war[s] = -1
    w_active[root] -= 1
    if w_active[root] == 0:
        if n_out == out_wars.shape[0]:
            out_wars = _grow_rows(out_wars, 2 * n_out + 1)
        out_wars[n_out, 0] = w_start[root]
        out_wars[n_out, 1] = w_end[root]
        out_wars[n_out, 2] = w_sev[root] * scale
        out_wars[n_out, 3] = w_part[root]
        out_wars[n_out, 4] = 1.0
        n_out += 1
    return out_wars, n_out


@njit(cache=True)
def _find(parent, w):
    root = w
    while parent[root] != root:
        root = parent[root]
    while parent[w] != root:  # path compression
        nxt = parent[w]
        parent[w] = root
        w = nxt
    return root


@njit(cache=True)
def _grow_i(a, cap):
    out = np.empty(cap, np.int64)
    out[: len(a)] = a
    return out


@njit(cache=True)
def _grow_f(a, cap):
    out = np.empty(cap)
    out[: len(a)] = a
    return out


@njit(cache=True)
def _grow_rows(a, rows):
    out = np.empty((rows, a.shape[1]))
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def _border_fronts(owner, nx, ny, agent_first, counts, f_first, f_deg):
    """Directed fronts (key src*n + dst, ascending) from the map, with their border-cell pairs.

    Returns the keys, each front's reverse, the pair groups (one per distinct target cell, or
    agent cell when sampling the agent first) and the pairs; fills f_first and f_deg per state.
    """
    n = nx * ny
    fcap = 4 * n
    keys = np.empty(fcap, np.int64)
    src = np.empty(fcap, np.int64)
    dst = np.empty(fcap, np.int64)
    ag = np.empty(fcap, np.int64)
    tg = np.empty(fcap, np.int64)
    m = 0
    for y in range(ny):  # nested loops: no integer division in the hot scan
        for x in range(nx):
            c = y * nx + x
            a = owner[c]
            for c2, inside in ((c + 1, x < nx - 1), (c + nx, y < ny - 1)):
                if not inside:
                    continue
                b = owner[c2]
                if a != b:
                    keys[m], src[m], dst[m], ag[m], tg[m] = a * n + b, a, b, c, c2
                    keys[m + 1], src[m + 1], dst[m + 1], ag[m + 1], tg[m + 1] = b * n + a, b, a, c2, c
                    m += 2
    # Border pairs sorted by front, then by the cell the battle path samples first
    # (stable, so pairs sharing that cell stay in scan order): each front's pairs fall
    # into groups, one per distinct target (or agent) cell.
    first_cell = ag[:m] if agent_first else tg[:m]
    order = _radix_order(src[:m], dst[:m], first_cell, n, counts)
    sk = keys[:m][order]
    sg = first_cell[order]
    nf = 0
    ng = 0
    for k in range(m):
        if k == 0 or sk[k] != sk[k - 1]:
            nf += 1
        if k == 0 or sk[k] != sk[k - 1] or sg[k] != sg[k - 1]:
            ng += 1
    new_key = np.empty(nf, np.int64)
    new_g_first = np.empty(nf + 1, np.int64)
    new_g_start = np.empty(ng + 1, np.int64)
    j = 0
    g = 0
    for k in range(m):
        if k == 0 or sk[k] != sk[k - 1]:
            new_key[j] = sk[k]
            new_g_first[j] = g
            j += 1
        if k == 0 or sk[k] != sk[k - 1] or sg[k] != sg[k - 1]:
            new_g_start[g] = k
            g += 1
    new_g_first[nf] = ng
    new_g_start[ng] = m
    new_src = new_key // n
    new_dst = new_key % n
    f_deg[:] = 0
    for f in range(nf):
        if f_deg[new_src[f]] == 0:
            f_first[new_src[f]] = f
        f_deg[new_src[f]] += 1
    new_rev = np.searchsorted(new_key, new_dst * n + new_src)
    return new_key, new_rev, new_g_first, new_g_start, ag[:m][order], tg[:m][order]


@njit(cache=True)
def _counting_pass(digit, order, n, counts):
    """One stable counting-sort pass of `order` by digit[...] in [0, n)."""
    counts[:] = 0
    for k in order:
        counts[digit[k] + 1] += 1
    for b in range(n):
        counts[b + 1] += counts[b]
    out = np.empty_like(order)
    for k in order:
        out[counts[digit[k]]] = k
        counts[digit[k]] += 1
    return out


@njit(cache=True)
def _radix_order(src, dst, cell, n, counts):
    """Stable order by (src, dst, cell): the same order as a stable sort on
    (src*n + dst)*n + cell, in linear time (LSD radix sort, three counting passes)."""
    order = np.arange(len(src))
    order = _counting_pass(cell, order, n, counts)
    order = _counting_pass(dst, order, n, counts)
    return _counting_pass(src, order, n, counts)


@njit(cache=True)
def _choose_path(f, g_first, g_start, p_agent, p_target, path_a, path_t):
    """Battle path on front f, p. 148: a uniformly chosen target cell bordering the attacker,
    then a uniformly chosen attacking cell bordering it (agent first, PNAS 2002: the reverse)."""
    g = g_first[f] + np.random.randint(g_first[f + 1] - g_first[f])
    k = g_start[g] + np.random.randint(g_start[g + 1] - g_start[g])
    path_a[f] = p_agent[k]
    path_t[f] = p_target[k]


@njit(cache=True)
def _balance(f, site, f_src, f_dst, f_rev, alloc, thresh, nx, fp, ip, printed):
    """Local, distance-discounted balance at the battle site, p. 148."""
    i, j = f_src[f], f_dst[f]
    th_j = thresh[i] if ip[SW_CURVE] == 1 else thresh[j]
    own = distance_discount(_dist(site, i, nx), thresh[i], fp[DIST_OFF], fp[DIST_S], printed) * alloc[f]
    opp = distance_discount(_dist(site, j, nx), th_j, fp[DIST_OFF], fp[DIST_S], printed) * alloc[f_rev[f]]
    if opp <= 0.0:
        return np.inf if own > 0.0 else 0.0
    return own / opp


@njit(cache=True)
def _damage(prop, a_ij, a_ji, i_attacks, j_attacks, rule):
    """Damage (to i, to j) on one combat front, p. 148 and p. 140 (see switch_damage)."""
    if rule == 0:
        return prop * a_ji, prop * a_ij
    if rule == 1:
        di = prop * a_ji if j_attacks else 0.0
        dj = prop * a_ij if i_attacks else 0.0
        if i_attacks and j_attacks:
            return prop * a_ji, prop * a_ij
        return di, dj
    return prop * a_ij, prop * a_ji


@njit(cache=True)
def _reach(j, owner, mark, stamp, queue, nx, ny):
    """Cells of state j connected to its capital (breadth-first search)."""
    head, tail = 0, 1
    queue[0] = j
    mark[j] = stamp
    while head < tail:
        c = queue[head]
        head += 1
        x, y = c % nx, c // nx
        for c2, ok in ((c - 1, x > 0), (c + 1, x < nx - 1), (c - nx, y > 0), (c + nx, y < ny - 1)):
            if ok and owner[c2] == j and mark[c2] != stamp:
                mark[c2] = stamp
                queue[tail] = c2
                tail += 1
    return tail


@njit(cache=True)
def _birth(c, parent, states, zero_res):
    """Cell c becomes a sovereign primitive actor, inheriting its parent's technology."""
    owner, alive, size, res, thresh, alert, campaign, war, last_fought, dmg_in = states
    owner[c] = c
    alive[c] = True
    size[c] = 1
    res[c] = 0.0 if zero_res == 1 else 1.0
    thresh[c] = thresh[parent]
    alert[c] = False
    campaign[c] = -1
    war[c] = -1
    last_fought[c] = NO_FIGHT
    dmg_in[c] = 0.0
    return 1


@njit(cache=True)
def _kill(j, states, wars, scale, out_wars, n_out):
    """State j ceases to exist and leaves its war."""
    owner, alive, size, res, thresh, alert, campaign, war, last_fought, dmg_in = states
    alive[j] = False
    size[j] = 0
    campaign[j] = -1
    alert[j] = False
    return _leave_war(j, war, wars, scale, out_wars, n_out)
