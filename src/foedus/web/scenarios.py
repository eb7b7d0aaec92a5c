"""Scenario routes: the catalogue, and one catalogue scenario run with chosen parameters (bounded
replications, one job slot), answered with its worlds and every state's survival with intervals."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import FastAPI

from foedus.errors import InputError
from foedus.web.jobs import Jobs

RUN_KEYS = {"quick", "replications", "seed", "overrides"}
CAVEAT = ("A thought experiment on stylised rules (EARTH with the scenario's world), not a forecast: "
          "see docs/scenarios.md for what the numbers rest on.")  # fmt: skip


def routes(app: FastAPI, jobs: Jobs) -> None:
    @app.get("/api/scenarios", tags=["scenarios"])
    def scenarios() -> list[dict[str, Any]]:
        """The scenario catalogue, with each scenario's conditions and aggressor strengths."""
        from foedus.scenarios.catalogue import SCENARIOS

        return [
            {"name": s.name, "title": s.title, "question": s.question, "conditions": list(s.conditions),
             "fronts": s.fronts, "strengths": list(s.strengths), "quick_strengths": list(s.quick_strengths),
             "aggressor": s.aggressor_state, "replications": s.replications, "notes": list(s.notes)}
            for s in SCENARIOS.values()
        ]  # fmt: skip

    @app.post("/api/scenarios/{name}/run", tags=["scenarios"])
    def run(name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Run a scenario: {"quick": true, "replications": N, "seed": S, "overrides": {"p_honor": ...}}.
        Answers each world (states at their capitals, borders, roles) and every state's survival
        share per setting with its Wilson 95% interval."""
        from foedus.scenarios import run as R
        from foedus.scenarios.catalogue import get_scenario

        sc = get_scenario(name)
        unknown = set(body) - RUN_KEYS
        if unknown:
            expected = ", ".join(sorted(RUN_KEYS))
            raise InputError(f"body: unknown fields {sorted(unknown)}; expected {expected}")
        quick = body.get("quick", True)
        limit = jobs.settings.max_scenario_replications
        reps = body.get("replications", sc.quick_replications if quick else sc.replications)
        if not isinstance(reps, int) or not 1 <= reps <= limit:
            raise InputError(f"replications: expected a whole number from 1 to {limit}, found {reps!r}")
        seed = body.get("seed", 2016)
        if not isinstance(seed, int) or seed < 0:
            raise InputError(f"seed: expected a whole number of at least 0, found {seed!r}")
        overrides = body.get("overrides") or {}
        if not isinstance(overrides, dict) or "world" in overrides:
            raise InputError(f"overrides: expected {{parameter: value}} of EARTH (not world), "
                             f"found {overrides!r}")  # fmt: skip
        worlds = sc.worlds(bool(quick))
        settings = sc.settings(worlds, overrides)
        asked = json.dumps([quick, reps, seed, overrides], sort_keys=True).encode()
        folder = jobs.folder / "scenarios" / f"{sc.name}-{hashlib.sha256(asked).hexdigest()[:12]}"
        with jobs.slot():
            _, rows = R.run_world(sc.name, settings, reps, seed, folder, jobs.settings.workers,
                                  progress=False)  # fmt: skip
        return {
            "scenario": sc.name,
            "title": sc.title,
            "question": sc.question,
            "caveat": CAVEAT,
            "notes": list(sc.notes),
            "replications": reps,
            "seed": seed,
            "overrides": overrides,
            "conditions": list(sc.conditions),
            "worlds": [_world(label, w) for label, w in worlds.items()],
            "survival": [vars(r) for r in rows],
        }


def _world(label: str, world) -> dict[str, Any]:
    from foedus.scenarios.run import roles

    role = roles(world)
    return {
        "label": label,
        "name": world.name,
        "date": str(world.date) if world.date else None,
        "states": [
            {"code": s.code, "name": s.name, "lat": s.lat, "lon": s.lon, "role": role[s.code]}
            for s in world.states
        ],  # fmt: skip
        "borders": [list(b) for b in world.borders],
    }
