"""Bundled, sourced data files (treaties, state codes)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources


@cache
def data_version() -> str:
    """A short hash of every bundled data file: results record the data they were computed with."""
    digest = hashlib.sha256()
    root = resources.files(__name__)
    for entry in sorted(_files(root), key=lambda p: str(p)):
        digest.update(str(entry.name).encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


def _files(folder):
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry)
        elif not entry.name.endswith((".py", ".pyc")):
            yield entry
