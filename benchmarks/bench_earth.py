"""EARTH speed, measured in one session: state activations per second against a Python peer,
kernel against reference, cost by number of states, and a 1,000-replication scenario sweep.

Run: .venv/bin/python benchmarks/bench_earth.py [--quick] [--peer-python PY] [--peer DIR]

The peer is benhorvath/statesim (2020), whose turn is one state acting, as an EARTH iteration is;
it needs its own Python with numpy, scipy, pandas, networkx, matplotlib and pyyaml (pass it with
--peer-python) and is run as a subprocess that reports its own loop time. Runs alternate between
the peer and foedus; the ratio is of medians. Nothing is asserted: timings belong here, not in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foedus.models.earth import Earth
from foedus.models.earth.params import EarthParams
from foedus.models.earth.reference import run_reference

MODEL = Earth()
PEER = Path(__file__).resolve().parents[2] / "shared" / "peers" / "statesim"


def activations_per_s(p: EarthParams, seed: int) -> float:
    start = time.perf_counter()
    r = MODEL.run(p, seed=seed)
    seconds = time.perf_counter() - start
    return int(r.tables["ledger"]["iterations_run"][0]) / seconds


def against_peer(peer_python: str, peer: Path, rounds: int, turns: int) -> None:
    p = EarthParams(iterations=turns)
    MODEL.run(p, seed=0)  # compile (cached) outside the timing
    ours, theirs = [], []
    for k in range(rounds):
        out = subprocess.run(
            [peer_python, str(peer / "run_statesim.py"), str(turns), str(k + 1), "--no-versailles"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        theirs.append(json.loads(out.stdout)["turns_per_s"])
        ours.append(statistics.median(activations_per_s(p, 100 * k + r) for r in range(5)))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"98 states, {turns} turns, {rounds} alternating rounds: statesim median {b:,.1f} activations/s "
          f"(runs {', '.join(f'{x:.0f}' for x in theirs)}); foedus earth median {a:,.0f} activations/s; "
          f"ratio of medians {a / b:,.0f}x")  # fmt: skip


def kernel_vs_reference(repeats: int) -> None:
    p = EarthParams(iterations=1000)
    t_kernel = statistics.median(_timed(lambda k: MODEL.run(p, seed=k)) for k in range(repeats))
    t_ref = statistics.median(_timed(lambda k: run_reference(p, seed=k)) for k in range(max(1, repeats // 5)))
    print(f"98 states, 1,000 iterations: kernel {t_kernel * 1e3:.1f} ms, reference {t_ref:.2f} s; "
          f"reference/kernel = {t_ref / t_kernel:,.0f}x")  # fmt: skip


def _timed(fn) -> float:
    start = time.perf_counter()
    fn(0)
    return time.perf_counter() - start


def scaling(repeats: int) -> None:
    # hexagonal tori (even rows) of about 50, 100, 200 and 400 states
    print("states  activations/s (median)  us per activation")
    for rows, cols in ((10, 5), (10, 10), (20, 10), (20, 20)):
        p = EarthParams(rows=rows, cols=cols, iterations=2000)
        rate = statistics.median(activations_per_s(p, k) for k in range(repeats))
        print(f"{rows * cols:>6}  {rate:>22,.0f}  {1e6 / rate:>17.1f}")


def scenario_sweep(replications: int) -> None:
    from foedus.experiments.runner import run_experiment
    from foedus.scenarios.catalogue import get_scenario

    scenario = get_scenario("csto-2016")
    settings = scenario.settings(scenario.worlds(quick=False))
    per = max(1, -(-replications // len(settings)))  # at least `replications` in all
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_experiment("bench", MODEL, settings, per, 1, Path(tmp) / "s.duckdb", 2, None, False)
        seconds = time.perf_counter() - start
    print(f"scenario csto-2016: {per * len(settings):,} replications ({len(settings)} settings) on 2 "
          f"workers in {seconds:.1f} s")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--peer-python", default=None, help="a Python with the peer's dependencies")
    ap.add_argument("--peer", type=Path, default=PEER)
    args = ap.parse_args()
    repeats = 3 if args.quick else 9
    kernel_vs_reference(repeats)
    scaling(repeats)
    if args.peer_python and (args.peer / "run_statesim.py").exists():
        against_peer(args.peer_python, args.peer, 3 if args.quick else 5, 1000)
    else:
        print("peer skipped: pass --peer-python (a Python with statesim's dependencies)", file=sys.stderr)
    scenario_sweep(100 if args.quick else 1000)


if __name__ == "__main__":
    main()
