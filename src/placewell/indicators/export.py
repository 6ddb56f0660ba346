"""Export stored indicator results as CSV, Parquet or Excel.

The Excel workbook has a ``results`` sheet, an ``inequality`` sheet and a
``metadata`` sheet describing each exported indicator: title, definition, measure,
period, polarity, national outcomes, source, the PHS definition it follows, caveats
and the definition hash, so a reader of the file knows what every number is.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from placewell.errors import NotFoundError, ValidationError
from placewell.indicators.definition import Definition
from placewell.indicators.packs import all_definitions
from placewell.indicators.results import read_inequality, read_results
from placewell.workspace import Workspace

__all__ = ["FORMATS", "export", "metadata_frame"]

FORMATS = ("csv", "parquet", "xlsx")
EXCEL_MAX_ROWS = 1_048_575  # a sheet holds 1,048,576 rows including the header


def metadata_frame(definitions: list[Definition]) -> pd.DataFrame:
    """One row per definition: what it measures, how, and where the data come from."""
    rows = []
    for d in definitions:
        m = d.measure
        rows.append(
            {
                "indicator": d.id,
                "title": d.title,
                "description": d.description.strip(),
                "measure": m.kind,
                "multiplier": m.scale,
                "period": d.period.value,
                "polarity": d.polarity,
                "outcomes": ", ".join(d.outcomes),
                "numerator_table": d.numerator.table,
                "numerator_filter": d.numerator.filter or "",
                "denominator": "" if d.denominator is None else d.denominator.kind,
                "targets": "; ".join(
                    f"{t.direction} {t.value:g} {t.label}".strip() for t in d.targets
                ),
                "source": d.metadata.source,
                "follows": d.metadata.follows.strip(),
                "caveats": " ".join(d.metadata.caveats),
                "definition_hash": d.hash,
                "definition_file": d.source,
            }
        )
    return pd.DataFrame(rows)


def export(
    workspace: Workspace,
    path: str | Path,
    fmt: str | None = None,
    *,
    indicator: str | None = None,
) -> Path:
    """Write stored results to ``path`` as ``csv``, ``parquet`` or ``xlsx`` (by suffix)."""
    out = Path(path)
    kind = (fmt or out.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise ValidationError(f"unknown export format {kind!r}; use one of {', '.join(FORMATS)}")
    results = read_results(workspace, indicator)
    if results.empty:
        raise NotFoundError("no indicator results to export; run `placewell compute` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        results.to_csv(out, index=False)
    elif kind == "parquet":
        results.to_parquet(out, index=False)
    else:
        if len(results) > EXCEL_MAX_ROWS:
            raise ValidationError(
                f"{len(results):,} rows do not fit in one Excel sheet; export one indicator "
                "(--indicator) or use --format parquet"
            )
        ids = set(results["indicator"])
        definitions = [d for d in all_definitions(workspace) if d.id in ids]
        inequality = read_inequality(workspace, indicator)
        _write_xlsx(
            out,
            {"results": results, "inequality": inequality, "metadata": metadata_frame(definitions)},
        )
    return out


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """Stream frames into a workbook (openpyxl write-only mode: rows, no styles)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([str(c) for c in frame.columns])
        clean = frame.astype(object).where(frame.notna(), None)
        for col in clean.columns:
            if isinstance(frame[col].dtype, pd.DatetimeTZDtype):  # Excel has no time zones
                clean[col] = frame[col].dt.tz_localize(None).astype(object)
        for row in clean.itertuples(index=False, name=None):
            sheet.append(row)
    book.save(path)
