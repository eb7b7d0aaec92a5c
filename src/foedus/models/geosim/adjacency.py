"""Borders kept up to date cell by cell: fronts, their border cells, and state territories.

When a cell changes hands only the fronts around it change, so the borders are updated from the
cells that changed since the last update (work proportional to the change, not to the grid).
Fronts that exist at two successive updates keep their slot, and with it last period's
allocation and actions (the allocation rule is double-buffered, APSR p. 147). Each state's
fronts are kept sorted by neighbour and each front's target cells sorted by cell, which fixes
the order of every iteration and random draw.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from foedus.models.geosim.world import grow_front_slots

# ---------------------------------------------------------------- sorted lists in an arena


@njit(cache=True)
def list_search(lists, i, k):
    """Position of key k in list i (or where it would be inserted), and whether it is there."""
    lo = lists.off[i]
    hi = lo + lists.ln[i]
    a, b = lo, hi
    while a < b:
        m = (a + b) >> 1
        if lists.key[m] < k:
            a = m + 1
        else:
            b = m
    return a - lo, a < hi and lists.key[a] == k


@njit(cache=True)
def list_insert(lists, i, k, v):
    pos, found = list_search(lists, i, k)
    if found:
        return
    if lists.ln[i] == lists.cap[i]:
        _relocate(lists, i, max(2, 2 * lists.cap[i]))
    o = lists.off[i]
    for q in range(o + lists.ln[i], o + pos, -1):
        lists.key[q] = lists.key[q - 1]
        lists.val[q] = lists.val[q - 1]
    lists.key[o + pos] = k
    lists.val[o + pos] = v
    lists.ln[i] += 1


@njit(cache=True)
def list_remove(lists, i, k):
    pos, found = list_search(lists, i, k)
    if not found:
        return
    o = lists.off[i]
    for q in range(o + pos, o + lists.ln[i] - 1):
        lists.key[q] = lists.key[q + 1]
        lists.val[q] = lists.val[q + 1]
    lists.ln[i] -= 1


@njit(cache=True)
def list_release(lists, i):
    """Empty list i and give its reserved slots back (reclaimed at the next compaction)."""
    lists.ln[i] = 0
    lists.cap[i] = 0


@njit(cache=True)
def _relocate(lists, i, cap):
    """Move list i to fresh room for `cap` entries at the arena's top (packing or growing the
    arena first when it is full)."""
    if lists.top + cap > len(lists.key):
        _repack(lists, cap)
    o, n, t = lists.off[i], lists.ln[i], lists.top
    for q in range(n):
        lists.key[t + q] = lists.key[o + q]
        lists.val[t + q] = lists.val[o + q]
    lists.off[i] = t
    lists.cap[i] = cap
    lists.top = t + cap


@njit(cache=True)
def _repack(lists, room):
    """Copy every list, packed, into a new arena with `room` to spare (and as much again as the
    lists hold); capacities shrink to 1.5x their length."""
    used = 0
    for i in range(len(lists.off)):
        if lists.cap[i] > 0:
            used += max(2, lists.ln[i] + (lists.ln[i] >> 1))
    size = max(len(lists.key), 2 * used + room)
    key = np.empty(size, np.int64)
    val = np.empty(size, np.int64)
    t = 0
    for i in range(len(lists.off)):
        if lists.cap[i] == 0:
            continue
        o, n = lists.off[i], lists.ln[i]
        key[t : t + n] = lists.key[o : o + n]
        val[t : t + n] = lists.val[o : o + n]
        lists.off[i] = t
        lists.cap[i] = max(2, n + (n >> 1))
        t += lists.cap[i]
    lists.key = key
    lists.val = val
    lists.top = t


# ---------------------------------------------------------------- fronts


@njit(cache=True)
def front_of(w, a, b):
    """Slot of the front a -> b, or -1 if the two states do not border."""
    pos, found = list_search(w.neighbours, a, b)
    if not found:
        return -1
    return w.neighbours.val[w.neighbours.off[a] + pos]


@njit(cache=True)
def _new_slot(w):
    if w.n_free > 0:
        w.n_free -= 1
        return w.free_slots[w.n_free]
    if w.slot_top == len(w.f_src):
        grow_front_slots(w)
    w.slot_top += 1
    return w.slot_top - 1


@njit(cache=True)
def open_fronts(w, a, b):
    """Open the fronts a -> b and b -> a; return the slot of a -> b."""
    s1 = _new_slot(w)
    s2 = _new_slot(w)
    for s, src, dst, rev in ((s1, a, b, s2), (s2, b, a, s1)):
        w.f_src[s] = src
        w.f_dst[s] = dst
        w.f_rev[s] = rev
        w.f_used[s] = True
        w.opened[w.n_opened] = s
        w.n_opened += 1
        w.churn += 1
        list_release(w.targets, s)
    list_insert(w.neighbours, a, b, s1)
    list_insert(w.neighbours, b, a, s2)
    return s1


@njit(cache=True)
def close_fronts(w, s1):
    s2 = w.f_rev[s1]
    a, b = w.f_src[s1], w.f_dst[s1]
    list_remove(w.neighbours, a, b)
    list_remove(w.neighbours, b, a)
    for s in (s1, s2):
        w.f_used[s] = False
        list_release(w.targets, s)
        w.free_slots[w.n_free] = s
        w.n_free += 1


@njit(cache=True)
def front_slot(w, i, k):
    """The k-th front of state i in neighbour order."""
    return w.neighbours.val[w.neighbours.off[i] + k]


@njit(cache=True)
def degree(w, i):
    return w.neighbours.ln[i]


# ---------------------------------------------------------------- cell changes


@njit(cache=True)
def set_owner(w, c, s):
    """Cell c passes to state s; the borders learn of it at their next update."""
    w.owner[c] = s
    w.disc_stale[c] = True
    if not w.is_changed[c]:
        w.is_changed[c] = True
        w.changed[w.n_changed] = c
        w.n_changed += 1
    b = w.box[s]
    x, y = c % w.nx, c // w.nx
    if w.size[s] == 0:
        b[0], b[1], b[2], b[3] = x, y, x, y
    else:
        b[0], b[1] = min(b[0], x), min(b[1], y)
        b[2], b[3] = max(b[2], x), max(b[3], y)


@njit(cache=True)
def _sources(w, owners, y, o):
    """The distinct owners (under `owners`) of y's neighbours other than o, padded with -1."""
    nx, ny = w.nx, w.ny
    x, r = y % nx, y // nx
    a0 = a1 = a2 = a3 = -1
    for c2, ok in ((y - nx, r > 0), (y - 1, x > 0), (y + 1, x < nx - 1), (y + nx, r < ny - 1)):
        if not ok:
            continue
        a = owners[c2]
        if a == o or a == a0 or a == a1 or a == a2:
            continue
        if a0 < 0:
            a0 = a
        elif a1 < 0:
            a1 = a
        elif a2 < 0:
            a2 = a
        else:
            a3 = a
    return a0, a1, a2, a3


