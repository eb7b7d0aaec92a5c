"""What every command shares: error handling, strict JSON, tables, dates and options."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
import sys
from enum import StrEnum
from typing import Annotated

import typer

from foedus.errors import IncompleteError, InputError, StoppedError
from foedus.jsonvalues import strict


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
FormatOpt = Annotated[OutputFormat | None, typer.Option("--format", help="table, json or csv.")]
OnDate = Annotated[str, typer.Option("--on", help="An exact day, YYYY-MM-DD.")]
OnPeriod = Annotated[
    str, typer.Option("--on", help="A day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY).")
]


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def handled(fn):
    """Bad input and interruptions become one line on stderr and an exit code; bugs keep their
    traceback. Input errors exit 1, an interrupted run 128 + the signal (130 for Ctrl-C)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ChoiceError as exc:
            warn(f"error: {exc}")
            raise typer.Exit(2) from None
        except InputError as exc:
            warn(f"error: {exc}")
            raise typer.Exit(1) from None
        except IncompleteError as exc:
            warn(f"incomplete: {exc}")
            raise typer.Exit(1) from None
        except StoppedError as exc:
            warn(str(exc))
            raise typer.Exit(128 + exc.signum) from None

    return wrapper


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(strict(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def emit_rows(columns: list[str], rows: list[dict], fmt: OutputFormat, title: str = "") -> None:
    """Rows as a table (for people), JSON or CSV (for scripts)."""
    if fmt == OutputFormat.json:
        emit_json(rows)
        return
    if fmt == OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: "" if strict(r.get(c)) is None else strict(r.get(c)) for c in columns})
        sys.stdout.write(buf.getvalue())
        return
    from rich.table import Table

    table = Table(title=title or None)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    console().print(table)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}" if math.isfinite(v) else ""
    return str(v)


def pick_format(as_json: bool, fmt: OutputFormat | None) -> OutputFormat:
    if as_json and fmt not in (None, OutputFormat.json):
        raise InputError(f"--json and --format {fmt.value} ask for different outputs; give one")
    return OutputFormat.json if as_json else (fmt or OutputFormat.table)


def parse_on(text: str) -> dt.date:
    """An exact day (obligations and audits are judged on one)."""
    from foedus.kb.dates import day_of

    return day_of(text, "--on")


def parse_period(text: str):
    """A day, a month or a year (membership questions): a day comes back as a date."""
    from foedus.kb.dates import period_of

    return period_of(text, "--on")


class ChoiceError(InputError):
    """A value outside an option's choices: a usage error (exit 2), like any choice Click checks."""


def choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ChoiceError(f"{option}: expected {', '.join(allowed)}, found {value!r}")
    return value
