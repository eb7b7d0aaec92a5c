"""Law commands: membership, obligations, audits, citations and treaty files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import (
    FormatOpt,
    JsonFlag,
    OnDate,
    OnPeriod,
    OutputFormat,
    choice,
    console,
    emit_json,
    emit_rows,
    handled,
    parse_on,
    parse_period,
    pick_format,
    say,
)

app = typer.Typer()


KbOpt = Annotated[
    list[Path] | None, typer.Option("--kb", help="Also load this treaty file (repeatable).", metavar="FILE")
]


# Every field of a standing, for scripts (CSV); the table keeps a few for people.
STANDING_CSV = ["treaty", "state", "entity", "status", "participation", "body", "since", "until", "holds"]
STANDING_CSV += ["how", "note", "confidence"]


def bundled(extra: list[Path] | None = None):
    """The bundled knowledge base, with the user's treaty files added (each validated on its own;
    an id already in use is refused)."""
    from foedus.kb.base import KnowledgeBase
    from foedus.kb.base import bundled as load

    if not extra:
        return load()
    return KnowledgeBase.from_files(extra, onto=load(), onto_name="the bundled knowledge base")


def state(name: str):
    from foedus.kb.states import state as find

    return find(name)


def describe(r) -> str:
    """A standing as people say it: 'member (participation frozen)', 'observer of the CSTO PA'."""
    text = f"{r.status} of the {r.body}" if r.body else r.status
    if r.entity and not r.body:
        text += f" ({r.entity})"
    if r.participation != "full":
        text += f" (participation {r.participation.replace('_', ' ')})"
    return text


@app.command("members")
@handled
def members_cmd(
    treaty: str,
    on: OnPeriod,
    status: Annotated[str | None, typer.Option(help="Only this status (member, observer, ...).")] = None,
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
    fmt: FormatOpt = None,
):
    """Members (and observers, suspended...) of TREATY on a day, month or year, with how each takes
    part. For a month or year, `holds` is True if throughout, "unknown" if for part of it."""
    from foedus.kb.queries import members
    from foedus.kb.schema import Status

    if status is not None:
        status = Status(choice("--status", status, tuple(s.value for s in Status)))
    kb = bundled(kb_files)
    found = members(kb, treaty, parse_period(on), status)
    out = pick_format(as_json, fmt)
    if out is OutputFormat.json:
        emit_json([r.as_dict() for r in found])
        return
    rows = [{**r.as_dict(), "who": _who(r), "standing": describe(r)} for r in found]
    columns = ["who", "standing", "since", "until", "holds", "confidence"]
    if out is OutputFormat.csv:
        columns = STANDING_CSV
    t = kb.treaty(treaty)
    emit_rows(columns, rows, out, f"{t.name} ({t.id}) on {on}")
    _notes([f"{r['who']}: {r['how']}" for r in rows if r["how"]], out)


@app.command("history")
@handled
def history_cmd(
    state_name: Annotated[str, typer.Argument(metavar="STATE")],
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
    fmt: FormatOpt = None,
):
    """A state's full treaty history: its standing in each treaty and how it took part."""
    from foedus.kb.queries import history

    s = state(state_name)
    found = history(bundled(kb_files), s.code)
    out = pick_format(as_json, fmt)
    if out is OutputFormat.json:
        emit_json([r.as_dict() for r in found])
        return
    rows = [{**r.as_dict(), "standing": describe(r)} for r in found]
    columns = ["treaty", "standing", "since", "until", "confidence"]
    if out is OutputFormat.csv:
        columns = STANDING_CSV
    emit_rows(columns, rows, out, f"Treaty history of {s}")
    _notes(
        [f"{r['treaty']} {r['since'] or ''}: {r['how'] or r['note']}" for r in rows if r["how"] or r["note"]],
        out,
    )


def _who(r) -> str:
    if r.entity:
        return r.entity + (f" [{r.state}]" if r.state else "")
    return f"{state(r.state).name} ({r.state})"


