"""Signing in and out (local accounts; the session lives in the application database)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from placewell.auth.errors import AuthenticationError, RateLimitedError
from placewell.auth.roles import Principal
from placewell.web.deps import SESSION_COOKIE, client_ip, get_principal, get_services
from placewell.web.forms import FieldError
from placewell.web.middleware import cookie_header
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router", "safe_next"]

router = APIRouter(include_in_schema=False)
NAV: list[NavItem] = []  # signing in is in the header


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(
    request: Request, next_path: str, username: str = "", *, errors: list[FieldError], status: int
) -> HTMLResponse:
    return render(
        request,
        "pages/login.html",
        {"title": "Sign in", "next": next_path, "username": username, "errors": errors},
        status_code=status,
    )


@router.get("/login", name="login", response_class=HTMLResponse)
def login_form(
    request: Request, next: str | None = None, who: Principal = Depends(get_principal)
) -> HTMLResponse:
    return _login_page(request, safe_next(next), errors=[], status=200)


@router.post("/login", name="login_submit")
def login_submit(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    services: Services = Depends(get_services),
) -> Response:
    target = safe_next(next)
    errors = []
    if not username.strip():
        errors.append(FieldError("username", "Enter your user name"))
    if not password:
        errors.append(FieldError("password", "Enter your password"))
    if errors:
        return _login_page(request, target, username, errors=errors, status=422)
    try:
        user = services.auth.authenticate(username, password, ip=client_ip(request))
    except RateLimitedError as exc:
        response = _login_page(
            request, target, username, errors=[FieldError("username", exc.message)], status=429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except AuthenticationError:
        message = "The user name or password is not right"
        return _login_page(
            request, target, username, errors=[FieldError("username", message)], status=401
        )
    token = services.auth.start_session(
        user, ip=client_ip(request), user_agent=request.headers.get("user-agent")
    )
    redirect = RedirectResponse(target, status_code=303)
    secure = services.web.secure_cookies or request.url.scheme == "https"
    max_age = int(services.web.session_hours * 3600)
    redirect.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, token, secure=secure, max_age=max_age)
    )
    return redirect


@router.post("/logout", name="logout")
def logout(
    request: Request,
    who: Principal = Depends(get_principal),
    services: Services = Depends(get_services),
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        services.auth.end_session(token)
    if who.authenticated:
        services.audit.record(who, "logout", "user", key=who.username, ip=client_ip(request))
    response = RedirectResponse("/", status_code=303)
    secure = services.web.secure_cookies or request.url.scheme == "https"
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, "", secure=secure, max_age=0)
    )
    return response
