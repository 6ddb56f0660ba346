"""Delayed discharge bed days by council area: CSV, datastore records and the fetch."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pytest

from placewell.data.official import (
    DELAYED_DISCHARGE_RESOURCE_ID,
    CkanClient,
    fetch_delayed_discharge,
    read_delayed_discharge_csv,
    read_delayed_discharge_dump,
    read_delayed_discharge_records,
)
from placewell.data.schemas import get_table
from placewell.errors import DataContractError, DownloadError


@pytest.fixture(scope="module")
def csv_path(fixtures: Path) -> Path:
    return fixtures / "delayed_discharge_beddays_council_area.csv"


@pytest.fixture(scope="module")
def expected(csv_path: Path) -> pa.Table:
    return read_delayed_discharge_csv(csv_path)


def _records(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The fixture as the datastore gives it: typed values, None for empty, an _id."""
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    records: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        rec: dict[str, Any] = {"_id": i + 1}
        for key, value in row.items():
            if key in {"MonthOfDelay"}:
                rec[key] = int(value)
            elif key in {"NumberOfDelayedBedDays", "AverageDailyNumberOfDelayedBeds"}:
                rec[key] = float(value) if value else None
            else:
                rec[key] = value or None
        records.append(rec)
    fields = [{"id": "_id", "type": "int"}] + [{"id": k, "type": "text"} for k in rows[0]]
    return records, fields


def test_csv(expected: pa.Table) -> None:
    assert expected.schema == get_table("delayed_discharge_monthly").arrow_schema
    rows = expected.to_pylist()
    assert len(rows) == 12
    assert rows[0] == {
        "month": "2024-01",
        "council_area": "S12000021",
        "age_group": "18plus",
        "reason_for_delay": "All Delay Reasons",
        "bed_days": 1715.0,
        "average_daily_beds": 55.3,
        "qualifier": "d",
    }
    scotland = rows[2]
    assert scotland["council_area"] == "S92000003" and scotland["qualifier"] == "d"
    awi = next(r for r in rows if r["reason_for_delay"] == "Code 9 AWI")
    assert awi["bed_days"] is None and awi["average_daily_beds"] is None
    assert awi["qualifier"] is None and awi["age_group"] == "18-74"


def test_records_give_the_same_table(csv_path: Path, expected: pa.Table) -> None:
    records, fields = _records(csv_path)
    assert read_delayed_discharge_records(records, fields).equals(expected)


def test_dump_text_gives_the_same_table(csv_path: Path, expected: pa.Table) -> None:
    assert read_delayed_discharge_dump("\ufeff" + csv_path.read_text()).equals(expected)


def test_fetch_through_the_client(csv_path: Path, expected: pa.Table) -> None:
    records, fields = _records(csv_path)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params["id"])
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        result = {
            "records": records[offset : offset + limit],
            "fields": fields,
            "total": len(records),
        }
        return httpx.Response(200, json={"success": True, "result": result})

    with CkanClient(transport=httpx.MockTransport(handler), sleep=lambda s: None) as client:
        table = fetch_delayed_discharge(client)
    assert table.equals(expected)
    assert seen == [DELAYED_DISCHARGE_RESOURCE_ID]


def test_fetch_offline_says_what_to_do() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("offline", request=request)

    client = CkanClient(transport=httpx.MockTransport(handler), retries=1, sleep=lambda s: None)
    with pytest.raises(DownloadError) as info:
        fetch_delayed_discharge(client)
    msg = str(info.value)
    assert "could not reach https://www.opendata.nhs.scot/api/3/action/datastore_search" in msg
    assert "`placewell import delayed-discharge FILE`" in msg


def test_bad_month_names_row_and_column(fixtures: Path) -> None:
    path = fixtures / "delayed_discharge_bad_month.csv"
    with pytest.raises(DataContractError) as info:
        read_delayed_discharge_csv(path)
    assert (
        f"{path}, row 3, column 'MonthOfDelay': expected a month as YYYYMM, e.g. 202401, got '2024-01'"
        in str(info.value)
    )


def test_non_numeric_bed_days(fixtures: Path) -> None:
    with pytest.raises(
        DataContractError,
        match=r"row 6, column 'NumberOfDelayedBedDays': expected a number, got 'many'",
    ):
        read_delayed_discharge_csv(fixtures / "delayed_discharge_bad_count.csv")


def test_bad_records_name_the_resource(csv_path: Path) -> None:
    records, fields = _records(csv_path)
    records[3]["AgeGroup"] = "65plus"
    with pytest.raises(DataContractError) as info:
        read_delayed_discharge_records(records, fields, source="PHS open data resource x")
    assert "PHS open data resource x, row 4, column 'AgeGroup'" in str(info.value)


def test_renamed_column_and_duplicates(csv_path: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(csv_path.read_text().replace("ReasonForDelay,", "DelayReason,", 1))
    with pytest.raises(DataContractError, match="column 'ReasonForDelay': missing column"):
        read_delayed_discharge_csv(renamed)
    lines = csv_path.read_text().splitlines()
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(
        DataContractError, match=r"row 13, column 'MonthOfDelay': month, council area"
    ):
        read_delayed_discharge_csv(dup)


def test_value_qualifiers_and_no_average_column(tmp_path: Path) -> None:
    path = tmp_path / "historic.csv"
    path.write_text(
        "MonthOfDelay,CA,CAQF,AgeGroup,AgeGroupQF,ReasonForDelay,ReasonForDelayQF,"
        "NumberOfDelayedBedDays,NumberOfDelayedBedDaysQF\n"
        "201207,S12000021,,75plus,,Code 9 AWI,,,:\n"
        "201207,S92000003,d,18plus,d,All Delay Reasons,d,41000,\n"
    )
    rows = read_delayed_discharge_csv(path).to_pylist()
    assert rows[0]["qualifier"] == ":" and rows[0]["bed_days"] is None
    assert rows[1]["qualifier"] == "d" and rows[1]["bed_days"] == 41000.0
    assert all(r["average_daily_beds"] is None for r in rows)
    assert not any(isinstance(r["bed_days"], float) and math.isnan(r["bed_days"]) for r in rows)
