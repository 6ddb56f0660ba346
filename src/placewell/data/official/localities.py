"""PHS HSCP localities lookup -> ``areas`` with localities between data zones and partnerships.

Public Health Scotland publishes, with its geography lookups, the partnership
localities of every 2011 data zone ("HSCP Localities" lookup, e.g.
``HSCP Localities_DZ11_Lookup_20240513.csv``): ``DataZone2011`` (or ``DataZone``),
``HSCPLocality`` (the locality's name; localities have no official codes),
``HSCP2019Name``, ``HSCP2019``, ``HB2019Name``, ``HB2019``, ``CA2019Name``,
``CA2019`` and, in some releases, earlier codes (``HSCP2018``, ``CA2011`` ...) and
``DataZone2011Name`` / ``IntZone2011`` columns. Lower-case spellings
(``datazone2011``, ``hscp_locality``) are accepted too.

The ``areas`` table gives each area one parent, and intermediate zones do not always
nest in localities, so (see ``docs/decisions/0001-area-hierarchy.md``):

* an intermediate zone whose data zones all lie in one locality sits under that
  locality (data zone -> intermediate zone -> locality -> partnership);
* an intermediate zone split between localities sits directly under its partnership,
  and its data zones sit directly under their own localities (data zone -> locality).

Locality codes are invented from the partnership code and the name
(``LOC-20-garnock-valley``), stable across releases while the name stays the same.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from placewell.data.official._geography import AreaRows, invented_code
from placewell.data.official._source import Problems, read_sheet

__all__ = ["read_hscp_localities"]

_REQUIRED = {
    "datazone": ("DataZone2011", "DataZone", "datazone2011"),
    "locality": ("HSCPLocality", "hscp_locality", "Locality"),
    "hscp": ("HSCP2019", "HSCP", "hscp2019"),
    "hscp_name": ("HSCP2019Name", "HSCPName", "hscp2019name"),
    "hb": ("HB2019", "HB", "hb2019"),
    "hb_name": ("HB2019Name", "HBName", "hb2019name"),
}
_OPTIONAL = {
    "datazone_name": ("DataZone2011Name", "DataZoneName", "datazone2011name"),
    "intzone": ("IntZone2011", "IntZone", "intzone2011"),
    "intzone_name": ("IntZone2011Name", "IntZoneName", "intzone2011name"),
}


def read_hscp_localities(path: str | Path, *, areas: pa.Table | None = None) -> dict[str, pa.Table]:
    """Read the PHS HSCP localities lookup and return ``{"areas": ...}`` with localities.

    Args:
        path: the lookup CSV (or ``.xlsx``) as published.
        areas: the current ``areas`` table (e.g. from :func:`read_phs_simd_lookup`).
            Its intermediate zones are kept, nested under localities as described in
            the module docstring, and its other areas are carried over; data zones
            the lookup does not mention keep their rows. Without it (and without an
            intermediate zone column in the file) data zones sit directly under
            their localities.

    Raises:
        DataContractError: missing or renamed columns, bad codes, an empty locality,
            a data zone listed twice, a partnership in two boards.
    """
    sheet = read_sheet(path, [s for spellings in _REQUIRED.values() for s in spellings[:2]])
    col = sheet.resolve("PHS HSCP localities lookup", _REQUIRED)
    header = {h.lower(): h for h in sheet.header}
    opt = {
        k: next((header[s.lower()] for s in v if s.lower() in header), None)
        for k, v in _OPTIONAL.items()
    }

    dz = sheet.matching(col["datazone"], r"^S01\d{6}$", "a 2011 data zone code such as S01012345")
    loc_name = sheet.required(col["locality"], "the locality name")
    hscp = sheet.matching(col["hscp"], r"^S37\d{6}$", "a partnership code such as S37000020")
    hscp_label = sheet.strings(col["hscp_name"])
    hb = sheet.matching(col["hb"], r"^S08\d{6}$", "a health board code such as S08000015")
    hb_label = sheet.strings(col["hb_name"])
    dz_label = (
        sheet.strings(opt["datazone_name"])
        if opt["datazone_name"]
        else np.full(sheet.n_rows, "", dtype=object)
    )
    iz_file = (
        sheet.matching(
            opt["intzone"],
            r"^S02\d{6}$",
            "an intermediate zone code such as S02002345",
            optional=True,
        )
        if opt["intzone"]
        else None
    )
    iz_label = sheet.strings(opt["intzone_name"]) if opt["intzone_name"] else None
    sheet.unique([dz], col["datazone"], "data zone")
    sheet.problems.raise_if_any()

    base = _base_rows(areas)
    loc = np.array(
        [invented_code("LOC", h, str(n)) for h, n in zip(hscp, loc_name, strict=True)], dtype=object
    )
    # the intermediate zone of each data zone: from the file, else from the given areas
    iz = np.array(
        [
            (iz_file[i] if iz_file is not None and iz_file[i] else _base_iz(base, dz[i]))
            for i in range(sheet.n_rows)
        ],
        dtype=object,
    )
    iz_localities: dict[str, set[str]] = {}
    iz_hscp: dict[str, tuple[str, int]] = {}
    problems = sheet.problems
    for i in range(sheet.n_rows):
        if iz[i]:
            iz_localities.setdefault(iz[i], set()).add(loc[i])
            first = iz_hscp.setdefault(iz[i], (hscp[i], i + 1))
            if first[0] != hscp[i]:
                problems.add(
                    i + 1,
                    col["hscp"],
                    f"intermediate zone {iz[i]} is in partnership {first[0]} on row {first[1]} "
                    f"but {hscp[i]} here",
                )

    rows = AreaRows(problems)
    for i in range(sheet.n_rows):
        whole = bool(iz[i]) and len(iz_localities[iz[i]]) == 1
        parent = iz[i] if whole else loc[i]
        rows.add(dz[i], str(dz_label[i] or _base_name(base, dz[i])), "datazone", parent, row=i + 1)
        if iz[i]:
            name = (iz_label[i] if iz_label is not None else "") or _base_name(base, iz[i])
            rows.add(iz[i], name, "intzone", loc[i] if whole else hscp[i], row=i + 1)
        rows.add(loc[i], str(loc_name[i]), "locality", hscp[i], row=i + 1, column=col["locality"])
        rows.partnership_in(
            hscp[i],
            hb[i],
            row=i + 1,
            column=col["hb"],
            hscp_label=str(hscp_label[i]),
            hb_label=str(hb_label[i]),
        )
    rows.add_upper()
    problems.raise_if_any()
    return {"areas": _merge(base, rows)}


def _base_rows(areas: pa.Table | None) -> dict[str, tuple[str, str, str | None]]:
    if areas is None:
        return {}
    cols = areas.select(["area_code", "area_name", "level", "parent_code"]).to_pydict()
    return {
        c: (n, lv, p)
        for c, n, lv, p in zip(
            cols["area_code"], cols["area_name"], cols["level"], cols["parent_code"], strict=True
        )
    }


def _base_iz(base: dict[str, tuple[str, str, str | None]], dz: str) -> str:
    row = base.get(dz)
    if row is None or row[2] is None:
        return ""
    parent = base.get(row[2])
    return row[2] if parent is not None and parent[1] == "intzone" else ""


def _base_name(base: dict[str, tuple[str, str, str | None]], code: str) -> str:
    row = base.get(code)
    return row[0] if row is not None else code


def _merge(base: dict[str, tuple[str, str, str | None]], rows: AreaRows) -> pa.Table:
    """The new rows, plus every area of ``base`` they do not replace."""
    new = rows.table().to_pydict()
    seen = set(new["area_code"])
    extra = [(c, r) for c, r in sorted(base.items()) if c not in seen]
    if not extra:
        return rows.table()
    # an old row may point at an area that is gone; the contract's reference check
    # reports that when the table is loaded, so only rows are added here.
    merged = AreaRows(Problems("areas"))
    for code, name, level, parent in zip(
        new["area_code"], new["area_name"], new["level"], new["parent_code"], strict=True
    ):
        merged.replace(code, name, level, parent)
    for code, (name, level, parent) in extra:
        merged.replace(code, name, level, parent)
    return merged.table()
