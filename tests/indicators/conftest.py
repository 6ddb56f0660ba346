"""Fixtures: the hand-made workspace, and the bundled indicators computed on each engine.

DuckDB always runs. PostgreSQL (127.0.0.1:5432, user postgres) and Spark (local
mode) are skipped with a reason when unavailable, except in CI (``CI=true``), where a
missing engine fails the run instead. Spark computes a subset of the indicators that
covers every numerator kind, placement and period type, to keep the suite quick.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from placewell.engine import connect
from placewell.engine.backends import Backend
from placewell.indicators.engine import Context, compute_definition
from placewell.indicators.packs import all_definitions
from placewell.workspace import Workspace
from tests.indicators.builder import build_workspace

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "PLACEWELL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
ENGINES = ("duckdb", "postgres", "spark")
SPARK_SUBSET = (
    "NI-1",
    "NI-11",
    "NI-13",
    "NI-14",
    "NI-15",
    "NI-16",
    "NI-18",
    "ADP-WAIT",
    "LAC-START",
    "MONEY-GAINS",
    "MSG-3",
)
ALL_IDS = tuple(d.id for d in all_definitions())


def unavailable(reason: str) -> None:
    """Skip outside CI; in CI an engine that cannot run is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: engines must be available)")
    pytest.skip(reason)


def engine_ids(engine: str) -> tuple[str, ...]:
    return SPARK_SUBSET if engine == "spark" else ALL_IDS


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The small hand-made workspace (read-only for tests; copy it to change it)."""
    return build_workspace(tmp_path_factory.mktemp("indicators") / "ws")


@pytest.fixture
def fresh_workspace(workspace: Workspace, tmp_path: Path) -> Workspace:
    """A private copy of the workspace that a test may change."""
    home = tmp_path / "ws"
    shutil.copytree(workspace.home, home)
    return Workspace(home)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            pass
    except Exception as exc:  # server down, no driver
        unavailable(f"PostgreSQL not available at {POSTGRES_URL}: {exc}")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        unavailable("PySpark is not installed (pip install 'placewell[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable("Spark needs Java (17), which is not installed")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("placewell-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _compute(backend: Backend, ids: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    ctx = Context(backend)
    out = {}
    for d in all_definitions():
        if d.id in ids:
            results, inequality = compute_definition(ctx, d)
            out[d.id] = results
            _INEQUALITY.setdefault(backend.name, {})[d.id] = inequality
    return out


_RESULTS: dict[str, dict[str, pd.DataFrame]] = {}
_INEQUALITY: dict[str, dict[str, pd.DataFrame]] = {}


def computed_inequality(
    engine: str, request: pytest.FixtureRequest, workspace: Workspace
) -> dict[str, pd.DataFrame]:
    """Inequality frames of the bundled indicators on ``engine``."""
    computed(engine, request, workspace)
    return _INEQUALITY[engine]


def computed(
    engine: str, request: pytest.FixtureRequest, workspace: Workspace
) -> dict[str, pd.DataFrame]:
    """Results of the bundled indicators on ``engine`` (computed once per session)."""
    if engine not in _RESULTS:
        if engine == "duckdb":
            with connect("duckdb", workspace) as backend:
                _RESULTS[engine] = _compute(backend, ALL_IDS)
        elif engine == "postgres":
            from placewell.engine.mirror import temporary_postgres

            url = request.getfixturevalue("postgres_url")
            with temporary_postgres(workspace, url) as backend:
                _RESULTS[engine] = _compute(backend, ALL_IDS)
        else:
            request.getfixturevalue("spark_session")
            with connect("spark", workspace) as backend:
                _RESULTS[engine] = _compute(backend, SPARK_SUBSET)
    return _RESULTS[engine]
