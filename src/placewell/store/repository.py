"""Queries of the application store that services share (lookups by key, whole trees)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from placewell.store.actions import Action
from placewell.store.changes import ChangeLog
from placewell.store.strategy import Organisation, Outcome, Priority, Strategy

__all__ = [
    "change_log",
    "count_by_strategy",
    "find_by_key",
    "organisation_for",
    "strategies",
    "strategy_by_key",
    "strategy_tree",
]

Item = TypeVar("Item", Outcome, Priority, Action)


def strategy_tree(session: Session, key: str) -> Strategy | None:
    """A strategy with everything below it loaded in a few queries."""
    stmt = (
        select(Strategy)
        .where(Strategy.key == key)
        .options(
            selectinload(Strategy.organisation),
            selectinload(Strategy.themes),
            selectinload(Strategy.risks),
            selectinload(Strategy.outcomes).selectinload(Outcome.indicators),
            selectinload(Strategy.outcomes).selectinload(Outcome.risks),
            selectinload(Strategy.outcomes).selectinload(Outcome.priorities),
            selectinload(Strategy.priorities).selectinload(Priority.indicators),
            selectinload(Strategy.priorities).selectinload(Priority.risks),
            selectinload(Strategy.priorities)
            .selectinload(Priority.actions)
            .selectinload(Action.updates),
            selectinload(Strategy.priorities)
            .selectinload(Priority.actions)
            .selectinload(Action.risks),
        )
    )
    return session.scalars(stmt).one_or_none()


def strategies(session: Session) -> Sequence[Strategy]:
    """Every strategy, by key, with its organisation."""
    stmt = select(Strategy).options(selectinload(Strategy.organisation)).order_by(Strategy.key)
    return session.scalars(stmt).all()


def count_by_strategy(session: Session, model: type[Outcome | Priority | Action]) -> dict[int, int]:
    """How many outcomes, priorities or actions each strategy has."""
    rows = session.execute(select(model.strategy_id, func.count()).group_by(model.strategy_id))
    return {int(sid): int(n) for sid, n in rows}


def find_by_key(
    session: Session, model: type[Item], key: str, strategy_key: str | None = None
) -> Sequence[Item]:
    """Outcomes, priorities or actions with this key (in one strategy, or in any)."""
    stmt = select(model).where(model.key == key).order_by(model.id)
    if strategy_key is not None:
        stmt = stmt.join(Strategy, Strategy.id == model.strategy_id).where(
            Strategy.key == strategy_key
        )
    return session.scalars(stmt).all()


def strategy_by_key(session: Session, key: str) -> Strategy | None:
    """The strategy with this key."""
    return session.scalars(select(Strategy).where(Strategy.key == key)).one_or_none()


def organisation_for(session: Session, name: str, code: str | None) -> Organisation | None:
    """The organisation with this code, or else with this name."""
    if code:
        found = session.scalars(select(Organisation).where(Organisation.code == code)).first()
        if found is not None:
            return found
    return session.scalars(select(Organisation).where(Organisation.name == name)).first()


def change_log(
    session: Session, strategy_key: str | None = None, limit: int = 100
) -> Sequence[ChangeLog]:
    """The latest changes, newest first (of one strategy, or of all)."""
    stmt = select(ChangeLog).order_by(ChangeLog.id.desc()).limit(limit)
    if strategy_key is not None:
        stmt = stmt.where(ChangeLog.strategy_key == strategy_key)
    return session.scalars(stmt).all()
