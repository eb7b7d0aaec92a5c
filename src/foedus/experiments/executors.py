"""Where replications run: persistent local worker processes, or a Dask cluster.

Both yield events as replications end: ("done", task, record), ("lost", task, reason) when a
worker died under a replication, ("error", task, traceback) when the model raised. They check
`should_stop` at least every 0.2 s, so an interrupted experiment stops within a fraction of a
second. Local workers are started once and reused; each notices when the experiment's process
dies (Linux: the kernel kills it; elsewhere a watchdog thread) so no worker outlives it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait

from foedus.errors import InputError
from foedus.experiments.plan import Task
from foedus.experiments.store import RunRecord

POLL_S = 0.2
DASK_CONNECT_S = 5


def run_task(model, task: Task) -> RunRecord:
    """Run one replication, wherever it lands, and package it for the store."""
    start = time.perf_counter()
    result = model.run(model.Params(**task.params), seed=task.seed)
    return RunRecord(task, model.version, time.perf_counter() - start, result.tables, result.summary())


# ---------------------------------------------------------------- local processes


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before we could ask
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="foedus-parent-watch").start()


def _worker_main(conn, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the experiment's process decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        model, task = job
        try:
            conn.send(("done", run_task(model, task)))
        except Exception:
            conn.send(("error", traceback.format_exc()))


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child, os.getpid()), daemon=True, name="foedus-worker"
        )
        self.process.start()
        child.close()
        self.task: Task | None = None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=2)
        self.conn.close()


class LocalPool:
    """`workers` persistent processes, started once; tasks are handed out one at a time."""

    def __init__(self, workers: int):
        self.ctx = mp.get_context("spawn")
        self.workers = [_Worker(self.ctx) for _ in range(workers)]

    def events(self, model, tasks: list[Task], should_stop: Callable[[], bool]) -> Iterator[tuple]:
        pending = deque(tasks)
        for w in self.workers:
            self._give(w, model, pending)
        while any(w.task is not None for w in self.workers):
            if should_stop():
                return
            busy = [w for w in self.workers if w.task is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_S)
            for w in busy:
                if w.conn not in ready and w.process.sentinel not in ready:
                    continue
                message = None
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = None  # the worker died while we read
                task, w.task = w.task, None
                if message is not None:
                    yield message[0], task, message[1]
                    self._give(w, model, pending)
                    continue
                w.kill()
                reason = f"worker {w.process.pid} died (exit code {w.process.exitcode})"
                self.workers[self.workers.index(w)] = replacement = _Worker(self.ctx)
                yield "lost", task, reason
                self._give(replacement, model, pending)

    def _give(self, w: _Worker, model, pending: deque) -> None:
        """Hand the next task to w; a worker found dead is replaced and the task goes to the new one."""
        if not pending:
            return
        task = pending.popleft()
        for _ in range(3):
            try:
                w.conn.send((model, task))
                w.task = task
                return
            except OSError:
                w.kill()
                i = self.workers.index(w)
                self.workers[i] = w = _Worker(self.ctx)
        raise RuntimeError("worker processes die as soon as they start")

    def close(self) -> None:
        """Stop every worker now (replications in flight are abandoned, to be rerun on resume)."""
        for w in self.workers:
            w.kill()


# ---------------------------------------------------------------- Dask


class DaskPool:
    """Tasks submitted to a Dask scheduler (e.g. a dask-jobqueue cluster on an HPC system)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise InputError("--scheduler needs dask.distributed, which is not installed") from None
        try:
            self.client = Client(address, timeout=f"{DASK_CONNECT_S}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"--scheduler {address}: no Dask scheduler answered within {DASK_CONNECT_S} s ({_short(exc)})"
            ) from None
        self.futures: dict = {}

    def events(self, model, tasks: list[Task], should_stop: Callable[[], bool]) -> Iterator[tuple]:
        self.futures = {self.client.submit(run_task, model, t, pure=False): t for t in tasks}
        remaining = set(self.futures)
        while remaining:
            if should_stop():
                return
            done = [f for f in remaining if f.done()]
            if not done:
                time.sleep(0.05)
                continue
            for fut in done:
                remaining.discard(fut)
                task = self.futures.pop(fut)
                if fut.status == "finished":
                    yield "done", task, fut.result()
                else:
                    exc = fut.exception()
                    kind = "lost" if type(exc).__name__ == "KilledWorker" else "error"
                    yield kind, task, "".join(traceback.format_exception(exc))
                fut.release()

    def close(self) -> None:
        for fut in self.futures:
            fut.cancel()
        self.client.close(timeout=5)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
