"""Places: the index of partnerships and localities, and a place's profile with its spine."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from placewell.portal.indicator_views import AreaRef, Cell
from placewell.portal.places import SpineRow
from placewell.web.pages.place_figures import spine_positions
from tests.web.helpers import h1_count


@pytest.fixture(scope="module")
def public(shared_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(shared_app) as client:
        yield client


def test_the_places_index_lists_partnerships_and_their_localities(public: TestClient) -> None:
    html = public.get("/places").text
    assert h1_count(html) == 1 and "<title>Places – placewell</title>" in html
    assert 'href="/places/S92000003">Scotland</a>' in html
    east = html.index('href="/places/S37000008">East Ayrshire</a>')
    assert east < html.index('href="/places/LOC-EA-KILMARNOCK">Kilmarnock</a>')
    assert html.count('href="/places/LOC-') == 15


def test_a_locality_profile(public: TestClient) -> None:
    response = public.get("/places/LOC-EA-KILMARNOCK")
    assert response.status_code == 200
    html = response.text
    assert h1_count(html) == 1 and "<h1>Kilmarnock</h1>" in html
    assert (
        'aria-label="Breadcrumb"' in html and 'href="/places/S37000008">East Ayrshire</a>' in html
    )
    # the spine chart, with its data as a table, and every indicator in a table with links
    assert "<figcaption>Spine chart: Kilmarnock against the country</figcaption>" in html
    assert "Worse ← country → better" in html
    table = re.search(r"<caption>Every indicator in Kilmarnock</caption>(.*?)</table>", html, re.S)
    assert table is not None
    rows = table.group(1).count("<tr>") - 1
    assert rows >= 20 and 'href="/indicators/NI-12?area=LOC-EA-KILMARNOCK"' in table.group(1)
    assert re.search(
        r'pw-tag pw-tag--\w+">(Better|Similar|Worse|Higher|Lower)</strong>', table.group(1)
    )
    # population and deprivation
    assert (
        "Population of Kilmarnock by age and sex" in html and "Males" in html and "Females" in html
    )
    assert "People of Kilmarnock by SIMD quintile" in html and "most deprived fifth" in html
    assert 'href="/places/S02' in html  # its intermediate zones


def test_the_spine_marks_comparisons_by_shape_and_word(public: TestClient) -> None:
    html = public.get("/places/S37000020").text
    spine = re.search(
        r'<figure class="pw-chart">\s*<figcaption>Spine chart.*?</figure>', html, re.S
    )
    assert spine is not None
    svg = spine.group(0)
    assert "compared with the country" in svg  # the legend's title
    assert re.search(r">(Better|Similar|Worse)</text>", svg)  # the word at the end of a row
    assert "▲ better, ● similar or ▼ worse" in html  # how to read it


@pytest.mark.parametrize("code", ["S92000003", "S08000015", "S01900007", "S02900007"])
def test_profiles_of_every_level(public: TestClient, code: str) -> None:
    response = public.get(f"/places/{code}")
    assert response.status_code == 200 and "Every indicator in" in response.text


def test_an_unknown_place_is_404(public: TestClient) -> None:
    response = public.get("/places/NOWHERE")
    assert response.status_code == 404 and "the places page lists them" in response.text


def _row(area: float | None, country: float, low: float, high: float, polarity: str) -> SpineRow:
    ref = AreaRef("A", "A", "locality")

    def cell(v: float | None) -> Cell:
        return Cell(ref, "2024", "A", v, None, None, "", "", None, None, v is None)

    return SpineRow("X", "X", "2024", None, polarity, cell(area), None, cell(country), None,
                    None, low, low, high, high, "localities", 5, True)  # fmt: skip


def test_spine_positions_centre_the_country_and_put_better_to_the_right() -> None:
    high_good = spine_positions(_row(12.0, 10.0, 6.0, 12.0, "high_is_good"))
    assert high_good is not None
    assert high_good["low"] == 0.0 and high_good["area"] == pytest.approx(0.75)
    low_good = spine_positions(_row(12.0, 10.0, 6.0, 12.0, "low_is_good"))
    assert low_good is not None
    assert low_good["area"] == pytest.approx(0.25) and low_good["high"] == 1.0
    assert spine_positions(_row(None, 10.0, 10.0, 10.0, "high_is_good")) is not None
