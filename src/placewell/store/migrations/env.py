"""Alembic environment of the application store.

Run through :mod:`placewell.store.migrate`, which passes the URL (and usually an open
connection) in ``config.attributes``. SQLite gets batch mode, so later revisions can
alter tables there too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from placewell.store.db import get_engine
from placewell.store.models import metadata

config = context.config


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    url = str(config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or "")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    with get_engine(url).begin() as new_connection:
        _configure(new_connection)


run()
