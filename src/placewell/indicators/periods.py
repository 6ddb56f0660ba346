"""UK public-sector reporting periods: keys, labels, dates and population years.

Every period type numbers its periods with an integer *key* that the backend computes
from a date with plain arithmetic (so it runs the same on DuckDB, PostgreSQL and
Spark); labels are made in Python from the few keys in the results.

=====================  =====================  ===============================  ===========
type                   key                    label / dates                    population
=====================  =====================  ===============================  ===========
``financial_year``     first calendar year    ``2023/24``: 1 Apr 2023-31 Mar   2023
``calendar_year``      the year               ``2023``                         2023
``social_work_year``   first calendar year    ``2023/24``: 1 Aug 2023-31 Jul   2024
``quarter``            fy x 4 + quarter - 1   ``2023/24 Q1``: Apr-Jun 2023     2023
``month``              year x 12 + month - 1  ``2023-04``                      2023 (fy)
``rolling_3_year``     last financial year    ``2021/22-2023/24``              2021-2023
=====================  =====================  ===============================  ===========

The population of a period is the mid-year (30 June) estimate falling inside it (the
financial year's for quarters and months); a rolling period uses the sum of its three
years' populations (person-years), as ScotPHO does for 3-year aggregates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum

import ibis
import ibis.expr.types as ir

from placewell.errors import DefinitionError

__all__ = [
    "PeriodType",
    "baseline_type",
    "bounds",
    "covered_keys",
    "key_expr",
    "key_of",
    "label",
    "label_key_expr",
    "labels",
    "parse_label",
    "population_years",
]


class PeriodType(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    CALENDAR_YEAR = "calendar_year"
    SOCIAL_WORK_YEAR = "social_work_year"
    QUARTER = "quarter"
    MONTH = "month"
    ROLLING_3_YEAR = "rolling_3_year"

    @property
    def base(self) -> PeriodType:
        """The type whose key a date is given (rolling periods expand financial years)."""
        return PeriodType.FINANCIAL_YEAR if self is PeriodType.ROLLING_3_YEAR else self


def _yy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _fy(year: int, month: int) -> int:
    return year - (1 if month < 4 else 0)


def key_of(kind: PeriodType, day: dt.date) -> int:
    """The key of the period containing ``day`` (the last window for rolling periods)."""
    if kind in (PeriodType.FINANCIAL_YEAR, PeriodType.ROLLING_3_YEAR):
        return _fy(day.year, day.month)
    if kind is PeriodType.CALENDAR_YEAR:
        return day.year
    if kind is PeriodType.SOCIAL_WORK_YEAR:
        return day.year - (1 if day.month < 8 else 0)
    if kind is PeriodType.QUARTER:
        return _fy(day.year, day.month) * 4 + ((day.month + 8) % 12) // 3
    return day.year * 12 + day.month - 1


def label(kind: PeriodType, key: int) -> str:
    """The published label of period ``key``: ``2023/24``, ``2023/24 Q1``, ``2023-04`` ..."""
    key = int(key)
    if kind in (PeriodType.FINANCIAL_YEAR, PeriodType.SOCIAL_WORK_YEAR):
        return _yy(key)
    if kind is PeriodType.CALENDAR_YEAR:
        return str(key)
    if kind is PeriodType.QUARTER:
        return f"{_yy(key // 4)} Q{key % 4 + 1}"
    if kind is PeriodType.MONTH:
        return f"{key // 12}-{key % 12 + 1:02d}"
    return f"{_yy(key - 2)}-{_yy(key)}"


def bounds(kind: PeriodType, key: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of period ``key``."""
    key = int(key)
    if kind is PeriodType.FINANCIAL_YEAR:
        return dt.date(key, 4, 1), dt.date(key + 1, 3, 31)
    if kind is PeriodType.CALENDAR_YEAR:
        return dt.date(key, 1, 1), dt.date(key, 12, 31)
    if kind is PeriodType.SOCIAL_WORK_YEAR:
        return dt.date(key, 8, 1), dt.date(key + 1, 7, 31)
    if kind is PeriodType.ROLLING_3_YEAR:
        return dt.date(key - 2, 4, 1), dt.date(key + 1, 3, 31)
    if kind is PeriodType.QUARTER:
        fy, q = divmod(key, 4)
        month = 4 + 3 * q
        year = fy + (month - 1) // 12
        start = dt.date(year, (month - 1) % 12 + 1, 1)
        return start, _month_end(start.year, start.month + 2)
    year, m0 = divmod(key, 12)
    return dt.date(year, m0 + 1, 1), _month_end(year, m0 + 1)


