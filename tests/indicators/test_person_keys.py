"""Joining on the warehouse's integer person keys gives what joining on person ids gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from placewell.data.person_keys import PERSON_KEY
from placewell.engine import connect
from placewell.indicators.engine import Context, compute_definition
from placewell.indicators.packs import all_definitions
from placewell.workspace import Workspace
from tests.indicators.conftest import computed


def test_results_are_the_same_without_person_keys(
    request: pytest.FixtureRequest, workspace: Workspace, tmp_path: Path
) -> None:
    keyed = computed("duckdb", request, workspace)
    home = tmp_path / "ws"
    shutil.copytree(workspace.home, home)
    ws = Workspace(home)
    with ws.warehouse.connect() as con:  # as a warehouse loaded before the keys existed
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = ?",
                [PERSON_KEY],
            ).fetchall()
        ]
        assert {"people", "hospital_stays", "deaths"} <= set(tables)
        for table in tables:
            con.execute(f'ALTER TABLE "{table}" DROP COLUMN {PERSON_KEY}')
    with connect("duckdb", ws) as backend:
        ctx = Context(backend)
        for definition in all_definitions():
            plain, _ = compute_definition(ctx, definition)
            pd.testing.assert_frame_equal(
                keyed[definition.id], plain, obj=f"{definition.id} results"
            )
