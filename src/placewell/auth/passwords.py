"""Password hashing (argon2id, argon2-cffi's defaults) and random secrets.

Hashes carry their parameters, so :func:`needs_rehash` tells when a stored hash
should be upgraded at the next successful sign-in.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from placewell.errors import ValidationError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "check_password_policy",
    "digest",
    "dummy_verify",
    "hash_password",
    "needs_rehash",
    "new_password",
    "new_token",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (with a random salt)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash (``False`` for no hash)."""
    if not stored:
        dummy_verify(password)
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so unknown user names take as long as known."""
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        _HASHER.verify(_dummy_hash(), password)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def check_password_policy(password: str, username: str) -> None:
    """Length over complexity (as NCSC advises): at least 12 characters, not the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long; "
            "three random words make a good one"
        )
    if len(password) > 1024:
        raise ValidationError("the password must be at most 1,024 characters long")
    if password.strip().lower() == username.lower():
        raise ValidationError("the password must not be the user name")


def new_password() -> str:
    """A random password of 20 URL-safe characters."""
    return secrets.token_urlsafe(15)


def new_token(prefix: str) -> str:
    """A random bearer token (256 bits) with a recognisable prefix."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    """The SHA-256 hex digest under which a session or API token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
