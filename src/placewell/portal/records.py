"""What the portal services return: plain frozen records, ready for a page or the API.

Each strategy item carries its *lifecycle* or *progress* ``status`` as written in the
strategy (``active``, ``in_progress`` ...) and its ``assessment``: the roll-up status
with plain-English reasons (:mod:`placewell.strategy.status`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "ActionView",
    "AreaDetail",
    "AreaView",
    "Assessment",
    "IndicatorView",
    "NationalOutcomeView",
    "OrganisationGroup",
    "OutcomeView",
    "PriorityView",
    "SearchHit",
    "SearchResults",
    "StrategyView",
    "ThemeView",
    "UpdateView",
]


@dataclass(frozen=True)
class Assessment:
    """A roll-up status: ``on_track``, ``some_concern``, ``off_track`` or ``not_enough_data``."""

    value: str
    label: str
    reasons: tuple[str, ...]
    score: float | None


@dataclass(frozen=True)
class IndicatorView:
    """A linked indicator's latest evidence and its status (values are aggregates)."""

    indicator_id: str
    area_code: str | None
    title: str | None
    period: str | None
    value: float | None
    unit: str | None
    shown_value: str | None
    comparison: str | None
    trend: str | None
    assessment: Assessment


@dataclass(frozen=True)
class UpdateView:
    """A progress update on an action (internal: not shown to the public)."""

    number: int
    date: date
    rag: str
    percent: int | None
    narrative: str
    evidence: tuple[str, ...]
    author: str | None


@dataclass(frozen=True)
class ActionView:
    """An action with its latest update, whether it is overdue, and its assessment."""

    strategy_key: str
    strategy_title: str
    organisation_code: str | None
    priority_key: str
    priority_title: str
    outcome_key: str | None
    key: str
    title: str
    description: str | None
    lead: str | None
    partners: tuple[str, ...]
    localities: tuple[str, ...]
    start: date | None
    due: date | None
    status: str
    rag: str | None
    percent: int | None
    last_update: date | None
    overdue: bool
    assessment: Assessment
    updates: tuple[UpdateView, ...] = ()


@dataclass(frozen=True)
class PriorityView:
    strategy_key: str
    outcome_key: str | None
    key: str
    title: str
    description: str | None
    lead: str | None
    assessment: Assessment
    indicators: tuple[IndicatorView, ...]
    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class NationalOutcomeView:
    code: str
    title: str


@dataclass(frozen=True)
class OutcomeView:
    strategy_key: str
    strategy_title: str
    key: str
    title: str
    what_good_looks_like: str | None
    description: str | None
    national_outcomes: tuple[NationalOutcomeView, ...]
    wellbeing: tuple[str, ...]
    assessment: Assessment
    indicators: tuple[IndicatorView, ...]
    priorities: tuple[PriorityView, ...]


@dataclass(frozen=True)
class ThemeView:
    key: str
    title: str
    description: str | None


@dataclass(frozen=True)
class StrategyView:
    """A whole strategy: its fields, its assessment, and everything under it."""

    key: str
    title: str
    organisation: str
    organisation_code: str | None
    period_start: date | None
    period_end: date | None
    status: str
    published: bool
    version: str | None
    vision: str | None
    description: str | None
    governance_group: str | None
    lead_officer: str | None
    reports_to: str | None
    assessment: Assessment
    themes: tuple[ThemeView, ...]
    outcomes: tuple[OutcomeView, ...]
    priorities: tuple[PriorityView, ...]

    def all_priorities(self) -> list[PriorityView]:
        return [p for o in self.outcomes for p in o.priorities] + list(self.priorities)

    def all_actions(self) -> list[ActionView]:
        return [a for p in self.all_priorities() for a in p.actions]


@dataclass(frozen=True)
class OrganisationGroup:
    """The strategies of one organisation, for the overview."""

    name: str
    code: str | None
    strategies: tuple[StrategyView, ...]


@dataclass(frozen=True)
class AreaView:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class AreaDetail:
    area: AreaView
    ancestors: tuple[AreaView, ...]
    children: tuple[AreaView, ...]
    datazones: int


@dataclass(frozen=True)
class SearchHit:
    """One search result: what it is, its title, where it lives, and a snippet."""

    kind: str
    title: str
    strategy_key: str | None
    key: str
    snippet: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class SearchResults:
    text: str
    hits: dict[str, list[SearchHit]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.hits.values())
