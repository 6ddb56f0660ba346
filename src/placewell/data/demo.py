"""Build the demo workspace and summarise any workspace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from placewell.workspace import Workspace

if TYPE_CHECKING:
    from placewell.data.synth import DemoConfig

__all__ = ["PartnershipSummary", "WorkspaceSummary", "build_demo", "summarise"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class PartnershipSummary:
    code: str
    name: str
    population: int
    localities: int
    datazones: int


@dataclass(frozen=True)
class WorkspaceSummary:
    home: str
    population_year: int | None
    partnerships: list[PartnershipSummary] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    first_event: str | None = None
    last_event: str | None = None


def build_demo(
    workspace: Workspace, config: DemoConfig, progress: Progress | None = None
) -> WorkspaceSummary:
    """Generate the synthetic population and swap it into the workspace in one transaction."""
    from placewell.data.synth import generate

    workspace.init()
    tables = generate(config, progress=progress)
    if progress:
        progress("write warehouse", 0, 1)
    workspace.warehouse.replace_tables(
        tables, source=f"demo-data people={config.people} seed={config.seed}"
    )
    if progress:
        progress("write warehouse", 1, 1)
    return summarise(workspace)


def summarise(workspace: Workspace) -> WorkspaceSummary:
    """Partnerships with their populations, rows per table, and the span of events."""
    from placewell.geography.hierarchy import AreaHierarchy

    workspace.require()
    counts = workspace.warehouse.table_counts()
    home = str(workspace.home)
    if not counts.get("areas"):
        return WorkspaceSummary(home, None, [], counts)
    hierarchy = AreaHierarchy.from_warehouse(workspace.warehouse)
    lookup = hierarchy.lookup().reset_index()
    year: int | None = None
    pop_by_dz = None
    first = last = None
    with workspace.warehouse.connect(read_only=True) as con:
        if counts.get("population"):
            row = con.execute("SELECT max(year) FROM population").fetchone()
            year = int(row[0]) if row and row[0] is not None else None
            pop_by_dz = con.execute(
                "SELECT datazone, sum(population) AS population FROM population "
                "WHERE year = ? GROUP BY datazone",
                [year],
            ).fetch_df()
        if counts.get("hospital_stays"):
            span = con.execute(
                "SELECT min(admission_date), max(admission_date) FROM hospital_stays"
            ).fetchone()
            if span:
                first, last = (str(d) if d is not None else None for d in span)
    partnerships: list[PartnershipSummary] = []
    if "partnership" in lookup.columns:
        if pop_by_dz is not None:
            lookup = lookup.merge(pop_by_dz, on="datazone", how="left")
        else:
            lookup["population"] = 0
        for area in hierarchy.areas("partnership"):
            zones = lookup[lookup["partnership"] == area.code]
            partnerships.append(
                PartnershipSummary(
                    area.code,
                    area.name,
                    int(zones["population"].fillna(0).sum()),
                    len(hierarchy.descendants(area.code, "locality")),
                    len(zones),
                )
            )
    return WorkspaceSummary(home, year, partnerships, counts, first, last)
