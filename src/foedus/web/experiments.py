"""Experiment routes: start (bounded), watch (progress pushed as server-sent events), stop, resume,
per-setting summaries and estimates, and downloads of the stored tables as CSV or Parquet."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

from fastapi import FastAPI
from fastapi.responses import FileResponse, StreamingResponse

from foedus.errors import InputError
from foedus.web.jobs import Jobs, check_name

EVENT_EVERY_S = 0.25


def routes(app: FastAPI, jobs: Jobs) -> None:
    @app.get("/api/experiments", tags=["experiments"])
    def experiments() -> list[dict[str, Any]]:
        """Every experiment on this server with its progress."""
        return [jobs.status(name) for name in jobs.names()]

    @app.post("/api/experiments", tags=["experiments"], status_code=202)
    def start(body: dict[str, Any]) -> dict[str, Any]:
        """Start an experiment: {"name", "model", "params", "axes": {param: [values]}, "replications",
        "seed"}. Refused when too large or when the server runs its limit of jobs."""
        return jobs.start(body).status()

    @app.get("/api/experiments/{name}", tags=["experiments"])
    def status(name: str) -> dict[str, Any]:
        """Progress: state, done of total, runs per second, seconds left; and the plan."""
        return jobs.status(name)

    @app.get("/api/experiments/{name}/events", tags=["experiments"])
    async def events(name: str) -> StreamingResponse:
        """Progress as server-sent events (one JSON status a quarter second) until the job ends."""
        jobs.status(name)

        async def stream():
            while True:
                s = jobs.status(name)
                yield f"data: {json.dumps(s)}\n\n"
                if s["state"] not in ("running", "stopping"):
                    return
                await asyncio.sleep(EVENT_EVERY_S)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})  # fmt: skip

    @app.post("/api/experiments/{name}/stop", tags=["experiments"])
    def stop(name: str) -> dict[str, Any]:
        """Stop a running experiment: finished runs are kept, the rest wait for a resume."""
        return jobs.stop(name).status()

    @app.post("/api/experiments/{name}/resume", tags=["experiments"], status_code=202)
    def resume(name: str) -> dict[str, Any]:
        """Run what a stopped experiment has not stored yet (same plan, same seeds)."""
        return jobs.resume(name).status()

    @app.get("/api/experiments/{name}/summary", tags=["experiments"])
    def summary(name: str) -> dict[str, Any]:
        """Per-setting summary (n, mean, median, min, max of each measure) and the stored tables."""
        from foedus.analysis.summaries import setting_summary
        from foedus.experiments.store import StoreReader

        store = jobs.finished(name)
        columns, rows = setting_summary(store, name)
        with StoreReader(store) as st:
            tables = ["runs", "summaries", *st.model_tables(name)]
        return {"columns": columns, "rows": rows, "tables": tables}

    @app.get("/api/experiments/{name}/estimates", tags=["experiments"])
    def estimates(name: str, measure: str) -> list[dict[str, Any]]:
        """One measure's mean per setting with its 95% bootstrap interval, for the figure."""
        from foedus.analysis.intervals import mean_interval
        from foedus.analysis.summaries import measure_values

        values = measure_values(jobs.finished(name), name, measure)
        if all(v is None for vals in values.values() for v in vals):
            raise InputError(f"measure: no stored values of {measure!r} in experiment {name!r}")
        out = []
        for setting, vals in values.items():
            e = mean_interval(vals)
            out.append({"setting": setting, "n": e.n, "mean": e.value, "low": e.low, "high": e.high})
        return out

    @app.get("/api/experiments/{name}/download", tags=["experiments"])
    def download(name: str, table: str = "summaries", format: Literal["csv", "parquet"] = "csv"):
        """One stored table of the experiment as a CSV or Parquet file."""
        from foedus.experiments.store import StoreReader

        store = jobs.finished(name)
        folder = jobs.folder / "exports" / f"{check_name(name)}-{format}"
        with StoreReader(store) as st:
            paths = {p.stem: p for p in st.export(name, folder, format)}
        if table not in paths:
            raise InputError(f"table: expected one of {', '.join(paths)}, found {table!r}")
        media = "text/csv" if format == "csv" else "application/vnd.apache.parquet"
        return FileResponse(paths[table], media_type=media, filename=f"{name}-{table}.{format}")
