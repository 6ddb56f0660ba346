"""Make the stored strategy match a document, logging every change.

Items are matched by id (outcomes, priorities, actions, themes within the strategy;
risks within their parent), indicator links by indicator and area, action updates by
their place in the list. Matched items get only their changed fields written (one
change-log row per field); new items are created and missing ones deleted (one row
each, with the item's fields as JSON). Re-importing an unchanged document writes
nothing at all.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from placewell.errors import DefinitionError
from placewell.store.base import Base
from placewell.store.models import (
    Action,
    ActionUpdate,
    ChangeLog,
    IndicatorLink,
    Organisation,
    Outcome,
    Priority,
    Risk,
    Strategy,
    Theme,
)
from placewell.store.repository import organisation_for
from placewell.strategy import _mapping as m
from placewell.strategy.models import ActionDoc, IndicatorLinkDoc, PriorityDoc, RiskDoc, StrategyDoc

__all__ = ["ChangeRecorder", "apply_values", "delete_tree", "sync_strategy"]


def as_text(value: Any) -> str | None:
    """A value as the change log stores it."""
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@dataclass
class _Pending:
    operation: str
    entity: str
    obj: Base | None
    key: str
    field: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass
class ChangeRecorder:
    """Collects the changes of one operation and writes them to ``change_log``."""

    author: str
    strategy_key: str | None
    batch: str = field(default_factory=lambda: str(uuid.uuid4()))
    pending: list[_Pending] = field(default_factory=list)

    def created(self, entity: str, obj: Base, key: str, values: dict[str, Any]) -> None:
        shown = {k: v for k, v in values.items() if v not in (None, [])}
        self.pending.append(_Pending("create", entity, obj, key, new=as_text(shown)))

    def updated(self, entity: str, obj: Base, key: str, name: str, old: Any, new: Any) -> None:
        self.pending.append(_Pending("update", entity, obj, key, name, as_text(old), as_text(new)))

    def deleted(self, entity: str, obj: Base, key: str, values: dict[str, Any]) -> None:
        shown = {k: v for k, v in values.items() if v not in (None, [])}
        self.pending.append(_Pending("delete", entity, obj, key, old=as_text(shown)))

    def __len__(self) -> int:
        return len(self.pending)

    def write(self, session: Session) -> int:
        """Flush the session (so new rows have ids) and add the change-log rows."""
        session.flush()
        for p in self.pending:
            session.add(
                ChangeLog(
                    batch=self.batch,
                    author=self.author,
                    operation=p.operation,
                    entity=p.entity,
                    entity_id=getattr(p.obj, "id", None),
                    entity_key=p.key,
                    strategy_key=self.strategy_key,
                    field=p.field,
                    old_value=p.old,
                    new_value=p.new,
                )
            )
        written = len(self.pending)
        self.pending.clear()
        return written


def apply_values(
    obj: Any, values: dict[str, Any], rec: ChangeRecorder, entity: str, key: str
) -> bool:
    """Write the changed fields of an existing row; log each; stamp who changed it."""
    changed = False
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            setattr(obj, name, new)
            rec.updated(entity, obj, key, name, old, new)
            changed = True
    if changed:
        obj.updated_by = rec.author
    return changed


def _new(
    cls: type[Any],
    values: dict[str, Any],
    rec: ChangeRecorder,
    entity: str,
    ident: str,
    **extra: Any,
) -> Any:
    obj = cls(**values, **extra, updated_by=rec.author)
    rec.created(entity, obj, ident, values)
    return obj


def _values_of(obj: Any) -> dict[str, Any]:
    skip = {"id", "row_version", "created_at", "updated_at", "updated_by"}
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in skip}


def _delete(session: Session, obj: Any, rec: ChangeRecorder, entity: str, key: str) -> None:
    """Log an item's deletion (and its children's) and delete it."""
    if isinstance(obj, Action):
        for n, u in enumerate(obj.updates):
            rec.deleted("action_update", u, f"{key}#{n + 1}", _values_of(u))
    for child in getattr(obj, "indicators", []):
        rec.deleted("indicator_link", child, f"{key}:{child.indicator_id}", _values_of(child))
    for child in getattr(obj, "risks", []):
        rec.deleted("risk", child, child.key, _values_of(child))
    rec.deleted(entity, obj, key, _values_of(obj))
    session.delete(obj)


def _sync_links(
    owner: Outcome | Priority, docs: list[IndicatorLinkDoc], rec: ChangeRecorder
) -> None:
    existing = {(link.indicator_id, link.area_code): link for link in owner.indicators}
    kept: list[IndicatorLink] = []
    for pos, doc in enumerate(docs):
        values = m.link_values(doc, pos)
        key = f"{owner.key}:{doc.indicator}" + (f"@{doc.area}" if doc.area else "")
        link = existing.pop((doc.indicator, doc.area), None)
        if link is None:
            link = _new(IndicatorLink, values, rec, "indicator_link", key)
        else:
            apply_values(link, values, rec, "indicator_link", key)
        kept.append(link)
    for gone in existing.values():
        rec.deleted("indicator_link", gone, f"{owner.key}:{gone.indicator_id}", _values_of(gone))
    owner.indicators = kept


def _sync_risks(owner: Any, docs: list[RiskDoc], rec: ChangeRecorder) -> None:
    existing = {r.key: r for r in owner.risks}
    kept: list[Risk] = []
    for pos, doc in enumerate(docs):
        values = m.risk_values(doc, pos)
        risk = existing.pop(doc.id, None)
        if risk is None:
            risk = _new(Risk, values, rec, "risk", doc.id, key=doc.id)
        else:
            apply_values(risk, values, rec, "risk", doc.id)
        kept.append(risk)
    for gone in existing.values():
        rec.deleted("risk", gone, gone.key, _values_of(gone))
    owner.risks = kept


def _sync_updates(action: Action, doc: ActionDoc, rec: ChangeRecorder) -> None:
    rows = list(action.updates)
    kept: list[ActionUpdate] = []
    for pos, update in enumerate(doc.updates):
        values = m.update_values(update, pos)
        key = f"{doc.id}#{pos + 1}"
        if pos < len(rows):
            apply_values(rows[pos], values, rec, "action_update", key)
            kept.append(rows[pos])
        else:
            kept.append(_new(ActionUpdate, values, rec, "action_update", key))
    for pos, gone in enumerate(rows[len(doc.updates) :], start=len(doc.updates)):
        rec.deleted("action_update", gone, f"{doc.id}#{pos + 1}", _values_of(gone))
    action.updates = kept


def _parent(obj: Any, name: str, new: Any, rec: ChangeRecorder, entity: str) -> None:
    old = getattr(obj, name)
    if old is not new:
        if obj.id is not None:
            rec.updated(
                entity, obj, obj.key, name, getattr(old, "key", None), getattr(new, "key", None)
            )
            obj.updated_by = rec.author
        setattr(obj, name, new)


def _organisation(session: Session, doc: StrategyDoc, rec: ChangeRecorder) -> Organisation:
    values = m.organisation_values(doc.organisation)
    org = organisation_for(session, doc.organisation.name, doc.organisation.code)
    key = doc.organisation.code or doc.organisation.name
    code = doc.organisation.code
    if org is not None and code and org.code and org.code != code:
        raise DefinitionError(
            f"organisation '{org.name}' is stored with code {org.code}, but the strategy gives "
            f"{code}; use the stored code or another organisation name"
        )
    if org is None:
        org = _new(Organisation, values, rec, "organisation", key)
        session.add(org)
    else:
        apply_values(org, values, rec, "organisation", key)
    return org


def sync_strategy(
    session: Session, strategy: Strategy | None, doc: StrategyDoc, rec: ChangeRecorder
) -> Strategy:
    """Create or update ``strategy`` so that it matches ``doc``; return it."""
    org = _organisation(session, doc, rec)
    values = m.strategy_values(doc)
    if strategy is None:
        strategy = _new(Strategy, values, rec, "strategy", doc.id, key=doc.id)
        strategy.organisation = org
        session.add(strategy)
    else:
        apply_values(strategy, values, rec, "strategy", doc.id)
        _parent(strategy, "organisation", org, rec, "strategy")

    themes = {t.key: t for t in strategy.themes}
    kept_themes = []
    for pos, t in enumerate(doc.themes):
        theme = themes.pop(t.id, None)
        if theme is None:
            theme = _new(Theme, m.theme_values(t, pos), rec, "theme", t.id, key=t.id)
        else:
            apply_values(theme, m.theme_values(t, pos), rec, "theme", t.id)
        kept_themes.append(theme)
    for gone in themes.values():
        rec.deleted("theme", gone, gone.key, _values_of(gone))
    strategy.themes = kept_themes

    outcomes = {o.key: o for o in strategy.outcomes}
    kept_outcomes: list[Outcome] = []
    placed: list[tuple[PriorityDoc, Outcome | None, int]] = []
    for pos, o in enumerate(doc.outcomes):
        outcome = outcomes.pop(o.id, None)
        values = m.outcome_values(o, pos)
        if outcome is None:
            outcome = _new(Outcome, values, rec, "outcome", o.id, key=o.id)
        else:
            apply_values(outcome, values, rec, "outcome", o.id)
        kept_outcomes.append(outcome)
        _sync_links(outcome, o.indicators, rec)
        _sync_risks(outcome, o.risks, rec)
        placed.extend((p, outcome, n) for n, p in enumerate(o.priorities))
    placed.extend((p, None, n) for n, p in enumerate(doc.priorities))

    priorities = {p.key: p for p in strategy.priorities}
    actions = {a.key: a for p in strategy.priorities for a in p.actions}
    kept_priorities: list[Priority] = []
    for p, outcome, pos in placed:
        priority = priorities.pop(p.id, None)
        values = m.priority_values(p, pos)
        if priority is None:
            priority = _new(Priority, values, rec, "priority", p.id, key=p.id)
            priority.outcome = outcome
        else:
            apply_values(priority, values, rec, "priority", p.id)
            _parent(priority, "outcome", outcome, rec, "priority")
        kept_priorities.append(priority)
        _sync_links(priority, p.indicators, rec)
        _sync_risks(priority, p.risks, rec)
        kept_actions: list[Action] = []
        for n, a in enumerate(p.actions):
            action = actions.pop(a.id, None)
            values = m.action_values(a, n)
            if action is None:
                action = _new(Action, values, rec, "action", a.id, key=a.id)
                action.strategy = strategy
            else:
                apply_values(action, values, rec, "action", a.id)
                _parent(action, "priority", priority, rec, "action")
            kept_actions.append(action)
            _sync_updates(action, a, rec)
            _sync_risks(action, a.risks, rec)
        priority.actions = kept_actions
    for gone_action in actions.values():
        _delete(session, gone_action, rec, "action", gone_action.key)
    for gone_priority in priorities.values():
        gone_priority.actions = [a for a in gone_priority.actions if a.key not in _keys(doc)]
        _delete(session, gone_priority, rec, "priority", gone_priority.key)
    strategy.priorities = kept_priorities
    for gone_outcome in outcomes.values():
        _delete(session, gone_outcome, rec, "outcome", gone_outcome.key)
    strategy.outcomes = kept_outcomes
    _sync_risks(strategy, doc.risks, rec)
    return strategy


def _keys(doc: StrategyDoc) -> set[str]:
    return {a.id for _, a in doc.all_actions()}


def delete_tree(session: Session, strategy: Strategy, rec: ChangeRecorder) -> None:
    """Log the deletion of a strategy and everything under it, and delete it."""
    for priority in strategy.priorities:
        for action in priority.actions:
            _delete(session, action, rec, "action", action.key)
        _delete(session, priority, rec, "priority", priority.key)
    for outcome in strategy.outcomes:
        _delete(session, outcome, rec, "outcome", outcome.key)
    for theme in strategy.themes:
        rec.deleted("theme", theme, theme.key, _values_of(theme))
    _delete(session, strategy, rec, "strategy", strategy.key)
