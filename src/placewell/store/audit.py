"""The audit log: every change, every sign-in and every view of person-level data.

Written by :class:`placewell.auth.audit.AuditService` and never updated or deleted by
placewell. It complements ``change_log`` (which records field-level changes to a
strategy): the audit log records *who did what through which door* (web, API, CLI),
including reads of sensitive data that change nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from placewell.store.base import Base, utcnow

__all__ = ["AuditEntry"]


class AuditEntry(Base):
    """One audited event."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))
