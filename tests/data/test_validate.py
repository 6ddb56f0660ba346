"""Validation against the contract: whole-file checks with file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from placewell.data.schemas import TABLES, get_table
from placewell.data.validate import read_table_file, validate_frame
from placewell.errors import DataContractError, NotFoundError


def _validate(table: str, path: Path) -> pa.Table:
    return validate_frame(get_table(table), read_table_file(path), str(path))


def test_good_file_is_typed_as_the_contract_says(fixtures: Path) -> None:
    data = _validate("hospital_stays", fixtures / "hospital_stays.csv")
    assert data.schema.equals(get_table("hospital_stays").arrow_schema)
    assert data.num_rows == 3
    assert data.column("cost").to_pylist() == [5600.5, None, 1200.0]
    assert str(data.column("admission_date")[0]) == "2023-05-01"
    assert data.column("admission_type").to_pylist() == ["33", "30", "10"]


def test_bad_people_file_names_file_row_and_column(fixtures: Path) -> None:
    path = fixtures / "people_bad.csv"
    with pytest.raises(DataContractError) as info:
        _validate("people", path)
    err = info.value
    found = {(p.row, p.column) for p in err.problems}
    assert (2, "sex") in found
    assert (3, "birth_date") in found  # 30 February
    assert (4, "datazone") in found  # empty
    assert (4, "person_id") in found  # duplicate key
    msg = str(err)
    assert str(path) in msg and "row 2, column 'sex'" in msg
    assert "'X' is not an allowed code (one of M, F)" in msg
    assert "Nothing was loaded" in msg
    assert err.total == 4


def test_codes_patterns_ranges_and_row_rules(fixtures: Path) -> None:
    with pytest.raises(DataContractError) as info:
        _validate("hospital_stays", fixtures / "hospital_stays_bad.csv")
    by_place = {(p.row, p.column): p.message for p in info.value.problems}
    assert "ICD-10" in by_place[(1, "main_condition")]
    assert "discharge before admission" in by_place[(2, "discharge_date")]
    assert "'99' is not an allowed code" in by_place[(3, "admission_type")]
    assert "out of range" in by_place[(3, "cost")]


def test_missing_and_unexpected_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("person_id,gender,birth_date,datazone\nP0001,M,1950-01-01,S01\n")
    with pytest.raises(DataContractError) as info:
        _validate("people", path)
    messages = {p.column: p.message for p in info.value.problems}
    assert "missing column" in messages["sex"]
    assert "unexpected column" in messages["gender"]


def test_integers_reject_fractions_and_text(tmp_path: Path) -> None:
    path = tmp_path / "population.csv"
    path.write_text(
        "year,datazone,sex,age,population\n"
        "2023,S01900001,M,4,10\n"
        "2023,S01900001,M,5.5,10\n"
        "2023,S01900001,M,six,10\n"
        "2023,S01900001,M,91,10\n"
    )
    with pytest.raises(DataContractError) as info:
        _validate("population", path)
    rows = {p.row: p.message for p in info.value.problems if p.column == "age"}
    assert set(rows) == {2, 3, 4}
    assert "whole number" in rows[2] and "'six'" in rows[3] and "out of range" in rows[4]


def test_parquet_with_native_types(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "year": [2023, 2023],
            "datazone": ["S01900001", "S01900001"],
            "sex": ["M", "F"],
            "age": [0, 90],
            "population": [12, 7],
        }
    )
    path = tmp_path / "population.parquet"
    frame.to_parquet(path)
    data = _validate("population", path)
    assert data.column("population").to_pylist() == [12, 7]
    frame.loc[1, "population"] = -1
    frame.to_parquet(path)
    with pytest.raises(DataContractError, match=r"row 2, column 'population'"):
        _validate("population", path)


def test_booleans(tmp_path: Path) -> None:
    path = tmp_path / "dep.csv"
    path.write_text(
        "datazone,simd_version,simd_rank,national_decile,national_quintile,hb_decile,hb_quintile,"
        "local_decile,local_quintile,most_deprived_15pc,least_deprived_15pc\n"
        "S01900001,2020v2,12,1,1,1,1,1,1,TRUE,0\n"
        "S01900002,2020v2,13,1,1,1,1,1,1,maybe,0\n"
    )
    with pytest.raises(DataContractError, match=r"row 2, column 'most_deprived_15pc'"):
        _validate("area_deprivation", path)


def test_unreadable_and_unknown(tmp_path: Path) -> None:
    with pytest.raises(DataContractError, match="file not found"):
        read_table_file(tmp_path / "nope.csv")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(DataContractError, match="unsupported file type"):
        read_table_file(tmp_path / "x.json")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataContractError, match="empty"):
        read_table_file(tmp_path / "empty.csv")
    with pytest.raises(NotFoundError, match="unknown table 'peeple'"):
        get_table("peeple")


def test_many_problems_are_counted_but_few_shown(tmp_path: Path) -> None:
    rows = "\n".join(f"P{i:08d},Q,1950-01-01,S01900001" for i in range(500))
    path = tmp_path / "people.csv"
    path.write_text("person_id,sex,birth_date,datazone\n" + rows + "\n")
    with pytest.raises(DataContractError) as info:
        _validate("people", path)
    assert info.value.total == 500
    assert "and 497 more problems" in str(info.value)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_accepts_an_empty_file_with_its_header(tmp_path: Path, name: str) -> None:
    table = get_table(name)
    path = tmp_path / f"{name}.csv"
    path.write_text(",".join(table.column_names) + "\n")
    data = _validate(name, path)
    assert data.num_rows == 0 and data.schema.equals(table.arrow_schema)
