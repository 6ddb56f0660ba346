"""Read a published file as text columns and check it, collecting every problem.

Published files are read with every column as text, so nothing is coerced silently;
each parser then asks for the columns of its layout and converts them here, with
vectorised checks. Problems name the 1-based data row (the header row is not
counted, nor any title rows above it) and the column as written in the file.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from placewell.data.schemas import get_table
from placewell.errors import DataContractError, Problem

__all__ = ["Problems", "Sheet", "conform", "read_csv_text", "read_records", "read_sheet"]

_ROWS_SHOWN = 3  # rows listed per kind of problem; all are counted
_PREAMBLE_LINES = 40
_INT = r"^\s*-?(\d+|\d{1,3}(,\d{3})+)\s*$"
_FLOAT = r"^\s*-?(\d+(\.\d*)?|\.\d+|\d{1,3}(,\d{3})+(\.\d*)?)([eE][-+]?\d+)?\s*$"


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Problems:
    """Problems found in one source, a few rows per kind, all counted."""

    source: str
    found: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        self.found.append(Problem(row, column, message))

    def rows(
        self, mask: Any, column: str | None, message: str, values: Any = None, *, quote: bool = True
    ) -> None:
        """Record each row where ``mask`` is true; ``{value}`` shows the row's value (quoted)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if idx.size == 0:
            return
        self.total += int(idx.size)
        for i in idx[:_ROWS_SHOWN]:
            text = message
            if values is not None:
                raw = str(values[int(i)]).strip()
                shown = (repr(raw[:80]) if quote else raw) if raw else "an empty value"
                text = message.replace("{value}", shown)
            self.found.append(Problem(int(i) + 1, column, text))

    def raise_if_any(self) -> None:
        if self.total:
            self.found.sort(key=lambda p: (p.row is not None, p.row or 0))
            raise DataContractError(self.source, self.found, total=self.total)


@dataclass
class Sheet:
    """A published table as text: the header as written and one string array per column."""

    source: str
    header: list[str]
    data: pa.Table
    problems: Problems = field(init=False)

    def __post_init__(self) -> None:
        self.problems = Problems(self.source)

    @property
    def n_rows(self) -> int:
        return self.data.num_rows

    def resolve(self, layout: str, wanted: Mapping[str, Sequence[str]]) -> dict[str, str]:
        """Map each wanted column (with its accepted spellings) to the header; raise if any is missing."""
        by_norm = {_norm(h): h for h in self.header}
        found: dict[str, str] = {}
        missing: list[Problem] = []
        for key, spellings in wanted.items():
            hit = next((by_norm[_norm(s)] for s in spellings if _norm(s) in by_norm), None)
            if hit is not None:
                found[key] = hit
                continue
            close = difflib.get_close_matches(spellings[0], self.header, n=1, cutoff=0.6)
            hint = f"; found {close[0]!r} instead - was it renamed?" if close else ""
            missing.append(
                Problem(None, spellings[0], f"missing column (the {layout} layout has it){hint}")
            )
        if missing:
            expected = ", ".join(s[0] for s in wanted.values())
            missing.append(
                Problem(
                    None,
                    None,
                    f"expected the columns {expected}; the header has "
                    f"{', '.join(self.header) or 'nothing'}",
                )
            )
            raise DataContractError(self.source, missing)
        return found

    def text(self, column: str) -> pa.Array:
        return pc.utf8_trim_whitespace(self.data.column(column).combine_chunks())

    def strings(self, column: str) -> npt.NDArray[np.object_]:
        return np.asarray(self.text(column).to_numpy(zero_copy_only=False), dtype=object)

    def required(self, column: str, what: str) -> npt.NDArray[np.object_]:
        values = self.strings(column)
        self.problems.rows(values == "", column, f"a value is required ({what})")
        return values

    def matching(
        self, column: str, pattern: str, what: str, *, optional: bool = False
    ) -> npt.NDArray[np.object_]:
        """Text values that must match ``pattern`` (e.g. a data zone code)."""
        arr = self.text(column)
        ok = pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)
        values = np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)
        bad = ~ok & ((values != "") if optional else True)
        self.problems.rows(bad, column, f"expected {what}, got {{value}}", values)
        return values

    def numbers(
        self,
        column: str,
        *,
        whole: bool = True,
        optional: bool = False,
        minimum: float | None = 0,
        maximum: float | None = None,
    ) -> npt.NDArray[np.float64]:
        """Numbers of a column (NaN where empty and ``optional``), checking every value."""
        arr = self.text(column)
        empty = pc.equal(arr, "").to_numpy(zero_copy_only=False)
        ok = (
            pc.match_substring_regex(arr, _INT if whole else _FLOAT).to_numpy(zero_copy_only=False)
            & ~empty
        )
        what = "a whole number" if whole else "a number"
        bad = ~ok & ~(empty & optional)
        clean = pc.if_else(pa.array(ok), pc.replace_substring(arr, ",", ""), pa.scalar("nan"))
        nums = pc.cast(clean, pa.float64()).to_numpy(zero_copy_only=False)
        low = ok & (nums < minimum) if minimum is not None else np.zeros_like(ok)
        high = ok & (nums > maximum) if maximum is not None else np.zeros_like(ok)
        if bad.any() or low.any() or high.any():
            values = arr.to_numpy(zero_copy_only=False)
            self.problems.rows(bad, column, f"expected {what}, got {{value}}", values)
            self.problems.rows(
                low, column, f"expected {what} of at least {minimum or 0:g}, got {{value}}", values
            )
            self.problems.rows(
                high, column, f"expected {what} of at most {maximum or 0:g}, got {{value}}", values
            )
        return nums

    def unique(self, keys: Sequence[npt.NDArray[Any]], column: str, what: str) -> None:
        """Report rows repeating an earlier row's key (e.g. the same data zone twice)."""
        if not keys or keys[0].size == 0:
            return
        joined = np.array([" / ".join(map(str, parts)) for parts in zip(*keys, strict=True)])
        _, first = np.unique(joined, return_index=True)
        dup = np.ones(joined.size, dtype=bool)
        dup[first] = False
        self.problems.rows(dup, column, f"{what} {{value}} appears more than once", joined)


