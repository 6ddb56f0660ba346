"""Reporting periods: labels, dates, keys in Python and in the backend, coverage."""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa
import pytest

from placewell.errors import DefinitionError
from placewell.indicators.periods import (
    PeriodType,
    bounds,
    covered_keys,
    key_expr,
    key_of,
    label,
    parse_label,
    population_years,
)

P = PeriodType
D = dt.date


@pytest.mark.parametrize(
    ("kind", "day", "text", "first", "last"),
    [
        (P.FINANCIAL_YEAR, D(2024, 3, 31), "2023/24", D(2023, 4, 1), D(2024, 3, 31)),
        (P.FINANCIAL_YEAR, D(2024, 4, 1), "2024/25", D(2024, 4, 1), D(2025, 3, 31)),
        (P.FINANCIAL_YEAR, D(1999, 12, 1), "1999/00", D(1999, 4, 1), D(2000, 3, 31)),
        (P.CALENDAR_YEAR, D(2023, 12, 31), "2023", D(2023, 1, 1), D(2023, 12, 31)),
        (P.SOCIAL_WORK_YEAR, D(2024, 7, 31), "2023/24", D(2023, 8, 1), D(2024, 7, 31)),
        (P.SOCIAL_WORK_YEAR, D(2024, 8, 1), "2024/25", D(2024, 8, 1), D(2025, 7, 31)),
        (P.QUARTER, D(2023, 4, 1), "2023/24 Q1", D(2023, 4, 1), D(2023, 6, 30)),
        (P.QUARTER, D(2023, 12, 31), "2023/24 Q3", D(2023, 10, 1), D(2023, 12, 31)),
        (P.QUARTER, D(2024, 2, 29), "2023/24 Q4", D(2024, 1, 1), D(2024, 3, 31)),
        (P.MONTH, D(2024, 2, 10), "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (P.MONTH, D(2023, 12, 31), "2023-12", D(2023, 12, 1), D(2023, 12, 31)),
        (P.ROLLING_3_YEAR, D(2024, 3, 31), "2021/22-2023/24", D(2021, 4, 1), D(2024, 3, 31)),
    ],
)
def test_labels_and_dates(
    kind: PeriodType, day: dt.date, text: str, first: dt.date, last: dt.date
) -> None:
    key = key_of(kind, day)
    assert label(kind, key) == text
    assert bounds(kind, key) == (first, last)
    assert parse_label(kind, text) == key


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (P.FINANCIAL_YEAR, "2023/25"),
        (P.FINANCIAL_YEAR, "2023-24"),
        (P.CALENDAR_YEAR, "23"),
        (P.QUARTER, "2023/24 Q5"),
        (P.MONTH, "2023-13"),
        (P.ROLLING_3_YEAR, "2021/22-2022/23"),
    ],
)
def test_malformed_labels(kind: PeriodType, text: str) -> None:
    with pytest.raises(DefinitionError, match="write it like"):
        parse_label(kind, text)


def test_population_years() -> None:
    assert population_years(P.FINANCIAL_YEAR, 2023) == [2023]
    assert population_years(P.SOCIAL_WORK_YEAR, 2023) == [2024]  # 30 June 2024 is inside
    assert population_years(P.QUARTER, parse_label(P.QUARTER, "2023/24 Q4")) == [2023]
    assert population_years(P.MONTH, parse_label(P.MONTH, "2024-02")) == [2023]
    assert population_years(P.ROLLING_3_YEAR, 2023) == [2021, 2022, 2023]


def test_only_whole_periods_are_covered() -> None:
    first, last = D(2017, 4, 3), D(2025, 3, 29)
    assert covered_keys(P.FINANCIAL_YEAR, first, last) == list(range(2017, 2025))
    assert covered_keys(P.CALENDAR_YEAR, first, last) == list(range(2018, 2025))
    assert covered_keys(P.FINANCIAL_YEAR, first, last, lag_days=28) == list(range(2017, 2024))
    assert covered_keys(P.ROLLING_3_YEAR, first, last) == list(range(2019, 2025))
    assert covered_keys(P.SOCIAL_WORK_YEAR, first, last) == list(range(2017, 2024))
    assert len(covered_keys(P.MONTH, first, last)) == 96


@pytest.mark.parametrize(
    "kind", [P.FINANCIAL_YEAR, P.CALENDAR_YEAR, P.SOCIAL_WORK_YEAR, P.QUARTER, P.MONTH]
)
def test_backend_keys_match_python_keys(kind: PeriodType) -> None:
    days = [D(2019, 1, 1) + dt.timedelta(days=i) for i in range(0, 6 * 365, 3)]
    con = ibis.duckdb.connect()
    t = con.create_table("days", pa.table({"day": pa.array(days, pa.date32())}))
    keys = t.select(k=key_expr(kind, t.day)).k.to_pyarrow().to_pylist()
    assert keys == [key_of(kind, d) for d in days]
