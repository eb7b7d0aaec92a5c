"""Find models and strategies by walking packages, never by a hand-kept list.

Models: every public, concrete `Model` subclass exported by a subpackage of `foedus.models`.
Strategies: every public `Strategy` subclass defined in a module of `foedus.strategies`.
Outside code plugs in through the entry-point groups `foedus.models` and `foedus.strategies`
(each entry point names a module), or by naming modules in the FOEDUS_PLUGINS environment
variable (comma-separated), which worker processes inherit.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import os
import pkgutil
from functools import cache
from importlib.metadata import entry_points

from foedus.errors import UnknownNameError


def _plugin_modules(group: str) -> list[str]:
    names = [ep.value.split(":")[0] for ep in entry_points(group=group)]
    names += [m.strip() for m in os.environ.get("FOEDUS_PLUGINS", "").split(",") if m.strip()]
    return names


def _classes_in(module, base, defined_here: bool) -> list[type]:
    out = []
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if (
            issubclass(obj, base)
            and obj is not base
            and not obj.__name__.startswith("_")
            and not inspect.isabstract(obj)
            and "name" in vars(obj)
            and (not defined_here or obj.__module__ == module.__name__)
        ):
            out.append(obj)
    return out


@cache
def _models(plugins: str) -> tuple:
    from foedus import models
    from foedus.sim.model import Model

    found: dict[str, type] = {}
    names = [f"{models.__name__}.{m.name}" for m in pkgutil.iter_modules(models.__path__) if m.ispkg]
    for name in names + _plugin_modules("foedus.models"):
        for cls in _classes_in(importlib.import_module(name), Model, defined_here=False):
            found.setdefault(cls.name, cls)
    return tuple(found[k]() for k in sorted(found))


@cache
def _strategies(plugins: str) -> tuple:
    from foedus import strategies
    from foedus.sim.strategy import Strategy

    found: dict[tuple[str, str], type] = {}
    names = [f"{strategies.__name__}.{m.name}" for m in pkgutil.iter_modules(strategies.__path__)]
    for name in names + _plugin_modules("foedus.strategies"):
        for cls in _classes_in(importlib.import_module(name), Strategy, defined_here=True):
            found.setdefault((cls.model, cls.name), cls)
    return tuple(found[k]() for k in sorted(found))


def all_models() -> list:
    """Every model, sorted by name."""
    return list(_models(os.environ.get("FOEDUS_PLUGINS", "")))


def get_model(name: str):
    models = {m.name: m for m in all_models()}
    if name not in models:
        near = difflib.get_close_matches(name, list(models), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownNameError(f"unknown model {name!r}: expected one of {', '.join(models)}{hint}")
    return models[name]


def all_strategies(**traits) -> list:
    """Every strategy whose traits (and `model`) match the given values, sorted by model and name."""
    out = []
    for s in _strategies(os.environ.get("FOEDUS_PLUGINS", "")):
        attrs = {**s.traits, "model": s.model, "name": s.name}
        if all(attrs.get(k) == v for k, v in traits.items()):
            out.append(s)
    return out


def strategy_names(model: str) -> list[str]:
    return [s.name for s in all_strategies(model=model)]


def get_strategy(model: str, name: str):
    found = all_strategies(model=model, name=name)
    if not found:
        known = strategy_names(model)
        raise UnknownNameError(f"unknown strategy {name!r} for {model}: expected one of {', '.join(known)}")
    return found[0]
