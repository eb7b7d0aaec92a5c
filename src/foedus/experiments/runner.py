"""Experiments: replications x parameter settings, run on local processes or a Dask cluster.

Replication seeds are spawned from the experiment seed before anything is scheduled, and
replication i of every setting uses the same seed (common random numbers across settings).
Results stream into the store as each replication finishes; finished ones are skipped on resume.

On an HPC cluster, start a scheduler with `dask-jobqueue` (e.g. `SLURMCluster(...).scale(jobs=4)`)
and pass its address as `scheduler`; the results are identical to a local run.
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import json
import multiprocessing as mp
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from foedus.experiments.store import ResultsStore, RunRecord, StoreError
from foedus.models.geosim.model import NAME as GEOSIM
from foedus.models.geosim.model import run_geosim
from foedus.models.geosim.params import GeoSimParams
from foedus.sim.seeding import SeedLike, replication_seeds


def package_version() -> str:
    from importlib.metadata import version

    return version("foedus")


@dataclass(frozen=True)
class Task:
    experiment: str
    setting: str
    replication: int
    seed: int
    params: dict

    @property
    def run_id(self) -> str:
        return f"{self.experiment}/{self.setting}/{self.replication}"


def parse_overrides(pairs: Iterable[str]) -> dict:
    """`name=value` strings into a dict, values parsed as JSON where they can be."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"--set: expected NAME=VALUE, found {pair!r}")
        try:
            out[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[name.strip()] = value
    return out


def make_params(overrides: dict, periods: int | None = None) -> GeoSimParams:
    """Validated parameters; `periods` shortens the run (initial phase kept, duration cut)."""
    params = GeoSimParams(**overrides)
    if periods is not None:
        if periods <= params.initPeriod:
            raise ValueError(
                f"--periods: expected more than initPeriod ({params.initPeriod}), found {periods}"
            )
        params = params.model_copy(update={"duration": periods - params.initPeriod})
        params = GeoSimParams(**params.model_dump())
    return params


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


def plan(experiment: str, settings: dict[str, GeoSimParams], replications: int, seed: SeedLike) -> list[Task]:
    seeds = replication_seeds(seed, replications)  # drawn before any scheduling
    return [
        Task(experiment, name, r, seeds[r], p.model_dump())
        for name, p in settings.items()
        for r in range(replications)
    ]


def run_task(task: Task) -> RunRecord:
    """Run one replication (in whichever process or machine it lands)."""
    start = time.perf_counter()
    run = run_geosim(GeoSimParams(**task.params), seed=task.seed)
    return RunRecord(
        task.run_id,
        task.experiment,
        GEOSIM,
        task.setting,
        task.replication,
        task.seed,
        task.params,
        package_version(),
        time.perf_counter() - start,
        run.states,
        run.wars,
        run.fit().as_dict(),
    )


class _Rate(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:.2f} runs/s" if task.speed else "", style="cyan")


def _pending(store: ResultsStore, tasks: list[Task]) -> list[Task]:
    done = store.done(tasks[0].experiment) if tasks else {}
    todo = []
    for task in tasks:
        if task.run_id not in done:
            todo.append(task)
            continue
        seed, params = done[task.run_id]
        if seed != task.seed or json.loads(params) != task.params:
            raise StoreError(
                f"{store.path}: {task.run_id} is stored with a different seed or parameters; "
                "use another --store or experiment name"
            )
    return todo


def run_experiment(
    experiment: str,
    settings: dict[str, GeoSimParams],
    replications: int,
    seed: SeedLike,
    store_path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    on_record: Callable[[RunRecord], None] | None = None,
) -> dict:
    """Run what is not yet stored; return counts of planned, skipped and run replications."""
    if replications < 1:
        raise ValueError(f"replications: expected at least 1, found {replications}")
    if workers < 1:
        raise ValueError(f"workers: expected at least 1, found {workers}")
    tasks = plan(experiment, settings, replications, seed)
    with ResultsStore(store_path) as store:
        todo = _pending(store, tasks)
        bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TimeRemainingColumn(),
            disable=not progress,
            transient=False,
        )
        with bar:
            job = bar.add_task(experiment, total=len(tasks), completed=len(tasks) - len(todo))
            for record in _execute(todo, workers, scheduler):
                store.write(record)
                if on_record:
                    on_record(record)
                bar.advance(job)
    return {"planned": len(tasks), "skipped": len(tasks) - len(todo), "ran": len(todo)}


def _execute(tasks: list[Task], workers: int, scheduler: str | None):
    if not tasks:
        return
    if scheduler:
        from distributed import Client, as_completed

        with Client(scheduler) as client:
            futures = [client.submit(run_task, t, pure=False) for t in tasks]
            for fut in as_completed(futures):
                yield fut.result()
        return
    if workers == 1:
        for t in tasks:
            yield run_task(t)
        return
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(run_task, t) for t in tasks]
        for fut in cf.as_completed(futures):
            yield fut.result()
