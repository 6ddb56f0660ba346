"""Units, disclosure of result rows, the period each report year uses, default dates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from placewell.errors import ValidationError
from placewell.indicators.periods import PeriodType
from placewell.reports import default_since
from placewell.reports.data import ReportYear
from placewell.reports.values import Unit, disclose, to_values


def test_units_read_as_published() -> None:
    rate, pct = Unit("crude_rate", 100_000), Unit("weighted_proportion", 100)
    assert rate.short(12334.96) == "12,335" and rate.long(12334.96) == "12,335 per 100,000"
    assert rate.short(109.24) == "109.2"
    assert pct.short(88.119) == "88.1%" and pct.long(88.119) == "88.1%"
    assert Unit("proportion", 1000).long(109.24) == "109.2 per 1,000"
    assert Unit("count", 1).long(1274.0) == "1,274"
    assert Unit("dsr", 100_000).heading == "per 100,000 (age-standardised)"
    assert pct.difference(-9.33) == "9.3 percentage points"
    assert rate.short(None) == "*" and rate.short(float("nan")) == "*"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["NI-12", "NI-12"],
            "area_code": ["A", "B"],
            "area_name": ["Area A", "Area B"],
            "period": ["2023", "2023"],
            "breakdown_value": ["total", "total"],
            "numerator": [3.0, 300.0],
            "denominator": [1000.0, 2000.0],
            "records": [3.0, 300.0],
            "value": [300.0, 15000.0],
            "lower_95": [60.0, 13000.0],
            "upper_95": [900.0, 17000.0],
            "suppressed": [True, False],
            "country_significance": ["Worse", "Similar"],
            "trend": ["Increasing and getting worse", "No significant change"],
            "target_met": [True, None],
        }
    )


def test_disclose_removes_every_number_of_a_suppressed_row() -> None:
    out = disclose(_frame())
    hidden = out.iloc[0]
    for column in ("numerator", "denominator", "records", "value", "lower_95", "upper_95"):
        assert np.isnan(hidden[column]), column
    assert hidden["country_significance"] is None and hidden["trend"] is None
    assert hidden["target_met"] is None
    assert out.iloc[1]["numerator"] == 300.0  # the others keep theirs


def test_values_of_a_frame_are_disclosed_even_if_not_asked() -> None:
    first, second = to_values(_frame())
    assert first.suppressed and first.value is None and first.numerator is None
    assert first.country_significance is None and first.trend is None
    assert second.value == 15000.0 and second.country_significance == "Similar"


def test_report_year_uses_calendar_year_y_for_calendar_indicators() -> None:
    year = ReportYear.parse("2023/24")
    assert year.period_for(PeriodType.FINANCIAL_YEAR) == "2023/24"
    assert year.period_for(PeriodType.CALENDAR_YEAR) == "2023"  # PHS: NI-12 to NI-16
    assert year.period_for(PeriodType.QUARTER) == "2023/24 Q4"
    assert year.period_for(PeriodType.MONTH) == "2024-03"
    assert year.period_for(PeriodType.SOCIAL_WORK_YEAR) == "2022/23"  # ends July 2023
    assert year.previous().label == "2022/23"


@pytest.mark.parametrize("text", ["2023", "2023/25", "last year", ""])
def test_malformed_years_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="financial year"):
        ReportYear.parse(text)


def test_default_since_is_three_months_back() -> None:
    assert default_since(date(2026, 11, 30)) == date(2026, 8, 30)
    assert default_since(date(2026, 5, 31)) == date(2026, 2, 28)
    assert default_since(date(2026, 1, 15)) == date(2025, 10, 15)
