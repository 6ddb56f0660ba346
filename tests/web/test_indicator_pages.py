"""The indicator pages: the list by pack, the definitions, an indicator's page, downloads."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from placewell.config import Settings
from placewell.store.access import AuditFilter
from tests.web.helpers import h1_count

LOCALITY = "LOC-EA-KILMARNOCK"
PARTNERSHIP = "S37000008"


@pytest.fixture(scope="module")
def public(shared_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(shared_app) as client:
        yield client


def _figures(html: str) -> list[str]:
    """Every chart: a figure with a caption, an SVG with a name, and a table of its data."""
    found = re.findall(r'<figure class="pw-chart">(.*?)</figure>', html, flags=re.S)
    for figure in found:
        assert "<figcaption>" in figure and '<svg role="img" aria-label="' in figure
        assert "<table" in figure and '<th scope="col"' in figure
    return found


def test_the_list_groups_indicators_by_pack(public: TestClient) -> None:
    html = public.get("/indicators").text
    assert h1_count(html) == 1 and "<title>Indicators – placewell</title>" in html
    for pack in ("Core Suite of Integration Indicators", "Local indicators", "Ministerial"):
        assert pack in html
    assert html.index('id="pack-core-suite"') < html.index('href="/indicators/NI-12"')
    assert 'href="/indicators/MSG-1"' in html and 'href="/indicators/ADP-WAIT"' in html
    assert "Lower is better" in html and "Calendar year" in html
    assert 'aria-current="page"' in html and ">Indicators</a>" in html  # in the navigation


def test_the_definitions_page_has_source_caveats_and_the_phs_definition(
    public: TestClient,
) -> None:
    html = public.get("/indicators/definitions").text
    assert h1_count(html) == 1 and 'id="NI-12"' in html and 'id="MONEY-GAINS"' in html
    assert "Definition followed" in html and "PHS Core Suite NI-12" in html
    assert "Caveats" in html and "Suppression counts cases, not pounds." in html
    assert "fewer than 5 records are suppressed" in html


def test_an_indicator_for_a_locality(public: TestClient) -> None:
    response = public.get("/indicators/NI-12", params={"area": LOCALITY})
    assert response.status_code == 200
    html = response.text
    assert h1_count(html) == 1
    assert "<title>Emergency admission rate for adults in Kilmarnock – placewell</title>" in html
    assert "In 2024, emergency admission rate for adults in Kilmarnock was" in html
    assert "per 100,000 (95% confidence interval" in html
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", f).group(1) for f in _figures(html)]  # type: ignore[union-attr]
    assert "Trend in Kilmarnock" in captions
    assert "Kilmarnock compared, 2024" in captions
    assert "Localities of East Ayrshire, 2024" in captions
    assert "Funnel plot: Localities of East Ayrshire, 2024" in captions
    assert "By SIMD quintile (Scotland), Kilmarnock, 2024" in captions
    assert "Compared with East Ayrshire and Scotland" in html
    # the localities and the data zones, ranked in tables with links to their pages
    assert "<h3>Data zones of Kilmarnock, 2024</h3>" in html
    assert 'href="/indicators/NI-12?area=LOC-EA-NORTHERN"' in html
    assert "(this area)" in html
    assert "Inequality by deprivation" in html
    # the definition and the downloads
    assert "Definition followed" in html and "Hospital stays (SMR01/SMR04 shape)" in html
    assert 'href="/indicators/NI-12/results.csv"' in html
    assert f'href="/indicators/NI-12/results.csv?area={LOCALITY}"' in html


def test_deprivation_is_explained_in_plain_english(public: TestClient) -> None:
    html = public.get("/indicators/NI-12", params={"area": "S37000027"}).text
    for words in ("Slope index of inequality (SII)", "Relative index of inequality (RII)",
                  "Population attributable risk (PAR)", "If everyone in South Ayrshire had the "
                  "value of the least deprived quintile", "most deprived end"):  # fmt: skip
        assert words in html
    assert "By SIMD quintile (Scotland), South Ayrshire" in html
    assert re.search(r"The gap has (not changed significantly|widened|narrowed)", html)


def test_comparisons_are_marked_by_shape_and_word_not_colour_alone(public: TestClient) -> None:
    html = public.get("/indicators/NI-12", params={"area": PARTNERSHIP}).text
    ranking = re.search(r"Localities of East Ayrshire, 2024</caption>(.*?)</table>",
                        html, flags=re.S).group(1)  # type: ignore[union-attr]  # fmt: skip
    assert re.search(r'pw-tag pw-tag--\w+">(Better|Similar|Worse)</strong>', ranking)
    figure = next(f for f in _figures(html) if "Localities of East Ayrshire" in f)
    assert "<path" in figure and "Compared" in figure  # a legend of shapes with words


def test_spc_points_are_labelled_in_words(public: TestClient) -> None:
    html = public.get("/indicators/MSG-2").text
    trend = next(f for f in _figures(html) if "Trend in Scotland" in f)
    assert "Point (SPC)" in trend  # the legend, in words
    for words in ("Common cause variation", "Special cause: improvement", "Special cause: concern"):
        assert f'<td class="pw-num">{words}' in trend  # each point's type in the table
    assert "Making Data Count" in html and "process limits" in trend


def test_breakdowns_by_sex_and_age(public: TestClient) -> None:
    html = public.get("/indicators/NI-12", params={"area": PARTNERSHIP, "breakdown": "sex"}).text
    assert "By sex, East Ayrshire, 2024" in html and "Females" in html and "Males" in html
    html = public.get(
        "/indicators/NI-12", params={"area": PARTNERSHIP, "breakdown": "age_band"}
    ).text
    assert "By age band, East Ayrshire" in html and "Aged 18-44" in html
    local = public.get("/indicators/NI-12", params={"breakdown": "simd_local_quintile"}).text
    assert "By SIMD quintile (within the council)" in local and "ranked within the council" in local


def test_the_country_is_the_default_and_ranks_partnerships(public: TestClient) -> None:
    html = public.get("/indicators/NI-12").text
    assert "in Scotland" in html and "<h3>Partnerships, 2024</h3>" in html
    assert "Choose a locality to rank its data zones." in html


def test_a_suppressed_value_is_said_not_shown(public: TestClient) -> None:
    html = public.get("/indicators/NI-18", params={"area": "S37000027"}).text
    assert "is suppressed: it rests on too few records (fewer than 5)" in html


def test_counts_are_not_compared_between_areas(public: TestClient) -> None:
    html = public.get("/indicators/MONEY-GAINS", params={"area": PARTNERSHIP}).text
    assert "Inequality measures are not calculated for counts and totals." in html
    assert "Compared with East Ayrshire" not in html


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/indicators/NOPE-1", 404, "No indicator"),
        ("/indicators/NI-12?area=NOWHERE", 404, "has no results for area"),
        ("/indicators/NI-12?breakdown=planet", 422, "Breakdown must be one of"),
        ("/indicators/NI-12/results.csv?area=NOWHERE", 404, "has no results for area"),
    ],
)
def test_errors(public: TestClient, path: str, status: int, words: str) -> None:
    response = public.get(path)
    assert response.status_code == status and words in html.unescape(response.text)


def test_csv_download_of_an_indicator(public: TestClient) -> None:
    response = public.get("/indicators/NI-12/results.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="NI-12-results.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and "records" not in rows[0]  # record counts are for staff only
    assert {"indicator", "area_code", "value", "lower_95", "suppressed", "trend"} <= set(rows[0])
    suppressed = [r for r in rows if r["suppressed"] == "True"]
    assert suppressed and all(
        r["value"] == r["numerator"] == r["denominator"] == "" for r in suppressed
    )
    assert {r["area_level"] for r in rows} >= {"datazone", "locality", "partnership", "country"}


def test_excel_download_for_staff_has_record_counts(
    public: TestClient, tokens: dict[str, str]
) -> None:
    response = public.get(
        "/indicators/NI-12/results.xlsx",
        params={"area": PARTNERSHIP},
        headers={"Authorization": f"Bearer {tokens['analyst']}"},
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Results", "Definition"]
    rows = list(book["Results"].iter_rows(values_only=True))
    assert "records" in rows[0] and {r[rows[0].index("area_code")] for r in rows[1:]} == {
        PARTNERSHIP
    }
    about = dict(book["Definition"].iter_rows(values_only=True))  # type: ignore[arg-type]
    assert about["Indicator"].startswith("NI-12: ") and "suppressed" in about["Disclosure control"]


def test_the_public_gets_the_same_page_twice_and_gzipped(public: TestClient) -> None:
    first = public.get("/indicators/NI-13", params={"area": LOCALITY})
    second = public.get("/indicators/NI-13", params={"area": LOCALITY})
    assert first.text == second.text and second.headers["vary"] == "Accept-Encoding"
    raw = public.get("/indicators/NI-13", params={"area": LOCALITY},
                     headers={"Accept-Encoding": "identity"})  # fmt: skip
    assert raw.text == first.text and "content-encoding" not in raw.headers


def test_indicator_pages_record_no_person_level_views(
    shared_app: FastAPI, tokens: dict[str, str]
) -> None:
    """Indicator pages show aggregates only: nothing for the person-level audit trail."""
    services = shared_app.state.services
    views = AuditFilter(action="view.person_level")
    before = services.audit.search(views).total
    with TestClient(shared_app) as client:
        headers = {"Authorization": f"Bearer {tokens['analyst']}"}
        for path in ("/indicators/NI-12?area=S01900007", "/places/S01900007", "/api/v1/values"):
            assert client.get(path, headers=headers).status_code == 200
    assert services.audit.search(views).total == before


OWN = """
id: LOCAL-FALLS
title: Falls admissions of people aged 75 and over
numerator:
  table: hospital_stays
  date: admission_date
  filter: admission_type in @emergency and age >= 75
denominator:
  kind: population
  filter: age >= 75
measure:
  kind: crude_rate
  multiplier: 1000
period: calendar_year
polarity: low_is_good
metadata:
  source: Hospital stays; NRS small area population estimates
"""


def test_a_workspace_indicator_not_computed_yet(workspace: Settings) -> None:
    from tests.web.conftest import make_app

    folder = Path(workspace.home) / "indicators"
    folder.mkdir()
    (folder / "falls.yaml").write_text(OWN, encoding="utf-8")
    with TestClient(make_app(workspace)) as client:
        listing = client.get("/indicators").text
        assert 'href="/indicators/LOCAL-FALLS"' in listing and "Not computed yet" in listing
        page = client.get("/indicators/LOCAL-FALLS")
        assert page.status_code == 200 and "has not been computed" in page.text
        assert "Download the data" not in page.text and "Definition followed" not in page.text
        body = client.get("/api/v1/values", params={"indicator": "LOCAL-FALLS"}).json()
        assert body["total"] == 0
        detail = client.get("/api/v1/indicators/LOCAL-FALLS").json()
        assert detail["pack"] == "workspace" and detail["has_results"] is False
