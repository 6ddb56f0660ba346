"""Pieces shared by the reports: indicator rows, comparison cells, trend and quintile charts.

Everything here reads :class:`~placewell.reports.values.Value` records (already
disclosure-controlled) and writes :mod:`~placewell.reports.document` blocks, with
words from :mod:`~placewell.reports.narrative`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from placewell.charts import Point, Series, interval_bar_chart, trend_chart
from placewell.indicators.definition import Definition
from placewell.indicators.periods import PeriodType
from placewell.reports import narrative
from placewell.reports.data import ReportData, ReportYear, Selected, noun
from placewell.reports.document import SUPPRESSED, Cell, Figure, Paragraph, Table, as_tone
from placewell.reports.values import Unit, Value

__all__ = [
    "INEQUALITY_EXPLAINED",
    "Which",
    "compare_cell",
    "indicator_name",
    "inequality_blocks",
    "level_of",
    "sentence",
    "trend_figure",
    "value_cell",
]

Which = Literal["country", "parent"]
QUINTILES = ("1", "2", "3", "4", "5")
INEQUALITY_EXPLAINED = (
    "Data zones are grouped into five equal fifths of Scotland by the Scottish Index of "
    "Multiple Deprivation (SIMD quintile 1 is the most deprived fifth). The slope index "
    "of inequality (SII) is the gap between the most and the least deprived ends of "
    "that scale, estimated from every quintile, not just the two at the ends. The "
    "relative index of inequality (RII) is that gap as a share of the overall average. "
    "The population attributable risk (PAR) is how much lower the overall value would "
    "be if every area had the value of the least deprived fifth. A gap is described "
    "only when the SII's 95% confidence interval excludes zero."
)
_PERIOD_WORDS = {
    PeriodType.FINANCIAL_YEAR: "financial year",
    PeriodType.CALENDAR_YEAR: "calendar year",
    PeriodType.SOCIAL_WORK_YEAR: "social work year",
    PeriodType.QUARTER: "quarter",
    PeriodType.MONTH: "month",
    PeriodType.ROLLING_3_YEAR: "3 financial years",
}


def indicator_name(definition: Definition, *, unit: bool = True) -> str:
    """``NI-12 Emergency admission rate for adults (per 100,000)``."""
    heading = Unit.of(definition).heading
    tail = f" ({heading})" if unit and heading != "number" else ""
    return f"{definition.id} {definition.title}{tail}"


def period_text(definition: Definition, selected: Selected) -> str:
    """``2023 (calendar year)``; ``2021/22 (financial year; latest available)``."""
    words = _PERIOD_WORDS.get(definition.period, definition.period.value)
    if selected.latest_available:
        words += "; latest available"
    if selected.value is None:
        return f"{selected.wanted} ({words}; no value)"
    return f"{selected.period} ({words})"


def value_cell(definition: Definition, value: Value | None) -> Cell:
    """The value, ``*`` when suppressed, a dash when there is none."""
    if value is None:
        return Cell("–", numeric=True)
    if value.suppressed:
        return Cell(SUPPRESSED, numeric=True)
    if value.value is None:
        return Cell("–", numeric=True)
    return Cell(Unit.of(definition).short(value.value), numeric=True)


def level_of(definition: Definition, value: Value, which: Which) -> float:
    """95 or 99.8: the level a significant comparison holds at (see :mod:`.narrative`)."""
    label = value.country_significance if which == "country" else value.parent_significance
    other = value.country_value if which == "country" else value.parent_value
    return narrative.significance_level(
        label,
        other,
        value.lower_99_8,
        value.upper_99_8,
        interval_method=definition.comparison.method in (1, 17),
    )


def compare_cell(definition: Definition, value: Value | None, which: Which) -> Cell:
    """How the value compares with Scotland (``country``) or the partnership (``parent``)."""
    if value is None or value.suppressed or value.value is None:
        return Cell("Not compared")
    label = value.country_significance if which == "country" else value.parent_significance
    other = value.country_value if which == "country" else value.parent_value
    text, tone = narrative.comparison_cell(
        label,
        polarity=definition.polarity,
        level=level_of(definition, value, which),
        value=value.value,
        comparator_value=other,
    )
    return Cell(text, tone=as_tone(tone))


def trend_cell(value: Value | None) -> Cell:
    if value is None or value.suppressed or value.value is None:
        return Cell("Could not be calculated")
    label = value.trend or "Could not be calculated"
    low = label.lower()
    tone = "better" if "better" in low else "worse" if "worse" in low else "none"
    return Cell(label, tone=as_tone(tone))


def target_cell(definition: Definition, value: Value | None) -> Cell:
    if value is None or value.target_value is None:
        return Cell("No target")
    goal = Unit.of(definition).short(value.target_value)
    if value.suppressed or value.target_met is None:
        return Cell(f"Not judged (target {goal})")
    met = "Met" if value.target_met else "Not met"
    return Cell(f"{met} (target {goal})", tone="better" if value.target_met else "worse")


def sentence(
    definition: Definition, selected: Selected, comparator: str, which: Which = "country"
) -> str:
    """The indicator's sentence: value, comparison with ``comparator``, recent trend."""
    value = selected.value
    name = f"{definition.id} ({definition.title})"
    if value is None:
        return f"{name} has no value for {selected.wanted}."
    label = value.country_significance if which == "country" else value.parent_significance
    other = value.country_value if which == "country" else value.parent_value
    return narrative.indicator_sentence(
        name,
        value=value.value,
        period=value.period,
        unit=Unit.of(definition),
        polarity=definition.polarity,
        comparator=comparator,
        label=label,
        level=level_of(definition, value, which),
        comparator_value=other,
        trend_label=value.trend,
        hidden=value.suppressed,
        noun=noun(definition.period),
    )