def _month_end(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def population_years(kind: PeriodType, key: int) -> list[int]:
    """Mid-year population estimate(s) used as the period's population."""
    key = int(key)
    if kind in (PeriodType.FINANCIAL_YEAR, PeriodType.CALENDAR_YEAR):
        return [key]
    if kind is PeriodType.SOCIAL_WORK_YEAR:
        return [key + 1]
    if kind is PeriodType.QUARTER:
        return [key // 4]
    if kind is PeriodType.MONTH:
        year, m0 = divmod(key, 12)
        return [_fy(year, m0 + 1)]
    return [key - 2, key - 1, key]


_LABEL_PATTERNS: dict[PeriodType, str] = {
    PeriodType.FINANCIAL_YEAR: r"^(\d{4})/(\d{2})$",
    PeriodType.SOCIAL_WORK_YEAR: r"^(\d{4})/(\d{2})$",
    PeriodType.CALENDAR_YEAR: r"^(\d{4})$",
    PeriodType.QUARTER: r"^(\d{4})/(\d{2}) Q([1-4])$",
    PeriodType.MONTH: r"^(\d{4})-(\d{2})$",
    PeriodType.ROLLING_3_YEAR: r"^(\d{4})/(\d{2})-(\d{4})/(\d{2})$",
}
_EXAMPLES = {
    PeriodType.FINANCIAL_YEAR: "2023/24",
    PeriodType.SOCIAL_WORK_YEAR: "2023/24",
    PeriodType.CALENDAR_YEAR: "2023",
    PeriodType.QUARTER: "2023/24 Q1",
    PeriodType.MONTH: "2023-04",
    PeriodType.ROLLING_3_YEAR: "2021/22-2023/24",
}


def parse_label(kind: PeriodType, text: str) -> int:
    """The key of a period label; :class:`DefinitionError` for a malformed label."""
    m = re.match(_LABEL_PATTERNS[kind], str(text).strip())
    key: int | None = None
    if m:
        g = [int(x) for x in m.groups()]
        if kind is PeriodType.CALENDAR_YEAR:
            key = g[0]
        elif kind is PeriodType.MONTH:
            key = g[0] * 12 + g[1] - 1 if 1 <= g[1] <= 12 else None
        elif kind is PeriodType.QUARTER:
            key = g[0] * 4 + g[2] - 1 if (g[0] + 1) % 100 == g[1] else None
        elif kind is PeriodType.ROLLING_3_YEAR:
            ok = (g[0] + 1) % 100 == g[1] and (g[2] + 1) % 100 == g[3] and g[2] == g[0] + 2
            key = g[2] if ok else None
        else:
            key = g[0] if (g[0] + 1) % 100 == g[1] else None
    if key is None:
        raise DefinitionError(
            f"{text!r} is not a {kind.value.replace('_', ' ')} label; write it like {_EXAMPLES[kind]}"
        )
    return key


def baseline_type(kind: PeriodType) -> PeriodType:
    """The period type of a baseline: financial years for months and quarters."""
    if kind in (PeriodType.MONTH, PeriodType.QUARTER):
        return PeriodType.FINANCIAL_YEAR
    return kind


def covered_keys(
    kind: PeriodType, first: dt.date, last: dt.date, *, lag_days: int = 0
) -> list[int]:
    """Keys of the periods wholly inside the months from ``first`` to ``last``.

    Data are taken to cover whole months: from the first day of the earliest record's
    month to the last day of the latest record's month. Partial periods at either end
    are left out, so a year is never reported from a few months of data. ``lag_days``
    shortens the end further (a readmission within 28 days of a discharge needs 28
    days of data after it).
    """
    start = first.replace(day=1)
    end = _month_end(last.year, last.month) - dt.timedelta(days=lag_days)
    keys = range(key_of(kind, start), key_of(kind, end) + 1)
    return [k for k in keys if bounds(kind, k)[0] >= start and bounds(kind, k)[1] <= end]


# --- the same in Ibis, run in the backend ---------------------------------------------
def key_expr(kind: PeriodType, day: ir.DateValue) -> ir.IntegerValue:
    """The base period key of ``day`` as an Ibis int64 expression."""
    year = day.year().cast("int64")
    month = day.month().cast("int64")
    base = kind.base
    if base is PeriodType.FINANCIAL_YEAR:
        out = year - ibis.ifelse(month < 4, 1, 0)
    elif base is PeriodType.CALENDAR_YEAR:
        out = year
    elif base is PeriodType.SOCIAL_WORK_YEAR:
        out = year - ibis.ifelse(month < 8, 1, 0)
    elif base is PeriodType.QUARTER:
        fy = year - ibis.ifelse(month < 4, 1, 0)
        quarter = ibis.cases((month < 4, 3), (month < 7, 0), (month < 10, 1), else_=2)
        out = fy * 4 + quarter
    else:
        out = year * 12 + month - 1
    return out.cast("int64")


def label_key_expr(kind: PeriodType, text: ir.StringValue) -> ir.IntegerValue:
    """The key of a column holding period labels (e.g. a survey year ``2023/24``)."""
    year = text.substr(0, 4).cast("int64")
    if kind is PeriodType.MONTH:
        out = year * 12 + text.substr(5, 2).cast("int64") - 1
    elif kind is PeriodType.QUARTER:
        out = year * 4 + text.substr(9, 1).cast("int64") - 1
    else:
        out = year
    return out.cast("int64")


def labels(kind: PeriodType, keys: Iterable[int]) -> dict[int, str]:
    """Labels of many keys at once (a dict for mapping result columns)."""
    return {int(k): label(kind, int(k)) for k in keys}
