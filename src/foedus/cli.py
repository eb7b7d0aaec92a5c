"""The `foedus` command: thin commands over the public library functions.

Exit codes: 0 success; 1 bad input (unknown state or treaty, bad date, invalid file or
parameter), with the reason on stderr; 2 a usage error (unknown option, missing argument).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from foedus.experiments.store import StoreError
from foedus.kb.base import UnknownTreatyError, bundled
from foedus.kb.dates import DateError, parse_day
from foedus.kb.loader import TreatyFileError, load_treaty_file
from foedus.kb.queries import cite, history, members, timeline
from foedus.kb.schema import Status
from foedus.kb.states import UnknownStateError, state

app = typer.Typer(
    help="foedus: a laboratory for collective security.", no_args_is_help=True, pretty_exceptions_enable=False
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OnDate = Annotated[str, typer.Option("--on", help="Date as YYYY-MM-DD.")]

BAD_INPUT = (
    UnknownStateError,
    UnknownTreatyError,
    DateError,
    TreatyFileError,
    KeyError,
    ValueError,
    StoreError,
)


def friendly(fn):
    """Turn bad input into a one-paragraph message and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BAD_INPUT as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            if isinstance(exc, ValidationError):
                message = "; ".join(
                    f"parameter {'.'.join(map(str, e['loc'])) or '(all)'}: {e['msg']}"
                    + (f" (found {e['input']!r})" if e["type"] != "missing" else "")
                    for e in exc.errors()
                )
            err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
            raise typer.Exit(1) from None

    return wrapper


def _emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _day(text: str) -> dt.date:
    try:
        return parse_day(text)
    except DateError as exc:
        raise DateError(f"--on: {exc}") from None


@app.command("members")
@friendly
def members_cmd(
    treaty: str,
    on: OnDate,
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonFlag = False,
):
    """Members (and observers, suspended, frozen...) of TREATY on a date."""
    rows = members(bundled(), treaty, _day(on), status)
    if as_json:
        _emit_json([r.as_dict() for r in rows])
        return
    t = bundled().treaty(treaty)
    table = Table(title=f"{t.name} ({t.id}) on {on}")
    for col in ("state", "status", "since", "until", "body / how", "holds", "confidence"):
        table.add_column(col)
    for r in rows:
        who = f"{state(r.state).name} ({r.state})" if r.state else ""
        if r.entity:
            who = f"{r.entity}" + (f" [{r.state}]" if r.state else "")
        table.add_row(
            who, r.status, r.since or "", r.until or "", r.body or r.how or "", str(r.holds), r.confidence
        )
    out.print(table)


@app.command("history")
@friendly
def history_cmd(state_name: Annotated[str, typer.Argument(metavar="STATE")], as_json: JsonFlag = False):
    """A state's full treaty history."""
    s = state(state_name)
    rows = history(bundled(), s.code)
    if as_json:
        _emit_json([r.as_dict() for r in rows])
        return
    table = Table(title=f"Treaty history of {s}")
    for col in ("treaty", "status", "since", "until", "how / note", "confidence"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.treaty, r.status, r.since or "", r.until or "", r.how or r.note or "", r.confidence)
    out.print(table)


@app.command("obligations")
@friendly
def obligations_cmd(
    victim: Annotated[str, typer.Option(help="The state attacked.")],
    on: OnDate,
    aggressor: Annotated[
        str | None, typer.Option(help="The attacker (omit if unknown or non-state).")
    ] = None,
    theatre: Annotated[str, typer.Option(help="home, in_area, outside_area or unknown.")] = "home",
    requested: Annotated[
        bool | None, typer.Option("--requested/--not-requested", help="Did the victim ask for assistance?")
    ] = None,
    state_of_war: Annotated[bool | None, typer.Option("--state-of-war/--no-state-of-war")] = None,
    as_json: JsonFlag = False,
):
    """Who must assist VICTIM, how, and under which article."""
    from foedus.law.explain import explain_assessment
    from foedus.law.obligations import obligations

    if theatre not in ("home", "in_area", "outside_area", "unknown"):
        raise ValueError(f"--theatre: expected home, in_area, outside_area or unknown, found {theatre!r}")
    a = obligations(
        bundled(),
        state(victim).code,
        state(aggressor).code if aggressor else None,
        _day(on),
        theatre,
        requested,
        state_of_war,
    )
    if as_json:
        _emit_json([o.as_dict() for o in a.obligations])
        return
    for line in explain_assessment(a):
        out.print(line, highlight=False, markup=False)


