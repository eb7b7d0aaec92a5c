"""Per-setting summaries of a stored experiment, computed from the stored tables.

Each run's summary numbers (the model's `Result.summary()`, stored with the run) are grouped by
setting; every parameter that varies between settings becomes a column of its own. Undefined
values (None: a fit with too few wars, say) are left out of the statistics and counted.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from foedus.experiments.store import StoreReader

STATS = ("n", "mean", "median", "min", "max")


def varied_parameters(settings: dict[str, dict]) -> list[str]:
    """Parameters whose value differs between settings, in declaration order."""
    names: list[str] = []
    for params in settings.values():
        names += [k for k in params if k not in names]
    return [k for k in names if len({repr(s.get(k)) for s in settings.values()}) > 1]


def setting_summary(store: str | Path, experiment: str) -> tuple[list[str], list[dict]]:
    """Rows of (setting, varied parameters..., measure, n, mean, median, min, max, undefined)."""
    with StoreReader(store) as st:
        info = st.experiment(experiment)
        runs = st.runs(experiment)
        values = st.summaries(experiment)
    settings = info["plan"]["settings"]
    varied = varied_parameters(settings)
    by_setting: dict[str, list[str]] = {}
    for run in runs:
        by_setting.setdefault(run["setting"], []).append(run["run_id"])
    measures = sorted({m for v in values.values() for m in v})
    rows = []
    for setting in [s for s in settings if s in by_setting]:
        run_ids = by_setting[setting]
        for measure in measures:
            xs = [values.get(r, {}).get(measure) for r in run_ids]
            defined = [float(x) for x in xs if x is not None]
            row = {"setting": setting, **{k: settings[setting].get(k) for k in varied}, "measure": measure}
            row["n"] = len(defined)
            row["mean"] = statistics.fmean(defined) if defined else None
            row["median"] = statistics.median(defined) if defined else None
            row["min"] = min(defined) if defined else None
            row["max"] = max(defined) if defined else None
            row["undefined"] = len(xs) - len(defined)
            rows.append(row)
    columns = ["setting", *varied, "measure", *STATS, "undefined"]
    return columns, rows


def measure_values(store: str | Path, experiment: str, measure: str) -> dict[str, list[float | None]]:
    """setting -> the measure's value in each replication (in replication order)."""
    with StoreReader(store) as st:
        runs = st.runs(experiment)
        values = st.summaries(experiment)
    out: dict[str, list[float | None]] = {}
    for run in runs:
        out.setdefault(run["setting"], []).append(values.get(run["run_id"], {}).get(measure))
    return out
