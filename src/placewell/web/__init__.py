"""The web application: pages for people, a JSON API for programs (FastAPI, Jinja2).

::

    from placewell.web import create_app
    app = create_app(settings)          # or `placewell serve`

See ``docs/web.md`` (pages, roles, security, serving, API) and
``docs/decisions/0004-web-app.md``.
"""

from __future__ import annotations

from placewell.web.app import create_app

__all__ = ["create_app"]
