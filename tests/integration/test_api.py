"""The JSON API: every route answers as the library does, and bad input is a clear 4xx message."""

import re

import pytest
from fastapi.testclient import TestClient

from foedus.kb.base import bundled
from foedus.kb.queries import members
from foedus.web.api import Settings, create_app
from tests.conftest import day


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    results = tmp_path_factory.mktemp("web-results")
    return TestClient(create_app(Settings(max_run_size=200_000, results=results)))


def ok(client, url, **kw):
    r = client.get(url, params=kw)
    assert r.status_code == 200, r.text
    return r.json()


def bad(client, url, code=400, method="get", **kw):
    r = client.get(url, params=kw) if method == "get" else client.post(url, json=kw)
    assert r.status_code == code, r.text
    message = r.json()["error"]
    assert message and "Traceback" not in message
    return message


def test_law_routes_answer_as_the_library(client):
    rows = ok(client, "/api/members", treaty="CSTO", on="2016-09-01")
    expected = [r.as_dict() for r in members(bundled(), "CSTO", day("2016-09-01"))]
    assert [r["state"] for r in rows] == [r["state"] for r in expected] and rows[0]["holds"] is True
    observers = ok(client, "/api/members", treaty="CSTO", on="2016-09-01", status="observer")
    assert {r["state"] for r in observers} == {"AFG", "SRB", None}
    assert ok(client, "/api/members", treaty="NATO", on="1999")[0]["holds"] in (True, "unknown")
    assert any(r["treaty"] == "CST" for r in ok(client, "/api/history", state="Uzbekistan"))
    a = ok(client, "/api/obligations", victim="TJK", on="2016-09-01", requested="true")
    assert a["situation"]["requested"] is True and a["assumptions"]
    must = {o["state"] for o in a["obligations"] if o["treaty"] == "CST" and o["obliged"] is True}
    assert must == {"ARM", "BLR", "KAZ", "KGZ", "RUS"}
    assert isinstance(ok(client, "/api/audit", on="2016-09-01", reading="any"), list)
    assert "NATO" in {r["treaty"] for r in ok(client, "/api/in-force", on="1960")}
    assert {r["treaty"] for r in ok(client, "/api/treaties")} >= {"CSTO", "NATO", "US_ROC"}
    assert all(f["confidence"] == "conflicting" for f in ok(client, "/api/facts", confidence="conflicting"))
    assert ok(client, "/api/facts/summary")["unsupported"] == []
    assert ok(client, "/api/cite", ref="NATO.art5")[0]["fact"] == "NATO art5"


