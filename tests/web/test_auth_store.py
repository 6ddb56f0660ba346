"""Accounts, sessions, tokens and the audit log in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from placewell.auth import AuditFilter, AuditService, AuthService, Principal, Role
from placewell.auth.passwords import digest
from placewell.errors import NotFoundError, ValidationError
from placewell.store import session_scope
from placewell.store.users import ApiToken, User, UserSession

ACTOR = Principal.cli("tests")
PASSWORD = "a long enough passphrase"


def test_accounts_store_only_argon2_hashes(migrated_url: str) -> None:
    auth = AuthService(migrated_url)
    user = auth.add_user(
        "Jo.Bloggs", "editor", password=PASSWORD, partnership="S37000008", actor=ACTOR
    )
    assert user.username == "jo.bloggs" and user.role is Role.EDITOR
    with session_scope(migrated_url) as session:
        row = session.scalars(select(User)).one()
        assert row.password_hash and row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash
    assert auth.authenticate("JO.BLOGGS", PASSWORD, ip="1.1.1.1").partnership == "S37000008"
    assert [u.username for u in auth.list_users()] == ["jo.bloggs"]


@pytest.mark.parametrize(
    ("username", "role", "password", "partnership", "message"),
    [
        ("x", "viewer", PASSWORD, None, "user name"),
        ("bad name", "viewer", PASSWORD, None, "user name"),
        ("jo", "superuser", PASSWORD, None, "unknown role"),
        ("jo", "viewer", "short", None, "at least 12"),
        ("jo", "viewer", "jo", None, "at least 12"),
        ("jo", "viewer", PASSWORD, "S37000008", "only editors"),
        ("jo", "editor", PASSWORD, "not a code!", "organisation code"),
    ],
)
def test_account_rules(
    migrated_url: str,
    username: str,
    role: str,
    password: str,
    partnership: str | None,
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message):
        AuthService(migrated_url).add_user(
            username, role, password=password, partnership=partnership, actor=ACTOR
        )


def test_duplicate_and_unknown_users(migrated_url: str) -> None:
    auth = AuthService(migrated_url)
    auth.add_user("jo", "viewer", password=PASSWORD, actor=ACTOR)
    with pytest.raises(ValidationError, match="already exists"):
        auth.add_user("JO", "viewer", password=PASSWORD, actor=ACTOR)
    with pytest.raises(NotFoundError, match="placewell users list"):
        auth.issue_token("nobody", label=None, actor=ACTOR)


def test_sessions_and_tokens_are_stored_as_digests(migrated_url: str) -> None:
    auth = AuthService(migrated_url)
    user = auth.add_user("jo", "analyst", password=PASSWORD, actor=ACTOR)
    session_token = auth.start_session(user, ip="1.1.1.1", user_agent="x" * 1000)
    api_token = auth.issue_token("jo", label="notebook", actor=ACTOR)
    assert session_token.startswith("pws_") and api_token.startswith("pwt_")
    with session_scope(migrated_url) as session:
        stored = session.scalars(select(UserSession)).one()
        assert stored.id == digest(session_token) and len(stored.user_agent or "") == 300
        assert session.scalars(select(ApiToken)).one().token_hash == digest(api_token)
    who = auth.principal_for_token(api_token)
    assert who is not None and who.role is Role.ANALYST and who.channel == "token"
    assert auth.principal_for_session(session_token).channel == "session"  # type: ignore[union-attr]
    assert auth.revoke_tokens("jo", actor=ACTOR) == 1
    assert auth.principal_for_token(api_token) is None
    auth.set_password("jo", "another long passphrase", actor=ACTOR)
    assert auth.principal_for_session(session_token) is None  # a new password ends sessions
    auth.end_session(session_token)  # ending an unknown session is harmless


def test_audit_log_filters_and_paging(migrated_url: str) -> None:
    audit = AuditService(migrated_url)
    for n in range(7):
        audit.record(ACTOR, "update.create" if n % 2 else "login", "action", {"n": n}, key=f"k{n}")
    page = audit.search(AuditFilter(action="update.create"), limit=2)
    assert page.total == 3 and [e.detail["n"] for e in page.entries] == [5, 3]
    assert audit.search(AuditFilter(action="update.create"), limit=2, offset=2).entries[
        0
    ].detail == {"n": 1}
    assert audit.search(AuditFilter(username="cli:tests")).total == 7
    assert audit.actions() == ["login", "update.create"]
