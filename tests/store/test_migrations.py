"""Migrations: upgrade, downgrade, models match migrations, a clean chain (both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from placewell.errors import ConfigError, WorkspaceError
from placewell.store import current_revision, downgrade, ensure_current, get_engine, upgrade
from placewell.store.migrate import MIGRATIONS, alembic_config, head_revision
from placewell.store.models import metadata


def _tables(url: str) -> set[str]:
    return set(inspect(get_engine(url)).get_table_names())


def test_upgrade_creates_every_table(db_url: str) -> None:
    assert current_revision(db_url) is None
    upgrade(db_url)
    assert _tables(db_url) == set(metadata.tables) | {"alembic_version"}
    assert current_revision(db_url) == head_revision()


def test_models_match_migrations(migrated_url: str) -> None:
    """Like ``alembic check``: autogenerate finds nothing to add, drop or alter."""
    with get_engine(migrated_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, metadata)
    assert diffs == []


def test_downgrade_to_base_and_up_again(migrated_url: str) -> None:
    downgrade(migrated_url, "base")
    assert _tables(migrated_url) <= {"alembic_version"}
    assert current_revision(migrated_url) is None
    upgrade(migrated_url)
    assert _tables(migrated_url) == set(metadata.tables) | {"alembic_version"}


def test_ensure_current_upgrades_an_empty_database_once(db_url: str) -> None:
    ensure_current(db_url)
    assert current_revision(db_url) == head_revision()
    ensure_current(db_url)  # cached: no second upgrade
    assert current_revision(db_url) == head_revision()


def test_database_from_a_newer_placewell_is_refused(migrated_url: str) -> None:
    with get_engine(migrated_url).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    from placewell.store import dispose_engines

    dispose_engines(migrated_url)
    with pytest.raises(WorkspaceError, match="newer placewell"):
        ensure_current(migrated_url)


def test_the_migration_chain_is_linear_and_packaged() -> None:
    script = ScriptDirectory.from_config(alembic_config(""))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    revisions = list(script.walk_revisions())
    for rev in revisions:
        assert rev.path is not None
        assert Path(rev.path).name.startswith(f"{rev.revision}_"), rev.path
    assert revisions[-1].revision == "0001"
    assert MIGRATIONS.is_dir() and (MIGRATIONS / "env.py").is_file()
    assert (MIGRATIONS / "script.py.mako").is_file()
    assert MIGRATIONS.parent.name == "store"


def test_unreachable_databases_are_workspace_errors(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="cannot open the application database"):
        current_revision(f"sqlite:///{tmp_path / 'missing' / 'app.sqlite'}")
    with pytest.raises(WorkspaceError, match="postgresql"):
        current_revision("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def test_bad_urls_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="not a SQLAlchemy URL"):
        get_engine("not a url")
    with pytest.raises(ConfigError, match="SQLite or PostgreSQL"):
        get_engine("mysql://user@host/db")
