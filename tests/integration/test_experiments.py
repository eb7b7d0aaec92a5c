"""Experiments: identical results on 1 or N processes and Dask; resume; versions; any model."""

import json

import duckdb
import numpy as np
import pytest
from typer.testing import CliRunner

from foedus.cli import app
from foedus.errors import ParameterError
from foedus.experiments.plan import grid, make_plan, parse_axes, parse_overrides
from foedus.experiments.runner import run_experiment
from foedus.experiments.store import StoreError, StoreReader
from foedus.models.geosim.model import GeoSim
from tests.toy_model import Coin

SMALL = {"nx": 20, "ny": 20, "initPolarity": 40, "initPeriod": 50, "duration": 400}
MODEL = GeoSim()
cli = CliRunner()


# every part of the alliance layer that draws random numbers, on the same small world
ALLIED = {
    **SMALL, "alliance_setup": "bloc", "aggressor": "largest", "wedge_every": 50, "exercise_every": 40,
    "switch_wedge_target": "random", "democracy_share": 0.3, "regime_change": True, "rc_base": 0.01,
}  # fmt: skip


def settings(model=MODEL, base=SMALL):
    return {name: model.params(over) for name, over in grid(base, {"propMobile": [0.5, 0.9]}).items()}


def settings_with_alliances():
    return {**settings(), "allied": MODEL.params(ALLIED)}


def stored(path, name="e"):
    """Everything an experiment stored, in a form that compares exactly."""
    with StoreReader(path) as st:
        runs = [(r["run_id"], r["seed"], r["params"]) for r in st.runs(name)]
        sums = st.summaries(name)
        wars = st.model_table(name, "geosim", "wars")
        series = st.model_table(name, "geosim", "series")
        cohort = st.model_table(name, "geosim", "cohort")
    return (
        {k: v.tolist() for k, v in cohort.items()},
        runs,
        repr(sums),
        {k: v.tolist() for k, v in wars.items()},
        {k: v.tolist() for k, v in series.items()},
    )


