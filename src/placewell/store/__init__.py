"""The application store: strategies, actions, updates and their history (SQLAlchemy).

SQLite file in the workspace by default, PostgreSQL with ``PLACEWELL_DATABASE_URL``;
schema managed by the Alembic migrations in ``migrations/`` (:mod:`.migrate`).
Only this package opens sessions (:func:`session_scope`); services use them.
"""

from __future__ import annotations

from placewell.store.db import describe_url, dispose_engines, get_engine, session_scope
from placewell.store.migrate import current_revision, downgrade, ensure_current, upgrade

__all__ = [
    "current_revision",
    "describe_url",
    "dispose_engines",
    "downgrade",
    "ensure_current",
    "get_engine",
    "session_scope",
    "upgrade",
]
