"""GeoSim as a model: validated parameters in, tidy measures out, the kernel in between."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from foedus.analysis.warsize import PowerLawFit, fit_war_sizes
from foedus.models.geosim import kernel as K
from foedus.models.geosim.params import GeoSimParams
from foedus.sim.seeding import SeedLike, kernel_seed

NAME = "geosim"

_CHOICES = {
    "switch_dist_exponent": ["decreasing", "as_printed"],
    "switch_enemy_res": ["active_fronts", "all_fronts"],
    "switch_attack_guard": ["as_printed", "pattack_gates_all"],
    "switch_battle_path": ["target_first", "agent_first"],
    "switch_damage": ["opponent_both", "victim_only_one_sided", "own_allocation"],
    "switch_severity_fronts": ["all_combat", "mutual_only"],
    "switch_victory": ["independent", "attacker_only"],
    "switch_new_state_resources": ["unit", "zero"],
    "switch_open_wars": ["drop", "include"],
    "switch_initial_resources": ["steady_state", "unit"],
    "switch_campaign_drop": ["after_battle", "every_decision"],
    "switch_balance_curve": ["own", "initiator"],
}


def kernel_vectors(p: GeoSimParams) -> tuple[np.ndarray, np.ndarray]:
    """Parameters as the kernel's float and integer vectors (order fixed in kernel.py)."""
    fp = np.array(
        [
            p.resChange,
            p.propMobile,
            p.pDropCampaign,
            p.pAttack,
            p.pDeactivate,
            p.supThresh,
            p.supSlope,
            p.victThresh,
            p.victSlope,
            p.propDamage,
            p.distOffset,
            p.distThresh,
            p.distSlope,
            p.pShock,
            p.shockSize,
            p.switch_severity_scale,
        ],
        dtype=np.float64,
    )
    code = {k: _CHOICES[k].index(getattr(p, k)) for k in _CHOICES}
    ip = np.array(
        [
            p.initPolarity,
            p.initPeriod,
            p.duration,
            p.warShadow,
            code["switch_dist_exponent"],
            code["switch_enemy_res"],
            code["switch_attack_guard"],
            code["switch_battle_path"],
            code["switch_damage"],
            code["switch_severity_fronts"],
            code["switch_victory"],
            int(p.switch_capital_annexed),
            code["switch_new_state_resources"],
            code["switch_open_wars"],
            code["switch_initial_resources"],
            code["switch_campaign_drop"],
            int(p.switch_context_activation),
            code["switch_balance_curve"],
        ],
        dtype=np.int64,
    )
    return fp, ip


@dataclass
class GeoSimRun:
    params: GeoSimParams
    seed: int
    states: np.ndarray  # sovereign states at t = 0..periods
    wars: np.ndarray  # rows: start, end, severity, participants, closed
    maps: dict[int, np.ndarray] = field(default_factory=dict)  # t -> (ny, nx) capital ids
    final_map: np.ndarray | None = None
    resources: dict[int, float] = field(default_factory=dict)  # capital -> resources at the end
    total_severity: float = 0.0  # all damage counted towards wars (checks the war list)

    @property
    def severities(self) -> np.ndarray:
        return self.wars[:, 2]

    def fit(self) -> PowerLawFit:
        return fit_war_sizes(self.severities)

    def state_sizes(self) -> np.ndarray:
        """Territorial size of every sovereign state at the end."""
        return np.bincount(self.final_map.ravel())[np.unique(self.final_map)]


def run_geosim(
    params: GeoSimParams | None = None, seed: SeedLike = None, map_times: tuple[int, ...] = ()
) -> GeoSimRun:
    """One GeoSim run. `seed` as everywhere in foedus; `map_times` are periods to snapshot."""
    p = params or GeoSimParams()
    s = kernel_seed(seed)
    fp, ip = kernel_vectors(p)
    times = np.array(sorted(set(int(t) for t in map_times)), dtype=np.int64)
    states, wars, snaps, final, res, total = K.simulate(p.nx, p.ny, fp, ip, s, times)
    maps = {int(t): snaps[k].reshape(p.ny, p.nx) for k, t in enumerate(times)}
    final = final.reshape(p.ny, p.nx)
    capitals = np.unique(final)
    return GeoSimRun(
        p,
        s,
        states,
        wars,
        maps,
        final,
        dict(zip(capitals.tolist(), res[capitals].tolist(), strict=True)),
        float(total),
    )
