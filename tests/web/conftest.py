"""Fixtures of the web tests: a small demo workspace, users, the app, clients, a live server.

The demo workspace (5,000 synthetic people, the example strategies, one draft strategy,
one account per role and an API token each) is built once per session; each test that
may write gets its own copy of the application database (the warehouse is shared,
read-only). ``today`` is fixed so statuses do not change with the calendar.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette prefers httpx2 for its test client; httpx works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from placewell.auth import AuthService, Principal
from placewell.config import Settings, load_settings
from placewell.store import dispose_engines
from placewell.strategy import StrategyService
from placewell.web import create_app
from placewell.web.settings import WebSettings
from tests.conftest_db import _sqlite_template, db_url, migrated_url, postgres_database
from tests.web.helpers import ACCOUNTS, DRAFT_YAML, PASSWORD

__all__ = ["_sqlite_template", "db_url", "migrated_url", "postgres_database"]

TODAY = date(2026, 11, 30)
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


@dataclass(frozen=True)
class DemoWorkspace:
    home: Path
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWorkspace]:
    """The demo workspace with accounts and tokens, built once per session."""
    from placewell.demo import setup_demo

    home = tmp_path_factory.mktemp("demo")
    settings = load_settings(home=home)
    setup_demo(settings, people=5_000)
    url = settings.app_database_url
    StrategyService(url).import_yaml(DRAFT_YAML, author="tests")
    auth = AuthService(url)
    actor = Principal.cli("tests")
    tokens = {}
    for role, account in ACCOUNTS.items():
        auth.add_user(
            account.username,
            account.role,
            password=PASSWORD,
            partnership=account.partnership,
            display_name=f"Test {role}",
            actor=actor,
        )
        tokens[role] = auth.issue_token(account.username, label="tests", actor=actor)
    dispose_engines(url)
    yield DemoWorkspace(home, tokens)
    dispose_engines(url)


def copy_workspace(template: DemoWorkspace, target: Path) -> Path:
    """A workspace sharing the template's warehouse, with its own application database."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("workspace.json", "app.sqlite"):
        shutil.copyfile(template.home / name, target / name)
    (target / "warehouse.duckdb").symlink_to(template.home / "warehouse.duckdb")
    return target


@pytest.fixture
def workspace(demo_template: DemoWorkspace, tmp_path: Path) -> Iterator[Settings]:
    """Settings of a fresh copy of the demo workspace (writes do not leak between tests)."""
    home = copy_workspace(demo_template, tmp_path / "ws")
    settings = load_settings(home=home)
    yield settings
    dispose_engines(settings.app_database_url)


def make_app(settings: Settings, **web: object) -> FastAPI:
    web_settings = WebSettings(evidence="demo", secret_key="k" * 40, **web)  # type: ignore[arg-type]
    return create_app(settings, web=web_settings, clock=lambda: TODAY)


@pytest.fixture
def app(workspace: Settings) -> FastAPI:
    return make_app(workspace)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def tokens(demo_template: DemoWorkspace) -> dict[str, str]:
    """An API token per role (from the template database, valid in every copy)."""
    return demo_template.tokens


@pytest.fixture(scope="session")
def shared_app(demo_template: DemoWorkspace, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """One app for read-mostly tests (the role matrix, the API fuzzing)."""
    home = copy_workspace(demo_template, tmp_path_factory.mktemp("shared") / "ws")
    return make_app(load_settings(home=home))


# --- a live server for the browser tests ----------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(
    demo_template: DemoWorkspace, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """uvicorn serving a copy of the demo workspace on a free loopback port, in a thread."""
    import uvicorn

    home = copy_workspace(demo_template, tmp_path_factory.mktemp("live") / "ws")
    settings = load_settings(home=home)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    dispose_engines(settings.app_database_url)
