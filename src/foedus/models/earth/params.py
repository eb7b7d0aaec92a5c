"""EARTH parameters: the rules of the Bremer-Mihalka / Cusack-Stoll family, every gap a named switch.

The primary texts (Cusack & Stoll 1990, *Exploring Realpolitik*) describe EARTH in full, but the
rules here are a reconstruction from its abstracts and second-hand accounts; docs/earth.md gives
each rule's provenance and each default's reason. Rule numbers (R0-R13) follow that document.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from foedus.models.earth.world import MapWorld
from foedus.sim.params import ModelParams, kernel_record_type, switch_enum

MAX_ITERATIONS = 10_000_000
MAX_CELLS = 100_000

# Decision styles (R5), as integer codes shared by the kernel, the reference and the tables.
REALPOLITIK, COLLECTIVE_SECURITY, LAISSEZ_FAIRE, POWER_SEEKER, AGGRESSOR = 0, 1, 2, 3, 4
STYLES = ("realpolitik", "collective_security", "laissez_faire", "power_seeker", "aggressor")


class EarthParams(ModelParams):
    # --- R1: the hexagonal map (14 x 7 = 98 cells, one state each, as in Bremer & Mihalka 1977) ---
    rows: int = Field(14, ge=2, le=1000, description="hex map rows (98 states at 14 x 7)")
    cols: int = Field(7, ge=2, le=1000, description="hex map columns")
    switch_topology: Literal["torus", "bounded"] = "torus"
    # --- R0: time ---
    iterations: int = Field(1000, ge=1, le=MAX_ITERATIONS, description="T_max: one acting state each")
    # serial: one acting state per iteration (Duffy 1992: EARTH's serial assumption); concurrent:
    # every state acts in a random order, each with probability power / the largest power, and a
    # state that fought a war this iteration takes no part in another (our reading of Duffy's)
    switch_scheduling: Literal["serial", "concurrent"] = "serial"
    # --- R2: initial power p ~ max(1, N(mean, sd)) ---
    power_mean: float = Field(10.0, gt=0, le=1e6, description="mean initial power")
    power_sd: float = Field(3.33, ge=0, le=1e6, description="initial inequality (levels 0, 1, 3.33)")
    # --- R3: growth g ~ N(mean, sd) per state per iteration ---
    growth_mean: float = Field(0.03, ge=-0.5, le=1.0, description="mean growth per iteration")
    growth_sd: float = Field(0.05, ge=0, le=1.0, description="unevenness of growth (0: uniform)")
    # --- R4: misperception E_i(p_j) = p_j (1 + N(0, sigma)), a fresh draw per estimate ---
    misperception: float = Field(0.2, ge=0, le=5.0, description="sigma of the perception error")
    # variable: each estimate's sigma is drawn uniformly from [0, 2 sigma] (same mean; Duffy 1992)
    switch_misperception: Literal["constant", "variable"] = "constant"
    # --- R5: decision styles, shares of the initial states (realpolitik takes the rest) ---
    share_collective_security: float = Field(0.0, ge=0, le=1)
    share_laissez_faire: float = Field(0.0, ge=0, le=1)
    share_power_seeker: float = Field(0.0, ge=0, le=1)
    # --- R6: target choice among perceived-weaker neighbours ---
    switch_target: Literal["max_difference", "min_power", "max_ratio"] = "max_difference"
    # --- R7: crisis and coalitions ---
    switch_join: Literal["balance", "winning_side"] = "balance"
    switch_joiners: Literal["neighbours_of_either", "neighbours_of_initiator"] = "neighbours_of_either"
    # --- R8: war outcome ---
    switch_outcome: Literal["lognormal_cdf", "stronger_wins", "ratio"] = "lognormal_cdf"
    victory_scale: float = Field(0.7071067811865476, gt=0, le=100, description="s_v in Phi(ln r / s_v)")
    # --- R9: costs of war ---
    cost_max: float = Field(0.25, ge=0, le=1, description="C_max (levels 0.1, 0.25)")
    cost_disparity: float = Field(0.125, ge=0, le=1, description="C_disparity (levels 0, 0.125)")
    # --- R10: spoils ---
    switch_spoils: Literal["one_cell", "cells_by_lsr", "power_share"] = "one_cell"
    reparations: float = Field(0.0, ge=0, le=1, description="share of each loser's power paid to victors")
    # --- R11: death ---
    death_threshold: float = Field(1.0, ge=0, le=1.0, description="a state below this power dies")
    # --- R5 / IPSR 1990: adaptation ("learning") ---
    switch_adaptation: Literal["off", "adopt_winner_style"] = "off"
    adaptation_rate: float = Field(0.5, ge=0, le=1, description="P(a loser adopts the winner's style)")
    # --- map worlds (foedus scenario): the world, who acts, and treaty-bound defence ---
    world: MapWorld | None = Field(None, description="a map world; None: the hexagonal map above")
    # power_proportional is R0; aggressor_only: the world's aggressor acts every iteration, the
    # others only answer (a thought experiment about one aggressor)
    switch_activation: Literal["power_proportional", "aggressor_only"] = "power_proportional"
    # opportunist: the aggressor chooses targets by R6; divide_and_conquer: it picks the neighbour
    # whose expected defence (own power plus its treaty allies' expected help) is weakest
    switch_aggressor: Literal["opportunist", "divide_and_conquer"] = "opportunist"
    p_honor: float = Field(0.0, ge=0, le=1, description="P(an obliged ally honours), drawn once per war")
    switch_maybe: Literal["honour_as_must", "ignore"] = "ignore"  # a duty the law engine left open
    switch_frozen: Literal["excluded", "counted"] = "excluded"  # a frozen member's duty
    switch_request: Literal["requested", "not_requested"] = "requested"  # "on request" duties
    wedge_effect: float = Field(0.0, ge=0, le=1, description="cut in the wedged member's p_honor")
    wedge_target: str = Field(
        "least_committed", max_length=40, description="least_committed, most_capable or a state code"
    )

    @model_validator(mode="after")
    def _shares(self):
        total = self.share_collective_security + self.share_laissez_faire + self.share_power_seeker
        if total > 1 + 1e-12:
            raise ValueError(f"style shares add up to {total:.4g}, above 1")
        if self.world is None and self.switch_topology == "torus" and self.rows % 2:
            raise ValueError(f"rows: a hexagonal torus needs an even number of rows, found {self.rows}")
        if self.switch_activation == "aggressor_only" and self.switch_scheduling != "serial":
            raise ValueError("switch_scheduling: aggressor_only activation is serial")
        if self.world is not None and self.switch_activation == "aggressor_only" and not self.world.aggressor:
            raise ValueError("switch_activation: aggressor_only needs a world with an aggressor")
        if self.rows * self.cols > MAX_CELLS:
            raise ValueError(f"rows x cols = {self.rows * self.cols}, above {MAX_CELLS}")
        return self

    @property
    def states(self) -> int:
        """Initial number of states (one per cell)."""
        return len(self.world.states) if self.world is not None else self.rows * self.cols

    @property
    def periods(self) -> int:
        return self.iterations


Topology = switch_enum(EarthParams, "switch_topology")
Scheduling = switch_enum(EarthParams, "switch_scheduling")
Misperception = switch_enum(EarthParams, "switch_misperception")
Target = switch_enum(EarthParams, "switch_target")
Join = switch_enum(EarthParams, "switch_join")
Joiners = switch_enum(EarthParams, "switch_joiners")
Outcome = switch_enum(EarthParams, "switch_outcome")
Spoils = switch_enum(EarthParams, "switch_spoils")
Adaptation = switch_enum(EarthParams, "switch_adaptation")
Activation = switch_enum(EarthParams, "switch_activation")
AggressorRule = switch_enum(EarthParams, "switch_aggressor")
KernelParams = kernel_record_type(EarthParams, "KernelParams", __name__)
