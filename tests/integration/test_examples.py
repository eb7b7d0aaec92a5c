"""Every bundled example runs (small sizes) and prints what it promises."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_geosim_readings_example_runs():
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "geosim_readings.py"), "--replications", "2", "--periods", "700",
         "--workers", "1", "--set", "nx=20", "--set", "ny=20", "--set", "initPolarity=40"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("variant") and len(lines) == 9
    assert lines[-1].startswith("0.2 defaults")
