"""Performance tracking for people: the partnership overview, strategies, outcomes, actions.

:class:`TrackingService` reads every strategy through the strategy service, judges it
with the status roll-up and keeps the result as records (:mod:`.records`). The records
are cached until the strategies change (the change log's newest id), the day changes,
or ``ttl`` seconds pass (indicator evidence may be recomputed meanwhile).

What an audience sees: ``PUBLIC`` (not signed in) sees published strategies only
(any status but ``draft``) and no progress-update narratives; ``INTERNAL`` (signed-in
staff) sees everything.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from placewell.auth.roles import Capability, Principal
from placewell.errors import NotFoundError
from placewell.portal.build import build_strategy
from placewell.portal.records import ActionView, OrganisationGroup, OutcomeView, StrategyView
from placewell.store import session_scope
from placewell.store.portal import latest_change_id
from placewell.strategy.service import StrategyService
from placewell.strategy.status import assess_strategy

__all__ = [
    "ACTION_STATUSES",
    "RAGS",
    "ActionFacets",
    "ActionPage",
    "ActionQuery",
    "Audience",
    "TrackingService",
]

ACTION_STATUSES = ("not_started", "in_progress", "completed", "on_hold", "cancelled")
RAGS = ("red", "amber", "green", "none")


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"

    @classmethod
    def of(cls, principal: Principal) -> Audience:
        """What ``principal`` may read."""
        return cls.INTERNAL if principal.can(Capability.READ_INTERNAL) else cls.PUBLIC


@dataclass(frozen=True)
class ActionQuery:
    """Filters of the action list; ``None`` means any. ``rag='none'``: no update yet."""

    strategy: str | None = None
    status: str | None = None
    rag: str | None = None
    lead: str | None = None
    locality: str | None = None
    overdue: bool | None = None

    def matches(self, a: ActionView) -> bool:
        return (
            (self.strategy is None or a.strategy_key == self.strategy)
            and (self.status is None or a.status == self.status)
            and (self.rag is None or (a.rag or "none") == self.rag)
            and (self.lead is None or a.lead == self.lead)
            and (self.locality is None or self.locality in a.localities)
            and (self.overdue is None or a.overdue == self.overdue)
        )


@dataclass(frozen=True)
class ActionFacets:
    """The values the action filters can take (from the visible actions)."""

    strategies: list[tuple[str, str]]
    leads: list[str]
    localities: list[str]


@dataclass(frozen=True)
class ActionPage:
    items: list[ActionView]
    total: int
    limit: int
    offset: int
    facets: ActionFacets = field(repr=False)


class TrackingService:
    """Read models of the strategies in one application database."""

    def __init__(
        self,
        strategies: StrategyService,
        *,
        clock: Callable[[], date] = date.today,
        ttl: float = 30.0,
    ) -> None:
        self.strategies = strategies
        self.clock = clock
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[Audience, tuple[tuple[int, date], float, tuple[StrategyView, ...]]] = {}

    # -- the snapshot -------------------------------------------------------------
    def snapshot(self, audience: Audience) -> tuple[StrategyView, ...]:
        """Every strategy the audience may see, judged today (cached)."""
        with session_scope(self.strategies.url) as session:
            key = (latest_change_id(session), self.clock())
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(audience)
            if hit is not None and hit[0] == key and now - hit[1] < self.ttl:
                return hit[2]
        views = self._build(audience, key[1])
        with self._lock:
            self._cache[audience] = (key, now, views)
        return views

    def invalidate(self) -> None:
        """Forget the cached records (e.g. after indicator evidence was recomputed)."""
        with self._lock:
            self._cache.clear()

    def _build(self, audience: Audience, today: date) -> tuple[StrategyView, ...]:
        public = audience is Audience.PUBLIC
        views = []
        for summary in self.strategies.list_strategies():
            doc = self.strategies.export_doc(summary.key)
            tree = assess_strategy(doc, self.strategies.evidence, self.strategies.rules, today)
            view = build_strategy(doc, tree, today=today, public=public)
            if view.published or not public:
                views.append(view)
        return tuple(views)

    # -- reading --------------------------------------------------------------------
    def overview(self, audience: Audience) -> list[OrganisationGroup]:
        """The visible strategies grouped by organisation (by name)."""
        groups: dict[str, list[StrategyView]] = {}
        codes: dict[str, str | None] = {}
        for view in self.snapshot(audience):
            groups.setdefault(view.organisation, []).append(view)
            codes[view.organisation] = view.organisation_code
        return [
            OrganisationGroup(name, codes[name], tuple(groups[name])) for name in sorted(groups)
        ]

    def strategy(self, key: str, audience: Audience) -> StrategyView:
        """One strategy (NotFoundError when missing or not visible to the audience)."""
        for view in self.snapshot(audience):
            if view.key == key:
                return view
        raise NotFoundError(f"no strategy '{key}'; the overview lists them")

    def outcomes(self, audience: Audience, strategy: str | None = None) -> list[OutcomeView]:
        """Every visible outcome (of one strategy, or of all)."""
        views = [self.strategy(strategy, audience)] if strategy else self.snapshot(audience)
        return [o for v in views for o in v.outcomes]

    def outcome(self, strategy: str, key: str, audience: Audience) -> OutcomeView:
        for outcome in self.strategy(strategy, audience).outcomes:
            if outcome.key == key:
                return outcome
        raise NotFoundError(f"no outcome '{key}' in strategy '{strategy}'")

    def action(self, strategy: str, key: str, audience: Audience) -> ActionView:
        for action in self.strategy(strategy, audience).all_actions():
            if action.key == key:
                return action
        raise NotFoundError(f"no action '{key}' in strategy '{strategy}'")

    def actions(
        self, query: ActionQuery, audience: Audience, *, limit: int = 50, offset: int = 0
    ) -> ActionPage:
        """Visible actions matching ``query``: overdue first, then by due date."""
        views = self.snapshot(audience)
        every = [a for v in views for a in v.all_actions()]
        found = [a for a in every if query.matches(a)]
        found.sort(key=lambda a: (not a.overdue, a.due or date.max, a.strategy_key, a.key))
        facets = ActionFacets(
            strategies=[(v.key, v.title) for v in views],
            leads=sorted({a.lead for a in every if a.lead}),
            localities=sorted({loc for a in every for loc in a.localities}),
        )
        return ActionPage(found[offset : offset + limit], len(found), limit, offset, facets)

    def action_version(self, strategy: str, key: str) -> int:
        """The version of an action to send back with an update (optimistic locking).

        The stored row's version: every write to the action (an edit of its fields, a
        status change, a new update) increments it, so a form opened before somebody
        else saved carries an older number and is refused.
        """
        return self.strategies.get_item("action", f"{strategy}/{key}").version
