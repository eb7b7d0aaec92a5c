"""`foedus serve`: the JSON API (and its /docs) on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus.cli.common import handled, say, warn

app = typer.Typer()
LOCAL = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
@handled
def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to bind (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port, 1 to 65535.")] = 8000,
    max_run_size: Annotated[int, typer.Option(help="Largest run accepted, periods x cells.")] = 5_000_000,
):
    """Start the JSON API on HOST:PORT (OpenAPI pages at /docs); Ctrl-C stops it."""
    import uvicorn

    from foedus.errors import ParameterError
    from foedus.web.api import Settings, create_app

    if not 1 <= port <= 65535:
        raise ParameterError(f"--port: expected 1 to 65535, found {port}")
    if host not in LOCAL:
        warn(f"listening on {host}: other machines on the network can reach this server")
    shown = f"[{host}]" if ":" in host else host
    say(f"foedus API at http://{shown}:{port}/ (docs: /docs); Ctrl-C stops it")
    uvicorn.run(create_app(Settings(max_run_size=max_run_size)), host=host, port=port, log_level="warning")
