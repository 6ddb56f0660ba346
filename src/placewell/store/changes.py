"""The change log: who changed what, when, field by field.

The strategy service writes one row per created or deleted item (the item's fields as
JSON in ``new_value`` or ``old_value``) and one row per changed field of an updated
item. Rows written by one operation (an import, an edit) share a ``batch`` id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from placewell.store.base import Base, utcnow

__all__ = ["ChangeLog"]


class ChangeLog(Base):
    """One change to one item (or one field of it)."""

    __tablename__ = "change_log"
    __table_args__ = (
        CheckConstraint("operation IN ('create', 'update', 'delete')", name="operation"),
        Index("ix_change_log_entity_entity_key", "entity", "entity_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[str] = mapped_column(String(36), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author: Mapped[str] = mapped_column(String(200))
    operation: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_key: Mapped[str] = mapped_column(String(200))
    strategy_key: Mapped[str | None] = mapped_column(String(80), index=True)
    field: Mapped[str | None] = mapped_column(String(80))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
