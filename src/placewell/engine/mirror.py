"""Copy a workspace's contract tables into another engine.

* :func:`temporary_postgres` copies a (small) workspace into a fresh schema of a
  PostgreSQL database, yields a :class:`~placewell.engine.backends.Backend` on it and
  drops the schema afterwards: for tests, and for trying the PostgreSQL engine.
* :func:`to_spark` registers the workspace's tables as temporary views of a Spark
  session, so ``--engine spark`` works on a laptop workspace without a metastore.
* :func:`spark_session` starts (or reuses) a Spark session suited to one machine.

Both copies keep the workspace's data fingerprints, so incremental recomputation
behaves exactly as on DuckDB.
"""

from __future__ import annotations

import contextlib
import secrets
import urllib.parse
from collections.abc import Iterator
from typing import Any

import ibis
import pyarrow as pa

from placewell.data.schemas import TABLES
from placewell.engine.backends import Backend, _postgres, load_fingerprints
from placewell.workspace import Workspace

__all__ = ["read_workspace", "spark_session", "temporary_postgres", "to_spark"]

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def read_workspace(workspace: Workspace) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """Every contract table in the workspace as Arrow, and their fingerprints."""
    with workspace.warehouse.connect(read_only=True) as con:
        present = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        tables = {
            name: con.sql(TABLES[name].select_sql()).to_arrow_table()
            for name in TABLES
            if name in present
        }
        fingerprints = load_fingerprints(con)
    return tables, fingerprints


def _copy_postgres(url: str, schema: str, tables: dict[str, pa.Table]) -> None:
    import psycopg

    with psycopg.connect(_plain(url), autocommit=True) as pg:
        pg.execute(f'CREATE SCHEMA "{schema}"')
        for name, data in tables.items():
            spec = TABLES[name]
            cols = ", ".join(
                f'"{c.name}" {"DOUBLE PRECISION" if c.type.sql == "DOUBLE" else c.type.sql}'
                for c in spec.columns
            )
            pg.execute(f'CREATE TABLE "{schema}"."{name}" ({cols})')
            names = ", ".join(f'"{c}"' for c in data.column_names)
            with pg.cursor().copy(f'COPY "{schema}"."{name}" ({names}) FROM STDIN') as copy:
                for row in zip(
                    *(data.column(c).to_pylist() for c in data.column_names), strict=True
                ):
                    copy.write_row(row)


def _drop_postgres(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(_plain(url), autocommit=True) as pg:
        pg.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _plain(url: str) -> str:
    parts = urllib.parse.urlparse(url)
    return urllib.parse.urlunparse(parts._replace(scheme="postgresql", query=""))


@contextlib.contextmanager
def temporary_postgres(workspace: Workspace, url: str = DEFAULT_POSTGRES_URL) -> Iterator[Backend]:
    """Copy ``workspace`` into a new PostgreSQL schema; yield a backend; drop the schema."""
    tables, fingerprints = read_workspace(workspace)
    schema = f"placewell_tmp_{secrets.token_hex(4)}"
    _copy_postgres(url, schema, tables)
    backend = None
    try:
        sep = "&" if "?" in url else "?"
        backend = _postgres(f"{url}{sep}schema={schema}", workspace)
        backend.source_fingerprints = fingerprints
        yield backend
    finally:
        if backend is not None:
            backend.close()
        _drop_postgres(url, schema)


def spark_session(master: str = "local[2]", app_name: str = "placewell") -> Any:
    """The active Spark session, or a new one for one machine (no UI, few partitions)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    session = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def to_spark(workspace: Workspace, con: Any) -> dict[str, str]:
    """Register the workspace's contract tables as Spark temporary views; fingerprints."""
    tables, fingerprints = read_workspace(workspace)
    session = con._session
    for name, data in tables.items():
        con.create_view(name, ibis.memtable(data), overwrite=True)
        session.catalog.cacheTable(name)  # scanned by every indicator: keep it in memory
    return fingerprints
