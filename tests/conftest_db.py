"""Database fixtures for tests of the application store, on SQLite and PostgreSQL.

Import them into a test package's ``conftest.py``::

    from tests.conftest_db import db_url, migrated_url, postgres_database, _sqlite_template

``db_url`` is parametrised: every test using it runs on a fresh SQLite file and on a
fresh (emptied) PostgreSQL database. ``migrated_url`` is the same at the newest
revision, with empty tables (a copied SQLite template; truncated PostgreSQL tables). PostgreSQL is the local server at
127.0.0.1:5432 (user ``postgres``, trust authentication; ``PLACEWELL_TEST_PG`` names
another server); one uniquely named database is created per test session and dropped
at the end. An unreachable server skips the PostgreSQL cases, except in CI
(``CI=true``), where it fails them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from placewell.store import dispose_engines, upgrade
from placewell.store.migrate import head_revision
from placewell.store.models import metadata

PG_SERVER = os.environ.get("PLACEWELL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {PG_SERVER}: {str(exc).strip().splitlines()[0]}"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run in CI)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A temporary PostgreSQL database for this test session (dropped afterwards)."""
    admin = _admin()
    name = f"placewell_test_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = psycopg.conninfo.conninfo_to_dict(PG_SERVER)
    host, port, user = (
        base.get("host", "127.0.0.1"),
        base.get("port", "5432"),
        base.get("user", "postgres"),
    )
    url = f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    try:
        yield url
    finally:
        dispose_engines(url)
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()


def _empty_postgres(url: str) -> None:
    dispose_engines(url)
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _clear_postgres(url: str) -> None:
    """Empty every table of a migrated database (much faster than migrating again)."""
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        head = conn.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL").fetchone()
        current = None
        if head and head[0]:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
        if current != head_revision() or set(tables) != set(metadata.tables):
            raise LookupError("not at the newest revision")
        with conn.transaction():  # DELETE is quicker than TRUNCATE for a few rows
            for table in reversed(metadata.sorted_tables):
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table.name)))


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SQLite file migrated once per session, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "app.sqlite"
    url = f"sqlite:///{path}"
    upgrade(url)
    dispose_engines(url)
    yield path


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty application database: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_database")
        _empty_postgres(url)
    try:
        yield url
    finally:
        dispose_engines(url)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An application database at the newest revision with empty tables (both backends)."""
    if request.param == "sqlite":
        path = tmp_path / "app.sqlite"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_database")
        dispose_engines(url)
        try:
            _clear_postgres(url)
        except LookupError:
            _empty_postgres(url)
            upgrade(url)
    try:
        yield url
    finally:
        dispose_engines(url)
