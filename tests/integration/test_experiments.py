"""Experiments: identical results on 1, N processes and Dask; resume after a kill; store errors."""

import signal
import subprocess
import sys
import time

import duckdb
import pytest

from foedus.experiments.runner import grid, make_params, parse_overrides, run_experiment
from foedus.experiments.store import ResultsStore, StoreError

SMALL = {"nx": 20, "ny": 20, "initPolarity": 40, "initPeriod": 50, "duration": 400}


def settings():
    return {
        name: make_params({**SMALL, **over}) for name, over in grid({}, {"propMobile": [0.5, 0.9]}).items()
    }


def fits(path, name="e"):
    with ResultsStore(path) as st:
        return repr(st.fits(name))  # repr: NaN fits (too few wars) compare equal


def test_one_worker_many_workers_and_dask_agree(tmp_path):
    run_experiment("e", settings(), 3, 7, tmp_path / "one.duckdb", workers=1, progress=False)
    run_experiment("e", settings(), 3, 7, tmp_path / "two.duckdb", workers=2, progress=False)
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_experiment(
            "e",
            settings(),
            3,
            7,
            tmp_path / "dask.duckdb",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    one = fits(tmp_path / "one.duckdb")
    assert one.count("'propMobile=") == 6
    assert one == fits(tmp_path / "two.duckdb") == fits(tmp_path / "dask.duckdb")


def test_resume_skips_finished_and_refuses_changed_parameters(tmp_path):
    path = tmp_path / "r.duckdb"
    first = run_experiment("e", settings(), 2, 1, path, progress=False)
    again = run_experiment("e", settings(), 3, 1, path, progress=False)
    assert (first["ran"], again["skipped"], again["ran"]) == (4, 4, 2)
    changed = {k: make_params({**SMALL, "pAttack": 0.02}) for k in settings()}
    with pytest.raises(StoreError, match="different seed or parameters"):
        run_experiment("e", changed, 3, 1, path, progress=False)
    with pytest.raises(StoreError, match="different seed"):
        run_experiment("e", settings(), 3, 2, path, progress=False)


def test_killed_experiment_resumes_without_loss_or_duplication(tmp_path):
    store = tmp_path / "k.duckdb"
    cmd = [
        sys.executable,
        "-m",
        "foedus",
        "experiment",
        "geosim",
        "--name",
        "k",
        "--replications",
        "30",
        "--workers",
        "1",
        "--seed",
        "3",
        "--store",
        str(store),
        "--periods",
        "3000",
        "--set",
        "nx=20",
        "--set",
        "ny=20",
        "--set",
        "initPolarity=40",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = store.with_name(store.name + ".wal")
    deadline = time.time() + 120
    while time.time() < deadline and not (wal.exists() and wal.stat().st_size > 20_000):
        time.sleep(0.05)  # wait until some replications are committed
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "already stored" in resumed.stdout
    skipped = int(resumed.stdout.split("replications run, ")[1].split(" already")[0])
    assert 0 < skipped < 30
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT run_id) FROM runs").fetchone() == (30, 30)
    assert con.execute("SELECT count(DISTINCT run_id) FROM series").fetchone()[0] == 30
    assert con.execute("SELECT count(*) FROM series").fetchone()[0] == 30 * 3001
    con.close()


def test_corrupt_and_foreign_files_are_refused(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a readable"):
        ResultsStore(bad)
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a foedus results store"):
        ResultsStore(foreign)
    with pytest.raises(StoreError, match="no such results file"):
        ResultsStore(tmp_path / "missing.duckdb", create=False)


def test_overrides_and_periods_are_checked():
    assert parse_overrides(["supThresh=2.5", "switch_victory=attacker_only"]) == {
        "supThresh": 2.5,
        "switch_victory": "attacker_only",
    }
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_overrides(["supThresh"])
    with pytest.raises(ValueError, match="--periods"):
        make_params({}, periods=400)
    assert make_params({}, periods=3000).duration == 2500
