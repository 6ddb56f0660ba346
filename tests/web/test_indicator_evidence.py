"""Evidence from the warehouse: statuses judged on computed results, not illustrative ones."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest
from fastapi import FastAPI

from placewell.indicators.evidence import (
    WarehouseEvidenceProvider,
    gap_direction,
    read_runs,
    workspace_evidence,
)
from placewell.portal.tracking import Audience
from placewell.strategy.evidence import IndicatorEvidence, InMemoryEvidenceProvider
from placewell.workspace import Workspace
from tests.web.conftest import DemoWorkspace
from tests.web.helpers import STRATEGY


@pytest.fixture(scope="module")
def provider(demo_template: DemoWorkspace) -> WarehouseEvidenceProvider:
    return WarehouseEvidenceProvider(Workspace(demo_template.home))


def _latest(home: Path, indicator: str, area: str) -> tuple[str, float]:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute(
            "SELECT period, value FROM indicator_results WHERE indicator = ? AND area_code = ? "
            "AND breakdown = 'all' AND value IS NOT NULL ORDER BY period_end DESC LIMIT 1",
            [indicator, area],
        ).fetchone()
    assert row is not None
    return str(row[0]), float(row[1])


def test_the_demo_computes_every_bundled_pack(demo_template: DemoWorkspace) -> None:
    runs = read_runs(Workspace(demo_template.home))
    assert len(runs) == 27 and {"NI-12", "MSG-1", "ADP-WAIT", "LAC-START"} <= set(runs)


def test_evidence_is_the_latest_computed_value(
    provider: WarehouseEvidenceProvider, demo_template: DemoWorkspace
) -> None:
    ev = provider.evidence("NI-12", "S37000008")
    assert ev is not None
    period, value = _latest(demo_template.home, "NI-12", "S37000008")
    assert (ev.period, ev.value) == (period, pytest.approx(value))
    assert ev.unit == "per 100,000" and ev.polarity == "low_is_good"
    assert ev.title == "Emergency admission rate for adults" and ev.comparator == "Scotland"
    assert ev.trend in ("No significant change", "Increasing and getting worse",
                        "Decreasing and getting better", "Could not be calculated")  # fmt: skip
    assert provider.evidence("ni-12", None) == provider.evidence("NI-12", "S92000003")
    assert provider.evidence("NI-12", "S92000003").comparison is None  # type: ignore[union-attr]
    assert provider.evidence("NI-12", "NOWHERE") is None


def test_targets_are_judged(provider: WarehouseEvidenceProvider) -> None:
    ev = provider.evidence("ADP-WAIT", "S37000008")
    assert ev is not None and ev.value is not None
    assert ev.target_met is (ev.value >= 90)


def test_comparison_levels_follow_the_intervals(
    provider: WarehouseEvidenceProvider, demo_template: DemoWorkspace
) -> None:
    """Outside the 99.8% interval: reported at 99.8%; outside only the 95%: at 95%."""
    with duckdb.connect(str(demo_template.home / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator, area_code, period, lower_95, upper_95, lower_99_8, upper_99_8, "
            "country_value FROM indicator_results WHERE breakdown = 'all' "
            "AND area_level IN ('partnership', 'locality')"
        ).fetchall()
    limits = {(r[0], r[1], r[2]): r[3:] for r in rows}
    seen = {"95": 0, "99.8": 0, "similar": 0}
    for (indicator, area, _), _ in limits.items():
        ev = provider.evidence(indicator, area)
        if ev is None or ev.value is None or ev.comparison is None:
            continue
        lo, hi, lo2, hi2, country = limits[(indicator, area, ev.period)]
        if ev.comparison == "Similar":
            assert lo <= country <= hi
            seen["similar"] += 1
        elif ev.level == 99.8:
            assert not lo2 <= country <= hi2
            seen["99.8"] += 1
        else:
            assert not lo <= country <= hi and lo2 <= country <= hi2
            seen["95"] += 1
    assert all(seen.values()), seen


def test_counts_are_not_compared(provider: WarehouseEvidenceProvider) -> None:
    ev = provider.evidence("MSG-1", "S37000008")
    assert ev is not None and ev.value is not None
    assert ev.comparison is None and ev.inequality_gap is None


def test_gap_direction() -> None:
    assert gap_direction([]) is None
    assert gap_direction([(10.0, 8.0, 12.0)]) is None
    assert gap_direction([(10.0, 9.0, 11.0), (20.0, 19.0, 21.0)]) == "widening"
    assert gap_direction([(-10.0, -11.0, -9.0), (-20.0, -21.0, -19.0)]) == "widening"
    assert gap_direction([(20.0, 19.0, 21.0), (10.0, 9.0, 11.0)]) == "narrowing"
    assert gap_direction([(10.0, 0.0, 20.0), (12.0, 2.0, 22.0)]) == "no_change"
    # only the last five periods count: an old, very different value does not
    old = [(100.0, 99.0, 101.0)] + [(10.0, 9.0, 11.0)] * 5
    assert gap_direction(old) == "no_change"
    assert gap_direction([(math.nan, 0.0, 1.0), (1.0, 0.5, 1.5)]) is None


def test_a_fallback_answers_only_for_indicators_without_results(
    demo_template: DemoWorkspace,
) -> None:
    fallback = InMemoryEvidenceProvider(
        [
            IndicatorEvidence(indicator_id="LOCAL-9", period="2025", value=3.0),
            IndicatorEvidence(indicator_id="NI-12", area_code="S37000008", period="x", value=1.0),
        ]
    )
    provider = workspace_evidence(Workspace(demo_template.home), fallback)
    assert provider.evidence("LOCAL-9", "S37000008").value == 3.0  # type: ignore[union-attr]
    assert provider.evidence("NI-12", "S37000008").period != "x"  # type: ignore[union-attr]
    empty = workspace_evidence(Workspace(demo_template.home / "missing"), fallback)
    assert not empty.has_results()
    assert empty.evidence("NI-12", "S37000008").value == 1.0  # type: ignore[union-attr]


def test_statuses_use_the_computed_numbers(
    shared_app: FastAPI, provider: WarehouseEvidenceProvider
) -> None:
    view = shared_app.state.services.tracking.strategy(STRATEGY, Audience.PUBLIC)
    linked = [
        i
        for p in view.all_priorities()
        for i in p.indicators
        if i.value is not None and i.area_code
    ] + [i for o in view.outcomes for i in o.indicators if i.value is not None and i.area_code]
    assert linked
    for item in linked:
        ev = provider.evidence(item.indicator_id, item.area_code)
        if ev is not None:
            assert item.value == pytest.approx(ev.value) and item.period == ev.period
