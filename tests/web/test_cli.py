"""``placewell users``, ``placewell serve`` and ``placewell demo --serve``."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from placewell.auth import AuditFilter, AuditService, AuthService
from placewell.cli.main import main
from placewell.config import load_settings
from placewell.store import dispose_engines


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None
) -> tuple[int, str, str]:
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdin = old
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def home(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "ws"
    main(["--home", str(path), "init"])
    yield str(path)
    dispose_engines(load_settings(home=path).app_database_url)


@pytest.mark.parametrize(
    "command",
    [["users"], ["users", "add"], ["users", "list"], ["users", "token"], ["serve"], ["demo"]],
    ids=" ".join,
)
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0 and "Usage" in out


def test_demo_and_serve_options(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["demo", "--help"], capsys)[1]
    assert "--serve" in out and "--port" in out
    out = run(["serve", "--help"], capsys)[1]
    assert "--host" in out and "--port" in out and "--evidence" in out


def test_users_add_list_token_password_disable(
    home: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["--home", home, "users", "add", "Eddie", "--role", "editor", "--partnership", "S37000008",
         "--name", "Eddie Editor", "--password-stdin"],
        capsys,
        stdin="a passphrase of some length\n",
    )  # fmt: skip
    assert code == 0, err
    assert "Added eddie (editor for S37000008)" in out and "Password" not in out
    code, out, _ = run(["--home", home, "users", "add", "vic", "--role", "viewer"], capsys)
    password = re.search(r"Password \(shown once\): (\S+)", out).group(1)  # type: ignore[union-attr]
    settings = load_settings(home=home)
    auth = AuthService(settings.app_database_url)
    assert auth.authenticate("vic", password, ip="cli").username == "vic"
    out = run(["--home", home, "users", "list"], capsys)[1]
    assert "eddie" in out and "Eddie Editor" in out and "S37000008" in out and "vic" in out
    code, out, _ = run(["--home", home, "users", "token", "eddie", "--label", "scripts"], capsys)
    token = out.strip().splitlines()[-1]
    assert code == 0 and token.startswith("pwt_")
    assert auth.principal_for_token(token).username == "eddie"  # type: ignore[union-attr]
    out = run(["--home", home, "users", "token", "eddie", "--revoke"], capsys)[1]
    assert "Revoked 1 token" in out and auth.principal_for_token(token) is None
    out = run(["--home", home, "users", "password", "vic"], capsys)[1]
    assert "New password (shown once)" in out
    run(["--home", home, "users", "disable", "vic"], capsys)
    assert not auth.get_user("vic").active
    run(["--home", home, "users", "enable", "vic"], capsys)
    assert auth.get_user("vic").active
    actions = [
        e.action for e in AuditService(settings.app_database_url).search(AuditFilter()).entries
    ]
    for action in ("user.create", "token.create", "token.revoke", "user.password", "user.disable"):
        assert action in actions


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "jo", "--role", "boss"], "unknown role"),
        (["users", "add", "jo", "--role", "viewer", "--password-stdin"], "no password"),
        (["users", "token", "nobody"], "no user 'nobody'"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    home: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(["--home", home, *args], capsys, stdin="")
    assert code == 2 and message in err and err.count("\n") <= 2


def test_users_need_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--home", str(tmp_path / "none"), "users", "list"], capsys)
    assert code == 2 and "no placewell workspace" in err


def test_serve_starts_uvicorn_on_the_workspace(
    home: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    code, out, err = run(["--home", home, "serve", "--port", "8123"], capsys)
    assert code == 0, err
    assert "http://127.0.0.1:8123" in out
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["server_header"] is False
    assert hasattr(seen["app"], "openapi")


def test_demo_admin_gets_a_new_password_each_time(home: str) -> None:
    from placewell.cli.web import demo_admin

    settings = load_settings(home=home)
    name, first = demo_admin(settings)
    _, second = demo_admin(settings)
    auth = AuthService(settings.app_database_url)
    assert name == "admin" and first != second and len(second) >= 20
    assert auth.authenticate("admin", second, ip="cli").role.value == "admin"


def test_demo_serve_prints_the_admin_sign_in_and_serves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import placewell.demo
    from placewell.cli import web as web_cli

    real = placewell.demo.setup_demo
    monkeypatch.setattr(
        placewell.demo,
        "setup_demo",
        lambda settings, **kw: real(settings, people=5_000, **kw),  # a small demo
    )
    served: dict[str, object] = {}
    monkeypatch.setattr(web_cli, "serve_state", lambda state, **kw: served.update(kw))
    home = tmp_path / "demo"
    code, out, err = run(["--home", str(home), "demo", "--serve", "--port", "8001"], capsys)
    assert code == 0, err
    assert re.search(r"user name: admin\n", out)
    found = re.search(r"password:  (\S+)\n", out)
    assert found and "http://127.0.0.1:8001/login" in out
    assert served == {"host": "127.0.0.1", "port": 8001, "evidence": "demo"}
    settings = load_settings(home=home)
    assert (
        AuthService(settings.app_database_url)
        .authenticate("admin", found.group(1), ip="cli")
        .role.value
        == "admin"
    )
    dispose_engines(settings.app_database_url)


def test_serve_needs_a_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--home", str(tmp_path / "none"), "serve"], capsys)
    assert code == 2 and "no placewell workspace" in err
