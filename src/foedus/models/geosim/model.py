"""GeoSim as a foedus model: validated parameters in, tidy tables out, the kernel in between."""

from __future__ import annotations

from collections import deque

import numpy as np

from foedus.errors import ParameterError
from foedus.models.geosim import measures
from foedus.models.geosim.params import GeoSimParams
from foedus.sim.alliances import POSTURES
from foedus.sim.model import Model
from foedus.sim.result import Result, TableSchema, clean_number
from foedus.sim.seeding import SeedLike, mt_key, side_key

WAR_COLUMNS = ("start", "end", "severity", "participants", "closed")
ANSWERS = ("obliged", "honoured", "abandoned", "entrapped", "members_lost")


class GeoSimResult(Result):
    schema = (
        TableSchema(
            "series",
            {"t": "int32", "states": "int32", "largest": "int32", "democratic": "int32"},
            "sovereign states, the cells of the largest and the cells held by democracies, after each period",
        ),
        TableSchema(
            "wars",
            {
                "war": "int32",
                "start_t": "int32",
                "end_t": "int32",
                "severity": "float64",
                "participants": "int32",
                "closed": "bool",
                "obliged": "int32",
                "honoured": "int32",
                "abandoned": "int32",
                "entrapped": "int32",
                "members_lost": "int32",
            },
            "wars begun after the initial phase, in the order they ended, with the answers of the "
            "alliance members obliged to help a party (obliged = honoured + abandoned + entrapped)",
        ),
        TableSchema("territory", {"cell": "int32", "state": "int32"}, "the final map: each cell's state"),
        TableSchema(
            "final_states",
            {"state": "int32", "cells": "int32", "resources": "float64", "regime": "int32"},
            "states at the end (regime 1: democracy)",
        ),
        TableSchema(
            "cohort",
            {
                "state": "int32",
                "role": "int32",
                "died_t": "int32",
                "alliances": "int32",
                "regime": "int32",
                "honoured": "int32",
                "abandoned": "int32",
            },
            "states alive when the alliances formed: role (0 none, 1 member, 2 observer, 3 frozen, "
            "4 aggressor), the period each ceased to exist (-1: alive), its alliances, its regime then, "
            "and the wars in which it honoured or abandoned an ally",
        ),
    )

    @property
    def states(self) -> np.ndarray:
        """Number of sovereign states at t = 0..periods."""
        return self.tables["series"]["states"]

    @property
    def severities(self) -> np.ndarray:
        return self.tables["wars"]["severity"]

    @property
    def wars(self) -> np.ndarray:
        """Wars as a structured array (start, end, severity, participants, closed)."""
        w = self.tables["wars"]
        out = np.empty(len(w["war"]), dtype=[(c, "f8" if c == "severity" else "i8") for c in WAR_COLUMNS])
        for col, src in zip(
            WAR_COLUMNS, ("start_t", "end_t", "severity", "participants", "closed"), strict=True
        ):
            out[col] = w[src]
        return out

    @property
    def final_map(self) -> np.ndarray:
        p = self.params
        return self.tables["territory"]["state"].astype(np.int64).reshape(p.ny, p.nx)

    @property
    def maps(self) -> dict[int, np.ndarray]:
        return self.extras.get("maps", {})

    def fit(self) -> measures.PowerLawFit:
        return measures.fit_war_sizes(self.severities)

    def state_sizes(self) -> np.ndarray:
        return measures.state_sizes(self.final_map)

    def summary(self) -> dict:
        fit = self.fit()
        states = self.states
        p = self.params
        init = min(p.initPeriod, len(states) - 1)
        out = {
            "states_final": states[-1],
            "states_after_initial_phase": states[init],
            "wars": len(self.severities),
            "severity_total": float(self.severities.sum()),
            "largest_war_share": measures.largest_war_share(self.severities),
            "slope": fit.slope,
            "intercept": fit.intercept,
            "r2": fit.r2,
            "fitted_wars": fit.wars,
            "range_decades": fit.range_decades,
            "t_majority": measures.first_period_at_least(self.tables["series"]["largest"], 0.5 * p.nx * p.ny),
        }
        # hegemony: a state holds half the map; periods counted from the end of the initial phase
        out["hegemony"] = float(not np.isnan(out["t_majority"]))
        out["hegemony_after"] = out["t_majority"] - p.initPeriod if out["hegemony"] else float("nan")
        if p.alliances_on:
            out.update(measures.alliance_measures(self.tables, p))
        return {k: clean_number(v) for k, v in out.items()}


