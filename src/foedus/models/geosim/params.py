"""GeoSim parameters, named as in Cederman (2003), "Modeling the Size of Wars", APSR 97(1), Table A1.

The `switch_*` fields resolve the rules the paper leaves open; docs/geosim.md gives each default
and the reason for it. Every number is finite and bounded, so a run's size is known up front.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from foedus.sim.alliances import AllianceParams
from foedus.sim.params import kernel_record_type, switch_enum

MAX_PERIODS = 2_000_000


class GeoSimParams(AllianceParams):
    # --- Table A1 (APSR 2003, p. 147); base values, sensitivity values in the field docs ---
    nx: int = Field(50, ge=3, le=400, description="grid width (alt. 75)")
    ny: int = Field(50, ge=3, le=400, description="grid height (alt. 75)")
    initPolarity: int = Field(200, ge=1, le=160_000, description="initial number of states (alt. 450)")
    initPeriod: int = Field(500, ge=0, le=MAX_PERIODS // 2, description="length of the initial phase")
    duration: int = Field(10_000, ge=1, le=MAX_PERIODS, description="periods after the initial phase")
    resChange: float = Field(0.01, gt=0, le=1, description="share of new resources per period")
    propMobile: float = Field(0.5, ge=0, le=1, description="mobile share of resources (alt. 0.9)")
    pDropCampaign: float = Field(0.2, ge=0, le=1, description="P(drop the campaign after battle)")
    pAttack: float = Field(0.01, ge=0, le=1, description="P(contemplating an unprovoked attack)")
    pDeactivate: float = Field(0.1, ge=0, le=1, description="P(leaving alert)")
    supThresh: float = Field(3.0, gt=0, le=100, description="attack logistic threshold (alt. 2.5)")
    supSlope: float = Field(20.0, ge=0, le=1000, description="attack logistic slope")
    victThresh: float = Field(3.0, gt=0, le=100, description="victory logistic threshold (alt. 2.5)")
    victSlope: float = Field(20.0, ge=0, le=1000, description="victory logistic slope")
    propDamage: float = Field(0.1, ge=0, le=1, description="battle damage share")
    distOffset: float = Field(0.1, ge=0, le=1, description="far-distance extraction floor (alt. 0.2)")
    distThresh: float = Field(2.0, gt=0, le=1000, description="loss-of-strength threshold at t = 0")
    distSlope: float = Field(3.0, gt=0, le=100, description="loss-of-strength slope (alt. 5)")
    pShock: float = Field(0.0001, ge=0, le=1, description="P(a state adopts the frontier technology)")
    shockSize: float = Field(
        20.0, ge=0, le=1000, description="frontier shift by the end of the run (alt. 0, 10)"
    )
    warShadow: int = Field(
        20, ge=1, le=100_000, description="periods before a separate war is identified (alt. 10, 40)"
    )

    # --- Open choices (docs/geosim.md, "Switches"; numbered as in the research notes' A4) ---
    # 1. The printed exponent makes dist() rise with distance, contradicting Fig. 2 and the prose.
    switch_dist_exponent: Literal["decreasing", "as_printed"] = "decreasing"
    # 2. enemyRes over fronts active last period; the "all relations" reading breaks the worked example.
    switch_enemy_res: Literal["active_fronts", "all_fronts"] = "active_fronts"
    # 3. The guard as printed: (no action AND pAttack) OR alert OR campaign.
    switch_attack_guard: Literal["as_printed", "pattack_gates_all"] = "as_printed"
    # 4. APSR p. 148 samples the target first; PNAS 2002 samples the attacker's cell first.
    switch_battle_path: Literal["target_first", "agent_first"] = "target_first"
    # 5. Damage to each side = propDamage x the opponent's allocation; severity counts all combat.
    switch_damage: Literal["opponent_both", "victim_only_one_sided", "own_allocation"] = "opponent_both"
    switch_severity_fronts: Literal["all_combat", "mutual_only"] = "all_combat"
    # 6. Independent draws per side, defender priority: conquest q^2, repulse 1-q.
    switch_victory: Literal["independent", "attacker_only"] = "independent"
    # 7. PNAS p. 7298: the conqueror absorbs the capital of a collapsing state.
    switch_capital_annexed: bool = True
    # 8. What a newly sovereign unit starts with: an equal share of its centre's resources
    #    (Cederman 1997, p. 89); technology is always kept.
    switch_new_state_resources: Literal["centre_share", "unit", "zero"] = "centre_share"
    # 9. GeoSim2 exports severity as 100 x damage; wars open at the horizon are dropped.
    switch_severity_scale: float = Field(100.0, gt=0, le=1e6)
    switch_open_wars: Literal["drop", "include"] = "drop"
    # 10. GeoSim2 round-robin growth; founders start at their steady state 1 + tax.
    switch_initial_resources: Literal["steady_state", "unit"] = "steady_state"
    # 11. Table A1: the campaign is dropped "after battle"; GeoSim2 checks at every decision.
    switch_campaign_drop: Literal["after_battle", "every_decision"] = "after_battle"
    # 12. "No context activation" (Table 1) switches off the alert mechanism only.
    switch_context_activation: bool = True
    # GeoSim2 discounts both sides with the initiator's curve; the text uses each side's own.
    switch_balance_curve: Literal["own", "initiator"] = "own"
    # A campaign whose attack is not approved: kept (pseudo-code; Table A1 drops it only after battle).
    switch_stalled_campaign: Literal["kept", "ended"] = "kept"
    # The pseudo-code approves the attack, then draws the battle path (p. 148).
    switch_decision_order: Literal["decide_first", "path_first"] = "decide_first"
    # Where each side's distance discount is taken: both at the target cell, or each at its own cell.
    switch_balance_site: Literal["target_cell", "own_cells"] = "target_cell"
    # When the defender prevails "all action stops" (p. 148) on that front, not only the attack.
    switch_repulse: Literal["all_action_stops", "attack_stops"] = "all_action_stops"

    strategy: str = Field("geosim", description="decision rule of every state (see `foedus strategies`)")

    @field_validator("strategy", "aggressor_strategy", "member_strategy")
    @classmethod
    def _known_strategy(cls, name: str) -> str:
        from foedus.sim.discovery import strategy_names

        known = strategy_names("geosim")
        if name not in known:
            raise ValueError(f"expected one of {', '.join(known)}")
        return name

    @model_validator(mode="after")
    def _check(self) -> GeoSimParams:
        if self.initPolarity > self.nx * self.ny:
            raise ValueError(
                f"initPolarity ({self.initPolarity}) exceeds the number of cells ({self.nx * self.ny})"
            )
        if self.initPeriod + self.duration > MAX_PERIODS:
            raise ValueError(f"initPeriod + duration exceeds {MAX_PERIODS:,} periods")
        return self

    @property
    def periods(self) -> int:
        return self.initPeriod + self.duration


# Switch codes for the kernel, one IntEnum per switch (members named by value).
DistExponent = switch_enum(GeoSimParams, "switch_dist_exponent")
EnemyRes = switch_enum(GeoSimParams, "switch_enemy_res")
AttackGuard = switch_enum(GeoSimParams, "switch_attack_guard")
BattlePath = switch_enum(GeoSimParams, "switch_battle_path")
Damage = switch_enum(GeoSimParams, "switch_damage")
SeverityFronts = switch_enum(GeoSimParams, "switch_severity_fronts")
Victory = switch_enum(GeoSimParams, "switch_victory")
NewStateResources = switch_enum(GeoSimParams, "switch_new_state_resources")
OpenWars = switch_enum(GeoSimParams, "switch_open_wars")
InitialResources = switch_enum(GeoSimParams, "switch_initial_resources")
CampaignDrop = switch_enum(GeoSimParams, "switch_campaign_drop")
BalanceCurve = switch_enum(GeoSimParams, "switch_balance_curve")
StalledCampaign = switch_enum(GeoSimParams, "switch_stalled_campaign")
DecisionOrder = switch_enum(GeoSimParams, "switch_decision_order")
BalanceSite = switch_enum(GeoSimParams, "switch_balance_site")
Repulse = switch_enum(GeoSimParams, "switch_repulse")
AllianceSetup = switch_enum(GeoSimParams, "alliance_setup")
BlocMembers = switch_enum(GeoSimParams, "switch_bloc_members")
HonorDraw = switch_enum(GeoSimParams, "switch_honor_draw")
Provision = switch_enum(GeoSimParams, "switch_provision")
Request = switch_enum(GeoSimParams, "switch_request")
Frozen = switch_enum(GeoSimParams, "switch_frozen")
Help = switch_enum(GeoSimParams, "switch_help")
Exclusivity = switch_enum(GeoSimParams, "switch_exclusivity")
Aggressor = switch_enum(GeoSimParams, "aggressor")
WedgeTarget = switch_enum(GeoSimParams, "switch_wedge_target")
DemocraticPeace = switch_enum(GeoSimParams, "switch_democratic_peace")
RegimeWeighting = switch_enum(GeoSimParams, "switch_rc_weighting")
FreedRegime = switch_enum(GeoSimParams, "switch_freed_regime")
Pariah = switch_enum(GeoSimParams, "switch_pariah")

# The kernel's view of the parameters: every field by name (the strategy as its index).
KernelParams = kernel_record_type(GeoSimParams, "KernelParams", __name__)
