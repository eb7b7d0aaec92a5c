"""The results store: one DuckDB file for any model, written one transaction per batch of runs.

Layout: `foedus_meta` (the store's signature and schema), `experiments` (each experiment's plan,
model version and the versions of the code and data it ran with), `runs` (one row per finished
replication: seed, parameters, versions), `summaries` (each run's summary numbers, long form) and
one table per table a model's Result declares, named `<model>__<table>`, created on first use,
keyed by (run_id, row), `row` the row's position in the run's table.
A new model needs no change here.

A run is wholly in the store or not at all. The writer holds the file only while it commits, so
`results list/show` can read a store while an experiment is writing it; readers never write. A
file without the signature is refused before anything is written to it, and a resume first reads
every block of the store, so a damaged file is reported instead of extended.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from foedus.errors import InputError
from foedus.experiments.plan import Task
from foedus.paths import output_file, output_folder

SIGNATURE = "foedus results store"
SCHEMA = "2"
LOCK_WAIT_S = 15.0  # how long to wait for another process's commit or read to finish

_SQL_TYPES = {"int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}
_CORE_DDL = [
    "CREATE TABLE IF NOT EXISTS foedus_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS experiments (
        experiment VARCHAR PRIMARY KEY, model VARCHAR, model_version VARCHAR, versions JSON,
        seed VARCHAR, replications INTEGER, plan JSON, created TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, experiment VARCHAR, model VARCHAR, setting VARCHAR,
        replication INTEGER, seed UBIGINT, params JSON, model_version VARCHAR, versions JSON,
        wall_s DOUBLE, finished TIMESTAMP DEFAULT current_timestamp)""",
    "CREATE TABLE IF NOT EXISTS summaries (run_id VARCHAR, measure VARCHAR, value DOUBLE)",
]
CORE_TABLES = {"foedus_meta", "experiments", "runs", "summaries"}


class StoreError(InputError):
    """A results file that is missing, foreign, damaged, busy, or disagrees with the experiment."""


@dataclass
class RunRecord:
    """One finished replication, as it travels from a worker to the store."""

    task: Task
    model_version: str
    wall_s: float
    tables: dict[str, dict[str, np.ndarray]]
    summary: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def run_id(self) -> str:
        return self.task.run_id


def versions() -> dict[str, str]:
    """Versions a stored result depends on besides the model's own: code, libraries, data."""
    from importlib.metadata import version

    import numba

    from foedus.data import data_version

    return {
        "foedus": version("foedus"),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "data": data_version(),
    }


def _duckdb():
    import duckdb

    return duckdb


def _connect(path: Path, read_only: bool):
    """A connection, waiting out another process's short hold on the file."""
    duckdb = _duckdb()
    deadline = time.monotonic() + LOCK_WAIT_S
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower() and time.monotonic() < deadline:
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            if "lock" in text.lower():
                raise StoreError(
                    f"{path}: busy: another process holds the file ({text.splitlines()[0]})"
                ) from None
            raise StoreError(f"{path}: {_unreadable(exc)}") from None
        except duckdb.Error as exc:
            raise StoreError(f"{path}: {_unreadable(exc)}") from None


def _unreadable(exc: BaseException) -> str:
    text = _first_line(exc)
    if "checksum" in text or "corrupt" in text.lower():
        return f"damaged: {text}"
    return f"not a readable DuckDB results file ({text})"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@contextlib.contextmanager
def _guard(path: Path, doing: str) -> Iterator[None]:
    """DuckDB errors while reading or writing become one clear StoreError."""
    duckdb = _duckdb()
    try:
        yield
    except duckdb.Error as exc:
        raise StoreError(f"{path}: could not {doing}: {_first_line(exc)}") from None


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _check_signature(path: Path, con) -> bool:
    """True if `con` is a foedus store, False if the file is empty; raises for anything else."""
    tables = _tables(con)
    if not tables:
        return False
    if "foedus_meta" not in tables:
        hint = " (a results file of foedus 0.1; use a new --store)" if "meta" in tables else ""
        raise StoreError(
            f"{path}: a DuckDB file, but not a foedus results store{hint} "
            f"(tables: {', '.join(sorted(tables))})"
        )
    rows = dict(con.execute("SELECT key, value FROM foedus_meta").fetchall())
    if rows.get("signature") != SIGNATURE:
        raise StoreError(f"{path}: a DuckDB file, but not a foedus results store (no foedus signature)")
    if rows.get("schema") != SCHEMA:
        raise StoreError(
            f"{path}: results store schema {rows.get('schema')}, this foedus reads schema {SCHEMA}"
        )
    return True


