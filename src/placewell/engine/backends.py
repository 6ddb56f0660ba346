"""Connections to the analytics engines, behind one small interface.

The indicator engine builds Ibis expressions; a :class:`Backend` runs them. Three
engines are supported and the same expressions run on each:

* ``duckdb`` (default): the workspace's ``warehouse.duckdb``, embedded.
* ``postgres``: a PostgreSQL database holding the contract tables, given by a URL
  (``postgresql://user@host:5432/db?schema=...`` or ``PLACEWELL_ENGINE_URL``).
* ``spark``: a Spark session (``placewell[spark]``): the active session, or a new
  local one. Contract tables come from the session's catalog; for a workspace on a
  laptop they are copied in as temporary views (:func:`placewell.engine.mirror.to_spark`).

Data fingerprints (for "only recompute what changed") come from the workspace load
log for DuckDB and for mirrored tables; for tables managed elsewhere a row count is
the best cheap signal, so use ``--force`` after editing such tables in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from placewell.config import Engine
from placewell.errors import ConfigError, WorkspaceError
from placewell.workspace import Workspace

__all__ = ["ENGINE_URL_VARIABLE", "Backend", "connect", "load_fingerprints"]

ENGINE_URL_VARIABLE = "PLACEWELL_ENGINE_URL"
_LOADS = "_placewell_loads"


@dataclass
class Backend:
    """An Ibis connection plus what placewell needs around it."""

    name: str
    con: Any  # ibis BaseBackend
    workspace: Workspace | None = None
    source_fingerprints: dict[str, str] | None = None
    database: str | None = None
    _tables: dict[str, ir.Table] = field(default_factory=dict, repr=False)
    _closers: list[Any] = field(default_factory=list, repr=False)

    def table(self, name: str) -> ir.Table:
        """The contract table ``name`` as an Ibis table."""
        if name not in self._tables:
            try:
                if self.database:
                    self._tables[name] = self.con.table(name, database=self.database)
                else:
                    self._tables[name] = self.con.table(name)
            except Exception as exc:
                raise WorkspaceError(
                    f"the {self.name} engine has no table {name!r}; load it into the workspace "
                    f"(`placewell load {name} FILE`) or into the engine's database"
                ) from exc
        return self._tables[name]

    def has_table(self, name: str) -> bool:
        try:
            self.table(name)
        except WorkspaceError:
            return False
        return True

    def execute(self, expr: ir.Table) -> pd.DataFrame:
        """Run an expression and return the (aggregated, small) result as pandas."""
        return expr.to_pyarrow().to_pandas()

    def execute_all(self, exprs: list[ir.Table]) -> list[pa.Table]:
        """Run several expressions to Arrow tables; Spark runs them as concurrent jobs."""

        def run(expr: ir.Table) -> pa.Table:
            return expr.to_pyarrow()

        if self.name != Engine.SPARK or len(exprs) < 2:
            return [run(e) for e in exprs]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(exprs)) as pool:
            return list(pool.map(run, exprs))

    def fingerprints(self, tables: Iterable[str]) -> dict[str, str]:
        """A fingerprint of each table's content, for incremental recomputation."""
        names = sorted(set(tables))
        if self.source_fingerprints is not None:
            return {n: self.source_fingerprints.get(n, "absent") for n in names}
        if self.name == Engine.DUCKDB:
            log = load_fingerprints(self.con.con)
            return {n: log.get(n, "absent") for n in names}
        out = {}
        for n in names:
            out[n] = f"rows:{self.table(n).count().execute()}" if self.has_table(n) else "absent"
        return out

    @contextlib.contextmanager
    def warehouse(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the workspace warehouse (where results are kept).

        For DuckDB a cursor of the engine's own database: its own connection, so
        results can be stored from one thread while another thread runs queries.
        """
        if self.name == Engine.DUCKDB:
            cursor = self.con.con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        if self.workspace is None:
            raise WorkspaceError("results are stored in a workspace; open one first")
        with self.workspace.warehouse.connect() as con:
            yield con

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()
        with contextlib.suppress(Exception):
            if self.name != Engine.SPARK:
                self.con.disconnect()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per table, a hash of its load history since its last full replace."""
    try:
        rows = con.execute(
            f"SELECT table_name, fingerprint, mode FROM {_LOADS} ORDER BY loaded_at"
        ).fetchall()
    except duckdb.Error:
        return {}
    history: dict[str, list[str]] = {}
    for table, fp, mode in rows:
        if mode == "replace":
            history[table] = []
        history.setdefault(table, []).append(str(fp))
    return {
        t: hashlib.sha256("|".join(fps).encode()).hexdigest()[:16] for t, fps in history.items()
    }


def _duckdb(workspace: Workspace) -> Backend:
    workspace.require()
    path = workspace.warehouse_path
    if not path.exists():
        raise WorkspaceError(
            f"no warehouse at {path}; run `placewell init` or `placewell demo-data`"
        )
    try:
        con = ibis.duckdb.connect(str(path))
    except Exception as exc:
        raise WorkspaceError(f"cannot open the warehouse {path}: {exc}") from None
    return Backend(Engine.DUCKDB, con, workspace)


def _postgres(url: str, workspace: Workspace | None) -> Backend:
    parts = urllib.parse.urlparse(url)
    if parts.scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ConfigError(
            f"{ENGINE_URL_VARIABLE} must be a postgresql:// URL for the postgres engine"
        )
    query = urllib.parse.parse_qs(parts.query)
    schema = query.get("schema", [None])[0]
    try:
        con = ibis.postgres.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=urllib.parse.unquote(parts.username) if parts.username else None,
            password=urllib.parse.unquote(parts.password) if parts.password else None,
            database=(parts.path or "/").lstrip("/") or "postgres",
            schema=schema,
        )
    except Exception as exc:
        raise ConfigError(f"cannot connect to PostgreSQL at {parts.hostname}: {exc}") from None
    return Backend(Engine.POSTGRES, con, workspace, database=schema)


def _spark(workspace: Workspace | None) -> Backend:
    from placewell.engine.mirror import spark_session, to_spark

    session = spark_session()
    con = ibis.pyspark.connect(session)
    backend = Backend(Engine.SPARK, con, workspace)
    if workspace is not None and not backend.has_table("people"):
        backend.source_fingerprints = to_spark(workspace, con)
        backend._tables.clear()
    return backend


def connect(
    engine: str | Engine | None = None,
    workspace: Workspace | None = None,
    *,
    url: str | None = None,
) -> Backend:
    """Open the engine: ``duckdb`` (the workspace warehouse), ``postgres`` or ``spark``."""
    try:
        kind = Engine(engine or Engine.DUCKDB)
    except ValueError:
        raise ConfigError(f"unknown engine {engine!r}; use duckdb, postgres or spark") from None
    if kind is Engine.DUCKDB:
        if workspace is None:
            raise WorkspaceError("the duckdb engine reads a workspace; open one first")
        return _duckdb(workspace)
    if kind is Engine.POSTGRES:
        url = url or os.environ.get(ENGINE_URL_VARIABLE)
        if not url:
            raise ConfigError(
                f"the postgres engine needs a database URL: set {ENGINE_URL_VARIABLE}="
                "postgresql://user@host:5432/database?schema=placewell"
            )
        return _postgres(url, workspace)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the spark engine needs PySpark: pip install 'placewell[spark]'"
        ) from None
    return _spark(workspace)
