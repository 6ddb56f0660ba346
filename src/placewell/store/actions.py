"""Tables of delivery: actions, their progress updates, and risks.

An action is what will be done under a priority, by whom, with which partners, in
which localities and by when. Action updates are the progress reports people record
(RAG, percentage complete, narrative, evidence links). Risks can sit on the strategy,
an outcome, a priority or an action (exactly one of them).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placewell.store.base import Base, Versioned
from placewell.store.strategy import KEY, Outcome, Priority, Strategy

__all__ = ["Action", "ActionUpdate", "Risk"]


class Action(Versioned, Base):
    """What will be done to deliver a priority."""

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("strategy_id", "key"),
        CheckConstraint(
            "status IN ('not_started', 'in_progress', 'completed', 'on_hold', 'cancelled')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id", ondelete="CASCADE"))
    priority_id: Mapped[int] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(KEY), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(String(300))
    partners: Mapped[list[str]] = mapped_column(JSON)
    localities: Mapped[list[str]] = mapped_column(JSON)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    tags: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)

    strategy: Mapped[Strategy] = relationship()
    priority: Mapped[Priority] = relationship(back_populates="actions")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.position"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Risk.position"
    )


class ActionUpdate(Versioned, Base):
    """A progress report on an action: RAG, percentage complete and what happened."""

    __tablename__ = "action_updates"
    __table_args__ = (
        CheckConstraint("rag IN ('red', 'amber', 'green')", name="rag"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_complete"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    update_date: Mapped[date] = mapped_column(Date)
    rag: Mapped[str] = mapped_column(String(5))
    percent_complete: Mapped[int | None] = mapped_column(Integer)
    narrative: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON)
    author: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)

    action: Mapped[Action] = relationship(back_populates="updates")


class Risk(Versioned, Base):
    """A risk to delivery, scored by likelihood and impact (1-5 each)."""

    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN strategy_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN outcome_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN priority_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN action_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_parent",
        ),
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(KEY))
    title: Mapped[str] = mapped_column(String(500))
    likelihood: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    mitigation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)

    strategy: Mapped[Strategy | None] = relationship(back_populates="risks")
    outcome: Mapped[Outcome | None] = relationship(back_populates="risks")
    priority: Mapped[Priority | None] = relationship(back_populates="risks")
    action: Mapped[Action | None] = relationship(back_populates="risks")
