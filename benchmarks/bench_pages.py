"""First load of each page in Debian's Chromium, with the bundled data (target: under 1 s).

Run: .venv/bin/python benchmarks/bench_pages.py [--rounds 5] [--port 8798]

Starts `foedus serve` as a subprocess, warms it with one visit per page, then for each round opens
every page in a fresh browser context (empty cache) and times from the navigation until the page
has drawn its answer (the members, network and timeline of the CSTO on 2016-09-01; an obligations
answer; the Simulate form made from GeoSim's parameters; the experiment list; the scenario
catalogue). Prints the median and the slowest round per page. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

from playwright.sync_api import sync_playwright
from served import served

PAGES = [
    ("alliances", "/#/alliances?treaty=CSTO&on=2016-09-01", "#network svg .node"),
    ("who must help", "/#/help?victim=ARM&on=2016-09-01", "#cli"),
    ("simulate", "/#/simulate?model=geosim", "#params input[name=nx]"),
    ("experiments", "/#/experiments", "#list p, #list table"),
    ("scenarios", "/#/scenarios", "#about strong"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--port", type=int, default=8798)
    args = ap.parse_args()
    with served(args.port) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            times: dict[str, list[float]] = {name: [] for name, _, _ in PAGES}
            for k in range(args.rounds + 1):  # round 0 warms the server's caches
                for name, path, drawn in PAGES:
                    context = browser.new_context()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(base + path)
                    page.wait_for_selector(drawn, state="attached", timeout=30_000)
                    took = time.perf_counter() - start
                    context.close()
                    if k:
                        times[name].append(took)
            browser.close()
        print(f"first load until drawn, median of {args.rounds} fresh contexts (slowest):")
        for name, values in times.items():
            print(f"  {name:14s} {1e3 * statistics.median(values):6.0f} ms ({1e3 * max(values):.0f} ms)")


if __name__ == "__main__":
    main()
