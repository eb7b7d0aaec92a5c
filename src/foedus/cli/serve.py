"""`foedus serve`: the web app (pages at /, JSON API under /api, its OpenAPI pages at /docs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import handled, say, warn

app = typer.Typer()
LOCAL = ("127.0.0.1", "localhost", "::1")


def _at_least(option: str, value: int, low: int = 1) -> None:
    from foedus.errors import ParameterError

    if value < low:
        raise ParameterError(f"{option}: expected a whole number of at least {low}, found {value}")


@app.command("serve")
@handled
def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to bind (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port, 1 to 65535.")] = 8000,
    results: Annotated[
        Path, typer.Option(help="The one folder for experiment stores, scenario runs and downloads.")
    ] = Path("results/web"),
    max_jobs: Annotated[int, typer.Option(help="Experiments and scenario runs at once.")] = 2,
    max_experiment_runs: Annotated[int, typer.Option(help="Largest experiment: settings x runs.")] = 5_000,
    max_run_size: Annotated[int, typer.Option(help="Largest run accepted, periods x cells.")] = 50_000_000,
    workers: Annotated[int, typer.Option(help="Worker processes per experiment.")] = 2,
    max_runs: Annotated[int, typer.Option(help="Single model runs at once.")] = 4,
):
    """Start the web app on HOST:PORT: pages at /, JSON API under /api, OpenAPI pages at /docs.
    Ctrl-C stops it; running experiments stop with it and resume from their page."""
    import uvicorn

    from foedus.errors import ParameterError
    from foedus.paths import output_folder
    from foedus.web.api import Settings, create_app

    if not 1 <= port <= 65535:
        raise ParameterError(f"--port: expected 1 to 65535, found {port}")
    for option, value in (("--max-jobs", max_jobs), ("--max-experiment-runs", max_experiment_runs),
                          ("--max-run-size", max_run_size), ("--workers", workers),
                          ("--max-runs", max_runs)):  # fmt: skip
        _at_least(option, value)
    output_folder(results, "--results")
    if host not in LOCAL:
        warn(f"listening on {host}: other machines on the network can reach this server")
    settings = Settings(max_run_size=max_run_size, results=results, max_jobs=max_jobs,
                        max_experiment_runs=max_experiment_runs, workers=workers,
                        max_runs=max_runs)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    say(f"foedus at http://{shown}:{port}/ (API docs: /docs; results in {results}); Ctrl-C stops it")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
