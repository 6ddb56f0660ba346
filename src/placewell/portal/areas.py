"""The area hierarchy for the web app and the API: loaded lazily, reloaded when it changes.

The hierarchy lives in the warehouse (``areas`` table); this directory reads it once
and again only when the warehouse file changes, so requests are answered from memory.
"""

from __future__ import annotations

import threading

from placewell.errors import NotFoundError, ValidationError, WorkspaceError
from placewell.geography.hierarchy import LEVELS, Area, AreaHierarchy
from placewell.portal.records import AreaDetail, AreaView
from placewell.workspace import Workspace

__all__ = ["LEVELS", "AreaDirectory"]


def _view(area: Area) -> AreaView:
    return AreaView(area.code, area.name, area.level, area.parent_code)


class AreaDirectory:
    """Areas of one workspace: list by level and parent, one area, search, names."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._lock = threading.Lock()
        self._hierarchy: AreaHierarchy | None = None
        self._stamp: float | None = None
        self._names: dict[str, str] = {}

    def hierarchy(self) -> AreaHierarchy:
        """The hierarchy (WorkspaceError when the warehouse has no areas)."""
        path = self.workspace.warehouse_path
        if not path.is_file():
            raise WorkspaceError(
                f"no warehouse in the workspace {self.workspace.home}; build it with "
                "`placewell demo` or load areas with `placewell load areas FILE`"
            )
        stamp = path.stat().st_mtime
        with self._lock:
            if self._hierarchy is None or stamp != self._stamp:
                self._hierarchy = AreaHierarchy.from_warehouse(self.workspace.warehouse)
                self._names = {a.code: a.name for a in self._hierarchy.areas()}
                self._stamp = stamp
            return self._hierarchy

    def available(self) -> bool:
        """Whether the workspace has an area hierarchy at all."""
        try:
            self.hierarchy()
        except WorkspaceError:
            return False
        return True

    def list_areas(
        self,
        level: str | None = None,
        parent: str | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[AreaView], int]:
        """Areas at ``level`` and/or inside ``parent``, by name; and how many there are."""
        if level is not None and level not in LEVELS:
            raise ValidationError(f"unknown level {level!r}; levels are: {', '.join(LEVELS)}")
        hierarchy = self.hierarchy()
        if parent is not None and parent not in hierarchy:
            raise NotFoundError(f"no area {parent!r}; GET /api/v1/areas lists them")
        found = hierarchy.areas(level, parent)
        return [_view(a) for a in found[offset : offset + limit]], len(found)

    def get(self, code: str) -> AreaDetail:
        """One area with its parents, its children and how many data zones it has."""
        hierarchy = self.hierarchy()
        if code not in hierarchy:
            raise NotFoundError(f"no area {code!r}; search for it by name")
        area = hierarchy.area(code)
        return AreaDetail(
            area=_view(area),
            ancestors=tuple(_view(a) for a in hierarchy.ancestors(code)),
            children=tuple(_view(a) for a in hierarchy.children(code)),
            datazones=len(hierarchy.datazones(code)),
        )

    def search(self, text: str, limit: int = 20) -> list[AreaView]:
        """Areas whose name or code contains ``text`` (none without a hierarchy)."""
        if not self.available():
            return []
        return [_view(a) for a in self.hierarchy().search(text, limit)]

    def names(self) -> dict[str, str]:
        """Area code to name, for every area (empty without a hierarchy)."""
        if not self.available():
            return {}
        return self._names
