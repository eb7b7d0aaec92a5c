"""What every study shares: running its settings into the store, estimates with 95% intervals
over replications, the table and the report's frame."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from foedus.analysis.intervals import Estimate, mean_interval
from foedus.analysis.summaries import measure_values
from foedus.experiments.runner import run_experiment
from foedus.models.geosim.model import GeoSim
from foedus.paths import output_folder, write_text_atomically


def run_study(
    study,
    out_dir,
    replications: int | None = None,
    workers: int = 2,
    seed: int = 2026,
    scheduler: str | None = None,
    progress: bool = True,
    quick: bool = False,
    store: Path | None = None,
    overrides: dict | None = None,
) -> Path:
    """Run `study`'s settings (stored under the study's name, resumable) and write its report;
    `overrides` are parameters set in every setting. Returns the report's path."""
    out = output_folder(out_dir)
    model = GeoSim()
    settings = {
        name: model.params({**over, **(overrides or {})}) for name, over in study.settings(quick).items()
    }
    store = store or out / "results.duckdb"
    experiment = study.NAME + ("-quick" if quick else "")
    reps = replications or (study.QUICK_REPLICATIONS if quick else study.REPLICATIONS)
    run_experiment(experiment, model, settings, reps, seed, store, workers, scheduler, progress)
    values = {m: measure_values(store, experiment, m) for m in study.MEASURES}
    estimates = setting_estimates(values)
    write_estimates(out / "table.csv", settings, estimates, study.MEASURES)
    body = study.write_report(out, settings, estimates, values)
    first = next(iter(settings.values()))
    lines = [
        f"# {study.TITLE}",
        "",
        f"*{study.QUESTION}*",
        "",
        f"{reps} replications per setting, {len(settings)} settings, experiment seed {seed}, "
        f"{first.periods:,} periods on a {first.nx}x{first.ny} GeoSim world "
        f"({first.initPolarity} states at the start). Means with 95% percentile-bootstrap intervals "
        f"over replications; every run is in {store.name} (experiment {experiment!r})."
        + (f" Parameters set in every setting: {overrides}." if overrides else ""),
        "",
        *body,
    ]
    return write_text_atomically(out / "report.md", "\n".join(lines) + "\n")


def setting_estimates(values: dict[str, dict[str, list]]) -> dict[str, dict[str, Estimate]]:
    """From measure -> setting -> values in replication order: setting -> measure -> mean with its
    95% interval over the replications where it is defined."""
    out: dict[str, dict[str, Estimate]] = {}
    for measure, by_setting in values.items():
        for setting, values in by_setting.items():
            out.setdefault(setting, {})[measure] = mean_interval(values)
    return out


def write_estimates(path: Path, settings: dict, estimates: dict, measures: dict[str, str]) -> None:
    """table.csv: one row per setting and measure, with n (replications where it is defined)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["setting", "measure", "mean", "low95", "high95", "n"])
    for setting in settings:
        for measure in measures:
            e = estimates.get(setting, {}).get(measure)
            if e is not None and e.n:
                w.writerow([setting, measure, *(f"{v:.4f}" for v in (e.value, e.low, e.high)), e.n])
            elif e is not None:  # undefined in every replication (no war with members, say)
                w.writerow([setting, measure, "", "", "", 0])
    write_text_atomically(path, buf.getvalue())


def estimate_table(settings: list[str], estimates: dict, measures: dict[str, str], labels=None) -> list[str]:
    """A markdown table: a row per setting, a column per measure, 'mean [low, high]' in each cell."""
    lines = [
        "| setting | " + " | ".join(measures.values()) + " |",
        "|---|" + "---|" * len(measures),
    ]
    for s in settings:
        cells = [estimates.get(s, {}).get(m) for m in measures]
        shown = [c.text() if c is not None else "n/a" for c in cells]
        lines.append(f"| {(labels or {}).get(s, s)} | " + " | ".join(shown) + " |")
    return lines
