"""Finding the modules of a package by the NAME they declare (reproductions, studies)."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from types import ModuleType

from foedus.errors import InputError


def named_modules(package: ModuleType) -> dict[str, ModuleType]:
    """NAME -> module, for every module of `package` that declares a NAME."""
    out = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "NAME"):
            out[module.NAME] = module
    return dict(sorted(out.items()))


def named_module(package: ModuleType, name: str, what: str) -> ModuleType:
    """The module of `package` whose NAME is `name`; an unknown name is an error naming the known."""
    found = named_modules(package)
    if name not in found:
        near = difflib.get_close_matches(name, list(found), n=2)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise InputError(f"unknown {what} {name!r}: expected one of {', '.join(found)}{hint}")
    return found[name]
