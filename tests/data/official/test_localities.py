"""PHS HSCP localities lookup: localities in the area hierarchy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from placewell.data.official import read_hscp_localities, read_phs_simd_lookup
from placewell.data.schemas import get_table
from placewell.errors import DataContractError


def _areas(table: pa.Table) -> dict[str, tuple[str, str, str | None]]:
    return {
        r["area_code"]: (r["area_name"], r["level"], r["parent_code"]) for r in table.to_pylist()
    }


def test_localities_alone(fixtures: Path) -> None:
    out = read_hscp_localities(fixtures / "hscp_localities.csv")
    assert list(out) == ["areas"]
    assert out["areas"].schema == get_table("areas").arrow_schema
    areas = _areas(out["areas"])
    assert areas["S01011000"] == ("Irvine Fullarton - 01", "datazone", "LOC-20-irvine")
    assert areas["LOC-20-irvine"] == ("Irvine", "locality", "S37000020")
    assert areas["LOC-20-three-towns"] == ("Three Towns", "locality", "S37000020")
    assert areas["S37000020"] == ("North Ayrshire", "partnership", "S08000015")
    assert areas["S08000015"] == ("NHS Ayrshire and Arran", "health_board", "S92000003")
    long = [c for c, v in areas.items() if v[0] == "Ayr North and Former Coalfield Communities"]
    assert len(long) == 1 and len(long[0]) <= 32 and long[0].startswith("LOC-27-")
    assert Counter(v[1] for v in areas.values())["locality"] == 5


def test_localities_nest_whole_intermediate_zones(fixtures: Path) -> None:
    base = read_phs_simd_lookup(fixtures / "phs_simd2020v2_lookup.csv")["areas"]
    areas = _areas(read_hscp_localities(fixtures / "hscp_localities.csv", areas=base)["areas"])
    # S02002101 lies wholly in Irvine: data zone -> intermediate zone -> locality
    assert areas["S01011000"][2] == "S02002101"
    assert areas["S02002101"] == ("S02002101", "intzone", "LOC-20-irvine")
    # S02002102 is split between Kilwinning and Three Towns: its zones sit under their
    # localities and the intermediate zone under the partnership
    assert areas["S01011003"][2] == "LOC-20-kilwinning"
    assert areas["S01011005"][2] == "LOC-20-three-towns"
    assert areas["S02002102"] == ("S02002102", "intzone", "S37000020")
    assert areas["S02002103"][2] == "LOC-20-three-towns"
    assert len(areas) == 12 + 5 + 5 + 2 + 1 + 1


def test_areas_not_in_the_lookup_are_kept(fixtures: Path) -> None:
    base = read_phs_simd_lookup(fixtures / "phs_simd2020v2_lookup.csv")["areas"]
    extra = pa.table(
        {
            "area_code": ["S01099999"],
            "area_name": ["elsewhere"],
            "level": ["datazone"],
            "parent_code": ["S02002105"],
        }
    ).cast(get_table("areas").arrow_schema)
    merged = pa.concat_tables([base, extra])
    areas = _areas(read_hscp_localities(fixtures / "hscp_localities.csv", areas=merged)["areas"])
    assert areas["S01099999"] == ("elsewhere", "datazone", "S02002105")


def test_bad_partnership_code_names_row_and_column(fixtures: Path) -> None:
    path = fixtures / "hscp_localities_bad_code.csv"
    with pytest.raises(DataContractError) as info:
        read_hscp_localities(path)
    assert (
        f"{path}, row 4, column 'HSCP2019': expected a partnership code such as S37000020, "
        "got 'S3700002O'"
    ) in str(info.value)


def test_lower_case_release_and_missing_locality(tmp_path: Path) -> None:
    path = tmp_path / "localities.csv"
    path.write_text(
        "datazone2011,hscp_locality,hscp2019name,hscp2019,hb2019name,hb2019\n"
        "S01011000,Irvine,North Ayrshire,S37000020,Ayrshire and Arran,S08000015\n"
        "S01011001,,North Ayrshire,S37000020,Ayrshire and Arran,S08000015\n"
    )
    with pytest.raises(
        DataContractError, match=r"row 2, column 'hscp_locality': a value is required"
    ):
        read_hscp_localities(path)
    path.write_text(path.read_text().replace(",,", ",Irvine,"))
    areas = _areas(read_hscp_localities(path)["areas"])
    assert areas["S01011001"] == ("S01011001", "datazone", "LOC-20-irvine")


def test_intermediate_zone_in_two_partnerships(tmp_path: Path) -> None:
    path = tmp_path / "localities.csv"
    path.write_text(
        "DataZone2011,IntZone2011,HSCPLocality,HSCP2019Name,HSCP2019,HB2019Name,HB2019\n"
        "S01011000,S02002101,Irvine,North Ayrshire,S37000020,Ayrshire and Arran,S08000015\n"
        "S01011001,S02002101,Ayr,South Ayrshire,S37000027,Ayrshire and Arran,S08000015\n"
    )
    with pytest.raises(DataContractError) as info:
        read_hscp_localities(path)
    assert (
        "row 2, column 'HSCP2019': intermediate zone S02002101 is in partnership S37000020"
        in str(info.value)
    )


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "localities.csv"
    path.write_text("DataZone2011,HSCPLocality\nS01011000,Irvine\n")
    with pytest.raises(DataContractError, match="column 'HSCP2019': missing column"):
        read_hscp_localities(path)
