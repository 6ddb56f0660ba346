"""Build the portal's records from a strategy document and its status roll-up.

Pure functions: a :class:`~placewell.strategy.models.StrategyDoc` and the
:class:`~placewell.strategy.status.ItemAssessment` tree of the same strategy in, a
:class:`~placewell.portal.records.StrategyView` out. ``public=True`` leaves out what
only signed-in staff may read (the progress updates' narratives, links and authors).
"""

from __future__ import annotations

from datetime import date

from placewell.portal.records import (
    ActionView,
    Assessment,
    IndicatorView,
    NationalOutcomeView,
    OutcomeView,
    PriorityView,
    StrategyView,
    ThemeView,
    UpdateView,
)
from placewell.strategy.frameworks import national_outcome
from placewell.strategy.models import ActionDoc, OutcomeDoc, PriorityDoc, StrategyDoc
from placewell.strategy.status import IndicatorAssessment, ItemAssessment, Status, fmt_value

__all__ = ["PUBLISHED", "build_strategy"]

PUBLISHED = frozenset({"consultation", "approved", "active", "closed", "superseded"})
_FINISHED = frozenset({"completed", "cancelled"})


def _assessment(status: Status) -> Assessment:
    return Assessment(status.value.value, status.label, tuple(status.reasons), status.score)


def _indicator(ind: IndicatorAssessment) -> IndicatorView:
    ev = ind.evidence
    shown = fmt_value(ev.value, ev.unit) if ev is not None and ev.value is not None else None
    return IndicatorView(
        indicator_id=ind.indicator_id,
        area_code=ind.area_code,
        title=ev.title if ev else None,
        period=ev.period if ev else None,
        value=ev.value if ev else None,
        unit=ev.unit if ev else None,
        shown_value=shown,
        comparison=ev.comparison if ev else None,
        trend=ev.trend if ev else None,
        assessment=_assessment(ind.status),
    )


def _latest(action: ActionDoc) -> int | None:
    if not action.updates:
        return None
    return max(range(len(action.updates)), key=lambda i: (action.updates[i].date, i))


def _action(
    doc: StrategyDoc,
    priority: PriorityDoc,
    outcome_key: str | None,
    action: ActionDoc,
    item: ItemAssessment,
    today: date,
    public: bool,
) -> ActionView:
    index = _latest(action)
    latest = action.updates[index] if index is not None else None
    updates = tuple(
        UpdateView(n + 1, u.date, u.rag, u.percent, u.narrative, tuple(u.evidence), u.author)
        for n, u in enumerate(action.updates)
    )
    return ActionView(
        strategy_key=doc.id,
        strategy_title=doc.title,
        organisation_code=doc.organisation.code,
        priority_key=priority.id,
        priority_title=priority.title,
        outcome_key=outcome_key,
        key=action.id,
        title=action.title,
        description=action.description,
        lead=action.lead,
        partners=tuple(action.partners),
        localities=tuple(action.localities),
        start=action.start,
        due=action.due,
        status=action.status,
        rag=latest.rag if latest else None,
        percent=latest.percent if latest else None,
        last_update=latest.date if latest else None,
        overdue=bool(action.due and action.due < today and action.status not in _FINISHED),
        assessment=_assessment(item.status),
        updates=() if public else tuple(reversed(updates)),
    )


def _priority(
    doc: StrategyDoc,
    priority: PriorityDoc,
    outcome_key: str | None,
    item: ItemAssessment,
    today: date,
    public: bool,
) -> PriorityView:
    actions = {c.key: c for c in item.children if c.kind == "action"}
    return PriorityView(
        strategy_key=doc.id,
        outcome_key=outcome_key,
        key=priority.id,
        title=priority.title,
        description=priority.description,
        lead=priority.lead,
        assessment=_assessment(item.status),
        indicators=tuple(_indicator(i) for i in item.indicators),
        actions=tuple(
            _action(doc, priority, outcome_key, a, actions[a.id], today, public)
            for a in priority.actions
        ),
    )


def _national(code: str) -> NationalOutcomeView:
    try:
        return NationalOutcomeView(code, national_outcome(code).short_title)
    except KeyError:
        return NationalOutcomeView(code, code)


def _outcome(
    doc: StrategyDoc, outcome: OutcomeDoc, item: ItemAssessment, today: date, public: bool
) -> OutcomeView:
    children = {c.key: c for c in item.children if c.kind == "priority"}
    return OutcomeView(
        strategy_key=doc.id,
        strategy_title=doc.title,
        key=outcome.id,
        title=outcome.title,
        what_good_looks_like=outcome.what_good_looks_like,
        description=outcome.description,
        national_outcomes=tuple(_national(c) for c in outcome.national_outcomes),
        wellbeing=tuple(outcome.wellbeing),
        assessment=_assessment(item.status),
        indicators=tuple(_indicator(i) for i in item.indicators),
        priorities=tuple(
            _priority(doc, p, outcome.id, children[p.id], today, public) for p in outcome.priorities
        ),
    )


def build_strategy(
    doc: StrategyDoc, tree: ItemAssessment, *, today: date, public: bool
) -> StrategyView:
    """The record of a whole strategy, from its document and its roll-up."""
    outcomes = {c.key: c for c in tree.children if c.kind == "outcome"}
    priorities = {c.key: c for c in tree.children if c.kind == "priority"}
    return StrategyView(
        key=doc.id,
        title=doc.title,
        organisation=doc.organisation.name,
        organisation_code=doc.organisation.code,
        period_start=doc.period.start if doc.period else None,
        period_end=doc.period.end if doc.period else None,
        status=doc.status,
        published=doc.status in PUBLISHED,
        version=doc.version,
        vision=doc.vision,
        description=doc.description,
        governance_group=doc.governance_group,
        lead_officer=doc.lead_officer,
        reports_to=doc.reports_to,
        assessment=_assessment(tree.status),
        themes=tuple(ThemeView(t.id, t.title, t.description) for t in doc.themes),
        outcomes=tuple(_outcome(doc, o, outcomes[o.id], today, public) for o in doc.outcomes),
        priorities=tuple(
            _priority(doc, p, None, priorities[p.id], today, public) for p in doc.priorities
        ),
    )
