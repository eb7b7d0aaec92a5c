"""Model routes: each model with its parameters (JSON Schema with the documented ranges), and one
bounded, seeded run answered with its summary and its tables (and GeoSim's map over time)."""

from __future__ import annotations

import inspect
import threading
from typing import Any

import numpy as np
from fastapi import FastAPI

from foedus.errors import InputError

MAX_FRAMES = 100
MAX_ROWS = 20_000  # rows of one table sent to a page; longer tables are cut, and say so


def run_size(p) -> int:
    """Periods x cells of the map: what a run's time grows with."""
    cells = getattr(p, "states", None) or getattr(p, "nx", 1) * getattr(p, "ny", 1)
    return int(getattr(p, "periods", 1)) * int(cells)


def check_size(p, limit: int) -> None:
    size = run_size(p)
    if size > limit:
        raise InputError(f"params: a run of size {size:,} (periods x cells) is above this server's "
                         f"limit {limit:,}")  # fmt: skip


def json_tables(tables: dict[str, dict[str, np.ndarray]]) -> dict[str, dict]:
    """Each table as columns of plain values (NaN becomes null when the answer is written)."""
    out = {}
    for name, cols in tables.items():
        rows = len(next(iter(cols.values()))) if cols else 0
        out[name] = {
            "rows": rows,
            "cut": rows > MAX_ROWS,
            "columns": {c: np.asarray(v[:MAX_ROWS]).tolist() for c, v in cols.items()},
        }
    return out


def frame_times(periods: int, frames: int) -> tuple[int, ...]:
    """`frames` periods spread evenly from 0 to the last."""
    return tuple(sorted({round(k * periods / max(frames - 1, 1)) for k in range(frames)}))


def routes(app: FastAPI, settings) -> None:
    from foedus.sim.discovery import all_models, get_model
    from foedus.web.jobs import Slot

    running = threading.BoundedSemaphore(settings.max_runs)

    @app.get("/api/models", tags=["simulation"])
    def models() -> list[dict[str, Any]]:
        """Every model with its version, citation, traits and tables."""
        return [m.describe() for m in all_models()]

    @app.get("/api/models/{name}/params", tags=["simulation"])
    def params(name: str) -> dict[str, Any]:
        """A model's parameters as JSON Schema (types, defaults, documented ranges) with defaults."""
        model = get_model(name)
        return {
            "schema": model.Params.model_json_schema(),
            "defaults": model.Params().model_dump(mode="json"),
        }

    @app.post("/api/models/{name}/run", tags=["simulation"])
    def run(name: str, body: dict[str, Any]) -> dict[str, Any]:
        """One seeded run ({"params": {...}, "seed": N, "tables": true, "frames": K}): its summary;
        with `tables`, every table of the run (at most 20,000 rows each); with `frames` (GeoSim),
        K snapshots of the map. Runs larger than the server's limit (periods x cells) are refused."""
        model = get_model(name)
        unknown = set(body) - {"params", "seed", "tables", "frames"}
        if unknown:
            raise InputError(f"body: unknown fields {sorted(unknown)}; expected params, seed, tables, frames")
        p = model.params(body.get("params") or {})
        seed = body.get("seed", 0)
        check_size(p, settings.max_run_size)
        frames = body.get("frames", 0)
        if not isinstance(frames, int) or not 0 <= frames <= MAX_FRAMES:
            raise InputError(f"frames: expected a whole number from 0 to {MAX_FRAMES}, found {frames!r}")
        maps = frames and "map_times" in inspect.signature(model.run).parameters
        if frames and not maps:
            raise InputError(f"frames: model {model.name} keeps no map snapshots; ask for tables instead")
        with Slot(running, settings.max_runs, "model runs"):
            if maps:
                result = model.run(p, seed, frame_times(int(p.periods), frames))
            else:
                result = model.run(p, seed=seed)
        out = {"model": model.name, "version": model.version, "seed": seed,
               "params": p.model_dump(mode="json"), "summary": result.summary()}  # fmt: skip
        if body.get("tables"):
            out["tables"] = json_tables(result.tables)
        if maps:
            out["maps"] = [{"t": int(t), "cells": m.ravel().tolist()} for t, m in sorted(result.maps.items())]
        return out
