"""Small-area population estimates: PHS open data and NRS layouts -> long ``population``."""

from __future__ import annotations

import builtins
import csv
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from placewell.data.official import read_population
from placewell.data.official.population import AGE_COLUMNS
from placewell.data.schemas import get_table
from placewell.errors import DataContractError


@pytest.fixture(scope="module")
def phs_rows(fixtures: Path) -> list[dict[str, str]]:
    with (fixtures / "phs_population.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def phs_table(fixtures: Path) -> pa.Table:
    return read_population(fixtures / "phs_population.csv")


def test_phs_layout_to_long(phs_table: pa.Table, phs_rows: list[dict[str, str]]) -> None:
    assert phs_table.schema == get_table("population").arrow_schema
    # 3 data zones x 2 sexes x 91 ages; Scotland and "All" rows dropped
    assert phs_table.num_rows == 3 * 2 * 91
    assert set(phs_table.column("sex").to_pylist()) == {"M", "F"}
    assert set(phs_table.column("year").to_pylist()) == {2021}
    assert "S92000003" not in set(phs_table.column("datazone").to_pylist())
    male = next(r for r in phs_rows if r["DataZone"] == "S01011001" and r["Sex"] == "Male")
    mask = pc.and_(
        pc.equal(phs_table.column("datazone"), "S01011001"), pc.equal(phs_table.column("sex"), "M")
    )
    got = phs_table.filter(mask)
    assert got.column("age").to_pylist() == list(range(91))
    assert got.column("population").to_pylist() == [int(male[a]) for a in AGE_COLUMNS]
    assert sum(got.column("population").to_pylist()) == int(male["AllAges"])


def test_bad_sex_names_file_row_and_column(fixtures: Path) -> None:
    path = fixtures / "phs_population_bad_sex.csv"
    with pytest.raises(DataContractError) as info:
        read_population(path)
    msg = str(info.value)
    assert f"{path}, row 3, column 'Sex'" in msg and "'Femail'" in msg


def test_total_must_equal_the_sum_of_ages(fixtures: Path) -> None:
    with pytest.raises(DataContractError) as info:
        read_population(fixtures / "phs_population_bad_total.csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (5, "AllAges")
    assert "but its ages add up to" in problem.message


def test_non_numeric_count(fixtures: Path) -> None:
    with pytest.raises(
        DataContractError, match=r"row 6, column 'Age10': expected a whole number, got '12a'"
    ):
        read_population(fixtures / "phs_population_bad_count.csv")


def test_renamed_age_column(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "renamed.csv"
    path.write_text((fixtures / "phs_population.csv").read_text().replace("Age90plus", "Age90+", 1))
    with pytest.raises(DataContractError, match=r"column 'Age90plus': missing column.*'Age90\+'"):
        read_population(path)


def test_duplicate_data_zone_and_sex(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / "phs_population.csv").read_text().splitlines()
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([*lines, lines[5]]) + "\n")
    with pytest.raises(
        DataContractError, match=r"row 13, column 'DataZone': year, data zone and sex"
    ):
        read_population(path)


def test_nrs_csv_with_title_rows_and_year(fixtures: Path, phs_table: pa.Table) -> None:
    path = fixtures / "nrs_population_2021.csv"
    with pytest.raises(DataContractError, match="no Year column"):
        read_population(path)
    assert read_population(path, year=2021).equals(phs_table)


def _write_xlsx(fixtures: Path, path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    with (fixtures / "nrs_population_2021.csv").open(newline="") as fh:
        for row in csv.reader(fh):
            sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    book.save(path)


def test_nrs_xlsx(fixtures: Path, phs_table: pa.Table, tmp_path: Path) -> None:
    path = tmp_path / "sape-2021.xlsx"
    _write_xlsx(fixtures, path)
    assert read_population(path, year=2021).equals(phs_table)


def test_xlsx_without_openpyxl(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sape-2021.xlsx"
    _write_xlsx(fixtures, path)
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl":
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(DataContractError, match="needs the openpyxl package"):
        read_population(path, year=2021)


def test_gzipped_csv(fixtures: Path, phs_table: pa.Table, tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "dz2011-pop-est.csv.gz"
    path.write_bytes(gzip.compress((fixtures / "phs_population.csv").read_bytes()))
    assert read_population(path).equals(phs_table)


def test_only_scotland_rows_give_an_empty_table(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / "phs_population.csv").read_text().splitlines()
    path = tmp_path / "scotland.csv"
    path.write_text("\n".join(lines[:4]) + "\n")
    table = read_population(path)
    assert table.num_rows == 0 and table.schema == get_table("population").arrow_schema
