"""Every table of the application store, imported in one place (for Alembic and tests)."""

from __future__ import annotations

from placewell.store.actions import Action, ActionUpdate, Risk
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

__all__ = [
    "Action",
    "ActionUpdate",
    "Base",
    "ChangeLog",
    "IndicatorLink",
    "Organisation",
    "Outcome",
    "Priority",
    "Risk",
    "Strategy",
    "Theme",
    "metadata",
]

metadata = Base.metadata