def read_sheet(path: str | Path, markers: Iterable[str], *, sheet_name: str | None = None) -> Sheet:
    """Read a CSV (optionally gzipped) or ``.xlsx`` file as text columns.

    The header is the first line (within the first 40) that contains one of ``markers``
    as a cell, so title rows above it, as in National Records of Scotland workbooks,
    are skipped. Trailing rows whose cells are all empty except the first (notes,
    sources) are dropped.
    """
    p = Path(path)
    source = str(path)
    if not p.is_file():
        raise DataContractError(source, [Problem(None, None, "file not found")])
    wanted = {_norm(m) for m in markers}
    suffix = p.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            header, table = _read_xlsx(p, wanted, sheet_name)
        else:
            header, table = _read_csv(p, wanted)
    except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error, OSError) as exc:
        raise DataContractError(source, [Problem(None, None, f"cannot be read: {exc}")]) from None
    except _NoHeader:
        shown = ", ".join(sorted(markers))
        raise DataContractError(
            source,
            [Problem(None, None, f"no header row found (looked for a column named {shown})")],
        ) from None
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataContractError(
                source, [Problem(None, name, "column appears twice in the header")]
            )
        seen.add(name)
    return Sheet(source, header, _drop_trailing_notes(table))


class _NoHeader(Exception):
    pass


def _find_header(rows: Iterable[Sequence[str]], wanted: set[str]) -> tuple[int, list[str]]:
    for i, row in enumerate(rows):
        if i >= _PREAMBLE_LINES:
            break
        cells = [str(c).lstrip("\ufeff").strip() for c in row]
        if any(_norm(c) in wanted for c in cells):
            while cells and cells[-1] == "":
                cells.pop()
            return i, cells
    raise _NoHeader


def _read_csv(path: Path, wanted: set[str]) -> tuple[list[str], pa.Table]:
    opener: Any = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        head = [fh.readline() for _ in range(_PREAMBLE_LINES)]
    return _parse_csv(path, head, wanted)


