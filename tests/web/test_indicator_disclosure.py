"""No public page, download or API answer ever shows a number disclosure control suppressed.

A small workspace (1,000 people: many small counts) is computed; the same indicators are
computed again without disclosure control to learn the numbers that were suppressed.
Then every public page (indicator pages for every area and breakdown, place profiles,
the lists), every download and every API listing is fetched, and:

* in the API, CSV and Excel answers, every suppressed row has an empty value,
  numerator, denominator and limits;
* no answer contains a suppressed value as any page or chart writes numbers (the charts
  are replaced by their Vega-Lite specification, so the data they would draw is
  searched too). Values that are too short to be told apart from other numbers on a
  page, or that equal a published number, are left to the structural checks.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

import placewell.charts.core as chart_core
from placewell.config import load_settings
from placewell.data.demo import build_demo
from placewell.data.synth import DemoConfig
from placewell.engine.backends import connect
from placewell.indicators import compute_many, find_definition, results
from placewell.indicators.definition import Disclosure
from placewell.indicators.engine import Context, compute_definition
from placewell.store import dispose_engines
from placewell.workspace import Workspace
from tests.web.conftest import make_app

INDICATORS = ("NI-12", "ADP-WAIT")
KEY = ["indicator", "area_code", "period", "breakdown", "breakdown_value"]
NUMBER = re.compile(r"-?\d[\d,.]*")
NUMBERS = ("value", "numerator", "denominator", "lower_95", "upper_95", "lower_99_8", "upper_99_8")


@dataclass(frozen=True)
class Small:
    client: TestClient
    stored: pd.DataFrame
    suppressed: set[tuple[str, ...]]
    secrets: list[str]
    values: np.ndarray
    published: pd.DataFrame


def _variants(value: float) -> set[str]:
    """The ways a page or a chart writes ``value`` (rounded; full precision is compared
    as a number, see :func:`_close`)."""
    sig = float(f"{value:.4g}")
    return {f"{value:,.1f}", f"{value:.1f}", f"{value:,.2f}", f"{value:.2f}", repr(sig),
            f"{value:.4g}", f"{value:,.0f}"}  # fmt: skip


def _close(sorted_values: np.ndarray, value: float) -> bool:
    """Whether ``value`` equals one of ``sorted_values`` to 1 part in 10^9."""
    i = int(np.searchsorted(sorted_values, value))
    near = sorted_values[max(i - 1, 0) : i + 1]
    return bool(len(near) and np.any(np.abs(near - value) <= 1e-9 * max(abs(value), 1.0)))


def _fake_svg(spec_json: str) -> str:
    """A chart without rendering: the SVG carries the data the chart would draw (the
    funnel limits and SPC lines, computed at many points, are left out: they are not
    any area's value and would match suppressed numbers by chance)."""
    spec = json.loads(spec_json)
    rows = list(spec.get("data", {}).get("values", []))
    for layer in [*spec.get("layer", []), *spec.get("hconcat", [])]:
        rows += layer.get("data", {}).get("values", [])
    drawn = [r for r in rows if not {"curve", "line"} & set(r)]
    text = html.escape(json.dumps(drawn))
    return f'<svg xmlns="http://www.w3.org/2000/svg"><desc>{text}</desc></svg>'


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Small]:
    home = tmp_path_factory.mktemp("disclosure") / "ws"
    workspace = Workspace(home)
    build_demo(workspace, DemoConfig(people=1_000, seed=11))
    definitions = [find_definition(i) for i in INDICATORS]
    compute_many(workspace, definitions)
    stored = pd.concat([results(workspace, i) for i in INDICATORS], ignore_index=True)
    raw = []
    with connect("duckdb", workspace) as backend:
        ctx = Context(backend)
        for d in definitions:
            frame, _ = compute_definition(
                ctx, d.model_copy(update={"disclosure": Disclosure(threshold=1)})
            )
            raw.append(frame.assign(indicator=d.id))
    raw_frame = pd.concat(raw, ignore_index=True)
    hidden = stored[stored["suppressed"]]
    secret_rows = hidden[KEY].merge(raw_frame[[*KEY, "value"]], on=KEY, how="left")
    published = stored[~stored["suppressed"]]
    shown = np.sort(np.concatenate([
        published[c].dropna().to_numpy(dtype=np.float64)
        for c in (*NUMBERS, "parent_value", "country_value", "baseline_value")
    ]))  # fmt: skip
    legit = {t for v in shown for t in _variants(float(v))}
    # suppressed values no published number equals (those cannot be told apart)
    values = np.sort([v for v in secret_rows["value"].dropna().to_numpy(dtype=np.float64)
                      if v > 0 and not _close(shown, float(v))])  # fmt: skip
    secrets = sorted({t for v in values for t in _variants(float(v))
                      if len(t) >= 5 and t not in legit})  # fmt: skip
    settings = load_settings(home=home)
    app = make_app(settings)
    with TestClient(app) as client:
        yield Small(client, stored, {tuple(map(str, r)) for r in hidden[KEY].to_numpy()},
                    secrets, values, published)  # fmt: skip
    dispose_engines(settings.app_database_url)


