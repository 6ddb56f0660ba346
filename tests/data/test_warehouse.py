"""Atomic loading: staging, one-transaction swap, nothing half-loaded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from placewell.data.load import load_file
from placewell.data.warehouse import Warehouse
from placewell.errors import DataContractError, WorkspaceError
from placewell.workspace import Workspace


def _rows(ws: Workspace, table: str) -> list[tuple]:
    with ws.warehouse.connect(read_only=True) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def _load_base(ws: Workspace, fixtures: Path) -> None:
    load_file(ws, "areas", fixtures / "areas.csv")
    load_file(ws, "people", fixtures / "people.csv")


def test_load_and_replace(workspace: Workspace, fixtures: Path) -> None:
    _load_base(workspace, fixtures)
    record = load_file(workspace, "hospital_stays", fixtures / "hospital_stays.csv")
    assert record.rows == 3 and len(record.fingerprint) == 16
    assert workspace.warehouse.table_counts() == {"people": 4, "hospital_stays": 3, "areas": 10}
    again = load_file(workspace, "hospital_stays", fixtures / "hospital_stays.csv")
    assert again.fingerprint == record.fingerprint
    assert workspace.warehouse.table_counts()["hospital_stays"] == 3
    assert [r.table for r in workspace.warehouse.loads()][:2] == ["hospital_stays"] * 2


def test_rejected_file_leaves_previous_data(workspace: Workspace, fixtures: Path) -> None:
    _load_base(workspace, fixtures)
    before = _rows(workspace, "people")
    with pytest.raises(DataContractError):
        load_file(workspace, "people", fixtures / "people_bad.csv")
    assert _rows(workspace, "people") == before


def test_unknown_reference_is_rejected_with_its_row(
    workspace: Workspace, fixtures: Path, tmp_path: Path
) -> None:
    _load_base(workspace, fixtures)
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,sex,birth_date,datazone\nP1111,F,1950-01-01,S01900001\nP2222,M,1950-01-01,S01999999\n"
    )
    with pytest.raises(DataContractError) as info:
        load_file(workspace, "people", path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (2, "datazone")
    assert "'S01999999' is not in areas.area_code" in problem.message
    assert len(_rows(workspace, "people")) == 4


def test_failure_during_swap_rolls_back(
    workspace: Workspace, fixtures: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _load_base(workspace, fixtures)
    before = _rows(workspace, "people")
    loads_before = len(workspace.warehouse.loads())

    def exploding_swap(con, names):  # the old table is already dropped when this fails
        con.execute('DROP TABLE "people"')
        raise RuntimeError("disk full")

    monkeypatch.setattr(Warehouse, "_swap", staticmethod(exploding_swap))
    path = tmp_path / "people.csv"
    path.write_text("person_id,sex,birth_date,datazone\nP9999,F,1950-01-01,S01900001\n")
    with pytest.raises(RuntimeError, match="disk full"):
        load_file(workspace, "people", path)
    assert _rows(workspace, "people") == before
    assert len(workspace.warehouse.loads()) == loads_before
    with workspace.warehouse.connect(read_only=True) as con:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    assert not any(t.startswith("_staging_") for t in tables)


def test_append_mode_checks_keys(workspace: Workspace, fixtures: Path, tmp_path: Path) -> None:
    _load_base(workspace, fixtures)
    path = tmp_path / "more.csv"
    path.write_text("person_id,sex,birth_date,datazone\nP7777,F,1950-01-01,S01900001\n")
    load_file(workspace, "people", path, mode="append")
    assert len(_rows(workspace, "people")) == 5
    with pytest.raises(DataContractError, match="already loaded"):
        load_file(workspace, "people", path, mode="append")
    assert len(_rows(workspace, "people")) == 5


def test_killed_process_leaves_previous_data(
    workspace: Workspace, fixtures: Path, tmp_path: Path
) -> None:
    """SIGKILL in the middle of the swap transaction: the committed data survives."""
    _load_base(workspace, fixtures)
    before = _rows(workspace, "people")
    many = tmp_path / "many.csv"
    lines = [f"P{i:09d},F,1950-01-01,S01900001" for i in range(20_000)]
    many.write_text("person_id,sex,birth_date,datazone\n" + "\n".join(lines) + "\n")
    marker = tmp_path / "in-transaction"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from placewell.data.load import load_file
        from placewell.data.warehouse import Warehouse
        from placewell.workspace import Workspace

        original = Warehouse._swap

        def slow_swap(con, names):
            original(con, names)
            Path({str(marker)!r}).write_text("x")
            time.sleep(60)

        Warehouse._swap = staticmethod(slow_swap)
        load_file(Workspace(Path({str(workspace.home)!r})), "people", Path({str(many)!r}))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.time() + 60
        while not marker.exists():
            assert proc.poll() is None, "loader exited early"
            assert time.time() < deadline, "loader never reached the swap"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert _rows(workspace, "people") == before


def test_workspace_required(tmp_path: Path, fixtures: Path) -> None:
    with pytest.raises(WorkspaceError, match="placewell init"):
        load_file(Workspace(tmp_path / "none"), "people", fixtures / "people.csv")


def test_schema_mismatch_is_refused(workspace: Workspace) -> None:
    import pyarrow as pa

    bad = pa.table({"person_id": ["P0001"]})
    with pytest.raises(DataContractError, match="does not have the contract's schema"):
        workspace.warehouse.replace_tables({"people": bad}, "test")
