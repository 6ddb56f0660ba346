"""The notebook API, recomputing only what changed, and the stored tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

import placewell
from placewell.errors import NotFoundError, WorkspaceError
from placewell.indicators import (
    compute,
    compute_many,
    inequality,
    load_definition,
    resolve_definitions,
    results,
)
from placewell.indicators.results import RESULT_SCHEMA
from placewell.workspace import Workspace


def test_compute_returns_and_stores_results(fresh_workspace: Workspace) -> None:
    ws = placewell.open_workspace(fresh_workspace.home)
    frame = compute(ws, "NI-12")
    assert set(RESULT_SCHEMA.names) - {
        "definition_hash",
        "data_fingerprint",
        "computed_at",
        "engine",
    } <= set(frame.columns)
    stored = results(ws, indicator="NI-12", area_level="partnership")
    assert set(stored["area_code"]) == {"HSCP01", "HSCP02"}
    assert list(stored.columns) == RESULT_SCHEMA.names
    assert stored["definition_hash"].nunique() == 1 and stored["engine"].iloc[0] == "duckdb"
    ineq = inequality(ws, "NI-12")
    assert len(ineq) > 0 and {"sii", "rii", "par"} <= set(ineq.columns)
    with pytest.raises(NotFoundError):
        results(ws, indicator="NI-13")


def test_only_what_changed_is_recomputed(fresh_workspace: Workspace, tmp_path: Path) -> None:
    ws = fresh_workspace
    defs = resolve_definitions(ws, ["NI-12", "NI-19"])
    assert [o.status for o in compute_many(ws, defs)] == ["computed", "computed"]
    assert [o.status for o in compute_many(ws, defs)] == ["unchanged", "unchanged"]
    assert [o.status for o in compute_many(ws, defs, force=True)] == ["computed", "computed"]
    # new delayed discharges: NI-19 reads them, NI-12 does not
    extra = pa.table(
        {
            "delay_id": ["DX0001"],
            "person_id": ["P01000"],
            "delay_start_date": pa.array([dt.date(2023, 5, 1)]),
            "delay_end_date": pa.array([dt.date(2023, 5, 9)]),
            "reason_for_delay": ["code_9"],
        },
        schema=pa.schema(
            [
                pa.field("delay_id", pa.string(), nullable=False),
                pa.field("person_id", pa.string(), nullable=False),
                pa.field("delay_start_date", pa.date32(), nullable=False),
                pa.field("delay_end_date", pa.date32()),
                pa.field("reason_for_delay", pa.string(), nullable=False),
            ]
        ),
    )
    ws.warehouse.replace_tables({"delayed_discharge_days": extra}, source="test", mode="append")
    assert [o.status for o in compute_many(ws, defs)] == ["unchanged", "computed"]
    # an edited definition is recomputed
    path = tmp_path / "mine.yaml"
    body = (
        Path(placewell.indicators.__file__).parent / "packs" / "core-suite" / "ni12.yaml"
    ).read_text()
    path.write_text(body)
    assert compute_many(ws, [load_definition(path)])[0].status == "unchanged"
    path.write_text(body.replace("age >= 18\n", "age >= 16\n", 1))
    assert compute_many(ws, [load_definition(path)])[0].status == "computed"


def test_results_need_a_computation(fresh_workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="placewell compute"):
        results(fresh_workspace)


def test_results_tables_replace_an_indicator_atomically(fresh_workspace: Workspace) -> None:
    compute(fresh_workspace, "NI-19")
    compute(fresh_workspace, "NI-19", force=True)
    with duckdb.connect(str(fresh_workspace.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "SELECT count(*), count(DISTINCT computed_at) FROM indicator_results"
        ).fetchone()
        runs = con.execute("SELECT indicator, rows FROM indicator_runs").fetchall()
    assert rows is not None and rows[1] == 1
    assert runs == [("NI-19", rows[0])]


def test_a_workspace_pack_of_own_definitions(fresh_workspace: Workspace) -> None:
    folder = fresh_workspace.home / "indicators"
    folder.mkdir()
    body = (
        Path(placewell.indicators.__file__).parent / "packs" / "local" / "carers.yaml"
    ).read_text()
    (folder / "mine.yaml").write_text(body.replace("id: CARERS-SUPPORTED", "id: MY-CARERS"))
    assert "workspace" in placewell.indicators.list_packs(fresh_workspace)
    frame = compute(fresh_workspace, pack="workspace")
    assert set(frame["indicator"]) == {"MY-CARERS"}


def test_a_run_gives_the_same_numbers_as_single_computations(
    fresh_workspace: Workspace, request: pytest.FixtureRequest, workspace: Workspace
) -> None:
    from tests.indicators.conftest import computed

    outcomes = compute_many(
        fresh_workspace, resolve_definitions(fresh_workspace, ["NI-12", "NI-16"])
    )
    alone = computed("duckdb", request, workspace)
    keys = ["area_code", "period", "breakdown", "breakdown_value"]
    for o in outcomes:
        assert o.results is not None
        got = o.results.sort_values(keys).reset_index(drop=True)
        want = alone[o.indicator].sort_values(keys).reset_index(drop=True)
        pd.testing.assert_series_equal(got["numerator"], want["numerator"], check_dtype=False)
        pd.testing.assert_series_equal(got["value"], want["value"], check_dtype=False)


def test_store_false_computes_without_writing(fresh_workspace: Workspace) -> None:
    ws = fresh_workspace
    defs = resolve_definitions(ws, ["NI-12", "NI-19"])
    drafts = compute_many(ws, defs, store=False)
    assert [o.status for o in drafts] == ["computed", "computed"]
    assert all(o.results is not None and len(o.results) for o in drafts)
    with duckdb.connect(str(ws.warehouse_path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    assert "indicator_results" not in tables  # nothing was written
    # the same numbers as a stored run, and a stored run is then not skipped
    stored = compute_many(ws, defs)
    assert [o.status for o in stored] == ["computed", "computed"]
    keys = ["area_code", "period", "breakdown", "breakdown_value"]
    for draft, kept in zip(drafts, stored, strict=True):
        assert draft.results is not None and kept.results is not None
        a = draft.results.sort_values(keys).reset_index(drop=True)
        b = kept.results.sort_values(keys).reset_index(drop=True)
        pd.testing.assert_series_equal(a["value"], b["value"])
        pd.testing.assert_series_equal(a["suppressed"], b["suppressed"])
        assert list(a["area_code"]) == list(b["area_code"])
    # a draft of an unchanged definition is still computed (never "unchanged")
    assert [o.status for o in compute_many(ws, defs, store=False)] == ["computed", "computed"]
    assert compute(ws, "NI-19", store=False)["indicator"].eq("NI-19").all()


def test_a_failing_definition_does_not_stop_the_others(fresh_workspace: Workspace) -> None:
    """The run fetches one definition ahead: a failure in the middle is reported alone."""
    ws = fresh_workspace
    with duckdb.connect(str(ws.warehouse_path)) as con:
        con.execute("DROP TABLE delayed_discharge_days")  # NI-19 reads it
    defs = resolve_definitions(ws, ["NI-12", "NI-19", "NI-13"])
    outcomes = compute_many(ws, defs)
    assert [o.status for o in outcomes] == ["computed", "failed", "computed"]
    assert "delayed_discharge_days" in outcomes[1].message
    assert set(results(ws)["indicator"]) == {"NI-12", "NI-13"}
