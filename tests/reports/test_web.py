"""Report downloads in the web app: public APR and locality profiles, internal progress."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette prefers httpx2 for its test client; httpx works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from placewell.auth import AuthService, Principal
from placewell.config import Settings
from placewell.web import create_app
from placewell.web.settings import WebSettings
from tests.reports.conftest import LOCALITY, PARTNERSHIP, STRATEGY, TODAY


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    web = WebSettings(secret_key="k" * 40)
    app = create_app(demo_settings, web=web, clock=lambda: TODAY)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def viewer_token(demo_settings: Settings) -> str:
    auth = AuthService(demo_settings.app_database_url)
    actor = Principal.cli("tests")
    if not any(u.username == "reports-viewer" for u in auth.list_users()):
        auth.add_user("reports-viewer", "viewer", password="a long enough password", actor=actor)
    return auth.issue_token("reports-viewer", label="report tests", actor=actor)


def test_the_reports_page_offers_public_downloads(client: TestClient) -> None:
    page = client.get("/reports")
    assert page.status_code == 200
    assert 'action="/reports/apr"' in page.text and 'action="/reports/locality"' in page.text
    assert 'value="2023/24"' in page.text and 'name="format" value="pdf"' in page.text
    assert 'action="/reports/progress"' not in page.text  # internal only


def test_public_apr_pdf_download(client: TestClient) -> None:
    r = client.get(
        "/reports/apr", params={"partnership": PARTNERSHIP, "year": "2023/24", "format": "pdf"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == (
        f'attachment; filename="apr-{PARTNERSHIP}-2023-24.pdf"'
    )
    assert r.content.startswith(b"%PDF-")


def test_public_locality_html_download_is_sandboxed(client: TestClient) -> None:
    r = client.get("/reports/locality", params={"area": LOCALITY, "year": "2023/24"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "sandbox" in r.headers["content-security-policy"]
    assert "Locality profile: Irvine" in r.text


def test_unknown_partnership_is_404_and_bad_format_is_refused(client: TestClient) -> None:
    r = client.get("/reports/apr", params={"partnership": "Atlantis", "year": "2023/24"})
    assert r.status_code == 404 and "Atlantis" in r.text
    r = client.get("/reports/locality", params={"area": LOCALITY, "year": "2023/24", "format": "x"})
    assert r.status_code in (400, 422)


def test_progress_reports_are_internal(client: TestClient, viewer_token: str) -> None:
    anonymous = client.get(
        "/reports/progress", params={"strategy": STRATEGY}, follow_redirects=False
    )
    assert anonymous.status_code in (303, 401)
    r = client.get(
        "/reports/progress",
        params={"strategy": STRATEGY, "since": "2026-08-30"},
        headers={"Authorization": f"Bearer {viewer_token}"},
    )
    assert r.status_code == 200
    assert "Progress report: Healthy Communities programme" in r.text
    bad = client.get(
        "/reports/progress",
        params={"strategy": STRATEGY, "since": "yesterday"},
        headers={"Authorization": f"Bearer {viewer_token}"},
    )
    assert bad.status_code in (400, 422)
