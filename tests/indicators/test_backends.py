"""Engine connections: errors, fingerprints, the temporary PostgreSQL copy."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from placewell.engine import connect
from placewell.engine.backends import load_fingerprints
from placewell.engine.mirror import temporary_postgres
from placewell.errors import ConfigError, WorkspaceError
from placewell.workspace import Workspace


def test_engine_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="unknown engine 'oracle'"):
        connect("oracle", Workspace(tmp_path))
    monkeypatch.delenv("PLACEWELL_ENGINE_URL", raising=False)
    with pytest.raises(ConfigError, match="PLACEWELL_ENGINE_URL"):
        connect("postgres", Workspace(tmp_path))
    with pytest.raises(ConfigError, match="postgresql:// URL"):
        connect("postgres", Workspace(tmp_path), url="mysql://x/y")
    with pytest.raises(WorkspaceError, match="placewell init"):
        connect("duckdb", Workspace(tmp_path / "none"))


def test_fingerprints_follow_the_load_log(fresh_workspace: Workspace) -> None:
    with connect("duckdb", fresh_workspace) as backend:
        before = backend.fingerprints(["people", "deaths", "no_such_table"])
        assert before["no_such_table"] == "absent" and before["people"] != before["deaths"]
        log = load_fingerprints(backend.con.con)
    assert set(log) >= {"people", "hospital_stays", "population"}
    assert before["people"] == log["people"]


def test_temporary_postgres_is_dropped(workspace: Workspace, postgres_url: str) -> None:
    with temporary_postgres(workspace, postgres_url) as backend:
        schema = backend.database
        assert backend.table("people").count().execute() == 3000
        assert backend.fingerprints(["people"]) == load_fingerprints_of(workspace, ["people"])
    with psycopg.connect(postgres_url) as pg:
        found = pg.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", [schema]
        ).fetchone()
    assert found == (0,)


def load_fingerprints_of(workspace: Workspace, names: list[str]) -> dict[str, str]:
    with workspace.warehouse.connect(read_only=True) as con:
        log = load_fingerprints(con)
    return {n: log[n] for n in names}