@app.command("audit")
@friendly
def audit_cmd(
    on: OnDate,
    reading: Annotated[str, typer.Option(help="as_coded, any or directed_against_parties.")] = "as_coded",
    as_json: JsonFlag = False,
):
    """Exclusivity audit: memberships that breach a 'no other alliances' clause."""
    from foedus.law.audit import exclusivity_audit
    from foedus.law.explain import explain_finding

    if reading not in ("as_coded", "any", "directed_against_parties"):
        raise ValueError(f"--reading: expected as_coded, any or directed_against_parties, found {reading!r}")
    findings = exclusivity_audit(bundled(), _day(on), reading)  # type: ignore[arg-type]
    if as_json:
        _emit_json([f.as_dict() for f in findings])
        return
    if not findings:
        out.print(f"No exclusivity findings on {on}.")
    for f in findings:
        out.print(explain_finding(f), highlight=False, markup=False)


@app.command("in-force")
@friendly
def in_force_cmd(on: OnDate, as_json: JsonFlag = False):
    """Treaties in force on a date ("unknown" where an imprecise date leaves it open)."""
    from foedus.kb.queries import in_force

    rows = [
        {"treaty": t.id, "name": t.name, "in_force": f.as_json(), "defence_pact": t.defence_pact}
        for t, f in in_force(bundled(), _day(on))
    ]
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        flag = "" if r["in_force"] is True else " (uncertain)"
        out.print(f"{r['treaty']}: {r['name']}{flag}", highlight=False, markup=False)


@app.command("timeline")
@friendly
def timeline_cmd(
    treaties: Annotated[list[str], typer.Argument(metavar="TREATY...")],
    out_file: Annotated[Path, typer.Option("--out", help="Figure file (.png, .svg, .pdf).")],
    as_json: JsonFlag = False,
):
    """Draw the membership timeline of one or more treaties."""
    from foedus.analysis.timeline import plot_timeline

    kb = bundled()
    path = plot_timeline(kb, treaties, out_file)
    if as_json:
        _emit_json({"figure": str(path), "phases": [r.as_dict() for t in treaties for r in timeline(kb, t)]})
    else:
        out.print(f"wrote {path}")


@app.command("cite")
@friendly
def cite_cmd(ref: Annotated[str, typer.Argument(metavar="TREATY-or-fact")], as_json: JsonFlag = False):
    """Sources for a treaty (NATO), a provision (NATO.art5) or a membership (NATO.FRA)."""
    rows = cite(bundled(), ref)
    if as_json:
        _emit_json([c.as_dict() for c in rows])
        return
    for c in rows:
        alt = f" [conflicting; alternative: {c.alternative}]" if c.alternative else ""
        out.print(f"{c.fact}: {c.value} ({c.confidence}){alt}", highlight=False, markup=False)
        for key, title, url in c.sources:
            out.print(f"    [{key}] {title}" + (f" <{url}>" if url else ""), highlight=False, markup=False)


@app.command("facts")
@friendly
def facts_cmd(
    confidence: Annotated[str | None, typer.Option(help="verified, conflicting or unverified.")] = None,
    treaty: Annotated[str | None, typer.Option(help="Only this treaty.")] = None,
    as_json: JsonFlag = False,
):
    """Every sourced fact with its confidence; conflicts show the value chosen and the other."""
    from foedus.kb.queries import facts

    if confidence not in (None, "verified", "conflicting", "unverified"):
        raise ValueError(f"--confidence: expected verified, conflicting or unverified, found {confidence!r}")
    rows = facts(bundled(), confidence, treaty)
    if as_json:
        _emit_json([c.as_dict() for c in rows])
        return
    for c in rows:
        alt = f"; alternative: {c.alternative}" if c.alternative else ""
        keys = ",".join(k for k, _, _ in c.sources)
        out.print(f"[{c.confidence}] {c.fact}: {c.value}{alt} [{keys}]", highlight=False, markup=False)


