"""The Model interface every simulation in foedus implements.

A model is a class with a name, a frozen `Params` class (a ModelParams), a `Result` class with
declared tables, a citation, traits as data, and `run(params, seed) -> Result`. Its `version` is
a constant plus a hash of the source files its results depend on, so stored results computed by
different code can be told apart. Models are found by `foedus.sim.discovery.all_models`.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cached_property
from typing import Any, ClassVar

from foedus.errors import ParameterError
from foedus.sim.params import ModelParams
from foedus.sim.plugin import Plugin
from foedus.sim.result import Result
from foedus.sim.seeding import SeedLike


class Model(Plugin):
    """Base class; subclasses set the class attributes and implement `run`."""

    name: ClassVar[str]
    Params: ClassVar[type[ModelParams]]
    Result: ClassVar[type[Result]]
    citation: ClassVar[str]
    traits: ClassVar[dict[str, Any]] = {}
    version_constant: ClassVar[str] = "1"
    # Modules whose source the results depend on (default: the module defining the model).
    source_modules: ClassVar[tuple[str, ...]] = ()

    def run(self, params: ModelParams, seed: SeedLike = None) -> Result:
        raise NotImplementedError

    # --- optional hooks, with defaults every model may keep ---
    def reference(self, params: ModelParams, seed: SeedLike = None) -> Result | None:
        """An independent plain implementation of the same rules, if the model has one."""
        return None

    def invariants(self, result: Result) -> list[str]:
        """Violations of the model's invariants in `result` (empty when all hold)."""
        return []

    def memory_estimate(self, params: ModelParams) -> int:
        """Bytes one run needs at most (used to refuse work that cannot fit)."""
        return 50_000_000

    def example_params(self) -> ModelParams:
        """Small, quick parameters that still exercise the rules (used by check_model)."""
        return self.Params()

    def strategy_problems(self, strategy) -> list[str]:
        """Why `strategy` cannot drive this model (empty if it can)."""
        return [f"model {self.name} takes no strategies"]

    def with_horizon(self, params: ModelParams, periods: int) -> ModelParams:
        """The same parameters run for `periods` periods in all."""
        raise ParameterError(f"--periods: model {self.name} has no horizon to set")

    # --- derived ---
    def params(self, overrides: dict[str, Any] | None = None, periods: int | None = None) -> ModelParams:
        p = self.Params.parse(overrides or {})
        return p if periods is None else self.with_horizon(p, periods)

    @cached_property
    def version(self) -> str:
        digest = hashlib.sha256()
        for module in self.source_modules or (type(self).__module__,):
            spec = importlib.util.find_spec(module)
            if spec is None or spec.origin is None:
                raise ImportError(f"model {self.name}: source module {module} not found")
            with open(spec.origin, "rb") as f:
                digest.update(f.read())
        return f"{self.version_constant}+{digest.hexdigest()[:12]}"

    def describe(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "citation": self.citation,
            "traits": dict(self.traits),
            "tables": {t.name: dict(t.columns) for t in self.Result.schema},
        }
