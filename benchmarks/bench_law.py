"""The law engine on synthetic knowledge bases of many treaties: one victim's obligations, a whole
world's obligation matrix, and a law command as a whole process.

Run: .venv/bin/python benchmarks/bench_law.py [--sizes 100 300 1000] [--repeats 25] [--seed 8]

Each synthetic treaty has 2 to 12 parties drawn from 200 states, a defence provision (some with an
area or an on-request condition), a consultation provision, and dates from 1950 on; a quarter have
ended. Queries use an aggressor, so the conflict flags (ties to the aggressor) are computed too.
Targets (issue 8): one victim <= 20 ms with 1,000 treaties; a 200 x 200 matrix <= 10 s on one core;
`foedus members CSTO --on 2016-09-01 --json` <= 0.3 s as a process. Printed: medians, and the ratio
of the 1,000-treaty median to the 100-treaty one (the scan this replaced grew about 100-fold).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time

import pycountry

from foedus.kb.base import KnowledgeBase
from foedus.kb.schema import Treaty
from foedus.law.matrix import obligation_matrix
from foedus.law.obligations import obligations

STATES = sorted(c.alpha_3 for c in pycountry.countries)[:200]
ON = dt.date(2000, 1, 1)


def synthetic_treaty(i: int, rng: random.Random) -> dict:
    parties = rng.sample(STATES, rng.randint(2, 12))
    start = dt.date(1950 + rng.randint(0, 40), rng.randint(1, 12), 1)
    end = dt.date(start.year + rng.randint(5, 40), 1, 1) if rng.random() < 0.25 else None
    conditions = []
    if rng.random() < 0.3:
        conditions.append(
            {"kind": "geographic", "text": "in the area", "area": "area", "inside": parties[:3]}
        )
    if rng.random() < 0.3:
        conditions.append({"kind": "victim_request", "text": "on request"})
    defence = {"id": "def", "article": "1", "type": "defense", "assistance": "military", "summary": "d"}
    consult = {"id": "con", "article": "2", "type": "consultation", "assistance": "consultation"}
    phase = {"status": "member", "start": str(start), "end": str(end) if end else None, "source": ["S"]}
    return {
        "id": f"T{i:04d}",
        "name": f"Pact {i}",
        "kind": "treaty",
        "defence_pact": True,
        "summary": "synthetic",
        "in_force": {"date": str(start), "source": ["S"]},
        "ended": {"date": str(end), "source": ["S"]} if end else None,
        "coverage_until": "2025-11-30",
        "provisions": [
            {**defence, "conditions": conditions, "source": ["S"]},
            {**consult, "summary": "c", "source": ["S"]},
        ],
        "memberships": [{"state": p, "phases": [phase]} for p in parties],
        "sources": {"S": {"title": "synthetic", "kind": "treaty_text"}},
    }


def synthetic_kb(n: int, seed: int) -> KnowledgeBase:
    rng = random.Random(seed)
    return KnowledgeBase(
        {t.id: t for t in (Treaty.model_validate(synthetic_treaty(i, rng)) for i in range(n))}
    )


def victim_query_ms(kb: KnowledgeBase, repeats: int, seed: int) -> float:
    rng = random.Random(seed)
    times = []
    for _ in range(repeats):
        victim, aggressor = rng.sample(STATES, 2)
        t0 = time.perf_counter()
        obligations(kb, victim, aggressor, ON)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def process_seconds(repeats: int) -> float:
    cmd = [sys.executable, "-m", "foedus", "members", "CSTO", "--on", "2016-09-01", "--json"]
    subprocess.run(cmd, capture_output=True, check=True)  # warm the disk cache
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    ap.add_argument("--repeats", type=int, default=25)
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    one = {}
    print("treaties | one victim, median ms | 200 x 200 matrix, s")
    for n in args.sizes:
        kb = synthetic_kb(n, args.seed)
        one[n] = victim_query_ms(kb, args.repeats, args.seed)
        t0 = time.perf_counter()
        m = obligation_matrix(kb, STATES, ON)
        matrix = time.perf_counter() - t0
        print(f"{n:8d} | {one[n]:21.2f} | {matrix:6.2f}  ({int((m.verdict == 2).sum())} MUST cells)")
    if len(one) > 1:
        lo, hi = min(one), max(one)
        print(f"one victim, {hi} vs {lo} treaties: {one[hi] / one[lo]:.1f}x")
    print(
        f"foedus members CSTO --on 2016-09-01 --json, whole process: {process_seconds(7):.3f} s (median of 7)"
    )


if __name__ == "__main__":
    main()
