"""One error shape for every failure.

The API (``/api/...``) answers ``{"error": {"status": 404, "code": "not_found",
"message": "..."}}`` (422s add ``details``: where and what); pages answer an HTML
error page with the same message. The status comes from the exception:
``PlacewellError.http_status`` for placewell's errors, and 404, 405, 422 and 500 for
routing, validation and unexpected failures. A page that needs signing in redirects
to the sign-in page instead of showing 401.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from placewell.auth.errors import AuthenticationError, RateLimitedError
from placewell.errors import PlacewellError
from placewell.web.deps import CsrfError, is_api

__all__ = ["ErrorBody", "ErrorDetail", "ErrorResponse", "error_code", "install_error_handlers"]

log = logging.getLogger("placewell.web")

_STATUS_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
}
_TITLES = {
    401: "Sign in to continue",
    403: "You do not have permission to do this",
    404: "Page not found",
    405: "This page cannot do that",
    409: "This could not be saved",
    422: "There is a problem with your request",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


class ErrorDetail(BaseModel):
    """Where a request was invalid, and why."""

    location: str
    message: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] | None = None


class ErrorResponse(BaseModel):
    """Every API error: ``{"error": {"status", "code", "message"}}``."""

    error: ErrorBody


def error_code(exc: BaseException, status: int) -> str:
    """A stable snake_case code: from the exception class, or from the status."""
    if isinstance(exc, CsrfError):
        return "csrf_failed"
    if isinstance(exc, AuthenticationError):
        return "authentication_required"
    if isinstance(exc, PlacewellError) and type(exc) is not PlacewellError:
        name = type(exc).__name__.removesuffix("Error")
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return _STATUS_CODES.get(status, f"http_{status}")


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[ErrorDetail] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if is_api(request) or request.url.path == "/openapi.json":
        body = ErrorResponse(
            error=ErrorBody(status=status, code=code, message=message, details=details)
        )
        return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)
    from placewell.web.templating import render

    title = _TITLES.get(status, "There is a problem")
    response = render(
        request,
        "pages/error.html",
        {"title": title, "status": status, "code": code, "message": message, "details": details},
        status_code=status,
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _placewell(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PlacewellError)
    status = exc.http_status
    headers: dict[str, str] = {}
    if isinstance(exc, AuthenticationError):
        if not is_api(request) and request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
        headers["WWW-Authenticate"] = 'Bearer realm="placewell"'
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    if status >= 500:
        log.error("%s: %s", type(exc).__name__, exc.message)
    return _respond(request, status, error_code(exc, status), exc.message, headers=headers)


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else _TITLES.get(status, "error")
    if status == 404:
        message = "there is no page at this address; check it, or start from the overview"
    elif status == 405:
        message = f"{request.method} is not allowed here"
    return _respond(request, status, error_code(exc, status), message, headers=exc.headers)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [
        ErrorDetail(location=_where(tuple(e.get("loc", ()))), message=str(e.get("msg", "")))
        for e in exc.errors()
    ]
    first = details[0] if details else ErrorDetail(location="request", message="invalid")
    message = f"{first.location}: {first.message}"
    return _respond(request, 422, "invalid_request", message, details)


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _respond(
        request, 500, "internal_error", "something went wrong on our side; try again later"
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure in the one shape."""
    app.add_exception_handler(PlacewellError, _placewell)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _unexpected)
