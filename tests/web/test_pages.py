"""Every page renders for the public and for staff: one h1, a title, landmarks, the content."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import ACTION, DRAFT, OUTCOME, STRATEGY, h1_count, sign_in

PAGES = [
    ("/", "Partnership overview"),
    (f"/strategies/{STRATEGY}", "Cherishing our Families"),
    (f"/strategies/{STRATEGY}/outcomes/{OUTCOME}", "Outcome of Cherishing our Families"),
    ("/actions", "Actions"),
    ("/actions?strategy=cherishing-our-families&rag=red&overdue=yes", "match the filters"),
    (f"/strategies/{STRATEGY}/actions/{ACTION}", "Action COF-02"),
    ("/search?q=carers", "Search results for"),
    ("/search", "Search strategies, outcomes, actions and areas"),
    ("/about", "About this service"),
    ("/accessibility", "Accessibility statement"),
    ("/api", "API reference"),
    ("/login", "Sign in"),
]


def _well_formed(html: str) -> None:
    assert '<html lang="en-GB">' in html
    assert h1_count(html) == 1
    assert re.search(r"<title>[^<]+ – placewell</title>", html)
    for landmark in ("<header", "<nav", '<main class="pw-main" id="main-content"', "<footer"):
        assert landmark in html
    assert 'href="#main-content" class="pw-skip-link"' in html
    assert "<script" not in html  # works without JavaScript


@pytest.mark.parametrize(("path", "expect"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_renders_for_the_public(client: TestClient, path: str, expect: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert expect in response.text
    _well_formed(response.text)


def test_pages_for_an_admin_include_admin_pages(client: TestClient) -> None:
    sign_in(client, "ada")
    for path, _ in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        _well_formed(response.text)
        assert "Signed in as" in response.text and "Sign out" in response.text
        assert response.headers["cache-control"] == "no-store"
    for path, expect in (("/admin/audit", "Audit log"), ("/admin/users", "Users")):
        response = client.get(path)
        assert response.status_code == 200 and expect in response.text
        _well_formed(response.text)
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/audit"


def test_overview_shows_every_published_strategy_with_status_and_reasons(
    client: TestClient,
) -> None:
    html = client.get("/").text
    for title in (
        "Cherishing our Families Strategy 2023-2026",
        "Improving community wellbeing",
        "North Ayrshire",
        "South Ayrshire",
    ):
        assert title in html
    assert "pw-tag--some_concern" in html and "Some concern" in html  # words, not colour only
    assert "1 of 4 outcomes is off track" in html  # the reasons, in plain English
    assert "A confident workforce" in html  # outcomes listed under their strategy


def test_the_public_never_sees_drafts_or_update_narratives(client: TestClient) -> None:
    assert DRAFT not in client.get("/").text
    assert client.get(f"/strategies/{DRAFT}").status_code == 404
    assert "DP-A1" not in client.get("/actions").text
    action = client.get(f"/strategies/{STRATEGY}/actions/COF-06").text
    assert "Sign in</a> to read them" in action
    sign_in(client, "vic")
    assert DRAFT in client.get("/").text
    assert client.get(f"/strategies/{DRAFT}").status_code == 200
    action = client.get(f"/strategies/{STRATEGY}/actions/COF-06").text
    assert "Update 1," in action and "Sign in</a> to read them" not in action


def test_strategy_page_is_the_tree_with_a_chart_and_its_table(client: TestClient) -> None:
    html = client.get(f"/strategies/{STRATEGY}").text
    assert html.count('class="pw-tree"') >= 2  # outcomes, and priorities under them
    assert '<svg role="img" aria-label="Actions by latest RAG rating.' in html
    assert "Show the data as a table" in html and "No update yet" in html
    assert f'href="/strategies/{STRATEGY}/outcomes/{OUTCOME}"' in html
    assert f'href="/strategies/{STRATEGY}/actions/COF-06"' in html
    assert 'aria-label="Breadcrumb"' in html


def test_outcome_page_shows_indicators_priorities_and_actions(client: TestClient) -> None:
    html = client.get(f"/strategies/{STRATEGY}/outcomes/{OUTCOME}").text
    assert "What good looks like" in html
    assert "Priorities and actions" in html
    assert f'href="/strategies/{STRATEGY}/actions/COF-01"' in html
    assert "Safe, Nurtured, Healthy" in html  # SHANARRI wellbeing indicators


def test_strategy_indicators_link_to_their_indicator_pages(client: TestClient) -> None:
    html = client.get("/strategies/ea-community-wellbeing").text
    html += client.get(f"/strategies/{STRATEGY}/outcomes/{OUTCOME}").text
    links = re.findall(r'href="(/indicators/[^"?]+\?area=[^"]+)"', html)
    assert links, "the strategy's indicator table links to no indicator page"
    for link in links[:3]:
        assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_action_filters(client: TestClient) -> None:
    every = client.get("/actions").text
    total = int(re.search(r"(\d+) actions?</h2>", every).group(1))  # type: ignore[union-attr]
    assert total > 30
    red = client.get("/actions?rag=red").text
    assert "COF-06" in red and "pw-tag--green" not in red.split("<tbody>")[1]
    overdue = client.get("/actions?overdue=yes").text
    rows = overdue.split("<tbody>")[1]
    assert rows.count("<tr>") == rows.count("Overdue</strong>")
    kilmarnock = client.get("/actions?locality=LOC-EA-KILMARNOCK").text
    assert "Kilmarnock" in kilmarnock  # locality names from the area hierarchy
    lead = client.get("/actions", params={"lead": "Child protection committee"}).text
    assert "COF-06" in lead and "match the filters" in lead
    nothing = client.get("/actions?status=cancelled").text
    assert "No actions match" in nothing
    paged = client.get("/actions?offset=25").text
    assert "Showing 26 to" in paged and 'rel="prev"' in paged
    assert client.get("/actions?offset=-1").status_code == 422


def test_search_finds_every_kind(client: TestClient) -> None:
    html = client.get("/search", params={"q": "kilmarnock"}).text
    assert "Areas (" in html and 'href="/actions?locality=LOC-EA-KILMARNOCK"' in html
    html = client.get("/search", params={"q": "neglect training"}).text
    assert "Actions (" in html and "COF-06" in html
    html = client.get("/search", params={"q": "families"}).text
    assert "Strategies (" in html
    html = client.get("/search", params={"q": "zzzz-nothing"}).text
    assert "0 results" in html


def test_errors_are_html_pages_in_the_one_shape(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text and "not_found" in response.text
    _well_formed(response.text)
    response = client.get(f"/strategies/{STRATEGY}/outcomes/nope")
    assert response.status_code == 404 and "No outcome" in response.text
    response = client.delete("/")
    assert response.status_code == 405 and "method_not_allowed" in response.text


def test_static_assets_are_served_from_the_package(client: TestClient) -> None:
    css = client.get("/static/placewell.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "outline: 3px solid var(--pw-focus)" in css.text
    assert "#ffdd00" in css.text
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/static/placewell.css", "/api/v1/strategies"):
        response = client.head(path)
        assert response.status_code == 200 and response.content == b""
        assert int(response.headers["content-length"]) > 0


def test_unexpected_failures_are_500_in_the_one_shape(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.services.tracking, "snapshot", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/")
        assert page.status_code == 500
        assert "Sorry, there is a problem with the service" in page.text
        assert "secret internals" not in page.text and "Traceback" not in page.text
        api = client.get("/api/v1/strategies")
        assert api.status_code == 500
        assert api.json()["error"]["code"] == "internal_error"
        assert "secret internals" not in api.text
