"""The `foedus` command: thin sub-apps over the public library functions.

Law (knowledge base and casus foederis), simulation (models, runs, experiments, reproductions)
and results (reading stores). Exit codes: 0 success; 1 bad input (the message names the file,
line, field or path, what was expected and what was found) or an incomplete experiment; 2 a
usage error; 130 (143) when Ctrl-C (SIGTERM) stopped an experiment, whose finished runs are kept.
"""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from foedus.cli import law, results, scenario, serve, sim

app = typer.Typer(
    help="foedus: a laboratory for collective security.", no_args_is_help=True, pretty_exceptions_enable=False
)
for sub in (law.app, sim.app, serve.app):
    app.registered_commands.extend(sub.registered_commands)
app.add_typer(results.app, name="results")
app.add_typer(scenario.app, name="scenario")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"foedus {version('foedus')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    pass


def main() -> None:  # pragma: no cover - the console script
    # Start-up builds hundreds of thousands of objects (imports, compiled-code caches) and almost no
    # cyclic garbage: collect the youngest generation less often, and skip the final full collection.
    gc.set_threshold(50_000, 20, 100)
    try:
        app()
    finally:
        gc.freeze()
