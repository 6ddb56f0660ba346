"""Validate a whole file or frame against the data contract before anything is written.

Every check is vectorised over the column (no loop per row). All problems are
collected, so a data manager sees the first few with file, row and column, and the
total; the file is then rejected whole (:class:`DataContractError`).

Rows are numbered from 1 for the first data row (the header is not counted).
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from placewell.data.contract import Column, ColumnType, Table
from placewell.errors import DataContractError, Problem

__all__ = ["read_table_file", "validate_frame"]

_MAX_ROWS_PER_CHECK = 3
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class _Collector:
    """Collects problems, keeping a few rows per check and counting all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.total = 0

    def add_rows(
        self,
        mask: np.ndarray[Any, Any],
        column: str | None,
        message: str,
        raw: pd.Series[Any] | None = None,
    ) -> None:
        """Record the rows in ``mask``; ``{value}`` in the message shows the raw value."""
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        self.total += int(rows.size)
        for r in rows[:_MAX_ROWS_PER_CHECK]:
            text = message
            if raw is not None and "{value}" in message:
                shown = raw.iloc[int(r)]
                text = message.replace(
                    "{value}", "an empty value" if pd.isna(shown) else repr(str(shown)[:40])
                )
            self.problems.append(Problem(int(r) + 1, column, text))

    def add(self, problem: Problem) -> None:
        self.total += 1
        self.problems.append(problem)


def read_table_file(path: Path) -> pd.DataFrame:
    """Read a CSV (all columns as text, so nothing is silently coerced) or Parquet file."""
    if not path.exists():
        raise DataContractError(str(path), [Problem(None, None, "file not found")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet" or suffix == ".pq":
            return pq.read_table(path).to_pandas()
        if suffix in {".csv", ".txt", ".gz"}:
            return _read_csv(path)
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataContractError(
            str(path), [Problem(None, None, f"cannot be read as {suffix[1:]}: {exc}")]
        ) from None
    raise DataContractError(
        str(path), [Problem(None, None, "unsupported file type; use .csv or .parquet")]
    )


def _read_csv(path: Path) -> pd.DataFrame:
    import gzip

    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(io.StringIO(fh.readline())), [])
    if not header:
        raise DataContractError(str(path), [Problem(None, None, "the file is empty (no header)")])
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding="utf-8"),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    frame = table.to_pandas()
    frame.columns = [str(c).lstrip("\ufeff") for c in frame.columns]
    return frame


def validate_frame(table: Table, frame: pd.DataFrame | pa.Table, source: str) -> pa.Table:
    """Check ``frame`` against ``table`` and return it typed as the contract says.

    Raises :class:`DataContractError` listing the problems (file, row, column, what
    was expected) when anything is wrong; nothing is returned half-checked.
    """
    if isinstance(frame, pa.Table):
        frame = frame.to_pandas()
    found = _Collector()
    _check_header(table, list(frame.columns), found)
    if found.total:
        raise DataContractError(source, found.problems, total=found.total)

    typed: dict[str, pd.Series[Any]] = {}
    for column in table.columns:
        typed[column.name] = _check_column(column, frame[column.name], found)
    if table.primary_key:
        keys = pd.DataFrame({k: typed[k] for k in table.primary_key})
        dup = keys.duplicated(keep="first").to_numpy()
        found.add_rows(
            dup,
            ",".join(table.primary_key),
            f"duplicate key: ({', '.join(table.primary_key)}) must be unique",
        )
    for check in table.checks:
        left, right = typed[check.left], typed[check.right]
        both = left.notna() & right.notna()
        with np.errstate(invalid="ignore"):
            ok = _OPS[check.op](left[both], right[both])
        bad = np.zeros(len(frame), dtype=bool)
        bad[np.flatnonzero(both.to_numpy())] = ~ok.to_numpy(dtype=bool)
        found.add_rows(
            bad, check.left, f"{check.message}: {check.left} must be {check.op} {check.right}"
        )
    if found.total:
        found.problems.sort(key=lambda p: p.row or 0)
        raise DataContractError(source, found.problems, total=found.total)
    arrays = [_to_arrow(c, typed[c.name]) for c in table.columns]
    return pa.Table.from_arrays(arrays, schema=table.arrow_schema)


def _check_header(table: Table, columns: list[str], found: _Collector) -> None:
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            found.add(Problem(None, name, "column appears twice in the header"))
        seen.add(name)
    expected = table.column_names
    for name in expected:
        if name not in seen:
            col = table.column_index[name]
            found.add(
                Problem(
                    None, name, f"missing column (expected {col.type.expected}: {col.description})"
                )
            )
    for name in columns:
        if name not in table.column_index:
            found.add(
                Problem(
                    None,
                    name,
                    f"unexpected column; table {table.name} has: {', '.join(expected)}",
                )
            )


