"""The area hierarchy as a service: parents, children, data zones of any area, names.

The hierarchy is read once from the warehouse's ``areas`` table (small: one row per
area) and answered from memory. Levels, from the smallest:
datazone -> intzone -> locality -> partnership -> health_board -> country. A level
may be skipped (a data zone may sit directly under a locality); every area has one
parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from placewell.data.codes import AREA_LEVELS
from placewell.data.warehouse import Warehouse
from placewell.errors import NotFoundError, WorkspaceError

__all__ = ["LEVELS", "Area", "AreaHierarchy"]

LEVELS: tuple[str, ...] = tuple(AREA_LEVELS)  # smallest first


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    parent_code: str | None


class AreaHierarchy:
    """Answers questions about areas; build with :meth:`from_frame` or :meth:`from_warehouse`."""

    def __init__(self, areas: pd.DataFrame) -> None:
        frame = areas[["area_code", "area_name", "level", "parent_code"]].copy()
        frame["parent_code"] = (
            frame["parent_code"].astype(object).where(frame["parent_code"].notna(), None)
        )
        frame.index = pd.Index(frame["area_code"].to_numpy(dtype=object))
        self._frame = frame
        self._children: dict[str, list[str]] = {}
        for code, parent in zip(frame["area_code"], frame["parent_code"], strict=True):
            if parent is not None:
                self._children.setdefault(parent, []).append(code)
        self._lookup = self._build_lookup()

    @classmethod
    def from_frame(cls, areas: pd.DataFrame) -> AreaHierarchy:
        return cls(areas)

    @classmethod
    def from_warehouse(cls, warehouse: Warehouse) -> AreaHierarchy:
        with warehouse.connect(read_only=True) as con:
            try:
                frame = con.execute(
                    "SELECT area_code, area_name, level, parent_code FROM areas"
                ).fetch_df()
            except Exception as exc:  # duckdb.CatalogException
                raise WorkspaceError(
                    "the warehouse has no areas table; load it with `placewell load areas FILE`, "
                    "`placewell import simd FILE` or build the demo with `placewell demo-data`"
                ) from exc
        return cls(frame)

    # --- single areas -------------------------------------------------------------
    def __contains__(self, code: object) -> bool:
        return code in self._frame.index

    def __len__(self) -> int:
        return len(self._frame)

    def area(self, code: str) -> Area:
        """The area with this code (exact), or a NotFoundError suggesting close matches."""
        try:
            row = self._frame.loc[code]
        except KeyError:
            hint = self.search(code, limit=3)
            extra = f"; did you mean {', '.join(a.code for a in hint)}?" if hint else ""
            raise NotFoundError(f"no area with code {code!r}{extra}") from None
        return _area(row.area_code, row.area_name, row.level, row.parent_code)

    def name(self, code: str) -> str:
        return self.area(code).name

    def parent(self, code: str) -> Area | None:
        parent = self.area(code).parent_code
        return self.area(parent) if parent is not None else None

    def ancestors(self, code: str) -> list[Area]:
        """Parents from the nearest up to the country."""
        chain: list[Area] = []
        current = self.parent(code)
        seen = {code}
        while current is not None and current.code not in seen:
            chain.append(current)
            seen.add(current.code)
            current = self.parent(current.code)
        return chain

    def ancestor_at(self, code: str, level: str) -> Area | None:
        """The ancestor (or the area itself) at ``level``, if any."""
        area = self.area(code)
        if area.level == level:
            return area
        return next((a for a in self.ancestors(code) if a.level == level), None)

    def children(self, code: str) -> list[Area]:
        self.area(code)
        return [self.area(c) for c in sorted(self._children.get(code, []))]

    def descendants(self, code: str, level: str | None = None) -> list[Area]:
        """All areas below ``code`` (optionally only those at ``level``)."""
        self.area(code)
        found: list[str] = []
        stack = list(self._children.get(code, []))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._children.get(current, []))
        areas = [self.area(c) for c in sorted(found)]
        return [a for a in areas if level is None or a.level == level]

    def datazones(self, code: str) -> list[str]:
        """Codes of every data zone in the area (the area itself if it is one)."""
        area = self.area(code)
        if area.level == "datazone":
            return [code]
        col = area.level
        if col in self._lookup.columns:
            return sorted(self._lookup.index[self._lookup[col] == code].tolist())
        return [a.code for a in self.descendants(code, "datazone")]

    # --- many areas ---------------------------------------------------------------
    def areas(self, level: str | None = None, parent: str | None = None) -> list[Area]:
        """Areas at a level and/or below a parent, ordered by name."""
        if level is not None and level not in LEVELS:
            raise NotFoundError(f"unknown level {level!r}; levels are: {', '.join(LEVELS)}")
        frame = self._frame
        if level is not None:
            frame = frame[frame["level"] == level]
        if parent is not None:
            inside = {a.code for a in self.descendants(parent)}
            frame = frame[frame["area_code"].isin(inside)]
        frame = frame.sort_values(["area_name", "area_code"])
        return [
            _area(r.area_code, r.area_name, r.level, r.parent_code)
            for r in frame.itertuples(index=False)
        ]

    def counts_by_level(self) -> dict[str, int]:
        counts = self._frame["level"].value_counts()
        return {lvl: int(counts.get(lvl, 0)) for lvl in LEVELS if counts.get(lvl, 0)}

    def search(self, text: str, limit: int = 20) -> list[Area]:
        """Areas whose code or name contains ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        if not needle:
            return []
        frame = self._frame
        hit = frame["area_code"].str.lower().str.contains(needle, regex=False) | frame[
            "area_name"
        ].str.lower().str.contains(needle, regex=False)
        rows = frame[hit].sort_values(["level", "area_name"]).head(limit)
        return [
            _area(r.area_code, r.area_name, r.level, r.parent_code)
            for r in rows.itertuples(index=False)
        ]

    def resolve(self, code_or_name: str) -> Area:
        """An area by exact code, else by exact (case-insensitive) name."""
        if code_or_name in self:
            return self.area(code_or_name)
        named = self._frame[self._frame["area_name"].str.lower() == code_or_name.strip().lower()]
        if len(named) == 1:
            return self.area(str(named.index[0]))
        if len(named) > 1:
            codes = ", ".join(named.index.astype(str))
            raise NotFoundError(f"{code_or_name!r} names several areas ({codes}); use a code")
        return self.area(code_or_name)

    def lookup(self) -> pd.DataFrame:
        """One row per data zone with its ancestor's code at every level (for joins)."""
        return self._lookup.copy()

    def _build_lookup(self) -> pd.DataFrame:
        frame = self._frame
        dz = frame.index[frame["level"] == "datazone"]
        parent = frame["parent_code"]
        level = frame["level"]
        out = pd.DataFrame(index=pd.Index(dz, name="datazone"))
        current = pd.Series(np.asarray(dz, dtype=object), index=dz)
        for _ in range(len(LEVELS) + 2):  # walk up one generation per pass, all zones at once
            current = current.map(parent)
            current = current.where(current.notna(), None)
            if current.isna().all():
                break
            lv = current.map(level)
            for name in set(lv.dropna()):
                mask = lv == name
                if name not in out.columns:
                    out[name] = None
                out.loc[mask[mask].index, name] = current[mask]
        return out

    def check(self) -> list[str]:
        """Structural problems: unknown parents, cycles, data zones not under a partnership."""
        problems: list[str] = []
        known = set(self._frame.index)
        orphans = [
            c
            for c, p in zip(self._frame.index, self._frame["parent_code"], strict=True)
            if p is not None and p not in known
        ]
        if orphans:
            problems.append(f"{len(orphans)} areas have an unknown parent (e.g. {orphans[0]})")
        if "partnership" in LEVELS and len(self._lookup):
            if "partnership" not in self._lookup.columns:
                problems.append("no data zone belongs to a partnership")
            else:
                loose = int(self._lookup["partnership"].isna().sum())
                if loose:
                    problems.append(f"{loose} data zones are not inside a partnership")
        return problems


def _area(code: object, name: object, level: object, parent: object) -> Area:
    return Area(str(code), str(name), str(level), None if parent is None else str(parent))


def level_order(levels: Iterable[str]) -> list[str]:
    """Sort level names from the smallest area to the largest."""
    rank = {name: i for i, name in enumerate(LEVELS)}
    return sorted(levels, key=lambda lv: rank.get(lv, len(rank)))
