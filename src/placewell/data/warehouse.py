"""The analytical warehouse: one DuckDB file holding the contract tables.

Writes are atomic. New data goes to staging tables; references (person ids, data
zones) are checked against the staged and existing tables; then, in the same
transaction, the old tables are dropped and the staging tables renamed, and the load
is recorded in ``_placewell_loads``. Any failure before the commit rolls everything
back, so the warehouse is exactly as it was. DuckDB's write-ahead log makes the same
true if the process is killed mid-load.

Tables with person ids are stored with one more column, an integer key for each
person (:mod:`placewell.data.person_keys`), written in the same transaction.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from placewell.data.contract import Table
from placewell.data.person_keys import PERSON_KEY, ROW, insert_keyed, keyed, register, with_rows
from placewell.data.schemas import TABLES, get_table
from placewell.errors import DataContractError, Problem, WorkspaceError
from placewell.log import get_logger

__all__ = ["LoadRecord", "Warehouse"]

log = get_logger(__name__)
_LOADS = "_placewell_loads"


@dataclass(frozen=True)
class LoadRecord:
    """One completed load: what, from where, how many rows, and its fingerprint."""

    table: str
    source: str
    rows: int
    fingerprint: str
    loaded_at: float
    mode: str


class Warehouse:
    """The DuckDB warehouse of a workspace."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if read_only and not self.path.exists():
            raise WorkspaceError(
                f"no warehouse at {self.path}; run `placewell init` or `placewell demo-data` first"
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise WorkspaceError(f"cannot open the warehouse {self.path}: {exc}") from None
        con.execute("SET enable_progress_bar = false")  # loads report their own progress
        try:
            yield con
        finally:
            con.close()

    def initialise(self) -> None:
        """Create the warehouse file and the load log if they do not exist."""
        with self.connect() as con:
            _ensure_log(con)

    def table_counts(self) -> dict[str, int]:
        """Rows in every contract table present in the warehouse."""
        if not self.path.exists():
            return {}
        with self.connect(read_only=True) as con:
            present = _present_tables(con)
            return {
                name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # type: ignore[index]
                for name in TABLES
                if name in present
            }

    def loads(self) -> list[LoadRecord]:
        """The load log, newest first."""
        if not self.path.exists():
            return []
        with self.connect(read_only=True) as con:
            if _LOADS not in _present_tables(con):
                return []
            rows = con.execute(
                f"SELECT table_name, source, rows, fingerprint, loaded_at, mode FROM {_LOADS} "
                "ORDER BY loaded_at DESC"
            ).fetchall()
        return [LoadRecord(*row) for row in rows]

    def replace_tables(
        self,
        tables: Mapping[str, pa.Table],
        source: str,
        *,
        mode: str = "replace",
        check_references: bool = True,
    ) -> list[LoadRecord]:
        """Atomically replace (or append to) contract tables with already-validated data.

        Every table's schema must equal the contract's. In ``append`` mode the new rows
        are added to the existing ones and the primary key is re-checked. References
        to other tables are checked when the referenced table is in the batch or
        already loaded.
        """
        if mode not in {"replace", "append"}:
            raise ValueError("mode must be 'replace' or 'append'")
        specs = {name: get_table(name) for name in tables}
        for name, data in tables.items():
            expected = specs[name].arrow_schema
            if not data.schema.equals(expected):
                raise DataContractError(
                    source,
                    [Problem(None, None, f"table {name} does not have the contract's schema")],
                )
        records: list[LoadRecord] = []
        with self.connect() as con:
            _ensure_log(con)
            present = _present_tables(con)
            con.execute("BEGIN TRANSACTION")
            try:
                for name, data in tables.items():
                    self._stage(con, specs[name], data, mode=mode, present=present)
                if check_references:
                    for name in tables:
                        _check_references(con, specs[name], set(tables), present, source)
                self._swap(con, list(tables))
                now = time.time()
                for name, data in tables.items():
                    rec = LoadRecord(name, source, data.num_rows, _fingerprint(data), now, mode)
                    con.execute(
                        f"INSERT INTO {_LOADS} VALUES (?, ?, ?, ?, ?, ?)",
                        [rec.table, rec.source, rec.rows, rec.fingerprint, rec.loaded_at, rec.mode],
                    )
                    records.append(rec)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        for rec in records:
            log.info("loaded %s rows into %s from %s", rec.rows, rec.table, rec.source)
        return records

    @staticmethod
    def _stage(
        con: duckdb.DuckDBPyConnection,
        spec: Table,
        data: pa.Table,
        *,
        mode: str,
        present: set[str],
    ) -> None:
        staging = f"_staging_{spec.name}"
        con.execute(f'DROP TABLE IF EXISTS "{staging}"')
        con.execute(spec.create_sql(staging))
        by_person = keyed(spec)
        old = mode == "append" and spec.name in present
        con.register("_incoming", with_rows(data) if by_person else data)
        try:
            if by_person:  # rows keep their order; each person id gets its integer key
                con.execute(f'ALTER TABLE "{staging}" ADD COLUMN {PERSON_KEY} BIGINT')
                register(con, ["_incoming", *([f'"{spec.name}"'] if old else [])])
                if old:
                    existing = f'(SELECT *, rowid AS {ROW} FROM "{spec.name}")'
                    insert_keyed(con, spec, staging, existing)
                insert_keyed(con, spec, staging, "_incoming")
            else:
                if old:
                    con.execute(f'INSERT INTO "{staging}" {spec.select_sql()}')
                con.execute(f'INSERT INTO "{staging}" SELECT * FROM _incoming')
        finally:
            con.unregister("_incoming")
        if mode == "append" and spec.primary_key:
            keys = ", ".join(f'"{k}"' for k in spec.primary_key)
            dup = con.execute(
                f'SELECT {keys} FROM "{staging}" GROUP BY {keys} HAVING count(*) > 1 LIMIT 1'
            ).fetchone()
            if dup is not None:
                raise DataContractError(
                    spec.name,
                    [
                        Problem(
                            None,
                            ",".join(spec.primary_key),
                            f"key {dup!r} is already loaded; appending would duplicate it",
                        )
                    ],
                )

    @staticmethod
    def _swap(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
        for name in names:
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
            con.execute(f'ALTER TABLE "_staging_{name}" RENAME TO "{name}"')


def _ensure_log(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {_LOADS} (table_name VARCHAR, source VARCHAR, "
        "rows BIGINT, fingerprint VARCHAR, loaded_at DOUBLE, mode VARCHAR)"
    )


def _present_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }


def _check_references(
    con: duckdb.DuckDBPyConnection,
    spec: Table,
    batch: set[str],
    present: set[str],
    source: str,
) -> None:
    """Every non-empty referencing value must exist in the referenced table."""
    for column in spec.columns:
        if column.references is None:
            continue
        ref_table, ref_column = column.references.split(".")
        if ref_table in batch:
            target = f'"_staging_{ref_table}"'
        elif ref_table in present:
            target = f'"{ref_table}"'
        else:
            continue
        row = con.execute(
            f'SELECT s."{column.name}", count(*) OVER () FROM "_staging_{spec.name}" s '
            f'ANTI JOIN {target} r ON s."{column.name}" = r."{ref_column}" '
            f'WHERE s."{column.name}" IS NOT NULL LIMIT 1'
        ).fetchone()
        if row is not None:
            value, count = row
            raise DataContractError(
                source,
                [
                    Problem(
                        None,
                        column.name,
                        f"{value!r} is not in {ref_table}.{ref_column} "
                        f"({count} value{'s' if count != 1 else ''} of {spec.name} have no match);"
                        f" load {ref_table} first or fix the codes",
                    )
                ],
            )


def _fingerprint(data: pa.Table) -> str:
    """A content hash of the data, for provenance of computed results."""
    digest = hashlib.sha256()
    digest.update(str(data.schema).encode())
    digest.update(str(data.num_rows).encode())
    for batch in data.to_batches(max_chunksize=1_000_000):
        for column in batch.columns:
            for buf in column.buffers():
                if buf is not None:
                    digest.update(memoryview(buf))
    return digest.hexdigest()[:16]
