"""The audit service: ``record(user, action, entity, detail)`` and reading the log back.

Record every change (made in the web app, the API or the CLI), every sign-in and
sign-out, and every view of person-level data::

    audit = AuditService(url)
    audit.record(principal, "update.create", "action", {"rag": "green"}, key="cof/COF-06")
    audit.record(principal, "view.person_level", "cohort", {"rows": 120}, key="frailty-ea")

Actions are dotted verbs (``login.failed``, ``user.create``, ``token.create``,
``update.create``, ``view.person_level``); ``detail`` is a small JSON object (never a
password or a token).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from placewell.auth.roles import Principal
from placewell.store import ensure_current, session_scope
from placewell.store.access import AuditFilter, audit_actions, audit_entries
from placewell.store.audit import AuditEntry
from placewell.store.base import as_utc, utcnow

__all__ = ["AuditFilter", "AuditPage", "AuditRecord", "AuditService"]


@dataclass(frozen=True)
class AuditRecord:
    """One entry of the audit log, as services return it."""

    id: int
    at: datetime
    username: str
    role: str | None
    action: str
    entity: str
    entity_key: str | None
    detail: dict[str, Any]
    ip: str | None
    channel: str


@dataclass(frozen=True)
class AuditPage:
    """A page of the audit log and how many entries match the filter."""

    entries: list[AuditRecord]
    total: int
    limit: int
    offset: int


def _detail(value: Mapping[str, Any] | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return json.dumps({"note": value})
    return json.dumps(dict(value), default=str, sort_keys=True)


def _record(row: AuditEntry) -> AuditRecord:
    try:
        detail = json.loads(row.detail) if row.detail else {}
    except ValueError:
        detail = {"note": row.detail}
    return AuditRecord(
        id=row.id,
        at=as_utc(row.at) or row.at,
        username=row.username,
        role=row.role,
        action=row.action,
        entity=row.entity,
        entity_key=row.entity_key,
        detail=detail if isinstance(detail, dict) else {"note": detail},
        ip=row.ip,
        channel=row.channel,
    )


class AuditService:
    """The audit log of one application database."""

    def __init__(
        self, url: str, *, clock: Callable[[], datetime] = utcnow, migrate: bool = True
    ) -> None:
        self.url = url
        self.clock = clock
        if migrate:
            ensure_current(url)

    def record(
        self,
        user: Principal | str,
        action: str,
        entity: str,
        detail: Mapping[str, Any] | str | None = None,
        *,
        key: str | None = None,
        ip: str | None = None,
    ) -> None:
        """Write one entry: who (a principal or a name), did what, to what, with details."""
        channel: str
        if isinstance(user, Principal):
            username, role, channel = user.name, user.role.value, user.channel
        else:
            username, role, channel = user, None, "system"
        with session_scope(self.url) as session:
            session.add(
                AuditEntry(
                    at=self.clock(),
                    username=username[:80],
                    role=role,
                    action=action[:40],
                    entity=entity[:40],
                    entity_key=key[:200] if key else None,
                    detail=_detail(detail),
                    ip=ip[:64] if ip else None,
                    channel=channel[:10],
                )
            )

    def search(
        self, where: AuditFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> AuditPage:
        """Entries matching ``where``, newest first."""
        with session_scope(self.url) as session:
            rows, total = audit_entries(session, where or AuditFilter(), limit, offset)
            return AuditPage([_record(r) for r in rows], total, limit, offset)

    def actions(self) -> list[str]:
        """The actions that occur in the log."""
        with session_scope(self.url) as session:
            return audit_actions(session)
