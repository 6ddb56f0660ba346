"""CKAN client: paging, retries and errors, all through httpx.MockTransport (no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from placewell.data.official import PHS_OPEN_DATA_URL, CkanClient
from placewell.data.official.ckan import MAX_ROWS_PER_CALL
from placewell.errors import DownloadError

BASE = "https://ckan.example.test"
RESOURCE = "00000000-1111-2222-3333-444444444444"
FIELDS = [{"id": "_id", "type": "int"}, {"id": "Value", "type": "numeric"}]


def _client(
    handler: Callable[[httpx.Request], httpx.Response], **kw: Any
) -> tuple[CkanClient, list[float]]:
    waits: list[float] = []
    client = CkanClient(BASE, transport=httpx.MockTransport(handler), sleep=waits.append, **kw)
    return client, waits


def _ok(result: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "result": result})


def _pager(total: int, seen: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    rows = [{"_id": i + 1, "Value": i * 10} for i in range(total)]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        offset = int(request.url.params["offset"])
        limit = int(request.url.params["limit"])
        return _ok({"records": rows[offset : offset + limit], "fields": FIELDS, "total": total})

    return handler


def test_default_base_url_is_the_phs_portal() -> None:
    assert PHS_OPEN_DATA_URL == "https://www.opendata.nhs.scot"
    assert MAX_ROWS_PER_CALL == 99_999


def test_pages_through_the_total() -> None:
    seen: list[httpx.Request] = []
    client, waits = _client(_pager(7, seen))
    with client:
        result = client.datastore_search(RESOURCE, limit=3)
    assert [int(r.url.params["offset"]) for r in seen] == [0, 3, 6]
    assert all(r.url.path == "/api/3/action/datastore_search" for r in seen)
    assert all(r.url.params["id"] == RESOURCE for r in seen)
    assert result["total"] == 7
    assert [r["_id"] for r in result["records"]] == list(range(1, 8))
    assert result["fields"] == FIELDS
    assert waits == []


def test_offset_filters_and_q_are_sent() -> None:
    seen: list[httpx.Request] = []
    client, _ = _client(_pager(5, seen))
    result = client.datastore_search(RESOURCE, offset=2, filters={"CA": "S12000021"}, q="Ayrshire")
    assert len(result["records"]) == 3
    params = seen[0].url.params
    assert json.loads(params["filters"]) == {"CA": "S12000021"}
    assert params["q"] == "Ayrshire" and params["offset"] == "2"
    assert params["limit"] == str(MAX_ROWS_PER_CALL)


def test_limit_is_capped_at_the_portal_maximum() -> None:
    seen: list[httpx.Request] = []
    client, _ = _client(_pager(1, seen))
    client.datastore_search(RESOURCE, limit=500_000)
    assert seen[0].url.params["limit"] == "99999"


def test_retries_then_succeeds() -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(503, text="busy")
        if calls["n"] == 2:
            raise httpx.ConnectError("connection refused", request=request)
        return _ok({"records": [{"Value": 1}], "fields": FIELDS, "total": 1})

    client, waits = _client(handler, backoff=0.5)
    result = client.datastore_search(RESOURCE)
    assert result["records"] == [{"Value": 1}]
    assert calls["n"] == 3
    assert waits == [0.5, 1.0]  # exponential backoff


def test_retries_exhausted_raise_download_error() -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        raise httpx.ConnectError("no route to host", request=request)

    client, waits = _client(handler, retries=2)
    with pytest.raises(DownloadError) as info:
        client.datastore_search(RESOURCE)
    msg = str(info.value)
    assert "could not reach" in msg and BASE in msg
    assert "check your connection" in msg and "placewell import" in msg
    assert calls["n"] == 3 and len(waits) == 2
    assert isinstance(info.value, ConnectionError)


def test_timeouts_are_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, _ = _client(handler, retries=1)
    with pytest.raises(DownloadError, match="timed out"):
        client.datastore_search(RESOURCE)


def test_malformed_json() -> None:
    client, _ = _client(lambda r: httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(DownloadError, match="not JSON"):
        client.datastore_search(RESOURCE)


def test_success_false() -> None:
    body = {"success": False, "error": {"message": "Not found: Resource was not found."}}
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(404, json=body)

    client, _ = _client(handler)
    with pytest.raises(DownloadError, match="Resource was not found"):
        client.datastore_search(RESOURCE)
    assert calls["n"] == 1  # a 4xx is not retried


def test_result_without_records() -> None:
    client, _ = _client(lambda r: _ok({"fields": FIELDS}))
    with pytest.raises(DownloadError, match="without records"):
        client.datastore_search(RESOURCE)


def test_short_read_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        records = [{"Value": 1}] if offset == 0 else []
        return _ok({"records": records, "fields": FIELDS, "total": 5})

    client, _ = _client(handler)
    with pytest.raises(DownloadError, match="returned 1 of 5 rows"):
        client.datastore_search(RESOURCE)


def test_dump_csv() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content="\ufeffA,B\n1,2\n".encode())

    client, _ = _client(handler)
    assert client.dump_csv(RESOURCE) == "A,B\n1,2\n"
    assert seen[0].url.path == f"/datastore/dump/{RESOURCE}"


def test_dump_csv_not_found_and_offline() -> None:
    client, _ = _client(lambda r: httpx.Response(404, text="not found"))
    with pytest.raises(DownloadError, match="HTTP 404"):
        client.dump_csv(RESOURCE)

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("offline", request=request)

    client, _ = _client(offline, retries=0)
    with pytest.raises(DownloadError, match=r"could not reach .*1 attempt\)"):
        client.dump_csv(RESOURCE)