def _notes(lines: list[str], out) -> None:
    """Long explanations under a table rather than in a column, so it reads at 80 columns."""
    if out is OutputFormat.table:
        for line in lines:
            say(f"  note: {line}")


@app.command("obligations")
@handled
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
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
):
    """Who must assist VICTIM, how, and under which article."""
    from foedus.law.explain import explain_assessment
    from foedus.law.obligations import obligations

    choice("--theatre", theatre, ("home", "in_area", "outside_area", "unknown"))
    a = obligations(
        bundled(kb_files),
        state(victim).code,
        state(aggressor).code if aggressor else None,
        parse_on(on),
        theatre,
        requested,
        state_of_war,
    )
    if as_json:  # the whole answer: what it assumed, the day's invocations and notes with it
        emit_json(a.as_dict())
        return
    for line in explain_assessment(a):
        console().print(line, highlight=False, markup=False)


@app.command("audit")
@handled
def audit_cmd(
    on: OnDate,
    reading: Annotated[str, typer.Option(help="as_coded, any or directed_against_parties.")] = "as_coded",
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
):
    """Exclusivity audit: memberships that breach a 'no other alliances' clause."""
    from foedus.law.audit import exclusivity_audit
    from foedus.law.explain import explain_finding

    choice("--reading", reading, ("as_coded", "any", "directed_against_parties"))
    findings = exclusivity_audit(bundled(kb_files), parse_on(on), reading)  # type: ignore[arg-type]
    if as_json:
        emit_json([f.as_dict() for f in findings])
        return
    if not findings:
        console().print(f"No exclusivity findings on {on}.")
    for f in findings:
        console().print(explain_finding(f), highlight=False, markup=False)


@app.command("in-force")
@handled
def in_force_cmd(on: OnPeriod, kb_files: KbOpt = None, as_json: JsonFlag = False, fmt: FormatOpt = None):
    """Treaties in force on a day, month or year, with their dates ("unknown" where an imprecise
    date or a part of the period leaves it open)."""
    from foedus.kb.queries import in_force_rows

    rows = in_force_rows(bundled(kb_files), parse_period(on))
    out = pick_format(as_json, fmt)
    columns = ["treaty", "in_force", "signed", "entered_into_force", "ended", "defence_pact"]
    emit_rows(columns + (["name"] if out is not OutputFormat.table else []), rows, out, f"In force on {on}")


@app.command("treaties")
@handled
def treaties_cmd(kb_files: KbOpt = None, as_json: JsonFlag = False, fmt: FormatOpt = None):
    """What the knowledge base holds: each treaty, its dates and how far its facts were checked."""
    from foedus.kb.queries import treaty_rows

    rows = treaty_rows(bundled(kb_files))
    out = pick_format(as_json, fmt)
    columns = ["treaty", "signed", "entered_into_force", "ended", "checked", "parties"]
    if out is not OutputFormat.table:
        columns = list(rows[0])
    emit_rows(columns, rows, out, "Treaties in the knowledge base")
    _notes([f"{r['treaty']}: {r['name']}" for r in rows], out)
    _notes(
        [f"{r['treaty']} is knowingly incomplete: {r['coverage_gap']}" for r in rows if r["coverage_gap"]],
        out,
    )


@app.command("timeline")
@handled
def timeline_cmd(
    treaties: Annotated[list[str], typer.Argument(metavar="TREATY...")],
    out_file: Annotated[Path, typer.Option("--out", help="Figure file (.png, .svg, .pdf).")],
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
):
    """Draw the membership timeline of one or more treaties."""
    from foedus.analysis.timeline import plot_timeline
    from foedus.kb.queries import timeline

    kb = bundled(kb_files)
    path = plot_timeline(kb, treaties, out_file)
    if as_json:
        emit_json({"figure": str(path), "phases": [r.as_dict() for t in treaties for r in timeline(kb, t)]})
    else:
        say(f"wrote {path}")


