"""Run an experiment: plan it, skip what is stored, run the rest, commit as runs finish.

Finished replications are committed in small batches (at least every half second), each batch
in one transaction. Ctrl-C or SIGTERM stops the experiment within a fraction of a second: the
workers are killed, finished replications are committed, and rerunning the same command resumes
it. A replication whose worker died is reported by run id and left for the rerun; a failed
commit stops everything at once, keeping what was committed.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from foedus.errors import IncompleteError, StoppedError
from foedus.experiments.executors import DaskPool, LocalPool
from foedus.experiments.plan import check_run_memory, make_plan
from foedus.experiments.store import RunRecord, StoreError, StoreWriter, versions
from foedus.sim.params import ModelParams
from foedus.sim.seeding import SeedLike

COMMIT_EVERY_S = 0.5
COMMIT_EVERY_RUNS = 64


@dataclass
class ExperimentReport:
    experiment: str
    planned: int
    skipped: int
    ran: int
    store: str


class _StopFlag:
    """Set by SIGINT/SIGTERM (or a caller's event); remembers which signal."""

    def __init__(self, event: threading.Event | None):
        self.event = event or threading.Event()
        self.signum: int | None = None
        self._previous: dict = {}

    def __call__(self) -> bool:
        return self.event.is_set()

    def _handle(self, signum, frame) -> None:
        self.signum = signum
        self.event.set()

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def run_experiment(
    experiment: str,
    model,
    settings: dict[str, ModelParams],
    replications: int,
    seed: SeedLike,
    store_path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    on_record: Callable[[RunRecord], None] | None = None,
    stop: threading.Event | None = None,
) -> ExperimentReport:
    """Run what is not yet stored; raise StoppedError if interrupted, IncompleteError if a worker died."""
    if not 1 <= workers <= 256:
        raise StoreError(f"--workers: expected 1 to 256, found {workers}")
    plan = make_plan(experiment, model, settings, replications, seed)
    for params in settings.values():
        check_run_memory(model, params, workers)
    writer = StoreWriter(store_path, plan.describe(), model.version, versions())
    tasks = plan.tasks()
    done = writer.done()
    todo = []
    for task in tasks:
        if task.run_id not in done:
            todo.append(task)
        elif done[task.run_id] != (task.seed, task.params):
            raise StoreError(
                f"{writer.path}: {task.run_id} is stored with another seed or other parameters; "
                "use another --name or --store"
            )
    report = ExperimentReport(experiment, len(tasks), len(tasks) - len(todo), 0, str(writer.path))
    if not todo:
        return report
    bar = _progress(experiment, len(tasks), report.skipped, progress)
    lost: list[tuple[str, str]] = []
    buffer: list[RunRecord] = []
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal last_commit
        try:
            writer.write(buffer, model.Result.schema)
        except (StoreError, OSError) as exc:
            stored = report.skipped + report.ran
            raise StoreError(
                f"{exc}. Stopped at once: {stored} of {report.planned} replications are stored; "
                "fix the problem and rerun the same command to resume."
            ) from None
        report.ran += len(buffer)
        buffer.clear()
        last_commit = time.monotonic()

    with _StopFlag(stop) as flag:
        pool = DaskPool(scheduler) if scheduler else LocalPool(min(workers, len(todo)))
        try:
            with bar:
                job = bar.add_task(experiment, total=len(tasks), completed=report.skipped)
                for kind, task, payload in pool.events(model, todo, flag):
                    if kind == "done":
                        buffer.append(payload)
                        if on_record:
                            on_record(payload)
                        bar.advance(job)
                    elif kind == "lost":
                        lost.append((task.run_id, payload))
                    else:
                        commit()
                        raise RuntimeError(f"replication {task.run_id} failed in the model:\n{payload}")
                    if len(buffer) >= COMMIT_EVERY_RUNS or time.monotonic() - last_commit >= COMMIT_EVERY_S:
                        commit()
        finally:
            pool.close()
        commit()
        if flag():
            raise StoppedError(
                f"stopped: {report.skipped + report.ran} of {report.planned} replications of "
                f"{experiment} are stored in {writer.path}; rerun the same command to resume",
                flag.signum or signal.SIGINT,
            )
    if lost:
        listed = "; ".join(f"{run_id} ({why})" for run_id, why in lost[:10])
        more = f" and {len(lost) - 10} more" if len(lost) > 10 else ""
        raise IncompleteError(
            f"{len(lost)} replication(s) did not finish: {listed}{more}. The others are stored in "
            f"{writer.path}; rerun the same command to complete the experiment."
        )
    return report


def _progress(name: str, total: int, completed: int, enabled: bool):
    """A progress bar on stderr: done/total, runs per second, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.2f} runs/s" if task.speed else "", style="cyan")

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )
