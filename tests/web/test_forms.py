"""The progress update form: GOV.UK validation errors, the conflict message, success."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.helpers import ACTION, STRATEGY, csrf_from, h1_count, sign_in

UPDATE = f"/strategies/{STRATEGY}/actions/{ACTION}/update"


def _open(client: TestClient) -> dict[str, str]:
    page = client.get(UPDATE)
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    return {"version": version, "csrf_token": csrf_from(page.text)}


def test_the_form_is_gov_uk_shaped(client: TestClient) -> None:
    sign_in(client, "eddie")
    html = client.get(UPDATE).text
    assert h1_count(html) == 1 and "Record an update" in html
    assert '<legend class="pw-fieldset__legend">How is the action going?</legend>' in html
    assert 'id="rag" name="rag" type="radio" value="green"' in html  # first radio: id=rag
    assert 'id="percent-hint"' in html and 'aria-describedby="percent-hint"' in html
    assert '<label class="pw-label" for="narrative">' in html
    assert 'name="csrf_token"' in html and 'name="version"' in html
    assert 'value="60"' in html  # percent complete carried over from the latest update


def test_validation_errors_are_summarised_and_shown_by_each_field(client: TestClient) -> None:
    sign_in(client, "eddie")
    form = _open(client)
    data = {**form, "rag": "", "percent": "lots", "narrative": "  ", "evidence": "not a link"}
    response = client.post(UPDATE, data=data)
    assert response.status_code == 422
    html = response.text
    assert "<title>Error: Record an update on" in html
    summary = html.split('class="pw-error-summary"')[1].split("</div>")[0]
    links = re.findall(r'<a href="#(\w+)">([^<]+)</a>', summary)
    assert links == [
        ("rag", "Select a RAG rating"),
        ("percent", "Percentage complete must be a whole number, like 40"),
        ("narrative", "Enter what happened since the last update"),
        ("evidence", "&#39;not a link&#39; is not a web address; start it with https://"),
    ]
    assert 'id="percent-error" class="pw-error-message"' in html
    assert 'aria-describedby="percent-hint percent-error"' in html
    assert "pw-input--error" in html and "pw-form-group--error" in html
    assert 'value="lots"' in html  # what was typed is kept
    response = client.post(UPDATE, data={**form, "rag": "red", "percent": "140", "narrative": "x"})
    assert "Percentage complete must be 100 or less" in response.text


def test_a_successful_update_shows_on_the_action_page(client: TestClient) -> None:
    sign_in(client, "eddie")
    data = {
        **_open(client),
        "rag": "green",
        "percent": "70%",
        "narrative": "Pilot extended to the Northern locality.",
        "evidence": "https://example.org/report\n\nhttps://example.org/minutes",
        "status": "in_progress",
    }
    response = client.post(UPDATE, data=data, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "was recorded" in page.text and "Pilot extended to the Northern locality." in page.text
    assert 'href="https://example.org/minutes"' in page.text
    assert "70% complete" in page.text


def test_a_conflict_keeps_the_text_and_explains(client: TestClient) -> None:
    sign_in(client, "eddie")
    mine = _open(client)
    theirs = _open(client)
    first = {**theirs, "rag": "amber", "narrative": "Saved first by a colleague."}
    assert client.post(UPDATE, data=first, follow_redirects=False).status_code == 303
    second = {**mine, "rag": "green", "narrative": "My update, written meanwhile."}
    response = client.post(UPDATE, data=second)
    assert response.status_code == 409
    html = response.text
    assert "Somebody else saved an update" in html and "was not saved" in html
    assert "My update, written meanwhile." in html  # nothing typed is lost
    assert "Saved first by a colleague." in html  # the latest update is shown to check
    new_version = re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]
    assert int(new_version) == int(mine["version"]) + 1
    again = {**second, "version": new_version, "csrf_token": csrf_from(html)}
    assert client.post(UPDATE, data=again, follow_redirects=False).status_code == 303


def test_editors_of_another_partnership_cannot_post(client: TestClient) -> None:
    sign_in(client, "nora")  # North Ayrshire
    token = csrf_from(client.get("/").text)
    data = {"rag": "green", "narrative": "Not mine to update.", "csrf_token": token}
    response = client.post(UPDATE, data=data)
    assert response.status_code == 403 and "S37000020 only" in response.text
