"""GeoSim's state as flat arrays in mutable structures, shared by the kernel's rules and strategies.

States are identified by their capital cell, so every per-state array has one slot per cell.
Fronts (the directed relation i -> j between neighbouring states, APSR p. 146) live in slots
that are reused; each state keeps its fronts sorted by neighbour, and each front keeps the
opponent's cells that border it sorted by cell, so iteration orders (and thus random draws) do
not depend on the history of the map. Wars are union-find clusters (pp. 140-141).

The structures are Numba StructRefs: a call passes one pointer, whatever the number of arrays,
and a field can be replaced (an array grown) in place. They are built by compiled code only.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, types
from numba.experimental import structref

from foedus.sim.alliances import ALLIANCES, new_alliances

NO_FIGHT = -(10**9)

# status bits, a snapshot taken as each state allocates (one byte read per decision)
HAS_FRONTS, ENGAGED, ALERT, ON_CAMPAIGN = 1, 2, 4, 8  # ENGAGED: plays D on some front (grim trigger)

WAR_DTYPE = np.dtype(
    [
        ("start", np.int64),
        ("end", np.int64),
        ("severity", np.float64),
        ("participants", np.int64),
        ("closed", np.bool_),
        ("obliged", np.int64),  # alliance members obliged to help a party, and how they answered:
        ("honoured", np.int64),
        ("abandoned", np.int64),
        ("entrapped", np.int64),
        ("members_lost", np.int64),  # alliance members that ceased to exist in the war
    ]
)


@structref.register
class ListsType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


@structref.register
class WorldType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


@structref.register
class WarBookType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


I64, I32, F64, BOOL = types.int64[::1], types.int32[::1], types.float64[::1], types.boolean[::1]

# Sorted integer lists in one arena: list i holds key[off[i]:off[i]+ln[i]] (ascending) with a
# payload in val; cap[i] slots are reserved; `top` is the arena's first free slot.
LISTS = ListsType([("off", I64), ("ln", I64), ("cap", I64), ("key", I64), ("val", I64), ("top", types.int64)])

# War clusters (union-find with merges) and the wars recorded when complete.
WAR_BOOK = WarBookType(
    [
        ("parent", I64),
        ("start", I64),
        ("end", I64),
        ("sev", F64),
        ("part", I64),
        ("active", I64),
        ("answers", types.int64[:, ::1]),  # obliged, honoured, abandoned, entrapped, members lost
        ("out", types.Array(numba.from_dtype(WAR_DTYPE), 1, "C")),
        ("opened", types.int64),
        ("recorded", types.int64),
        ("total", types.float64),  # all damage counted towards any war
    ]
)

WORLD = WorldType(
    [
        ("nx", types.int64),
        ("ny", types.int64),
        ("t", types.int64),  # the current period
        ("allied", types.boolean),  # the alliance layer is on (its state is in `al`)
        # cells
        ("cell_x", I32),  # column and row of each cell
        ("cell_y", I32),
        ("owner", I64),  # sovereign state (capital cell) of each cell
        ("border_owner", I64),  # the owner as the borders last saw it
        ("changed", I64),  # cells whose owner changed since the borders were updated...
        ("is_changed", BOOL),  # ...flagged, and their count:
        ("n_changed", types.int64),
        ("disc", F64),  # each province's discounted contribution to its state's tax (cached)
        ("disc_stale", BOOL),
        ("stamp", I64),  # scratch marks for searches, compared with `stamp_now`
        ("stamp_now", types.int64),
        ("queue", I64),  # scratch queue for searches
        ("lock", I64),  # cells locked by a conquest this period (hold that period's stamp)
        ("order", I64),  # scratch for random orders
        ("emptied", I64),  # scratch: fronts that lost targets during a border update
        # states, indexed by capital cell
        ("alive", BOOL),
        ("n_alive", types.int64),
        ("size", I64),
        ("box", types.int64[:, ::1]),  # x0, y0, x1, y1 of a rectangle holding the state's cells
        ("res", F64),
        ("thresh", F64),  # the state's own distance-gradient threshold (technology), p. 147
        ("tax", F64),
        ("tax_stale", BOOL),
        ("shocked", BOOL),
        ("alert", BOOL),
        ("campaign", I64),  # target state of the current campaign, or -1
        ("war", I64),  # cluster of the war the state is in, or -1
        ("last_fought", I64),
        ("dmg_in", F64),
        ("fighting", BOOL),
        ("status", types.uint8[::1]),  # per state, set with the allocation: the bits below
        ("strategy", I64),  # index of each state's decision rule in the run's strategy tuple
        # fronts, indexed by slot
        ("f_src", I64),
        ("f_dst", I64),
        ("f_rev", I64),
        ("f_used", BOOL),
        ("opened", I64),  # fronts opened since the last allocation (nothing remembered yet)...
        ("n_opened", types.int64),  # ...and how many
        ("alloc", F64),
        ("alloc_prev", F64),
        ("act", BOOL),
        ("act_prev", BOOL),
        ("fought_prev", BOOL),
        ("path_agent", I64),
        ("path_target", I64),
        ("free_slots", I64),
        ("n_free", types.int64),
        ("slot_top", types.int64),
        ("churn", types.int64),  # fronts opened since the slots were last put in order
        # adjacency: each state's fronts by neighbour (key dst, val slot); each front's targets
        ("neighbours", LISTS),
        ("targets", LISTS),
        # scratch
        ("opp_buf", F64),
        ("fought_buf", BOOL),
        ("share_buf", F64),
        ("boost", F64),  # per front: multiplier on its allocation in battle (coordination, help sent)
        ("grim", BOOL),  # per front: D by the grim trigger this period (a fight already going on)
        ("initiated", BOOL),  # per front: its owner started the fight now going on over it
        ("al", ALLIANCES),  # the alliance layer (foedus.sim.alliances)
        ("claims", types.int64[:, ::1]),  # attacker, victim, target cell, agent cell
        ("n_claims", types.int64),
        ("repulsed", I64),  # fronts whose attack the defender repulsed this period
        ("n_repulsed", types.int64),
    ]
)


@njit(cache=True)
def new_lists(ids, capacity):
    lists = structref.new(LISTS)
    lists.off = np.zeros(ids, np.int64)
    lists.ln = np.zeros(ids, np.int64)
    lists.cap = np.zeros(ids, np.int64)
    lists.key = np.empty(capacity, np.int64)
    lists.val = np.empty(capacity, np.int64)
    lists.top = 0
    return lists


@njit(cache=True)
def new_world(nx, ny, alliances_on):
    """An empty nx-by-ny world."""
    n = nx * ny
    slots = 2 * n + 16  # grown on demand (directed border pairs, hence fronts, number under 4n)
    w = structref.new(WORLD)
    w.nx, w.ny = nx, ny
    w.t = 0
    w.allied = alliances_on
    w.cell_x = (np.arange(n) % nx).astype(np.int32)
    w.cell_y = (np.arange(n) // nx).astype(np.int32)
    w.owner = np.full(n, -1, np.int64)
    w.border_owner = np.full(n, -1, np.int64)
    w.changed = np.empty(n, np.int64)
    w.is_changed = np.zeros(n, np.bool_)
    w.n_changed = 0
    w.disc = np.zeros(n)
    w.disc_stale = np.ones(n, np.bool_)
    w.stamp = np.zeros(n, np.int64)
    w.stamp_now = 0
    w.queue = np.empty(n, np.int64)
    w.lock = np.zeros(n, np.int64)
    w.order = np.empty(n, np.int64)
    w.emptied = np.empty(4 * n, np.int64)
    w.alive = np.zeros(n, np.bool_)
    w.n_alive = 0
    w.size = np.zeros(n, np.int64)
    w.box = np.zeros((n, 4), np.int64)
    w.res = np.zeros(n)
    w.thresh = np.zeros(n)
    w.tax = np.zeros(n)
    w.tax_stale = np.zeros(n, np.bool_)
    w.shocked = np.zeros(n, np.bool_)
    w.alert = np.zeros(n, np.bool_)
    w.campaign = np.full(n, -1, np.int64)
    w.war = np.full(n, -1, np.int64)
    w.last_fought = np.full(n, NO_FIGHT, np.int64)
    w.dmg_in = np.zeros(n)
    w.fighting = np.zeros(n, np.bool_)
    w.status = np.zeros(n, np.uint8)
    w.strategy = np.zeros(n, np.int64)
    w.f_src = np.zeros(slots, np.int64)
    w.f_dst = np.zeros(slots, np.int64)
    w.f_rev = np.zeros(slots, np.int64)
    w.f_used = np.zeros(slots, np.bool_)
    w.opened = np.empty(slots, np.int64)
    w.n_opened = 0
    w.alloc = np.zeros(slots)
    w.alloc_prev = np.zeros(slots)
    w.act = np.zeros(slots, np.bool_)
    w.act_prev = np.zeros(slots, np.bool_)
    w.fought_prev = np.zeros(slots, np.bool_)
    w.path_agent = np.full(slots, -1, np.int64)
    w.path_target = np.full(slots, -1, np.int64)
    w.free_slots = np.empty(slots, np.int64)
    w.n_free = 0
    w.slot_top = 0
    w.churn = 0
    w.neighbours = new_lists(n, 4 * n + 64)
    w.targets = new_lists(slots, 4 * n + 64)
    w.opp_buf = np.empty(n)
    w.fought_buf = np.empty(n, np.bool_)
    w.share_buf = np.empty(n)
    w.boost = np.ones(slots)
    w.grim = np.zeros(slots, np.bool_)
    w.initiated = np.zeros(slots, np.bool_)
    w.al = new_alliances(n, alliances_on)
    w.claims = np.empty((slots, 4), np.int64)
    w.n_claims = 0
    w.repulsed = np.empty(slots, np.int64)
    w.n_repulsed = 0
    return w


@njit(cache=True)
def grow_front_slots(w):
    """Double the front slot tables (fronts outnumbered the slots)."""
    old = len(w.f_src)
    cap = 2 * old
    w.f_src = _grown(w.f_src, cap, 0)
    w.f_dst = _grown(w.f_dst, cap, 0)
    w.f_rev = _grown(w.f_rev, cap, 0)
    w.f_used = _grown(w.f_used, cap, False)
    w.opened = _grown(w.opened, cap, 0)
    w.alloc = _grown(w.alloc, cap, 0.0)
    w.alloc_prev = _grown(w.alloc_prev, cap, 0.0)
    w.act = _grown(w.act, cap, False)
    w.act_prev = _grown(w.act_prev, cap, False)
    w.fought_prev = _grown(w.fought_prev, cap, False)
    w.path_agent = _grown(w.path_agent, cap, -1)
    w.path_target = _grown(w.path_target, cap, -1)
    w.free_slots = _grown(w.free_slots, cap, 0)
    w.repulsed = _grown(w.repulsed, cap, 0)
    w.boost = _grown(w.boost, cap, 1.0)
    w.grim = _grown(w.grim, cap, False)
    w.initiated = _grown(w.initiated, cap, False)
    claims = np.empty((cap, 4), np.int64)
    claims[:old] = w.claims
    w.claims = claims
    t = w.targets
    t.off = _grown(t.off, cap, 0)
    t.ln = _grown(t.ln, cap, 0)
    t.cap = _grown(t.cap, cap, 0)


@njit(cache=True)
def _grown(a, cap, fill):
    out = np.empty(cap, a.dtype)
    out[: len(a)] = a
    out[len(a) :] = fill
    return out


@njit(cache=True)
def new_war_book(capacity):
    wars = structref.new(WAR_BOOK)
    wars.parent = np.empty(capacity, np.int64)
    wars.start = np.empty(capacity, np.int64)
    wars.end = np.empty(capacity, np.int64)
    wars.sev = np.empty(capacity)
    wars.part = np.empty(capacity, np.int64)
    wars.active = np.empty(capacity, np.int64)
    wars.answers = np.zeros((capacity, 5), np.int64)
    wars.out = np.empty(capacity, WAR_DTYPE)
    wars.opened = 0
    wars.recorded = 0
    wars.total = 0.0
    return wars


@njit(cache=True)
def grow_war_book(wars):
    """Double the war book (each cluster is recorded at most once, so `out` keeps pace)."""
    cap = 2 * len(wars.parent)
    wars.parent = _grown(wars.parent, cap, 0)
    wars.start = _grown(wars.start, cap, 0)
    wars.end = _grown(wars.end, cap, 0)
    wars.sev = _grown(wars.sev, cap, 0.0)
    wars.part = _grown(wars.part, cap, 0)
    wars.active = _grown(wars.active, cap, 0)
    answers = np.zeros((cap, 5), np.int64)
    answers[: len(wars.answers)] = wars.answers
    wars.answers = answers
    out = np.empty(cap, WAR_DTYPE)
    out[: wars.recorded] = wars.out[: wars.recorded]
    wars.out = out
