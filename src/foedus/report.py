"""The main job's report: the project's founding case, the CSTO as of 2016-09-01."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from foedus.analysis.timeline import plot_timeline
from foedus.kb.base import KnowledgeBase, bundled
from foedus.kb.queries import members
from foedus.kb.schema import Status
from foedus.kb.states import state
from foedus.law.audit import exclusivity_audit
from foedus.law.explain import explain_finding, explain_obligation
from foedus.law.obligations import obligations
from foedus.paths import output_folder, write_text_atomically

FOUNDING_DAY = dt.date(2016, 9, 1)


def _who(code: str | None, entity: str | None) -> str:
    if entity:
        return entity + (f" ({code})" if code else "")
    return f"{state(code).name} ({code})"


def csto_section(kb: KnowledgeBase, day: dt.date) -> list[str]:
    lines = [f"## The CSTO on {day}", ""]
    rows = members(kb, "CSTO", day)
    current = [r for r in rows if r.status == Status.MEMBER.value]
    lines.append(f"**Members ({len(current)}):** " + ", ".join(_who(r.state, None) for r in current))
    lines += ["", "**Observers** (and the body they observe):", ""]
    for r in rows:
        if r.status == Status.OBSERVER.value:
            lines.append(f"- {_who(r.state, r.entity)}: observer in the {r.body} since {r.since}")
    lines += ["", "**Former parties** of the Collective Security Treaty and the CSTO, and how they left:", ""]
    for treaty in ("CST", "CSTO"):
        for r in members(kb, treaty, day):
            if r.status in (Status.WITHDRAWN.value, Status.SUSPENDED.value):
                flag = "" if r.confidence == "verified" else f" [{r.confidence}]"
                lines.append(f"- {_who(r.state, None)}, {treaty}: {r.status} since {r.since}: {r.how}{flag}")
    return lines


def tajikistan_section(kb: KnowledgeBase, day: dt.date) -> list[str]:
    lines = [f"## If Tajikistan is attacked from outside the treaty area ({day})", ""]
    for requested, label in (
        (None, "no request for assistance known"),
        (True, "Tajikistan requests assistance"),
    ):
        a = obligations(kb, "TJK", None, day, theatre="home", requested=requested)
        lines += [f"### {label}", "", "| state | treaty | article | obliged | how |", "|---|---|---|---|---|"]
        for o in a.obligations:
            if o.treaty in ("CST", "CSTO"):
                verdict = o.obliged.as_json()
                lines.append(f"| {o.state} | {o.treaty} | {o.article or ''} | {verdict} | {o.kind or ''} |")
        lines.append("")
        lines += [f"- {explain_obligation(o)}" for o in a.obligations if o.treaty == "CST"]
        lines += [f"- note: {n}" for n in a.notes]
        lines.append("")
    return lines


def audit_section(kb: KnowledgeBase, days: list[dt.date]) -> list[str]:
    lines = ["## Exclusivity audit", ""]
    for day in days:
        findings = exclusivity_audit(kb, day)
        lines.append(f"**{day}:** " + (f"{len(findings)} finding(s)" if findings else "no findings"))
        lines += [f"- {explain_finding(f)}" for f in findings]
        lines.append("")
    return lines


def geosim_section(out_dir: Path, seed: int = 2003) -> list[str]:
    """A short GeoSim run (Cederman 2003, base settings) with its map and war-size figure."""
    from foedus.analysis.figures import plot_map, plot_war_sizes
    from foedus.models.geosim.model import run_geosim
    from foedus.models.geosim.params import GeoSimParams

    params = GeoSimParams()
    run = run_geosim(params, seed=seed)
    fit = run.fit()
    map_fig = plot_map(
        run.final_map, out_dir / "geosim_map.png", f"t = {params.periods}: {run.states[-1]} states"
    )
    war_fig = plot_war_sizes(
        run.severities, out_dir / "geosim_war_sizes.png", f"GeoSim base run, seed {seed}"
    )
    return [
        "## GeoSim: a system of states picking each other off (Cederman 2003, base settings)",
        "",
        f"One run of {params.periods:,} periods on a {params.nx}x{params.ny} grid from "
        f"{params.initPolarity} states, seed {seed}: {run.states[-1]} states survive; "
        f"{len(run.wars)} wars after the initial phase. "
        f"War sizes above 10^2.5 fitted as a power law: slope {fit.slope:.3f}, R² {fit.r2:.3f}, "
        f"{fit.wars} wars over {fit.range_decades:.2f} decades.",
        "",
        f"![map]({map_fig.name}) ![war sizes]({war_fig.name})",
        "",
    ]


def picked_off_section(out_dir: Path, seed: int = 2026) -> list[str]:
    """The short version of the picked-off study: its report, linked, and its headline figure."""
    from foedus.studies import picked_off
    from foedus.studies.common import run_study

    folder = out_dir / "picked-off"
    # the report is rebuilt from scratch each time: runs of an older foedus are not resumed
    (folder / "results.duckdb").unlink(missing_ok=True)
    run_study(picked_off, folder, seed=seed, quick=True, progress=False)
    text = (folder / "report.md").read_text().replace("](", "](picked-off/").splitlines()
    start = text.index("## Results") + 1
    return [
        "## Picked off one by one: does a collective-defence treaty protect its members?",
        "",
        "The short version of `foedus study picked-off` (fewer settings and replications, "
        f"{picked_off.QUICK_WORLD['duration']:,} periods after the initial phase); full report in "
        "[picked-off/report.md](picked-off/report.md).",
        *text[start:],
        "",
    ]


def scenario_section(out_dir: Path, seed: int = 2016) -> list[str]:
    """The seed's own case on the map: the quick csto-2016 scenario, linked, with its first table."""
    from foedus.scenarios.catalogue import run_scenario

    folder = out_dir / "csto-2016"
    (folder / "results.duckdb").unlink(missing_ok=True)  # rebuilt each time, as the study above
    run_scenario("csto-2016", folder, seed=seed, quick=True, progress=False)
    text = (folder / "report.md").read_text().replace("](", "](csto-2016/").splitlines()
    start = next(k for k, line in enumerate(text) if line.startswith("## "))
    end = next((k for k in range(start + 1, len(text)) if text[k].startswith("## ")), len(text))
    return [
        "## The CSTO of 2016 on a map: an outside aggressor (EARTH scenario)",
        "",
        "The short version of `foedus scenario report csto-2016` (one aggressor strength, few "
        "replications): a thought experiment on stylised rules, not a forecast. Full report in "
        "[csto-2016/report.md](csto-2016/report.md).",
        "",
        *[("#" + line) if line.startswith("## ") else line for line in text[start:end]],
    ]


def founding_report(out_dir: str | Path, day: dt.date = FOUNDING_DAY) -> Path:
    """Write report.md and its figure to `out_dir`; return the report's path."""
    kb = bundled()
    out_dir = output_folder(out_dir)
    figure = plot_timeline(kb, ["CSTO", "NATO"], out_dir / "timeline_csto_nato.png")
    lines = [
        "# foedus report: the collective security system of the 2016 CSTO article",
        "",
        "Every fact below comes from the bundled, sourced treaty files (`foedus cite CSTO`).",
        "",
    ]
    lines += csto_section(kb, day) + [""]
    lines += tajikistan_section(kb, day)
    lines += audit_section(kb, [day, kb.coverage_end])
    lines += ["## Membership timeline", "", f"![CSTO and NATO membership]({figure.name})", ""]
    lines += geosim_section(out_dir)
    lines += picked_off_section(out_dir)
    lines += scenario_section(out_dir)
    path = write_text_atomically(out_dir / "report.md", "\n".join(lines))
    print("\n".join(lines))
    return path