def test_the_pages_law_routes_timeline_sources_and_network(client):
    t = ok(client, "/api/timeline", treaty="CSTO")
    assert t["treaty"] == "CSTO" and t["until"]
    arm = next(p for p in t["parties"] if p["state"] == "ARM")
    assert arm["phases"][0]["status"] == "member" and arm["participation"][0]["mode"] == "frozen"
    starts = [min(ph["start"] or "9999" for ph in p["phases"]) for p in t["parties"] if p["phases"]]
    assert starts == sorted(starts)  # oldest first
    sources = ok(client, "/api/sources", treaty="CSTO")
    cited = {s for p in t["parties"] for ph in p["phases"] for s in ph["source"]}
    assert cited <= set(sources) and all(v["title"] for v in sources.values())
    net = ok(client, "/api/network", treaty="CSTO", on="2016-09-01")
    placed = {n["state"]: n for n in net["nodes"]}
    assert set(placed) >= {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"} and placed["RUS"]["capital"] == "Moscow"
    assert placed["UZB"]["status"] == "suspended" and placed["AFG"]["status"] == "observer"
    assert not any("UZB" in (e["victim"], e["helper"]) and e["duty"] == "must" for e in net["edges"])
    assert 55 < placed["RUS"]["lat"] < 56 and 37 < placed["RUS"]["lon"] < 38
    parties = {s for s, n in placed.items() if n["status"] != "observer"}
    assert {e["victim"] for e in net["edges"]} <= parties and {e["helper"] for e in net["edges"]} <= parties
    assert {e["duty"] for e in net["edges"]} <= {"must", "maybe"} and net["assumptions"]
    assert "unknown treaty" in bad(client, "/api/timeline", 404, treaty="XX")
    assert "unknown treaty" in bad(client, "/api/sources", 404, treaty="XX")
    assert "month 13" in bad(client, "/api/network", treaty="CSTO", on="2016-13-01")


def test_bad_law_input_is_a_message_naming_the_field(client):
    assert "unknown treaty 'XX'" in bad(client, "/api/members", 404, treaty="XX", on="2016")
    assert "month 13" in bad(client, "/api/obligations", victim="ARM", on="2016-13-01")
    assert "exact day" in bad(client, "/api/obligations", victim="ARM", on="2016-09")
    assert "theatre" in bad(client, "/api/obligations", victim="ARM", on="2016-09-01", theatre="moon")
    assert "victim" in bad(client, "/api/obligations", on="2016-09-01")
    assert "status" in bad(client, "/api/members", treaty="CSTO", on="2016", status="friend")
    assert "Atlantis" in bad(client, "/api/history", 404, state="Atlantis")
    assert "reading" in bad(client, "/api/audit", on="2016-09-01", reading="loose")
    assert "XYZ" in bad(client, "/api/cite", 404, ref="NATO.XYZ")


def test_model_routes_describe_run_and_bound_the_work(client):
    names = [m["name"] for m in ok(client, "/api/models")]
    assert names == ["earth", "geosim"]
    params = ok(client, "/api/models/earth/params")
    assert params["defaults"]["rows"] == 14 and params["schema"]["properties"]["rows"]["maximum"] == 1000
    r = client.post("/api/models/earth/run", json={"params": {"iterations": 200}, "seed": 5})
    assert r.status_code == 200 and r.json()["summary"]["activations"] == 200
    assert "above this server's limit" in bad(client, "/api/models/earth/run", method="post",
                                               params={"iterations": 100_000})  # fmt: skip
    assert "share_collective_security" in bad(client, "/api/models/earth/run", method="post",
                                               params={"share_collective_security": 2})  # fmt: skip
    assert "seed" in bad(client, "/api/models/earth/run", method="post", seed=-1)
    assert "unknown fields" in bad(client, "/api/models/earth/run", method="post", speed=3)
    assert "unknown model" in bad(client, "/api/models/nope/params", 404)
    assert "frames" in bad(client, "/api/models/earth/run", method="post", frames=3)  # no map snapshots


def test_a_geosim_run_answers_its_tables_and_map_snapshots(client):
    body = {"params": {"nx": 15, "ny": 15, "duration": 300}, "seed": 2, "tables": True, "frames": 4}
    r = client.post("/api/models/geosim/run", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert [m["t"] for m in out["maps"]] == [0, 267, 533, 800]  # evenly from 0 to the last period
    assert all(len(m["cells"]) == 225 for m in out["maps"])
    series = out["tables"]["series"]
    assert series["rows"] == 801 and not series["cut"] and len(series["columns"]["t"]) == 801
    assert out["summary"]["states_final"] == len(set(out["maps"][-1]["cells"]))
    again = client.post("/api/models/geosim/run", json=body).json()
    assert again["maps"] == out["maps"]  # one seed, one answer
    assert "frames" in bad(client, "/api/models/geosim/run", method="post", params=body["params"],
                           frames=101)  # fmt: skip
    assert "above this server's limit" in bad(client, "/api/models/geosim/run", method="post",
                                               params={"nx": 200, "ny": 200})  # fmt: skip
    assert {s["name"] for s in ok(client, "/api/scenarios")} == {
        "csto-2016",
        "nato-baltic-2016",
        "armenia-2024",
    }


def test_the_docs_page_loads_everything_from_this_server(client):
    html = client.get("/docs").text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/") for u in urls)
    for u in urls:
        assert client.get(u).status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/members", "/api/obligations", "/api/models/{name}/run", "/api/scenarios"} <= set(
        spec["paths"]
    )
