"""Conformance suites every model and strategy must pass, shipped so a user can check their own.

    from foedus.sim.conformance import check_model, check_strategy
    check_model(MyModel())        # raises ConformanceError listing every failed check

Each check has a name that says the rule it enforces. A check that cannot apply (a model with no
reference implementation) is skipped loudly: a ConformanceWarning names it, and the report
returned marks it skipped.
"""

from __future__ import annotations

import json
import pickle
import warnings
from dataclasses import dataclass

import numpy as np

from foedus.sim.model import Model
from foedus.sim.params import ModelParams
from foedus.sim.result import Result, TableSchema
from foedus.sim.strategy import TRAITS, Strategy


class ConformanceError(AssertionError):
    pass


class ConformanceWarning(UserWarning):
    pass


@dataclass
class Check:
    name: str
    status: str  # "passed", "failed" or "skipped"
    detail: str = ""


class _Suite:
    def __init__(self, subject: str):
        self.subject = subject
        self.checks: list[Check] = []

    def check(self, name: str, fn) -> object:
        try:
            out = fn()
        except _Skip as skip:
            self.checks.append(Check(name, "skipped", str(skip)))
            warnings.warn(f"{self.subject}: skipped '{name}': {skip}", ConformanceWarning, stacklevel=3)
            return None
        except Exception as exc:  # a failed check, whatever it raised
            self.checks.append(Check(name, "failed", f"{type(exc).__name__}: {exc}"))
            return None
        self.checks.append(Check(name, "passed"))
        return out

    def finish(self) -> list[Check]:
        failed = [c for c in self.checks if c.status == "failed"]
        if failed:
            lines = "\n".join(f"  - {c.name}: {c.detail}" for c in failed)
            raise ConformanceError(f"{self.subject} fails {len(failed)} check(s):\n{lines}")
        return self.checks


class _Skip(Exception):
    pass


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def same_tables(a: Result, b: Result) -> bool:
    """Bit-for-bit equal tables (NaN equal to NaN)."""
    if set(a.tables) != set(b.tables):
        return False
    for name, cols in a.tables.items():
        if set(cols) != set(b.tables[name]):
            return False
        for c, x in cols.items():
            x, y = np.asarray(x), np.asarray(b.tables[name][c])
            if x.shape != y.shape or x.dtype != y.dtype:
                return False
            if x.dtype.kind == "f":
                if not np.array_equal(x, y, equal_nan=True):
                    return False
            elif not np.array_equal(x, y):
                return False
    return True


def _worker_run(model: Model, params_json: str, seed) -> Result:
    return model.run(model.Params.model_validate_json(params_json), seed=seed)


