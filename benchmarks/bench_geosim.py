"""GeoSim speed: kernel vs the plain reference, grid-size scaling, and experiment throughput.

Run: .venv/bin/python benchmarks/bench_geosim.py [--quick]
Reports medians of repeated runs and ratios measured in this same process; no absolute
thresholds are asserted (timings belong in benchmarks, not in unit tests).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from foedus.experiments.reproduce import SETTINGS
from foedus.experiments.runner import make_params, run_experiment
from foedus.models.geosim.model import run_geosim
from foedus.models.geosim.params import GeoSimParams
from foedus.models.geosim.reference import run_reference


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats, shorter reference run")
    args = ap.parse_args()
    repeats = 3 if args.quick else 5
    base = GeoSimParams()
    run_geosim(GeoSimParams(nx=10, ny=10, initPolarity=5, duration=10), seed=0)  # compile outside timing

    print("## One base run (50x50, 200 states, 10,500 periods)")
    kernel = median_time(lambda: run_geosim(base, seed=1), repeats)
    print(f"kernel:    median {kernel:.3f} s  ({base.periods / kernel:,.0f} periods/s)")
    ref_periods = 1000 if args.quick else base.periods
    short = base.model_copy(update={"duration": ref_periods - base.initPeriod})
    ref = median_time(lambda: run_reference(short, seed=1), 1 if args.quick else 3)
    kshort = median_time(lambda: run_geosim(short, seed=1), repeats)
    print(f"reference: median {ref:.3f} s for {ref_periods} periods ({ref_periods / ref:,.0f} periods/s)")
    ratio = ref / kshort
    print(f"kernel on the same {ref_periods} periods: {kshort:.3f} s; ratio reference/kernel = {ratio:.0f}x")
    print("(same parameters and seed: the reference and the kernel compute exactly the same run)")

    print("\n## Cost by grid size (states scaled with area, 10,500 periods)")
    for side in (25, 50, 75, 100):
        p = GeoSimParams(nx=side, ny=side, initPolarity=max(1, round(200 * side * side / 2500)))
        t = median_time(lambda p=p: run_geosim(p, seed=1), max(1, repeats - 2))
        print(
            f"{side:>3}x{side:<3} ({p.initPolarity:>3} states): median {t:.3f} s, "
            f"{t / (side * side) * 1e6:.1f} us per cell"
        )

    print(
        "\n## Experiment throughput, 1 vs 2 worker processes (24 base runs each, process start-up included)"
    )
    settings = {"base": make_params({})}
    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            run_experiment("bench", settings, 24, 5, Path(tmp) / "b.duckdb", workers=workers, progress=False)
            rates[workers] = 24 / (time.perf_counter() - start)
        print(f"{workers} worker(s): {rates[workers]:.2f} runs/s")
    print(f"speed-up 2 vs 1 workers: {rates[2] / rates[1]:.2f}x")
    n_runs = 15 * len(SETTINGS)
    print(
        f"\nprojected reproduction design ({n_runs} runs, grid75 counted as 2.25 base runs): "
        f"{(15 * 10 + 15 * 2.25) / rates[2] / 60:.1f} min with 2 workers"
    )


if __name__ == "__main__":
    main()
