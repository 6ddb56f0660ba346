"""Check a workspace and say, in plain words, what is missing or wrong."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from placewell.data.contract import TableKind
from placewell.data.schemas import TABLES
from placewell.workspace import Workspace

__all__ = ["Check", "Status", "check_workspace"]


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    MISSING = "missing"
    ERROR = "error"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def check_workspace(workspace: Workspace) -> list[Check]:
    """Every check, in the order a user would fix them."""
    checks: list[Check] = []
    if not workspace.exists:
        return [
            Check(
                "workspace",
                Status.MISSING,
                f"no workspace at {workspace.home}; run `placewell init` or `placewell demo-data`",
            )
        ]
    checks.append(Check("workspace", Status.OK, str(workspace.home.resolve())))
    try:
        counts = workspace.warehouse.table_counts()
    except Exception as exc:  # a corrupt or locked warehouse
        return [*checks, Check("warehouse", Status.ERROR, f"cannot be read: {exc}")]
    checks.append(Check("warehouse", Status.OK, f"{len(counts)} contract tables loaded"))
    for table in TABLES.values():
        if table.kind is TableKind.SYNTHETIC:
            continue
        rows = counts.get(table.name)
        if rows is None:
            status = Status.MISSING if table.kind is TableKind.REFERENCE else Status.WARNING
            how = f"`placewell load {table.name} FILE`"
            if table.kind is TableKind.OPEN_DATA:
                how = "`placewell fetch delayed-discharge`"
            checks.append(Check(f"table {table.name}", status, f"not loaded; use {how}"))
        elif rows == 0:
            checks.append(Check(f"table {table.name}", Status.WARNING, "loaded but empty"))
        else:
            checks.append(Check(f"table {table.name}", Status.OK, f"{rows:,} rows"))
    if counts.get("areas"):
        from placewell.geography.hierarchy import AreaHierarchy

        hierarchy = AreaHierarchy.from_warehouse(workspace.warehouse)
        problems = hierarchy.check()
        levels = ", ".join(f"{n} {lvl}" for lvl, n in hierarchy.counts_by_level().items())
        if problems:
            checks.append(Check("geography", Status.ERROR, "; ".join(problems)))
        else:
            checks.append(Check("geography", Status.OK, levels))
    if counts.get("areas") and not counts.get("area_deprivation"):
        checks.append(
            Check("deprivation", Status.MISSING, "no SIMD ranks; use `placewell import simd FILE`")
        )
    return checks
