"""Calibrate the contextual regime-change rule against Cederman & Gleditsch (2004), pp. 612-613.

Runs the regime-change configuration over a grid of (base rate, midpoint, slope), 60
replications per point with a seed of its own, and ranks the points by their distance to the
published regime-change row (the base row is run as a check). The best point became the
defaults of GeoSimParams.rc_*. Resumable: rerun the same command after an interruption.

    .venv/bin/python scripts/calibrate_cederman_gleditsch_2004.py --out calibration-cg2004
"""

from __future__ import annotations

import argparse
from pathlib import Path

from foedus.reproductions.cederman_gleditsch_2004 import LOSS_SCALE, calibrate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("calibration-cg2004"))
    ap.add_argument("--replications", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    rows = calibrate(args.out, replications=args.replications, workers=args.workers)
    keys = ["setting", "dem_share_mean", *LOSS_SCALE, "loss"]
    keys = list(dict.fromkeys(keys))
    print(" | ".join(keys))
    for r in rows[:12]:
        print(" | ".join(f"{r[k]:.3f}" if isinstance(r[k], float) else str(r[k]) for k in keys))
    print(f"... {len(rows)} rows in {args.out / 'calibration.csv'}")


if __name__ == "__main__":
    main()
