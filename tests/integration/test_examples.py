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


def test_alliance_on_a_map_example_runs():
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "alliance_on_a_map.py"), "--replications", "5"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("state  role") and {line.split()[0] for line in lines[1:]} == {
        "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}  # fmt: skip
    for line in lines[1:]:
        alone, collective = map(float, line.split()[2:4])
        assert 0 <= alone <= 1 and 0 <= collective <= 1
