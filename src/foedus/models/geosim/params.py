"""GeoSim parameters, named as in Cederman (2003), "Modeling the Size of Wars", APSR 97(1), Table A1.

The `switch_*` fields resolve the rules the paper leaves open; each default says why it was chosen.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class GeoSimParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # --- Table A1 (APSR 2003, p. 147); base values, sensitivity values in the field docs ---
    nx: int = Field(50, ge=3, le=400, description="grid width (alt. 75)")
    ny: int = Field(50, ge=3, le=400, description="grid height (alt. 75)")
    initPolarity: int = Field(200, ge=1, description="initial number of states (alt. 450)")
    initPeriod: int = Field(500, ge=0, description="length of the initial phase")
    duration: int = Field(10_000, ge=1, description="periods after the initial phase")
    resChange: float = Field(0.01, gt=0, le=1, description="share of new resources per period")
    propMobile: float = Field(0.5, ge=0, le=1, description="mobile share of resources (alt. 0.9)")
    pDropCampaign: float = Field(0.2, ge=0, le=1, description="P(drop the campaign after battle)")
    pAttack: float = Field(0.01, ge=0, le=1, description="P(contemplating an unprovoked attack)")
    pDeactivate: float = Field(0.1, ge=0, le=1, description="P(leaving alert)")
    supThresh: float = Field(3.0, gt=0, description="attack logistic threshold (alt. 2.5)")
    supSlope: float = Field(20.0, ge=0, description="attack logistic slope")
    victThresh: float = Field(3.0, gt=0, description="victory logistic threshold (alt. 2.5)")
    victSlope: float = Field(20.0, ge=0, description="victory logistic slope")
    propDamage: float = Field(0.1, ge=0, le=1, description="battle damage share")
    distOffset: float = Field(0.1, ge=0, le=1, description="far-distance extraction floor (alt. 0.2)")
    distThresh: float = Field(2.0, gt=0, description="loss-of-strength threshold at t = 0")
    distSlope: float = Field(3.0, gt=0, description="loss-of-strength slope (alt. 5)")
    pShock: float = Field(0.0001, ge=0, le=1, description="P(a state adopts the frontier technology)")
    shockSize: float = Field(20.0, ge=0, description="frontier shift by the end of the run (alt. 0, 10)")
    warShadow: int = Field(20, ge=1, description="periods before a separate war is identified (alt. 10, 40)")

    # --- Open choices (shared/models notes A4, numbered as there) ---
    # 1. The printed exponent makes dist() rise with distance, contradicting Fig. 2 and the prose;
    #    GeoSim2's code and the text agree on the decreasing form.
    switch_dist_exponent: Literal["decreasing", "as_printed"] = "decreasing"
    # 2. enemyRes over fronts active last period; the "all relations" reading breaks the worked example.
    switch_enemy_res: Literal["active_fronts", "all_fronts"] = "active_fronts"
    # 3. The guard as printed: (no action AND pAttack) OR alert OR campaign.
    switch_attack_guard: Literal["as_printed", "pattack_gates_all"] = "as_printed"
    # 4. APSR p. 148 samples the target first; PNAS 2002 samples the attacker's cell first.
    switch_battle_path: Literal["target_first", "agent_first"] = "target_first"
    # 5. Damage to each side = propDamage x the opponent's allocation (EPM 1997 rule, matching the
    #    resource equation's sum of damage(j,i)); severity counts all combat fronts.
    switch_damage: Literal["opponent_both", "victim_only_one_sided", "own_allocation"] = "opponent_both"
    switch_severity_fronts: Literal["all_combat", "mutual_only"] = "all_combat"
    # 6. GeoSim2: independent draws per side, defender priority: conquest q^2, repulse 1-q.
    switch_victory: Literal["independent", "attacker_only"] = "independent"
    # 7. PNAS p. 7298: the conqueror absorbs the capital of a collapsing state.
    switch_capital_annexed: bool = True
    # 8. Newly sovereign units start at a primitive's steady-state resources (1) and keep the
    #    technology of the state they came from (technology is knowledge, not territory).
    switch_new_state_resources: Literal["unit", "zero"] = "unit"
    # 9. GeoSim2 exports severity as 100 x damage; wars open at the horizon are dropped (GeoSim2).
    switch_severity_scale: float = Field(100.0, gt=0)
    switch_open_wars: Literal["drop", "include"] = "drop"
    # 10. GeoSim2 round-robin growth; founders start at their steady state 1 + tax.
    switch_initial_resources: Literal["steady_state", "unit"] = "steady_state"
    # 11. Table A1 says the campaign is dropped "after battle"; GeoSim2 checks at every decision.
    switch_campaign_drop: Literal["after_battle", "every_decision"] = "after_battle"
    # 12. "No context activation" (Table 1) switches off the alert mechanism only.
    switch_context_activation: bool = True
    # GeoSim2 discounts both sides with the initiator's curve; the text uses each side's own.
    switch_balance_curve: Literal["own", "initiator"] = "own"

    @model_validator(mode="after")
    def _check(self) -> GeoSimParams:
        if self.initPolarity > self.nx * self.ny:
            raise ValueError(
                f"initPolarity ({self.initPolarity}) exceeds the number of cells ({self.nx * self.ny})"
            )
        return self

    @property
    def periods(self) -> int:
        return self.initPeriod + self.duration


# The robustness design of APSR 2003, Table 1 (names used in reports and table.csv).
SETTINGS: dict[str, dict] = {
    "base": {},
    "shock10": {"shockSize": 10.0},
    "noshock": {"shockSize": 0.0},
    "nocontext": {"switch_context_activation": False},
    "shadow10": {"warShadow": 10},
    "shadow40": {"warShadow": 40},
    "thresh2.5_shock10": {"supThresh": 2.5, "victThresh": 2.5, "shockSize": 10.0},
    "mobile0.9": {"propMobile": 0.9},
    "offset0.2": {"distOffset": 0.2},
    "slope5": {"distSlope": 5.0},
    "grid75": {"nx": 75, "ny": 75, "initPolarity": 450},
}
