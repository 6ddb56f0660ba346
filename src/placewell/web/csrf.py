"""CSRF protection: a token bound to the browser, checked on every state-changing request.

The token is ``HMAC-SHA256(secret, binding)`` where the binding is the sign-in session
token (signed-in) or a random per-browser cookie (``placewell_csrf``, for the sign-in
form). A forged request from another site cannot read either cookie, so it cannot
make the token. Forms send it as the ``csrf_token`` field; API clients using the
session cookie send it as the ``X-CSRF-Token`` header. Requests with a bearer token
carry no ambient credentials and need none.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["ANON_COOKIE", "FIELD", "HEADER", "make_token", "new_binding", "tokens_match"]

ANON_COOKIE = "placewell_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def new_binding() -> str:
    """A random value for the anonymous CSRF cookie."""
    return secrets.token_urlsafe(32)


def make_token(secret: str, binding: str) -> str:
    """The CSRF token for a binding (session token or anonymous cookie)."""
    mac = hmac.new(secret.encode("utf-8"), b"csrf:" + binding.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()


def tokens_match(secret: str, binding: str | None, sent: str | None) -> bool:
    """Whether ``sent`` is the token of ``binding`` (constant-time comparison)."""
    if not binding or not sent:
        return False
    return hmac.compare_digest(make_token(secret, binding), sent)
