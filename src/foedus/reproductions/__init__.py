"""Reproductions of published results, one module per paper, each with its citation and design.

A reproduction module defines NAME (the command's target, e.g. "geosim-2003"), CITATION, its
default REPLICATIONS and SEED, and
`reproduce(out_dir, replications, periods, workers, seed, scheduler, progress) -> Path`.
"""

from __future__ import annotations

import sys

from foedus.registry import named_module, named_modules


def all_reproductions() -> dict:
    """NAME -> module, for every module of this package."""
    return named_modules(sys.modules[__name__])


def get_reproduction(name: str):
    return named_module(sys.modules[__name__], name, "reproduction")
