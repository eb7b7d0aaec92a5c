"""Studies of the seed's question: does collective defence protect states an aggressor picks off
one by one? One module per study, each with NAME, TITLE, QUESTION, REPLICATIONS and
QUICK_REPLICATIONS, MEASURES (summary measure -> label), `settings(quick)` (setting name -> GeoSim
parameters) and `write_report(out, params, estimates, values)` (the report's body); they are run by
`foedus study NAME` (foedus.studies.common.run_study)."""

from __future__ import annotations

import sys

from foedus.registry import named_module, named_modules


def all_studies() -> dict:
    """NAME -> module, for every module of this package."""
    return named_modules(sys.modules[__name__])


def get_study(name: str):
    return named_module(sys.modules[__name__], name, "study")
