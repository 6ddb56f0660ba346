"""Fixtures of the strategy tests: databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.conftest_db import _sqlite_template, db_url, migrated_url, postgres_database

__all__ = ["_sqlite_template", "db_url", "migrated_url", "postgres_database"]
