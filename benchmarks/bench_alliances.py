"""The alliance layer's cost: GeoSim with alliances on against the plain run, same settings and seeds.

Run: .venv/bin/python benchmarks/bench_alliances.py [--repeats 15] [--periods 10500]

For each configuration the plain run and the alliance run are timed in turn on the same seeds
(interleaved, so drift in the machine's speed hits both), and the ratio of their medians is
printed. The first configuration's alliance never helps (p_honor 0), so its run is the plain
run bit for bit and the ratio is the layer's pure overhead; in the others the alliance changes
the history (other wars, other states survive), which changes the work too. The issue's goal:
at most 1.3x.
"""

from __future__ import annotations

import argparse
import statistics
import time

from foedus.models.geosim.model import GeoSim

MODEL = GeoSim()
BLOC = {"alliance_setup": "bloc", "alliance_size": 6, "aggressor": "largest"}
CONFIGURATIONS = {
    "bloc, p_honor 0 (the plain history)": {**BLOC, "p_honor": 0.0, "aggressor": "none"},
    "bloc + divide-and-conquer aggressor, p_honor 0.5": {**BLOC, "aggressor_strategy": "divide_and_conquer"},
    "... + wedges and exercises every 200 periods": {
        **BLOC, "aggressor_strategy": "divide_and_conquer", "wedge_every": 200, "exercise_every": 200,
    },
    "collective-security style, half the states": {
        "alliance_setup": "collective_security", "cs_share": 0.5, "member_strategy": "collective_security",
    },
    "Cederman & Gleditsch 2004: democracies, regime change, p_honor 0.5": {
        "propMobile": 0.9, "democracy_share": 0.1, "regime_change": True, "alliance_setup": "democracies",
    },
}  # fmt: skip


def timed(params, seed) -> float:
    start = time.perf_counter()
    MODEL.run(params, seed)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--periods", type=int, default=10_500)
    args = ap.parse_args()
    for name, over in CONFIGURATIONS.items():
        plain_over = {k: v for k, v in over.items() if k in ("propMobile",)}
        plain = MODEL.params(plain_over, args.periods)
        allied = MODEL.params(over, args.periods)
        timed(plain, 0), timed(allied, 0)  # compile outside the timing
        a, b = [], []
        for seed in range(1, args.repeats + 1):
            a.append(timed(plain, seed))
            b.append(timed(allied, seed))
        ta, tb = statistics.median(a), statistics.median(b)
        print(
            f"{name}: plain {ta * 1e3:.0f} ms, alliances {tb * 1e3:.0f} ms "
            f"(medians of {args.repeats}): {tb / ta:.2f}x"
        )


if __name__ == "__main__":
    main()
