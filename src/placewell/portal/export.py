"""Result rows for an audience, and the CSV and Excel downloads of an indicator's results.

Disclosure control holds for every audience: a suppressed row's numerator,
denominator, record count, value and limits are empty, with ``suppressed`` true and
the reason in ``suppression``. The public also gets no record counts.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pandas as pd

from placewell.indicators.definition import Definition
from placewell.portal.results import RESULT_COLUMNS
from placewell.portal.tracking import Audience

__all__ = ["HIDDEN_WHEN_SUPPRESSED", "export_results", "public_records", "public_rows"]

HIDDEN_WHEN_SUPPRESSED = (
    "numerator",
    "denominator",
    "records",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "change_from_baseline",
)
_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def public_rows(frame: pd.DataFrame, audience: Audience) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows ``audience`` may see: suppressed numbers emptied, plain values
    (str, float, bool, date or None; never NaN)."""
    columns = [c for c in RESULT_COLUMNS if c in frame.columns]
    if audience is Audience.PUBLIC:
        columns = [c for c in columns if c != "records"]
    hidden = {columns.index(c) for c in HIDDEN_WHEN_SUPPRESSED if c in columns}
    flags = frame["suppressed"].to_numpy(dtype=bool)
    data = [frame[c].astype(object).tolist() for c in columns]
    rows = []
    for i, suppressed in enumerate(flags):
        rows.append(
            [None if suppressed and j in hidden else _plain(col[i]) for j, col in enumerate(data)]
        )
    return columns, rows


def public_records(frame: pd.DataFrame, audience: Audience) -> list[dict[str, Any]]:
    """:func:`public_rows` as one dictionary per row (for the API)."""
    columns, rows = public_rows(frame, audience)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _definition_rows(definition: Definition) -> list[tuple[str, str]]:
    m = definition.metadata
    rows = [
        ("Indicator", f"{definition.id}: {definition.title}"),
        ("Description", definition.description.strip()),
        ("Measure", f"{definition.measure.kind} (x {definition.measure.scale:g})"),
        ("Period", definition.period.value),
        ("Polarity", definition.polarity),
        ("Source", m.source),
        ("Definition followed", m.follows.strip()),
        *[("Caveat", c) for c in m.caveats],
        (
            "Disclosure control",
            f"Values resting on fewer than {definition.disclosure.threshold} records are "
            "suppressed (primary), and others where needed so they cannot be worked out "
            "(secondary); suppressed values are empty.",
        ),
    ]
    return [(k, v) for k, v in rows if v]


def export_results(
    frame: pd.DataFrame,
    definition: Definition,
    audience: Audience,
    fmt: str,
    area: str | None = None,
) -> tuple[bytes, str, str]:
    """``frame`` as a CSV or an Excel workbook (results and the definition)."""
    if fmt not in _MEDIA:
        raise ValueError(f"format must be csv or xlsx, got {fmt!r}")
    columns, rows = public_rows(frame, audience)
    name = f"{definition.id}-results" + (f"-{area}" if area else "") + f".{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return text.getvalue().encode("utf-8-sig"), _MEDIA[fmt], name
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Results")
    sheet.append(columns)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    about = book.create_sheet("Definition")
    for key, value in _definition_rows(definition):
        about.append([key, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), _MEDIA[fmt], name


def _cell(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