def test_one_worker_many_workers_and_dask_agree(tmp_path):
    for name, workers in (("one", 1), ("two", 2)):
        path = tmp_path / f"{name}.duckdb"
        run_experiment("e", MODEL, settings_with_alliances(), 3, 7, path, workers=workers, progress=False)
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_experiment(
            "e",
            MODEL,
            settings_with_alliances(),
            3,
            7,
            tmp_path / "dask.duckdb",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    one = stored(tmp_path / "one.duckdb")
    assert len(one[1]) == 9 and len(one[3]["run_id"]) > 0 and len(one[0]["run_id"]) > 0
    assert one == stored(tmp_path / "two.duckdb") == stored(tmp_path / "dask.duckdb")


def test_resume_skips_finished_and_refuses_changed_inputs(tmp_path):
    path = tmp_path / "r.duckdb"
    first = run_experiment("e", MODEL, settings(), 2, 1, path, progress=False)
    again = run_experiment("e", MODEL, settings(), 3, 1, path, progress=False)
    assert (first.ran, again.skipped, again.ran) == (4, 4, 2)
    changed = {k: MODEL.params({**SMALL, "pAttack": 0.02}) for k in settings()}
    with pytest.raises(StoreError, match="different parameters"):
        run_experiment("e", MODEL, changed, 3, 1, path, progress=False)
    with pytest.raises(StoreError, match="seed"):
        run_experiment("e", MODEL, settings(), 3, 2, path, progress=False)
    with StoreReader(path) as st:
        assert len(st.runs("e")) == 6 and st.experiment("e")["replications"] == 3


def test_resume_refuses_a_store_written_by_other_model_code_or_libraries(tmp_path):
    path = tmp_path / "v.duckdb"
    run_experiment("e", MODEL, settings(), 1, 1, path, progress=False)
    con = duckdb.connect(str(path))
    con.execute("UPDATE experiments SET model_version = '2+000000000000'")
    con.close()
    with pytest.raises(StoreError, match="version 2\\+000000000000 stored.*the model's code changed"):
        run_experiment("e", MODEL, settings(), 2, 1, path, progress=False)
    con = duckdb.connect(str(path))
    con.execute(
        f"UPDATE experiments SET model_version = '{MODEL.version}', versions = '{{\"numba\": \"0.1\"}}'"
    )
    con.close()
    with pytest.raises(StoreError, match="numba 0.1 stored"):
        run_experiment("e", MODEL, settings(), 2, 1, path, progress=False)


def test_stored_seeds_are_64_bit_and_rerun_a_replication_alone(tmp_path):
    path = tmp_path / "s.duckdb"
    run_experiment("e", MODEL, {"base": MODEL.params(SMALL)}, 2, 99, path, progress=False)
    with StoreReader(path) as st:
        run = st.runs("e")[1]
        stored_summary = st.summaries("e")[run["run_id"]]
    assert run["seed"] >= 0 and isinstance(run["seed"], int)
    again = MODEL.run(MODEL.Params(**run["params"]), seed=run["seed"]).summary()
    assert {k: (None if v is None else float(v)) for k, v in again.items()} == stored_summary


def test_a_toy_model_runs_through_experiment_store_and_results_commands(tmp_path):
    path = tmp_path / "coin.duckdb"
    coin = Coin()
    grid_settings = {n: coin.params(o) for n, o in grid({}, {"p": [0.2, 0.8]}).items()}
    report = run_experiment("flips", coin, grid_settings, 20, 5, path, workers=2, progress=False)
    assert report.ran == 40
    shown = cli.invoke(app, ["results", "show", "flips", "--store", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    share = {r["p"]: r for r in rows if r["measure"] == "share"}
    assert set(share) == {0.2, 0.8} and share[0.2]["n"] == 20
    assert share[0.2]["mean"] < 0.3 < 0.7 < share[0.8]["mean"]  # 2,000 flips per setting: far from 0.5
    with StoreReader(path) as st:
        flips = st.model_table("flips", "coin", "flips")
    assert len(flips["heads"]) == 40 * 100
    out = tmp_path / "export"
    exported = cli.invoke(
        app, ["results", "export", "flips", "--store", str(path), "--out", str(out), "--format", "csv"]
    )
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in out.iterdir()) == ["coin__flips.csv", "runs.csv", "summaries.csv"]
    assert (out / "coin__flips.csv").read_text().count("\n") == 4001
    listed = json.loads(cli.invoke(app, ["results", "list", "--store", str(path), "--json"]).stdout)
    assert listed == [
        {
            "experiment": "flips",
            "model": "coin",
            "model_version": coin.version,
            "replications": 20,
            "settings": 2,
            "runs": 40,
            "last_finished": listed[0]["last_finished"],
            "planned": 40,
        }
    ]


def test_per_setting_summary_has_each_varied_parameter_and_true_statistics(tmp_path):
    path = tmp_path / "g.duckdb"
    run_experiment("e", MODEL, settings(), 3, 4, path, progress=False)
    rows = json.loads(cli.invoke(app, ["results", "show", "e", "--store", str(path), "--json"]).stdout)
    finals = [r for r in rows if r["measure"] == "states_final"]
    assert {r["propMobile"] for r in finals} == {0.5, 0.9} and all("setting" in r for r in finals)
    with StoreReader(path) as st:
        values = [
            st.summaries("e")[r["run_id"]]["states_final"]
            for r in st.runs("e")
            if r["setting"].endswith("0.5")
        ]
    row = next(r for r in finals if r["propMobile"] == 0.5)
    assert (row["n"], row["min"], row["max"]) == (3, min(values), max(values))
    assert row["mean"] == pytest.approx(np.mean(values)) and row["median"] == pytest.approx(np.median(values))
    csv_text = cli.invoke(app, ["results", "show", "e", "--store", str(path), "--format", "csv"]).stdout
    assert csv_text.splitlines()[0] == "setting,propMobile,measure,n,mean,median,min,max,undefined"


def test_plans_and_overrides_are_checked():
    assert parse_overrides(["supThresh=2.5", "switch_victory=attacker_only"]) == {
        "supThresh": 2.5,
        "switch_victory": "attacker_only",
    }
    assert parse_axes(["propMobile=0.5,0.9"]) == {"propMobile": [0.5, 0.9]}
    with pytest.raises(ParameterError, match="NAME=VALUE"):
        parse_overrides(["supThresh"])
    with pytest.raises(ParameterError, match="--periods"):
        MODEL.params({}, periods=400)
    assert MODEL.params({}, periods=3000).duration == 2500
    with pytest.raises(ParameterError, match="--replications"):
        make_plan("x", MODEL, {"base": MODEL.params()}, 100_000_000, 1)
    with pytest.raises(ParameterError, match="name"):
        make_plan("a/b", MODEL, {"base": MODEL.params()}, 1, 1)


def test_the_toy_model_plugs_into_the_command_line_through_foedus_plugins(tmp_path):
    """No change to foedus: the toy model is named in FOEDUS_PLUGINS and found by discovery."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parents[2]
    env = {**os.environ, "FOEDUS_PLUGINS": "tests.toy_model"}
    store = str(tmp_path / "cli.duckdb")

    def foedus(*args):
        return subprocess.run(
            [sys.executable, "-m", "foedus", *args], capture_output=True, text=True, cwd=root, env=env
        )

    assert "coin" in foedus("models").stdout
    ran = foedus("experiment", "coin", "--name", "c", "--vary", "p=0.1,0.9", "--replications", "5",
                 "--workers", "2", "--store", store)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "10 replications run" in ran.stdout
    shown = json.loads(foedus("results", "show", "c", "--store", store, "--json").stdout)
    assert {r["p"] for r in shown} == {0.1, 0.9}
    single = json.loads(foedus("run", "coin", "--set", "flips=50", "--seed", "3", "--json").stdout)
    assert 0 <= single["summary"]["share"] <= 1 and single["params"]["flips"] == 50
