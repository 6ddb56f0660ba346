"""SIMD (Scottish Index of Multiple Deprivation) data zone files -> ``area_deprivation`` and ``areas``.

Two published layouts are read:

* Public Health Scotland's **SIMD data zone lookup** (open data, "Scottish Index of
  Multiple Deprivation", e.g. ``simd2020v2_22062020.csv``): one row per 2011 data zone
  with ``DataZone, IntZone, HB, HSCP, CA, SIMD2020V2Rank, SIMD2020V2CountryDecile,
  SIMD2020V2CountryQuintile, SIMD2020V2HBDecile, SIMD2020V2HBQuintile,
  SIMD2020V2HSCPDecile, SIMD2020V2HSCPQuintile, SIMD2020V2CADecile,
  SIMD2020V2CAQuintile, SIMD2020V2Most15pc, SIMD2020V2Least15pc`` (codes only, no
  names; every quantile already population weighted by PHS). Other SIMD versions
  (``SIMD2016Rank`` ...) are read the same way; the version comes from the header.
* The Scottish Government's **SIMD ranks and indicators** file (``Data_Zone,
  Intermediate_Zone, Council_area, Total_population, Working_Age_population,
  SIMD2020v2_Rank, SIMD_2020v2_Percentile, SIMD2020v2_Vigintile, SIMD2020v2_Decile,
  SIMD2020v2_Quintile``, domain ranks and indicators): names instead of codes for
  intermediate zones and councils, national equal-count quantiles only. Health board
  and partnership quantiles are computed here with PHS's population-weighting rule
  (:func:`placewell.geography.deprivation.population_weighted_quantile`) from
  ``Total_population``, after mapping each council to its partnership and board with
  the package lookup.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pyarrow as pa

from placewell.data.official._geography import AreaRows, council_by_name, invented_code
from placewell.data.official._source import Sheet, conform, read_sheet
from placewell.geography.deprivation import (
    equal_count_quantile,
    population_weighted_quantile,
    quintile_from_decile,
)

__all__ = ["read_phs_simd_lookup", "read_sg_simd", "read_sg_simd_population", "read_simd"]

_DZ = (r"^S01\d{6}$", "a 2011 data zone code such as S01012345")
_CODES = {
    "IntZone": (r"^S02\d{6}$", "an intermediate zone code such as S02002345"),
    "HB": (r"^S08\d{6}$", "a health board code such as S08000015"),
    "HSCP": (r"^S37\d{6}$", "a partnership code such as S37000020"),
    "CA": (r"^S12\d{6}$", "a council area code such as S12000021"),
}
_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n"}


def _version(sheet: Sheet, pattern: str, default_prefix: str) -> tuple[str, str]:
    """The SIMD version (e.g. ``2020v2``) and column prefix, from the rank column's name."""
    for name in sheet.header:
        m = re.fullmatch(pattern, name, flags=re.IGNORECASE)
        if m:
            return m.group(1).lower(), name[: m.end(1)]
    return default_prefix[4:].lower(), default_prefix


def read_simd(path: str | Path, *, sheet_name: str | None = None) -> dict[str, pa.Table]:
    """Read either SIMD layout, told apart by the header (``DataZone`` or ``Data_Zone``).

    Calls :func:`read_phs_simd_lookup` or :func:`read_sg_simd` and returns what it returns.
    """
    sheet = read_sheet(path, ["DataZone", "DataZone2011", "Data_Zone"], sheet_name=sheet_name)
    if any(h.strip().lower() == "data_zone" for h in sheet.header):
        return _sg_tables(sheet)
    return _phs_tables(sheet)


def read_phs_simd_lookup(path: str | Path) -> dict[str, pa.Table]:
    """Read PHS's SIMD data zone lookup CSV.

    Returns ``{"area_deprivation": ..., "areas": ...}`` as contract tables: national
    deciles/quintiles are PHS's country columns, ``hb_*`` the health board columns,
    ``local_*`` the partnership (HSCP) columns; the 15% flags come from the 1/0 columns.
    Areas are data zone -> intermediate zone -> partnership -> health board -> Scotland,
    named by their codes (the file has no names) except partnerships and boards, which
    take their names from the package lookup.

    Raises:
        DataContractError: naming the file, data row and column of every problem
            (missing or renamed columns, bad codes, non-numeric ranks, duplicates).
    """
    return _phs_tables(read_sheet(path, ["DataZone", "DataZone2011"]))


