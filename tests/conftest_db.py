"""Database fixtures for tests of the application store, on SQLite and PostgreSQL.

Import them into a test package's ``conftest.py``::

    from tests.conftest_db import db_url, migrated_url, postgres_database  # noqa: F401

``db_url`` is parametrised: every test using it runs on a fresh SQLite file and on a
fresh (emptied) PostgreSQL database. PostgreSQL is the local server at
127.0.0.1:5432 (user ``postgres``, trust authentication; ``PLACEWELL_TEST_PG`` names
another server); one uniquely named database is created per test session and dropped
at the end. An unreachable server skips the PostgreSQL cases, except in CI
(``CI=true``), where it fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from placewell.store import dispose_engines, upgrade

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
    host, port, user = base.get("host", "127.0.0.1"), base.get("port", "5432"), base.get("user", "postgres")
    url = f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    try:
        yield url
    finally:
        dispose_engines(url)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def _empty_postgres(url: str) -> None:
    dispose_engines(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


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


@pytest.fixture
def migrated_url(db_url: str) -> str:
    """An application database upgraded to the newest revision."""
    upgrade(db_url)
    return db_url
