"""The JSON API: every route answers as the library does, and bad input is a clear 4xx message."""

import re

import pytest
from fastapi.testclient import TestClient

from foedus.kb.base import bundled
from foedus.kb.queries import members
from foedus.web.api import Settings, create_app
from tests.conftest import day


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings(max_run_size=200_000)))


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
