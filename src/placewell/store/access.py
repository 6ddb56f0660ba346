"""Queries of the access tables and the audit log, shared by the auth and audit services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from placewell.store.audit import AuditEntry
from placewell.store.users import ApiToken, LoginAttempt, User, UserSession

__all__ = [
    "AuditFilter",
    "audit_actions",
    "audit_entries",
    "delete_expired_sessions",
    "failures_since",
    "last_success_at",
    "prune_attempts",
    "session_by_hash",
    "token_by_hash",
    "user_by_name",
    "users",
]


def user_by_name(session: Session, username: str) -> User | None:
    """The account with this user name (exact, names are stored in lower case)."""
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def users(session: Session) -> Sequence[User]:
    """Every account, by user name."""
    return session.scalars(select(User).order_by(User.username)).all()


def session_by_hash(session: Session, digest: str, now: datetime) -> UserSession | None:
    """The unexpired sign-in session with this token digest, with its user."""
    stmt = select(UserSession).where(UserSession.id == digest, UserSession.expires_at > now)
    return session.scalars(stmt).one_or_none()


def delete_expired_sessions(session: Session, now: datetime) -> int:
    """Remove sessions past their expiry; return how many."""
    result = session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def token_by_hash(session: Session, digest: str) -> ApiToken | None:
    """The unrevoked API token with this digest."""
    stmt = select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    return session.scalars(stmt).one_or_none()


def last_success_at(session: Session, username: str, ip: str) -> datetime | None:
    """When this user name last signed in successfully from this address."""
    stmt = select(func.max(LoginAttempt.attempted_at)).where(
        LoginAttempt.username == username, LoginAttempt.ip == ip, LoginAttempt.succeeded
    )
    return session.scalar(stmt)


def failures_since(
    session: Session, username: str, ip: str, since: datetime
) -> tuple[int, datetime | None]:
    """Failed attempts for this user name and address after ``since``, and the oldest one."""
    stmt = select(func.count(), func.min(LoginAttempt.attempted_at)).where(
        LoginAttempt.username == username,
        LoginAttempt.ip == ip,
        LoginAttempt.attempted_at > since,
        LoginAttempt.succeeded.is_(False),
    )
    count, oldest = session.execute(stmt).one()
    return int(count), oldest


def prune_attempts(session: Session, before: datetime) -> None:
    """Forget sign-in attempts older than ``before`` (they no longer count)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < before))


@dataclass(frozen=True)
class AuditFilter:
    """What to show of the audit log (every field optional)."""

    username: str | None = None
    action: str | None = None
    entity: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _filtered(stmt: Select[Any], f: AuditFilter) -> Select[Any]:
    if f.username:
        stmt = stmt.where(AuditEntry.username == f.username)
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.entity:
        stmt = stmt.where(AuditEntry.entity == f.entity)
    if f.since:
        stmt = stmt.where(AuditEntry.at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEntry.at < f.until)
    return stmt


def audit_entries(
    session: Session, f: AuditFilter, limit: int, offset: int
) -> tuple[Sequence[AuditEntry], int]:
    """A page of the audit log, newest first, and how many entries match."""
    base = _filtered(select(AuditEntry), f)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(base.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return rows, int(total)


def audit_actions(session: Session) -> list[str]:
    """The distinct actions in the audit log (for the filter form)."""
    return sorted(session.scalars(select(AuditEntry.action).distinct()).all())