def _phs_tables(sheet: Sheet) -> dict[str, pa.Table]:
    version, prefix = _version(sheet, r"SIMD(\d{4}(?:v\d+)?)Rank", "SIMD2020V2")
    q = {
        "rank": "Rank",
        "country_decile": "CountryDecile",
        "country_quintile": "CountryQuintile",
        "hb_decile": "HBDecile",
        "hb_quintile": "HBQuintile",
        "hscp_decile": "HSCPDecile",
        "hscp_quintile": "HSCPQuintile",
        "most": "Most15pc",
        "least": "Least15pc",
    }
    wanted: dict[str, tuple[str, ...]] = {
        "DataZone": ("DataZone", "DataZone2011"),
        "IntZone": ("IntZone", "IntZone2011"),
        "HB": ("HB", "HB2019"),
        "HSCP": ("HSCP", "HSCP2019"),
        "CA": ("CA", "CA2019"),
    }
    wanted |= {key: (prefix + suffix,) for key, suffix in q.items()}
    col = sheet.resolve("PHS SIMD data zone lookup", wanted)

    dz = sheet.matching(col["DataZone"], *_DZ)
    codes = {k: sheet.matching(col[k], *_CODES[k]) for k in _CODES}
    rank = sheet.numbers(col["rank"], minimum=1)
    nums = {
        k: sheet.numbers(col[k], minimum=1, maximum=10 if k.endswith("decile") else 5)
        for k in q
        if k.endswith(("decile", "quintile"))
    }
    flags = {k: _flag(sheet, col[k]) for k in ("most", "least")}
    sheet.unique([dz], col["DataZone"], "data zone")
    sheet.unique([rank], col["rank"], "rank")
    sheet.problems.raise_if_any()

    areas = AreaRows(sheet.problems)
    for i in range(sheet.n_rows):
        row = i + 1
        iz, hscp, hb = codes["IntZone"][i], codes["HSCP"][i], codes["HB"][i]
        areas.add(dz[i], dz[i], "datazone", iz, row=row, column=col["IntZone"])
        areas.add(iz, iz, "intzone", hscp, row=row, column=col["HSCP"])
        areas.partnership_in(hscp, hb, row=row, column=col["HB"])
    areas.add_upper()
    sheet.problems.raise_if_any()

    deprivation = conform(
        "area_deprivation",
        {
            "datazone": dz,
            "simd_version": [version] * sheet.n_rows,
            "simd_rank": rank.astype(np.int64),
            "national_decile": nums["country_decile"].astype(np.int64),
            "national_quintile": nums["country_quintile"].astype(np.int64),
            "hb_decile": nums["hb_decile"].astype(np.int64),
            "hb_quintile": nums["hb_quintile"].astype(np.int64),
            "local_decile": nums["hscp_decile"].astype(np.int64),
            "local_quintile": nums["hscp_quintile"].astype(np.int64),
            "most_deprived_15pc": flags["most"],
            "least_deprived_15pc": flags["least"],
        },
    )
    return {"area_deprivation": deprivation, "areas": areas.table()}


def _flag(sheet: Sheet, column: str) -> np.ndarray:
    values = sheet.strings(column)
    low = np.array([v.lower() for v in values], dtype=object)
    is_true = np.isin(low, list(_TRUE))
    bad = ~is_true & ~np.isin(low, list(_FALSE))
    sheet.problems.rows(bad, column, "expected 1 or 0, got {value}", values)
    return is_true


def read_sg_simd(path: str | Path, *, sheet_name: str | None = None) -> dict[str, pa.Table]:
    """Read the Scottish Government's SIMD ranks/indicators file (one row per data zone).

    Returns ``{"area_deprivation": ..., "areas": ...}``. National deciles and quintiles
    are the file's (equal numbers of data zones); the 15% flags are vigintiles 1-3 and
    18-20 of the national rank; health board and partnership quantiles are population
    weighted from ``Total_population`` as PHS does. Areas: data zone -> intermediate
    zone (code invented from council and name, e.g. ``IZ-33-culter``, as the file has
    none) -> partnership (S37, from the council via the package lookup) -> health board
    -> Scotland.

    Raises:
        DataContractError: missing or renamed columns, bad data zone codes, unknown
            council names, non-numeric ranks or populations, duplicate data zones.
    """
    return _sg_tables(read_sheet(path, ["Data_Zone"], sheet_name=sheet_name))


