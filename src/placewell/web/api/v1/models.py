"""Response models of API v1 (the OpenAPI schema at ``/openapi.json`` is made from them).

Built from the portal's records with ``from_attributes``; list endpoints answer a
:class:`Page`: ``items``, ``total``, ``limit``, ``offset`` and ``links``.
"""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActionDetail",
    "ActionOut",
    "AreaDetailOut",
    "AreaOut",
    "AssessmentOut",
    "IndicatorOut",
    "Links",
    "MeOut",
    "NationalOutcomeOut",
    "OutcomeDetail",
    "OutcomeOut",
    "Page",
    "PriorityOut",
    "StrategyDetail",
    "StrategyOut",
    "ThemeOut",
    "UpdateOut",
]

T = TypeVar("T")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Links(BaseModel):
    """Where this page, the next and the previous pages are (None at either end)."""

    self: str
    next: str | None = None
    prev: str | None = None


class Page(BaseModel, Generic[T]):
    """A page of a list: ``limit`` items from ``offset``, out of ``total``."""

    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    links: Links


class AreaOut(_Out):
    code: str
    name: str
    level: str
    parent_code: str | None


class AreaDetailOut(_Out):
    area: AreaOut
    ancestors: list[AreaOut] = Field(description="Parents, nearest first.")
    children: list[AreaOut]
    datazones: int = Field(ge=0, description="How many data zones the area covers.")


class AssessmentOut(_Out):
    """A roll-up status with its reasons in plain English, most serious first."""

    value: str = Field(description="on_track, some_concern, off_track or not_enough_data")
    label: str
    reasons: list[str]
    score: float | None


class IndicatorOut(_Out):
    indicator_id: str
    area_code: str | None
    title: str | None
    period: str | None
    value: float | None
    unit: str | None
    shown_value: str | None
    comparison: str | None
    trend: str | None
    assessment: AssessmentOut


class UpdateOut(_Out):
    number: int = Field(ge=1)
    date: date
    rag: str
    percent: int | None
    narrative: str
    evidence: list[str]
    author: str | None


class ActionOut(_Out):
    strategy_key: str
    key: str
    title: str
    lead: str | None
    localities: list[str]
    start: date | None
    due: date | None
    status: str = Field(description="not_started, in_progress, completed, on_hold or cancelled")
    rag: str | None = Field(description="The latest update's RAG rating (None: no update yet).")
    percent: int | None
    last_update: date | None
    overdue: bool
    assessment: AssessmentOut


class ActionDetail(ActionOut):
    strategy_title: str
    priority_key: str
    priority_title: str
    outcome_key: str | None
    description: str | None
    partners: list[str]
    updates: list[UpdateOut] = Field(
        description="Progress updates, newest first (empty for the public)."
    )
    version: int | None = Field(
        default=None, description="Send as expected_version with an update (signed-in only)."
    )


class PriorityOut(_Out):
    key: str
    title: str
    lead: str | None
    assessment: AssessmentOut
    indicators: list[IndicatorOut]
    actions: list[ActionOut]


class NationalOutcomeOut(_Out):
    code: str
    title: str


class OutcomeOut(_Out):
    strategy_key: str
    key: str
    title: str
    national_outcomes: list[NationalOutcomeOut]
    assessment: AssessmentOut


class OutcomeDetail(OutcomeOut):
    strategy_title: str
    what_good_looks_like: str | None
    description: str | None
    wellbeing: list[str]
    indicators: list[IndicatorOut]
    priorities: list[PriorityOut]


class ThemeOut(_Out):
    key: str
    title: str
    description: str | None


class StrategyOut(_Out):
    key: str
    title: str
    organisation: str
    organisation_code: str | None
    period_start: date | None
    period_end: date | None
    status: str = Field(description="draft, consultation, approved, active, closed, superseded")
    assessment: AssessmentOut


class StrategyDetail(StrategyOut):
    version: str | None
    vision: str | None
    description: str | None
    governance_group: str | None
    lead_officer: str | None
    reports_to: str | None
    themes: list[ThemeOut]
    outcomes: list[OutcomeOut]
    priorities: list[PriorityOut] = Field(description="Priorities directly under the strategy.")


class MeOut(BaseModel):
    """Who the API sees: user name (None for the public), role and capabilities."""

    username: str | None
    role: str
    partnership: str | None
    capabilities: list[str]
