"""Places: the index of partnerships and localities, and an area's profile.

A profile shows every computed indicator's latest value in the area against its
partnership and the country, on a Fingertips-style spine (the range of the areas
at the same level, or of the partnerships for a country or health board), with the
area's population by age and sex and its mix of SIMD deprivation quintiles.
Populations are the small-area estimates in the warehouse (open data: not
disclosure-controlled); indicator values come from the stored, disclosure-controlled
results.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from placewell.errors import NotFoundError, PlacewellError, WorkspaceError
from placewell.indicators.evidence import compares_areas, unit_of, warehouse_stamp
from placewell.portal.areas import AreaDirectory
from placewell.portal.indicator_sections import cells_of, significance_against
from placewell.portal.indicator_views import AreaRef, Cell, fmt_value
from placewell.portal.indicators import IndicatorService

__all__ = ["AGE_BANDS", "PlaceGroup", "PlaceProfile", "PlaceService", "SpineRow"]

_PLURALS = {
    "datazone": "data zones",
    "intzone": "intermediate zones",
    "locality": "localities",
    "partnership": "partnerships",
}
AGE_BANDS = [*(f"{a}-{a + 4}" for a in range(0, 85, 5)), "85+"]


@dataclass(frozen=True)
class PlaceGroup:
    area: AreaRef
    children: tuple[AreaRef, ...]


@dataclass(frozen=True)
class SpineRow:
    """One indicator in a profile: the area, its comparators and the range of its peers."""

    indicator: str
    title: str
    period: str
    unit: str | None
    polarity: str
    area: Cell
    partnership: Cell | None
    country: Cell | None
    versus_partnership: str | None
    versus_country: str | None
    low: float | None
    q25: float | None
    q75: float | None
    high: float | None
    peers: str  # "localities", "partnerships" ...
    peer_count: int
    charted: bool  # counts and sums are listed but not charted


@dataclass(frozen=True)
class PlaceProfile:
    area: AreaRef
    ancestors: tuple[AreaRef, ...]
    children: tuple[AreaRef, ...]
    datazones: int
    population_year: int | None
    population: int | None
    pyramid: tuple[tuple[str, int, int], ...]  # age band, males, females
    deprivation: tuple[tuple[str, int, float], ...]  # quintile label, people, share %
    spine: tuple[SpineRow, ...]


class PlaceService:
    """The places of one workspace, with profiles built from the stored results."""

    def __init__(self, areas: AreaDirectory, indicators: IndicatorService) -> None:
        self.areas = areas
        self.indicators = indicators
        self.workspace = indicators.workspace
        self._lock = threading.Lock()
        self._population: tuple[tuple[int, ...], int | None, pd.DataFrame] | None = None

    def _ref(self, code: str) -> AreaRef:
        a = self.areas.hierarchy().area(code)
        return AreaRef(a.code, a.name, a.level)

    def index(self) -> tuple[tuple[AreaRef, ...], tuple[PlaceGroup, ...]]:
        """The country and health boards; each partnership with its localities."""
        h = self.areas.hierarchy()
        top = tuple(
            AreaRef(a.code, a.name, a.level)
            for lv in ("country", "health_board")
            for a in h.areas(lv)
        )
        groups = tuple(
            PlaceGroup(
                AreaRef(p.code, p.name, p.level),
                tuple(AreaRef(a.code, a.name, a.level) for a in h.areas("locality", p.code)),
            )
            for p in h.areas("partnership")
        )
        return top, groups

    def profile(self, code: str) -> PlaceProfile:
        """An area's profile (NotFoundError for an unknown code)."""
        h = self.areas.hierarchy()
        if code not in h:
            raise NotFoundError(f"no area {code!r}; the places page lists them")
        return self.indicators.store.cached(
            None, ("profile", code), lambda: self._profile(code), persist=True
        )

    def _profile(self, code: str) -> PlaceProfile:
        h = self.areas.hierarchy()
        ref = self._ref(code)
        zones = h.datazones(code)
        year, pop = self._population_table()
        mine = pop[pop["datazone"].isin(zones)] if not pop.empty else pop
        pyramid: list[tuple[str, int, int]] = []
        deprivation: list[tuple[str, int, float]] = []
        total = int(mine["population"].sum()) if not mine.empty else None
        if total:
            by = mine.groupby(["band", "sex"], observed=True)["population"].sum()
            for band in reversed(AGE_BANDS):
                pyramid.append((band, int(by.get((band, "M"), 0)), int(by.get((band, "F"), 0))))
            quint = mine.groupby("quintile")["population"].sum()
            for q in range(1, 6):
                people = int(quint.get(q, 0))
                label = f"{q}" + {1: " (most deprived)", 5: " (least deprived)"}.get(q, "")
                deprivation.append((label, people, round(100.0 * people / total, 1)))
        return PlaceProfile(
            area=ref,
            ancestors=tuple(AreaRef(a.code, a.name, a.level) for a in h.ancestors(code)),
            children=tuple(AreaRef(a.code, a.name, a.level) for a in h.children(code)),
            datazones=len(zones),
            population_year=year,
            population=total,
            pyramid=tuple(pyramid),
            deprivation=tuple(deprivation),
            spine=tuple(self._spine(ref)),
        )

    # -- population ----------------------------------------------------------------
    def _population_table(self) -> tuple[int | None, pd.DataFrame]:
        stamp = warehouse_stamp(self.workspace)
        with self._lock:
            if self._population is not None and self._population[0] == stamp:
                return self._population[1], self._population[2]
        try:
            year, frame = self._read_population()
        except (WorkspaceError, PlacewellError):
            year, frame = (
                None,
                pd.DataFrame(columns=["datazone", "sex", "band", "quintile", "population"]),
            )
        with self._lock:
            self._population = (stamp, year, frame)
        return year, frame

    def _read_population(self) -> tuple[int | None, pd.DataFrame]:
        import duckdb

        sql = """
        WITH latest AS (SELECT max(year) AS year FROM population),
        simd AS (SELECT datazone, national_quintile FROM area_deprivation
                 QUALIFY row_number() OVER (PARTITION BY datazone ORDER BY simd_version DESC) = 1)
        SELECT p.datazone, p.sex,
               CASE WHEN p.age >= 85 THEN '85+'
                    ELSE CAST(p.age // 5 * 5 AS VARCHAR) || '-' || CAST(p.age // 5 * 5 + 4 AS VARCHAR)
               END AS band,
               s.national_quintile AS quintile, sum(p.population) AS population,
               any_value(l.year) AS year
        FROM population p JOIN latest l ON p.year = l.year
        LEFT JOIN simd s ON s.datazone = p.datazone
        GROUP BY 1, 2, 3, 4
        """
        with self.workspace.warehouse.connect(read_only=True) as con:
            try:
                frame = con.execute(sql).fetch_df()
            except duckdb.CatalogException:
                return None, pd.DataFrame(
                    columns=["datazone", "sex", "band", "quintile", "population"]
                )
        year = int(frame["year"].iloc[0]) if not frame.empty else None
        frame["band"] = frame["band"].astype("category")
        return year, frame.drop(columns=["year"])

    # -- the spine -------------------------------------------------------------------
    def _spine(self, ref: AreaRef) -> list[SpineRow]:
        h = self.areas.hierarchy()
        chain = [ref.code, *[a.code for a in h.ancestors(ref.code)]]
        partnership = next((c for c in chain if h.area(c).level == "partnership"), None)
        country = next((c for c in chain if h.area(c).level == "country"), None)
        peer_level = "partnership" if ref.level in ("country", "health_board") else ref.level
        out: list[SpineRow] = []
        definitions = self.indicators.definitions()
        runs = self.indicators.store.runs()
        for indicator, (_, d) in definitions.items():  # in the order of the packs
            if indicator not in runs:
                continue
            try:
                data = self.indicators.store.data(indicator)
            except PlacewellError:
                continue
            mine = data.rows(area=ref.code)
            if mine.empty:
                continue
            row = mine.iloc[[-1]]
            period = str(row["period"].iloc[0])
            area_cell = cells_of(row, d)[0]
            part = data.rows(area=partnership, period=period) if partnership else None
            nation = data.rows(area=country, period=period) if country else None
            p_cell = cells_of(part, d)[0] if part is not None and not part.empty else None
            c_cell = cells_of(nation, d)[0] if nation is not None and not nation.empty else None
            vs_p = (
                significance_against(row, part, d)[0]
                if part is not None and not part.empty and partnership != ref.code
                else None
            )
            vs_c = (
                significance_against(row, nation, d)[0]
                if nation is not None and not nation.empty and country != ref.code
                else None
            )
            peers = data.rows(level=peer_level, period=period)
            values = peers.loc[~peers["suppressed"], "value"].to_numpy(dtype=np.float64)
            values = values[np.isfinite(values)]
            has = len(values) > 0
            out.append(
                SpineRow(
                    indicator=indicator,
                    title=d.title,
                    period=period,
                    unit=unit_of(d),
                    polarity=d.polarity,
                    area=area_cell,
                    partnership=p_cell,
                    country=c_cell,
                    versus_partnership=vs_p,
                    versus_country=vs_c,
                    low=float(values.min()) if has else None,
                    q25=float(np.percentile(values, 25)) if has else None,
                    q75=float(np.percentile(values, 75)) if has else None,
                    high=float(values.max()) if has else None,
                    peers=_PLURALS.get(peer_level, peer_level),
                    peer_count=len(values),
                    charted=compares_areas(d) and c_cell is not None and c_cell.value is not None,
                )
            )
        return out


def shown_range(row: SpineRow) -> str:
    """``"10.1 to 15.3"`` for a spine row's range (``""`` without one)."""
    if row.low is None or row.high is None:
        return ""
    return f"{fmt_value(row.low)} to {fmt_value(row.high)}"
