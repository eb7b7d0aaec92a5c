"""Strategies: the decision rules states follow, as plug-ins with their traits as data.

A strategy belongs to one model (`model`), names itself (`name`), cites where its rule comes
from, and declares its traits as a small dict (who uses it, whether it draws random numbers,
what it needs to know). Its `rule` is a compiled function with the model's decision signature;
the model calls it through a function pointer, so a new strategy is one new module and touches
nothing in the model or the core. Collections ("every stochastic strategy of geosim") are
computed from the traits by `foedus.sim.discovery.all_strategies`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from foedus.sim.plugin import Plugin

# Traits every strategy declares, and the values each may take.
TRAITS: dict[str, tuple] = {
    "role": ("any", "aggressor", "member"),  # who may follow it
    "stochastic": (True, False),  # draws random numbers itself
    "memory": ("none", "campaign", "war"),  # what it remembers between periods
    "uses_alliances": (True, False),  # reads the alliance layer
    "posture": ("honour", "chain_gang", "buck_pass", "by_perception"),  # answer to an obligation
}


class Strategy(Plugin):
    """Base class: subclasses set the class attributes below; instances hold nothing else."""

    name: ClassVar[str]
    model: ClassVar[str]
    citation: ClassVar[str]
    traits: ClassVar[dict[str, Any]]
    rule: ClassVar[Any]  # compiled function with the model's decision signature
    # the same rule for worlds whose states have regimes, where a model needs a second copy
    # (GeoSim's plain copy leaves the democratic peace out entirely, for speed)
    rule_with_regimes: ClassVar[Any] = None

    @property
    def kernel_rule(self):
        """The compiled rule itself (class attributes holding functions would bind to `self`)."""
        import inspect

        rule = inspect.getattr_static(type(self), "rule")
        return rule.__func__ if isinstance(rule, staticmethod) else rule

    def kernel_rule_for(self, regimes: bool):
        """The compiled rule for a world with or without regimes."""
        if regimes and self.rule_with_regimes is not None:
            import inspect

            rule = inspect.getattr_static(type(self), "rule_with_regimes")
            return rule.__func__ if isinstance(rule, staticmethod) else rule
        return self.kernel_rule

    def describe(self) -> dict:
        return {
            "name": self.name,
            "model": self.model,
            "citation": self.citation,
            "traits": dict(self.traits),
        }
