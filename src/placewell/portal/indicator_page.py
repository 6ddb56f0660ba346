"""Build an indicator's page for one area from its indexed results.

Sections: the headline in words, the comparison with the partnership and the country,
the trend (with SPC), rankings of partnerships, localities and data zones with funnel
plots, the breakdown by sex or age, and inequality by SIMD quintile.
"""

from __future__ import annotations

import pandas as pd

from placewell.errors import NotFoundError, PlacewellError
from placewell.indicators.definition import Definition
from placewell.indicators.evidence import compares_areas, unit_of
from placewell.portal.areas import AreaDirectory
from placewell.portal.distribution import deprivation_view, ranking_view
from placewell.portal.indicator_sections import cells_of, significance_against, trend_view
from placewell.portal.indicator_views import (
    AreaRef,
    Cell,
    IndicatorPage,
    IndicatorSummary,
    RankingView,
    TrendView,
)
from placewell.portal.results import IndicatorData

__all__ = ["PageBuilder"]

LEVEL_GROUPS = (
    ("country", "Country"),
    ("health_board", "Health boards"),
    ("partnership", "Partnerships"),
    ("locality", "Localities"),
)


class PageBuilder:
    """One indicator's page, for any area and breakdown."""

    def __init__(
        self,
        data: IndicatorData,
        definition: Definition,
        summary: IndicatorSummary,
        areas: AreaDirectory,
    ) -> None:
        self.data = data
        self.definition = definition
        self.summary = summary
        self.areas = areas

    def page(self, area: str | None, breakdown: str) -> IndicatorPage:
        d, data = self.definition, self.data
        top = data.rows(level="country")
        if area is None:
            everyone = data.rows() if top.empty else top
            area = str(everyone["area_code"].iloc[0])
        mine = data.rows(area=area)
        if mine.empty:
            raise NotFoundError(
                f"{d.id} has no results for area {area!r}; choose an area from the list"
            )
        ref = AreaRef(area, str(mine["area_name"].iloc[0]), str(mine["area_level"].iloc[0]))
        latest_row = mine.iloc[[-1]]  # the area's latest period, even when suppressed
        period = str(latest_row["period"].iloc[0])
        comparators = self._comparators(ref)
        latest = cells_of(latest_row, d)[0]
        comparison = self._comparison(latest_row, comparators, period)
        trend = trend_view(data, d, area, "all", "all", [(r.name, r.code) for r in comparators])
        quintiles = self._quintile_type(area, breakdown)
        deprivation = None
        if quintiles in d.breakdowns.by:
            deprivation = deprivation_view(data, d, ref, quintiles)
        by_breakdown: tuple[Cell, ...] = ()
        if breakdown in ("sex", "age_band"):
            rows = data.rows(area=area, breakdown=breakdown, period=period)
            rows = rows[rows["breakdown_value"] != "unknown"]
            by_breakdown = tuple(cells_of(rows, d, label_by="breakdown"))
        return IndicatorPage(
            summary=self.summary,
            definition=d,
            area=ref,
            breakdown=breakdown,
            latest=latest,
            headline=tuple(self._headline(ref, latest, comparison, trend)),
            comparison=tuple(comparison),
            trend=trend,
            rankings=tuple(self._rankings(ref, comparators, period)),
            deprivation=deprivation,
            by_breakdown=by_breakdown,
            areas=self._area_options(),
            breakdowns=("all", *d.breakdowns.by),
        )

    def _quintile_type(self, area: str, breakdown: str) -> str:
        """National quintiles, unless asked for local ones or only they give measures here."""
        if breakdown == "simd_local_quintile":
            return breakdown
        q = self.data.inequality
        measured = set(q.loc[(q["area_code"] == area) & q["sii"].notna(), "quintile_type"])
        if "simd_national_quintile" not in measured and "simd_local_quintile" in measured:
            return "simd_local_quintile"
        return "simd_national_quintile"

    def _comparators(self, ref: AreaRef) -> list[AreaRef]:
        """The partnership (for areas inside one) and the country, as areas with results."""
        out: list[AreaRef] = []
        try:
            hierarchy = self.areas.hierarchy()
            chain = [a for a in hierarchy.ancestors(ref.code)]
        except PlacewellError:
            return out
        for level in ("partnership", "country"):
            for a in chain:
                if a.level == level and ("all", a.code) in self.data.by_area:
                    out.append(AreaRef(a.code, a.name, a.level))
        return out

    def _comparison(
        self, latest_row: pd.DataFrame, comparators: list[AreaRef], period: str
    ) -> list[Cell]:
        out = cells_of(latest_row, self.definition)
        for comp in comparators:
            rows = self.data.rows(area=comp.code, period=period)
            if rows.empty:
                continue
            sig = significance_against(latest_row, rows, self.definition)[0]
            out.extend(
                Cell(**{**c.__dict__, "significance": sig}) for c in cells_of(rows, self.definition)
            )
        return out

    def _headline(
        self, ref: AreaRef, latest: Cell, comparison: list[Cell], trend: TrendView | None
    ) -> list[str]:
        d = self.definition
        unit = unit_of(d) or ""
        unit_text = "%" if unit == "%" else (f" {unit}" if unit else "")
        if latest.suppressed and latest.protects:
            return [
                f"The value for {ref.name} in {latest.period} is suppressed: together with the "
                "figures published beside it, it would let a number resting on fewer than "
                f"{d.disclosure.threshold} records be worked out, so it is not published."
            ]
        if latest.suppressed or latest.value is None:
            return [
                f"The value for {ref.name} in {latest.period} is suppressed: it rests on too "
                f"few records (fewer than {d.disclosure.threshold}), so it is not published."
            ]
        title = d.title[0].lower() + d.title[1:]
        text = f"In {latest.period}, {title} in {ref.name} was {latest.shown}{unit_text}"
        text += f" (95% confidence interval {latest.interval})." if latest.interval else "."
        out = [text]
        for comp in comparison[1:]:
            if comp.significance and compares_areas(d):
                word = comp.significance.lower()
                value = f"{comp.shown}{unit_text}"
                out.append(
                    f"Compared with {comp.area.name} ({value}): {word}."
                    if word != "similar"
                    else f"Statistically similar to {comp.area.name} ({value})."
                )
        if trend is not None and trend.trend:
            out.append(f"Recent trend: {trend.trend.lower()}.")
        if d.targets:
            t = d.targets[0]
            at_least = t.direction == "at_least"
            met = latest.value >= t.value if at_least else latest.value <= t.value
            out.append(
                f"Target{f' ({t.label})' if t.label else ''}: "
                f"{'at least' if at_least else 'at most'} {t.value:g}{unit_text}; "
                + ("met." if met else "not met.")
            )
        return out

    def _rankings(self, ref: AreaRef, comparators: list[AreaRef], period: str) -> list[RankingView]:
        try:
            hierarchy = self.areas.hierarchy()
        except PlacewellError:
            return []
        d, data = self.definition, self.data
        country = ref if ref.level == "country" else None
        country = country or next((c for c in comparators if c.level == "country"), None)
        comparator = None
        if country is not None:
            comparator = (country.name, data.rows(area=country.code, period=period))
        partnership = hierarchy.ancestor_at(ref.code, "partnership")
        groups: list[tuple[str, str, list[str]]] = []
        if partnership is None:  # the country or a health board: every partnership
            codes = [a.code for a in hierarchy.areas("partnership", ref.code)]
            groups.append(("Partnerships", "partnership", codes))
        scope = partnership.code if partnership is not None else ref.code
        title = f"Localities of {partnership.name}" if partnership else "Localities"
        groups.append((title, "locality", [a.code for a in hierarchy.areas("locality", scope)]))
        locality = hierarchy.ancestor_at(ref.code, "locality")
        if locality is not None:
            zones = hierarchy.datazones(locality.code)
            groups.append((f"Data zones of {locality.name}", "datazone", zones))
        out = []
        for title, level, codes in groups:
            view = ranking_view(
                data, d, codes, title=title, level=level, period=period, comparator=comparator
            )
            if view is not None:
                out.append(view)
        return out

    def _area_options(self) -> tuple[tuple[str, tuple[AreaRef, ...]], ...]:
        groups = []
        for level, label in LEVEL_GROUPS:
            rows = self.data.rows(level=level).drop_duplicates("area_code")
            refs = sorted(
                (
                    AreaRef(c, n, level)
                    for c, n in zip(
                        rows["area_code"].astype(str), rows["area_name"].astype(str), strict=True
                    )
                ),
                key=lambda a: a.name,
            )
            if refs:
                groups.append((label, tuple(refs)))
        return tuple(groups)
