"""EARTH as a foedus model: validated parameters in, tidy tables out, the kernel in between."""

from __future__ import annotations

import numpy as np

from foedus.errors import ParameterError
from foedus.models.earth.hexmap import hex_adjacency
from foedus.models.earth.params import STYLES, EarthParams
from foedus.models.earth.treaties import duty_matrix
from foedus.sim.model import Model
from foedus.sim.result import Result, TableSchema, clean_number
from foedus.sim.seeding import SeedLike, mt_key

_I, _F, _B = "int32", "float64", "bool"


class EarthResult(Result):
    schema = (
        TableSchema(
            "crises",
            {
                "t": _I,
                "initiator": _I,
                "target": _I,
                "stage": _I,
                "fought": _B,
                "initiator_won": _B,
                "initiator_side": _I,
                "target_side": _I,
                "initiator_power": _F,
                "target_power": _F,
                "obliged": _I,
                "honoured": _I,
                "deaths": _I,
                "cells_taken": _I,
                "cost": _F,
            },
            "every crisis (an initiator chose a target): the step it ended at (2 or 4: war; -2 or -4: "
            "the initiator backed down), the sides, treaty allies obliged and honouring, the outcome",
        ),  # fmt: skip
        TableSchema(
            "states",
            {
                "state": _I,
                "style_start": _I,
                "style_end": _I,
                "power_start": _F,
                "died_t": _I,
                "cells": _I,
                "power": _F,
                "attacked": _I,
                "joined": _I,
                "treaty_joined": _I,
                "helped": _I,
            },
            "every initial state: styles (0 realpolitik, 1 collective security, 2 laissez-faire, "
            "3 power-seeker, 4 aggressor), its death (-1: alive), wars it was attacked in, joined, "
            "joined because a treaty obliged it, and treaty allies that fought for it",
        ),  # fmt: skip
        TableSchema(
            "series",
            {"t": _I, "states": _I, "largest_power": _F, "largest_cells": _F},
            "states alive, the largest state's share of power and of cells, sampled over the run",
        ),
        TableSchema(
            "ledger",
            {
                "power_start": _F,
                "growth": _F,
                "war_costs": _F,
                "power_end": _F,
                "hegemony_t": _I,
                "iterations_run": _I,
                "activations": "int64",
            },
            "power accounts: start + growth - war costs = end; the iteration of universal empire (-1: "
            "none); iterations run and states that acted in them",
        ),  # fmt: skip
        TableSchema("territory", {"cell": _I, "state": _I}, "the final map: each cell's state"),
    )

    def summary(self) -> dict:
        s = self.tables["states"]
        c = self.tables["crises"]
        led = self.tables["ledger"]
        p = self.params
        alive = s["died_t"] < 0
        lifetime = np.where(alive, p.iterations, s["died_t"]) / p.iterations
        fought = c["fought"]
        out = {
            "states_final": int(alive.sum()),
            "endurance": float(alive.sum() > 1),  # R12: the system outlived T_max
            "hegemony_t": int(led["hegemony_t"][0]) if led["hegemony_t"][0] >= 0 else None,
            "survival_share": float(alive.mean()),
            "activations": int(led["activations"][0]),
            "crises": len(c["t"]),
            "wars": int(fought.sum()),
            "backed_down_share": float(1 - fought.mean()) if len(fought) else None,
            "honoured_share": float(c["honoured"].sum() / c["obliged"].sum()) if c["obliged"].sum() else None,
        }
        for code, style in enumerate(STYLES):
            mine = s["style_start"] == code
            out[f"survival_{style}"] = float(alive[mine].mean()) if mine.any() else None
            out[f"lifetime_{style}"] = float(lifetime[mine].mean()) if mine.any() else None
        return {k: clean_number(v) for k, v in out.items()}


def build_result(params: EarthParams, seed, out, extras=None) -> EarthResult:
    """The tables of a run from the raw outputs (shared by the kernel and the reference)."""
    from foedus.models.earth.kernel import CRISIS, SERIES, STATE

    style_start, power_start, rec, st, series, ledger, owner = out
    rec = np.asarray(rec, dtype=np.float64).reshape(-1, len(CRISIS))
    st = np.asarray(st, dtype=np.float64).reshape(-1, len(STATE))
    series = np.asarray(series, dtype=np.float64).reshape(-1, len(SERIES))
    types = EarthResult.schema
    crises = {c: rec[:, k].astype(types[0].columns[c]) for k, c in enumerate(CRISIS)}
    n = len(st)
    states = {"state": np.arange(n, dtype=np.int32), "style_start": np.asarray(style_start, np.int32),
              "power_start": np.asarray(power_start, np.float64)}  # fmt: skip
    for k, c in enumerate(STATE):
        states[c] = st[:, k].astype(types[1].columns[c])
    ledger = np.asarray(ledger, dtype=np.float64)
    tables = {
        "crises": crises,
        "states": states,
        "series": {c: series[:, k].astype(types[2].columns[c]) for k, c in enumerate(SERIES)},
        "ledger": {
            "power_start": ledger[:1].copy(),
            "growth": ledger[1:2].copy(),
            "war_costs": ledger[2:3].copy(),
            "power_end": ledger[3:4].copy(),
            "hegemony_t": ledger[4:5].astype(np.int32),
            "iterations_run": ledger[5:6].astype(np.int32),
            "activations": ledger[6:7].astype(np.int64),
        },  # fmt: skip
        "territory": {"cell": np.arange(len(owner), dtype=np.int32), "state": np.asarray(owner, np.int32)},
    }
    return EarthResult(params, seed, tables, extras or {})


