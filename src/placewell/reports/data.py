"""What the reports read: areas, definitions, stored results, inequality and population.

:class:`ReportData` reads the workspace once per report (only the areas it needs) and
answers from memory. Result rows leave it through :func:`~placewell.reports.values.
to_values` only, so disclosure control is applied to anything a report can show, even
when a frame is handed in directly (tests do that).

:class:`ReportYear` picks each indicator's period for a financial year's report: the
latest period that ends by the end of that financial year. For calendar-year
indicators that is calendar year *Y* in the *Y/Y+1* report, as Public Health Scotland's
guidance asks for NI-12 to NI-16; for a survey run every other year it is the latest
survey, and the table says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from placewell.errors import NotFoundError, ValidationError, WorkspaceError
from placewell.geography.hierarchy import Area, AreaHierarchy
from placewell.indicators.definition import Definition
from placewell.indicators.packs import all_definitions, load_pack
from placewell.indicators.periods import PeriodType, bounds, key_of, label, parse_label
from placewell.reports.values import Value, to_values
from placewell.workspace import Workspace

__all__ = [
    "AGE_BANDS",
    "ReportData",
    "ReportYear",
    "Selected",
    "band_label",
    "noun",
    "require_area",
]

BREAKDOWNS = ("all", "simd_national_quintile")
AGE_BANDS = ((0, 15), (16, 29), (30, 44), (45, 64), (65, 74), (75, 84), (85, 200))
_NOUNS = {PeriodType.QUARTER: "quarters", PeriodType.MONTH: "months"}


def band_label(low: int, high: int) -> str:
    return f"{low}+" if high >= 200 else f"{low} to {high}"


@dataclass(frozen=True)
class ReportYear:
    """A financial year report: ``2023/24`` runs from 1 April 2023 to 31 March 2024."""

    key: int

    @classmethod
    def parse(cls, text: str) -> ReportYear:
        try:
            return cls(parse_label(PeriodType.FINANCIAL_YEAR, text))
        except ValueError:
            raise ValidationError(
                f"{text!r} is not a financial year; write it like 2023/24"
            ) from None

    @property
    def label(self) -> str:
        return label(PeriodType.FINANCIAL_YEAR, self.key)

    @property
    def end(self) -> dt.date:
        return dt.date(self.key + 1, 3, 31)

    def period_for(self, kind: PeriodType) -> str:
        """The period of type ``kind`` this year's report uses: the latest ending by 31 March."""
        key = key_of(kind, self.end)
        if bounds(kind, key)[1] > self.end:
            key -= 1
        return label(kind, key)

    def previous(self) -> ReportYear:
        return ReportYear(self.key - 1)


@dataclass(frozen=True)
class Selected:
    """The value a report shows for one indicator and area: this period's, or the latest."""

    value: Value | None
    wanted: str
    latest_available: bool = False

    @property
    def period(self) -> str:
        return self.value.period if self.value is not None else self.wanted


def noun(kind: PeriodType) -> str:
    """What the periods of the recent trend are called: years, quarters or months."""
    return _NOUNS.get(kind, "years")


