"""The JSON API: every route, pagination, filters, the one error shape, tokens, updates."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import ACTION, DRAFT, OUTCOME, STRATEGY

API = "/api/v1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _error(response, status: int, code: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]
    return str(body["error"]["message"])


def test_areas_list_filters_and_pagination(client: TestClient) -> None:
    body = client.get(f"{API}/areas", params={"level": "locality", "limit": 5}).json()
    assert body["total"] == 15 and body["limit"] == 5 and body["offset"] == 0
    assert len(body["items"]) == 5 and all(a["level"] == "locality" for a in body["items"])
    assert body["links"]["prev"] is None and "offset=5" in body["links"]["next"]
    last = client.get(body["links"]["next"].replace("offset=5", "offset=10")).json()
    assert len(last["items"]) == 5 and last["links"]["next"] is None
    inside = client.get(f"{API}/areas", params={"parent": "S37000008", "level": "locality"})
    assert {a["code"] for a in inside.json()["items"]} == {
        "LOC-EA-KILMARNOCK",
        "LOC-EA-NORTHERN",
        "LOC-EA-SOUTHERN",
    }
    _error(client.get(f"{API}/areas", params={"level": "galaxy"}), 422, "validation")
    _error(client.get(f"{API}/areas", params={"parent": "NOPE"}), 404, "not_found")
    _error(client.get(f"{API}/areas", params={"limit": 0}), 422, "invalid_request")


def test_one_area(client: TestClient) -> None:
    body = client.get(f"{API}/areas/S37000008").json()
    assert body["area"]["name"] == "East Ayrshire" and body["area"]["level"] == "partnership"
    assert [a["level"] for a in body["ancestors"]] == ["health_board", "country"]
    assert len(body["children"]) == 3 and body["datazones"] == 3
    _error(client.get(f"{API}/areas/NOWHERE"), 404, "not_found")


def test_strategies_and_outcomes(client: TestClient) -> None:
    body = client.get(f"{API}/strategies").json()
    keys = [s["key"] for s in body["items"]]
    assert STRATEGY in keys and DRAFT not in keys and body["total"] == 4
    first = body["items"][0]
    assert first["assessment"]["label"] and first["assessment"]["reasons"]
    detail = client.get(f"{API}/strategies/{STRATEGY}").json()
    assert detail["organisation_code"] == "S37000008"
    assert [o["key"] for o in detail["outcomes"]][:2] == ["early-help", "child-voice"]
    _error(client.get(f"{API}/strategies/{DRAFT}"), 404, "not_found")
    outcomes = client.get(f"{API}/outcomes", params={"strategy": STRATEGY}).json()
    assert outcomes["total"] == 4
    outcome = client.get(f"{API}/outcomes/{STRATEGY}/{OUTCOME}").json()
    assert outcome["title"] and outcome["priorities"][0]["actions"]
    assert outcome["wellbeing"] == ["Safe", "Nurtured", "Healthy"]
    other = client.get(f"{API}/outcomes", params={"strategy": "na-health-wellbeing-vision"})
    assert other.json()["items"][0]["national_outcomes"][0]["code"].startswith("NHWO-")
    _error(client.get(f"{API}/outcomes/{STRATEGY}/nope"), 404, "not_found")


def test_actions_with_filters(client: TestClient) -> None:
    every = client.get(f"{API}/actions", params={"limit": 500}).json()
    assert every["total"] == len(every["items"]) > 30
    overdue = client.get(f"{API}/actions", params={"overdue": "true", "limit": 500}).json()
    assert overdue["total"] and all(a["overdue"] for a in overdue["items"])
    red = client.get(f"{API}/actions", params={"rag": "red"}).json()
    assert red["total"] and all(a["rag"] == "red" for a in red["items"])
    none = client.get(f"{API}/actions", params={"rag": "none", "limit": 500}).json()
    assert all(a["rag"] is None for a in none["items"])
    here = client.get(f"{API}/actions", params={"locality": "LOC-EA-KILMARNOCK"}).json()
    assert here["total"] and all("LOC-EA-KILMARNOCK" in a["localities"] for a in here["items"])
    lead = every["items"][0]["lead"]
    led = client.get(f"{API}/actions", params={"lead": lead, "limit": 500}).json()
    assert all(a["lead"] == lead for a in led["items"])
    done = client.get(f"{API}/actions", params={"status": "completed", "limit": 500}).json()
    assert all(a["status"] == "completed" for a in done["items"])
    _error(client.get(f"{API}/actions", params={"rag": "purple"}), 422, "invalid_request")


def test_one_action_hides_updates_from_the_public(
    client: TestClient, tokens: dict[str, str]
) -> None:
    public = client.get(f"{API}/actions/{STRATEGY}/COF-06").json()
    assert public["updates"] == [] and public["version"] is None and public["rag"] == "red"
    staff = client.get(f"{API}/actions/{STRATEGY}/COF-06", headers=bearer(tokens["viewer"])).json()
    assert staff["updates"] and staff["version"] >= 1
    updates = client.get(
        f"{API}/actions/{STRATEGY}/COF-06/updates", headers=bearer(tokens["viewer"])
    ).json()
    assert updates["total"] == len(staff["updates"])
    _error(client.get(f"{API}/actions/{STRATEGY}/COF-06/updates"), 401, "authentication_required")


def test_me(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get(f"{API}/me").json() == {
        "username": None,
        "role": "public",
        "partnership": None,
        "capabilities": ["read_public"],
    }
    me = client.get(f"{API}/me", headers=bearer(tokens["editor"])).json()
    assert me["username"] == "eddie" and me["partnership"] == "S37000008"
    assert "edit_strategy" in me["capabilities"]


def test_bad_tokens_are_401_in_the_one_shape(client: TestClient) -> None:
    response = client.get(f"{API}/strategies", headers=bearer("pwt_not-a-real-token"))
    assert "placewell users token" in _error(response, 401, "authentication_required")
    assert response.headers["www-authenticate"].startswith("Bearer")
    response = client.get(f"{API}/strategies", headers={"Authorization": "Basic abc"})
    _error(response, 401, "authentication_required")


def test_post_an_update_with_a_token(client: TestClient, tokens: dict[str, str]) -> None:
    url = f"{API}/actions/{STRATEGY}/{ACTION}"
    version = client.get(url, headers=bearer(tokens["editor"])).json()["version"]
    body = {
        "rag": "amber",
        "percent": 60,
        "narrative": "Two more teams trained; one session moved to January.",
        "evidence": ["https://example.org/minutes/2026-11"],
        "expected_version": version,
    }
    response = client.post(f"{url}/updates", json=body, headers=bearer(tokens["editor"]))
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["rag"] == "amber" and created["percent"] == 60
    assert created["date"] == "2026-11-30" and created["author"] == "Test editor"
    after = client.get(url, headers=bearer(tokens["editor"])).json()
    assert after["rag"] == "amber" and after["updates"][0]["number"] == created["number"]
    # the same version again: somebody (we) saved since -> 409, nothing recorded
    again = client.post(f"{url}/updates", json=body, headers=bearer(tokens["editor"]))
    assert "changed since you opened it (latest: update" in _error(again, 409, "conflict")
    assert len(client.get(url, headers=bearer(tokens["editor"])).json()["updates"]) == len(
        after["updates"]
    )


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"rag": "purple", "narrative": "x"}, "rag"),
        ({"rag": "red", "narrative": "x", "percent": 101}, "percent"),
        ({"rag": "red", "narrative": ""}, "narrative"),
        ({"rag": "red", "narrative": "x", "evidence": ["javascript:alert(1)"]}, "evidence"),
        ({"rag": "red", "narrative": "x", "surprise": 1}, "surprise"),
    ],
)
def test_invalid_updates_are_422_with_details(
    client: TestClient, tokens: dict[str, str], body: dict[str, object], where: str
) -> None:
    response = client.post(
        f"{API}/actions/{STRATEGY}/{ACTION}/updates", json=body, headers=bearer(tokens["admin"])
    )
    _error(response, 422, "invalid_request")
    details = response.json()["error"]["details"]
    assert any(where in d["location"] for d in details)


def test_unknown_routes_and_methods(client: TestClient) -> None:
    _error(client.get(f"{API}/nothing"), 404, "not_found")
    _error(client.delete(f"{API}/strategies"), 405, "method_not_allowed")


def test_openapi_describes_every_route_and_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert paths == {
        f"{API}/areas",
        f"{API}/areas/{{code}}",
        f"{API}/strategies",
        f"{API}/strategies/{{key}}",
        f"{API}/outcomes",
        f"{API}/outcomes/{{strategy}}/{{key}}",
        f"{API}/actions",
        f"{API}/actions/{{strategy}}/{{key}}",
        f"{API}/actions/{{strategy}}/{{key}}/updates",
        f"{API}/indicators",
        f"{API}/indicators/{{indicator}}",
        f"{API}/values",
        f"{API}/me",
    }
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            for status in ("401", "403", "404", "422"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorResponse"), (method, path, status)
    assert "bearer" in schema["components"]["securitySchemes"]
    assert client.get("/docs").status_code == 404  # no CDN-loaded documentation page
