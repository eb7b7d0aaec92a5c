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


def test_every_file_the_readme_links_exists():
    links = re.findall(r"\]\(([^)#]+)\)", README.read_text())
    local = [link for link in links if "://" not in link]
    assert "docs/screenshots/experiments.jpg" in local and "docs/web.md" in local
    missing = [link for link in local if not (README.parent / link).is_file()]
    assert missing == []
