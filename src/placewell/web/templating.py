"""Server-rendered pages: one Jinja2 environment, shared filters, one ``render`` helper.

Templates live in ``templates/``: ``base.html`` (the layout: skip link, header,
navigation, phase banner, breadcrumbs, main, footer) and ``macros/`` (status tags,
summary lists, form fields with errors, pagination, charts). Every page extends
``base.html`` and sets ``title`` and one ``<h1>``. Autoescaping is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from placewell import __version__
from placewell.auth.roles import ANONYMOUS, Capability, Principal
from placewell.errors import PlacewellError

__all__ = ["NavItem", "environment", "render"]


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation, shown to those with ``capability``."""

    label: str
    path: str
    capability: Capability | None = None

    def current(self, path: str) -> bool:
        return path == self.path if self.path == "/" else path.startswith(self.path)


def _date(value: date | datetime | None, fmt: str = "%-d %B %Y") -> str:
    if value is None:
        return ""
    return value.strftime(fmt)


def _when(value: datetime | None) -> str:
    return value.strftime("%-d %b %Y %H:%M UTC") if value else ""


def _words(value: str | None) -> str:
    """``in_progress`` -> ``In progress``."""
    return (value or "").replace("_", " ").capitalize()


def _error_for(errors: list[Any], name: str) -> str | None:
    """The message of the first error on field ``name`` (None when it has none)."""
    for error in errors:
        if getattr(error, "field", None) == name:
            return str(error.message)
    return None


def _sentence(value: str | None) -> str:
    """The first letter in capitals, the rest as written (unlike Jinja's ``capitalize``)."""
    text = value or ""
    return text[:1].upper() + text[1:]


def _web_link(value: str | None) -> bool:
    """Whether a stored link may be an ``href`` (http or https only, never javascript:)."""
    return (value or "").lower().startswith(("https://", "http://"))


def _query(base: dict[str, Any], **changes: Any) -> str:
    """A query string from ``base`` with ``changes`` (None drops a key)."""
    merged = {**base, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


@cache
def environment() -> Environment:
    """The Jinja2 environment of the web app (templates from the package)."""
    env = Environment(
        loader=PackageLoader("placewell.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = _date
    env.filters["when"] = _when
    env.filters["words"] = _words
    env.filters["sentence"] = _sentence
    env.globals["query"] = _query
    env.globals["error_for"] = _error_for
    env.tests["web_link"] = _web_link
    env.globals["Capability"] = Capability
    env.globals["version"] = __version__
    return env


def _principal(request: Request) -> Principal:
    from placewell.web.deps import get_principal

    try:
        return get_principal(request)
    except PlacewellError:
        return ANONYMOUS


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the common context: who is signed in, CSRF token, navigation."""
    from placewell.web.deps import csrf_token, get_services

    services = get_services(request)
    principal = _principal(request)
    nav: list[NavItem] = request.app.state.nav
    ctx: dict[str, Any] = {
        "request": request,
        "path": request.url.path,
        "principal": principal,
        "csrf_token": csrf_token(request),
        "site_name": services.web.site_name,
        "nav": [n for n in nav if n.capability is None or principal.can(n.capability)],
        "breadcrumbs": [],
        "errors": [],
        "url": lambda name, **params: str(request.app.url_path_for(name, **params)),
    }
    ctx.update(context or {})
    html = environment().get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code)
    if principal.authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response
