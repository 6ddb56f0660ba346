"""Tables of a strategy: organisations, strategies, themes, outcomes, priorities, indicator links.

A strategy belongs to an organisation (a partnership, council, health board ...). It
has cross-cutting themes, outcomes, and priorities; a priority sits under an outcome
or directly under the strategy. Outcomes and priorities link to indicators with a
target or a national standard. Items are ordered by ``position`` (the order of the
strategy's YAML file). Short lists of codes (tags, national outcomes, wellbeing
indicators) are JSON columns: they are read with their item and never queried alone.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placewell.store.base import Base, Versioned

if TYPE_CHECKING:
    from placewell.store.actions import Action, Risk

__all__ = ["IndicatorLink", "Organisation", "Outcome", "Priority", "Strategy", "Theme"]

KEY = 80  # length of item identifiers written by people ('NA-HWV', 'COF-A3')


class Organisation(Versioned, Base):
    """A partnership, council, health board or other body that owns strategies."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(40))

    strategies: Mapped[list[Strategy]] = relationship(back_populates="organisation")


class Strategy(Versioned, Base):
    """A strategy or plan: the root of outcomes, priorities and actions."""

    __tablename__ = "strategies"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'consultation', 'approved', 'active', 'closed', 'superseded')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    vision: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    governance_group: Mapped[str | None] = mapped_column(String(300))
    lead_officer: Mapped[str | None] = mapped_column(String(300))
    reports_to: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[str | None] = mapped_column(String(40))

    organisation: Mapped[Organisation] = relationship(back_populates="strategies")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="Theme.position"
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="Outcome.position"
    )
    priorities: Mapped[list[Priority]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="Priority.position"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="Risk.position"
    )


class Theme(Versioned, Base):
    """A cross-cutting theme (e.g. fair delivery); items carry theme keys as tags."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("strategy_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(KEY))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    strategy: Mapped[Strategy] = relationship(back_populates="themes")


class Outcome(Versioned, Base):
    """An outcome: what the strategy wants to achieve, and what good looks like."""

    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("strategy_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(KEY))
    title: Mapped[str] = mapped_column(String(300))
    what_good_looks_like: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    national_outcomes: Mapped[list[str]] = mapped_column(JSON)
    wellbeing: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)

    strategy: Mapped[Strategy] = relationship(back_populates="outcomes")
    priorities: Mapped[list[Priority]] = relationship(order_by="Priority.position", viewonly=True)
    indicators: Mapped[list[IndicatorLink]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="IndicatorLink.position"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="Risk.position"
    )


class Priority(Versioned, Base):
    """A priority, under an outcome or directly under the strategy."""

    __tablename__ = "priorities"
    __table_args__ = (UniqueConstraint("strategy_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategies.id", ondelete="CASCADE"))
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(KEY))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(String(300))
    tags: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)

    strategy: Mapped[Strategy] = relationship(back_populates="priorities")
    outcome: Mapped[Outcome | None] = relationship()
    indicators: Mapped[list[IndicatorLink]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="IndicatorLink.position"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Action.position"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Risk.position"
    )


class IndicatorLink(Versioned, Base):
    """An indicator an outcome or priority is judged by, with a target or a standard."""

    __tablename__ = "indicator_links"
    __table_args__ = (
        CheckConstraint("(outcome_id IS NULL) <> (priority_id IS NULL)", name="one_parent"),
        CheckConstraint(
            "target_direction IS NULL OR target_direction IN ('increase', 'decrease', 'maintain')",
            name="target_direction",
        ),
        CheckConstraint(
            "standard_direction IS NULL "
            "OR standard_direction IN ('increase', 'decrease', 'maintain')",
            name="standard_direction",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[str] = mapped_column(String(60), index=True)
    area_code: Mapped[str | None] = mapped_column(String(40))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_direction: Mapped[str | None] = mapped_column(String(10))
    target_date: Mapped[date | None] = mapped_column(Date)
    standard_value: Mapped[float | None] = mapped_column(Float)
    standard_direction: Mapped[str | None] = mapped_column(String(10))
    standard_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    outcome: Mapped[Outcome | None] = relationship(back_populates="indicators")
    priority: Mapped[Priority | None] = relationship(back_populates="indicators")
