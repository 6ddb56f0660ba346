"""The indicator API: ``/api/v1/indicators`` and ``/api/v1/values`` with filters and paging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from placewell.config import Settings

API = "/api/v1"


@pytest.fixture(scope="module")
def api(shared_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(shared_app) as client:
        yield client


def _error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_the_indicator_list_and_a_pack(api: TestClient) -> None:
    body = api.get(f"{API}/indicators", params={"limit": 500}).json()
    ids = [i["id"] for i in body["items"]]
    assert body["total"] == len(ids) == 27 and ids[:2] == ["NI-1", "NI-2"]
    assert all(i["has_results"] and i["latest_period"] for i in body["items"])
    msg = api.get(f"{API}/indicators", params={"pack": "msg", "limit": 2}).json()
    assert msg["total"] == 5 and [i["pack"] for i in msg["items"]] == ["msg", "msg"]
    assert "offset=2" in msg["links"]["next"]


def test_one_indicator_with_its_definition(api: TestClient) -> None:
    body = api.get(f"{API}/indicators/ni-12").json()
    assert body["id"] == "NI-12" and body["unit"] == "per 100,000"
    assert body["polarity"] == "Lower is better" and body["outcomes"] == [
        "NHWO-2",
        "NHWO-4",
        "NHWO-9",
    ]
    assert body["definition"]["measure"]["kind"] == "crude_rate"
    assert body["definition"]["metadata"]["follows"].startswith("PHS Core Suite NI-12")
    _error(api.get(f"{API}/indicators/NI-99"), 404, "not_found")


def test_values_with_filters_and_pages(api: TestClient) -> None:
    params = {"indicator": "NI-12", "area_level": "partnership", "breakdown": "all", "limit": 5}
    body = api.get(f"{API}/values", params=params).json()
    assert body["total"] == 18  # 3 partnerships x 6 years
    assert len(body["items"]) == 5 and "offset=5" in body["links"]["next"]
    first = body["items"][0]
    assert first["indicator"] == "NI-12" and first["area_level"] == "partnership"
    assert first["lower_95"] < first["value"] < first["upper_95"]
    assert first["statistic"] == "rate per 100,000" and first["country_code"] == "S92000003"
    assert first["records"] is None  # record counts are for staff
    one = api.get(f"{API}/values", params={"indicator": "NI-12", "area": "S37000008",
                                           "period": "2024", "breakdown": "sex",
                                           "breakdown_value": "F"}).json()  # fmt: skip
    assert one["total"] == 1 and one["items"][0]["breakdown_value"] == "F"
    everything = api.get(f"{API}/values", params={"limit": 500, "offset": 1000}).json()
    assert everything["total"] > 50_000 and len(everything["items"]) == 500
    none = api.get(f"{API}/values", params={"indicator": "NI-12", "area": "NOWHERE"}).json()
    assert none["total"] == 0 and none["items"] == []


def test_suppressed_values_are_null_with_a_flag(api: TestClient) -> None:
    params = {"indicator": "NI-18", "area_level": "datazone", "limit": 500}
    items = api.get(f"{API}/values", params=params).json()["items"]
    hidden = [v for v in items if v["suppressed"]]
    assert hidden and all(v["suppression"].startswith(("primary", "secondary")) for v in hidden)
    for v in hidden:
        assert v["value"] is v["numerator"] is v["denominator"] is None
        assert v["lower_95"] is v["upper_95"] is v["lower_99_8"] is v["upper_99_8"] is None


def test_staff_also_get_record_counts(api: TestClient, tokens: dict[str, str]) -> None:
    params = {"indicator": "NI-12", "area_level": "partnership", "limit": 1}
    body = api.get(f"{API}/values", params=params,
                   headers={"Authorization": f"Bearer {tokens['viewer']}"}).json()  # fmt: skip
    assert body["items"][0]["records"] > 0


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"area_level": "galaxy"}, 422, "validation"),
        ({"breakdown": "shoe_size"}, 422, "validation"),
        ({"indicator": "NOPE-9"}, 404, "not_found"),
        ({"limit": 501}, 422, "invalid_request"),
    ],
)
def test_value_errors_have_one_shape(
    api: TestClient, params: dict[str, object], status: int, code: str
) -> None:
    _error(api.get(f"{API}/values", params=params), status, code)


def test_without_public_access_the_indicator_pages_ask_to_sign_in(workspace: Settings) -> None:
    from tests.web.conftest import make_app

    with TestClient(make_app(workspace, public_access=False)) as client:
        for path in ("/indicators", "/indicators/NI-12", "/places", "/places/S37000008"):
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login")
        for path in (f"{API}/indicators", f"{API}/values"):
            _error(client.get(path), 401, "authentication_required")