def _points(values: Sequence[Value], pick: Literal["self", "parent", "country"]) -> list[Point]:
    out = []
    for v in values:
        if pick == "self":
            out.append(Point(v.period, v.value, v.lower, v.upper))
        else:
            out.append(Point(v.period, v.parent_value if pick == "parent" else v.country_value))
    return out


def trend_figure(
    data: ReportData,
    definition: Definition,
    area: str,
    year: ReportYear,
    *,
    parent: str | None = None,
) -> Figure | None:
    """The indicator over time in ``area`` with Scotland (and the parent area)."""
    values = data.history(definition.id, area, year)
    if len(values) < 2:
        return None
    unit = Unit.of(definition)
    area_name = values[-1].area_name
    country = data.hierarchy.areas("country")
    country_name = country[0].name if country else "Scotland"
    series = [Series(area_name, tuple(_points(values, "self")))]
    if parent is not None:
        series.append(Series(parent, tuple(_points(values, "parent"))))
    series.append(Series(country_name, tuple(_points(values, "country"))))
    last = values[-1]
    shown = [s.name for s in series[1:]]
    said = f"{area_name}: " + ("not shown (*)" if last.value is None else unit.long(last.value))
    if last.country_value is not None:
        said += f"; {country_name}: {unit.long(last.country_value)}"
    description = (
        f"Line chart of {definition.id} {definition.title} in {area_name} from "
        f"{values[0].period} to {last.period}, with {' and '.join(shown)} for comparison "
        f"and the 95% confidence interval shaded. In {last.period}, {said}."
    )
    chart = trend_chart(
        series,
        title=f"{definition.id} {definition.title}: {area_name}, {values[0].period} to "
        f"{last.period}",
        description=description,
        value_title=unit.heading if unit.heading != "number" else definition.title[:40],
        fmt=unit.short,
        temporal=definition.period is PeriodType.MONTH,
    )
    return Figure(chart)


