"""The localities of a partnership in its Annual Performance Report.

A table of every core indicator in every locality, each compared with the partnership
(words, not colour), a sentence per locality naming where it differs significantly, and
charts of a few key indicators across the localities with their 95% intervals.
"""

from __future__ import annotations

from placewell.charts import interval_bar_chart
from placewell.geography.hierarchy import Area
from placewell.reports import narrative
from placewell.reports.common import indicator_name, level_of, value_cell
from placewell.reports.data import ReportData, ReportYear
from placewell.reports.document import (
    Block,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Section,
    Table,
    as_tone,
)
from placewell.reports.values import Unit, Value

__all__ = ["KEY_INDICATORS", "locality_section"]

#: Indicators charted across localities, when present.
KEY_INDICATORS = ("NI-11", "NI-12", "NI-13", "NI-15")


def _judged(data: ReportData, indicator: str, value: Value | None) -> str | None:
    """``better``/``worse``/``higher``/``lower`` than the partnership, if significant."""
    if value is None or value.suppressed or value.value is None:
        return None
    definition = data.definitions[indicator]
    text, tone = narrative.comparison_cell(
        value.parent_significance,
        polarity=definition.polarity,
        level=level_of(definition, value, "parent"),
        value=value.value,
        comparator_value=value.parent_value,
    )
    if tone in ("better", "worse"):
        return tone
    if tone == "neutral":
        return text.split(" ")[0].lower()
    return "similar" if tone == "similar" else None


def _cell(data: ReportData, indicator: str, value: Value | None) -> Cell:
    base = value_cell(data.definitions[indicator], value)
    judged = _judged(data, indicator, value)
    if judged is None or base.suppressed:
        return base
    tone = judged if judged in ("better", "worse", "similar") else "neutral"
    return Cell(f"{base.text} ({judged})", numeric=True, tone=as_tone(tone))


def _chart(
    data: ReportData, indicator: str, partnership: Area, localities: list[Area], year: ReportYear
) -> Figure | None:
    definition = data.definitions[indicator]
    unit = Unit.of(definition)
    overall = data.select(indicator, partnership.code, year).value
    if overall is None or overall.value is None:
        return None
    rows = []
    for loc in localities:
        v = data.select(indicator, loc.code, year).value
        if v is not None and v.period != overall.period:
            v = None
        rows.append(
            (loc.name, v.value if v else None, v.lower if v else None, v.upper if v else None)
        )
    if all(r[1] is None for r in rows):
        return None
    said = "; ".join(f"{name}: {unit.short(value)}" for name, value, _, _ in rows)
    description = (
        f"Bar chart of {definition.id} {definition.title} in each locality of "
        f"{partnership.name} in {overall.period}, with 95% confidence intervals and the "
        f"partnership's value ({unit.short(overall.value)}) as a dashed line. {said}."
    )
    chart = interval_bar_chart(
        rows,
        title=f"{definition.id} {definition.title} by locality, {overall.period}",
        description=description,
        value_title=unit.heading if unit.heading != "number" else "Value",
        label_title="Locality",
        fmt=unit.short,
        reference=(partnership.name, overall.value),
    )
    return Figure(chart)


def locality_section(data: ReportData, partnership: Area, year: ReportYear) -> Section:
    """The localities section of the Annual Performance Report."""
    localities = data.hierarchy.areas("locality", partnership.code)
    if not localities:
        return Section(
            "localities", "Localities", (Paragraph("This partnership has no localities."),)
        )
    rows = []
    differences: dict[str, list[str]] = {loc.code: [] for loc in localities}
    better: dict[str, list[str]] = {loc.code: [] for loc in localities}
    for ind in data.core:
        definition = data.definitions[ind]
        overall = data.select(ind, partnership.code, year)
        cells = [Cell(indicator_name(definition)), value_cell(definition, overall.value)]
        for loc in localities:
            v = data.select(ind, loc.code, year).value
            if v is not None and overall.value is not None and v.period != overall.value.period:
                v = None
            cells.append(_cell(data, ind, v))
            judged = _judged(data, ind, v)
            if judged == "worse":
                differences[loc.code].append(ind)
            elif judged == "better":
                better[loc.code].append(ind)
        rows.append(tuple(cells))
    table = Table(
        f"Core indicators by locality: {partnership.name}, {year.label}",
        ("Indicator", partnership.name, *(loc.name for loc in localities)),
        tuple(rows),
        notes=(
            "Each locality is compared with the partnership: (better), (worse), (higher) "
            "or (lower) when the difference is significant at the 95% level or more, "
            "(similar) when it is not. Periods are those of the core indicators table.",
        ),
    )
    sentences = []
    for loc in localities:
        worse, good = differences[loc.code], better[loc.code]
        if not worse and not good:
            sentences.append(
                f"{loc.name}: no indicator is significantly better or worse than "
                f"{partnership.name}."
            )
            continue
        parts = []
        if worse:
            parts.append(f"significantly worse than {partnership.name} on {', '.join(worse)}")
        if good:
            parts.append(f"significantly better on {', '.join(good)}")
        sentences.append(f"{loc.name}: {'; '.join(parts)}.")
    blocks: list[Block] = [
        Paragraph(
            f"{partnership.name} has {len(localities)} localities: "
            f"{', '.join(loc.name for loc in localities)}."
        ),
        table,
        Bullets(tuple(sentences)),
    ]
    for ind in KEY_INDICATORS:
        if ind in data.definitions:
            figure = _chart(data, ind, partnership, localities, year)
            if figure is not None:
                blocks.append(figure)
    return Section("localities", "Localities", tuple(blocks))
