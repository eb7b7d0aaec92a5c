"""A run's result: named tidy tables with a declared schema, and a summary of scalars.

Each model's Result subclass declares its tables (`schema`): column names and numpy dtypes. The
results store creates one table per declared table, so a new model needs no change to the store.
`summary()` reduces a run to named numbers (None where undefined), computed from the tables alone,
so a stored run gives the same summary as a fresh one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

DTYPES = ("int32", "int64", "float64", "bool")


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: dict[str, str]  # column -> numpy dtype name (one of DTYPES)
    doc: str = ""

    def __post_init__(self) -> None:
        bad = {c: d for c, d in self.columns.items() if d not in DTYPES}
        if bad or not self.name.isidentifier() or not all(c.isidentifier() for c in self.columns):
            raise ValueError(f"table {self.name!r}: bad name or column types {bad}; types: {DTYPES}")


@dataclass
class Result:
    """params, seed and tables (name -> column -> 1-d array); subclasses set `schema`."""

    schema: ClassVar[tuple[TableSchema, ...]] = ()
    params: Any
    seed: int | None
    tables: dict[str, dict[str, np.ndarray]]
    extras: dict[str, Any] = field(default_factory=dict)  # not stored: maps, final world...

    def table(self, name: str) -> dict[str, np.ndarray]:
        return self.tables[name]

    def summary(self) -> dict[str, float | int | None]:
        return {}

    @classmethod
    def from_tables(cls, params, seed, tables: dict[str, dict[str, np.ndarray]]):
        """A result rebuilt from stored tables (extras are not stored)."""
        return cls(params, seed, tables)

    def schema_problems(self) -> list[str]:
        """Where the tables differ from the declared schema (empty if they match)."""
        problems = []
        declared = {t.name: t for t in self.schema}
        for name in sorted(set(self.tables) ^ set(declared)):
            problems.append(f"table {name!r} is {'not declared' if name in self.tables else 'missing'}")
        for name, spec in declared.items():
            cols = self.tables.get(name)
            if cols is None:
                continue
            if set(cols) != set(spec.columns):
                problems.append(f"table {name!r}: columns {sorted(cols)}, declared {sorted(spec.columns)}")
                continue
            lengths = {len(np.asarray(v)) for v in cols.values()}
            if len(lengths) > 1:
                problems.append(f"table {name!r}: columns of different lengths {sorted(lengths)}")
            for c, dtype in spec.columns.items():
                arr = np.asarray(cols[c])
                if arr.ndim != 1 or arr.dtype != np.dtype(dtype):
                    problems.append(
                        f"table {name!r} column {c!r}: {arr.dtype}[{arr.ndim}d], declared {dtype}"
                    )
        return problems


def clean_number(value) -> float | int | None:
    """A summary value as a plain int or float; None for NaN or infinity (undefined)."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None
