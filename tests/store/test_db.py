"""The store's tables and sessions: constraints, cascades, one transaction, optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from placewell.errors import ConflictError
from placewell.store import describe_url, session_scope
from placewell.store.models import (
    Action,
    ActionUpdate,
    Organisation,
    Outcome,
    Priority,
    Strategy,
)


def _seed(url: str) -> int:
    """One organisation, strategy, priority and action; returns the action's id."""
    with session_scope(url) as s:
        org = Organisation(name="North Ayrshire HSCP", code="S37000020", kind="partnership")
        strategy = Strategy(key="s1", title="Strategy", organisation=org, status="active")
        priority = Priority(key="p1", title="Priority", tags=[], position=0, strategy=strategy)
        action = Action(
            key="A1", title="Action", partners=[], localities=["LOC-NA-IRVINE"], status="in_progress",
            tags=[], position=0, strategy=strategy, priority=priority, due_date=date(2026, 3, 31),
        )  # fmt: skip
        action.updates.append(
            ActionUpdate(
                update_date=date(2026, 1, 5), rag="green", narrative="ok", evidence=[], position=0
            )
        )
        s.add_all([org, strategy, priority, action])
        s.flush()
        return action.id


def _count(url: str, model: type) -> int:
    with session_scope(url) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_rows_round_trip_with_json_and_dates(migrated_url: str) -> None:
    action_id = _seed(migrated_url)
    with session_scope(migrated_url) as s:
        action = s.get(Action, action_id)
        assert action is not None
        assert action.localities == ["LOC-NA-IRVINE"]
        assert action.due_date == date(2026, 3, 31)
        assert action.row_version == 1
        assert [u.rag for u in action.updates] == ["green"]


def test_foreign_keys_are_enforced(migrated_url: str) -> None:
    with pytest.raises(IntegrityError), session_scope(migrated_url) as s:
        s.add(Outcome(strategy_id=999, key="o", title="t", national_outcomes=[], wellbeing=[],
                      tags=[], position=0))  # fmt: skip


def test_check_constraints_are_enforced(migrated_url: str) -> None:
    action_id = _seed(migrated_url)
    with pytest.raises(IntegrityError), session_scope(migrated_url) as s:
        action = s.get(Action, action_id)
        assert action is not None
        action.status = "done"


def test_deleting_a_strategy_cascades(migrated_url: str) -> None:
    _seed(migrated_url)
    with session_scope(migrated_url) as s:
        strategy = s.scalars(select(Strategy)).one()
        s.delete(strategy)
    assert _count(migrated_url, Action) == 0
    assert _count(migrated_url, ActionUpdate) == 0
    assert _count(migrated_url, Priority) == 0
    assert _count(migrated_url, Organisation) == 1


def test_a_failed_unit_of_work_changes_nothing(migrated_url: str) -> None:
    with pytest.raises(RuntimeError), session_scope(migrated_url) as s:
        s.add(Organisation(name="Somewhere", kind="council"))
        s.flush()
        raise RuntimeError("boom")
    assert _count(migrated_url, Organisation) == 0


def test_each_update_bumps_the_version(migrated_url: str) -> None:
    action_id = _seed(migrated_url)
    for title in ("B", "C"):
        with session_scope(migrated_url) as s:
            action = s.get(Action, action_id)
            assert action is not None
            action.title = title
    with session_scope(migrated_url) as s:
        action = s.get(Action, action_id)
        assert action is not None and action.row_version == 3


def test_concurrent_saves_of_one_row_conflict(migrated_url: str) -> None:
    """Two sessions read version 1; the second to save fails instead of overwriting."""
    action_id = _seed(migrated_url)
    with pytest.raises(ConflictError, match="reload and reapply"):  # noqa: SIM117
        with session_scope(migrated_url) as first:
            mine = first.get(Action, action_id)
            assert mine is not None
            with session_scope(migrated_url) as second:
                theirs = second.get(Action, action_id)
                assert theirs is not None
                theirs.title = "Their title"
            mine.title = "My title"
    with session_scope(migrated_url) as s:
        action = s.get(Action, action_id)
        assert action is not None
        assert action.title == "Their title" and action.row_version == 2


def test_describe_url_hides_the_password() -> None:
    shown = describe_url("postgresql+psycopg://jo:secret@db.example/placewell")
    assert "secret" not in shown and "jo" in shown
