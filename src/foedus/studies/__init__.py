"""Studies of the seed's question: does collective defence protect states an aggressor picks off
one by one? One module per study, each with NAME, TITLE, QUESTION, REPLICATIONS, `settings(quick)`
(setting name -> GeoSim parameters) and `write_report(out, store, settings, quick)`; they are
run by `foedus study NAME` (foedus.studies.common.run_study)."""

from __future__ import annotations

import difflib
import importlib
import pkgutil

from foedus.errors import InputError


def all_studies() -> dict:
    """NAME -> module, for every study module of this package."""
    out = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME"):
            out[module.NAME] = module
    return dict(sorted(out.items()))


def get_study(name: str):
    found = all_studies()
    if name not in found:
        near = difflib.get_close_matches(name, list(found), n=2)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise InputError(f"unknown study {name!r}: expected one of {', '.join(found)}{hint}")
    return found[name]
