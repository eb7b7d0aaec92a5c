"""Cederman & Gleditsch (2004): conquest, contextual regime change and collective security on GeoSim.

Cederman, L.-E. and Gleditsch, K. S. (2004). "Conquest and Regime Change: An Evolutionary Model
of the Spread of Democracy and Peace." International Studies Quarterly 48(3): 603-629.

Design (pp. 612-613, as reported): a 50x50 GeoSim world of 200 states, mobile share 0.9; after
the 500-period initial phase 10% of the states become democracies; then 10,000 periods; 20
replications of three configurations: selection by conquest only, plus contextual regime
change, plus collective security among democracies with obligation probability 0.5. The
regime-change rule's parameters are not published; `calibrate` fits them to the first two
configurations' published rows only, and the third configuration is then a prediction.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from foedus.analysis.experiment_figures import plot_histories
from foedus.analysis.figures import plot_regime_map
from foedus.analysis.intervals import mean_interval, share_interval
from foedus.analysis.summaries import measure_values
from foedus.experiments.runner import run_experiment
from foedus.experiments.store import StoreReader
from foedus.models.geosim.model import GeoSim
from foedus.paths import output_folder, write_csv_atomically, write_text_atomically

NAME = "cederman-gleditsch-2004"
CITATION = (
    "Cederman, L.-E. and Gleditsch, K. S. (2004). Conquest and Regime Change: An Evolutionary Model "
    "of the Spread of Democracy and Peace. International Studies Quarterly 48(3): 603-629."
)
EXPERIMENT = "cederman-gleditsch-2004"
REPLICATIONS = 20  # per configuration, p. 612
SEED = 2004

# p. 612: mobile share 0.9 and 10% democracies; every other parameter is GeoSim's default
COMMON = {"propMobile": 0.9, "democracy_share": 0.1}
SETTINGS: dict[str, dict] = {
    "base": COMMON,
    "regime_change": {**COMMON, "regime_change": True},
    # democracies defend democracies, each obliged one with probability 0.5 (p. 612)
    "collective_security": {**COMMON, "regime_change": True, "alliance_setup": "democracies", "p_honor": 0.5},
}
# The published rows used for calibration (pp. 612-613): mean final democratic share of the
# territory, and the shares of runs ending above 10% and above 50% democratic.
PUBLISHED = {
    "base": {"dem_share_mean": 0.072, "runs_above_10pct": 0.15, "runs_above_50pct": 0.0},
    "regime_change": {"dem_share_mean": 0.064, "runs_above_10pct": 0.15, "runs_above_50pct": 0.05},
}

COLUMNS = [
    "setting",
    "replications",
    "dem_share_mean",
    "dem_share_median",
    "runs_above_10pct",
    "runs_above_50pct",
    "morans_i_median",
    "final_states_median",
]


def _defined(values) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=float)


def table(store: Path, experiment: str = EXPERIMENT) -> list[dict]:
    """One row per stored configuration; shares of runs are fractions (0.15 = 15% of runs)."""
    dem = measure_values(store, experiment, "dem_share")
    moran = measure_values(store, experiment, "morans_i")
    states = measure_values(store, experiment, "states_final")
    rows = []
    for name in [s for s in SETTINGS if s in dem] + [s for s in dem if s not in SETTINGS]:
        d = _defined(dem[name])
        m = _defined(moran[name])
        rows.append(
            {
                "setting": name,
                "replications": len(d),
                "dem_share_mean": float(d.mean()),
                "dem_share_median": float(np.median(d)),
                "runs_above_10pct": float((d > 0.1).mean()),
                "runs_above_50pct": float((d > 0.5).mean()),
                # Moran's I is undefined in runs that end with one regime only
                "morans_i_median": float(np.median(m)) if len(m) else float("nan"),
                "final_states_median": float(np.median(_defined(states[name]))),
            }
        )
    return rows


def _histories(store: Path, experiment: str, every: int = 500) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Democratic share of the territory at every 500th period (the paper's plots, pp. 618-620)."""
    with StoreReader(store) as st:
        runs = {r["run_id"]: r["setting"] for r in st.runs(experiment)}
        series = st.model_table(experiment, "geosim", "series")
        params = st.runs(experiment)[0]["params"]
    cells = params["nx"] * params["ny"]
    keep = series["t"] % every == 0
    by_setting: dict[str, list[np.ndarray]] = {}
    t = None
    for run_id in dict.fromkeys(series["run_id"][keep].tolist()):
        rows = keep & (series["run_id"] == run_id)
        t = series["t"][rows]
        by_setting.setdefault(runs[run_id], []).append(series["democratic"][rows] / cells)
    return t, {k: np.array(v) for k, v in by_setting.items()}


def _prediction_lines(rows: list[dict]) -> list[str]:
    out = ["| setting | measure | foedus (95% interval) | published |", "|---|---|---|---|"]
    for r in rows:
        pub = PUBLISHED.get(r["setting"], {})
        for m in ("dem_share_mean", "runs_above_10pct", "runs_above_50pct"):
            est = r["intervals"][m]
            shown = f"{pub[m]:.3f}" if m in pub else "not used (a prediction)"
            out.append(f"| {r['setting']} | {m} | {est.text()} | {shown} |")
    return out


