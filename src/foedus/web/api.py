"""foedus's web app: the library's questions as JSON routes, and the pages that call them.

Every route calls the same library functions as the command line and answers with the same JSON;
bad input is a 400 (404 for an unknown name, 409 for a clash with stored work, 429 when the
server is at its job limit) whose body names the field, what was expected and what was found,
never a stack trace. The OpenAPI description is at /openapi.json and its pages at /docs, served
from the bundled Swagger UI files; the pages are at /. Nothing is fetched from outside this machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from foedus.errors import InputError

STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Settings:
    """What a server may do and where it keeps what it makes.

    `results` is the one folder for experiment stores, scenario runs and downloads: the browser
    names experiments, never paths. Jobs (experiments and scenario runs) and single model runs
    are bounded in number at once and in size."""

    max_run_size: int = 50_000_000  # one run: periods x cells (GeoSim's default: 26 million)
    results: Path = Path("results/web")
    max_jobs: int = 2  # experiments and scenario runs at once
    max_experiment_runs: int = 5_000  # settings x replications of one experiment
    max_scenario_replications: int = 200
    workers: int = 2  # worker processes per experiment
    max_runs: int = 4  # single model runs at once (each holds a thread while it runs)


class StrictJSONResponse(JSONResponse):
    """Every answer as strict JSON: a NaN or infinity in a result is null, never an error."""

    def render(self, content) -> bytes:
        from foedus.jsonvalues import strict

        return json.dumps(strict(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")  # fmt: skip


def _bad(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _status(exc: InputError) -> int:
    from foedus.web.jobs import BusyError, ConflictError

    if isinstance(exc, BusyError):
        return 429
    if isinstance(exc, ConflictError):
        return 409
    return 404 if isinstance(exc, LookupError) else 400


def create_app(settings: Settings | None = None) -> FastAPI:
    from importlib.metadata import version

    from foedus.web import experiments, law, models, scenarios
    from foedus.web.jobs import Jobs

    settings = settings or Settings()
    app = FastAPI(
        title="foedus",
        version=version("foedus"),
        description="Treaty law, casus foederis and simulations of interstate systems.",
        docs_url=None,
        redoc_url=None,
        default_response_class=StrictJSONResponse,
    )

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return _bad(_status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e["loc"] if p not in ("query", "body"))
            found = "" if e["type"] == "missing" else f" (found {e.get('input')!r})"
            parts.append(f"{where}: {e['msg']}{found}")
        return _bad(400, "; ".join(parts))

    jobs = Jobs(settings)
    app.state.jobs = jobs
    _static_docs(app)
    law.routes(app)
    models.routes(app, settings)
    experiments.routes(app, jobs)
    scenarios.routes(app, jobs)
    _pages(app)
    return app


def _static_docs(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount(
        "/static/swagger", StaticFiles(directory=Path(swagger_ui_bundle.swagger_ui_path)), name="swagger"
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="foedus API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )


def _pages(app: FastAPI) -> None:
    """One page (index.html) whose scripts draw each view from the JSON routes."""
    app.mount("/static/app", StaticFiles(directory=STATIC), name="app")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})
