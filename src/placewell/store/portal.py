"""Queries the portal's read models need (the strategy tables are read through the service)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from placewell.store.changes import ChangeLog

__all__ = ["latest_change_id"]


def latest_change_id(session: Session) -> int:
    """The id of the newest change-log row (0 when nothing was ever changed).

    Every write of the strategy service logs a change, so a cache of anything read
    from strategies is still valid while this number stays the same.
    """
    return int(session.scalar(select(func.max(ChangeLog.id))) or 0)
