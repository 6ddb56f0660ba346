"""What the strategy service returns: plain, frozen records (no database objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from placewell.strategy.models import UpdateDoc

__all__ = [
    "EDITABLE",
    "ChangeRecord",
    "ImportResult",
    "ItemView",
    "Kind",
    "StrategySummary",
    "UpdateRecord",
]

Kind = Literal["strategy", "outcome", "priority", "action"]
EDITABLE: dict[str, tuple[str, ...]] = {
    "strategy": (
        "title", "period", "vision", "description", "governance_group", "lead_officer",
        "reports_to", "status", "version",
    ),
    "outcome": ("title", "what_good_looks_like", "description", "national_outcomes", "wellbeing", "tags"),
    "priority": ("title", "description", "lead", "tags"),
    "action": ("title", "description", "lead", "partners", "localities", "start", "due", "status", "tags"),
}  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the strategy id, whether it was new, how many changes."""

    key: str
    created: bool
    changes: int


@dataclass(frozen=True)
class StrategySummary:
    """One line of the strategy list."""

    key: str
    title: str
    organisation: str
    period_start: date | None
    period_end: date | None
    status: str
    version: str | None
    outcomes: int
    priorities: int
    actions: int


@dataclass(frozen=True)
class ItemView:
    """An item as an editor opens it: its fields and the version to send back."""

    kind: str
    key: str
    strategy_key: str
    version: int
    updated_by: str | None
    updated_at: datetime | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class UpdateRecord:
    """A recorded action update."""

    strategy_key: str
    action_key: str
    number: int
    update: UpdateDoc
    action_status: str


@dataclass(frozen=True)
class ChangeRecord:
    """One row of the change history."""

    changed_at: datetime
    author: str
    operation: str
    entity: str
    entity_key: str
    strategy_key: str | None
    field: str | None
    old_value: str | None
    new_value: str | None