@njit(cache=True)
def update_borders(w):
    """Bring fronts and their target cells up to date with the cells changed since last time.

    A cell y is a target of the front a -> b when b owns y and a owns one of y's neighbours.
    Only changed cells and their neighbours can change membership. Fronts left without targets
    are closed at the end, so a front that lost and regained border cells keeps its slot.
    Returns whether anything changed.
    """
    n_changed = w.n_changed
    if n_changed == 0:
        return False
    nx, ny = w.nx, w.ny
    w.stamp_now += 1
    st = w.stamp_now
    m = 0
    for q in range(n_changed):
        c = w.changed[q]
        x, r = c % nx, c // nx
        for y, ok in ((c, True), (c - nx, r > 0), (c - 1, x > 0), (c + 1, x < nx - 1), (c + nx, r < ny - 1)):
            if ok and w.stamp[y] != st:
                w.stamp[y] = st
                w.queue[m] = y
                m += 1
    emptied = w.emptied
    n_emptied = 0
    for q in range(m):
        y = w.queue[q]
        o_old, o_new = w.border_owner[y], w.owner[y]
        old = _sources(w, w.border_owner, y, o_old)
        new = _sources(w, w.owner, y, o_new)
        for a in old:
            if a < 0 or (o_old == o_new and (a == new[0] or a == new[1] or a == new[2] or a == new[3])):
                continue
            f = front_of(w, a, o_old)
            list_remove(w.targets, f, y)
            if w.targets.ln[f] == 0:
                emptied[n_emptied] = f
                n_emptied += 1
        for a in new:
            if a < 0 or (o_old == o_new and (a == old[0] or a == old[1] or a == old[2] or a == old[3])):
                continue
            f = front_of(w, a, o_new)
            if f < 0:
                f = open_fronts(w, a, o_new)
            list_insert(w.targets, f, y, 0)
    for k in range(n_emptied):
        f = emptied[k]
        # a -> b has targets exactly when b -> a has, so one side decides for the pair
        if w.f_used[f] and w.targets.ln[f] == 0:
            close_fronts(w, f)
    for q in range(n_changed):
        c = w.changed[q]
        w.border_owner[c] = w.owner[c]
        w.is_changed[c] = False
    w.n_changed = 0
    return True


@njit(cache=True)
def order_front_slots(w, live):
    """Renumber the fronts in the order the rules visit them (state by state, neighbour by
    neighbour), so per-period loops read their arrays front to back. Slot numbers are internal:
    no result depends on them. Call between periods, when no front is opened or in combat."""
    n_slots = len(w.f_src)
    new = np.full(n_slots, -1, np.int64)
    nb = w.neighbours
    k = 0
    for s in live:
        for q in range(nb.off[s], nb.off[s] + nb.ln[s]):
            new[nb.val[q]] = k
            nb.val[q] = k
            k += 1
    w.f_src = _permuted(w.f_src, new, k, 0)
    w.f_dst = _permuted(w.f_dst, new, k, 0)
    rev = _permuted(w.f_rev, new, k, 0)
    for f in range(k):
        rev[f] = new[rev[f]]
    w.f_rev = rev
    w.f_used = _permuted(w.f_used, new, k, False)
    w.alloc = _permuted(w.alloc, new, k, 0.0)
    w.alloc_prev = _permuted(w.alloc_prev, new, k, 0.0)
    w.act = _permuted(w.act, new, k, False)
    w.act_prev = _permuted(w.act_prev, new, k, False)
    w.fought_prev = _permuted(w.fought_prev, new, k, False)
    w.initiated = _permuted(w.initiated, new, k, False)
    t = w.targets
    t.off = _permuted(t.off, new, k, 0)
    t.ln = _permuted(t.ln, new, k, 0)
    t.cap = _permuted(t.cap, new, k, 0)
    w.slot_top = k
    w.n_free = 0
    w.churn = 0


@njit(cache=True)
def _permuted(a, new, used, fill):
    out = np.empty_like(a)
    out[used:] = fill
    for f in range(len(new)):
        if new[f] >= 0:
            out[new[f]] = a[f]
    return out
