"""Output paths checked before any work: a bad path is one clear line, never a traceback."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from foedus.errors import PathError


def output_folder(folder: str | Path, what: str = "--out") -> Path:
    """A folder we may write into: created if missing; refused if it is a file or not writable."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise PathError(f"{what} {folder}: is a file, expected a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PathError(f"{what} {folder}: a file stands where a folder is needed") from None
    except OSError as exc:
        raise PathError(f"{what} {folder}: cannot create the folder ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PathError(f"{what} {folder}: the folder is not writable")
    return folder


def output_file(path: str | Path, what: str, suffixes: tuple[str, ...] = ()) -> Path:
    """A file we may create or replace: not a folder, with a writable folder, a known suffix."""
    path = Path(path)
    if path.is_dir():
        raise PathError(f"{what} {path}: is a folder, expected a file name")
    if suffixes and path.suffix.lower() not in suffixes:
        raise PathError(
            f"{what} {path}: expected a file ending in {', '.join(suffixes)}, found {path.suffix or 'none'}"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise PathError(f"{what} {path}: the file is not writable")
    output_folder(path.parent if str(path.parent) else Path("."), what)
    return path


def input_file(path: str | Path, what: str) -> Path:
    path = Path(path)
    if not path.exists():
        raise PathError(f"{what} {path}: no such file")
    if path.is_dir():
        raise PathError(f"{what} {path}: is a folder, expected a file")
    if not os.access(path, os.R_OK):
        raise PathError(f"{what} {path}: the file is not readable")
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    """Write a text file through a temporary name, so a failure never leaves half a file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PathError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
    return path


def write_csv_atomically(path: Path, columns: list[str], rows: list[dict]) -> Path:
    """A table of dict rows as CSV (floats with four decimals), written atomically."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in row.items()})
    return write_text_atomically(path, buf.getvalue())
