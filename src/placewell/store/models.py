"""Every table of the application store, imported in one place (for Alembic and tests)."""

from __future__ import annotations

from placewell.store.actions import Action, ActionUpdate, Risk
from placewell.store.audit import AuditEntry
from placewell.store.base import Base
from placewell.store.changes import ChangeLog
from placewell.store.strategy import (
    IndicatorLink,
    Organisation,
    Outcome,
    Priority,
    Strategy,
    Theme,
)
from placewell.store.users import ApiToken, LoginAttempt, User, UserSession

__all__ = [
    "Action",
    "ActionUpdate",
    "ApiToken",
    "AuditEntry",
    "Base",
    "ChangeLog",
    "IndicatorLink",
    "LoginAttempt",
    "Organisation",
    "Outcome",
    "Priority",
    "Risk",
    "Strategy",
    "Theme",
    "User",
    "UserSession",
    "metadata",
]

metadata = Base.metadata
