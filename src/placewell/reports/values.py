"""Indicator values for reports: disclosure control first, then units and formatting.

:func:`disclose` is the one gate every result row passes before a report sees it:
a row the engine suppressed (``suppressed`` is true) loses its numerator,
denominator, record count, value and limits, whatever the frame held, so no renderer
can ever print them. :class:`Value` is a row after that gate; :class:`Unit` formats
its numbers the same way in tables, sentences and chart data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from placewell.indicators.definition import Definition
from placewell.reports.document import SUPPRESSED

__all__ = ["HIDDEN_COLUMNS", "Unit", "Value", "disclose", "to_values"]

#: Columns a suppressed row must never show.
HIDDEN_COLUMNS = (
    "numerator",
    "denominator",
    "records",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "target_met",
    "baseline_value",
    "change_from_baseline",
)
_PERCENT_KINDS = {"proportion", "weighted_proportion", "within_standard", "ratio"}


def disclose(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every number of a suppressed row removed (before any rendering)."""
    if frame.empty or "suppressed" not in frame.columns:
        return frame
    hide = frame["suppressed"].fillna(False).astype(bool).to_numpy()
    if not hide.any():
        return frame
    out = frame.copy()
    for column in HIDDEN_COLUMNS:
        if column in out.columns:
            if column == "target_met":
                out[column] = out[column].astype(object).where(~hide, None)
            else:
                out.loc[hide, column] = np.nan
    for column in ("parent_significance", "country_significance", "trend"):
        if column in out.columns:
            out[column] = out[column].astype(object).where(~hide, None)
    return out


@dataclass(frozen=True)
class Unit:
    """How an indicator's values read: ``88.1%``, ``12,335 per 100,000``, ``1,274``."""

    kind: str
    scale: float

    @classmethod
    def of(cls, definition: Definition) -> Unit:
        return cls(definition.measure.kind, definition.measure.scale)

    @property
    def percent(self) -> bool:
        return self.kind in _PERCENT_KINDS and self.scale == 100

    @property
    def label(self) -> str:
        """The unit after a number in a sentence ('' for counts and percentages)."""
        if self.percent or self.kind in ("count", "mean", "life_expectancy"):
            return ""
        per = f"per {self.scale:,.0f}"
        return f"{per} (age-standardised)" if self.kind == "dsr" else per

    @property
    def heading(self) -> str:
        """The unit in a column or row heading: ``%``, ``per 100,000``, ``number``."""
        if self.percent:
            return "%"
        if self.kind == "life_expectancy":
            return "years"
        return self.label or "number"

    @property
    def gap(self) -> str:
        """The unit of a difference (SII, range): percentage points for percentages."""
        if self.percent:
            return "percentage points"
        return f"per {self.scale:,.0f}" if self.kind == "dsr" else self.label

    def number(self, value: float | None) -> str:
        """The value with its usual precision, or ``*`` when absent (suppressed or missing)."""
        if value is None or not math.isfinite(value):
            return SUPPRESSED
        if self.percent or self.kind in ("mean", "life_expectancy"):
            return f"{value:,.1f}"
        if self.kind == "count" or abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.1f}"

    def short(self, value: float | None) -> str:
        """A table cell: the number with ``%`` for percentages."""
        text = self.number(value)
        return f"{text}%" if self.percent and text != SUPPRESSED else text

    def long(self, value: float) -> str:
        """A sentence: ``88.1%``, ``12,335 per 100,000``."""
        text = self.short(value)
        return f"{text} {self.label}" if self.label else text

    def difference(self, value: float) -> str:
        """A gap in a sentence: ``3.1 percentage points``, ``2,497 per 100,000``."""
        text = self.number(abs(value))
        return f"{text} {self.gap}" if self.gap else text


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value)
    return text or None


@dataclass(frozen=True)
class Value:
    """One indicator value in one area and period, after disclosure control."""

    indicator: str
    area_code: str
    area_name: str
    period: str
    suppressed: bool
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    lower_99_8: float | None = None
    upper_99_8: float | None = None
    numerator: float | None = None
    parent_value: float | None = None
    parent_significance: str | None = None
    country_value: float | None = None
    country_significance: str | None = None
    trend: str | None = None
    target_value: float | None = None
    target_met: bool | None = None
    baseline_period: str | None = None
    baseline_value: float | None = None
    change_from_baseline: float | None = None
    breakdown_value: str = "total"


_FIELDS = {
    "value": "value",
    "lower": "lower_95",
    "upper": "upper_95",
    "lower_99_8": "lower_99_8",
    "upper_99_8": "upper_99_8",
    "numerator": "numerator",
    "parent_value": "parent_value",
    "country_value": "country_value",
    "target_value": "target_value",
    "baseline_value": "baseline_value",
    "change_from_baseline": "change_from_baseline",
}
_TEXTS = {
    "parent_significance": "parent_significance",
    "country_significance": "country_significance",
    "trend": "trend",
    "baseline_period": "baseline_period",
}


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    if name not in frame.columns:
        return [None] * len(frame)
    return frame[name].astype(object).tolist()


def to_values(frame: pd.DataFrame) -> list[Value]:
    """Rows of a result frame as :class:`Value` records, after :func:`disclose`."""
    frame = disclose(frame)
    n = len(frame)
    cols = {c: _column(frame, c) for c in ("indicator", "area_code", "area_name", "period")}
    suppressed = [
        bool(x) if x is not None and not pd.isna(x) else False for x in _column(frame, "suppressed")
    ]
    numbers = {k: [_float(x) for x in _column(frame, c)] for k, c in _FIELDS.items()}
    texts = {k: [_text(x) for x in _column(frame, c)] for k, c in _TEXTS.items()}
    met = [None if x is None or bool(pd.isna(x)) else bool(x) for x in _column(frame, "target_met")]
    breakdown = [_text(x) or "total" for x in _column(frame, "breakdown_value")]
    out = []
    for i in range(n):
        out.append(
            Value(
                indicator=str(cols["indicator"][i]),
                area_code=str(cols["area_code"][i]),
                area_name=str(cols["area_name"][i] or cols["area_code"][i]),
                period=str(cols["period"][i]),
                suppressed=suppressed[i],
                target_met=met[i],
                breakdown_value=breakdown[i],
                value=numbers["value"][i],
                lower=numbers["lower"][i],
                upper=numbers["upper"][i],
                lower_99_8=numbers["lower_99_8"][i],
                upper_99_8=numbers["upper_99_8"][i],
                numerator=numbers["numerator"][i],
                parent_value=numbers["parent_value"][i],
                country_value=numbers["country_value"][i],
                target_value=numbers["target_value"][i],
                baseline_value=numbers["baseline_value"][i],
                change_from_baseline=numbers["change_from_baseline"][i],
                parent_significance=texts["parent_significance"][i],
                country_significance=texts["country_significance"][i],
                trend=texts["trend"][i],
                baseline_period=texts["baseline_period"][i],
            )
        )
    return out
