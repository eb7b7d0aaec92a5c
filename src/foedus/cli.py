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
from rich.console import Console
from rich.table import Table

from foedus.kb.base import UnknownTreatyError, bundled
from foedus.kb.dates import DateError, parse_day
from foedus.kb.loader import TreatyFileError, load_treaty_file
from foedus.kb.queries import cite, history, members, timeline
from foedus.kb.schema import Status
from foedus.kb.states import UnknownStateError, state

app = typer.Typer(
    help="foedus: a laboratory for collective security.", no_args_is_help=True, pretty_exceptions_enable=False
)
out = Console()
err = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OnDate = Annotated[str, typer.Option("--on", help="Date as YYYY-MM-DD.")]

BAD_INPUT = (UnknownStateError, UnknownTreatyError, DateError, TreatyFileError, KeyError, ValueError)


def friendly(fn):
    """Turn bad input into a one-paragraph message and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BAD_INPUT as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
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


def main() -> None:  # pragma: no cover
    app()
