"""FastAPI dependencies: the services, who is asking, the role matrix, CSRF.

Reuse them in every router::

    from placewell.web.deps import allow, require, get_services
    from placewell.auth import Capability, Role

    @router.get("/cohorts/{key}")
    def cohort(key: str, who: Principal = Depends(allow(Capability.VIEW_PERSON_LEVEL)),
               services: Services = Depends(get_services)) -> ...

``require(Role.ADMIN, Role.ANALYST)`` admits those roles; ``allow(capability)`` admits
the roles the matrix gives that capability. Someone not signed in gets 401 (pages
redirect to the sign-in page), a signed-in user without the role 403.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request

from placewell.auth.errors import AuthenticationError
from placewell.auth.roles import ANONYMOUS, Capability, Principal, Role, roles_with
from placewell.errors import PermissionDeniedError
from placewell.web import csrf
from placewell.web.middleware import SESSION_COOKIE
from placewell.web.services import Services

__all__ = [
    "SESSION_COOKIE",
    "CsrfError",
    "allow",
    "client_ip",
    "csrf_protect",
    "csrf_token",
    "get_principal",
    "get_services",
    "is_api",
    "require",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfError(PermissionDeniedError):
    """A state-changing request without a valid CSRF token."""


def get_services(request: Request) -> Services:
    """The app's service object."""
    services: Services = request.app.state.services
    return services


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (errors as JSON, 401 rather than a redirect)."""
    return request.url.path.startswith("/api/")


def client_ip(request: Request) -> str:
    """The client's address (uvicorn applies X-Forwarded-For from trusted proxies)."""
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthenticationError("use 'Authorization: Bearer <token>' with an API token")
    return value.strip()


def get_principal(request: Request) -> Principal:
    """Who is asking: an API token's user, a session's user, or the public (cached)."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    services = get_services(request)
    token = _bearer(request)
    principal: Principal | None
    if token is not None:
        principal = services.auth.principal_for_token(token)
        if principal is None:
            raise AuthenticationError(
                "the API token is not valid (revoked, mistyped or its user disabled); "
                "make a new one with `placewell users token USERNAME`"
            )
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        principal = services.auth.principal_for_session(cookie) if cookie else None
        if principal is not None:
            request.state.session_token = cookie
    request.state.principal = principal or ANONYMOUS
    return request.state.principal


def require(*roles: Role) -> Callable[..., Principal]:
    """A dependency admitting only ``roles`` (``Role.PUBLIC`` admits everyone)."""
    allowed = frozenset(roles)

    def dependency(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        services = get_services(request)
        if not principal.authenticated and not services.web.public_access:
            raise AuthenticationError("sign in to use this service")
        if principal.role in allowed or Role.PUBLIC in allowed:
            return principal
        if not principal.authenticated:
            raise AuthenticationError("sign in (or send an API token) to see this")
        raise PermissionDeniedError(
            f"your role ({principal.role.value}) may not do this; it needs "
            + " or ".join(r.value for r in roles)
        )

    dependency.__name__ = "require_" + "_".join(r.value for r in roles)
    return dependency


def allow(capability: Capability) -> Callable[..., Principal]:
    """A dependency admitting the roles that have ``capability`` in the role matrix."""
    return require(*roles_with(capability))


def csrf_binding(request: Request, principal: Principal) -> str | None:
    """What this browser's CSRF token is bound to: its session, else its CSRF cookie."""
    if principal.channel == "session":
        token: str | None = getattr(request.state, "session_token", None)
        return token
    return getattr(request.state, "csrf_binding", None) or request.cookies.get(csrf.ANON_COOKIE)


def csrf_token(request: Request) -> str:
    """The CSRF token to put in this request's forms."""
    binding = csrf_binding(request, get_principal(request)) or ""
    return csrf.make_token(get_services(request).secret, binding)


async def csrf_protect(request: Request, principal: Principal = Depends(get_principal)) -> None:
    """Refuse a state-changing request without the browser's CSRF token (global dependency)."""
    if request.method in SAFE_METHODS or principal.channel == "token":
        return
    if is_api(request) and principal.channel != "session":
        return  # no ambient credentials: authorisation answers (401)
    sent = request.headers.get(csrf.HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(csrf.FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf.tokens_match(get_services(request).secret, csrf_binding(request, principal), sent):
        raise CsrfError(
            "this form has expired or did not come from this site; go back, reload the "
            "page and try again"
        )
