"""The results store: one DuckDB file; each finished replication is written in one transaction.

A replication is either wholly in the store or not at all, so a killed experiment loses only
the replications still running, and re-running the same command resumes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

SCHEMA_VERSION = 1

_DDL = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, experiment VARCHAR, model VARCHAR, setting VARCHAR,
        replication INTEGER, seed UBIGINT, params JSON, version VARCHAR, wall_s DOUBLE,
        finished TIMESTAMP DEFAULT current_timestamp)""",
    """CREATE TABLE IF NOT EXISTS series (run_id VARCHAR, t INTEGER, states INTEGER)""",
    """CREATE TABLE IF NOT EXISTS wars (run_id VARCHAR, war INTEGER, start_t INTEGER, end_t INTEGER,
        severity DOUBLE, participants INTEGER, closed BOOLEAN)""",
    """CREATE TABLE IF NOT EXISTS fits (run_id VARCHAR, slope DOUBLE, intercept DOUBLE, r2 DOUBLE,
        wars INTEGER, range_decades DOUBLE, final_states INTEGER)""",
]


class StoreError(RuntimeError):
    """A results file that is corrupt, foreign, or disagrees with the experiment asked for."""


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    experiment: str
    model: str
    setting: str
    replication: int
    seed: int
    params: dict
    version: str
    wall_s: float
    states: np.ndarray
    wars: np.ndarray
    fit: dict


class ResultsStore:
    def __init__(self, path: str | Path, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such results file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a readable DuckDB results file ({exc})") from None
        tables = {
            r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if tables and "meta" not in tables:
            raise StoreError(
                f"{self.path}: a DuckDB file, but not a foedus results store (tables: {sorted(tables)})"
            )
        for ddl in _DDL:
            self.con.execute(ddl)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {row[0]}, expected {SCHEMA_VERSION}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def done(self, experiment: str) -> dict[str, tuple[int, str]]:
        """run_id -> (seed, params JSON) of the replications already stored."""
        rows = self.con.execute(
            "SELECT run_id, seed, params FROM runs WHERE experiment = ?", [experiment]
        ).fetchall()
        return {r[0]: (int(r[1]), r[2]) for r in rows}

    def write(self, rec: RunRecord) -> None:
        """Store one replication atomically."""
        params = json.dumps(rec.params, sort_keys=True)
        t = np.arange(len(rec.states), dtype=np.int64)
        wars = rec.wars
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "INSERT INTO runs (run_id, experiment, model, setting, replication, seed, params, "
                "version, wall_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    rec.run_id,
                    rec.experiment,
                    rec.model,
                    rec.setting,
                    rec.replication,
                    rec.seed,
                    params,
                    rec.version,
                    rec.wall_s,
                ],
            )
            series = {
                "run_id": np.full(len(t), rec.run_id),
                "t": t.astype(np.int32),
                "states": rec.states.astype(np.int32),
            }
            con.register("series_df", _arrow(series))
            con.execute("INSERT INTO series SELECT * FROM series_df")
            con.unregister("series_df")
            war_cols = {
                "run_id": np.full(len(wars), rec.run_id),
                "war": np.arange(len(wars), dtype=np.int32),
                "start_t": wars[:, 0].astype(np.int32),
                "end_t": wars[:, 1].astype(np.int32),
                "severity": wars[:, 2],
                "participants": wars[:, 3].astype(np.int32),
                "closed": wars[:, 4] > 0,
            }
            con.register("wars_df", _arrow(war_cols))
            con.execute("INSERT INTO wars SELECT * FROM wars_df")
            con.unregister("wars_df")
            f = rec.fit
            con.execute(
                "INSERT INTO fits VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    rec.run_id,
                    f["slope"],
                    f["intercept"],
                    f["r2"],
                    f["wars"],
                    f["range_decades"],
                    int(rec.states[-1]),
                ],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def experiments(self) -> list[tuple]:
        return self.con.execute(
            "SELECT experiment, model, count(*) AS runs, count(DISTINCT setting) AS settings, "
            "max(finished) FROM runs GROUP BY experiment, model ORDER BY experiment"
        ).fetchall()

    def fits(self, experiment: str) -> list[tuple]:
        return self.con.execute(
            "SELECT r.setting, r.replication, r.seed, f.slope, f.intercept, f.r2, f.wars, f.range_decades, "
            "f.final_states FROM runs r JOIN fits f USING (run_id) WHERE r.experiment = ? "
            "ORDER BY r.setting, r.replication",
            [experiment],
        ).fetchall()

    def export(self, experiment: str, folder: str | Path) -> list[Path]:
        """Write runs, fits, wars and series of one experiment as Parquet files."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for table in ("runs", "fits", "wars", "series"):
            path = folder / f"{table}.parquet"
            where = (
                "experiment = $e"
                if table == "runs"
                else "run_id IN (SELECT run_id FROM runs WHERE experiment = $e)"
            )
            quoted = str(path).replace("'", "''")
            self.con.execute(
                f"COPY (SELECT * FROM {table} WHERE {where}) TO '{quoted}' (FORMAT PARQUET)",
                {"e": experiment},
            )
            out.append(path)
        return out


def _arrow(columns: dict):
    import pyarrow as pa

    return pa.table({k: pa.array(v) for k, v in columns.items()})
