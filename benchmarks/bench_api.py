"""The web app under load: 20 concurrent clients asking for obligations, members, in-force, a
treaty's network and the app's page.

Run: .venv/bin/python benchmarks/bench_api.py [--clients 20] [--requests 50] [--port 8799]

Starts `foedus serve` as a subprocess on this machine, waits for it, then each client thread
sends its requests one after another; prints requests/s, median and p95 latency and any error.
Nothing is asserted: timings belong here, not in tests.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import httpx
from served import served

QUERIES = [
    ("/api/obligations", {"victim": "TJK", "on": "2016-09-01", "requested": "true"}),
    ("/api/members", {"treaty": "CSTO", "on": "2016-09-01"}),
    ("/api/in-force", {"on": "1960"}),
    ("/api/obligations", {"victim": "USA", "on": "2001-09-12"}),
    ("/api/network", {"treaty": "CSTO", "on": "2016-09-01"}),
    ("/", {}),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50, help="per client")
    ap.add_argument("--port", type=int, default=8799)
    args = ap.parse_args()
    with served(args.port) as base:
        first = time.perf_counter()
        httpx.get(base + "/api/obligations", params=QUERIES[0][1]).raise_for_status()
        print(f"one obligations answer (warm server): {1e3 * (time.perf_counter() - first):.0f} ms")
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                for i in range(args.requests):
                    path, params = QUERIES[(k + i) % len(QUERIES)]
                    start = time.perf_counter()
                    r = c.get(path, params=params)
                    took = time.perf_counter() - start
                    with lock:
                        latencies.append(took)
                        if r.status_code != 200:
                            errors.append(f"{path}: {r.status_code}")

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        lat = sorted(latencies)
        p95 = lat[int(0.95 * (len(lat) - 1))]
        median = statistics.median(lat)
        print(f"{args.clients} clients x {args.requests} requests: {len(lat) / wall:.0f} requests/s, "
              f"median {1e3 * median:.0f} ms, p95 {1e3 * p95:.0f} ms, errors {len(errors)}")  # fmt: skip
        if errors:
            print("errors:", "; ".join(sorted(set(errors))[:10]))


if __name__ == "__main__":
    main()