def build_result(
    params: GeoSimParams,
    seed,
    states,
    wars,
    owner,
    resources,
    extras=None,
    largest=None,
    regimes=None,
    cohort=None,
    democratic=None,
) -> GeoSimResult:
    """The tables of a run from its raw outputs (shared by the kernel and the reference)."""
    owner = np.asarray(owner, dtype=np.int64).ravel()
    capitals, cells = np.unique(owner, return_counts=True)
    n_wars = len(wars)
    if largest is None:
        largest = np.zeros(len(states), np.int64)
    if democratic is None:
        democratic = np.zeros(len(states), np.int64)
    regimes = np.zeros(len(owner), np.int64) if regimes is None else np.asarray(regimes)
    cohort = np.zeros((0, 7), np.int64) if cohort is None else np.asarray(cohort)
    answers = (
        {c: np.asarray(wars[c], dtype=np.int32) for c in ANSWERS}
        if n_wars
        else {c: np.zeros(0, np.int32) for c in ANSWERS}
    )
    tables = {
        "series": {
            "t": np.arange(len(states), dtype=np.int32),
            "states": np.asarray(states, dtype=np.int32),
            "largest": np.asarray(largest, dtype=np.int32),
            "democratic": np.asarray(democratic, dtype=np.int32),
        },
        "wars": {
            "war": np.arange(n_wars, dtype=np.int32),
            "start_t": np.asarray(wars["start"], dtype=np.int32),
            "end_t": np.asarray(wars["end"], dtype=np.int32),
            "severity": np.asarray(wars["severity"], dtype=np.float64),
            "participants": np.asarray(wars["participants"], dtype=np.int32),
            "closed": np.asarray(wars["closed"], dtype=bool),
            **answers,
        },
        "territory": {"cell": np.arange(len(owner), dtype=np.int32), "state": owner.astype(np.int32)},
        "final_states": {
            "state": capitals.astype(np.int32),
            "cells": cells.astype(np.int32),
            "resources": np.asarray(resources, dtype=np.float64)[capitals],
            "regime": regimes[capitals].astype(np.int32),
        },
        "cohort": {
            name: cohort[:, k].astype(np.int32)
            for k, name in enumerate(
                ("state", "role", "died_t", "alliances", "regime", "honoured", "abandoned")
            )
        },
    }
    return GeoSimResult(params, seed, tables, extras or {})


class GeoSim(Model):
    name = "geosim"
    Params = GeoSimParams
    Result = GeoSimResult
    citation = (
        "Cederman, L.-E. (2003). Modeling the Size of Wars: From Billiard Balls to Sandpiles. "
        "American Political Science Review 97(1): 135-150."
    )
    traits = {"space": "grid", "stochastic": True, "reference": True, "strategies": True}
    version_constant = "2"
    source_modules = (
        tuple(
            f"foedus.models.geosim.{m}"
            for m in (
                "params",
                "world",
                "adjacency",
                "rules",
                "alliance_rules",
                "kernel",
                "model",
                "measures",
            )
        )
        + ("foedus.sim.alliances",)
        + tuple(
            f"foedus.strategies.{m}"
            for m in (
                "geosim_rule",
                "divide_and_conquer",
                "opportunist",
                "deterrable",
                "collective_security",
                "alliance_postures",
            )
        )
    )

    def run(
        self, params: GeoSimParams, seed: SeedLike = None, map_times: tuple[int, ...] = (), strategy=None
    ) -> GeoSimResult:
        """One run; `strategy` (a Strategy object) overrides `params.strategy` for every state."""
        from foedus.models.geosim.kernel import run_kernel
        from foedus.sim.discovery import get_strategy

        rules = [strategy or get_strategy(self.name, params.strategy)]
        rules.append(get_strategy(self.name, params.aggressor_strategy))
        rules.append(get_strategy(self.name, params.member_strategy))
        out = run_kernel(
            params,
            mt_key(seed),
            tuple(r.kernel_rule_for(params.democracy_share > 0) for r in rules),
            tuple(POSTURES[r.traits["posture"]] for r in rules),
            map_times,
            side_key(seed),
        )
        extras = {
            "maps": out["maps"],
            "total_severity": float(out["total_severity"] * params.switch_severity_scale),
            "dem_attacks": out["dem_attacks"],
        }
        return build_result(
            params,
            seed,
            out["states"],
            out["wars"],
            out["owner"],
            out["res"],
            extras,
            out["largest"],
            out["regimes"],
            out["cohort"],
            out["democratic"],
        )

    def reference(self, params: GeoSimParams, seed: SeedLike = None) -> GeoSimResult | None:
        from foedus.models.geosim.reference import run_reference

        if params.strategy != "geosim" or params.alliances_on:
            return None  # the reference covers the model of the paper, not the alliance layer
        return run_reference(params, seed)

    def strategy_problems(self, strategy) -> list[str]:
        from foedus.models.geosim.kernel import DECISION_SIGNATURE

        if strategy.model != self.name:
            return [f"the strategy plays in {strategy.model}, not {self.name}"]
        problems = []
        for regimes in (False, True):
            sigs = getattr(strategy.kernel_rule_for(regimes), "nopython_signatures", [])
            if not any(
                s.args == DECISION_SIGNATURE.args and s.return_type == DECISION_SIGNATURE.return_type
                for s in sigs
            ):
                which = "rule_with_regimes" if regimes else "rule"
                problems.append(
                    f"the {which} must be compiled with foedus.models.geosim.kernel.DECISION_SIGNATURE"
                )
        return sorted(set(problems))

    def invariants(self, result: GeoSimResult) -> list[str]:
        return geosim_invariants(result)

    def memory_estimate(self, params: GeoSimParams) -> int:
        n = params.nx * params.ny
        return 3_000 * n + 8 * (params.periods + 1) + 10_000_000

    def example_params(self) -> GeoSimParams:
        # A small, busy world: low thresholds and frequent attacks make conquests, collapses and wars.
        return GeoSimParams(
            nx=16, ny=14, initPolarity=30, initPeriod=50, duration=1200, pShock=0.01, pAttack=0.1,
            supThresh=1.5, victThresh=1.5, warShadow=5,
        )  # fmt: skip

    def with_horizon(self, params: GeoSimParams, periods: int) -> GeoSimParams:
        if periods <= params.initPeriod:
            raise ParameterError(
                f"--periods: expected more than initPeriod ({params.initPeriod}), found {periods}"
            )
        return GeoSimParams.parse({**params.model_dump(), "duration": periods - params.initPeriod})


