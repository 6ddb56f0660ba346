"""The Ministerial Strategic Group indicators against their baseline year.

Monthly MSG counts are added up over the report's financial year and over the baseline
year; a year with a suppressed or missing month has no total (``*`` or a dash), so a
hidden month can never be worked out from a total. Financial-year indicators (MSG 5)
use their own value and the engine's change from baseline.
"""

from __future__ import annotations

from placewell.charts import Point, Series, trend_chart
from placewell.geography.hierarchy import Area
from placewell.indicators.periods import PeriodType, label, parse_label
from placewell.reports import narrative
from placewell.reports.common import indicator_name, value_cell
from placewell.reports.data import ReportData, ReportYear
from placewell.reports.document import (
    SUPPRESSED,
    Block,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Section,
    Table,
)
from placewell.reports.values import Unit, Value

__all__ = ["msg_section", "year_total"]


def _months(fy: int) -> list[str]:
    start = fy * 12 + 3  # April
    return [label(PeriodType.MONTH, start + i) for i in range(12)]


def year_total(values: list[Value], fy: int) -> tuple[float | None, bool]:
    """The sum over a financial year's 12 months, and whether a month is suppressed."""
    by_period = {v.period: v for v in values}
    months = [by_period.get(m) for m in _months(fy)]
    if any(m is not None and m.suppressed for m in months):
        return None, True
    if any(m is None or m.value is None for m in months):
        return None, False
    return float(sum(m.value for m in months if m is not None and m.value is not None)), False


def _total_cell(unit: Unit, total: float | None, hidden: bool) -> Cell:
    if hidden:
        return Cell(SUPPRESSED, numeric=True)
    return Cell(unit.short(total) if total is not None else "–", numeric=True)


def _monthly_chart(
    ind: str, data: ReportData, area: Area, year: ReportYear, base_fy: int
) -> Figure | None:
    definition = data.definitions[ind]
    unit = Unit.of(definition)
    values = [
        v
        for v in data.series(ind, area.code)
        if base_fy * 12 + 3 <= parse_label(PeriodType.MONTH, v.period) <= year.key * 12 + 14
    ]
    if len(values) < 2:
        return None
    baseline = next((v.baseline_value for v in values if v.baseline_value is not None), None)
    series = [Series(area.name, tuple(Point(v.period, v.value) for v in values))]
    if baseline is not None:
        series.append(
            Series(
                f"{next(v.baseline_period for v in values if v.baseline_period)} monthly average",
                tuple(Point(v.period, baseline) for v in values),
            )
        )
    description = (
        f"Line chart of {definition.id} {definition.title}, monthly in {area.name} from "
        f"{values[0].period} to {values[-1].period}"
        + (
            f", with the baseline year's monthly average ({unit.short(baseline)}) as a dashed line."
            if baseline is not None
            else "."
        )
    )
    chart = trend_chart(
        series,
        title=f"{definition.id} {definition.title}: {area.name}, monthly",
        description=description,
        value_title=definition.title[:40],
        fmt=unit.short,
        temporal=True,
    )
    return Figure(chart)


def msg_section(data: ReportData, area: Area, year: ReportYear) -> Section:
    """The MSG section: this year against the baseline year, with monthly charts."""
    rows = []
    sentences = []
    figures: list[Block] = []
    for ind in data.msg:
        definition = data.definitions[ind]
        unit = Unit.of(definition)
        name = indicator_name(definition)
        values = data.series(ind, area.code)
        if not values:
            continue
        base_label = next((v.baseline_period for v in values if v.baseline_period), None)
        if definition.period is PeriodType.MONTH:
            base_fy = parse_label(PeriodType.FINANCIAL_YEAR, base_label) if base_label else None
            total, hidden = year_total(values, year.key)
            base, base_hidden = (
                year_total(values, base_fy) if base_fy is not None else (None, False)
            )
            change = None
            if total is not None and base:
                change = (total - base) / base * 100.0
            rows.append(
                (
                    Cell(name),
                    Cell(year.label),
                    _total_cell(unit, total, hidden),
                    Cell(base_label or "–"),
                    _total_cell(unit, base, base_hidden),
                    Cell(f"{change:+.1f}%" if change is not None else "–", numeric=True),
                )
            )
            if hidden:
                said = f"in {year.label} is {narrative.suppressed()}"
            elif total is None:
                said = f"has no complete total for {year.label}"
            else:
                said = (
                    f"was {unit.long(total)} in {year.label}, "
                    f"{narrative.baseline_change(change, base_label)}"
                )
            if base_fy is not None:
                figure = _monthly_chart(ind, data, area, year, base_fy)
                if figure is not None:
                    figures.append(figure)
        else:
            selected = data.select(ind, area.code, year)
            v = selected.value
            rows.append(
                (
                    Cell(name),
                    Cell(selected.period),
                    value_cell(definition, v),
                    Cell(base_label or "–"),
                    value_cell(definition, None if v is None else _baseline(v)),
                    Cell(
                        f"{v.change_from_baseline:+.1f}%"
                        if v is not None and v.change_from_baseline is not None
                        else "–",
                        numeric=True,
                    ),
                )
            )
            if v is None or v.value is None:
                said = narrative.value_phrase(
                    None, unit, selected.period, hidden=bool(v and v.suppressed)
                )
            else:
                said = (
                    f"was {unit.long(v.value)} in {v.period}, "
                    f"{narrative.baseline_change(v.change_from_baseline, base_label)}"
                )
        sentences.append(f"{definition.id} ({definition.title}) {said}.")
    if not rows:
        return Section(
            "msg", "Ministerial Strategic Group indicators", (Paragraph("No MSG results."),)
        )
    table = Table(
        f"Ministerial Strategic Group indicators: {area.name}, {year.label} against the baseline",
        ("Indicator", "Year", "This year", "Baseline year", "Baseline", "Change"),
        tuple(rows),
        notes=(
            "Monthly counts are added up over the financial year; a year with a missing "
            "month has no total (–).",
            "The MSG baseline is 2017/18; where the data start later, the first financial "
            "year in the data is the baseline, as the baseline year column says.",
        ),
    )
    intro = Paragraph(
        "The Ministerial Strategic Group for Health and Community Care tracks emergency "
        "admissions, unscheduled hospital bed days, A&E attendances, delayed discharge bed "
        "days and the last six months of life spent at home or in a community setting, "
        "each against its baseline year. Changes in counts are stated as they are: no "
        "significance test applies to them."
    )
    return Section(
        "msg",
        "Ministerial Strategic Group indicators",
        (intro, table, Bullets(tuple(sentences)), *figures),
    )


def _baseline(v: Value) -> Value:
    return Value(
        indicator=v.indicator,
        area_code=v.area_code,
        area_name=v.area_name,
        period=v.baseline_period or "",
        suppressed=v.baseline_value is None and v.suppressed,
        value=v.baseline_value,
    )
