"""Cederman (2003), Table 1: the war-size distribution under the base settings and robustness checks.

Cederman, L.-E. (2003). "Modeling the Size of Wars: From Billiard Balls to Sandpiles."
American Political Science Review 97(1): 135-150. The design below is the paper's Table 1 as
described in its text (base runs, no technology shocks, no context activation, and one
sensitivity change at a time). The table written here is computed from the stored runs; it is
not compared with the paper's published values, which this project does not hold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from foedus.analysis.figures import plot_map, plot_states, plot_war_sizes
from foedus.analysis.summaries import measure_values
from foedus.experiments.runner import run_experiment
from foedus.models.geosim.model import GeoSim, run_geosim
from foedus.paths import output_folder, write_csv_atomically, write_text_atomically

NAME = "geosim-2003"
CITATION = (
    "Cederman, L.-E. (2003). Modeling the Size of Wars: From Billiard Balls to Sandpiles. "
    "American Political Science Review 97(1): 135-150, Table 1."
)
EXPERIMENT = "geosim-2003"
REPLICATIONS = 15
SEED = 2003

# The robustness design of Table 1 (names used in reports and table.csv).
SETTINGS: dict[str, dict] = {
    "base": {},
    "shock10": {"shockSize": 10.0},
    "noshock": {"shockSize": 0.0},
    "nocontext": {"switch_context_activation": False},
    "shadow10": {"warShadow": 10},
    "shadow40": {"warShadow": 40},
    "thresh2.5_shock10": {"supThresh": 2.5, "victThresh": 2.5, "shockSize": 10.0},
    "mobile0.9": {"propMobile": 0.9},
    "offset0.2": {"distOffset": 0.2},
    "slope5": {"distSlope": 5.0},
    "grid75": {"nx": 75, "ny": 75, "initPolarity": 450},
}

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
    "states_after_initial_phase_median",
    "states_final_median",
    "largest_war_share_median",
]


def _stats(values: list) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=float)


def _median(values: list) -> float:
    v = _stats(values)
    return float(np.median(v)) if len(v) else float("nan")


def table(store: Path, experiment: str = EXPERIMENT, overrides: dict | None = None) -> list[dict]:
    """One row per setting, computed from the stored runs' summaries."""
    measures = {
        m: measure_values(store, experiment, m)
        for m in (
            "slope",
            "r2",
            "range_decades",
            "wars",
            "states_after_initial_phase",
            "states_final",
            "largest_war_share",
        )
    }
    rows = []
    for name in [s for s in (overrides or SETTINGS) if s in measures["slope"]]:
        slope, r2 = _stats(measures["slope"][name]), _stats(measures["r2"][name])
        rows.append(
            {
                "setting": name,
                "replications": len(measures["slope"][name]),
                "slope_min": float(slope.min()) if len(slope) else float("nan"),
                "slope_median": float(np.median(slope)) if len(slope) else float("nan"),
                "slope_max": float(slope.max()) if len(slope) else float("nan"),
                "r2_min": float(r2.min()) if len(r2) else float("nan"),
                "r2_median": float(np.median(r2)) if len(r2) else float("nan"),
                "r2_max": float(r2.max()) if len(r2) else float("nan"),
                "range_median": _median(measures["range_decades"][name]),
                "wars_median": _median(measures["wars"][name]),
                "states_after_initial_phase_median": _median(measures["states_after_initial_phase"][name]),
                "states_final_median": _median(measures["states_final"][name]),
                "largest_war_share_median": _median(measures["largest_war_share"][name]),
            }
        )
    return rows


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
    """Run the design into `out_dir/results.duckdb`; write table.csv, report.md and figures.
    `overrides` are parameters set in every setting (e.g. switches, to compare readings)."""
    replications = replications or REPLICATIONS
    out = output_folder(out_dir)
    model = GeoSim()
    settings = {name: model.params({**(overrides or {}), **over}, periods) for name, over in SETTINGS.items()}
    store = out / "results.duckdb"
    run_experiment(EXPERIMENT, model, settings, replications, seed, store, workers, scheduler, progress)
    rows = table(store)
    write_csv_atomically(out / "table.csv", COLUMNS, rows)
    base = settings["base"]
    from foedus.experiments.store import StoreReader

    with StoreReader(store) as st:
        sample_seed = next(
            r["seed"] for r in st.runs(EXPERIMENT) if r["setting"] == "base" and r["replication"] == 0
        )
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
        "# GeoSim (Cederman 2003) Table 1 design, run by foedus",
        "",
        CITATION,
        "",
        f"{replications} replications per setting, {base.periods} periods, experiment seed {seed}. "
        "Rules, switch defaults and what remains unfaithful: docs/geosim.md. "
        + (f"Parameters set in every setting: {overrides}. " if overrides else "")
        + "The published values are not part of this report.",
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
    write_text_atomically(out / "report.md", "\n".join(lines) + "\n")
    return out / "report.md"
