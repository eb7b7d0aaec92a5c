"""The alliance layer: treaty-bound collective defence, usable by every model.

What an alliance is, who is obliged to help whom, with what reliability, and what wedge
campaigns, exercises and regimes do to that reliability, live here; how help is delivered (a
front opened in GeoSim, an army sent elsewhere) is each model's. Rules and defaults follow the
literature summarised in docs/collective-security.md; where a rule is uncertain it is a switch.

- Members, observers (never obliged) and frozen or suspended members (obliged or not: a switch).
- A defence provision is conditional (only when a member is attacked) or unconditional (in any
  war a member is in: entrapment), optionally only on the victim's request.
- Each obliged member honours with probability p_honor (Cederman & Gleditsch 2004 use 0.5),
  drawn once per war per member (switch: once per period), lowered by a power shift since
  joining, a regime change or an outside alliance (Leeds 2003; Leeds & Savun 2007), and by an
  accepted wedge offer (Crawford 2011), and not raised by institutionalisation (Leeds & Anac 2005).
- Exercises raise the members' coordination and the aggressor's perceived reliability; both
  decay with a half-life. Everything stays in [0, 1].
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numba import njit, types
from numba.experimental import structref
from pydantic import Field, model_validator

from foedus.sim.params import ModelParams

MAX_ALLIANCES = 8

# roles recorded for each state when the alliances are formed (the cohort followed to the end)
ROLE_NONE, ROLE_MEMBER, ROLE_OBSERVER, ROLE_FROZEN, ROLE_AGGRESSOR = 0, 1, 2, 3, 4
ROLE_NAMES = ("none", "member", "observer", "frozen", "aggressor")
# how a member answers its obligation (a trait of its strategy)
POSTURE_HONOUR, POSTURE_CHAIN_GANG, POSTURE_BUCK_PASS, POSTURE_BY_PERCEPTION = 0, 1, 2, 3
POSTURES = {"honour": 0, "chain_gang": 1, "buck_pass": 2, "by_perception": 3}
AUTOCRACY, DEMOCRACY = 0, 1


class AllianceParams(ModelParams):
    """Parameters of the alliance layer (all off by default: the plain model is unchanged)."""

    alliance_setup: Literal["none", "bloc", "democracies", "collective_security"] = Field(
        "none",
        description="none; bloc: treaty blocs formed at the end of the initial phase; democracies: every "
        "democracy protects every democracy (Cederman & Gleditsch 2004); collective_security: a share of "
        "states (cs_share) never attack first and defend each other (Cusack & Stoll's style)",
    )
    alliance_blocs: int = Field(1, ge=1, le=MAX_ALLIANCES, description="number of blocs")
    alliance_size: int = Field(6, ge=2, le=10_000, description="members per bloc")
    alliance_observers: int = Field(0, ge=0, le=10_000, description="observers per bloc (never obliged)")
    alliance_frozen: int = Field(
        0, ge=0, le=10_000, description="members per bloc whose membership is frozen"
    )
    switch_bloc_members: Literal["near_aggressor", "contiguous", "random"] = "near_aggressor"
    cs_share: float = Field(0.5, ge=0, le=1, description="share of states following collective security")
    p_honor: float = Field(
        0.5, ge=0, le=1, description="P(an obliged member honours), Cederman & Gleditsch 0.5"
    )
    switch_honor_draw: Literal["once_per_war", "once_per_period"] = "once_per_war"
    switch_provision: Literal["conditional", "unconditional"] = "conditional"
    switch_request: Literal["not_needed", "on_request"] = "not_needed"
    switch_frozen: Literal["excluded", "counted"] = "excluded"
    switch_help: Literal["fronts", "resources"] = "fronts"
    switch_exclusivity: Literal["one_alliance", "not_against_a_party"] = "one_alliance"
    help_discount_distance: float = Field(
        10.0, gt=0, le=1000, description="resources help: distance (cells) at which a transfer is halved"
    )
    honor_power_shift: float = Field(0.7, ge=0, le=1, description="p_honor multiplier after a power shift")
    power_shift_ratio: float = Field(
        2.0, ge=1, le=100, description="resource ratio since joining that counts"
    )
    honor_regime_change: float = Field(
        0.7, ge=0, le=1, description="p_honor multiplier after a regime change"
    )
    honor_outside_alliance: float = Field(
        0.7, ge=0, le=1, description="p_honor multiplier for a member of two"
    )
    # the aggressor, designated when the alliances are formed
    aggressor: Literal["none", "largest", "random"] = "none"
    aggressor_strategy: str = Field("divide_and_conquer", description="decision rule of the aggressor")
    member_strategy: str = Field("geosim", description="decision rule (and posture) of alliance members")
    perceived_offense: float = Field(0.5, ge=0, le=1, description="perceived offence advantage (0: defence)")
    # wedge campaigns (Crawford 2011; Izumikawa 2013, 2018)
    wedge_every: int = Field(0, ge=0, le=1_000_000, description="periods between wedge offers (0: none)")
    wedge_offer: float = Field(0.1, ge=0, le=1, description="share of the aggressor's resources offered")
    wedge_effect: float = Field(0.9, ge=0, le=1, description="share of p_honor an accepted wedge removes")
    wedge_half_life: int = Field(500, ge=1, le=1_000_000, description="periods for a wedge's effect to halve")
    switch_wedge_target: Literal["least_committed", "nearest", "random"] = "least_committed"
    wedge_counter: float = Field(
        0.0, ge=0, le=1, description="share of its resources the patron counter-offers"
    )
    # exercises (Kuo & Blankenship 2022)
    exercise_every: int = Field(0, ge=0, le=1_000_000, description="periods between exercises (0: none)")
    exercise_coordination: float = Field(0.2, ge=0, le=1, description="coordination gained per exercise")
    exercise_credibility: float = Field(
        0.2, ge=0, le=1, description="perceived reliability gained per exercise"
    )
    exercise_half_life: int = Field(
        200, ge=1, le=1_000_000, description="periods for exercise effects to halve"
    )
    exercise_cost: float = Field(
        0.02, ge=0, le=1, description="share of resources an exercise costs each member"
    )
    # regimes (Cederman & Gleditsch 2004)
    democracy_share: float = Field(
        0.0, ge=0, le=1, description="share of states made democratic (0: no regimes)"
    )
    switch_democratic_peace: Literal["never_attack", "reduced"] = "never_attack"
    dem_peace_factor: float = Field(0.1, ge=0, le=1, description="reduced: attack probability multiplier")
    regime_change: bool = False
    # calibrated on Cederman & Gleditsch's base and regime-change rows (pp. 612-613) by
    # scripts/calibrate_cederman_gleditsch_2004.py; docs/collective-security.md has the table
    rc_base: float = Field(1e-5, ge=0, le=1, description="P(regime change) per period at full pressure")
    rc_midpoint: float = Field(0.3, ge=0, le=1, description="neighbourhood share at which pressure is half")
    rc_slope: float = Field(5.0, ge=0, le=1000, description="steepness of the S-curve")
    # U: the notes leave open whether neighbours count one each or by the length of the border
    switch_rc_weighting: Literal["states", "border"] = "states"
    switch_freed_regime: Literal["parent", "autocracy"] = "parent"
    switch_pariah: Literal["any_fight", "initiator_only"] = "any_fight"

    @model_validator(mode="after")
    def _alliance_checks(self):
        if self.alliance_setup == "democracies" and self.democracy_share == 0:
            raise ValueError("alliance_setup 'democracies' needs democracy_share > 0")
        if self.alliance_frozen > self.alliance_size:
            raise ValueError("alliance_frozen cannot exceed alliance_size")
        return self

    @property
    def alliances_on(self) -> bool:
        return self.alliance_setup != "none" or self.democracy_share > 0 or self.aggressor != "none"


@structref.register
class AlliancesType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


I64, F64, U8, BOOL = types.int64[::1], types.float64[::1], types.uint8[::1], types.boolean[::1]

ALLIANCES = AlliancesType(
    [
        ("on", types.boolean),
        ("democracies", types.boolean),  # the democracies form the alliance (membership follows regime)
        ("freed_keep_regime", types.boolean),  # a freed province keeps its former state's regime
        ("default_posture", types.uint8),
        ("count", types.int64),  # alliances formed
        ("member", I64),  # per state: bitmask of alliances it is a full member of
        ("observer", I64),  # ... an observer of
        ("frozen", I64),  # ... a frozen or suspended member of
        ("role", U8),  # per state: role when the alliances were formed
        ("died", I64),  # per state: period it ceased to exist (-1: alive)
        ("posture", U8),  # per state: how it answers an obligation
        ("regime", U8),  # per state: AUTOCRACY or DEMOCRACY
        ("regime_at_join", U8),
        ("res_at_join", F64),
        ("wedge", F64),  # per state: strength of an accepted wedge, in [0, 1], decaying
        ("honor_against", I64),  # memo of the last honour draw: against whom...
        ("honor_t", I64),  # ...when...
        ("honor_yes", BOOL),  # ...and the answer
        ("coordination", F64),  # per alliance, in [0, 1], decaying
        ("credibility", F64),  # per alliance: bonus to the aggressor's perceived reliability
        ("aggressor", types.int64),
        ("answered", types.int64[:, ::1]),  # per state: wars it honoured (0) and abandoned (1) an ally in
        ("dem_attacks", types.int64),  # unprovoked attacks of a democracy on a democracy
        ("pending", types.int64[:, ::1]),  # per state (as aggressor): obliged, honoured, abandoned, entrapped
        ("pending_list", I64),
        ("n_pending", types.int64),
    ]
)


@njit(cache=True)
def new_alliances(n, on):
    al = structref.new(ALLIANCES)
    al.on = on
    al.democracies = False
    al.freed_keep_regime = True
    al.default_posture = 0
    al.count = 0
    al.member = np.zeros(n, np.int64)
    al.observer = np.zeros(n, np.int64)
    al.frozen = np.zeros(n, np.int64)
    al.role = np.zeros(n, np.uint8)
    al.died = np.full(n, -1, np.int64)
    al.posture = np.zeros(n, np.uint8)
    al.regime = np.zeros(n, np.uint8)
    al.regime_at_join = np.zeros(n, np.uint8)
    al.res_at_join = np.zeros(n)
    al.wedge = np.zeros(n)
    al.honor_against = np.full(n, -1, np.int64)
    al.honor_t = np.full(n, -(10**9), np.int64)
    al.honor_yes = np.zeros(n, np.bool_)
    al.coordination = np.zeros(MAX_ALLIANCES)
    al.credibility = np.zeros(MAX_ALLIANCES)
    al.aggressor = -1
    al.answered = np.zeros((n, 2), np.int64)
    al.dem_attacks = 0
    al.pending = np.zeros((n, 4), np.int64)
    al.pending_list = np.empty(n, np.int64)
    al.n_pending = 0
    return al


@njit(cache=True)
def bit_count(x):
    c = 0
    while x:
        x &= x - 1
        c += 1
    return c


@njit(cache=True)
def lowest_bit(x):
    """Index of the lowest set bit of x (x > 0)."""
    k = 0
    while not (x >> k) & 1:
        k += 1
    return k


@njit(cache=True)
def protected_by(al, s, frozen_counted):
    """Alliances obliged to defend s (observers are never protected or obliged)."""
    mask = al.member[s]
    if frozen_counted:
        mask |= al.frozen[s]
    return mask


@njit(cache=True)
def reliability(al, p, m, res_m):
    """The probability that member m honours now: p_honor lowered by a power shift since joining,
    a regime change, membership of another alliance, and an accepted wedge offer."""
    q = p.p_honor
    r0 = al.res_at_join[m]
    if r0 > 0.0 and (res_m >= r0 * p.power_shift_ratio or res_m * p.power_shift_ratio <= r0):
        q *= p.honor_power_shift
    if al.regime[m] != al.regime_at_join[m]:
        q *= p.honor_regime_change
    if bit_count(al.member[m] | al.frozen[m]) > 1:
        q *= p.honor_outside_alliance
    q *= 1.0 - p.wedge_effect * al.wedge[m]
    return q


@njit(cache=True)
def perceived_reliability(al, p, m, res_m):
    """The reliability an aggressor expects of member m: its true reliability plus what the
    alliance's exercises signal, capped at 1."""
    q = reliability(al, p, m, res_m)
    mask = al.member[m]
    best = 0.0
    k = 0
    while mask:
        if mask & 1:
            best = max(best, al.credibility[k])
        mask >>= 1
        k += 1
    return min(1.0, q + (1.0 - q) * best)


@njit(cache=True)
def note_obligation(al, aggressor, kind):
    """Count one obligated member's answer against `aggressor`: kind 1 honoured, 2 abandoned,
    3 entrapped (column 0 counts the obliged); added to the aggressor's war after the battles."""
    if al.pending[aggressor, 0] == 0:
        al.pending_list[al.n_pending] = aggressor
        al.n_pending += 1
    al.pending[aggressor, 0] += 1
    al.pending[aggressor, kind] += 1


@njit(cache=True)
def decay(x, half_life):
    return x * 0.5 ** (1.0 / half_life)


@njit(cache=True)
def raise_towards_one(x, gain):
    """Combine a gain in [0, 1] with a level in [0, 1]: the result stays in [0, 1]."""
    return 1.0 - (1.0 - x) * (1.0 - gain)
