"""PHS delayed discharge bed days by council area -> ``delayed_discharge_monthly``.

Public Health Scotland publishes "Delayed Discharges in NHSScotland" on its open data
platform; the resource "Delayed discharge bed days by council area" (a CSV named like
``2024-02_delayed-discharge-beddays-council-area.csv``, and a datastore table) has
one row per month, council area of residence, age group and reason group:

``MonthOfDelay`` (YYYYMM), ``CA`` (S12 code; S92000003 for Scotland), ``CAQF``,
``AgeGroup`` (18plus, 18-74, 75plus), ``AgeGroupQF``, ``ReasonForDelay`` (All Delay
Reasons, Health and Social Care Reasons, Patient and Family Related Reasons, Code 9
AWI, Code 9 Non-AWI), ``ReasonForDelayQF``, ``NumberOfDelayedBedDays``,
``AverageDailyNumberOfDelayedBeds``. Qualifier (``QF``) columns flag aggregates
("d") and missing values (":"); value qualifier columns
(``NumberOfDelayedBedDaysQF`` ...) are read when present. The datastore adds an
``_id`` column, which is ignored, as are any other extra columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from placewell.data.official._source import (
    Sheet,
    conform,
    read_csv_text,
    read_records,
    read_sheet,
)
from placewell.data.official.ckan import CkanClient
from placewell.errors import DownloadError

__all__ = [
    "DELAYED_DISCHARGE_RESOURCE_ID",
    "fetch_delayed_discharge",
    "read_delayed_discharge_csv",
    "read_delayed_discharge_dump",
    "read_delayed_discharge_records",
]

DELAYED_DISCHARGE_RESOURCE_ID = "513d2d71-cf73-458e-8b44-4fa9bccbf50a"
"""PHS open data: Delayed Discharges in NHSScotland, bed days by council area (July 2016 on)."""

_LAYOUT = "PHS delayed discharge bed days by council area"
_COLUMNS = {
    "month": ("MonthOfDelay",),
    "ca": ("CA",),
    "age": ("AgeGroup",),
    "reason": ("ReasonForDelay",),
    "bed_days": ("NumberOfDelayedBedDays",),
}
_QUALIFIERS = (
    "CAQF",
    "AgeGroupQF",
    "ReasonForDelayQF",
    "NumberOfDelayedBedDaysQF",
    "AverageDailyNumberOfDelayedBedsQF",
)
_AGE_GROUPS = {
    "18plus": "18plus",
    "18-74": "18-74",
    "75plus": "75plus",
    "18+": "18plus",
    "75+": "75plus",
}


def read_delayed_discharge_csv(path: str | Path) -> pa.Table:
    """Parse the published CSV (or a datastore dump of it) into ``delayed_discharge_monthly``.

    Raises:
        DataContractError: naming the file, row and column of each problem.
    """
    return _parse(read_sheet(path, ["MonthOfDelay"]))


def read_delayed_discharge_records(
    records: Sequence[Mapping[str, Any]], fields: Sequence[Any] = (), *, source: str = "records"
) -> pa.Table:
    """Parse ``datastore_search`` records (``fields`` as CKAN gives them, or names)."""
    names = [f["id"] if isinstance(f, Mapping) else str(f) for f in fields]
    return _parse(read_records(records, names, source))


def fetch_delayed_discharge(
    client: CkanClient, resource_id: str = DELAYED_DISCHARGE_RESOURCE_ID
) -> pa.Table:
    """Download every row of the resource through ``client`` and parse it.

    Raises:
        DownloadError: the portal could not be reached or answered badly.
        DataContractError: the published layout changed.
    """
    try:
        result = client.datastore_search(resource_id)
    except DownloadError as exc:
        raise DownloadError(
            f"{exc}. For delayed discharges, download the CSV 'Delayed discharge bed days by "
            "council area' from the PHS open data platform and run "
            "`placewell import delayed-discharge FILE`"
        ) from exc
    return read_delayed_discharge_records(
        result["records"], result["fields"], source=f"PHS open data resource {resource_id}"
    )


def read_delayed_discharge_dump(text: str, *, source: str = "datastore dump") -> pa.Table:
    """Parse CSV text, e.g. from :meth:`CkanClient.dump_csv`, into ``delayed_discharge_monthly``."""
    return _parse(read_csv_text(text, ["MonthOfDelay"], source))


def _parse(sheet: Sheet) -> pa.Table:
    col = sheet.resolve(_LAYOUT, _COLUMNS)
    header = {h.lower(): h for h in sheet.header}
    average_col = header.get("averagedailynumberofdelayedbeds")

    month_raw = sheet.matching(
        col["month"], r"^\d{4}(0[1-9]|1[0-2])$", "a month as YYYYMM, e.g. 202401"
    )
    month = np.array([f"{m[:4]}-{m[4:]}" if len(m) == 6 else "" for m in month_raw], dtype=object)
    ca = sheet.matching(
        col["ca"], r"^S\d{8}$", "a council area code such as S12000021 (S92000003 for Scotland)"
    )
    age_raw = sheet.strings(col["age"])
    age = np.array([_AGE_GROUPS.get(a, "") for a in age_raw], dtype=object)
    sheet.problems.rows(
        age == "",
        col["age"],
        "expected an age group of 18plus, 18-74 or 75plus, got {value}",
        age_raw,
    )
    reason = sheet.required(col["reason"], "the reason for delay")
    bed_days = sheet.numbers(col["bed_days"], whole=False, optional=True)
    average = (
        sheet.numbers(average_col, whole=False, optional=True)
        if average_col
        else np.full(sheet.n_rows, np.nan)
    )
    qualifier = _qualifiers(sheet, [header[q.lower()] for q in _QUALIFIERS if q.lower() in header])
    sheet.unique(
        [month, ca, age, reason], col["month"], "month, council area, age group and reason"
    )
    sheet.problems.raise_if_any()
    return conform(
        "delayed_discharge_monthly",
        {
            "month": month,
            "council_area": ca,
            "age_group": age,
            "reason_for_delay": reason,
            "bed_days": pa.array(bed_days, from_pandas=True),
            "average_daily_beds": pa.array(average, from_pandas=True),
            "qualifier": qualifier,
        },
    )


def _qualifiers(sheet: Sheet, columns: list[str]) -> list[str | None]:
    """The row's non-empty qualifier flags, distinct, in column order, joined with ','."""
    if not columns:
        return [None] * sheet.n_rows
    cols = [sheet.strings(c) for c in columns]
    out: list[str | None] = []
    for flags in zip(*cols, strict=True):
        seen = list(dict.fromkeys(f for f in flags if f))
        out.append(",".join(seen) if seen else None)
    return out
