"""Local accounts, sign-in with a rate limit, browser sessions and API tokens.

::

    auth = AuthService(url, audit=AuditService(url))
    auth.add_user("jo", "editor", partnership="S37000008", password="...", actor=cli)
    user = auth.authenticate("jo", "...", ip="10.0.0.1")   # or AuthenticationError / 429
    token = auth.start_session(user, ip=..., user_agent=...)  # the cookie's value
    auth.principal_for_session(token)                          # Principal or None

Failed sign-ins are counted in the database per user name and address: after
``max_failures`` within ``window`` the next attempts are refused with
:class:`RateLimitedError` until the window has passed (a success resets the count).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from placewell.auth.audit import AuditService
from placewell.auth.errors import AuthenticationError, RateLimitedError
from placewell.auth.passwords import (
    check_password_policy,
    digest,
    hash_password,
    needs_rehash,
    new_token,
    verify_password,
)
from placewell.auth.roles import Channel, Principal, Role
from placewell.errors import NotFoundError, ValidationError
from placewell.store import ensure_current, session_scope
from placewell.store.access import (
    delete_expired_sessions,
    failures_since,
    last_success_at,
    prune_attempts,
    session_by_hash,
    token_by_hash,
    user_by_name,
    users,
)
from placewell.store.base import as_utc, utcnow
from placewell.store.users import ROLES, ApiToken, LoginAttempt, User, UserSession

__all__ = ["AuthService", "UserRecord"]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")
_PARTNERSHIP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")


@dataclass(frozen=True)
class UserRecord:
    """An account as services return it (never the password hash)."""

    id: int
    username: str
    display_name: str | None
    role: Role
    partnership: str | None
    active: bool
    created_at: datetime | None
    last_login_at: datetime | None

    def principal(self, channel: Channel) -> Principal:
        return Principal(
            self.username, self.role, self.partnership, self.id, channel, self.display_name
        )


def _record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        partnership=user.partnership,
        active=user.active,
        created_at=as_utc(user.created_at),
        last_login_at=as_utc(user.last_login_at),
    )


def normalise_username(username: str) -> str:
    """User names are case-insensitive: stored and compared in lower case."""
    return username.strip().lower()


class AuthService:
    """Accounts, sessions and tokens in one application database."""

    def __init__(
        self,
        url: str,
        *,
        audit: AuditService | None = None,
        clock: Callable[[], datetime] = utcnow,
        session_hours: float = 8.0,
        max_failures: int = 5,
        window: timedelta = timedelta(minutes=15),
        migrate: bool = True,
    ) -> None:
        self.url = url
        self.clock = clock
        self.audit = audit or AuditService(url, clock=clock, migrate=migrate)
        self.session_length = timedelta(hours=session_hours)
        self.max_failures = max_failures
        self.window = window
        if migrate:
            ensure_current(url)

    # -- accounts -----------------------------------------------------------------
    def add_user(
        self,
        username: str,
        role: str,
        *,
        password: str,
        partnership: str | None = None,
        display_name: str | None = None,
        actor: Principal,
    ) -> UserRecord:
        """Create an account; the password must meet the policy."""
        name = normalise_username(username)
        if not _USERNAME.match(name):
            raise ValidationError(
                f"user name {username!r} is not allowed; use 2 to 80 letters, digits, "
                "'.', '_', '-' or '@', starting with a letter or digit"
            )
        if role not in ROLES:
            raise ValidationError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
        if partnership is not None and not _PARTNERSHIP.match(partnership):
            raise ValidationError(
                f"partnership {partnership!r} is not an organisation code such as S37000008"
            )
        if partnership is not None and role != "editor":
            raise ValidationError("only editors are limited to a partnership; drop --partnership")
        check_password_policy(password, name)
        with session_scope(self.url) as session:
            if user_by_name(session, name) is not None:
                raise ValidationError(f"user {name!r} already exists; `placewell users list`")
            user = User(
                username=name,
                display_name=display_name,
                role=role,
                partnership=partnership,
                password_hash=hash_password(password),
                active=True,
            )
            session.add(user)
            session.flush()
            record = _record(user)
        self.audit.record(
            actor, "user.create", "user", {"role": role, "partnership": partnership}, key=name
        )
        return record

    def set_password(self, username: str, password: str, *, actor: Principal) -> None:
        """Replace a user's password and end their sessions."""
        name = normalise_username(username)
        check_password_policy(password, name)
        with session_scope(self.url) as session:
            user = self._user(session, name)
            user.password_hash = hash_password(password)
            user.sessions.clear()
        self.audit.record(actor, "user.password", "user", key=name)

    def set_active(self, username: str, active: bool, *, actor: Principal) -> None:
        """Enable or disable an account; disabling ends its sessions and revokes its tokens."""
        name = normalise_username(username)
        with session_scope(self.url) as session:
            user = self._user(session, name)
            user.active = active
            if not active:
                user.sessions.clear()
                for token in user.tokens:
                    token.revoked_at = token.revoked_at or self.clock()
        self.audit.record(actor, "user.enable" if active else "user.disable", "user", key=name)

    def list_users(self) -> list[UserRecord]:
        """Every account, by user name."""
        with session_scope(self.url) as session:
            return [_record(u) for u in users(session)]

    def get_user(self, username: str) -> UserRecord:
        with session_scope(self.url) as session:
            return _record(self._user(session, normalise_username(username)))

    # -- signing in ---------------------------------------------------------------
    def authenticate(self, username: str, password: str, *, ip: str) -> UserRecord:
        """Check a user name and password, counting failures per user name and address."""
        name = normalise_username(username)[:80]
        now = self.clock()
        with session_scope(self.url) as session:
            self._check_rate(session, name, ip, now)
            user = user_by_name(session, name)
            ok = verify_password(user.password_hash if user else None, password)
            ok = ok and user is not None and user.active
            session.add(LoginAttempt(username=name, ip=ip[:64], attempted_at=now, succeeded=ok))
            if not ok or user is None:
                prune_attempts(session, now - 4 * self.window)
                record = None
            else:
                user.last_login_at = now
                if user.password_hash and needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                record = _record(user)
        if record is None:
            self.audit.record(name, "login.failed", "user", key=name, ip=ip)
            raise AuthenticationError("the user name or password is not right; check and retry")
        self.audit.record(record.principal("session"), "login", "user", key=name, ip=ip)
        return record

    def _check_rate(self, session: Session, name: str, ip: str, now: datetime) -> None:
        since = now - self.window
        success = as_utc(last_success_at(session, name, ip))
        if success is not None and success > since:
            since = success
        failures, oldest = failures_since(session, name, ip, since)
        if failures >= self.max_failures:
            free_at = (as_utc(oldest) or now) + self.window
            wait = max(60, int((free_at - now).total_seconds()))
            minutes = (wait + 59) // 60
            raise RateLimitedError(
                f"too many failed sign-in attempts for {name!r}; wait {minutes} "
                f"minute{'s' if minutes != 1 else ''} and try again",
                retry_after=wait,
            )

    # -- sessions -----------------------------------------------------------------
    def start_session(self, user: UserRecord, *, ip: str | None, user_agent: str | None) -> str:
        """Open a browser session for ``user``; return the token to put in the cookie."""
        token = new_token("pws")
        now = self.clock()
        with session_scope(self.url) as session:
            delete_expired_sessions(session, now)
            session.add(
                UserSession(
                    id=digest(token),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + self.session_length,
                    ip=(ip or "")[:64] or None,
                    user_agent=(user_agent or "")[:300] or None,
                )
            )
        return token

    def principal_for_session(self, token: str) -> Principal | None:
        """The signed-in user of a session token, or ``None`` (unknown or expired)."""
        with session_scope(self.url) as session:
            row = session_by_hash(session, digest(token), self.clock())
            if row is None or not row.user.active:
                return None
            return _record(row.user).principal("session")

    def end_session(self, token: str) -> None:
        """Sign out: forget the session."""
        with session_scope(self.url) as session:
            row = session.get(UserSession, digest(token))
            if row is not None:
                session.delete(row)

    # -- API tokens ---------------------------------------------------------------
    def issue_token(self, username: str, *, label: str | None, actor: Principal) -> str:
        """A new API token for ``username``; shown once, stored as a digest."""
        name = normalise_username(username)
        token = new_token("pwt")
        with session_scope(self.url) as session:
            user = self._user(session, name)
            if not user.active:
                raise ValidationError(f"user {name!r} is disabled; enable the account first")
            session.add(
                ApiToken(
                    user_id=user.id,
                    token_hash=digest(token),
                    label=label,
                    created_at=self.clock(),
                )
            )
        self.audit.record(actor, "token.create", "user", {"label": label}, key=name)
        return token

    def revoke_tokens(self, username: str, *, actor: Principal) -> int:
        """Revoke every API token of ``username``; return how many."""
        name = normalise_username(username)
        with session_scope(self.url) as session:
            user = self._user(session, name)
            live = [t for t in user.tokens if t.revoked_at is None]
            for token in live:
                token.revoked_at = self.clock()
        self.audit.record(actor, "token.revoke", "user", {"revoked": len(live)}, key=name)
        return len(live)

    def principal_for_token(self, token: str) -> Principal | None:
        """The user of an API token, or ``None`` (unknown, revoked, or disabled user)."""
        with session_scope(self.url) as session:
            row = token_by_hash(session, digest(token))
            if row is None or not row.user.active:
                return None
            now = self.clock()
            last = as_utc(row.last_used_at)
            if last is None or now - last > timedelta(minutes=5):
                row.last_used_at = now
            return _record(row.user).principal("token")

    @staticmethod
    def _user(session: Session, name: str) -> User:
        user = user_by_name(session, name)
        if user is None:
            raise NotFoundError(f"no user {name!r}; `placewell users list` shows them")
        return user
