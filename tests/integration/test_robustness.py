"""Fault injection: experiments stop cleanly, nothing outlives them, stores cannot be confused.

Each test drives the real command line in a subprocess and checks the promise in its name:
Ctrl-C stops within 2 s with exit 130 and no traceback; SIGTERM or kill -9 of the experiment
leaves no worker process behind; a killed worker is reported and the rerun completes; a failed
commit stops at once keeping what was committed; an unreachable scheduler, a corrupt or foreign
store and bad paths each end in one clear line.
"""

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from foedus.experiments.store import StoreReader

SMALL = ["--set", "nx=20", "--set", "ny=20", "--set", "initPolarity=40", "--periods", "3000"]


def foedus(*args: str) -> list[str]:
    return [sys.executable, "-m", "foedus", *args]


def experiment(store: Path, name: str = "x", replications: int = 400, workers: int = 1) -> list[str]:
    return foedus(
        "experiment", "geosim", "--name", name, "--replications", str(replications),
        "--workers", str(workers), "--seed", "5", "--store", str(store), *SMALL,
    )  # fmt: skip


def stored_runs(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with StoreReader(store) as st:
            return sum(e["runs"] for e in st.experiments())
    except Exception:  # not yet a store, or busy
        return 0


def start(cmd: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **kw
    )


def wait_for_runs(proc: subprocess.Popen, store: Path, at_least: int = 5, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while stored_runs(store) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.time() < deadline, "the experiment stored nothing in time"
        time.sleep(0.1)


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def all_gone(procs: list[psutil.Process], timeout: float = 5.0) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    return alive


def check_store(store: Path, name: str = "x") -> int:
    """Every stored run has its summary and all its tables; returns how many runs there are."""
    con = duckdb.connect(str(store), read_only=True)
    tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "runs" not in tables:  # killed before its first commit finished: nothing was committed
        con.close()
        return 0
    runs = con.execute(
        "SELECT count(*), count(DISTINCT run_id) FROM runs WHERE experiment = ?", [name]
    ).fetchone()
    assert runs[0] == runs[1]
    for table in ("summaries", "geosim__series", "geosim__wars", "geosim__territory"):
        ids = con.execute(f"SELECT count(DISTINCT run_id) FROM {table}").fetchone()[0]
        assert ids == runs[0], table
    series = con.execute("SELECT count(*) FROM geosim__series").fetchone()[0]
    con.close()
    assert series == runs[0] * 3001
    return runs[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ctrl_c_stops_within_2_s_with_exit_130_and_the_same_command_resumes(tmp_path):
    store = tmp_path / "s.duckdb"
    cmd = experiment(store, replications=300, workers=2)
    proc = start(cmd)
    wait_for_runs(proc, store)
    workers = descendants(proc.pid)
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
    out, err = proc.communicate(timeout=10)
    elapsed = time.monotonic() - t0
    assert proc.returncode == 130 and elapsed < 2.0, (elapsed, err)
    assert "Traceback" not in err and "rerun the same command to resume" in err
    assert all_gone(workers) == []
    kept = check_store(store)
    assert 0 < kept < 300
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{300 - kept} replications run, {kept} already stored" in resumed.stdout
    assert check_store(store) == 300


def test_kill_9_at_random_moments_loses_no_committed_run_and_duplicates_none(tmp_path):
    """Four kill -9s at moments drawn from a fixed generator (some land during a commit)."""
    import random

    store = tmp_path / "k.duckdb"
    cmd = experiment(store, replications=160, workers=2)
    delays = random.Random(7).sample([x / 10 for x in range(20, 45)], 4)
    kept = 0
    for delay in delays:
        proc = start(cmd)
        time.sleep(delay)
        children = descendants(proc.pid)
        proc.kill()
        proc.wait()
        assert all_gone(children) == []
        if store.exists():
            now = check_store(store)  # whole runs only, no duplicates
            assert now >= kept
            kept = now
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert check_store(store) == 160


def test_sigterm_or_kill_of_the_experiment_leaves_no_process_behind(tmp_path):
    store = tmp_path / "t.duckdb"
    proc = start(experiment(store, workers=2))
    wait_for_runs(proc, store)
    children = descendants(proc.pid)
    assert len(children) >= 2  # the workers (and the resource tracker)
    proc.send_signal(signal.SIGTERM)  # to the experiment's process alone
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 143 and "Traceback" not in err
    assert all_gone(children) == []

    proc = start(experiment(store, workers=2))
    wait_for_runs(proc, store, at_least=stored_runs(store) + 3)
    children = descendants(proc.pid)
    proc.kill()  # kill -9: no chance to clean up
    proc.wait()
    assert all_gone(children) == []  # the workers notice their parent is gone
    check_store(store)


def test_a_killed_worker_is_reported_by_run_id_and_the_rerun_completes_it(tmp_path):
    store = tmp_path / "w.duckdb"
    cmd = experiment(store, replications=120, workers=2)
    proc = start(cmd)
    wait_for_runs(proc, store, at_least=3)
    victim = next(p for p in descendants(proc.pid) if "resource_tracker" not in " ".join(p.cmdline()))
    victim.kill()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "Traceback" not in err
    assert "did not finish: x/base/" in err and "rerun the same command" in err
    assert check_store(store) < 120
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0 and check_store(store) == 120


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_failed_commit_stops_at_once_keeping_what_was_committed(tmp_path):
    """The disk fills up (a file-size limit stands in for it): the experiment stops on the first
    failed commit with one clear line, and the committed replications are intact."""
    store = tmp_path / "full.duckdb"
    proc = subprocess.run(
        experiment(store, replications=400), capture_output=True, text=True, timeout=120,
        preexec_fn=_limit_file_size(3_000_000),
    )  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "could not write" in proc.stderr and "Stopped at once" in proc.stderr
    kept = check_store(store)
    assert 0 < kept < 400


def test_an_unreachable_scheduler_is_a_clean_error_within_10_s(tmp_path):
    t0 = time.monotonic()
    proc = subprocess.run(
        foedus("experiment", "geosim", "--name", "d", "--replications", "1", "--scheduler", "tcp://127.0.0.1:9",
               "--store", str(tmp_path / "d.duckdb"), *SMALL),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1 and time.monotonic() - t0 < 10
    assert "--scheduler tcp://127.0.0.1:9: no Dask scheduler answered" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("good") / "g.duckdb"
    subprocess.run(experiment(store, replications=6), check=True, capture_output=True, timeout=120)
    return store


def test_read_commands_never_write_and_work_while_an_experiment_writes(good_store, tmp_path):
    before = digest(good_store)
    for args in (["results", "list"], ["results", "show", "x"], ["results", "show", "x", "--runs"]):
        proc = subprocess.run(foedus(*args, "--store", str(good_store)), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert digest(good_store) == before
    store = tmp_path / "busy.duckdb"
    proc = start(experiment(store, replications=250))
    wait_for_runs(proc, store)
    seen = []
    while proc.poll() is None and len(seen) < 4:
        listed = subprocess.run(
            foedus("results", "list", "--store", str(store), "--json"), capture_output=True, text=True
        )
        assert listed.returncode == 0, listed.stderr
        seen.append(json.loads(listed.stdout)[0]["runs"])
    proc.kill()
    proc.wait()
    assert len(seen) >= 2 and seen == sorted(seen)


@pytest.mark.parametrize("where", ["catalog", "data"])
def test_a_corrupt_store_is_refused_before_anything_is_written(good_store, tmp_path, where):
    bad = tmp_path / "corrupt.duckdb"
    shutil.copy(good_store, bad)
    data = bytearray(bad.read_bytes())
    # the first block after the headers holds the catalog; 65% into the file lies table data
    start = 12_288 if where == "catalog" else int(len(data) * 0.65)
    for k in range(start, min(start + 256 * 1024, len(data))):
        data[k] ^= 0x5A
    bad.write_bytes(bytes(data))
    before = digest(bad)
    for cmd in (foedus("results", "verify", "--store", str(bad)), experiment(bad, replications=8)):
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert f"{bad}: damaged" in proc.stderr
    shown = subprocess.run(
        foedus("results", "show", "x", "--store", str(bad)), capture_output=True, text=True
    )
    assert shown.returncode in (0, 1) and "Traceback" not in shown.stderr  # only damaged blocks it reads fail
    export = tmp_path / "export"
    proc = subprocess.run(
        foedus("results", "export", "x", "--store", str(bad), "--out", str(export)),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert not export.exists() or list(export.iterdir()) == []  # nothing half-written
    assert digest(bad) == before


@pytest.mark.parametrize(
    "ddl",
    [
        ["CREATE TABLE meta (id INTEGER, payload VARCHAR)"],
        ["CREATE TABLE customers (id INTEGER)", "CREATE TABLE meta (key VARCHAR, value VARCHAR)"],
        [
            "CREATE TABLE foedus_meta (key VARCHAR, value VARCHAR)",
            "INSERT INTO foedus_meta VALUES ('schema', '2')",
        ],
    ],
)
def test_a_foreign_duckdb_file_is_refused_and_left_untouched(tmp_path, ddl):
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    for sql in ddl:
        con.execute(sql)
    con.close()
    before = digest(foreign)
    for cmd in (foedus("results", "list", "--store", str(foreign)), experiment(foreign, replications=2)):
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and "not a foedus results store" in proc.stderr, proc.stderr
    assert digest(foreign) == before


def test_bad_paths_get_one_line_naming_them(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = [
        (experiment(afile / "s.duckdb", replications=1), str(afile)),
        (experiment(Path("/proc/foedus/s.duckdb"), replications=1), "/proc/foedus"),
        (foedus("timeline", "NATO", "--out", "/proc/t.png"), "/proc"),
        (foedus("timeline", "NATO", "--out", str(tmp_path)), str(tmp_path)),
        (foedus("report", "--out", str(afile)), str(afile)),
        (
            foedus("results", "export", "x", "--out", str(afile), "--store", str(tmp_path / "none.duckdb")),
            "none.duckdb",
        ),
        (foedus("run", "geosim", "--periods", "600", "--map", str(afile / "m.png")), str(afile)),
        (foedus("run", "geosim", "--periods", "600", "--map", str(tmp_path / "m.txt")), ".png"),
    ]
    for cmd, needle in cases:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, (cmd, proc.stderr)
        assert needle in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    made = tmp_path / "new" / "deeper" / "m.png"
    proc = subprocess.run(
        foedus("run", "geosim", "--periods", "600", "--map", str(made)), capture_output=True, text=True
    )
    assert proc.returncode == 0 and made.exists()


def test_unknown_experiment_export_is_an_error_and_writes_nothing(good_store, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        foedus("results", "export", "NOSUCH", "--out", str(out), "--store", str(good_store)),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "no experiment 'NOSUCH'" in proc.stderr
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize(
    "args,needle",
    [
        (["run", "geosim", "--set", "supThresh=Infinity"], "supThresh"),
        (["run", "geosim", "--set", "distSlope=1e400"], "distSlope"),
        (["run", "geosim", "--set", "warShadow=9223372036854775808"], "warShadow"),
        (["run", "geosim", "--periods", "2000000000"], "duration"),
        (["experiment", "geosim", "--name", "n", "--replications", "100000000"], "--replications"),
    ],
)
def test_parameters_are_finite_and_bounded_and_refused_at_once(args, needle, tmp_path):
    t0 = time.monotonic()
    store = ["--store", str(tmp_path / "n.duckdb")] if "experiment" in args else []
    proc = subprocess.run(foedus(*args, *store), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and needle in proc.stderr and "Traceback" not in proc.stderr
    assert time.monotonic() - t0 < 10
    assert not (tmp_path / "n.duckdb").exists()


def test_json_output_is_strict_with_null_for_undefined_values():
    proc = subprocess.run(
        foedus("run", "geosim", "--periods", "520", "--json"), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr

    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    data = json.loads(proc.stdout, parse_constant=refuse)
    assert data["summary"]["slope"] is None and data["summary"]["wars"] == 0
