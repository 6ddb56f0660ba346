"""The role matrix: every role against every endpoint is allowed, 401 or 403 as designed.

Pages answer 401 by redirecting to the sign-in page (303); the API answers 401 or 403
in the one JSON error shape. Staff use their session (pages) or their API token (API).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from placewell.auth import MATRIX, Capability, Principal, Role, roles_with
from tests.web.helpers import ACCOUNTS, ACTION, DRAFT, OTHER_STRATEGY, OUTCOME, STRATEGY, sign_in

ROLES = ("public", "viewer", "analyst", "editor", "editor_other", "admin")
EVERYONE = dict.fromkeys(ROLES, 200)
STAFF = {**EVERYONE, "public": 404}  # drafts do not exist for the public
ADMIN_ONLY = {"public": 303, **dict.fromkeys(ROLES[1:-1], 403), "admin": 200}
EDIT_OWN = {
    "public": 303,
    "viewer": 403,
    "analyst": 403,
    "editor": 200,
    "editor_other": 403,
    "admin": 200,
}

PAGES: list[tuple[str, dict[str, int]]] = [
    ("/", EVERYONE),
    (f"/strategies/{STRATEGY}", EVERYONE),
    (f"/strategies/{DRAFT}", STAFF),
    (f"/strategies/{STRATEGY}/outcomes/{OUTCOME}", EVERYONE),
    ("/actions", EVERYONE),
    (f"/strategies/{STRATEGY}/actions/{ACTION}", EVERYONE),
    (f"/strategies/{STRATEGY}/actions/{ACTION}/update", EDIT_OWN),
    (f"/strategies/{OTHER_STRATEGY}/actions/NA-HWV-06/update", {**EDIT_OWN, "editor": 403, "editor_other": 200}),
    ("/search?q=care", EVERYONE),
    ("/about", EVERYONE),
    ("/accessibility", EVERYONE),
    ("/api", EVERYONE),
    ("/login", EVERYONE),
    ("/admin/audit", ADMIN_ONLY),
    ("/admin/users", ADMIN_ONLY),
    ("/indicators", EVERYONE),
    ("/indicators/definitions", EVERYONE),
    ("/indicators/NI-12?area=S37000008&breakdown=sex", EVERYONE),
    ("/indicators/NI-12/results.csv?area=S37000008", EVERYONE),
    ("/indicators/NI-12/results.xlsx?area=S37000008", EVERYONE),
    ("/places", EVERYONE),
    ("/places/LOC-EA-KILMARNOCK", EVERYONE),
]  # fmt: skip

API_GET: list[tuple[str, dict[str, int]]] = [
    ("/api/v1/areas", EVERYONE),
    ("/api/v1/areas/S37000008", EVERYONE),
    ("/api/v1/strategies", EVERYONE),
    (f"/api/v1/strategies/{STRATEGY}", EVERYONE),
    (f"/api/v1/strategies/{DRAFT}", STAFF),
    ("/api/v1/outcomes", EVERYONE),
    (f"/api/v1/outcomes/{STRATEGY}/{OUTCOME}", EVERYONE),
    ("/api/v1/actions", EVERYONE),
    (f"/api/v1/actions/{STRATEGY}/{ACTION}", EVERYONE),
    (f"/api/v1/actions/{STRATEGY}/{ACTION}/updates", {**EVERYONE, "public": 401}),
    ("/api/v1/me", EVERYONE),
    ("/api/v1/indicators", EVERYONE),
    ("/api/v1/indicators/NI-12", EVERYONE),
    ("/api/v1/values?indicator=NI-12&area_level=partnership", EVERYONE),
]
API_POST = {
    "public": 401,
    "viewer": 403,
    "analyst": 403,
    "editor": 201,
    "editor_other": 403,
    "admin": 201,
}


@pytest.fixture(scope="module")
def sessions(shared_app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """A signed-in browser per role (and one for the public)."""
    clients = {}
    for role in ROLES:
        client = TestClient(shared_app)
        if role != "public":
            sign_in(client, ACCOUNTS[role].username)
        clients[role] = client
    yield clients
    for client in clients.values():
        client.close()


@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[p for p, _ in PAGES])
def test_pages_by_role(
    sessions: dict[str, TestClient], path: str, expected: dict[str, int]
) -> None:
    for role in ROLES:
        response = sessions[role].get(path, follow_redirects=False)
        assert response.status_code == expected[role], (role, path, response.text[:300])
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize(("path", "expected"), API_GET, ids=[p for p, _ in API_GET])
def test_api_reads_by_role(
    shared_app: FastAPI, tokens: dict[str, str], path: str, expected: dict[str, int]
) -> None:
    with TestClient(shared_app) as client:
        for role in ROLES:
            headers = {} if role == "public" else {"Authorization": f"Bearer {tokens[role]}"}
            response = client.get(path, headers=headers)
            assert response.status_code == expected[role], (role, path, response.text[:300])
            if response.status_code >= 400:
                assert response.json()["error"]["status"] == expected[role]


def test_api_update_by_role(shared_app: FastAPI, tokens: dict[str, str]) -> None:
    with TestClient(shared_app) as client:
        for role in ROLES:
            headers = {} if role == "public" else {"Authorization": f"Bearer {tokens[role]}"}
            body = {"rag": "green", "narrative": f"progress noted by {role}"}
            response = client.post(
                f"/api/v1/actions/{STRATEGY}/{ACTION}/updates", json=body, headers=headers
            )
            assert response.status_code == API_POST[role], (role, response.text)


def test_the_matrix_itself() -> None:
    assert roles_with(Capability.ADMINISTER) == (Role.ADMIN,)
    assert roles_with(Capability.EDIT_STRATEGY) == (Role.ADMIN, Role.EDITOR)
    assert roles_with(Capability.VIEW_PERSON_LEVEL) == (Role.ADMIN, Role.ANALYST)
    assert roles_with(Capability.DEFINE_INDICATORS) == (Role.ADMIN, Role.ANALYST)
    assert roles_with(Capability.READ_INTERNAL) == (
        Role.ADMIN,
        Role.EDITOR,
        Role.ANALYST,
        Role.VIEWER,
    )
    assert MATRIX[Role.PUBLIC] == {Capability.READ_PUBLIC}
    editor = Principal("eddie", Role.EDITOR, "S37000008")
    assert editor.may_edit("S37000008") and not editor.may_edit("S37000020")
    assert not editor.may_edit(None)
    assert Principal("any", Role.EDITOR).may_edit("S37000020")  # no partnership: every one
    assert not Principal("ann", Role.ANALYST).may_edit("S37000008")
    assert Principal("ada", Role.ADMIN).may_edit(None)


def test_without_public_access_everything_asks_to_sign_in(workspace) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import make_app

    with TestClient(make_app(workspace, public_access=False)) as client:
        assert client.get("/", follow_redirects=False).status_code == 303
        assert client.get("/api/v1/strategies").status_code == 401
        for open_page in ("/login", "/about", "/accessibility"):
            assert client.get(open_page).status_code == 200
        sign_in(client, "vic")
        assert client.get("/").status_code == 200
