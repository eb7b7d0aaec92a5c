"""Compare readings of an ambiguous rule: one GeoSim experiment, common random numbers.

Each variant changes one switch of GeoSim (Cederman 2003) from the readings of foedus 0.1;
every variant's replication i uses the same seed, so differences between rows are not luck of
the draw. Prints medians of the state counts, wars and the largest war's share of all damage.

    .venv/bin/python examples/geosim_readings.py [--replications 15] [--periods 10500] [--set K=V ...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from foedus.analysis.summaries import measure_values
from foedus.experiments.plan import parse_overrides
from foedus.experiments.runner import run_experiment
from foedus.models.geosim.model import GeoSim

READINGS_0_1 = {
    "switch_decision_order": "path_first",
    "switch_new_state_resources": "unit",
    "switch_repulse": "attack_stops",
}
VARIANTS = {
    "0.1 readings": {},
    "stalled campaign ended": {"switch_stalled_campaign": "ended"},
    "decide first": {"switch_decision_order": "decide_first"},
    "balance at own cells": {"switch_balance_site": "own_cells"},
    "freed: centre's share": {"switch_new_state_resources": "centre_share"},
    "freed: zero": {"switch_new_state_resources": "zero"},
    "repulse stops all": {"switch_repulse": "all_action_stops"},
    "0.2 defaults": {k: None for k in READINGS_0_1},  # None: the current default
}
MEASURES = ["states_after_initial_phase", "states_final", "wars", "largest_war_share", "slope"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replications", type=int, default=15)
    ap.add_argument("--periods", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE for every variant")
    args = ap.parse_args()
    model = GeoSim()
    extra = parse_overrides(args.set)
    settings = {}
    for name, change in VARIANTS.items():
        over = {**READINGS_0_1, **change, **extra}
        settings[name] = model.params({k: v for k, v in over.items() if v is not None}, args.periods)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "readings.duckdb"
        run_experiment(
            "readings", model, settings, args.replications, 2003, store, args.workers, progress=False
        )
        values = {m: measure_values(store, "readings", m) for m in MEASURES}
    print(f"{'variant':<24}" + "".join(f"{m[:16]:>18}" for m in MEASURES))
    for name in VARIANTS:
        cells = []
        for m in MEASURES:
            xs = [x for x in values[m][name] if x is not None]
            cells.append(f"{statistics.median(xs):>18.4g}" if xs else f"{'undefined':>18}")
        print(f"{name:<24}" + "".join(cells))


if __name__ == "__main__":
    main()
