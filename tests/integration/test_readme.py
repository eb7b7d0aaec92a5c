"""The README's first example runs and prints exactly what the README says it prints."""

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def test_readme_example_output_is_real():
    text = README.read_text()
    code, output = re.search(r"```python\n(.*?)```\n```\n(.*?)```", text, re.S).groups()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
