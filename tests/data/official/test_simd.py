"""SIMD files: PHS data zone lookup and the Scottish Government ranks/indicators file."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from placewell.data.official import (
    read_phs_simd_lookup,
    read_sg_simd,
    read_sg_simd_population,
    read_simd,
)
from placewell.data.official._geography import council_by_name, councils, invented_code
from placewell.data.schemas import get_table
from placewell.errors import DataContractError


def _rows(table: pa.Table) -> list[dict[str, object]]:
    return table.to_pylist()


def _areas(table: pa.Table) -> dict[str, tuple[str, str, str | None]]:
    return {r["area_code"]: (r["area_name"], r["level"], r["parent_code"]) for r in _rows(table)}


# --- the package lookup ---------------------------------------------------------------


def test_council_lookup_shape() -> None:
    cs = councils()
    assert len(cs) == 32
    assert len({c.ca_code for c in cs}) == 32
    assert len({c.hscp_code for c in cs}) == 31  # Clackmannanshire and Stirling share one
    assert len({c.hb_code for c in cs}) == 14
    board_of = {}
    for c in cs:  # a partnership lies in one board
        assert board_of.setdefault(c.hscp_code, c.hb_code) == c.hb_code
    ayrshire = {c.ca_name for c in cs if c.hb_code == "S08000015"}
    assert ayrshire == {"East Ayrshire", "North Ayrshire", "South Ayrshire"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Na h-Eileanan an Iar", "S12000013"),
        ("Edinburgh, City of", "S12000036"),
        ("perth & kinross", "S12000048"),
        ("S12000021", "S12000021"),
    ],
)
def test_council_spellings(name: str, code: str) -> None:
    council = council_by_name(name)
    assert council is not None and council.ca_code == code


def test_invented_codes_are_stable_short_and_distinct() -> None:
    assert invented_code("IZ", "S12000033", "Culter") == "IZ-33-culter"
    long_a = invented_code("IZ", "S12000033", "Bieldside and Milltimber East and Beyond")
    long_b = invented_code("IZ", "S12000033", "Bieldside and Milltimber East and Beyond 2")
    assert len(long_a) <= 32 and len(long_b) <= 32 and long_a != long_b
    assert long_a == invented_code("IZ", "S12000033", "Bieldside and Milltimber East and Beyond")


# --- PHS data zone lookup -------------------------------------------------------------


def test_phs_lookup_fixture(fixtures: Path) -> None:
    out = read_phs_simd_lookup(fixtures / "phs_simd2020v2_lookup.csv")
    assert set(out) == {"area_deprivation", "areas"}
    for name, table in out.items():
        assert table.schema == get_table(name).arrow_schema
    dep = _rows(out["area_deprivation"])
    assert len(dep) == 12
    first = dep[0]
    assert first == {
        "datazone": "S01011000",
        "simd_version": "2020v2",
        "simd_rank": 12,
        "national_decile": 1,
        "national_quintile": 1,
        "hb_decile": 2,  # the HB columns
        "hb_quintile": 1,
        "local_decile": 1,  # the HSCP columns
        "local_quintile": 1,
        "most_deprived_15pc": True,
        "least_deprived_15pc": False,
    }
    assert dep[-1]["least_deprived_15pc"] is True
    areas = _areas(out["areas"])
    assert areas["S01011000"] == ("S01011000", "datazone", "S02002101")
    assert areas["S02002101"] == ("S02002101", "intzone", "S37000020")
    assert areas["S37000020"] == ("North Ayrshire", "partnership", "S08000015")
    assert areas["S08000015"] == ("Ayrshire and Arran", "health_board", "S92000003")
    assert areas["S92000003"] == ("Scotland", "country", None)
    assert Counter(v[1] for v in areas.values()) == {
        "datazone": 12,
        "intzone": 5,
        "partnership": 2,
        "health_board": 1,
        "country": 1,
    }


def test_phs_lookup_non_numeric_rank_names_file_row_and_column(fixtures: Path) -> None:
    path = fixtures / "phs_simd2020v2_lookup_bad_rank.csv"
    with pytest.raises(DataContractError) as info:
        read_phs_simd_lookup(path)
    msg = str(info.value)
    assert str(path) in msg
    assert "row 3, column 'SIMD2020V2Rank': expected a whole number, got 'n/a'" in msg
    assert info.value.problems[0].row == 3


def test_phs_lookup_renamed_column(fixtures: Path) -> None:
    with pytest.raises(DataContractError) as info:
        read_phs_simd_lookup(fixtures / "phs_simd2020v2_lookup_renamed.csv")
    msg = str(info.value)
    assert "phs_simd2020v2_lookup_renamed.csv" in msg
    assert "column 'SIMD2020V2Rank': missing column" in msg
    assert "'SIMD2020V2_Rank_new'" in msg


def _edit(src: Path, dst: Path, row: int, column: str, value: str) -> Path:
    lines = src.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    dst.write_text("\n".join(lines) + "\n")
    return dst


def test_phs_lookup_bad_code_and_duplicate(fixtures: Path, tmp_path: Path) -> None:
    src = fixtures / "phs_simd2020v2_lookup.csv"
    bad = _edit(src, tmp_path / "a.csv", 2, "DataZone", "S0101100")
    with pytest.raises(
        DataContractError, match=r"row 2, column 'DataZone': expected a 2011 data zone code"
    ):
        read_phs_simd_lookup(bad)
    dup = _edit(src, tmp_path / "b.csv", 4, "DataZone", "S01011000")
    with pytest.raises(
        DataContractError,
        match=r"row 4, column 'DataZone': data zone 'S01011000' appears more than once",
    ):
        read_phs_simd_lookup(dup)


def test_phs_lookup_partnership_in_two_boards(fixtures: Path, tmp_path: Path) -> None:
    bad = _edit(fixtures / "phs_simd2020v2_lookup.csv", tmp_path / "c.csv", 5, "HB", "S08000016")
    with pytest.raises(DataContractError) as info:
        read_phs_simd_lookup(bad)
    assert "row 5, column 'HB'" in str(info.value)
    assert "partnership S37000020 is in health board S08000015 on row 1" in str(info.value)


def test_phs_lookup_bad_flag(fixtures: Path, tmp_path: Path) -> None:
    bad = _edit(
        fixtures / "phs_simd2020v2_lookup.csv", tmp_path / "d.csv", 7, "SIMD2020V2Most15pc", "2"
    )
    with pytest.raises(
        DataContractError, match=r"row 7, column 'SIMD2020V2Most15pc': expected 1 or 0, got '2'"
    ):
        read_phs_simd_lookup(bad)


def test_missing_file() -> None:
    with pytest.raises(DataContractError, match="file not found"):
        read_phs_simd_lookup(Path("no-such-file.csv"))


def test_no_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(DataContractError, match="no header row found"):
        read_phs_simd_lookup(path)


# --- Scottish Government SIMD file ----------------------------------------------------


def test_sg_fixture(fixtures: Path) -> None:
    out = read_sg_simd(fixtures / "sg_simd2020v2.csv")
    for name, table in out.items():
        assert table.schema == get_table(name).arrow_schema
    dep = {r["datazone"]: r for r in _rows(out["area_deprivation"])}
    assert dep["S01011002"]["national_decile"] == 2  # from the file (rank 698)
    assert dep["S01011002"]["national_quintile"] == 1
    assert dep["S01011002"]["most_deprived_15pc"] is True
    assert dep["S01011011"]["least_deprived_15pc"] is True
    # North Ayrshire's 8 zones (populations 812, 655, 940, 701, 1020, 588, 770, 833) end at
    # cumulative shares 12.9, 23.2, 38.1, 49.2, 65.3, 74.6, 86.8, 100%: provisional deciles
    # 2, 3, 4, 5, 7, 8, 9, 10; the PHS rule (placewell.geography.deprivation) moves zones
    # 4, 5, 6 and 8 back to the previous zone's provisional decile. With so few zones the
    # first and last deciles can stay empty.
    na = [dep[f"S0101{1000 + i:04d}"]["local_decile"] for i in range(8)]
    assert na == [2, 3, 4, 4, 5, 7, 9, 9]
    for r in dep.values():
        assert r["local_quintile"] == (r["local_decile"] + 1) // 2
        assert r["hb_quintile"] == (r["hb_decile"] + 1) // 2
    areas = _areas(out["areas"])
    assert areas["S01011000"] == ("S01011000", "datazone", "IZ-21-irvine-fullarton")
    assert areas["IZ-21-irvine-fullarton"] == ("Irvine Fullarton", "intzone", "S37000020")
    assert areas["IZ-28-troon-east"] == ("Troon East", "intzone", "S37000027")
    assert areas["S37000027"] == ("South Ayrshire", "partnership", "S08000015")


def test_sg_unknown_council_names_row_and_column(fixtures: Path) -> None:
    path = fixtures / "sg_simd2020v2_bad_council.csv"
    with pytest.raises(DataContractError) as info:
        read_sg_simd(path)
    assert f"{path}, row 3, column 'Council_area': unknown council area 'North Ayrshir'" in str(
        info.value
    )


def test_sg_population(fixtures: Path) -> None:
    table = read_sg_simd_population(fixtures / "sg_simd2020v2.csv")
    assert table.column_names == ["datazone", "total_population", "working_age_population"]
    assert table.column("total_population").to_pylist()[:3] == [812, 655, 940]


def test_sg_real_file(sg_simd_file: Path) -> None:
    out = read_sg_simd(sg_simd_file)
    dep, areas = out["area_deprivation"], out["areas"]
    assert dep.num_rows == 6976
    assert dep.schema == get_table("area_deprivation").arrow_schema
    levels = Counter(areas.column("level").to_pylist())
    assert levels == {
        "datazone": 6976,
        "intzone": 1279,
        "partnership": 31,
        "health_board": 14,
        "country": 1,
    }
    codes = areas.column("area_code").to_pylist()
    assert len(set(codes)) == len(codes) and max(map(len, codes)) <= 32
    parent = dict(zip(codes, areas.column("parent_code").to_pylist(), strict=True))
    level = dict(zip(codes, areas.column("level").to_pylist(), strict=True))

    def partnership(dz: str) -> str:
        code = parent[dz]
        while level[code] != "partnership":
            code = parent[code]
        return code

    hscp = Counter(partnership(c) for c in codes if level[c] == "datazone")
    # North, East and South Ayrshire
    assert hscp["S37000020"] + hscp["S37000008"] + hscp["S37000027"] == 502
    assert hscp["S37000005"] == 72 + 121  # Clackmannanshire and Stirling together
    pop = read_sg_simd_population(sg_simd_file).column("total_population").to_numpy()
    local = dep.column("local_decile").to_numpy()
    group = np.array([partnership(d) for d in dep.column("datazone").to_pylist()])
    for g in ["S37000020", "S37000034", "S37000012"]:
        m = group == g
        shares = np.bincount(local[m], weights=pop[m], minlength=11)[1:] / pop[m].sum()
        assert np.all(np.abs(shares - 0.1) < 0.02), g
    assert sum(dep.column("most_deprived_15pc").to_pylist()) == 1046


def test_phs_lookup_decile_out_of_range(fixtures: Path, tmp_path: Path) -> None:
    bad = _edit(
        fixtures / "phs_simd2020v2_lookup.csv", tmp_path / "e.csv", 8, "SIMD2020V2HBDecile", "11"
    )
    with pytest.raises(
        DataContractError,
        match=r"row 8, column 'SIMD2020V2HBDecile': expected a whole number of at most 10, got '11'",
    ):
        read_phs_simd_lookup(bad)


def test_read_simd_tells_the_layouts_apart(fixtures: Path) -> None:
    phs = read_simd(fixtures / "phs_simd2020v2_lookup.csv")
    assert phs["areas"].equals(
        read_phs_simd_lookup(fixtures / "phs_simd2020v2_lookup.csv")["areas"]
    )
    sg = read_simd(fixtures / "sg_simd2020v2.csv")
    assert sg["area_deprivation"].equals(
        read_sg_simd(fixtures / "sg_simd2020v2.csv")["area_deprivation"]
    )


def test_sg_workbook_finds_the_data_sheet(fixtures: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["SIMD 2020v2 ranks; see the technical notes"])
    data = book.create_sheet("SIMD 2020v2 ranks")
    with (fixtures / "sg_simd2020v2.csv").open(newline="") as fh:
        for row in csv.reader(fh):
            data.append([int(c) if c.isdigit() else c for c in row])
    path = tmp_path / "SIMD_2020v2_ranks.xlsx"
    book.save(path)
    expected = read_sg_simd(fixtures / "sg_simd2020v2.csv")
    assert read_sg_simd(path)["area_deprivation"].equals(expected["area_deprivation"])
    with pytest.raises(DataContractError, match="no sheet called 'Data'"):
        read_sg_simd(path, sheet_name="Data")
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    with pytest.raises(DataContractError, match="cannot be read as an Excel workbook"):
        read_sg_simd(broken)