def geosim_invariants(result: GeoSimResult) -> list[str]:
    """One live sovereign per cell, contiguous states, finite non-negative resources, sane wars."""
    p = result.params
    problems = []
    owner = result.tables["territory"]["state"].astype(np.int64)
    capitals = np.unique(owner)
    if not np.all(owner[capitals] == capitals):
        problems.append("a cell belongs to a state whose capital it does not hold")
    if len(capitals) != result.states[-1]:
        problems.append(f"{len(capitals)} states on the map, {result.states[-1]} counted")
    for cap in capitals:
        cells = set(np.flatnonzero(owner == cap).tolist())
        seen, todo = {int(cap)}, deque([int(cap)])
        while todo:
            c = todo.popleft()
            x, y = c % p.nx, c // p.nx
            for c2, ok in (
                (c - 1, x > 0),
                (c + 1, x < p.nx - 1),
                (c - p.nx, y > 0),
                (c + p.nx, y < p.ny - 1),
            ):
                if ok and c2 in cells and c2 not in seen:
                    seen.add(c2)
                    todo.append(c2)
        if seen != cells:
            problems.append(f"state {cap} is not contiguous")
            break
    res = result.tables["final_states"]["resources"]
    if not (np.all(np.isfinite(res)) and np.all(res >= 0)):
        problems.append("resources not finite and non-negative")
    w = result.tables["wars"]
    if len(w["war"]) and not (
        np.all(w["start_t"] > p.initPeriod)
        and np.all(w["start_t"] <= w["end_t"])
        and np.all(w["end_t"] <= p.periods)
        and np.all(w["severity"] > 0)
        and np.all(w["participants"] >= 2)
    ):
        problems.append("a war starts in the initial phase, ends before it starts, or has no damage")
    if result.states[0] != p.initPolarity:
        problems.append(f"{result.states[0]} states at t = 0, expected {p.initPolarity}")
    total = result.extras.get("total_severity")
    if total is not None and p.switch_open_wars == "include":
        if abs(result.severities.sum() - total) > 1e-9 * max(1.0, total):
            problems.append("the war list does not account for all damage fought over")
    return problems


def run_geosim(params: GeoSimParams | None = None, seed: SeedLike = None, map_times: tuple[int, ...] = ()):
    """One GeoSim run; `map_times` are periods at which to keep a snapshot of the map."""
    return GeoSim().run(params or GeoSimParams(), seed, map_times)