def kernel_inputs(p: EarthParams) -> dict:
    """The map, given powers and styles, treaty duties, reach and the aggressor, as arrays."""
    none2 = np.zeros((0, 0), np.float64)
    if p.world is None:
        off, adj = hex_adjacency(p.rows, p.cols, p.switch_topology == "torus")
        return dict(off=off, adj=adj, power0=np.zeros(0), style0=np.zeros(0, np.int64), duty=none2,
                    reach=none2, aggressor=-1)  # fmt: skip
    w = p.world
    off, adj = w.adjacency()
    style0 = np.array([STYLES.index(s.style) for s in w.states], dtype=np.int64)
    aggressor = -1 if w.aggressor is None else w.index()[w.aggressor]
    duty = duty_matrix(w, p) if w.alliances else none2
    return dict(off=off, adj=adj, power0=w.powers(), style0=style0, duty=duty, reach=w.reach(),
                aggressor=aggressor)  # fmt: skip


def sample_every(p: EarthParams) -> int:
    return max(1, p.iterations // 1000)


class Earth(Model):
    name = "earth"
    Params = EarthParams
    Result = EarthResult
    citation = (
        "Cusack, T. R. & Stoll, R. J. (1990). Exploring Realpolitik: Probing International Relations "
        "Theory with Computer Simulation. Lynne Rienner; Cusack & Stoll (1994), Collective Security "
        "and State Survival in the Interstate System, ISQ 38(1): 33-59; after Bremer & Mihalka (1977). "
        "A reconstruction: see docs/earth.md."
    )
    traits = {"space": "hex_map", "stochastic": True, "reference": True, "strategies": False}
    version_constant = "1"
    source_modules = tuple(
        f"foedus.models.earth.{m}" for m in ("params", "hexmap", "world", "treaties", "kernel", "model")
    )

    def run(self, params: EarthParams, seed: SeedLike = None, strategy=None) -> EarthResult:
        from foedus.models.earth.kernel import run_kernel

        if strategy is not None:
            raise ParameterError("model earth takes no strategy objects: its styles are parameters")
        x = kernel_inputs(params)
        out = run_kernel(params, mt_key(seed), x["off"], x["adj"], x["power0"], x["style0"], x["duty"],
                         x["reach"], x["aggressor"], sample_every(params))  # fmt: skip
        return build_result(params, seed, out)

    def reference(self, params: EarthParams, seed: SeedLike = None) -> EarthResult:
        from foedus.models.earth.reference import run_reference

        return run_reference(params, seed)

    def invariants(self, result: EarthResult) -> list[str]:
        return earth_invariants(result)

    def memory_estimate(self, params: EarthParams) -> int:
        n = params.states
        return 16 * n * n + 200 * params.iterations + 10_000_000

    def example_params(self) -> EarthParams:
        # A small, mixed world: every style present, learning on, so every rule is exercised.
        return EarthParams(rows=6, cols=5, iterations=300, share_collective_security=0.3,
                           share_laissez_faire=0.2, share_power_seeker=0.1, reparations=0.1,
                           switch_adaptation="adopt_winner_style")  # fmt: skip

    def with_horizon(self, params: EarthParams, periods: int) -> EarthParams:
        return EarthParams.parse({**params.model_dump(), "iterations": periods})


def earth_invariants(result: EarthResult) -> list[str]:
    """Live owners only, cell counts that add up, dead states empty, and the power accounts."""
    problems = []
    s, terr, led = result.tables["states"], result.tables["territory"], result.tables["ledger"]
    owner = terr["state"]
    alive = s["died_t"] < 0
    if len(owner) and not alive[owner].all():
        problems.append("a cell belongs to a dead state")
    if not np.array_equal(np.bincount(owner, minlength=len(alive)), s["cells"]):
        problems.append("the states' cell counts differ from the map")
    if np.any(s["cells"][~alive] != 0) or np.any(s["power"][~alive] != 0):
        problems.append("a dead state keeps cells or power")
    if not (np.all(np.isfinite(s["power"])) and np.all(s["power"] >= 0)):
        problems.append("power not finite and non-negative")
    start, growth, costs, end = (
        float(led[k][0]) for k in ("power_start", "growth", "war_costs", "power_end")
    )
    if abs(start + growth - costs - end) > 1e-9 * max(1.0, start + growth):
        problems.append(f"power not conserved: {start} + {growth} - {costs} != {end}")
    c = result.tables["crises"]
    if np.any(c["honoured"] > c["obliged"]) or np.any(c["fought"] != (c["stage"] > 0)):
        problems.append("a crisis record is inconsistent")
    return problems
