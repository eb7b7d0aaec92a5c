"""`foedus reproduce geosim-2003`: the robustness design of Cederman (2003), Table 1."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from foedus.analysis.figures import plot_map, plot_states, plot_war_sizes
from foedus.experiments.runner import make_params, run_experiment
from foedus.experiments.store import ResultsStore
from foedus.models.geosim.model import run_geosim
from foedus.models.geosim.params import SETTINGS

EXPERIMENT = "geosim-2003"
COLUMNS = [
    "setting",
    "replications",
    "slope_min",
    "slope_median",
    "slope_max",
    "r2_min",
    "r2_median",
    "r2_max",
    "range_median",
    "wars_median",
]


def _nan_stat(fn, values: np.ndarray) -> float:
    """fn over the finite values; NaN (no fit: too few wars) when there are none."""
    finite = values[np.isfinite(values)]
    return float(fn(finite)) if len(finite) else float("nan")


def summarize(fits: list[tuple]) -> list[dict]:
    """One row per setting from (setting, rep, seed, slope, intercept, r2, wars, range, final_states)."""
    rows = []
    for name in [s for s in SETTINGS if any(f[0] == s for f in fits)]:
        sel = [f for f in fits if f[0] == name]
        slope = np.array([f[3] for f in sel], dtype=float)
        r2 = np.array([f[5] for f in sel], dtype=float)
        rows.append(
            {
                "setting": name,
                "replications": len(sel),
                "slope_min": _nan_stat(np.min, slope),
                "slope_median": _nan_stat(np.median, slope),
                "slope_max": _nan_stat(np.max, slope),
                "r2_min": _nan_stat(np.min, r2),
                "r2_median": _nan_stat(np.median, r2),
                "r2_max": _nan_stat(np.max, r2),
                "range_median": float(np.median([f[7] for f in sel])),
                "wars_median": float(np.median([f[6] for f in sel])),
            }
        )
    return rows


def reproduce_geosim_2003(
    out_dir,
    replications: int = 15,
    periods: int | None = None,
    workers: int = 2,
    seed: int = 2003,
    scheduler: str | None = None,
    progress: bool = True,
) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings = {name: make_params(over, periods) for name, over in SETTINGS.items()}
    store_path = out / "results.duckdb"
    run_experiment(EXPERIMENT, settings, replications, seed, store_path, workers, scheduler, progress)
    with ResultsStore(store_path) as store:
        fits = store.fits(EXPERIMENT)
    rows = summarize(fits)
    with open(out / "table.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in r.items()})
    base = settings["base"]
    sample_seed = next(f[2] for f in fits if f[0] == "base" and f[1] == 0)
    mid = base.initPeriod + base.duration // 2
    sample = run_geosim(base, seed=sample_seed, map_times=(base.initPeriod, mid, base.periods))
    figs = {
        "war_sizes": plot_war_sizes(
            sample.severities, out / "war_sizes_base_rep0.png", "War sizes, base setting, replication 0"
        ),
        "states": plot_states(sample.states, out / "states_base_rep0.png", base.initPeriod),
    }
    for t, owner in sample.maps.items():
        figs[f"map_{t}"] = plot_map(owner, out / f"map_t{t}.png", f"t = {t}: {len(np.unique(owner))} states")
    lines = [
        "# GeoSim (Cederman 2003) robustness design, reproduced by foedus",
        "",
        f"{replications} replications per setting, {base.periods} periods, experiment seed {seed}. "
        "Rules, switch defaults and what remains unfaithful: docs/geosim.md.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in rows:
        lines.append(
            "| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in COLUMNS) + " |"
        )
    lines += [
        "",
        "## Sample run (base, replication 0)",
        "",
        f"![war sizes]({figs['war_sizes'].name})",
        f"![states]({figs['states'].name})",
        "",
    ]
    lines += [f"![{k}]({v.name})" for k, v in figs.items() if k.startswith("map_")]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    return out / "report.md"
