"""foedus's JSON API: the library's questions as HTTP routes, for the browser app and for scripts.

Every route calls the same library functions as the command line and answers with the same JSON;
bad input is a 400 (or 404 for an unknown name) whose body names the field, what was expected and
what was found, never a stack trace. The OpenAPI description is at /openapi.json and its pages at
/docs, served from the bundled Swagger UI files: the app makes no request outside this machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from foedus.errors import InputError
from foedus.kb.dates import day_of, period_of

Theatre = Literal["home", "in_area", "outside_area", "unknown"]
Reading = Literal["as_coded", "any", "directed_against_parties"]
Confidence = Literal["verified", "conflicting", "unverified"]
On = Annotated[str, Query(description="YYYY-MM-DD (membership questions also take YYYY-MM or YYYY)")]
Day = Annotated[str, Query(description="an exact day, YYYY-MM-DD")]


@dataclass(frozen=True)
class Settings:
    """What a server may do: the largest run it accepts (periods x states)."""

    max_run_size: int = 5_000_000


def _bad(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    from importlib.metadata import version

    settings = settings or Settings()
    app = FastAPI(
        title="foedus",
        version=version("foedus"),
        description="Treaty law, casus foederis and simulations of interstate systems.",
        docs_url=None,
        redoc_url=None,
    )

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return _bad(404 if isinstance(exc, LookupError) else 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e["loc"] if p not in ("query", "body"))
            found = "" if e["type"] == "missing" else f" (found {e.get('input')!r})"
            parts.append(f"{where}: {e['msg']}{found}")
        return _bad(400, "; ".join(parts))

    _static_docs(app)
    _law_routes(app)
    _model_routes(app, settings)
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


def _kb():
    from foedus.kb.base import bundled

    return bundled()


def _state(name: str) -> str:
    from foedus.kb.states import state

    return state(name).code


def _law_routes(app: FastAPI) -> None:
    from foedus.kb import queries as Q

    @app.get("/api/treaties", tags=["law"])
    def treaties() -> list[dict[str, Any]]:
        """Each treaty of the knowledge base, its dates and how far its facts were checked."""
        return Q.treaty_rows(_kb())

    @app.get("/api/members", tags=["law"])
    def members(treaty: str, on: On, status: str | None = None) -> list[dict[str, Any]]:
        """Who holds which standing in `treaty` on a day, month or year, with participation and sources."""
        from foedus.kb.schema import Status

        wanted = None
        if status is not None:
            allowed = [s.value for s in Status]
            if status not in allowed:
                raise InputError(f"status: expected one of {', '.join(allowed)}, found {status!r}")
            wanted = Status(status)
        return [r.as_dict() for r in Q.members(_kb(), treaty, period_of(on), wanted)]

    @app.get("/api/history", tags=["law"])
    def history(state: str) -> list[dict[str, Any]]:
        """A state's whole treaty history, oldest first."""
        return [r.as_dict() for r in Q.history(_kb(), _state(state))]

    @app.get("/api/obligations", tags=["law"])
    def obligations(
        victim: str,
        on: Day,
        aggressor: str | None = None,
        theatre: Theatre = "home",
        requested: bool | None = None,
        state_of_war: bool | None = None,
    ) -> dict[str, Any]:
        """Who must assist `victim`, under which article, with conditions, confidence, sources, the
        assumptions the answer made and the invocations recorded that day."""
        from foedus.law.obligations import obligations as assess

        a = assess(_kb(), _state(victim), _state(aggressor) if aggressor else None, day_of(on), theatre,
                   requested, state_of_war)  # fmt: skip
        return a.as_dict()

    @app.get("/api/audit", tags=["law"])
    def audit(
        on: Annotated[str, Query(description="an exact day")], reading: Reading = "as_coded"
    ) -> list[dict]:
        """Memberships that breach a 'no other alliances' clause."""
        from foedus.law.audit import exclusivity_audit

        return [f.as_dict() for f in exclusivity_audit(_kb(), day_of(on), reading)]

    @app.get("/api/in-force", tags=["law"])
    def in_force(on: On) -> list[dict[str, Any]]:
        """Treaties in force on a day, month or year."""
        return Q.in_force_rows(_kb(), period_of(on))

    @app.get("/api/facts", tags=["law"])
    def facts(confidence: Confidence | None = None, treaty: str | None = None) -> list[dict[str, Any]]:
        """Every sourced fact, optionally of one confidence or one treaty."""
        return [c.as_dict() for c in Q.facts(_kb(), confidence, treaty)]

    @app.get("/api/facts/summary", tags=["law"])
    def facts_summary() -> dict[str, Any]:
        """Sources by kind, facts by confidence, and what lacks a primary or official source."""
        return Q.fact_summary(_kb()).as_dict()

    @app.get("/api/cite", tags=["law"])
    def cite(ref: Annotated[str, Query(description="NATO, NATO.art5 or NATO.FRA")]) -> list[dict[str, Any]]:
        """Citations for a treaty, a provision or a membership."""
        return [c.as_dict() for c in Q.cite(_kb(), ref)]


def run_size(p) -> int:
    """Periods x cells of the map: what a run's time grows with."""
    cells = getattr(p, "states", None) or getattr(p, "nx", 1) * getattr(p, "ny", 1)
    return int(getattr(p, "periods", 1)) * int(cells)


def _model_routes(app: FastAPI, settings: Settings) -> None:
    from foedus.sim.discovery import all_models, get_model

    @app.get("/api/models", tags=["simulation"])
    def models() -> list[dict[str, Any]]:
        """Every model with its version, citation, traits and tables."""
        return [m.describe() for m in all_models()]

    @app.get("/api/models/{name}/params", tags=["simulation"])
    def params(name: str) -> dict[str, Any]:
        """A model's parameters as JSON Schema (types, defaults, documented ranges) with defaults."""
        model = get_model(name)
        return {
            "schema": model.Params.model_json_schema(),
            "defaults": model.Params().model_dump(mode="json"),
        }

    @app.post("/api/models/{name}/run", tags=["simulation"])
    def run(name: str, body: dict[str, Any]) -> dict[str, Any]:
        """One seeded run ({"params": {...}, "seed": N}); its summary. Runs larger than the
        server's limit (periods x states) are refused."""
        model = get_model(name)
        unknown = set(body) - {"params", "seed"}
        if unknown:
            raise InputError(f"body: unknown fields {sorted(unknown)}; expected params and seed")
        p = model.params(body.get("params") or {})
        seed = body.get("seed", 0)
        size = run_size(p)
        if size > settings.max_run_size:
            raise InputError(f"params: a run of size {size:,} (periods x cells) is above this server's "
                             f"limit {settings.max_run_size:,}")  # fmt: skip
        result = model.run(p, seed=seed)
        return {"model": model.name, "version": model.version, "seed": seed,
                "params": p.model_dump(mode="json"), "summary": result.summary()}  # fmt: skip

    @app.get("/api/scenarios", tags=["scenarios"])
    def scenarios() -> list[dict[str, Any]]:
        """The scenario catalogue."""
        from foedus.scenarios.catalogue import SCENARIOS

        return [{"name": s.name, "title": s.title, "question": s.question} for s in SCENARIOS.values()]
