"""The Annual Performance Report of a partnership for a financial year.

Sections: about the report; a summary; one section per National Health and Wellbeing
Outcome with the indicators whose definitions serve it; the Core Suite of Integration
Indicators (this year, last year, Scotland, comparison, trend, target); trends;
localities; inequality across SIMD quintiles; the Ministerial Strategic Group
indicators against their baseline; and how the statistics were made.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from placewell.geography.hierarchy import Area
from placewell.reports.common import (
    compare_cell,
    indicator_name,
    inequality_blocks,
    period_text,
    sentence,
    target_cell,
    trend_cell,
    trend_figure,
    value_cell,
)
from placewell.reports.data import ReportData, ReportYear
from placewell.reports.document import Block, Bullets, Cell, Paragraph, Report, Section, Table
from placewell.reports.localities import locality_section
from placewell.reports.msg import msg_section
from placewell.reports.values import Unit
from placewell.strategy.frameworks import national_outcomes

__all__ = ["build_apr"]


def _country(data: ReportData) -> str:
    found = data.hierarchy.areas("country")
    return found[0].name if found else "Scotland"


def _about(area: Area, year: ReportYear, generated: date, country: str) -> Section:
    return Section(
        "about",
        "About this report",
        (
            Paragraph(
                f"This is the Annual Performance Report of {area.name} for the financial "
                f"year {year.label} (1 April {year.key} to 31 March {year.key + 1}). It is "
                "written from the same stored indicator results as the dashboard, so no "
                "figure is copied by hand.",
                kind="lead",
            ),
            Paragraph(
                "Each indicator is shown for the latest period that ends by 31 March "
                f"{year.key + 1}. Following Public Health Scotland's guidance, indicators "
                f"counted by calendar year (NI-11 to NI-16 and NI-18) show calendar year "
                f"{year.key}, because the latest financial year is not complete when the "
                "report is written. Survey indicators (NI-1 to NI-9) come from the Health "
                "and Care Experience Survey, run every other year, so they show the "
                "latest survey. Every table states the period of each row."
            ),
            Paragraph(
                f"Comparisons with {country} and with the partnership use the "
                "confidence intervals of each value: 'similar' means the difference is "
                "not statistically significant. A significant difference is described "
                "at the 95% level, or at the 99.8% level when it holds there too. "
                "Recent trends test the last five periods. Values resting on fewer than "
                "5 records are not shown (*)."
            ),
            Paragraph(f"Produced on {generated:%-d %B %Y}.", kind="note"),
        ),
    )


def _are(n: int) -> str:
    return f"{n} is" if n == 1 else f"{n} are"


def _summary(data: ReportData, area: Area, year: ReportYear, country: str) -> Section:
    compared: Counter[str] = Counter()
    trends: Counter[str] = Counter()
    for ind in data.core:
        value = data.select(ind, area.code, year).value
        compared[compare_cell(data.definitions[ind], value, "country").tone] += 1
        label = trend_cell(value).text.lower()
        trends[
            "improving"
            if "better" in label
            else "getting worse"
            if "worse" in label
            else "no significant change"
            if "no significant" in label
            else "not calculated"
        ] += 1
    total = len(data.core)
    other = total - sum(compared[k] for k in ("better", "similar", "worse", "neutral"))
    neutral = (
        f", {_are(compared['neutral'])} significantly different without a better or worse judgement"
        if compared["neutral"]
        else ""
    )
    items = [
        f"Of {total} core integration indicators, {_are(compared['better'])} significantly "
        f"better than {country}, {_are(compared['similar'])} similar, "
        f"{_are(compared['worse'])} significantly worse{neutral} and {other} could not be "
        "compared (no value, a suppressed value, or no interval).",
        f"Recent trends: {trends['improving']} improving, {trends['getting worse']} getting "
        f"worse, {trends['no significant change']} with no significant change and "
        f"{trends['not calculated']} that could not be calculated (fewer than five "
        "comparable periods, or no interval).",
    ]
    return Section("summary", "Summary", (Bullets(tuple(items)),))


def _outcomes(data: ReportData, area: Area, year: ReportYear, country: str) -> Section:
    sections = []
    for outcome in national_outcomes():
        ids = data.outcome_indicators(outcome.code)
        blocks: list[Block] = [Paragraph(outcome.statement, kind="lead")]
        if not ids:
            blocks.append(Paragraph("No indicator placewell computes is mapped to this outcome."))
        else:
            rows = []
            sentences = []
            for ind in ids:
                definition = data.definitions[ind]
                selected = data.select(ind, area.code, year)
                rows.append(
                    (
                        Cell(indicator_name(definition)),
                        Cell(period_text(definition, selected)),
                        value_cell(definition, selected.value),
                        compare_cell(definition, selected.value, "country"),
                        trend_cell(selected.value),
                    )
                )
                sentences.append(sentence(definition, selected, country))
            blocks.append(
                Table(
                    f"Indicators for {outcome.code}: {outcome.short_title}",
                    ("Indicator", "Period", area.name, f"Compared with {country}", "Trend"),
                    tuple(rows),
                )
            )
            blocks.append(Bullets(tuple(sentences)))
        msg = [i for i in data.msg if outcome.code in data.definitions[i].outcomes]
        if msg:
            blocks.append(
                Paragraph(
                    f"The Ministerial Strategic Group indicators {', '.join(msg)} also serve "
                    "this outcome (see their section)."
                )
            )
        sections.append(
            Section(outcome.code.lower(), f"{outcome.code}: {outcome.short_title}", tuple(blocks))
        )
    return Section(
        "outcomes",
        "National Health and Wellbeing Outcomes",
        (
            Paragraph(
                "Each outcome lists the indicators whose definitions serve it; an "
                "indicator can serve several outcomes."
            ),
        ),
        tuple(sections),
    )


def _core(data: ReportData, area: Area, year: ReportYear, country: str) -> Section:
    rows = []
    for ind in data.core:
        definition = data.definitions[ind]
        selected = data.select(ind, area.code, year)
        before = data.select(ind, area.code, year.previous())
        if (
            before.value is not None
            and selected.value is not None
            and before.value.period >= selected.value.period
        ):
            before = data.select(ind, area.code, ReportYear(year.key - 2))
        last = value_cell(definition, before.value)
        if before.value is not None:
            last = Cell(f"{last.text} ({before.value.period})", numeric=True)
        scot = selected.value.country_value if selected.value else None
        rows.append(
            (
                Cell(indicator_name(definition)),
                Cell(period_text(definition, selected)),
                value_cell(definition, selected.value),
                last,
                Cell(Unit.of(definition).short(scot) if scot is not None else "–", numeric=True),
                compare_cell(definition, selected.value, "country"),
                trend_cell(selected.value),
                target_cell(definition, selected.value),
            )
        )
    table = Table(
        f"Core Suite of Integration Indicators: {area.name}, {year.label}",
        (
            "Indicator",
            "Period",
            "This year",
            "Last year (period)",
            country,
            f"Compared with {country}",
            "Recent trend",
            "Target",
        ),
        tuple(rows),
        notes=(
            f"Calendar-year indicators show calendar year {year.key} (Public Health "
            "Scotland's guidance for partnership reports).",
            "Survey indicators show the latest survey; 'last year' is the survey before.",
            "– no value for that period.",
        ),
    )
    return Section("core", "Core Suite of Integration Indicators", (table,))


def _trends(data: ReportData, area: Area, year: ReportYear) -> Section:
    figures: list[Block] = []
    for ind in data.core:
        figure = trend_figure(data, data.definitions[ind], area.code, year)
        if figure is not None:
            figures.append(figure)
    intro = Paragraph(
        "Each chart shows the partnership's value with its 95% confidence interval "
        "(shaded) and Scotland's value. The data are in the table under each chart."
    )
    return Section("trends", "Trends in the core indicators", (intro, *figures))


def _inequality(data: ReportData, area: Area, year: ReportYear) -> Section:
    blocks = inequality_blocks(data, data.core, area.code, year)
    return Section("inequality", "Inequality by deprivation", tuple(blocks))


def _methods(data: ReportData, area: Area, year: ReportYear) -> Section:
    rows = []
    for ind in [*data.core, *data.msg]:
        definition = data.definitions[ind]
        selected = data.select(ind, area.code, year)
        rows.append(
            (
                Cell(f"{definition.id} {definition.title}"),
                Cell(Unit.of(definition).heading),
                Cell(definition.metadata.source),
                Cell(f"Fingertips method {definition.comparison.method}"),
                Cell(period_text(definition, selected)),
            )
        )
    table = Table(
        "How each indicator is measured",
        ("Indicator", "Unit", "Source", "Comparison", "Period used"),
        tuple(rows),
        notes=(
            "Confidence intervals follow PHEindicatormethods and ScotPHO; comparisons and "
            "recent trends follow Fingertips; inequality measures follow ScotPHO.",
        ),
    )
    return Section("methods", "About the statistics", (table,))


def build_apr(data: ReportData, partnership: Area, year: ReportYear, generated: date) -> Report:
    """The Annual Performance Report model (every number disclosure-controlled)."""
    country = _country(data)
    sections = (
        _about(partnership, year, generated, country),
        _summary(data, partnership, year, country),
        _outcomes(data, partnership, year, country),
        _core(data, partnership, year, country),
        _trends(data, partnership, year),
        locality_section(data, partnership, year),
        _inequality(data, partnership, year),
        msg_section(data, partnership, year),
        _methods(data, partnership, year),
    )
    slug_year = year.label.replace("/", "-")
    return Report(
        kind="apr",
        title=f"Annual Performance Report {year.label}",
        subtitle=f"{partnership.name} Health and Social Care Partnership",
        area=partnership.name,
        period=year.label,
        generated=generated,
        sections=sections,
        slug=f"apr-{partnership.code}-{slug_year}",
    )