def reproduce(
    out_dir,
    replications: int | None = None,
    periods: int | None = None,
    workers: int = 2,
    seed: int = SEED,
    scheduler: str | None = None,
    progress: bool = True,
    overrides: dict | None = None,
) -> Path:
    """Run the three configurations into `out_dir/results.duckdb`; write table.csv, report.md and
    figures (democratic share over time; final regime maps of replication 0)."""
    replications = replications or REPLICATIONS
    out = output_folder(out_dir)
    model = GeoSim()
    settings = {name: model.params({**over, **(overrides or {})}, periods) for name, over in SETTINGS.items()}
    store = out / "results.duckdb"
    run_experiment(EXPERIMENT, model, settings, replications, seed, store, workers, scheduler, progress)
    rows = table(store)
    write_csv_atomically(out / "table.csv", COLUMNS, rows)
    dem = measure_values(store, EXPERIMENT, "dem_share")
    for r in rows:
        d = _defined(dem[r["setting"]])
        r["intervals"] = {
            "dem_share_mean": mean_interval(d),
            "runs_above_10pct": share_interval(int((d > 0.1).sum()), len(d)),
            "runs_above_50pct": share_interval(int((d > 0.5).sum()), len(d)),
        }
    first = settings["base"]
    t, hist = _histories(store, EXPERIMENT)
    figs = [
        plot_histories(
            t, hist, out / "democratic_share.png", "democratic share of the territory",
            "Democratic share (mean over runs, 95% band)", mark=first.initPeriod,
        )
    ]  # fmt: skip
    with StoreReader(store) as st:
        seeds = {r["setting"]: r["seed"] for r in st.runs(EXPERIMENT) if r["replication"] == 0}
    for name, params in settings.items():
        sample = model.run(params, seeds[name])
        regimes = np.zeros(params.nx * params.ny, np.int64)
        final = sample.tables["final_states"]
        regimes[final["state"]] = final["regime"]
        path = out / f"regimes_{name}_rep0.png"
        figs.append(plot_regime_map(sample.final_map, regimes, path, f"{name}, run 0"))
    rc = settings["regime_change"]
    lines = [
        "# Cederman & Gleditsch (2004) on GeoSim, run by foedus",
        "",
        CITATION,
        "",
        f"{replications} replications per configuration, {first.periods:,} periods (democracies assigned "
        f"at t = {first.initPeriod + 1}), experiment seed {seed}. Regime change: logistic, base rate "
        f"{rc.rc_base:g}, midpoint {rc.rc_midpoint:g}, slope {rc.rc_slope:g}, neighbours weighted by "
        f"{rc.switch_rc_weighting} (calibrated on the first two published rows only; see "
        "docs/collective-security.md). "
        + (f"Parameters set in every configuration: {overrides}. " if overrides else "")
        + "Shares of runs are fractions of the replications.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in rows:
        lines.append(
            "| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in COLUMNS) + " |"
        )
    lines += ["", "## Against the published rows", "", *_prediction_lines(rows), ""]
    lines += ["## Figures", "", *[f"![{f.stem}]({f.name})" for f in figs], ""]
    write_text_atomically(out / "report.md", "\n".join(lines) + "\n")
    return out / "report.md"


# ------------------------------------------------------------------ calibration

CALIBRATION_GRID = {
    "rc_base": [1e-5, 3e-5, 1e-4, 3e-4, 1e-3],
    "rc_midpoint": [0.3, 0.5, 0.7],
    "rc_slope": [5.0, 10.0, 20.0],
}
# Loss scales: about one standard error of each published figure with 20 replications.
LOSS_SCALE = {"dem_share_mean": 0.03, "runs_above_10pct": 0.08, "runs_above_50pct": 0.05}


def calibration_loss(row: dict, target: dict) -> float:
    """Sum of squared differences from a published row, each in units of its standard error."""
    return float(sum(((row[m] - target[m]) / s) ** 2 for m, s in LOSS_SCALE.items()))


def calibrate(
    out_dir,
    grid: dict[str, list] | None = None,
    replications: int = 60,
    workers: int = 2,
    seed: int = 40_004,
    progress: bool = True,
    periods: int | None = None,
) -> list[dict]:
    """Run the regime-change configuration at every point of `grid` (a seed other than the
    reproduction's) and rank the points by their distance to the published regime-change row;
    the base row, which has no free parameter, is run alongside as a check. Writes
    calibration.csv and returns its rows, best first."""
    grid = grid or CALIBRATION_GRID
    out = output_folder(out_dir)
    model = GeoSim()
    names = list(grid)
    settings = {"base": model.params(SETTINGS["base"], periods)}
    for combo in itertools.product(*(grid[n] for n in names)):
        label = ",".join(f"{n}={v:g}" for n, v in zip(names, combo, strict=True))
        over = dict(zip(names, combo, strict=True))
        settings[label] = model.params({**SETTINGS["regime_change"], **over}, periods)
    store = out / "calibration.duckdb"
    run_experiment("calibration", model, settings, replications, seed, store, workers, None, progress)
    rows = []
    for r in table(store, "calibration"):
        target = PUBLISHED["base" if r["setting"] == "base" else "regime_change"]
        params = settings[r["setting"]]
        rows.append({**r, **{n: getattr(params, n) for n in names}, "loss": calibration_loss(r, target)})
    rows.sort(key=lambda r: (r["setting"] != "base", r["loss"]))
    write_csv_atomically(out / "calibration.csv", [*COLUMNS, *names, "loss"], rows)
    return rows
