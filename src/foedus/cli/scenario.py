"""Scenario commands: build a map world from the knowledge base, run it with EARTH, run the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import JsonFlag, emit_json, handled, parse_on, say
from foedus.cli.sim import DEFAULT_WORKERS, Scheduler, Seed, Sets, Workers

app = typer.Typer(help="Worlds built from the knowledge base, run with EARTH.", no_args_is_help=True)
Codes = Annotated[str | None, typer.Option(help="Comma-separated state codes.")]


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [c.strip() for c in text.split(",") if c.strip()]


@app.command("build")
@handled
def build_cmd(
    treaty: Annotated[str, typer.Option(help="The treaty or organisation (e.g. CSTO).")],
    on: Annotated[str, typer.Option(help="The day, YYYY-MM-DD (present-day borders: from 2011-07-09).")],
    out: Annotated[Path, typer.Option(help="The world file to write (.yaml or .json).")],
    aggressor: Annotated[str | None, typer.Option(help="STATE or external:STRENGTH.")] = None,
    front: Codes = None,
    neighbours_of: Annotated[
        str | None,
        typer.Option("--neighbours-of", "--region", help="Parties whose neighbours join (default: all)."),
    ] = None,
    theatre: Annotated[str, typer.Option(help="home, in_area, outside_area or unknown.")] = "home",
    capability_year: Annotated[
        int | None, typer.Option(help="COW year for capabilities (default: the date's; COW ends in 2016).")
    ] = None,
):
    """Write the world of TREATY on a date: parties, observers, neighbours, capabilities, borders, duties."""
    from foedus.cli.common import choice
    from foedus.kb.base import bundled
    from foedus.models.earth.world import world_text
    from foedus.paths import output_file, write_text_atomically
    from foedus.scenarios.build import build_world

    path = output_file(out, "--out", (".yaml", ".yml", ".json"))
    theatre = choice("--theatre", theatre, ("home", "in_area", "outside_area", "unknown"))
    world = build_world(bundled(), treaty, parse_on(on), aggressor, _codes(front), _codes(neighbours_of),
                        theatre, capability_year=capability_year)  # fmt: skip
    write_text_atomically(path, world_text(world, "json" if path.suffix == ".json" else "yaml"))
    say(f"{world.name}: {len(world.states)} states, {len(world.borders)} borders, alliances "
        f"{', '.join(world.treaty_ids()) or 'none'}; written to {path}")  # fmt: skip


@app.command("run")
@handled
def run_cmd(
    world_file: Annotated[
        Path, typer.Argument(metavar="WORLD", help="A world file (foedus scenario build).")
    ],
    aggressor: Annotated[
        str | None, typer.Option(help="STATE or external:STRENGTH (default: the file's).")
    ] = None,
    front: Codes = None,
    strategy: Annotated[str, typer.Option(help="divide-and-conquer or opportunist.")] = "divide-and-conquer",
    replications: Annotated[int, typer.Option(help="Replications per condition.")] = 100,
    seed: Seed = 2016,
    workers: Workers = DEFAULT_WORKERS,
    scheduler: Scheduler = None,
    sets: Sets = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Report folder.")] = Path("scenario"),
    as_json: JsonFlag = False,
):
    """Run a world alone, under collective defence and under wedge campaigns; report survival."""
    from foedus.cli.common import choice
    from foedus.experiments.plan import parse_overrides
    from foedus.models.earth.world import load_world
    from foedus.paths import input_file
    from foedus.scenarios import run as R
    from foedus.scenarios.build import with_aggressor

    world = load_world(input_file(world_file, "WORLD"))
    if aggressor:
        world = with_aggressor(world, aggressor, _codes(front))
    if world.aggressor is None:
        from foedus.errors import InputError

        raise InputError(
            f"{world_file}: the world has no aggressor; pass --aggressor STATE|external:STRENGTH"
        )
    rule = choice("--strategy", strategy, ("divide-and-conquer", "opportunist")).replace("-", "_")
    overrides = {"switch_aggressor": rule, **parse_overrides(sets or [])}
    path, store, rows, body = R.report_world(world, replications, seed, out_dir, workers, scheduler,
                                             overrides, progress=not as_json)  # fmt: skip
    if as_json:
        emit_json({"report": str(path), "store": str(store), "survival": [vars(r) for r in rows]})
        return
    for line in body:
        say(line)
    say(f"report written to {path}")


@app.command("report")
@handled
def report_cmd(
    name: Annotated[str, typer.Argument(help="csto-2016, nato-baltic-2016 or armenia-2024.")],
    replications: Annotated[int | None, typer.Option(help="Replications per setting.")] = None,
    workers: Workers = DEFAULT_WORKERS,
    seed: Seed = 2016,
    scheduler: Scheduler = None,
    quick: Annotated[bool, typer.Option(help="One aggressor strength, few replications.")] = False,
    sets: Sets = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default scenario-NAME).")
    ] = None,
):
    """Run a catalogue scenario; write its worlds, table, figures and report."""
    from foedus.experiments.plan import parse_overrides
    from foedus.scenarios.catalogue import run_scenario

    path = run_scenario(name, out_dir or Path(f"scenario-{name}"), replications, workers, seed, quick,
                        scheduler, overrides=parse_overrides(sets or []))  # fmt: skip
    say(f"report written to {path}")


@app.command("list")
@handled
def list_cmd():
    """The scenario catalogue."""
    from foedus.scenarios.catalogue import SCENARIOS

    for s in SCENARIOS.values():
        say(f"{s.name:<18} {s.title}")
