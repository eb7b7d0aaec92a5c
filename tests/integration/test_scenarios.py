"""Worlds from the knowledge base: capability data, borders, duties, runs and the CLI."""

import datetime as dt
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from foedus.cli import app
from foedus.errors import InputError
from foedus.experiments.store import StoreReader
from foedus.kb.base import bundled
from foedus.models.earth.world import load_world, world_text
from foedus.scenarios import capabilities
from foedus.scenarios.build import EXTERNAL, build_world, with_aggressor
from foedus.scenarios.catalogue import SCENARIOS, get_scenario
from foedus.scenarios.run import CONDITIONS, run_world, settings_for
from tests.helpers import check_golden

DAY = dt.date(2016, 9, 1)


@pytest.fixture(scope="module")
def csto():
    return build_world(bundled(), "CSTO", DAY, name="csto-2016")


def test_the_bundled_capability_file_is_verified_by_its_checksum():
    capabilities.cinc_table.cache_clear()
    assert capabilities.cinc(365, 2016) == pytest.approx(0.036472768)  # read through the check
    raw = b"stateabb,ccode,year\nUSA,2,1816\n"
    with pytest.raises(capabilities.ChecksumError, match="differs from the published"):
        capabilities.verified_bytes(raw)


def test_capabilities_after_2016_or_before_a_state_existed_are_errors():
    with pytest.raises(InputError, match="ends in 2016.*--capability-year 2016"):
        capabilities.cinc(371, 2024, "ARM")
    with pytest.raises(InputError, match="no CINC"):
        capabilities.cinc(371, 1950, "ARM")


def test_the_csto_world_of_2016_matches_its_golden_file(csto):
    check_golden("world_csto_2016.yaml", world_text(csto))


def test_the_csto_world_separates_standing_from_duty(csto):
    focal = csto.alliances[0]
    assert focal.treaty == "CST" and set(focal.observers) == {"AFG", "SRB"}
    by = {m.state: m for m in focal.members}
    assert {k for k, m in by.items() if m.duty == "must"} == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert all(by[k].on_request for k in ("ARM", "RUS"))  # Art. 4 as amended: at the victim's request
    assert by["UZB"].status == "suspended" and by["UZB"].duty == "none"
    assert by["AZE"].status == "withdrawn" and by["AZE"].duty == "none"
    # land borders from GeoNames, both ways once
    pairs = {frozenset(b) for b in csto.borders}
    assert frozenset(("ARM", "AZE")) in pairs and frozenset(("ARM", "RUS")) not in pairs
    assert len(pairs) == len(csto.borders)


def test_an_external_aggressor_borders_only_its_front(csto):
    w = with_aggressor(csto, "external:0.5", ["ARM", "TJK"])
    assert w.aggressor == EXTERNAL
    assert sorted(b[1] for b in w.borders if b[0] == EXTERNAL) == ["ARM", "TJK"]
    members = {m.state for m in w.alliances[0].members if m.status == "member"}
    combined = sum(s.capability for s in w.states if s.code in members)
    assert w.states[-1].capability == pytest.approx(0.5 * combined)
    again = with_aggressor(w, "RUS")  # replacing the aggressor removes the external one
    assert EXTERNAL not in [s.code for s in again.states] and again.aggressor == "RUS"


def test_dates_the_data_cannot_describe_are_refused():
    kb = bundled()
    with pytest.raises(InputError, match="historical border list"):
        build_world(kb, "CSTO", dt.date(2005, 1, 1))
    with pytest.raises(InputError, match="ends in 2016"):
        build_world(kb, "CSTO", dt.date(2024, 6, 1))
    w = build_world(kb, "CSTO", dt.date(2024, 6, 1), neighbours_of=["ARM"], capability_year=2016)
    assert any(s.startswith("ASSUMPTION: capabilities of 2016") for s in w.sources)
    arm = next(m for m in w.alliances[0].members if m.state == "ARM")
    assert arm.status == "member" and arm.participation == "frozen"


def test_observers_never_fight_and_nobody_is_helped_when_alone(csto, tmp_path):
    world = with_aggressor(csto, "external:0.5", ["ARM", "KAZ", "KGZ", "TJK"])
    over = {"iterations": 15}
    settings = settings_for(world, {k: CONDITIONS[k] for k in ("alone", "collective")}, over)
    store, rows = run_world("t", settings, 6, 3, tmp_path, workers=1, progress=False)
    with StoreReader(store) as st:
        runs = {r["run_id"]: r["setting"] for r in st.runs("t")}
        table = st.model_table("t", "earth", "states")
    setting = np.array([runs[r] for r in table["run_id"]])
    codes = [s.code for s in world.states]
    observers = np.isin(table["state"], [codes.index("AFG"), codes.index("SRB")])
    assert table["treaty_joined"][observers].sum() == 0
    assert table["helped"][setting == "alone"].sum() == 0
    assert table["treaty_joined"][setting == "collective"].sum() > 0
    assert {r.setting for r in rows} == {"alone", "collective"} and all(0 <= r.share <= 1 for r in rows)


def test_every_catalogue_scenario_builds_its_worlds():
    for name in SCENARIOS:
        worlds = get_scenario(name).worlds(quick=True)
        assert worlds and all(w.aggressor for w in worlds.values())
    with pytest.raises(InputError, match="unknown scenario"):
        get_scenario("csto-2061")


def test_the_cli_builds_and_runs_a_world_and_reports_bad_files(tmp_path):
    runner = CliRunner()
    world = tmp_path / "w.yaml"
    build = ["scenario", "build", "--treaty", "CSTO", "--on", "2016-09-01", "--out", str(world)]
    r = runner.invoke(app, [*build, "--aggressor", "external:0.5", "--front", "ARM,TJK"])
    assert r.exit_code == 0, r.output
    assert load_world(world).aggressor == EXTERNAL
    out = tmp_path / "run"
    r = runner.invoke(app, ["scenario", "run", str(world), "--replications", "3", "--workers", "1",
                            "--set", "iterations=5", "--out", str(out), "--json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {row["setting"] for row in data["survival"]} == set(CONDITIONS)
    assert (out / "report.md").exists() and (out / "survival.png").exists() and (out / "world.png").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text(world.read_text().replace("capability: 0.00060002581", "capability: -1"))
    r = runner.invoke(app, ["scenario", "run", str(bad), "--replications", "1"])
    assert r.exit_code == 1 and "states.0.capability" in r.output and "line" in r.output
    r = runner.invoke(app, ["scenario", "run", str(world), "--aggressor", "XYZ"])
    assert r.exit_code == 1
