"""Helpers of the web tests: the demo users, signing in, reading CSRF tokens from pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"
STRATEGY = "cherishing-our-families"  # East Ayrshire partnership, S37000008
OUTCOME = "early-help"
ACTION = "COF-02"  # in progress, rated amber
OTHER_STRATEGY = "na-health-wellbeing-vision"  # North Ayrshire, S37000020
DRAFT = "draft-plan"


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    partnership: str | None = None


ACCOUNTS = {
    "admin": Account("ada", "admin"),
    "editor": Account("eddie", "editor", "S37000008"),
    "editor_other": Account("nora", "editor", "S37000020"),
    "analyst": Account("ann", "analyst"),
    "viewer": Account("vic", "viewer"),
}

DRAFT_YAML = f"""
id: {DRAFT}
title: A draft plan nobody outside may see
organisation:
  name: East Ayrshire Health and Social Care Partnership
  code: S37000008
status: draft
priorities:
- id: DP-1
  title: A draft priority
  actions:
  - id: DP-A1
    title: A draft action
"""

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = _CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form (GET for the token, POST the form); assert it worked."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    assert "placewell_session" in client.cookies


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))
