"""Security headers on every response, and the browser's CSRF cookie.

A pure ASGI middleware (no request body buffering). It also answers ``HEAD`` as
``GET`` without the body (FastAPI's routes declare only ``GET``). Every response gets a strict
Content Security Policy (only this site's own styles and images; no scripts are
needed at all), ``X-Content-Type-Options``, ``X-Frame-Options``, ``Referrer-Policy``,
``Permissions-Policy``, and over https ``Strict-Transport-Security``. A browser without
the anonymous CSRF cookie gets one (see :mod:`placewell.web.csrf`).
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from placewell.web import csrf

SESSION_COOKIE = "placewell_session"

__all__ = ["SESSION_COOKIE", "SecurityMiddleware", "cookie_header"]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}


def cookie_header(
    name: str, value: str, *, secure: bool, max_age: int | None, http_only: bool = True
) -> str:
    """A ``Set-Cookie`` value: Path=/, SameSite=Lax, HttpOnly, Secure when asked."""
    parts = [f"{name}={value}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


class SecurityMiddleware:
    """Add the security headers; give a browser its CSRF cookie when it has none."""

    def __init__(self, app: ASGIApp, *, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:  # answer HEAD as GET without the body (FastAPI routes declare GET only)
            scope = {**scope, "method": "GET"}
        https = scope.get("scheme") == "https"
        cookies = _cookies(scope)
        private = SESSION_COOKIE in cookies or any(
            name == b"authorization" for name, _ in scope.get("headers", [])
        )
        binding: str | None = None
        if csrf.ANON_COOKIE not in cookies:
            binding = csrf.new_binding()
            scope.setdefault("state", {})["csrf_binding"] = binding

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("strict-transport-security", "max-age=31536000")
                if private:  # answers for a signed-in user are never cached
                    headers.setdefault("cache-control", "no-store")
                if binding is not None:
                    headers.append(
                        "set-cookie",
                        cookie_header(
                            csrf.ANON_COOKIE,
                            binding,
                            secure=https or self.secure_cookies,
                            max_age=None,
                        ),
                    )
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, wrapped)


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: treat as none
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}
