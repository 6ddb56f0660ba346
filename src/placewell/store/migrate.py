"""Schema migrations of the application store, run from Python (no alembic.ini needed).

The migration scripts ship inside the package (``placewell/store/migrations``);
:func:`alembic_config` points Alembic at them and hands it a connection, so the same
code upgrades a SQLite file in a workspace and a PostgreSQL server::

    from placewell.store import migrate
    migrate.upgrade("sqlite:///placewell-data/app.sqlite")      # to the newest revision
    migrate.downgrade(url, "base")                               # drop every table

New tables come as new revisions in ``migrations/versions`` (``0002_...``), each with
``down_revision`` set to the previous one, so the chain stays linear.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from placewell.errors import WorkspaceError
from placewell.store.db import describe_url, get_engine, schema_checked

__all__ = [
    "MIGRATIONS",
    "alembic_config",
    "current_revision",
    "downgrade",
    "ensure_current",
    "head_revision",
    "upgrade",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic configuration for ``url`` using the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision in the packaged migration scripts."""
    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    assert head is not None  # the package always ships at least one revision
    return head


def _run(url: str, action: str, revision: str) -> None:
    engine = get_engine(url)
    try:
        with engine.begin() as connection:
            cfg = alembic_config(url, connection)
            if action == "upgrade":
                command.upgrade(cfg, revision)
            else:
                command.downgrade(cfg, revision)
    except OperationalError as exc:
        raise WorkspaceError(
            f"cannot migrate the application database {describe_url(url)}: "
            f"{str(exc.orig or exc).strip().splitlines()[0]}"
        ) from None
    finally:
        schema_checked(url, False)


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision`` (the newest by default)."""
    _run(url, "upgrade", revision)


def downgrade(url: str, revision: str) -> None:
    """Downgrade the database at ``url`` to ``revision`` (``'base'`` drops every table)."""
    _run(url, "downgrade", revision)


def current_revision(url: str) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    try:
        with get_engine(url).connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise WorkspaceError(
            f"cannot open the application database {describe_url(url)}: "
            f"{str(exc.orig or exc).strip().splitlines()[0]}"
        ) from None


def ensure_current(url: str) -> None:
    """Upgrade the database to the newest revision unless it is already there.

    Checked once per URL and process; a database at a revision this placewell does
    not know (made by a newer version) is refused rather than touched.
    """
    if schema_checked(url):
        return
    current = current_revision(url)
    head = head_revision()
    if current != head:
        known = {
            s.revision for s in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()
        }
        if current is not None and current not in known:
            raise WorkspaceError(
                f"the application database {describe_url(url)} is at revision {current!r}, "
                "made by a newer placewell; upgrade placewell"
            )
        upgrade(url)
    schema_checked(url, True)
