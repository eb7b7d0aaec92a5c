"""The API's jobs without a browser: experiments started, watched (server-sent events), stopped,
resumed, summarised and downloaded; scenario runs; the bounds on size and on jobs at once; and
`foedus serve` itself."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time

import httpx
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from foedus.web.api import Settings, create_app

SMALL = {"model": "earth", "params": {"iterations": 200}, "axes": {"share_collective_security": [0, 0.5]},
         "replications": 3, "seed": 11}  # fmt: skip
LONG = {"model": "earth", "params": {"iterations": 20_000}, "replications": 400, "seed": 5}


@pytest.fixture
def client(tmp_path):
    settings = Settings(results=tmp_path, max_jobs=1, max_experiment_runs=500, max_scenario_replications=20,
                        workers=1)  # fmt: skip
    with TestClient(create_app(settings)) as c:
        yield c
        for name in c.app.state.jobs.names():  # leave no thread running
            status = c.get(f"/api/experiments/{name}").json()
            if status["state"] in ("running", "stopping"):
                c.post(f"/api/experiments/{name}/stop")
                wait(c, name, ("stopped", "done", "failed"))


def wait(client, name, states, limit_s=120):
    deadline = time.monotonic() + limit_s
    while True:
        s = client.get(f"/api/experiments/{name}").json()
        if s["state"] in states:
            return s
        assert time.monotonic() < deadline, s
        time.sleep(0.05)


def error(r, code):
    assert r.status_code == code, r.text
    message = r.json()["error"]
    assert message and "Traceback" not in message
    return message


def test_an_experiment_runs_reports_its_progress_and_downloads_into_pandas(client):
    r = client.post("/api/experiments", json={"name": "small", **SMALL})
    assert r.status_code == 202 and r.json()["total"] == 6
    # the event stream pushes statuses until the job ends, the last one "done"
    with client.stream("GET", "/api/experiments/small/events") as stream:
        events = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert events[-1]["state"] == "done" and events[-1]["done"] == 6
    assert [e["done"] for e in events] == sorted(e["done"] for e in events)
    assert [e["name"] for e in client.get("/api/experiments").json()] == ["small"]
    summary = client.get("/api/experiments/small/summary").json()
    assert {"runs", "summaries", "earth__series"} <= set(summary["tables"])
    activations = [row for row in summary["rows"] if row["measure"] == "activations"]
    assert [(row["setting"], row["n"], row["mean"]) for row in activations] == [
        ("share_collective_security=0", 3, 200.0),
        ("share_collective_security=0.5", 3, 200.0),
    ]
    estimates = client.get("/api/experiments/small/estimates", params={"measure": "states_final"}).json()
    assert [e["n"] for e in estimates] == [3, 3]
    assert all(e["low"] <= e["mean"] <= e["high"] for e in estimates)
    runs = pd.read_csv(io.BytesIO(client.get("/api/experiments/small/download?table=runs").content))
    assert len(runs) == 6 and runs["run_id"].is_unique
    r = client.get("/api/experiments/small/download", params={"table": "earth__series", "format": "parquet"})
    assert r.status_code == 200 and "earth__series.parquet" in r.headers["content-disposition"]
    series = pd.read_parquet(io.BytesIO(r.content))
    assert set(series["run_id"]) == set(runs["run_id"])
    assert "table" in error(client.get("/api/experiments/small/download?table=nope"), 400)
    assert "format" in error(client.get("/api/experiments/small/download?format=xlsx"), 400)
    assert "measure" in error(client.get("/api/experiments/small/estimates?measure=nope"), 400)
    assert "stored" in error(client.post("/api/experiments", json={"name": "small", **SMALL}), 409)


def test_a_stopped_experiment_resumes_without_loss_or_duplication(client):
    client.post("/api/experiments", json={"name": "long", **LONG})
    wait(client, "long", ("running",))
    deadline = time.monotonic() + 120
    while client.get("/api/experiments/long").json()["done"] < 1:  # some runs stored before the stop
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # while it runs: its results are not ready, its name is taken, and the one job slot is held
    assert "still running" in error(client.get("/api/experiments/long/summary"), 409)
    assert "already running" in error(client.post("/api/experiments/long/resume"), 409)
    assert "busy" in error(client.post("/api/experiments", json={"name": "other", **SMALL}), 429)
    assert "busy" in error(client.post("/api/scenarios/armenia-2024/run", json={"replications": 1}), 429)
    assert client.post("/api/experiments/long/stop").json()["state"] in ("stopping", "stopped")
    stopped = wait(client, "long", ("stopped",))
    assert 0 < stopped["done"] < stopped["total"] == 400
    assert "resume" in stopped["message"] and "/" not in stopped["message"]  # no server path
    assert "not running" in error(client.post("/api/experiments/long/stop"), 400)
    kept = client.get("/api/experiments/long/download?table=runs")
    before = set(pd.read_csv(io.BytesIO(kept.content))["run_id"])
    assert len(before) == stopped["done"]
    assert client.post("/api/experiments/long/resume").status_code == 202
    client.post("/api/experiments/long/stop")  # a second stop and resume: the store still adds up
    again = wait(client, "long", ("stopped", "done"))
    assert again["done"] >= len(before)
    runs = pd.read_csv(io.BytesIO(client.get("/api/experiments/long/download?table=runs").content))
    assert runs["run_id"].is_unique and before <= set(runs["run_id"]) and len(runs) == again["done"]


def test_after_a_restart_stored_experiments_are_listed_even_above_new_limits(client, tmp_path):
    client.post("/api/experiments", json={"name": "small", **SMALL})
    wait(client, "small", ("done",))
    smaller = Settings(results=tmp_path, max_experiment_runs=2, workers=1)
    with TestClient(create_app(smaller)) as restarted:
        listed = restarted.get("/api/experiments").json()
        assert [(e["name"], e["state"], e["done"], e["total"]) for e in listed] == [("small", "done", 6, 6)]
        assert listed[0]["spec"]["seed"] == SMALL["seed"]
        assert "above this server's limit 2" in error(restarted.post("/api/experiments/small/resume"), 400)
        assert restarted.get("/api/experiments/small/summary").status_code == 200


def test_bad_experiments_are_refused_with_the_field_named(client):
    def start(**kw):
        return client.post("/api/experiments", json={"name": "x", **SMALL, **kw})

    assert "name" in error(client.post("/api/experiments", json={"name": "../etc", **SMALL}), 400)
    assert "name" in error(client.post("/api/experiments", json={"name": "", **SMALL}), 400)
    assert "unknown model" in error(start(model="nope"), 404)
    assert "above this server's limit 500" in error(start(replications=300), 400)
    assert "replications" in error(start(replications=0), 400)
    assert "seed" in error(start(seed=-2), 400)
    assert "axes" in error(start(axes={"share_collective_security": []}), 400)
    assert "share_collective_security" in error(start(axes={"share_collective_security": [3]}), 400)
    assert "unknown fields" in error(start(store="/tmp/x.duckdb"), 400)  # no path from the browser
    assert "no experiment 'ghost'" in error(client.get("/api/experiments/ghost"), 404)
    assert "no experiment" in error(client.post("/api/experiments/ghost/stop"), 404)
    assert "no experiment" in error(client.get("/api/experiments/ghost/events"), 404)
    assert client.get("/api/experiments").json() == []  # nothing half-made


def test_a_scenario_runs_with_chosen_parameters_and_answers_intervals(client):
    body = {"replications": 2, "seed": 3, "overrides": {"p_honor": 0.5}}
    r = client.post("/api/scenarios/armenia-2024/run", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["caveat"] and out["overrides"] == {"p_honor": 0.5} and out["replications"] == 2
    world = out["worlds"][0]
    assert "ARM" in {s["code"] for s in world["states"]} and world["borders"]
    labels = [w["label"] for w in out["worlds"]]
    expected = {f"{label} | {condition}" for label in labels for condition in out["conditions"]}
    assert {row["setting"] for row in out["survival"]} == expected
    assert {row["state"] for row in out["survival"]} == {s["code"] for s in world["states"]}
    for row in out["survival"]:
        assert 0 <= row["low"] <= row["share"] <= row["high"] <= 1 and row["runs"] == 2
        assert row["share"] == row["survived"] / 2
    assert client.post("/api/scenarios/armenia-2024/run", json=body).json()["survival"] == out["survival"]
    assert "replications" in error(
        client.post("/api/scenarios/armenia-2024/run", json={"replications": 21}), 400
    )
    assert "overrides" in error(
        client.post("/api/scenarios/armenia-2024/run", json={"overrides": {"world": "x"}}), 400
    )
    assert "p_honor" in error(
        client.post("/api/scenarios/armenia-2024/run", json={"replications": 1, "overrides": {"p_honor": 2}}),
        400,
    )
    assert "unknown fields" in error(
        client.post("/api/scenarios/armenia-2024/run", json={"folder": "/"}), 400
    )
    assert "unknown scenario" in error(client.post("/api/scenarios/atlantis/run", json={}), 404)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(*args):
    return subprocess.Popen([sys.executable, "-m", "foedus", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_prints_its_address_answers_and_warns_off_this_machine(tmp_path, host):
    port = _free_port()
    server = _serve("--host", host, "--port", str(port), "--results", str(tmp_path / "web"))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/treaties", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, server.communicate()
                time.sleep(0.1)
        assert r.status_code == 200 and "CSTO" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/").headers["content-type"].startswith("text/html")
    finally:
        server.terminate()
        out, err = server.communicate(timeout=20)
    assert f"foedus at http://{host}:{port}/" in out
    assert ("other machines on the network can reach this server" in err) == (host != "127.0.0.1")


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--port", "70000"], "--port: expected 1 to 65535, found 70000"),
        (["--max-jobs", "0"], "--max-jobs: expected a whole number of at least 1, found 0"),
        (["--max-runs", "0"], "--max-runs: expected a whole number of at least 1, found 0"),
        (["--workers", "0"], "--workers: expected a whole number of at least 1, found 0"),
    ],
)
def test_serve_refuses_bad_options_before_it_starts(tmp_path, args, expected):
    done = subprocess.run([sys.executable, "-m", "foedus", "serve", "--results", str(tmp_path), *args],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode != 0 and expected in done.stderr and "Traceback" not in done.stderr
