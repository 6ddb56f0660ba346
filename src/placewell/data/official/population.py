"""Small-area population estimates (NRS, also republished by PHS) -> the ``population`` table.

Two published layouts of the National Records of Scotland (NRS) small area
population estimates by 2011 data zone, single year of age and sex are read:

* **PHS open data** ("Population Estimates", data zone 2011 resource, e.g.
  ``dz2011-pop-est_*.csv``): ``Year, DataZone, DataZoneQF, Sex, SexQF, AllAges,
  Age0 ... Age89, Age90plus`` with ``Sex`` Male / Female / All and a Scotland row
  per year and sex (``DataZone`` S92000003, ``DataZoneQF`` "d").
* **NRS tables** (``.xlsx`` or saved as CSV; title rows above the header are
  skipped): ``DataZone2011Code, DataZone2011Name, CouncilArea2019Code,
  CouncilArea2019Name, Sex, Total, Age0 ... Age89, Age90plus``. A ``Year`` column is
  used when present; otherwise pass ``year=``. ``Sex`` may be Males / Females / Persons.

Rows for all sexes together and for Scotland are dropped (after checking them); each
row's total must equal the sum of its ages. The result is long: one row per year,
data zone, sex (M/F) and age 0-90 (90 = 90 and over).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from placewell.data.official._source import Sheet, conform, read_sheet
from placewell.errors import DataContractError, Problem

__all__ = ["AGE_COLUMNS", "read_population"]

AGE_COLUMNS: tuple[str, ...] = (*(f"Age{a}" for a in range(90)), "Age90plus")
_SEX = {
    "m": "M",
    "male": "M",
    "males": "M",
    "f": "F",
    "female": "F",
    "females": "F",
    "all": "",
    "persons": "",
    "all persons": "",
    "all people": "",
    "total": "",
}
_SCOTLAND = "S92000003"


def read_population(
    path: str | Path, *, year: int | None = None, sheet_name: str | None = None
) -> pa.Table:
    """Read a data zone population estimates file (PHS or NRS layout) as ``population``.

    Args:
        path: the CSV (``.csv``/``.csv.gz``) or ``.xlsx`` file as published.
        year: mid-year of the estimates, for NRS files that have no ``Year`` column
            (ignored when the file has one).
        sheet_name: the worksheet of an ``.xlsx`` file (default: the first).

    Raises:
        DataContractError: missing or renamed columns, a bad data zone code or sex,
            non-numeric counts, a total that is not the sum of its ages, a data zone
            and sex given twice for a year, or no year.
    """
    sheet = read_sheet(
        path, ["DataZone", "DataZone2011Code", "DataZone2011"], sheet_name=sheet_name
    )
    lowered = {h.lower() for h in sheet.header}
    nrs = "allages" not in lowered and "total" in lowered
    layout = "NRS small area population estimates" if nrs else "PHS data zone population estimates"
    wanted: dict[str, tuple[str, ...]] = {
        "datazone": ("DataZone2011Code", "DataZone2011") if nrs else ("DataZone", "DataZone2011"),
        "sex": ("Sex",),
        "total": ("Total", "AllAges") if nrs else ("AllAges",),
    }
    if not nrs or "year" in lowered:
        wanted["year"] = ("Year",)
    elif year is None:
        raise DataContractError(
            sheet.source,
            [
                Problem(
                    None,
                    "Year",
                    "this NRS file has no Year column; give the mid-year "
                    "of the estimates (year=..., or --year on the command line)",
                )
            ],
        )
    wanted |= {a: (a,) for a in AGE_COLUMNS}
    col = sheet.resolve(layout, wanted)

    dz = sheet.strings(col["datazone"])
    qf_col = next((h for h in sheet.header if h.lower() == "datazoneqf"), None)
    scotland = (dz == _SCOTLAND) | (sheet.strings(qf_col) == "d" if qf_col else False)
    sheet.problems.rows(
        ~scotland & ~_is_datazone(dz),
        col["datazone"],
        "expected a 2011 data zone code such as S01012345, got {value}",
        dz,
    )
    sex = _sex(sheet, col["sex"])
    if "year" in col:
        years = sheet.numbers(col["year"], minimum=1980, maximum=2100)
    else:
        years = np.full(sheet.n_rows, float(year if year is not None else 0))
    ages = (
        np.column_stack([sheet.numbers(col[a]) for a in AGE_COLUMNS])
        if sheet.n_rows
        else np.zeros((0, 91))
    )
    total = sheet.numbers(col["total"])
    sums = ages.sum(axis=1)
    off = np.isfinite(total) & np.isfinite(sums) & (total != sums)
    if off.any():
        shown = np.array(
            [f"{t:.0f} but its ages add up to {s:.0f}" for t, s in zip(total, sums, strict=True)]
        )
        sheet.problems.rows(
            off, col["total"], f"the {col['total']} total is {{value}}", shown, quote=False
        )
    keep = ~scotland & (sex != "")
    _unique_kept(sheet, keep, years, dz, sex, col["datazone"])
    sheet.problems.raise_if_any()
    return _long(years[keep], dz[keep], sex[keep], ages[keep])


def _is_datazone(dz: np.ndarray) -> np.ndarray:
    arr = pa.array(dz.tolist(), pa.string())
    return np.asarray(pc.match_substring_regex(arr, r"^S01\d{6}$").to_numpy(zero_copy_only=False))


def _sex(sheet: Sheet, column: str) -> np.ndarray:
    raw = sheet.strings(column)
    labels, index = np.unique(raw.astype(str), return_inverse=True)
    mapped = np.array([_SEX.get(v.lower(), "?") for v in labels], dtype=object)[index.ravel()]
    sheet.problems.rows(
        mapped == "?",
        column,
        "expected a sex of Male, Female or All (or M, F, Males, Females, Persons), got {value}",
        raw,
    )
    return mapped


def _unique_kept(
    sheet: Sheet, keep: np.ndarray, years: np.ndarray, dz: np.ndarray, sex: np.ndarray, column: str
) -> None:
    """Duplicate keys among kept rows, reported with their row numbers in the file."""
    idx = np.flatnonzero(keep)
    key = np.rec.fromarrays([years[idx], dz[idx].astype(str), sex[idx].astype(str)])
    _, first = np.unique(key, return_index=True)
    dup_kept = np.ones(idx.size, dtype=bool)
    dup_kept[first] = False
    mask = np.zeros(keep.size, dtype=bool)
    mask[idx[dup_kept]] = True
    if not mask.any():
        return
    text = np.empty(keep.size, dtype=object)
    text[idx] = [
        f"{y:.0f} / {d} / {s}" for y, d, s in zip(years[idx], dz[idx], sex[idx], strict=True)
    ]
    sheet.problems.rows(mask, column, "year, data zone and sex {value} appear more than once", text)


def _long(years: np.ndarray, dz: np.ndarray, sex: np.ndarray, ages: np.ndarray) -> pa.Table:
    """One row per (year, data zone, sex, age), built with Arrow takes (no Python loop)."""
    n_rows, n_ages = ages.shape
    if n_rows == 0:
        return conform(
            "population", {"year": [], "datazone": [], "sex": [], "age": [], "population": []}
        )
    codes, dz_idx = np.unique(dz.astype(str), return_inverse=True)
    row_of = np.repeat(np.arange(n_rows), n_ages)
    datazone = pa.array(codes.tolist(), pa.string()).take(pa.array(dz_idx[row_of]))
    sex_idx = (sex == "F").astype(np.int64)
    sexes = pa.array(["M", "F"], pa.string()).take(pa.array(sex_idx[row_of]))
    return conform(
        "population",
        {
            "year": years.astype(np.int64)[row_of],
            "datazone": datazone,
            "sex": sexes,
            "age": np.tile(np.arange(n_ages, dtype=np.int64), n_rows),
            "population": ages.astype(np.int64).ravel(),
        },
    )