def _crawl_paths(small: Small) -> list[str]:
    areas = sorted(set(small.stored["area_code"].astype(str)))
    paths = ["/indicators", "/indicators/definitions", "/places"]
    paths += [f"/places/{a}" for a in areas]
    for indicator in INDICATORS:
        mine = sorted(set(small.stored.loc[small.stored["indicator"] == indicator, "area_code"]))
        paths += [f"/indicators/{indicator}?area={a}" for a in mine]
        paths += [f"/indicators/{indicator}/results.csv", f"/indicators/{indicator}/results.xlsx"]
    levels = small.stored.set_index("area_code")["area_level"].to_dict()
    bigger = [a for a in areas if levels.get(a) in ("partnership", "country")]
    for breakdown in ("sex", "age_band", "simd_local_quintile"):
        paths += [f"/indicators/NI-12?area={a}&breakdown={breakdown}" for a in bigger]
    paths += ["/api/v1/indicators?limit=500", *[f"/api/v1/indicators/{i}" for i in INDICATORS]]
    return paths


def _text(path: str, response: Any) -> str:
    if path.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            ",".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return html.unescape(response.content.decode("utf-8-sig"))


def _check_rows(rows: list[dict[str, Any]], small: Small, empty: Any) -> int:
    """Suppressed rows have no numbers; rows the store suppresses are suppressed here."""
    checked = 0
    for row in rows:
        key = tuple(str(row[k]) for k in KEY)
        if key in small.suppressed:
            assert str(row["suppressed"]) == "True", key
            assert all(row[c] in empty for c in NUMBERS), (key, {c: row[c] for c in NUMBERS})
            checked += 1
    return checked


def test_no_public_answer_contains_a_suppressed_number(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_core, "_render", _fake_svg)
    client = small.client
    assert len(small.secrets) >= 20 and len(small.values) >= 20, "too few suppressed values"
    secrets = set(small.secrets)

    def leaked(text: str) -> str | None:
        """A suppressed number written anywhere in ``text`` (as a number of its own)."""
        for run in NUMBER.findall(text):
            run = run.rstrip(".,")
            for token in (run, *run.split(",")):
                if token in secrets:
                    return token
                digits = sum(ch.isdigit() for ch in token)
                precise = digits >= 9 and token.count(".") <= 1
                if precise and _close(small.values, float(token.replace(",", ""))):
                    return token  # the number at full precision (CSV, JSON, Excel)
        return None

    queue, seen, texts = _crawl_paths(small), set(), 0
    structural = 0
    while queue and len(seen) < 900:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        text = _text(path, response)
        leak = leaked(text)
        assert leak is None, f"{path} shows the suppressed number {leak}"
        texts += 1
        if path.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(text)))
            structural += _check_rows(rows, small, ("",))
        elif path.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(response.content), read_only=True)
            sheet = list(book["Results"].iter_rows(values_only=True))
            width = len(sheet[0])  # read-only sheets leave trailing empty cells out
            rows = [dict(zip(sheet[0], (*r, *[None] * width), strict=False)) for r in sheet[1:]]
            structural += _check_rows(rows, small, (None,))
        elif "text/html" in response.headers["content-type"]:
            for link in re.findall(r'href="(/(?:indicators|places)/[^"#]*)"', text):
                if link not in seen and "/results." not in link:
                    queue.append(link)
    # every value the API lists, page by page
    offset, total = 0, None
    while total is None or offset < total:
        body = client.get("/api/v1/values", params={"limit": 500, "offset": offset}).json()
        total = body["total"]
        text = json.dumps(body)
        assert leaked(text) is None
        structural += _check_rows(body["items"], small, (None,))
        offset += 500
    assert total == len(small.stored)
    assert texts >= 150 and structural >= 2 * len(small.suppressed)
    # the search is real: published numbers are found the same way
    country = small.published[(small.published["indicator"] == "NI-12")
                              & (small.published["area_level"] == "country")
                              & (small.published["breakdown"] == "all")]  # fmt: skip
    sample = f"{float(country.sort_values('period_end')['value'].iloc[-1]):,.1f}"
    assert sample in client.get("/indicators/NI-12").text
    print(
        f"checked {texts} answers and {structural} suppressed rows for {len(small.secrets)} numbers"
    )


def test_small_data_zone_numbers_are_suppressed_on_their_pages(small: Small) -> None:
    zones = small.stored[(small.stored["area_level"] == "datazone") & small.stored["suppressed"]
                         & (small.stored["breakdown"] == "all")]  # fmt: skip
    zone = zones.sort_values("period_end").iloc[-1]
    page = small.client.get(f"/indicators/{zone['indicator']}?area={zone['area_code']}").text
    assert "Suppressed" in page
    answer = small.client.get("/api/v1/values", params={"indicator": zone["indicator"],
                              "area": zone["area_code"], "period": zone["period"],
                              "breakdown": "all"}).json()  # fmt: skip
    item = answer["items"][0]
    assert item["suppressed"] and item["value"] is None and item["numerator"] is None
    assert item["suppression"].startswith(("primary", "secondary"))


def test_the_workspace_is_small(small: Small, tmp_path: Path) -> None:
    levels = small.stored.groupby("area_level")["suppressed"].mean()
    assert levels["datazone"] > 0.2 and levels["locality"] > 0.3  # many small numbers


def test_a_value_hidden_to_protect_another_says_so(small: Small) -> None:
    """An area's latest value suppressed because a related area's would be worked out."""
    totals = small.stored[small.stored["breakdown"] == "all"]
    latest = totals["period_end"] == totals.groupby(["indicator", "area_code"])[
        "period_end"
    ].transform("max")
    related = totals[latest & totals["suppression"].astype(str).str.contains("related area")]
    assert len(related), "no area's latest value is hidden for a related area"
    row = related.iloc[0]
    page = small.client.get(f"/indicators/{row['indicator']}?area={row['area_code']}").text
    assert "would let a number resting on fewer than 5 records be worked out" in page
