"""Indicator results: their columns, and how they are kept in the warehouse.

Three tables live in the workspace warehouse (DuckDB), whichever engine computed them:

``indicator_results``
    one row per indicator, area, period, breakdown and breakdown value
    (:data:`RESULT_SCHEMA`; ``docs/indicators.md`` describes every column);
``indicator_inequality``
    one row per indicator, area, period and SIMD quintile type (SII, RII, PAR, ranges);
``indicator_runs``
    the last computation of each indicator: definition hash and data fingerprint,
    used to skip indicators whose definition and inputs have not changed.

An indicator's rows are replaced in one transaction, so readers never see half a run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from placewell.errors import NotFoundError, WorkspaceError
from placewell.indicators.inequality import INEQUALITY_COLUMNS
from placewell.workspace import Workspace

__all__ = [
    "COMPARATORS",
    "INEQUALITY_SCHEMA",
    "RESULT_SCHEMA",
    "RunRecord",
    "last_runs",
    "read_inequality",
    "read_results",
    "store",
    "to_arrow",
]

RESULTS, INEQUALITY, RUNS = "indicator_results", "indicator_inequality", "indicator_runs"
COMPARATORS = ("parent", "country", "partnership", "health_board")
S, F, B = pa.string(), pa.float64(), pa.bool_()

RESULT_SCHEMA = pa.schema(
    [
        ("indicator", S),
        ("area_code", S),
        ("area_name", S),
        ("area_level", S),
        ("period", S),
        ("period_type", S),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("breakdown", S),
        ("breakdown_value", S),
        ("numerator", F),
        ("denominator", F),
        ("records", F),
        ("value", F),
        ("lower_95", F),
        ("upper_95", F),
        ("lower_99_8", F),
        ("upper_99_8", F),
        ("statistic", S),
        ("method", S),
        ("suppressed", B),
        ("suppression", S),
        *[
            (f"{c}_{part}", t)
            for c in COMPARATORS
            for part, t in (("code", S), ("value", F), ("significance", S))
        ],
        ("trend", S),
        ("spc_point", S),
        ("spc_rule", S),
        ("spc_variation", S),
        ("spc_assurance", S),
        ("target_value", F),
        ("target_met", B),
        ("baseline_period", S),
        ("baseline_value", F),
        ("change_from_baseline", F),
        ("definition_hash", S),
        ("data_fingerprint", S),
        ("computed_at", pa.timestamp("s")),
        ("engine", S),
    ]
)
INEQUALITY_SCHEMA = pa.schema(
    [
        (
            name,
            S
            if name in ("indicator", "area_code", "area_level", "period", "quintile_type", "method")
            else F,
        )
        for name in INEQUALITY_COLUMNS
    ]
)
RUNS_SCHEMA = pa.schema(
    [
        ("indicator", S),
        ("definition_hash", S),
        ("data_fingerprint", S),
        ("computed_at", pa.timestamp("s")),
        ("engine", S),
        ("rows", pa.int64()),
        ("seconds", F),
    ]
)


@dataclass(frozen=True)
class RunRecord:
    indicator: str
    definition_hash: str
    data_fingerprint: str
    computed_at: dt.datetime
    engine: str
    rows: int
    seconds: float


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` with exactly ``schema``'s columns and types (missing ones empty)."""
    missing = [f.name for f in schema if f.name not in frame.columns]
    full = frame.assign(**dict.fromkeys(missing)) if missing else frame
    try:
        return pa.Table.from_pandas(
            full[schema.names], schema=schema, preserve_index=False, safe=False
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass  # mixed object columns: convert column by column
    arrays = []
    for f in schema:
        col = full[f.name]
        if pa.types.is_floating(f.type):
            values = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64")
            arrays.append(pa.array(values, type=f.type, from_pandas=True))
        elif pa.types.is_string(f.type):
            text = col.astype(object).where(col.notna(), None)
            arrays.append(pa.array(text.map(lambda v: v if v is None else str(v)), type=f.type))
        else:
            objects = col.astype(object).where(col.notna(), None)
            arrays.append(pa.array(objects, type=f.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _ensure(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    """Create the table; recreate it if an older placewell made it with other columns."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position",
        [name],
    ).fetchall()
    if rows and [r[0] for r in rows] == schema.names:
        return
    con.execute(f'DROP TABLE IF EXISTS "{name}"')
    if rows and name != RUNS:  # results of an older layout: compute them again
        con.execute(f'DROP TABLE IF EXISTS "{RUNS}"')
    con.register("_placewell_empty", schema.empty_table())
    try:
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _placewell_empty')
    finally:
        con.unregister("_placewell_empty")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    _ensure(con, RESULTS, RESULT_SCHEMA)
    _ensure(con, INEQUALITY, INEQUALITY_SCHEMA)
    _ensure(con, RUNS, RUNS_SCHEMA)


def store(
    con: duckdb.DuckDBPyConnection,
    results: pa.Table,
    inequality: pa.Table,
    run: RunRecord,
) -> None:
    """Replace one indicator's results, inequality rows and run record atomically.

    ``results`` and ``inequality`` are already in :data:`RESULT_SCHEMA` and
    :data:`INEQUALITY_SCHEMA` (see :func:`to_arrow`).
    """
    batches = {
        RESULTS: results,
        INEQUALITY: inequality,
        RUNS: to_arrow(pd.DataFrame([run.__dict__]), RUNS_SCHEMA),
    }
    con.execute("BEGIN TRANSACTION")
    try:
        ensure_tables(con)
        for table, data in batches.items():
            con.register("_placewell_batch", data)
            try:
                con.execute(f'DELETE FROM "{table}" WHERE indicator = ?', [run.indicator])
                con.execute(f'INSERT INTO "{table}" SELECT * FROM _placewell_batch')
            finally:
                con.unregister("_placewell_batch")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def last_runs(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Per indicator: (definition hash, data fingerprint) of its stored results."""
    try:
        rows = con.execute(
            f"SELECT indicator, definition_hash, data_fingerprint FROM {RUNS}"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {r[0]: (r[1], r[2]) for r in rows}


def _read(
    workspace: Workspace, table: str, indicator: str | None, where: dict[str, str]
) -> pd.DataFrame:
    workspace.require()
    clauses, params = [], []
    if indicator is not None:
        clauses.append("indicator = ?")
        params.append(indicator)
    for column, value in where.items():
        clauses.append(f'"{column}" = ?')
        params.append(value)
    sql = f'SELECT * FROM "{table}"' + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
    with workspace.warehouse.connect(read_only=True) as con:
        try:
            frame = con.execute(sql, params).fetch_df()
        except duckdb.CatalogException:
            raise WorkspaceError(
                "no indicator results yet; run `placewell compute` first"
            ) from None
    if indicator is not None and frame.empty:
        raise NotFoundError(
            f"no results for indicator {indicator!r}; run `placewell compute --indicator {indicator}`"
        )
    return frame


def read_results(workspace: Workspace, indicator: str | None = None, **where: str) -> pd.DataFrame:
    """Stored results, optionally of one indicator and with column filters (area_level=...)."""
    return _read(workspace, RESULTS, indicator, where)


def read_inequality(
    workspace: Workspace, indicator: str | None = None, **where: str
) -> pd.DataFrame:
    """Stored inequality measures, optionally of one indicator."""
    return _read(workspace, INEQUALITY, indicator, where)