def verify_blocks(path: Path, con) -> dict[str, int]:
    """Read every block of every table (DuckDB checks each block's checksum); rows per table."""
    duckdb = _duckdb()
    rows = {}
    for table in sorted(_tables(con)):
        try:
            rows[table] = con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{table}" t').fetchone()[0]
        except duckdb.Error as exc:
            raise StoreError(f"{path}: damaged: table {table} cannot be read ({_first_line(exc)})") from None
    return rows


def table_name(model: str, table: str) -> str:
    return f"{model}__{table}"


class StoreReader:
    """Read-only access; never writes, and holds the file only while open (use `with`)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such results file")
        self.con = _connect(self.path, read_only=True)
        try:
            with _guard(self.path, "read its tables"):
                if not _check_signature(self.path, self.con):
                    raise StoreError(f"{self.path}: an empty DuckDB file, not a foedus results store")
        except BaseException:
            self.con.close()
            raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, params=None) -> list[tuple]:
        with _guard(self.path, "read it"):
            return self.con.execute(sql, params or []).fetchall()

    def verify(self) -> dict[str, int]:
        return verify_blocks(self.path, self.con)

    def experiments(self) -> list[dict]:
        rows = self._query(
            "SELECT e.experiment, e.model, e.model_version, e.replications, "
            "json_array_length(json_keys(e.plan->'settings')), count(r.run_id), max(r.finished) "
            "FROM experiments e LEFT JOIN runs r USING (experiment) "
            "GROUP BY ALL ORDER BY e.experiment"
        )
        keys = ["experiment", "model", "model_version", "replications", "settings", "runs", "last_finished"]
        out = [dict(zip(keys, r, strict=True)) for r in rows]
        for row in out:
            row["planned"] = row["replications"] * row["settings"]
            row["last_finished"] = None if row["last_finished"] is None else str(row["last_finished"])
        return out

    def experiment(self, name: str) -> dict:
        rows = self._query(
            "SELECT model, model_version, versions, seed, replications, plan FROM experiments "
            "WHERE experiment = ?",
            [name],
        )
        if not rows:
            known = [r[0] for r in self._query("SELECT experiment FROM experiments ORDER BY 1")]
            listed = ", ".join(known) if known else "none"
            raise StoreError(f"{self.path}: no experiment {name!r} (stored: {listed})")
        model, model_version, vers, seed, replications, plan = rows[0]
        return {
            "experiment": name,
            "model": model,
            "model_version": model_version,
            "versions": json.loads(vers),
            "seed": seed,
            "replications": replications,
            "plan": json.loads(plan),
        }

    def runs(self, name: str) -> list[dict]:
        rows = self._query(
            "SELECT run_id, setting, replication, seed, params, wall_s FROM runs WHERE experiment = ? "
            "ORDER BY setting, replication",
            [name],
        )
        keys = ["run_id", "setting", "replication", "seed", "params", "wall_s"]
        return [{**dict(zip(keys, r, strict=True)), "params": json.loads(r[4])} for r in rows]

    def summaries(self, name: str) -> dict[str, dict[str, float | None]]:
        """run_id -> {measure: value} for one experiment."""
        out: dict[str, dict[str, float | None]] = {}
        for run_id, measure, value in self._query(
            "SELECT s.run_id, s.measure, s.value FROM summaries s JOIN runs r USING (run_id) "
            "WHERE r.experiment = ? ORDER BY s.run_id, s.measure",
            [name],
        ):
            out.setdefault(run_id, {})[measure] = value
        return out

    def model_table(self, name: str, model: str, table: str) -> dict[str, np.ndarray]:
        """One declared table of one experiment's runs, as columns (with run_id)."""
        tname = table_name(model, table)
        if tname not in _tables(self.con):
            return {}
        with _guard(self.path, f"read {tname}"):
            columns = self.con.execute(
                f'SELECT t.* FROM "{tname}" t JOIN runs r USING (run_id) WHERE r.experiment = ? '
                "ORDER BY t.run_id, t.row",
                [name],
            ).fetchnumpy()
        return {c: np.asarray(v) for c, v in columns.items()}

    def model_tables(self, name: str) -> list[str]:
        """The stored tables of the experiment's model (named model__table)."""
        model = self.experiment(name)["model"]
        return sorted(t for t in _tables(self.con) if t.startswith(model + "__"))

    def export(self, name: str, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write one experiment's tables (runs, summaries, each model table) to `folder`.
        Files are written to a temporary folder first, so a failure leaves nothing half-written."""
        model_tables = self.model_tables(name)
        folder = Path(folder)
        output_folder(folder)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
        try:
            written = []
            for table in ["runs", "summaries", *model_tables]:
                where = (
                    "experiment = $e"
                    if table == "runs"
                    else "run_id IN (SELECT run_id FROM runs WHERE experiment = $e)"
                )
                out = staging / f"{table}.{fmt}"
                quoted = str(out).replace("'", "''")
                option = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
                with _guard(self.path, f"export {table}"):
                    self.con.execute(
                        f"COPY (SELECT * FROM \"{table}\" WHERE {where}) TO '{quoted}' {option}", {"e": name}
                    )
                written.append(out.name)
            final = []
            for fname in written:
                os.replace(staging / fname, folder / fname)
                final.append(folder / fname)
            return final
        except OSError as exc:
            raise StoreError(f"{folder}: could not write the export: {exc.strerror or exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


class StoreWriter:
    """Writes one experiment's runs; opens the file only for each commit."""

    def __init__(self, path: str | Path, plan_info: dict, model_version: str, run_versions: dict[str, str]):
        self.path = Path(path)
        output_file(self.path, "--store")
        self.plan_info = plan_info
        self.model = plan_info["model"]
        self.model_version = model_version
        self.versions = run_versions
        existed = self.path.exists() and self.path.stat().st_size > 0
        if existed:  # inspect read-only first: never write into a file we have not recognised
            con = _connect(self.path, read_only=True)
            try:
                with _guard(self.path, "read its tables"):
                    is_store = _check_signature(self.path, con)
                    if is_store:
                        verify_blocks(self.path, con)  # a damaged store is refused before it is extended
            finally:
                con.close()
        with self._writing() as con:
            for ddl in _CORE_DDL:
                con.execute(ddl)
            con.execute(
                "INSERT OR IGNORE INTO foedus_meta VALUES ('signature', ?), ('schema', ?)",
                [SIGNATURE, SCHEMA],
            )
            self._register(con)

    @contextlib.contextmanager
    def _writing(self) -> Iterator:
        con = _connect(self.path, read_only=False)
        try:
            with _guard(self.path, "write to it"):
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                    con.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(Exception):
                        con.execute("ROLLBACK")
                    raise
        finally:
            with contextlib.suppress(Exception):
                con.close()

    def _register(self, con) -> None:
        """Record the experiment, or check that a resumed one matches it."""
        name = self.plan_info["experiment"]
        row = con.execute(
            "SELECT model, model_version, versions, seed, replications, plan FROM experiments "
            "WHERE experiment = ?",
            [name],
        ).fetchone()
        plan_json = json.dumps(self.plan_info, sort_keys=True)
        if row is None:
            con.execute(
                "INSERT INTO experiments "
                "(experiment, model, model_version, versions, seed, replications, plan) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    name,
                    self.model,
                    self.model_version,
                    json.dumps(self.versions, sort_keys=True),
                    self.plan_info["seed"],
                    self.plan_info["replications"],
                    plan_json,
                ],
            )
            return
        model, model_version, vers, seed, replications, plan = row
        mismatches = []
        if model != self.model:
            mismatches.append(f"model {model} stored, {self.model} now")
        if model_version != self.model_version:
            mismatches.append(
                f"{self.model} version {model_version} stored, {self.model_version} now "
                "(the model's code changed)"
            )
        stored_versions = json.loads(vers)
        for key, now in self.versions.items():
            if key != "foedus" and stored_versions.get(key) != now:
                mismatches.append(f"{key} {stored_versions.get(key)} stored, {now} now")
        if seed != self.plan_info["seed"]:
            mismatches.append(f"seed {seed} stored, {self.plan_info['seed']} now")
        stored_plan = json.loads(plan)
        for setting, params in self.plan_info["settings"].items():
            if setting in stored_plan["settings"] and stored_plan["settings"][setting] != params:
                mismatches.append(f"setting {setting!r} has different parameters")
        if mismatches:
            raise StoreError(
                f"{self.path}: experiment {name!r} is stored with different inputs: "
                + "; ".join(mismatches)
                + ". Use another --name or --store to keep both."
            )
        merged = {**stored_plan, "settings": {**stored_plan["settings"], **self.plan_info["settings"]}}
        merged["replications"] = max(stored_plan["replications"], self.plan_info["replications"])
        con.execute(
            "UPDATE experiments SET plan = ?, replications = ? WHERE experiment = ?",
            [json.dumps(merged, sort_keys=True), merged["replications"], name],
        )

    def done(self) -> dict[str, tuple[int, dict]]:
        """run_id -> (seed, params) of this experiment's stored replications."""
        con = _connect(self.path, read_only=True)
        try:
            with _guard(self.path, "read it"):
                rows = con.execute(
                    "SELECT run_id, seed, params FROM runs WHERE experiment = ?",
                    [self.plan_info["experiment"]],
                ).fetchall()
        finally:
            con.close()
        return {r[0]: (int(r[1]), json.loads(r[2])) for r in rows}

    def write(self, records: list[RunRecord], schema) -> None:
        """Store finished replications in one transaction (all or none of them)."""
        if not records:
            return
        import pyarrow as pa

        vers = json.dumps(self.versions, sort_keys=True)
        with self._writing() as con:
            existing = _tables(con)
            for spec in schema:
                tname = table_name(self.model, spec.name)
                cols = ", ".join(f'"{c}" {_SQL_TYPES[d]}' for c, d in spec.columns.items())
                if tname not in existing:
                    con.execute(f'CREATE TABLE "{tname}" (run_id VARCHAR, "row" INTEGER, {cols})')
                else:
                    have = [
                        r[0]
                        for r in con.execute(
                            "SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = ? ORDER BY ordinal_position",
                            [tname],
                        ).fetchall()
                    ]
                    if have != ["run_id", "row", *spec.columns]:
                        raise StoreError(
                            f"{self.path}: table {tname} has columns {have[2:]}, "
                            f"the model declares {list(spec.columns)}"
                        )
            con.executemany(
                "INSERT INTO runs (run_id, experiment, model, setting, replication, seed, params, "
                "model_version, "
                "versions, wall_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [r.run_id, r.task.experiment, r.task.model, r.task.setting, r.task.replication,
                     r.task.seed, json.dumps(r.task.params, sort_keys=True), r.model_version, vers, r.wall_s]
                    for r in records
                ],
            )  # fmt: skip
            summary_rows = [
                (r.run_id, k, None if v is None or not math.isfinite(v) else float(v))
                for r in records
                for k, v in sorted(r.summary.items())
            ]
            if summary_rows:
                con.executemany("INSERT INTO summaries VALUES (?, ?, ?)", summary_rows)
            for spec in schema:
                parts = {c: [] for c in ["run_id", "row", *spec.columns]}
                for r in records:
                    cols = r.tables[spec.name]
                    n = len(next(iter(cols.values()))) if cols else 0
                    parts["run_id"].append(np.full(n, r.run_id, dtype=object))
                    parts["row"].append(np.arange(n, dtype=np.int32))
                    for c, d in spec.columns.items():
                        parts[c].append(np.asarray(cols[c], dtype=d))
                arrow = pa.table(
                    {c: pa.array(np.concatenate(v)) if v else pa.array([]) for c, v in parts.items()}
                )
                con.register("incoming", arrow)
                con.execute(f'INSERT INTO "{table_name(self.model, spec.name)}" SELECT * FROM incoming')
                con.unregister("incoming")
