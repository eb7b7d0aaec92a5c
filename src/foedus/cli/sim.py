"""Simulation commands: models, strategies, single runs, experiments, studies and reproductions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import FormatOpt, JsonFlag, emit_json, emit_rows, handled, pick_format, say

app = typer.Typer()

Sets = Annotated[list[str] | None, typer.Option("--set", help="Parameter NAME=VALUE (repeatable).")]
Seed = Annotated[int, typer.Option(help="The seed every random draw derives from (0 to 2**64-1).")]
Periods = Annotated[int | None, typer.Option(help="Total periods per run (initial phase included).")]
Workers = Annotated[int, typer.Option(help="Local worker processes.")]
Scheduler = Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT).")]
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)


@app.command("models")
@handled
def models_cmd(as_json: JsonFlag = False, fmt: FormatOpt = None):
    """The models foedus can run, with version and citation."""
    from foedus.sim.discovery import all_models

    rows = [m.describe() for m in all_models()]
    out = pick_format(as_json, fmt)
    if out.value == "json":
        emit_json(rows)
        return
    emit_rows(["name", "version", "citation"], rows, out, "Models")


@app.command("strategies")
@handled
def strategies_cmd(
    model: Annotated[str | None, typer.Option(help="Only strategies of this model.")] = None,
    as_json: JsonFlag = False,
    fmt: FormatOpt = None,
):
    """Decision rules states can follow, with their traits."""
    from foedus.sim.discovery import all_strategies, get_model

    if model:
        get_model(model)
    rows = [s.describe() for s in (all_strategies(model=model) if model else all_strategies())]
    out = pick_format(as_json, fmt)
    if out.value == "json":
        emit_json(rows)
        return
    flat = [{**r, "traits": ", ".join(f"{k}={v}" for k, v in r["traits"].items())} for r in rows]
    emit_rows(["name", "model", "traits", "citation"], flat, out, "Strategies")


def _settings(model, sets, vary, periods) -> dict:
    from foedus.experiments.plan import grid, parse_axes, parse_overrides

    base = parse_overrides(sets or [])
    axes = parse_axes(vary or [])
    return {label: model.params(over, periods) for label, over in grid(base, axes).items()}


@app.command("run")
@handled
def run_cmd(
    model_name: Annotated[str, typer.Argument(metavar="MODEL", help="Model name (see `foedus models`).")],
    sets: Sets = None,
    seed: Seed = 0,
    periods: Periods = None,
    map_out: Annotated[
        Path | None, typer.Option("--map", help="Write the final map (.png, .svg, .pdf).")
    ] = None,
    wars_out: Annotated[Path | None, typer.Option("--wars-figure", help="Write the war-size figure.")] = None,
    as_json: JsonFlag = False,
):
    """One seeded run of a model; prints its summary."""
    from foedus.experiments.plan import check_run_memory, parse_overrides
    from foedus.paths import output_file
    from foedus.sim.discovery import get_model

    model = get_model(model_name)
    params = model.params(parse_overrides(sets or []), periods)
    for path, option in ((map_out, "--map"), (wars_out, "--wars-figure")):
        if path is not None:
            output_file(path, option, (".png", ".svg", ".pdf"))
            if not hasattr(model.Result, "final_map"):
                raise _no_figure(model, option)
    check_run_memory(model, params)
    result = model.run(params, seed=seed)
    summary = result.summary()
    if map_out or wars_out:
        from foedus.analysis.figures import plot_map, plot_war_sizes

        if map_out:
            plot_map(
                result.final_map, map_out, f"{model.name}, seed {seed}: {len(result.state_sizes())} states"
            )
        if wars_out:
            plot_war_sizes(result.severities, wars_out, f"{model.name}, seed {seed}")
    if as_json:
        emit_json(
            {
                "model": model.name,
                "version": model.version,
                "seed": seed,
                "params": params.model_dump(mode="json"),
                "summary": summary,
            }
        )
        return
    say(f"{model.name} {model.version}, seed {seed}:")
    for key, value in summary.items():
        shown = "undefined" if value is None else (f"{value:.4g}" if isinstance(value, float) else value)
        say(f"  {key:<28} {shown}")


def _no_figure(model, option):
    from foedus.errors import ParameterError

    return ParameterError(f"{option}: model {model.name} draws no map or war-size figure")


@app.command("experiment")
@handled
def experiment_cmd(
    model_name: Annotated[str, typer.Argument(metavar="MODEL", help="Model name (see `foedus models`).")],
    name: Annotated[str, typer.Option(help="Experiment name (the resume key).")],
    sets: Sets = None,
    vary: Annotated[list[str] | None, typer.Option(help="Grid axis NAME=V1,V2,... (repeatable).")] = None,
    replications: Annotated[int, typer.Option(help="Replications per setting.")] = 10,
    seed: Seed = 0,
    periods: Periods = None,
    workers: Workers = DEFAULT_WORKERS,
    scheduler: Scheduler = None,
    store: Annotated[Path, typer.Option(help="DuckDB results file.")] = Path("results/foedus.duckdb"),
):
    """Replications x a grid of settings, streamed into the store; rerun the same command to resume."""
    from foedus.experiments.runner import run_experiment
    from foedus.sim.discovery import get_model

    model = get_model(model_name)
    settings = _settings(model, sets, vary, periods)
    report = run_experiment(name, model, settings, replications, seed, store, workers, scheduler)
    say(f"{name}: {report.ran} replications run, {report.skipped} already stored, in {report.store}")


@app.command("study")
@handled
def study_cmd(
    name: Annotated[str, typer.Argument(help="picked-off, splinter-unity or collective-vs-none.")],
    replications: Annotated[int | None, typer.Option(help="Replications per setting.")] = None,
    workers: Workers = DEFAULT_WORKERS,
    seed: Seed = 2026,
    scheduler: Scheduler = None,
    quick: Annotated[bool, typer.Option(help="The short version (fewer settings and periods).")] = False,
    sets: Sets = None,
    store: Annotated[
        Path | None, typer.Option(help="Store to keep the runs in (default OUT/results.duckdb).")
    ] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Report folder (default study-NAME).")] = None,
):
    """Run one of the seed's questions as an experiment; write its report, figures and table."""
    from foedus.experiments.plan import parse_overrides
    from foedus.studies import get_study
    from foedus.studies.common import run_study

    study = get_study(name)
    path = run_study(
        study,
        out_dir or Path(f"study-{name}"),
        replications,
        workers,
        seed,
        scheduler,
        quick=quick,
        store=store,
        overrides=parse_overrides(sets or []),
    )
    say(f"report written to {path}")


@app.command("reproduce")
@handled
def reproduce_cmd(
    target: Annotated[str, typer.Argument(help="What to reproduce, e.g. geosim-2003.")],
    replications: Annotated[
        int | None, typer.Option(help="Replications per setting (default: the paper's).")
    ] = None,
    periods: Periods = None,
    workers: Workers = DEFAULT_WORKERS,
    seed: Annotated[
        int | None, typer.Option(help="The seed every draw derives from (default: the reproduction's).")
    ] = None,
    scheduler: Scheduler = None,
    sets: Annotated[list[str] | None, typer.Option("--set", help="NAME=VALUE set in every setting.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default reproduce-TARGET).")
    ] = None,
):
    """Run a published model's design and write its table, report and figures."""
    from foedus.experiments.plan import parse_overrides
    from foedus.reproductions import get_reproduction

    module = get_reproduction(target)
    path = module.reproduce(
        out_dir or Path(f"reproduce-{target}"),
        replications,
        periods,
        workers,
        seed if seed is not None else module.SEED,
        scheduler,
        overrides=parse_overrides(sets or []),
    )
    say(f"report written to {path}")
