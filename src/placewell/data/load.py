"""Load a file into the warehouse: validate the whole file, then swap it in atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placewell.data.schemas import get_table
from placewell.data.validate import read_table_file, validate_frame
from placewell.data.warehouse import LoadRecord
from placewell.errors import DataContractError, Problem
from placewell.workspace import Workspace

__all__ = ["load_file"]


def load_file(
    workspace: Workspace, table_name: str, path: Path, *, mode: str = "replace"
) -> LoadRecord:
    """Validate ``path`` (CSV or Parquet) against the contract table and load it.

    On any problem a :class:`DataContractError` names the file, row and column, and
    the warehouse is left exactly as it was.
    """
    spec = get_table(table_name)
    workspace.require()
    source = str(path)
    frame = read_table_file(Path(path))
    data = validate_frame(spec, frame, source)
    try:
        (record,) = workspace.warehouse.replace_tables({spec.name: data}, source, mode=mode)
    except DataContractError as exc:
        raise _with_rows(exc, frame, source) from None
    return record


def _with_rows(exc: DataContractError, frame: pd.DataFrame, source: str) -> DataContractError:
    """Add the file row of the first offending value to reference errors."""
    problems: list[Problem] = []
    for p in exc.problems:
        if p.row is None and p.column in frame.columns and "' is not in " in p.message:
            value = p.message.split("'")[1]
            hits = (frame[p.column].astype("string").str.strip() == value).to_numpy(dtype=bool)
            if hits.any():
                p = Problem(int(hits.argmax()) + 1, p.column, p.message)
        problems.append(p)
    return DataContractError(source, problems, total=exc.total)
