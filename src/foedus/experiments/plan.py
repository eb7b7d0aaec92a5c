"""An experiment's plan: settings x replications, with every replication's seed fixed up front.

Replication seeds are 64-bit integers spawned from the experiment seed before anything is
scheduled, and replication i of every setting uses the same seed (common random numbers across
settings: differences between settings are not confounded with luck of the draw). Any stored
replication can be rerun alone with `foedus run MODEL --seed SEED` and its parameters.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from foedus.errors import ParameterError
from foedus.sim.params import ModelParams
from foedus.sim.seeding import SeedLike, replication_seeds, seed_sequence

MAX_REPLICATIONS = 10_000_000
TASK_BYTES = 2_000  # a planned task held in memory, with its parameters


@dataclass(frozen=True)
class Task:
    experiment: str
    model: str
    setting: str
    replication: int
    seed: int
    params: dict

    @property
    def run_id(self) -> str:
        return f"{self.experiment}/{self.setting}/{self.replication}"


@dataclass(frozen=True)
class Plan:
    experiment: str
    model: Any  # a foedus.sim.model.Model
    settings: dict[str, ModelParams]
    replications: int
    seed: int | None

    def tasks(self) -> list[Task]:
        seeds = replication_seeds(self.seed, self.replications)  # drawn before any scheduling
        return [
            Task(self.experiment, self.model.name, name, r, seeds[r], p.model_dump(mode="json"))
            for name, p in self.settings.items()
            for r in range(self.replications)
        ]

    @property
    def size(self) -> int:
        return len(self.settings) * self.replications

    def describe(self) -> dict:
        return {
            "experiment": self.experiment,
            "model": self.model.name,
            "seed": None if self.seed is None else str(self.seed),
            "replications": self.replications,
            "settings": {k: v.model_dump(mode="json") for k, v in self.settings.items()},
        }


def make_plan(experiment: str, model, settings: dict[str, ModelParams], replications: int, seed: SeedLike):
    """A checked plan; refuses work that cannot fit in memory, with the estimate."""
    if not experiment or "/" in experiment or experiment != experiment.strip():
        raise ParameterError(f"--name: expected a non-empty name without '/', found {experiment!r}")
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ParameterError(f"--replications: expected 1 to {MAX_REPLICATIONS:,}, found {replications:,}")
    if not settings:
        raise ParameterError("an experiment needs at least one setting")
    if seed is None:  # draw a 64-bit seed and record it, so the experiment can be resumed
        seed = int(seed_sequence(None).generate_state(1, np.uint64)[0])
    seed_sequence(seed)  # validates
    plan = Plan(experiment, model, settings, replications, seed)
    need = plan.size * TASK_BYTES
    available = available_memory()
    if need > available // 2:
        raise ParameterError(
            f"{plan.size:,} replications need about {need / 1e9:.1f} GB to plan; "
            f"{available / 1e9:.1f} GB of memory is available"
        )
    return plan


def available_memory() -> int:
    """Bytes of memory available now (the OS's estimate)."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:  # pragma: no cover - psutil comes with dask
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def check_run_memory(model, params: ModelParams, workers: int = 1) -> None:
    """Refuse up front a run (or `workers` parallel runs) that cannot fit in memory."""
    need = model.memory_estimate(params) * workers
    available = available_memory()
    if need > available * 0.8:
        raise ParameterError(
            f"{workers} run(s) of {model.name} at these parameters need about {need / 1e9:.1f} GB; "
            f"{available / 1e9:.1f} GB of memory is available"
        )


def parse_overrides(pairs: Iterable[str], option: str = "--set") -> dict:
    """`name=value` strings into a dict, values parsed as JSON where they can be."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"{option}: expected NAME=VALUE, found {pair!r}")
        out[name.strip()] = parse_value(value)
    return out


def parse_value(text: str):
    """A parameter value from text: JSON (numbers, true/false, null) where it parses, else text.
    Non-finite numbers (Infinity, NaN, 1e400) are refused later by the parameter check."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return text


def parse_axes(specs: Iterable[str]) -> dict[str, list]:
    """`--vary NAME=V1,V2,...` specs into grid axes."""
    axes: dict[str, list] = {}
    for spec in specs:
        name, sep, values = spec.partition("=")
        if not sep or not name.strip() or not values.strip():
            raise ParameterError(f"--vary: expected NAME=V1,V2,..., found {spec!r}")
        if name.strip() in axes:
            raise ParameterError(f"--vary: {name.strip()} is given twice")
        axes[name.strip()] = [parse_value(v.strip()) for v in values.split(",")]
    return axes


def grid(base: dict, axes: dict[str, list]) -> dict[str, dict]:
    """Settings for every combination of the axes' values, named like 'supThresh=2.5,propMobile=0.9'."""
    if not axes:
        return {"base": dict(base)}
    names = list(axes)
    out = {}
    for combo in itertools.product(*(axes[n] for n in names)):
        label = ",".join(f"{n}={v}" for n, v in zip(names, combo, strict=True))
        out[label] = {**base, **dict(zip(names, combo, strict=True))}
    return out
