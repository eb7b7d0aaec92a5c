"""Reproductions of published results, one module per paper, each with its citation and design.

A reproduction module defines NAME (the command's target, e.g. "geosim-2003"), CITATION, its
default REPLICATIONS and SEED, and
`reproduce(out_dir, replications, periods, workers, seed, scheduler, progress) -> Path`.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil

from foedus.errors import InputError


def all_reproductions() -> dict:
    """NAME -> module, for every module of this package."""
    out = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME"):
            out[module.NAME] = module
    return dict(sorted(out.items()))


def get_reproduction(name: str):
    found = all_reproductions()
    if name not in found:
        near = difflib.get_close_matches(name, list(found), n=2)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise InputError(f"unknown reproduction {name!r}: expected one of {', '.join(found)}{hint}")
    return found[name]