def check_model(
    model: Model, params: ModelParams | None = None, seed: int = 12345, in_worker: bool = True
) -> list[Check]:
    """Run the model conformance suite; raise ConformanceError if any check fails."""
    suite = _Suite(f"model {getattr(model, 'name', model)!r}")

    def metadata():
        _require(isinstance(model.name, str) and model.name.isidentifier(), "name must be an identifier")
        _require(isinstance(model.citation, str) and model.citation.strip() != "", "a citation is required")
        _require(isinstance(model.traits, dict), "traits must be a dict")
        _require(issubclass(model.Params, ModelParams), "Params must subclass foedus.sim.params.ModelParams")
        _require(issubclass(model.Result, Result), "Result must subclass foedus.sim.result.Result")
        _require(
            all(isinstance(t, TableSchema) for t in model.Result.schema) and model.Result.schema,
            "Result.schema must declare at least one TableSchema",
        )
        _require(isinstance(model.version, str) and "+" in model.version, "version must be 'constant+hash'")
        _require(model.version == type(model)().version, "version must not change between instances")
        _require(pickle.loads(pickle.dumps(model)) == model, "the model must pickle")

    suite.check("metadata: name, citation, traits, Params, Result schema, version, pickling", metadata)
    p = params if params is not None else suite.check("example parameters validate", model.example_params)
    if p is None:
        return suite.finish()

    def round_trip():
        again = model.Params.model_validate_json(p.model_dump_json())
        _require(again == p, "parameters changed through JSON")
        _require(model.Params.parse(p.model_dump()) == p, "parameters changed through a dict")

    suite.check("parameters round-trip through JSON", round_trip)
    first = suite.check("runs", lambda: model.run(p, seed=seed))
    if first is None:
        return suite.finish()
    suite.check(
        "same seed gives an identical result",
        lambda: _require(same_tables(first, model.run(p, seed=seed)), "tables differ"),
    )
    suite.check(
        "result matches its declared schema",
        lambda: _require(not first.schema_problems(), "; ".join(first.schema_problems())),
    )

    def summary_numbers():
        s = first.summary()
        _require(
            isinstance(s, dict) and all(isinstance(k, str) for k in s), "summary must map names to values"
        )
        for k, v in s.items():
            _require(
                v is None or (isinstance(v, int | float) and not isinstance(v, bool) and np.isfinite(v)),
                f"summary value {k}={v!r} is not a finite number or None",
            )
        json.dumps(s, allow_nan=False)

    suite.check("summary is finite numbers or None (strict JSON)", summary_numbers)
    suite.check(
        "summary is the same from the stored tables alone",
        lambda: _require(
            type(first).from_tables(p, seed, first.tables).summary() == first.summary(),
            "summary computed from the tables differs",
        ),
    )
    suite.check(
        "model invariants hold",
        lambda: _require(not model.invariants(first), "; ".join(model.invariants(first))),
    )

    def worker():
        if not in_worker:
            raise _Skip("in_worker=False")
        import concurrent.futures as cf
        import multiprocessing as mp

        with cf.ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
            other = pool.submit(_worker_run, model, p.model_dump_json(), seed).result(timeout=600)
        _require(same_tables(first, other), "a worker process computed a different result")

    suite.check("runs in a worker process with the same result", worker)

    def reference():
        ref = model.reference(p, seed=seed)
        if ref is None:
            raise _Skip("the model has no reference implementation")
        _require(same_tables(first, ref), "the kernel and the reference differ")

    suite.check("kernel agrees with the reference implementation", reference)
    return suite.finish()


def check_strategy(strategy: Strategy, seed: int = 12345, in_worker: bool = True) -> list[Check]:
    """Run the strategy conformance suite; raise ConformanceError if any check fails."""
    from foedus.sim.discovery import get_model

    suite = _Suite(f"strategy {getattr(strategy, 'name', strategy)!r}")

    def metadata():
        _require(isinstance(strategy.name, str) and strategy.name != "", "a name is required")
        _require(
            isinstance(strategy.citation, str) and strategy.citation.strip() != "", "a citation is required"
        )
        _require(set(strategy.traits) == set(TRAITS), f"traits must be exactly {sorted(TRAITS)}")
        for k, v in strategy.traits.items():
            _require(v in TRAITS[k], f"trait {k}={v!r}: expected one of {TRAITS[k]}")
        _require(pickle.loads(pickle.dumps(strategy)) == strategy, "the strategy must pickle")

    suite.check("metadata: name, citation, traits as data, pickling", metadata)
    model = suite.check("plays in a known model", lambda: get_model(strategy.model))
    if model is None:
        return suite.finish()
    suite.check(
        "its rule has the model's decision signature",
        lambda: _require(not model.strategy_problems(strategy), "; ".join(model.strategy_problems(strategy))),
    )
    p = model.example_params()
    first = suite.check(
        "the model runs with every state following it", lambda: model.run(p, seed, strategy=strategy)
    )
    if first is None:
        return suite.finish()
    suite.check(
        "same seed gives an identical result",
        lambda: _require(same_tables(first, model.run(p, seed, strategy=strategy)), "tables differ"),
    )
    suite.check(
        "model invariants hold",
        lambda: _require(not model.invariants(first), "; ".join(model.invariants(first))),
    )
    return suite.finish()
