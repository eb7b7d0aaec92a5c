"""`foedus serve` started for a benchmark: a subprocess on this machine with its results in a
temporary folder, ready when its API answers, stopped and cleaned up afterwards."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time

import httpx


@contextlib.contextmanager
def served(port: int):
    """Yields the server's base address once /api/treaties answers."""
    base = f"http://127.0.0.1:{port}"
    results = tempfile.mkdtemp(prefix="foedus-bench-")
    command = [sys.executable, "-m", "foedus", "serve", "--port", str(port), "--results", results]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/treaties", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"foedus serve did not start: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(results, ignore_errors=True)
