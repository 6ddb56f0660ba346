"""The web application factory: ``create_app(settings) -> FastAPI``.

::

    from placewell.config import load_settings
    from placewell.web import create_app
    app = create_app(load_settings(home="placewell-data"))   # serve with uvicorn

One service object (:class:`~placewell.web.services.Services`) on ``app.state``; a
router per area for pages (``pages/``) and for the API (``api/v1/``); one error shape
(:mod:`.errors`); CSRF checked on every state-changing request (a global dependency);
security headers on every response (:mod:`.middleware`). No JavaScript is needed:
every page and form works with plain HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from placewell import __version__
from placewell.config import Settings, load_settings
from placewell.strategy.evidence import EvidenceProvider
from placewell.web.api.v1 import router as api_router
from placewell.web.deps import SESSION_COOKIE, csrf_protect
from placewell.web.errors import install_error_handlers
from placewell.web.middleware import SecurityMiddleware
from placewell.web.pages import AREAS
from placewell.web.services import Services
from placewell.web.settings import WebSettings, load_web_settings
from placewell.web.templating import NavItem

__all__ = ["create_app"]

DESCRIPTION = """
The placewell API: areas, strategies, outcomes and actions with their status and the
reasons for it, and progress updates.

**Who sees what.** Without credentials you see what the public may: published
strategies and aggregate figures. Sign in with the web app's session cookie (then send
the page's CSRF token as `X-CSRF-Token` on POST) or send a personal API token
(`placewell users token USERNAME`) as `Authorization: Bearer <token>`.

**Errors** always answer `{"error": {"status": 404, "code": "not_found", "message": "..."}}`.

**Lists** take `limit` and `offset` and answer `items`, `total`, `limit`, `offset`, `links`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    web: WebSettings | None = None,
    evidence: EvidenceProvider | None = None,
    clock: Callable[[], date] | None = None,
) -> FastAPI:
    """The web app over the workspace and application database of ``settings``.

    ``evidence`` provides indicator values for the status roll-up (default: the
    ``PLACEWELL_EVIDENCE`` setting, else none); ``clock`` gives today's date (tests).
    """
    settings = settings or load_settings()
    web = web or load_web_settings()
    services = Services.build(settings, web, evidence=evidence, clock=clock)
    app = FastAPI(
        title="placewell API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf_protect)],
    )
    app.state.services = services
    nav: list[NavItem] = []
    for area in AREAS:
        app.include_router(area.router)
        nav.extend(getattr(area, "NAV", []))
    app.state.nav = nav
    app.include_router(api_router)
    app.mount("/static", StaticFiles(packages=[("placewell.web", "static")]), name="static")
    install_error_handlers(app)
    app.add_middleware(SecurityMiddleware, secure_cookies=web.secure_cookies)
    _document_security(app)
    return app


def _document_security(app: FastAPI) -> None:
    """Describe the two ways to authenticate in the OpenAPI schema (both optional)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token."},
            "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