def _is_missing(raw: pd.Series[Any]) -> np.ndarray[Any, Any]:
    missing = raw.isna().to_numpy(dtype=bool).copy()
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        text = raw.astype("string").str.strip()
        missing |= (text == "").fillna(True).to_numpy(dtype=bool)
    return missing


def _check_column(column: Column, raw: pd.Series[Any], found: _Collector) -> pd.Series[Any]:
    name = column.name
    missing = _is_missing(raw)
    if not column.nullable:
        found.add_rows(missing, name, f"a value is required ({column.type.expected})")
    present = ~missing
    value, bad_type = _convert(column.type, raw, missing)
    found.add_rows(bad_type & present, name, f"expected {column.type.expected}, got {{value}}", raw)
    ok = present & ~bad_type
    if column.codes is not None:
        bad = ok & ~value.isin(list(column.codes)).to_numpy(dtype=bool)
        found.add_rows(bad, name, f"{{value}} is not an allowed code ({column.allowed})", raw)
    if column.pattern is not None:
        text = value.astype("string")
        matches = text.str.fullmatch(column.pattern).fillna(False).to_numpy(dtype=bool)
        found.add_rows(
            ok & ~matches, name, f"{{value}} is not {column.pattern_help or column.pattern}", raw
        )
    if column.minimum is not None or column.maximum is not None:
        nums = pd.to_numeric(value, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            low = nums < column.minimum if column.minimum is not None else np.zeros_like(ok)
            high = nums > column.maximum if column.maximum is not None else np.zeros_like(ok)
        found.add_rows(
            ok & (low | high), name, f"{{value}} is out of range ({column.allowed})", raw
        )
    return value.where(~missing) if len(value) else value


def _convert(
    kind: ColumnType, raw: pd.Series[Any], missing: np.ndarray[Any, Any]
) -> tuple[pd.Series[Any], np.ndarray[Any, Any]]:
    """Convert a column to its contract type; return the values and a bad-value mask."""
    n = len(raw)
    if kind is ColumnType.STRING:
        if pd.api.types.is_float_dtype(raw.dtype) or pd.api.types.is_bool_dtype(raw.dtype):
            return raw.astype("string"), ~missing
        return raw.astype("string").str.strip(), np.zeros(n, dtype=bool)
    if kind in (ColumnType.INTEGER, ColumnType.FLOAT):
        if pd.api.types.is_bool_dtype(raw.dtype):
            return raw.astype("float64"), ~missing
        nums = pd.to_numeric(
            raw.astype("string").str.strip()
            if not pd.api.types.is_numeric_dtype(raw.dtype)
            else raw,
            errors="coerce",
        )
        arr = nums.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(arr) | ~np.isfinite(arr)
        if kind is ColumnType.INTEGER:
            with np.errstate(invalid="ignore"):
                bad |= np.where(np.isfinite(arr), arr != np.round(arr), False)
            return pd.Series(arr, index=raw.index).round().astype("Int64"), bad
        return pd.Series(arr, index=raw.index, dtype="float64"), bad
    if kind is ColumnType.DATE:
        if pd.api.types.is_datetime64_any_dtype(raw.dtype):
            values = pd.to_datetime(raw)
            return values, np.zeros(n, dtype=bool)
        if (
            raw.dtype == object
            and n
            and not isinstance(raw.dropna().iloc[0] if raw.notna().any() else "", str)
        ):
            values = pd.to_datetime(raw, errors="coerce")
            return values, values.isna().to_numpy(dtype=bool)
        text = raw.astype("string").str.strip()
        shape = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
        values = pd.to_datetime(text.where(shape), format="%Y-%m-%d", errors="coerce")
        return values, values.isna().to_numpy(dtype=bool)
    if kind is ColumnType.BOOLEAN:
        if pd.api.types.is_bool_dtype(raw.dtype):
            return raw.astype("boolean"), np.zeros(n, dtype=bool)
        text = raw.astype("string").str.strip().str.lower()
        is_true = text.isin(_TRUE).to_numpy(dtype=bool)
        is_false = text.isin(_FALSE).to_numpy(dtype=bool)
        values = pd.Series(
            pd.array(np.where(is_true, True, False), dtype="boolean"), index=raw.index
        )
        return values, ~(is_true | is_false)
    raise AssertionError(kind)  # pragma: no cover


def _to_arrow(column: Column, values: pd.Series[Any]) -> pa.Array:
    if column.type is ColumnType.DATE:
        return pa.array(values.dt.date if len(values) else [], type=pa.date32(), from_pandas=True)
    return pa.array(values, type=column.type.arrow, from_pandas=True)
