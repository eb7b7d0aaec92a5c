"""Experiments started from the browser: each a thread driving the experiment runner, watched,
stopped and resumed by name, bounded in number and size.

An experiment's plan is written as `<name>.json` next to its store `<name>.duckdb`, both in the
server's results folder, before it starts; resuming reads the plan back, so a stopped experiment
(or one cut short by a server restart) resumes without loss or duplication, as the CLI's does.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foedus.errors import IncompleteError, InputError, StoppedError, UnknownNameError
from foedus.paths import output_folder, write_text_atomically

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SPEC_KEYS = {"name", "model", "params", "axes", "replications", "seed"}


class ConflictError(InputError):
    """The request clashes with stored or running work (HTTP 409)."""


class BusyError(InputError):
    """The server is at its limit of jobs at once (HTTP 429)."""


@dataclass
class Job:
    name: str
    spec: dict[str, Any]  # the plan as stored in <name>.json
    total: int
    done: int
    state: str = "running"  # running, stopping, stopped, done, failed
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    ran: int = 0  # finished in this session of the job (for the rate)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def status(self) -> dict[str, Any]:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.ran / elapsed if self.ran else 0.0
        left = self.total - self.done
        return {
            "name": self.name,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "runs_per_s": round(rate, 3),
            "eta_s": round(left / rate, 1) if rate > 0 and self.state == "running" else None,
            "message": self.message,
            "spec": self.spec,
        }


class Jobs:
    """The server's experiments: running ones in memory, every one's plan and store on disk."""

    def __init__(self, settings):
        self.settings = settings
        self.folder = Path(settings.results)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(settings.max_jobs)

    # ------------------------------------------------------------ where things live

    def _experiments(self) -> Path:
        return output_folder(self.folder / "experiments", "results folder")

    def store(self, name: str) -> Path:
        return self._experiments() / f"{check_name(name)}.duckdb"

    def _spec_path(self, name: str) -> Path:
        return self._experiments() / f"{check_name(name)}.json"

    def spec(self, name: str) -> dict[str, Any]:
        path = self._spec_path(name)
        if not path.is_file():
            raise UnknownNameError(f"no experiment {name!r} on this server")
        return json.loads(path.read_text(encoding="utf-8"))

    def slot(self):
        """A job slot for work that runs while the request waits (a scenario run)."""
        return Slot(self._slots, self.settings.max_jobs)

    def start(self, spec: dict[str, Any], resume: bool = False) -> Job:
        unknown = set(spec) - SPEC_KEYS
        if unknown:
            expected = ", ".join(sorted(SPEC_KEYS))
            raise InputError(f"body: unknown fields {sorted(unknown)}; expected {expected}")
        name = check_name(spec.get("name"))
        model, settings, replications, seed = self._checked(spec)
        path = self._spec_path(name)
        with self._lock:
            running = self._jobs.get(name)
            if running and running.state in ("running", "stopping"):
                raise ConflictError(f"name: experiment {name!r} is already running")
            if path.is_file() and not resume:
                raise ConflictError(f"name: an experiment {name!r} is stored on this server; resume it "
                                    "or choose another name")  # fmt: skip
            if not self._slots.acquire(blocking=False):
                raise _busy(self.settings.max_jobs)
            try:
                total = len(settings) * replications
                job = Job(name, spec, total, self._stored(name))
                write_text_atomically(path, json.dumps(spec, indent=1, sort_keys=True))
            except BaseException:
                self._slots.release()
                raise
            self._jobs[name] = job
        job.thread = threading.Thread(
            target=self._run, args=(job, model, settings, replications, seed), daemon=True,
            name=f"foedus-experiment-{name}",
        )  # fmt: skip
        job.thread.start()
        return job

    def resume(self, name: str) -> Job:
        return self.start(self.spec(name), resume=True)

    def stop(self, name: str) -> Job:
        job = self._jobs.get(check_name(name))
        if job is None or job.state not in ("running", "stopping"):
            self.spec(name)  # an unknown name is a 404
            raise InputError(f"experiment {name!r} is not running")
        job.state = "stopping"
        job.stop.set()
        return job

    def status(self, name: str) -> dict[str, Any]:
        from foedus.experiments.plan import grid

        job = self._jobs.get(check_name(name))
        if job is not None:
            return job.status()
        # a stored plan was checked when it started: its size is read, not checked again against
        # today's limits (a resume is)
        spec = self.spec(name)
        total = len(grid(spec.get("params") or {}, spec.get("axes") or {})) * spec.get("replications", 10)
        done = self._stored(name)
        state = "done" if done >= total else "stopped"
        return {"name": name, "state": state, "done": done, "total": total, "runs_per_s": 0.0,
                "eta_s": None, "message": "", "spec": spec}  # fmt: skip

    def names(self) -> list[str]:
        return sorted(p.stem for p in self._experiments().glob("*.json"))

    def finished(self, name: str) -> Path:
        """The store of an experiment that is not running (its results may be read)."""
        job = self._jobs.get(check_name(name))
        if job is not None and job.state in ("running", "stopping"):
            raise ConflictError(f"experiment {name!r} is still running: stop it or wait for it to finish")
        self.spec(name)
        store = self.store(name)
        if not store.is_file():
            raise InputError(f"experiment {name!r} has no stored runs yet: resume it")
        return store

    # ------------------------------------------------------------ internals

    def _checked(self, spec: dict[str, Any]):
        from foedus.experiments.plan import grid
        from foedus.sim.discovery import get_model
        from foedus.web.models import check_size

        model = get_model(str(spec.get("model", "")))
        replications = spec.get("replications", 10)
        if not isinstance(replications, int) or replications < 1:
            raise InputError(f"replications: expected a whole number of at least 1, found {replications!r}")
        seed = spec.get("seed", 0)
        if not isinstance(seed, int) or seed < 0:
            raise InputError(f"seed: expected a whole number of at least 0, found {seed!r}")
        axes = spec.get("axes") or {}
        if not isinstance(axes, dict) or not all(isinstance(v, list) and v for v in axes.values()):
            raise InputError("axes: expected {parameter: [value, ...]} with at least one value each, "
                             f"found {axes!r}")  # fmt: skip
        base = spec.get("params") or {}
        if not isinstance(base, dict):
            raise InputError(f"params: expected an object of parameter values, found {base!r}")
        settings = {label: model.params(values) for label, values in grid(base, axes).items()}
        for p in settings.values():
            check_size(p, self.settings.max_run_size)
        runs = len(settings) * replications
        if runs > self.settings.max_experiment_runs:
            raise InputError(f"replications: {len(settings)} settings x {replications} replications = "
                             f"{runs:,} runs, above this server's limit "
                             f"{self.settings.max_experiment_runs:,}")  # fmt: skip
        return model, settings, replications, seed

    def _stored(self, name: str) -> int:
        from foedus.experiments.store import StoreReader

        store = self.store(name)
        if not store.is_file():
            return 0
        with StoreReader(store) as st:
            return len(st.runs(name))

    def _for_page(self, name: str, message: str) -> str:
        """The runner's message as the page should read it: no server paths, no CLI advice."""
        message = message.replace(str(self.store(name)), f"the store of {name}")
        return message.replace("rerun the same command", "resume it")

    def _run(self, job: Job, model, settings, replications: int, seed: int) -> None:
        from foedus.experiments.runner import run_experiment

        def finished(record) -> None:
            job.done += 1
            job.ran += 1

        try:
            run_experiment(job.name, model, settings, replications, seed, self.store(job.name),
                           workers=self.settings.workers, progress=False, on_record=finished,
                           stop=job.stop)  # fmt: skip
            job.done = job.total
            job.state, job.message = "done", f"{job.total} runs stored"
        except StoppedError:
            job.state, job.message = "stopped", f"stopped: {job.done} of {job.total} runs stored; resume it"
        except (InputError, IncompleteError) as exc:
            job.state, job.message = "failed", self._for_page(job.name, str(exc))
        except Exception as exc:  # a bug: the page says so, the log keeps the traceback
            import logging

            logging.getLogger("foedus.web").exception("experiment %s failed", job.name)
            job.state, job.message = "failed", f"failed: {type(exc).__name__}: {exc}"
        finally:
            self._slots.release()


class Slot:
    """Holds one of a bounded number of places while a piece of work runs; none free is a 429."""

    def __init__(self, slots: threading.BoundedSemaphore, limit: int, what: str = "job(s)"):
        self.slots, self.limit, self.what = slots, limit, what

    def __enter__(self):
        if not self.slots.acquire(blocking=False):
            raise _busy(self.limit, self.what)
        return self

    def __exit__(self, *exc) -> None:
        self.slots.release()


def _busy(limit: int, what: str = "job(s)") -> InputError:
    return BusyError(f"busy: this server runs at most {limit} {what} at once; stop one or wait")


def check_name(name) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise InputError(f"name: expected 1 to 64 letters, digits, '_', '.' or '-' (starting with a letter "
                         f"or digit), found {name!r}")  # fmt: skip
    return name
