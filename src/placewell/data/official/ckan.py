"""A small client for CKAN open data portals, by default Public Health Scotland's.

Public Health Scotland's open data platform runs CKAN. Two calls are used:

* ``GET {base}/api/3/action/datastore_search?id=RESOURCE&limit=..&offset=..`` returns
  ``{"success": true, "result": {"records": [...], "fields": [...], "total": N}}``;
  the portal gives at most 99,999 rows a call, so :meth:`CkanClient.datastore_search`
  pages with ``offset`` until it has ``total`` rows.
* ``GET {base}/datastore/dump/RESOURCE`` returns the whole resource as CSV.

Connection errors, timeouts and 5xx answers are retried with exponential backoff;
when the portal cannot be reached a :class:`~placewell.errors.DownloadError` says so
and how to load a hand-downloaded file instead. Tests inject an
``httpx.MockTransport`` and never touch the network.

Errors::

    DownloadError   could not connect / timed out / 5xx after the retries,
                    4xx, an answer that is not JSON, ``success: false``, a short read
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx

from placewell.errors import DownloadError

__all__ = ["MAX_ROWS_PER_CALL", "PHS_OPEN_DATA_URL", "CkanClient"]

PHS_OPEN_DATA_URL = "https://www.opendata.nhs.scot"
"""Public Health Scotland's open data platform (CKAN); the action API is under /api/3/action."""

MAX_ROWS_PER_CALL = 99_999
_HINT = "check your connection, or download the CSV by hand and load it with `placewell import`"


class CkanClient:
    """Read CKAN datastore resources with paging and retries.

    Args:
        base_url: the portal's root (default: Public Health Scotland open data).
        transport: an ``httpx`` transport (tests pass ``httpx.MockTransport``).
        timeout: seconds to wait for each answer.
        retries: further attempts after a failed one (connection error, timeout, 5xx).
        backoff: seconds before the first retry; doubled each time (capped at 30 s).
        sleep: how to wait (tests pass a no-op).
    """

    def __init__(
        self,
        base_url: str = PHS_OPEN_DATA_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self._sleep = sleep
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": "placewell (open data client)"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CkanClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- public calls -----------------------------------------------------------
    def datastore_search(
        self,
        resource_id: str,
        *,
        limit: int = MAX_ROWS_PER_CALL,
        offset: int = 0,
        filters: Mapping[str, Any] | None = None,
        q: str | None = None,
    ) -> dict[str, Any]:
        """Every row of a datastore resource from ``offset`` on, ``limit`` rows a call.

        Returns ``{"records": [...], "fields": [...], "total": N, "resource_id": id}``
        where ``fields`` are CKAN's ``{"id": name, "type": type}`` entries and
        ``records`` hold all rows (``total - offset`` of them).

        Raises:
            DownloadError: unreachable after the retries, an error answer, or fewer
                rows than the portal said it had.
        """
        page = max(1, min(int(limit), MAX_ROWS_PER_CALL))
        url = f"{self.base_url}/api/3/action/datastore_search"
        params: dict[str, Any] = {"id": resource_id, "limit": page}
        if filters:
            params["filters"] = json.dumps(dict(filters))
        if q:
            params["q"] = q
        records: list[dict[str, Any]] = []
        fields: list[dict[str, Any]] = []
        total: int | None = None
        at = max(0, int(offset))
        while total is None or at < total:
            result = self._action(url, {**params, "offset": at})
            rows = result.get("records")
            if not isinstance(rows, list) or not isinstance(result.get("total"), int):
                raise DownloadError(f"{url} answered without records and a total for {resource_id}")
            if total is None:
                total = int(result["total"])
                fields = list(result.get("fields") or [])
            if not rows:
                break
            records.extend(rows)
            at += len(rows)
        expected = max(0, (total or 0) - max(0, int(offset)))
        if len(records) < expected:
            raise DownloadError(
                f"{url} returned {len(records)} of {expected} rows of {resource_id}; "
                "the resource may have changed while it was read - try again"
            )
        return {
            "records": records,
            "fields": fields,
            "total": total or 0,
            "resource_id": resource_id,
        }

    def dump_csv(self, resource_id: str) -> str:
        """The whole resource as CSV text (``/datastore/dump/{resource_id}``)."""
        url = f"{self.base_url}/datastore/dump/{resource_id}"
        response = self._get(url, {})
        if response.status_code >= 400:
            raise DownloadError(
                f"{url} answered HTTP {response.status_code}; is {resource_id} right?"
            )
        return response.content.decode("utf-8-sig")

    # --- plumbing -----------------------------------------------------------------
    def _action(self, url: str, params: Mapping[str, Any]) -> dict[str, Any]:
        response = self._get(url, params)
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise DownloadError(
                f"{url} answered HTTP {response.status_code} with something that is not JSON; "
                "the portal may be down for maintenance - try again later"
            ) from None
        if not isinstance(body, dict):
            raise DownloadError(f"{url} answered JSON that is not a CKAN response")
        if not body.get("success") or response.status_code >= 400:
            error = body.get("error") or {}
            detail = error.get("message") if isinstance(error, dict) else error
            raise DownloadError(
                f"{url} refused the request (HTTP {response.status_code}): {detail or 'no reason given'}"
            )
        result = body.get("result")
        if not isinstance(result, dict):
            raise DownloadError(f"{url} answered without a result")
        return result

    def _get(self, url: str, params: Mapping[str, Any]) -> httpx.Response:
        """GET with retries on connection errors, timeouts and 5xx answers."""
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(min(self.backoff * 2 ** (attempt - 1), 30.0))
            try:
                response = self._http.get(url, params=dict(params))
            except httpx.TimeoutException:
                reason = "the request timed out"
                continue
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code >= 500:
                reason = f"HTTP {response.status_code}"
                continue
            return response
        tries = self.retries + 1
        raise DownloadError(
            f"could not reach {url} ({reason}, {tries} attempt{'s' if tries != 1 else ''}); {_HINT}"
        )
