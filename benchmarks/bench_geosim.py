"""GeoSim speed, measured in one session: kernel vs reference, grid scaling, workers, start-up, a peer.

Run: .venv/bin/python benchmarks/bench_geosim.py [--quick] [--peer PATH/warBuilder.py]

Every figure is a median of repeated runs, and every ratio compares two things measured here, in
this process or session, on this machine. Nothing is asserted: timings belong in benchmarks, not
in unit tests. The optional peer is CleanestMink126/Power-Laws-and-Wars (code/warBuilder.py), a
Python GeoSim-like model; foedus does not ship it, so pass its path to include it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foedus.experiments.runner import run_experiment
from foedus.models.geosim.model import GeoSim, run_geosim
from foedus.models.geosim.params import GeoSimParams
from foedus.models.geosim.reference import run_reference
from foedus.reproductions.cederman_2003 import SETTINGS

MODEL = GeoSim()


def median_time(fn, repeats: int) -> float:
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        fn(k)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def base_run(repeats: int) -> None:
    p = GeoSimParams()
    t = median_time(lambda k: run_geosim(p, seed=k), repeats)
    print(
        f"one base run (50x50, 200 states, {p.periods:,} periods): median {t:.3f} s, "
        f"{p.periods / t:,.0f} periods/s"
    )


def kernel_vs_reference(periods: int, repeats: int) -> None:
    p = GeoSimParams(duration=periods - 500)
    kernel = median_time(lambda k: run_geosim(p, seed=k), repeats)
    ref = median_time(lambda k: run_reference(p, seed=k), max(1, repeats // 3))
    print(
        f"same {periods:,} periods, same seeds: kernel {kernel * 1e6 / periods:.1f} us/period, "
        f"reference {ref * 1e6 / periods:.0f} us/period; reference/kernel = {ref / kernel:.0f}x"
    )


def grid_scaling(sides: list[int], repeats: int) -> None:
    cost = {}
    for side in sides:
        p = GeoSimParams(nx=side, ny=side, initPolarity=max(1, round(200 * side * side / 2500)))
        reps = repeats if side <= 100 else max(1, repeats // 3)
        t = median_time(lambda k, p=p: run_geosim(p, seed=k), reps)
        cost[side] = t / (side * side * p.periods) * 1e9
        print(
            f"{side:>3}x{side:<3} ({p.initPolarity:>4} states): median {t:7.3f} s, "
            f"{cost[side]:5.1f} ns per cell per period"
        )
    if 50 in cost and max(sides) > 50:
        print(f"cost per cell per period, {max(sides)}^2 vs 50^2: {cost[max(sides)] / cost[50]:.2f}x")


def throughput(replications: int) -> None:
    settings = {name: MODEL.params(over) for name, over in SETTINGS.items()}
    n = replications * len(settings)
    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            run_experiment(
                "bench", MODEL, settings, replications, 5, Path(tmp) / "b.duckdb", workers, progress=False
            )
            rates[workers] = n / (time.perf_counter() - start)
        print(
            f"Table 1 design, {n} runs, {workers} worker(s): {rates[workers]:.2f} runs/s (start-up included)"
        )
    print(f"speed-up, 2 workers vs 1: {rates[2] / rates[1]:.2f}x")


def start_up(repeats: int) -> None:
    foedus = [sys.executable, "-m", "foedus", "run", "geosim", "--seed", "1"]
    subprocess.run(foedus, capture_output=True, check=True)  # warm the compiled cache
    whole = median_time(lambda k: subprocess.run(foedus, capture_output=True, check=True), repeats)
    bare = median_time(lambda k: subprocess.run([sys.executable, "-c", "pass"], check=True), repeats)
    run = median_time(lambda k: run_geosim(GeoSimParams(), seed=1), repeats)
    print(
        f"`foedus run geosim --seed 1` as a whole process: median {whole:.2f} s "
        f"(the run itself {run:.2f} s; a bare interpreter {bare:.2f} s)"
    )


def peer(path: str, steps: int) -> None:
    """The peer and foedus side by side: 100x100, 50 actors, time per period after set-up."""
    spec = importlib.util.spec_from_file_location("peer_warbuilder", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(Path(path).parent))
    spec.loader.exec_module(module)
    import numpy as np

    peer_times, ours = [], []
    seed = 0
    while len(peer_times) < 3 and seed < 20:
        np.random.seed(seed)
        seed += 1
        devnull = open(os.devnull, "w")  # the peer prints as it plays
        stdout, sys.stdout = sys.stdout, devnull
        done = 0
        try:
            war = module.War2D(100, 50)
            while war.initStage:
                war.step()
            start = time.perf_counter()
            for _ in range(steps):
                war.step()
                done += 1
        except Exception:  # the peer has bugs of its own on some seeds; time the steps it completed
            pass
        finally:
            elapsed = time.perf_counter() - start if done else 0.0
            sys.stdout = stdout
            devnull.close()
        if done >= 3:
            peer_times.append(elapsed / done)
    for k in range(3):
        p = GeoSimParams(nx=100, ny=100, initPolarity=50, initPeriod=0, duration=10_000)
        ours.append(median_time(lambda j, k=k, p=p: run_geosim(p, seed=k), 1) / p.periods)
    a, b = statistics.median(peer_times), statistics.median(ours)
    print(
        f"peer: {1 / a:.1f} periods/s; foedus: {1 / b:,.0f} periods/s at 100x100, 50 states; "
        f"foedus/peer = {a / b:,.0f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats and smaller designs")
    ap.add_argument("--peer", help="path to the peer's warBuilder.py (optional)")
    ap.add_argument("--only", help="comma-separated sections: base,reference,grid,workers,startup,peer")
    args = ap.parse_args()
    quick = args.quick
    only = (
        set(args.only.split(","))
        if args.only
        else {"base", "reference", "grid", "workers", "startup", "peer"}
    )
    run_geosim(GeoSimParams(nx=10, ny=10, initPolarity=5, duration=10), seed=0)  # compile outside timing
    if "base" in only:
        print("## Base run")
        base_run(3 if quick else 7)
    if "reference" in only:
        print("\n## Kernel vs the plain reference (same rules, same draws)")
        kernel_vs_reference(1000 if quick else 2500, 3 if quick else 3)
    if "grid" in only:
        print("\n## Cost by grid size (states scaled with area)")
        grid_scaling([25, 50, 100] if quick else [50, 100, 200], 3 if quick else 5)
    if "workers" in only:
        print("\n## Experiment throughput")
        throughput(2 if quick else 8)
    if "startup" in only:
        print("\n## Start-up")
        start_up(3 if quick else 7)
    if "peer" in only and args.peer:
        print("\n## A Python peer, side by side")
        peer(args.peer, 5 if quick else 20)


if __name__ == "__main__":
    main()
