"""The web documentation: every setting, page and API route is written down."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from placewell.web.settings import WebSettings

DOCS = Path(__file__).parents[2] / "docs"


def test_every_web_setting_is_documented() -> None:
    text = (DOCS / "web.md").read_text()
    for name in WebSettings.model_fields:
        assert f"PLACEWELL_{name.upper()}" in text, f"PLACEWELL_{name.upper()} is not documented"


def test_every_route_is_documented(shared_app: FastAPI) -> None:
    text = (DOCS / "web.md").read_text()
    for route in shared_app.routes:
        if isinstance(route, APIRoute):
            shown = route.path.removeprefix("/api/v1")
            assert f"`{shown}`" in text or f"`{route.path}`" in text, f"{route.path} not in web.md"


def test_the_decision_is_recorded() -> None:
    assert (DOCS / "decisions" / "0004-web-app.md").is_file()