def quintile_figure(
    data: ReportData, definition: Definition, area: str, period: str, overall: Value
) -> Figure | None:
    """The indicator in each national SIMD quintile, with the area's overall value."""
    rows = {
        v.breakdown_value: v
        for v in data.series(definition.id, area, "simd_national_quintile")
        if v.period == period
    }
    if not rows or overall.value is None:
        return None
    unit = Unit.of(definition)
    names = {"1": "1 (most deprived)", "5": "5 (least deprived)"}
    bars = [
        (
            names.get(q, q),
            rows[q].value if q in rows else None,
            rows[q].lower if q in rows else None,
            rows[q].upper if q in rows else None,
        )
        for q in QUINTILES
    ]
    said = "; ".join(
        f"quintile {q}: {unit.short(b[1])}" for q, b in zip(QUINTILES, bars, strict=True)
    )
    description = (
        f"Bar chart of {definition.id} {definition.title} in {overall.area_name} in {period} "
        f"by national SIMD quintile, with 95% confidence intervals and the overall value "
        f"({unit.short(overall.value)}) as a dashed line. {said}."
    )
    chart = interval_bar_chart(
        bars,
        title=f"{definition.id} by deprivation: {overall.area_name}, {period}",
        description=description,
        value_title=unit.heading if unit.heading != "number" else "Value",
        label_title="SIMD quintile",
        fmt=unit.short,
        reference=(f"{overall.area_name} overall", overall.value),
    )
    return Figure(chart)


def inequality_blocks(
    data: ReportData, indicators: Sequence[str], area: str, year: ReportYear, *, charts: int = 4
) -> list[Paragraph | Table | Figure]:
    """The inequality table (SII, RII, PAR), its sentences and quintile charts."""
    rows: list[tuple[Cell, ...]] = []
    sentences: list[Paragraph] = []
    no_gap: list[str] = []
    figures: list[Figure] = []
    for ind in indicators:
        definition = data.definitions[ind]
        selected = data.select(ind, area, year)
        if selected.value is None:
            continue
        measures = data.inequality(ind, area, selected.period)
        if not measures:
            continue
        unit = Unit.of(definition)
        sii, lo, hi = measures["sii"], measures["sii_lower_95"], measures["sii_upper_95"]
        significant = sii is not None and lo is not None and hi is not None and not lo <= 0 <= hi
        rows.append(
            (
                Cell(indicator_name(definition)),
                Cell(selected.period),
                Cell(unit.number(sii) if sii is not None else "–", numeric=True),
                Cell(
                    f"{unit.number(lo)} to {unit.number(hi)}"
                    if lo is not None and hi is not None
                    else "–",
                    numeric=True,
                ),
                Cell("Yes" if significant else "No"),
                Cell(
                    f"{measures['rii']:.2f}" if measures["rii"] is not None else "–", numeric=True
                ),
                Cell(
                    f"{measures['par']:.1f}%" if measures["par"] is not None else "–", numeric=True
                ),
            )
        )
        if not significant:
            no_gap.append(definition.id)
            continue
        sentences.append(
            Paragraph(
                narrative.inequality_sentence(
                    f"{definition.id} ({definition.title})",
                    period=selected.period,
                    unit=unit,
                    sii_value=sii,
                    sii_lower=lo,
                    sii_upper=hi,
                    rii_value=measures["rii"],
                    par_value=measures["par"],
                )
            )
        )
        if significant and len(figures) < charts and selected.value.value is not None:
            figure = quintile_figure(data, definition, area, selected.period, selected.value)
            if figure is not None:
                figures.append(figure)
    if not rows:
        return [Paragraph("No inequality measures are available for this area and year.")]
    table = Table(
        caption="Inequality across national SIMD quintiles",
        columns=(
            "Indicator",
            "Period",
            "SII",
            "SII 95% interval",
            "Significant gap",
            "RII",
            "PAR",
        ),
        rows=tuple(rows),
        notes=(
            "SII in the indicator's own unit (percentage points for percentages); a "
            "positive SII means higher values in the more deprived areas.",
        ),
    )
    if no_gap:
        sentences.append(
            Paragraph(
                "There is no significant gap between the most and least deprived areas "
                f"(the 95% interval of the SII includes zero, or it could not be measured) "
                f"for {', '.join(no_gap)}."
            )
        )
    return [Paragraph(INEQUALITY_EXPLAINED), table, *sentences, *figures]
