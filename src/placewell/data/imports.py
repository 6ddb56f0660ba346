"""Import official files and open data into a workspace (read, check, swap in atomically)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from placewell.data.schemas import get_table
from placewell.data.warehouse import LoadRecord
from placewell.workspace import Workspace

__all__ = [
    "fetch_delayed_discharge",
    "import_delayed_discharge",
    "import_localities",
    "import_population",
    "import_simd",
]


def import_simd(workspace: Workspace, path: Path, *, sheet: str | None = None) -> list[LoadRecord]:
    """A SIMD 2020v2 file (PHS lookup or Scottish Government file) -> areas, area_deprivation."""
    from placewell.data.official import read_simd

    workspace.require()
    tables = read_simd(path, sheet_name=sheet)
    return workspace.warehouse.replace_tables(tables, source=str(path))


def import_localities(workspace: Workspace, path: Path) -> list[LoadRecord]:
    """The PHS HSCP localities lookup: puts localities into the existing area hierarchy."""
    from placewell.data.official import read_hscp_localities

    workspace.require()
    current = _current(workspace, "areas")
    tables = read_hscp_localities(path, areas=current)
    return workspace.warehouse.replace_tables(tables, source=str(path))


def import_population(
    workspace: Workspace, path: Path, *, year: int | None = None, sheet: str | None = None
) -> list[LoadRecord]:
    """Small-area population estimates (PHS or NRS layout) -> population."""
    from placewell.data.official import read_population

    workspace.require()
    table = read_population(path, year=year, sheet_name=sheet)
    return workspace.warehouse.replace_tables({"population": table}, source=str(path))


def import_delayed_discharge(workspace: Workspace, path: Path) -> list[LoadRecord]:
    """A downloaded PHS delayed discharge bed days CSV -> delayed_discharge_monthly."""
    from placewell.data.official import read_delayed_discharge_csv

    workspace.require()
    table = read_delayed_discharge_csv(path)
    return workspace.warehouse.replace_tables({"delayed_discharge_monthly": table}, str(path))


def fetch_delayed_discharge(
    workspace: Workspace, *, resource_id: str | None = None, base_url: str | None = None
) -> list[LoadRecord]:
    """Download delayed discharge bed days from PHS open data into the workspace."""
    from placewell.data import official

    workspace.require()
    client = official.CkanClient(base_url or official.PHS_OPEN_DATA_URL)
    rid = resource_id or official.DELAYED_DISCHARGE_RESOURCE_ID
    table = official.fetch_delayed_discharge(client, rid)
    return workspace.warehouse.replace_tables(
        {"delayed_discharge_monthly": table}, source=f"PHS open data resource {rid}"
    )


def _current(workspace: Workspace, name: str) -> pa.Table | None:
    if not workspace.warehouse.table_counts().get(name):
        return None
    with workspace.warehouse.connect(read_only=True) as con:
        spec = get_table(name)
        table = con.sql(spec.select_sql()).to_arrow_table()
    return table.cast(spec.arrow_schema)