@app.command("cite")
@handled
def cite_cmd(
    ref: Annotated[str, typer.Argument(metavar="TREATY-or-fact")],
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
):
    """Sources for a treaty (NATO), a provision (NATO.art5) or a membership (NATO.FRA)."""
    from foedus.kb.queries import cite

    rows = cite(bundled(kb_files), ref)
    if as_json:
        emit_json([c.as_dict() for c in rows])
        return
    for c in rows:
        alt = f" [conflicting; alternative: {c.alternative}]" if c.alternative else ""
        console().print(f"{c.fact}: {c.value} ({c.confidence}){alt}", highlight=False, markup=False)
        for key, title, url in c.sources:
            console().print(
                f"    [{key}] {title}" + (f" <{url}>" if url else ""), highlight=False, markup=False
            )


@app.command("facts")
@handled
def facts_cmd(
    confidence: Annotated[str | None, typer.Option(help="verified, conflicting or unverified.")] = None,
    treaty: Annotated[str | None, typer.Option(help="Only this treaty.")] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Counts by source kind and confidence.")] = False,
    kb_files: KbOpt = None,
    as_json: JsonFlag = False,
):
    """Every sourced fact with its confidence; conflicts show the value chosen and the other."""
    from foedus.kb.queries import fact_summary, facts

    if summary:
        found = fact_summary(bundled(kb_files))
        if as_json:
            emit_json(found.as_dict())
            return
        for title, counts in (
            ("sources by kind", found.sources_by_kind),
            ("facts by confidence", found.facts_by_confidence),
            ("facts by their strongest source", found.facts_by_best_source),
        ):
            say(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        say(
            f"defence provisions and membership phases with no treaty-text or official source "
            f"and not marked unverified: {len(found.unsupported)}"
        )
        for line in found.unsupported:
            say(f"  {line}")
        return
    if confidence is not None:
        choice("--confidence", confidence, ("verified", "conflicting", "unverified"))
    rows = facts(bundled(kb_files), confidence, treaty)
    if as_json:
        emit_json([c.as_dict() for c in rows])
        return
    for c in rows:
        alt = f"; alternative: {c.alternative}" if c.alternative else ""
        keys = ",".join(k for k, _, _ in c.sources)
        console().print(f"[{c.confidence}] {c.fact}: {c.value}{alt} [{keys}]", highlight=False, markup=False)


@app.command("validate")
@handled
def validate_cmd(files: Annotated[list[Path], typer.Argument(metavar="FILE...")], as_json: JsonFlag = False):
    """Validate treaty YAML files; exit 1 naming file, line and field for each bad one."""
    from foedus.kb.loader import TreatyFileError, bundled_treaty_files, duplicate_id_error, load_treaty_file

    bundled_files = {p.resolve() for p in bundled_treaty_files()}
    taken = {t.id: "the bundled knowledge base" for t in bundled().treaties.values()}
    results = []
    failed = False
    for f in files:
        try:
            t = load_treaty_file(f)
            if t.id in taken and f.resolve() not in bundled_files:
                raise duplicate_id_error(f, t.id, taken[t.id])
            taken.setdefault(t.id, str(f))
            results.append({"file": str(f), "ok": True, "treaty": t.id, "facts": len(t.facts())})
        except TreatyFileError as exc:
            failed = True
            results.append({"file": str(f), "ok": False, "problems": [str(p) for p in exc.problems]})
            if not as_json:
                console(stderr=True).print(str(exc), highlight=False, markup=False)
    if as_json:
        emit_json(results)
    else:
        for r in results:
            if r["ok"]:
                console().print(
                    f"{r['file']}: ok ({r['treaty']}, {r['facts']} sourced facts)", highlight=False
                )
    if failed:
        raise typer.Exit(1)


@app.command("report")
@handled
def report_cmd(out_dir: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("report")):
    """The founding case: the CSTO on 2016-09-01, as a readable report with figures."""
    from foedus.report import founding_report

    path = founding_report(out_dir)
    say(f"report written to {path}")
