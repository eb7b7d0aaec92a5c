"""Results commands: list, summarise and export what an experiment store holds (read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import FormatOpt, JsonFlag, OutputFormat, emit_rows, handled, pick_format, say

app = typer.Typer(help="Inspect and export stored results (never writes to the store).", no_args_is_help=True)
StoreOpt = Annotated[Path, typer.Option(help="DuckDB results file.")]
DEFAULT_STORE = Path("results/foedus.duckdb")


@app.command("list")
@handled
def list_cmd(store: StoreOpt = DEFAULT_STORE, as_json: JsonFlag = False, fmt: FormatOpt = None):
    """Experiments in a store: model, runs stored of planned, last finished."""
    from foedus.experiments.store import StoreReader

    with StoreReader(store) as st:
        rows = st.experiments()
    cols = ["experiment", "model", "model_version", "runs", "planned", "settings", "last_finished"]
    emit_rows(cols, rows, pick_format(as_json, fmt), f"Experiments in {store}")


@app.command("show")
@handled
def show_cmd(
    experiment: str,
    store: StoreOpt = DEFAULT_STORE,
    runs: Annotated[bool, typer.Option("--runs", help="One row per replication instead.")] = False,
    as_json: JsonFlag = False,
    fmt: FormatOpt = None,
):
    """Per-setting summary (n, mean, median, min, max of each measure), varied parameters as columns."""
    out = pick_format(as_json, fmt)
    if runs:
        from foedus.experiments.store import StoreReader

        with StoreReader(store) as st:
            st.experiment(experiment)
            rows = st.runs(experiment)
            values = st.summaries(experiment)
        measures = sorted({m for v in values.values() for m in v})
        table = [
            {
                "setting": r["setting"],
                "replication": r["replication"],
                "seed": r["seed"],
                **values.get(r["run_id"], {}),
            }
            for r in rows
        ]
        emit_rows(["setting", "replication", "seed", *measures], table, out, experiment)
        return
    from foedus.analysis.summaries import setting_summary

    columns, rows = setting_summary(store, experiment)
    emit_rows(columns, rows, out, f"{experiment}: per-setting summary")


@app.command("export")
@handled
def export_cmd(
    experiment: str,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the exported files.")],
    store: StoreOpt = DEFAULT_STORE,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
):
    """Export one experiment's tables (runs, summaries, the model's tables) as Parquet or CSV."""
    from foedus.cli.common import choice
    from foedus.experiments.store import StoreReader

    choice("--format", fmt, ("parquet", "csv"))
    with StoreReader(store) as st:
        paths = st.export(experiment, out_dir, fmt)
    say("wrote " + ", ".join(str(p) for p in paths))


@app.command("verify")
@handled
def verify_cmd(store: StoreOpt = DEFAULT_STORE, as_json: JsonFlag = False):
    """Read every block of the store (each is checksummed); exit 1 naming a damaged table."""
    from foedus.cli.common import emit_json
    from foedus.experiments.store import StoreReader

    with StoreReader(store) as st:
        rows = st.verify()
    if as_json:
        emit_json({"store": str(store), "ok": True, "rows": rows})
    else:
        say(f"{store}: ok, {len(rows)} tables, {sum(rows.values()):,} rows read")


__all__ = ["app", "OutputFormat"]