@app.command("validate")
@friendly
def validate_cmd(files: Annotated[list[Path], typer.Argument(metavar="FILE...")], as_json: JsonFlag = False):
    """Validate treaty YAML files; exit 1 naming file, line and field on the first bad one."""
    results = []
    failed = False
    for f in files:
        try:
            t = load_treaty_file(f)
            results.append({"file": str(f), "ok": True, "treaty": t.id, "facts": len(t.facts())})
        except TreatyFileError as exc:
            failed = True
            results.append({"file": str(f), "ok": False, "problems": [str(p) for p in exc.problems]})
            if not as_json:
                err.print(str(exc), highlight=False, markup=False)
    if as_json:
        _emit_json(results)
    else:
        for r in results:
            if r["ok"]:
                out.print(f"{r['file']}: ok ({r['treaty']}, {r['facts']} sourced facts)", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command("report")
@friendly
def report_cmd(out_dir: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("report")):
    """The founding case: the CSTO on 2016-09-01, as a readable report with figures."""
    from foedus.report import founding_report

    path = founding_report(out_dir)
    out.print(f"report written to {path}")


Sets = Annotated[list[str] | None, typer.Option("--set", help="Parameter NAME=VALUE (repeatable).")]
Seed = Annotated[int, typer.Option(help="The seed every random draw derives from.")]


def _model(name: str) -> str:
    if name != "geosim":
        raise ValueError(f"unknown model {name!r}: expected geosim")
    return name


@app.command("run")
@friendly
def run_cmd(
    model: Annotated[str, typer.Argument(help="Model name: geosim.")],
    sets: Sets = None,
    seed: Seed = 0,
    periods: Annotated[int | None, typer.Option(help="Total periods (initial phase included).")] = None,
    map_out: Annotated[Path | None, typer.Option("--map", help="Write the final map to this file.")] = None,
    wars_out: Annotated[Path | None, typer.Option("--wars-figure", help="Write the war-size figure.")] = None,
    as_json: JsonFlag = False,
):
    """One seeded run of a model; prints the war-size fit and the number of states."""
    from foedus.analysis.figures import plot_map, plot_war_sizes
    from foedus.experiments.runner import make_params, parse_overrides
    from foedus.models.geosim.model import run_geosim

    _model(model)
    params = make_params(parse_overrides(sets or []), periods)
    run = run_geosim(params, seed=seed)
    fit = run.fit()
    summary = {
        "model": model,
        "seed": seed,
        "periods": params.periods,
        "final_states": int(run.states[-1]),
        "wars": int(len(run.wars)),
        "fit": fit.as_dict(),
        "params": params.model_dump(),
    }
    if map_out:
        plot_map(run.final_map, map_out, f"t = {params.periods}: {run.states[-1]} states")
    if wars_out:
        plot_war_sizes(run.severities, wars_out)
    if as_json:
        _emit_json(summary)
        return
    out.print(
        f"{model}, seed {seed}, {params.periods} periods: {summary['final_states']} states at the end, "
        f"{summary['wars']} wars; fit above 10^2.5: slope {fit.slope:.3f}, R² {fit.r2:.3f}, "
        f"{fit.wars} wars over {fit.range_decades:.2f} decades",
        highlight=False,
    )


@app.command("experiment")
@friendly
def experiment_cmd(
    model: Annotated[str, typer.Argument(help="Model name: geosim.")],
    name: Annotated[str, typer.Option(help="Experiment name (the resume key).")],
    sets: Sets = None,
    vary: Annotated[list[str] | None, typer.Option(help="Grid axis NAME=V1,V2,... (repeatable).")] = None,
    replications: Annotated[int, typer.Option(help="Replications per setting.")] = 10,
    seed: Seed = 0,
    periods: Annotated[int | None, typer.Option(help="Total periods per run.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 2,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    store: Annotated[Path, typer.Option(help="DuckDB results file.")] = Path("results/foedus.duckdb"),
):
    """Replications x a grid of settings, streamed into the store; rerun to resume."""
    from foedus.experiments.runner import grid, make_params, parse_overrides, run_experiment

    _model(model)
    axes = {
        k: [parse_overrides([f"{k}={v}"])[k] for v in str(vals).split(",")]
        for k, vals in parse_overrides(vary or []).items()
    }
    settings = {
        label: make_params(over, periods) for label, over in grid(parse_overrides(sets or []), axes).items()
    }
    counts = run_experiment(name, settings, replications, seed, store, workers, scheduler)
    out.print(f"{name}: {counts['ran']} replications run, {counts['skipped']} already stored, in {store}")


@app.command("reproduce")
@friendly
def reproduce_cmd(
    target: Annotated[str, typer.Argument(help="What to reproduce: geosim-2003.")],
    replications: Annotated[int, typer.Option(help="Replications per setting.")] = 15,
    periods: Annotated[int | None, typer.Option(help="Total periods per run (default 10,500).")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes.")] = 2,
    seed: Seed = 2003,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("reproduce-geosim-2003"),
):
    """Run a published model's robustness design and write tables and figures."""
    from foedus.experiments.reproduce import reproduce_geosim_2003

    if target != "geosim-2003":
        raise ValueError(f"unknown target {target!r}: expected geosim-2003")
    path = reproduce_geosim_2003(out_dir, replications, periods, workers, seed, scheduler)
    out.print(f"report written to {path}")


results_app = typer.Typer(help="Inspect and export stored results.", no_args_is_help=True)
app.add_typer(results_app, name="results")
StoreOpt = Annotated[Path, typer.Option(help="DuckDB results file.")]


@results_app.command("list")
@friendly
def results_list(store: StoreOpt = Path("results/foedus.duckdb"), as_json: JsonFlag = False):
    """Experiments in a results store."""
    from foedus.experiments.store import ResultsStore

    with ResultsStore(store, create=False) as st:
        rows = st.experiments()
    if as_json:
        _emit_json(
            [dict(zip(["experiment", "model", "runs", "settings", "finished"], r, strict=True)) for r in rows]
        )
        return
    for r in rows:
        out.print(f"{r[0]}  model={r[1]}  runs={r[2]}  settings={r[3]}  last={r[4]}", highlight=False)


@results_app.command("show")
@friendly
def results_show(experiment: str, store: StoreOpt = Path("results/foedus.duckdb"), as_json: JsonFlag = False):
    """Per-replication fits of one experiment."""
    from foedus.experiments.store import ResultsStore

    cols = [
        "setting",
        "replication",
        "seed",
        "slope",
        "intercept",
        "r2",
        "wars",
        "range_decades",
        "final_states",
    ]
    with ResultsStore(store, create=False) as st:
        rows = [dict(zip(cols, r, strict=True)) for r in st.fits(experiment)]
    if not rows:
        raise ValueError(f"no experiment {experiment!r} in {store}")
    if as_json:
        _emit_json(rows)
        return
    table = Table(title=experiment)
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in r.values()])
    out.print(table)


@results_app.command("export")
@friendly
def results_export(
    experiment: str,
    out_dir: Annotated[Path, typer.Option("--out")],
    store: StoreOpt = Path("results/foedus.duckdb"),
):
    """Export one experiment as Parquet files."""
    from foedus.experiments.store import ResultsStore

    with ResultsStore(store, create=False) as st:
        paths = st.export(experiment, out_dir)
    out.print("wrote " + ", ".join(str(p) for p in paths))


def main() -> None:  # pragma: no cover
    app()
