"""Security: CSRF on every form and cookie-authenticated API call, cookies, headers, the
sign-in rate limit, sessions that end, no open redirects, escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from placewell.auth import AuthenticationError, AuthService, RateLimitedError
from placewell.config import Settings
from tests.web.helpers import ACTION, PASSWORD, STRATEGY, csrf_from, sign_in

UPDATE = f"/strategies/{STRATEGY}/actions/{ACTION}/update"


def _form(client: TestClient, **extra: str) -> dict[str, str]:
    page = client.get(UPDATE)
    assert page.status_code == 200
    version = page.text.split('name="version" value="')[1].split('"')[0]
    return {
        "rag": "green",
        "narrative": "On track.",
        "version": version,
        "csrf_token": csrf_from(page.text),
        **extra,
    }


def test_every_post_needs_the_csrf_token(client: TestClient) -> None:
    login = client.get("/login")
    data = {"username": "ada", "password": PASSWORD, "next": "/"}
    for token in (None, "0" * 64, "nonsense"):
        sent = data if token is None else {**data, "csrf_token": token}
        response = client.post("/login", data=sent, follow_redirects=False)
        assert response.status_code == 403 and "csrf_failed" in response.text
    assert "placewell_session" not in client.cookies
    data["csrf_token"] = csrf_from(login.text)
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    form = _form(client)
    stolen = {k: v for k, v in form.items() if k != "csrf_token"}
    assert client.post(UPDATE, data=stolen).status_code == 403
    assert client.post(UPDATE, data={**form, "csrf_token": "f" * 64}).status_code == 403
    # the anonymous token stops working once signed in: tokens are bound to the session
    assert client.post(UPDATE, data={**form, "csrf_token": data["csrf_token"]}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    ok = client.post(UPDATE, data=form, follow_redirects=False)
    assert ok.status_code == 303


def test_api_calls_with_the_session_cookie_need_the_csrf_header(client: TestClient) -> None:
    sign_in(client, "eddie")
    url = f"/api/v1/actions/{STRATEGY}/{ACTION}/updates"
    body = {"rag": "green", "narrative": "Cookie-authenticated update."}
    response = client.post(url, json=body)
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    token = csrf_from(client.get("/").text)
    response = client.post(url, json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 201, response.text


def test_a_token_from_another_browser_is_refused(app: FastAPI) -> None:
    with TestClient(app) as mallory, TestClient(app) as alice:
        forged = csrf_from(mallory.get("/login").text)
        alice.get("/login")
        data = {"username": "ada", "password": PASSWORD, "csrf_token": forged}
        assert alice.post("/login", data=data).status_code == 403


def test_cookies_are_httponly_samesite_and_secure_over_https(workspace: Settings) -> None:
    from tests.web.conftest import make_app

    app = make_app(workspace)
    with TestClient(app) as client:
        page = client.get("/login")
        anon = page.headers["set-cookie"]
        assert "placewell_csrf=" in anon and "HttpOnly" in anon and "SameSite=Lax" in anon
        assert "Secure" not in anon
        data = {"username": "ada", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
        session = client.post("/login", data=data, follow_redirects=False).headers["set-cookie"]
        assert session.startswith("placewell_session=pws_")
        assert "HttpOnly" in session and "SameSite=Lax" in session and "Max-Age=28800" in session
    with TestClient(app, base_url="https://testserver") as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]
    with TestClient(make_app(workspace, secure_cookies=True)) as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/api/v1/strategies", "/no-such-page", "/static/placewell.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp  # no scripts at all
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in client.get("/").headers
    assert "cache-control" not in client.get("/api/v1/strategies").headers
    token = {"Authorization": "Bearer nonsense"}
    assert client.get("/api/v1/me", headers=token).headers["cache-control"] == "no-store"


def test_sign_in_is_rate_limited_per_user_name_and_address(app: FastAPI) -> None:
    def attempt(client: TestClient, password: str) -> int:
        token = csrf_from(client.get("/login").text)
        data = {"username": "vic", "password": password, "csrf_token": token}
        return client.post("/login", data=data, follow_redirects=False).status_code

    with TestClient(app, client=("10.0.0.1", 5000)) as client:
        assert [attempt(client, "wrong password!") for _ in range(5)] == [401] * 5
        response_code = attempt(client, PASSWORD)  # right password, but paused
        assert response_code == 429
    with TestClient(app, client=("10.0.0.1", 5000)) as client:
        token = csrf_from(client.get("/login").text)
        data = {"username": "vic", "password": PASSWORD, "csrf_token": token}
        response = client.post("/login", data=data)
        assert response.status_code == 429 and "wait 15 minutes" in response.text
        assert 800 < int(response.headers["retry-after"]) <= 15 * 60
    with TestClient(app, client=("10.0.0.2", 5000)) as other:  # another address is not paused
        assert attempt(other, PASSWORD) == 303


def test_rate_limit_window_and_reset_in_the_store(migrated_url: str) -> None:
    from placewell.auth import Principal

    now = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    auth = AuthService(migrated_url, clock=lambda: now[0])
    auth.add_user("jo", "viewer", password=PASSWORD, actor=Principal.cli("t"))
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.authenticate("jo", "nope", ip="1.2.3.4")
    with pytest.raises(RateLimitedError) as paused:
        auth.authenticate("jo", PASSWORD, ip="1.2.3.4")
    assert paused.value.retry_after == 15 * 60 and paused.value.http_status == 429
    now[0] += timedelta(minutes=15, seconds=1)  # the window has passed
    assert auth.authenticate("JO", PASSWORD, ip="1.2.3.4").username == "jo"
    for _ in range(4):  # a success resets the count
        with pytest.raises(AuthenticationError):
            auth.authenticate("jo", "nope", ip="1.2.3.4")
    assert auth.authenticate("jo", PASSWORD, ip="1.2.3.4").username == "jo"


def test_sign_out_ends_the_session_on_the_server(client: TestClient) -> None:
    sign_in(client, "ada")
    cookie = client.cookies["placewell_session"]
    assert client.get("/admin/audit").status_code == 200
    token = csrf_from(client.get("/").text)
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and "Max-Age=0" in response.headers["set-cookie"]
    client.cookies.set("placewell_session", cookie)  # replaying the old cookie
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303


def test_sessions_expire(workspace: Settings) -> None:
    now = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    auth = AuthService(workspace.app_database_url, clock=lambda: now[0], session_hours=1)
    user = auth.authenticate("ada", PASSWORD, ip="127.0.0.1")
    token = auth.start_session(user, ip="127.0.0.1", user_agent="tests")
    assert auth.principal_for_session(token).username == "ada"  # type: ignore[union-attr]
    now[0] += timedelta(hours=1, seconds=1)
    assert auth.principal_for_session(token) is None


def test_no_open_redirect_after_sign_in(client: TestClient) -> None:
    for target, expected in (
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/actions?rag=red", "/actions?rag=red"),
    ):
        client.cookies.clear()
        token = csrf_from(client.get("/login").text)
        data = {"username": "vic", "password": PASSWORD, "csrf_token": token, "next": target}
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.headers["location"] == expected


def test_a_page_that_needs_sign_in_remembers_where_you_were(client: TestClient) -> None:
    response = client.get(UPDATE, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={UPDATE}"
    assert f'name="next" value="{UPDATE}"' in client.get(response.headers["location"]).text


def test_user_input_is_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_disabled_users_lose_sessions_and_tokens(
    client: TestClient, workspace: Settings, tokens: dict[str, str]
) -> None:
    from placewell.auth import Principal

    sign_in(client, "vic")
    auth = AuthService(workspace.app_database_url)
    auth.set_active("vic", False, actor=Principal.cli("t"))
    assert "Signed in as" not in client.get("/").text
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['viewer']}"})
    assert response.status_code == 401


def test_stored_links_become_hrefs_only_when_they_are_web_addresses(
    client: TestClient, workspace: Settings
) -> None:
    from placewell.strategy import StrategyService

    StrategyService(workspace.app_database_url).record_update(
        f"{STRATEGY}/{ACTION}",
        rag="green",
        note="Imported from a file.",
        author="import",
        evidence=["javascript:alert(1)", "https://example.org/ok"],
    )
    sign_in(client, "vic")
    html = client.get(f"/strategies/{STRATEGY}/actions/{ACTION}").text
    assert 'href="javascript:' not in html and "<li>javascript:alert(1)</li>" in html
    assert 'href="https://example.org/ok"' in html
