"""Integer person keys: one key per person id in every table, stable across loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from placewell.data.load import load_file
from placewell.data.person_keys import PERSON_KEY, REGISTRY
from placewell.data.schemas import get_table
from placewell.errors import DataContractError
from placewell.workspace import Workspace


def _keys(ws: Workspace, table: str) -> dict[str, int]:
    with ws.warehouse.connect(read_only=True) as con:
        rows = con.execute(f"SELECT person_id, {PERSON_KEY} FROM {table}").fetchall()
    return dict(rows)


def _registry(ws: Workspace) -> dict[str, int]:
    with ws.warehouse.connect(read_only=True) as con:
        return dict(con.execute(f"SELECT person_id, person_key FROM {REGISTRY}").fetchall())


def _people(ids: list[str]) -> pa.Table:
    n = len(ids)
    return pa.table(
        {
            "person_id": ids,
            "sex": ["F"] * n,
            "birth_date": pa.array([dt.date(1950, 1, 1)] * n),
            "datazone": ["S01900001"] * n,
        },
        schema=get_table("people").arrow_schema,
    )


def _stays(rows: list[tuple[str, str]]) -> pa.Table:
    n = len(rows)
    day = dt.date(2023, 5, 1)
    schema = get_table("hospital_stays").arrow_schema
    data = {f.name: pa.nulls(n, f.type) if f.nullable else pa.array(["x"] * n) for f in schema}
    data["stay_id"] = pa.array([r[0] for r in rows])
    data["person_id"] = pa.array([r[1] for r in rows])
    data["admission_date"] = pa.array([day] * n)
    data["discharge_date"] = pa.array([day] * n)
    data["admission_type"] = pa.array(["20"] * n)
    return pa.table(data, schema=schema)


def test_every_table_with_people_gets_the_same_key_for_the_same_id(
    workspace: Workspace, fixtures: Path
) -> None:
    load_file(workspace, "areas", fixtures / "areas.csv")
    load_file(workspace, "people", fixtures / "people.csv")
    load_file(workspace, "hospital_stays", fixtures / "hospital_stays.csv")
    people, stays = _keys(workspace, "people"), _keys(workspace, "hospital_stays")
    assert len(set(people.values())) == len(people) == 4  # one key per person
    assert stays and all(stays[p] == people[p] for p in stays)
    assert _registry(workspace) == people
    with workspace.warehouse.connect(read_only=True) as con:  # areas have no person id
        columns = {r[0] for r in con.execute("DESCRIBE areas").fetchall()}
    assert PERSON_KEY not in columns


def test_contract_columns_and_row_order_are_kept(workspace: Workspace, fixtures: Path) -> None:
    ws = workspace
    ids = [f"P{i:05d}" for i in range(2000, 0, -1)]  # not in key order
    ws.warehouse.replace_tables({"people": _people(ids)}, "test", check_references=False)
    with ws.warehouse.connect(read_only=True) as con:
        cols = [r[0] for r in con.execute("DESCRIBE people").fetchall()]
        stored = con.execute("SELECT person_id FROM people").fetchall()
    assert cols == [*get_table("people").column_names, PERSON_KEY]
    assert [r[0] for r in stored] == ids


def test_keys_survive_reloads_appends_and_unknown_people(workspace: Workspace) -> None:
    ws = workspace
    # stays first: their people are not loaded yet, and still get keys
    ws.warehouse.replace_tables(
        {"hospital_stays": _stays([("H1", "P3"), ("H2", "P1"), ("H3", "P3")])},
        "stays",
        check_references=False,
    )
    first = _keys(ws, "hospital_stays")
    assert first == {"P1": 1, "P3": 2}  # numbered in id order
    ws.warehouse.replace_tables({"people": _people(["P2", "P3", "P1"])}, "people")
    assert _keys(ws, "people") == {"P1": 1, "P2": 3, "P3": 2}  # P2 is new
    # a reload with other people keeps every known key and numbers the new ones after
    ws.warehouse.replace_tables({"people": _people(["P4", "P1"])}, "people again")
    assert _keys(ws, "people") == {"P1": 1, "P4": 4}
    assert _keys(ws, "hospital_stays") == first
    ws.warehouse.replace_tables(
        {"hospital_stays": _stays([("H4", "P4")])},
        "more stays",
        mode="append",
        check_references=False,
    )
    assert _keys(ws, "hospital_stays") == {"P1": 1, "P3": 2, "P4": 4}


def test_a_rejected_load_adds_no_keys(workspace: Workspace) -> None:
    ws = workspace
    ws.warehouse.replace_tables({"people": _people(["P1"])}, "people")
    before = _registry(ws)
    with pytest.raises(DataContractError):  # the appended P1 duplicates the key
        ws.warehouse.replace_tables({"people": _people(["P9", "P1"])}, "dup", mode="append")
    assert _registry(ws) == before
    assert _keys(ws, "people") == {"P1": 1}