def _sg_tables(sheet: Sheet) -> dict[str, pa.Table]:
    version, prefix = _version(sheet, r"SIMD(\d{4}(?:v\d+)?)_Rank", "SIMD2020v2")
    col = sheet.resolve(
        "Scottish Government SIMD",
        {
            "Data_Zone": ("Data_Zone",),
            "Intermediate_Zone": ("Intermediate_Zone",),
            "Council_area": ("Council_area",),
            "Total_population": ("Total_population",),
            "rank": (prefix + "_Rank",),
            "decile": (prefix + "_Decile",),
            "quintile": (prefix + "_Quintile",),
        },
    )
    dz = sheet.matching(col["Data_Zone"], *_DZ)
    iz_name = sheet.required(col["Intermediate_Zone"], "the intermediate zone name")
    council_name = sheet.required(col["Council_area"], "the council area name")
    pop = sheet.numbers(col["Total_population"])
    rank = sheet.numbers(col["rank"], minimum=1)
    decile = sheet.numbers(col["decile"], minimum=1, maximum=10)
    quintile = sheet.numbers(col["quintile"], minimum=1, maximum=5)
    vig_col = next((h for h in sheet.header if h.lower() == f"{prefix}_vigintile".lower()), None)
    vig = sheet.numbers(vig_col, minimum=1, maximum=20) if vig_col else None
    found = [council_by_name(str(n)) if n else None for n in council_name]
    unknown = np.array([c is None for c in found]) & (council_name != "")
    sheet.problems.rows(
        unknown,
        col["Council_area"],
        "unknown council area {value}; expected one of the 32 Scottish council names",
        council_name,
    )
    sheet.unique([dz], col["Data_Zone"], "data zone")
    sheet.unique([rank], col["rank"], "rank")
    sheet.problems.raise_if_any()

    hscp = np.array([c.hscp_code for c in found if c is not None], dtype=object)
    hb = np.array([c.hb_code for c in found if c is not None], dtype=object)
    ranks = rank.astype(np.int64)
    hb_decile = population_weighted_quantile(ranks, pop, hb, 10)
    local_decile = population_weighted_quantile(ranks, pop, hscp, 10)
    if vig is not None:
        vigintile = vig.astype(np.int64)
    else:  # no vigintile column: take the file to cover all of Scotland
        vigintile = equal_count_quantile(ranks, max(int(ranks.size), int(ranks.max())), 20)

    areas = AreaRows(sheet.problems)
    for i, council in enumerate(found):
        assert council is not None
        iz = invented_code("IZ", council.ca_code, str(iz_name[i]))
        areas.add(dz[i], dz[i], "datazone", iz, row=i + 1, column=col["Intermediate_Zone"])
        areas.add(
            iz,
            str(iz_name[i]),
            "intzone",
            council.hscp_code,
            row=i + 1,
            column=col["Intermediate_Zone"],
        )
        areas.partnership_in(council.hscp_code, council.hb_code)
    areas.add_upper()
    sheet.problems.raise_if_any()

    deprivation = conform(
        "area_deprivation",
        {
            "datazone": dz,
            "simd_version": [version] * sheet.n_rows,
            "simd_rank": ranks,
            "national_decile": decile.astype(np.int64),
            "national_quintile": quintile.astype(np.int64),
            "hb_decile": hb_decile,
            "hb_quintile": quintile_from_decile(hb_decile),
            "local_decile": local_decile,
            "local_quintile": quintile_from_decile(local_decile),
            "most_deprived_15pc": vigintile <= 3,
            "least_deprived_15pc": vigintile >= 18,
        },
    )
    return {"area_deprivation": deprivation, "areas": areas.table()}


def read_sg_simd_population(path: str | Path, *, sheet_name: str | None = None) -> pa.Table:
    """The populations SIMD was built on, per data zone, from the Scottish Government file.

    Not a contract table (the contract's ``population`` is by sex and age): columns
    ``datazone``, ``total_population`` and ``working_age_population`` (int64), useful
    for weighting and for checking population-weighted quantiles.
    """
    sheet = read_sheet(path, ["Data_Zone"], sheet_name=sheet_name)
    col = sheet.resolve(
        "Scottish Government SIMD",
        {
            "Data_Zone": ("Data_Zone",),
            "Total_population": ("Total_population",),
            "Working_Age_population": ("Working_Age_population", "Working_age_population"),
        },
    )
    dz = sheet.matching(col["Data_Zone"], *_DZ)
    total = sheet.numbers(col["Total_population"])
    working = sheet.numbers(col["Working_Age_population"])
    sheet.unique([dz], col["Data_Zone"], "data zone")
    sheet.problems.raise_if_any()
    return pa.table(
        {
            "datazone": pa.array(dz, pa.string()),
            "total_population": pa.array(total.astype(np.int64)),
            "working_age_population": pa.array(working.astype(np.int64)),
        }
    )