def _parse_csv(
    data: Path | io.BytesIO, head: list[str], wanted: set[str]
) -> tuple[list[str], pa.Table]:
    at, header = _find_header(csv.reader(io.StringIO("".join(head))), wanted)
    width = len(next(csv.reader(io.StringIO(head[at]))))
    names = header + [f"_blank_{i}" for i in range(width - len(header))]
    table = pacsv.read_csv(
        data,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=at + 1, encoding="utf-8"),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False
        ),
    )
    return header, table.select(header)


def read_csv_text(text: str, markers: Iterable[str], source: str) -> Sheet:
    """A :class:`Sheet` from CSV text already in memory (e.g. a datastore dump)."""
    text = text.lstrip("\ufeff")
    head = text.splitlines(keepends=True)[:_PREAMBLE_LINES]
    try:
        header, table = _parse_csv(
            io.BytesIO(text.encode("utf-8")), head, {_norm(m) for m in markers}
        )
    except (pa.ArrowInvalid, csv.Error) as exc:
        raise DataContractError(source, [Problem(None, None, f"cannot be read: {exc}")]) from None
    except _NoHeader:
        raise DataContractError(
            source, [Problem(None, None, f"no header row found (looked for {', '.join(markers)})")]
        ) from None
    return Sheet(source, header, _drop_trailing_notes(table))


def _read_xlsx(path: Path, wanted: set[str], sheet_name: str | None) -> tuple[list[str], pa.Table]:
    try:
        import openpyxl
    except ImportError:
        raise DataContractError(
            str(path),
            [
                Problem(
                    None,
                    None,
                    "reading .xlsx files needs the openpyxl package "
                    "(pip install openpyxl); or save the sheet as CSV and import that",
                )
            ],
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad workbook
        raise DataContractError(
            str(path), [Problem(None, None, f"cannot be read as an Excel workbook: {exc}")]
        ) from None
    try:
        sheets = [book[sheet_name]] if sheet_name else list(book.worksheets)
        for ws in sheets:  # without a sheet name: the first sheet with the header
            rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            try:
                at, header = _find_header(rows, wanted)
                break
            except _NoHeader:
                continue
        else:
            raise _NoHeader
    except KeyError:
        raise DataContractError(
            str(path), [Problem(None, None, f"no sheet called {sheet_name!r} in the workbook")]
        ) from None
    finally:
        book.close()
    body = rows[at + 1 :]
    cols = {
        name: pa.array([r[j] if j < len(r) else "" for r in body], type=pa.string())
        for j, name in enumerate(header)
    }
    return header, pa.table(cols)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _drop_trailing_notes(table: pa.Table) -> pa.Table:
    if table.num_rows == 0 or table.num_columns < 2:
        return table
    last = table.slice(table.num_rows - 1)
    if any(str(last.column(n)[0]).strip() for n in table.column_names[1:]):
        return table  # the usual case: the last row holds data
    filled = np.zeros(table.num_rows, dtype=bool)
    for name in table.column_names[1:]:
        col = pc.utf8_trim_whitespace(table.column(name).combine_chunks())
        filled |= pc.not_equal(col, "").to_numpy(zero_copy_only=False)
    keep = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    return table.slice(0, keep)


def read_records(records: Sequence[Mapping[str, Any]], fields: Sequence[str], source: str) -> Sheet:
    """A :class:`Sheet` from JSON records (e.g. a CKAN ``datastore_search`` result)."""
    header = list(fields) if fields else list(records[0]) if records else []
    cols = {
        name: pa.array([_cell(r.get(name)) for r in records], type=pa.string()) for name in header
    }
    return Sheet(source, header, pa.table(cols) if cols else pa.table({}))


def conform(name: str, columns: Mapping[str, Any]) -> pa.Table:
    """Build the contract table ``name`` from column arrays and cast it to the contract schema."""
    schema = get_table(name).arrow_schema
    arrays = {
        f.name: v
        if isinstance(v := columns[f.name], pa.Array | pa.ChunkedArray)
        else pa.array(v, from_pandas=True)
        for f in schema
    }
    return pa.table(arrays).cast(schema)
