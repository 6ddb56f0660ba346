"""The audit log: changes, sign-ins and views are recorded; admins read it with filters."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from placewell.auth import AuditFilter, AuditService, Principal, Role
from placewell.config import Settings
from tests.web.helpers import ACTION, PASSWORD, STRATEGY, csrf_from, sign_in


def _entries(settings: Settings, **where: str) -> list[tuple[str, str, str | None]]:
    page = AuditService(settings.app_database_url).search(AuditFilter(**where), limit=500)  # type: ignore[arg-type]
    return [(e.username, e.action, e.entity_key) for e in page.entries]


def test_updates_sign_ins_and_sign_outs_are_audited(
    client: TestClient, workspace: Settings, tokens: dict[str, str]
) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "eddie", "password": "wrong", "csrf_token": token})
    sign_in(client, "eddie")
    page = client.get(f"/strategies/{STRATEGY}/actions/{ACTION}/update").text
    version = page.split('name="version" value="')[1].split('"')[0]
    form = {
        "rag": "red",
        "narrative": "Funding delayed.",
        "version": version,
        "csrf_token": csrf_from(page),
    }
    client.post(f"/strategies/{STRATEGY}/actions/{ACTION}/update", data=form)
    client.post(
        f"/api/v1/actions/{STRATEGY}/{ACTION}/updates",
        json={"rag": "amber", "narrative": "Funding agreed."},
        headers={"Authorization": f"Bearer {tokens['admin']}"},
    )
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    entries = _entries(workspace)
    newest_first = [(user, action) for user, action, _ in entries[:5]]
    assert newest_first == [
        ("eddie", "logout"),
        ("ada", "update.create"),
        ("eddie", "update.create"),
        ("eddie", "login"),
        ("eddie", "login.failed"),
    ]
    update = AuditService(workspace.app_database_url).search(
        AuditFilter(action="update.create", username="eddie")
    )
    entry = update.entries[0]
    assert entry.entity == "action" and entry.entity_key == f"{STRATEGY}/{ACTION}"
    assert entry.detail["rag"] == "red" and entry.role == "editor"
    assert entry.channel == "session" and entry.ip == "testclient"
    api = AuditService(workspace.app_database_url).search(AuditFilter(username="ada"))
    assert api.entries[0].channel == "token"
    assert "password" not in json.dumps([e.detail for e in update.entries])


def test_the_audit_service_records_views_of_person_level_data(workspace: Settings) -> None:
    audit = AuditService(workspace.app_database_url)
    analyst = Principal("ann", Role.ANALYST, channel="session")
    audit.record(analyst, "view.person_level", "cohort", {"rows": 120}, key="frailty-ea")
    audit.record("system", "note", "workspace", "free text")
    found = audit.search(AuditFilter(action="view.person_level"))
    assert found.total == 1 and found.entries[0].detail == {"rows": 120}
    assert audit.search(AuditFilter(username="system")).entries[0].detail == {"note": "free text"}
    assert "view.person_level" in audit.actions()


def test_admins_read_the_audit_log_with_filters(client: TestClient) -> None:
    sign_in(client, "ada")
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "vic", "password": "nope", "csrf_token": token})
    sign_in(client, "ada")
    html = client.get("/admin/audit").text
    assert "login.failed" in html and "user.create" in html
    only = client.get("/admin/audit", params={"username": "vic", "action": "login.failed"}).text
    rows = only.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 1 and "vic" in rows
    dated = client.get("/admin/audit", params={"since": "2000-01-01", "until": "2000-01-31"})
    assert "0 entries" in dated.text
    bad = client.get("/admin/audit", params={"since": "yesterday"})
    assert bad.status_code == 422 and "Enter a date like 2026-03-31" in bad.text
    assert client.get("/admin/users").text.count("<tr>") == 6  # header + five accounts


def test_users_created_on_the_command_line_are_audited(workspace: Settings) -> None:
    from placewell.auth import AuthService

    AuthService(workspace.app_database_url).add_user(
        "newbie", "viewer", password=PASSWORD, actor=Principal.cli("root")
    )
    assert _entries(workspace, action="user.create")[0] == ("cli:root", "user.create", "newbie")