class ReportData:
    """Stored results (disclosure-controlled on the way out), areas and definitions."""

    def __init__(
        self,
        hierarchy: AreaHierarchy,
        results: pd.DataFrame,
        inequality: pd.DataFrame,
        definitions: Sequence[Definition],
        *,
        workspace: Workspace | None = None,
        core: Iterable[str] = (),
        msg: Iterable[str] = (),
    ) -> None:
        self.hierarchy = hierarchy
        self.workspace = workspace
        self.definitions = {d.id: d for d in definitions}
        self.core = [i for i in core if i in self.definitions]
        self.msg = [i for i in msg if i in self.definitions]
        self._inequality = inequality
        self._population: dict[tuple[str, int], tuple[int, pd.DataFrame]] = {}
        self._series: dict[tuple[str, str, str], list[Value]] = {}
        if not results.empty:
            order = "period_end" if "period_end" in results.columns else "period"
            frame = results.sort_values(["indicator", "area_code", "breakdown", order])
            keys = zip(
                frame["indicator"].tolist(),
                frame["area_code"].tolist(),
                frame["breakdown"].tolist(),
                strict=True,
            )
            for key, value in zip(keys, to_values(frame), strict=True):
                self._series.setdefault((str(key[0]), str(key[1]), str(key[2])), []).append(value)

    # -- building -----------------------------------------------------------------------
    @classmethod
    def from_workspace(cls, workspace: Workspace, areas: Iterable[str]) -> ReportData:
        """Read the results and inequality measures of ``areas`` from the warehouse."""
        workspace.require()
        hierarchy = AreaHierarchy.from_warehouse(workspace.warehouse)
        codes = sorted(set(areas))
        with workspace.warehouse.connect(read_only=True) as con:
            try:
                results = con.execute(
                    "SELECT * FROM indicator_results WHERE area_code IN "
                    "(SELECT unnest(?)) AND breakdown IN (SELECT unnest(?))",
                    [codes, list(BREAKDOWNS)],
                ).fetch_df()
                inequality = con.execute(
                    "SELECT * FROM indicator_inequality WHERE area_code IN (SELECT unnest(?)) "
                    "AND quintile_type = 'simd_national_quintile'",
                    [codes],
                ).fetch_df()
            except duckdb.CatalogException:
                raise WorkspaceError(
                    "no indicator results yet; run `placewell compute` first"
                ) from None
        if results.empty:
            raise WorkspaceError(
                "no indicator results for these areas; run `placewell compute` first"
            )
        return cls(
            hierarchy,
            results,
            inequality,
            all_definitions(workspace),
            workspace=workspace,
            core=[d.id for d in load_pack("core-suite").definitions],
            msg=[d.id for d in load_pack("msg").definitions],
        )

    # -- reading ------------------------------------------------------------------------
    def area(self, code: str) -> Area:
        return self.hierarchy.area(code)

    def series(self, indicator: str, area: str, breakdown: str = "all") -> list[Value]:
        """The indicator's values in ``area`` by period (oldest first), disclosure-controlled."""
        return self._series.get((indicator, area, breakdown), [])

    def outcome_indicators(self, outcome: str) -> list[str]:
        """Indicators (not MSG) whose definitions serve a national outcome, in pack order."""
        return [
            d.id
            for d in self.definitions.values()
            if outcome in d.outcomes and d.id not in self.msg
        ]

    def select(self, indicator: str, area: str, year: ReportYear) -> Selected:
        """This year's value for the indicator, else the latest before it (say which)."""
        kind = self.definitions[indicator].period
        wanted = year.period_for(kind)
        rows = self.series(indicator, area)
        for row in rows:
            if row.period == wanted:
                return Selected(row, wanted)
        end = _period_end(kind, wanted)
        earlier = [r for r in rows if _period_end(kind, r.period) <= end]
        if earlier:
            return Selected(earlier[-1], wanted, latest_available=True)
        return Selected(None, wanted)

    def history(self, indicator: str, area: str, year: ReportYear) -> list[Value]:
        """Values up to this year's period (for trend charts)."""
        kind = self.definitions[indicator].period
        end = _period_end(kind, year.period_for(kind))
        return [r for r in self.series(indicator, area) if _period_end(kind, r.period) <= end]

    def inequality(self, indicator: str, area: str, period: str) -> dict[str, float | None]:
        """SII, RII and PAR (national SIMD quintiles) of one indicator, area and period."""
        frame = self._inequality
        if frame.empty:
            return {}
        hit = frame[
            (frame["indicator"] == indicator)
            & (frame["area_code"] == area)
            & (frame["period"] == period)
            & (frame["quintile_type"] == "simd_national_quintile")
        ]
        if hit.empty:
            return {}
        row = hit.iloc[0]
        names = ("sii", "sii_lower_95", "sii_upper_95", "rii", "par")
        return {n: (None if pd.isna(row[n]) else float(row[n])) for n in names}

    def financial_years(self, area: str) -> list[str]:
        """Financial years with a value of a financial-year indicator in ``area``."""
        years: set[int] = set()
        for (ind, code, breakdown), rows in self._series.items():
            definition = self.definitions.get(ind)
            if code != area or breakdown != "all" or definition is None:
                continue
            if definition.period is PeriodType.FINANCIAL_YEAR:
                years.update(parse_label(definition.period, r.period) for r in rows)
        return [label(PeriodType.FINANCIAL_YEAR, y) for y in sorted(years)]

    def population(self, area: str, year: int) -> tuple[int, pd.DataFrame]:
        """Mid-year population of ``area`` by sex, age band and national SIMD quintile.

        The year used (``year``, or the latest estimate before it) comes first.
        """
        if (area, year) in self._population:
            return self._population[(area, year)]
        if self.workspace is None:
            raise WorkspaceError("population estimates need a workspace")
        zones = self.hierarchy.datazones(area)
        with self.workspace.warehouse.connect(read_only=True) as con:
            try:
                found = con.execute(
                    "SELECT max(year) FROM population WHERE year <= ?", [year]
                ).fetchone()
                used = int(found[0]) if found and found[0] is not None else year
                frame = con.execute(
                    "SELECT p.sex, p.age, d.national_quintile AS quintile, "
                    "sum(p.population) AS population FROM population p "
                    "LEFT JOIN area_deprivation d ON d.datazone = p.datazone "
                    "WHERE p.year = ? AND p.datazone IN (SELECT unnest(?)) GROUP BY ALL",
                    [used, zones],
                ).fetch_df()
            except duckdb.CatalogException:
                raise WorkspaceError(
                    "the warehouse has no population or deprivation table; load them "
                    "(`placewell import population`, `placewell import simd`)"
                ) from None
        self._population[(area, year)] = (used, frame)
        return used, frame


def _period_end(kind: PeriodType, period: str) -> dt.date:
    return bounds(kind, parse_label(kind, period))[1]


def require_area(hierarchy: AreaHierarchy, code_or_name: str, level: str) -> Area:
    """The area at ``level`` with this code or name; NotFoundError listing the choices."""
    try:
        area = hierarchy.resolve(code_or_name)
    except NotFoundError:
        area = None
    if area is None or area.level != level:
        choices = ", ".join(f"{a.code} ({a.name})" for a in hierarchy.areas(level)[:12])
        raise NotFoundError(f"no {level} {code_or_name!r}; {level} areas are: {choices}")
    return area
