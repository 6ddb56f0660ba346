"""The locality profile: a locality's indicators against its partnership and Scotland.

Sections: about the profile; population by age band and sex; deprivation mix
(population by national SIMD quintile, against the partnership); the indicators with
both comparisons and their trends; trend charts of key indicators; inequality within
the locality.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from placewell.charts import grouped_bar_chart
from placewell.geography.hierarchy import Area
from placewell.reports import narrative
from placewell.reports.common import (
    Which,
    compare_cell,
    indicator_name,
    inequality_blocks,
    level_of,
    period_text,
    trend_cell,
    trend_figure,
    value_cell,
)
from placewell.reports.data import AGE_BANDS, ReportData, ReportYear, Selected, band_label, noun
from placewell.reports.document import (
    Block,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
)
from placewell.reports.localities import KEY_INDICATORS
from placewell.reports.values import Unit

__all__ = ["build_locality"]

_SEXES = (("F", "Females"), ("M", "Males"))


def _bands(frame: pd.DataFrame) -> pd.Series:
    labels = [band_label(lo, hi) for lo, hi in AGE_BANDS]
    edges = [lo for lo, _ in AGE_BANDS] + [1000]
    return pd.cut(frame["age"], bins=edges, right=False, labels=labels)


def _pct(part: float, whole: float) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "–"


def _population(data: ReportData, locality: Area, partnership: Area, year: ReportYear) -> Section:
    used, frame = data.population(locality.code, year.key)
    _, whole = data.population(partnership.code, used)
    total = float(frame["population"].sum())
    if not total:
        return Section("population", "Population", (Paragraph("No population estimates."),))
    frame = frame.assign(band=_bands(frame))
    table = frame.pivot_table(
        index="band", columns="sex", values="population", aggfunc="sum", observed=False
    ).fillna(0)
    rows = []
    chart_rows: list[tuple[str, str, float | None]] = []
    for band in table.index:
        counts = [float(table.loc[band].get(code, 0.0)) for code, _ in _SEXES]
        rows.append(
            (
                Cell(str(band)),
                *(Cell(f"{c:,.0f}", numeric=True) for c in counts),
                Cell(f"{sum(counts):,.0f}", numeric=True),
                Cell(_pct(sum(counts), total), numeric=True),
            )
        )
        chart_rows += [(str(band), name, c) for (_, name), c in zip(_SEXES, counts, strict=True)]
    older = float(frame.loc[frame["age"] >= 65, "population"].sum())
    whole_total = float(whole["population"].sum())
    whole_older = float(whole.loc[whole["age"] >= 65, "population"].sum())
    said = (
        f"{total:,.0f} people lived in {locality.name} in mid-{used}; {_pct(older, total)} "
        f"were aged 65 or over ({_pct(whole_older, whole_total)} in {partnership.name})."
    )
    chart = grouped_bar_chart(
        chart_rows,
        title=f"Population of {locality.name} by age and sex, mid-{used}",
        description=f"Bar chart of the population of {locality.name} in each age band, "
        f"females and males side by side. {said}",
        value_title="People",
        category_title="Age band",
        fmt=lambda v: f"{v:,.0f}" if v is not None else "–",
    )
    t = Table(
        f"Population of {locality.name} by age band and sex, mid-{used}",
        ("Age band", *(name for _, name in _SEXES), "All people", "Share"),
        tuple(rows),
        notes=("Mid-year population estimates of the locality's data zones.",),
    )
    return Section("population", "Population", (Paragraph(said, kind="lead"), t, Figure(chart)))


def _deprivation(data: ReportData, locality: Area, partnership: Area, year: ReportYear) -> Section:
    used, frame = data.population(locality.code, year.key)
    _, whole = data.population(partnership.code, used)
    mine = frame.groupby("quintile")["population"].sum()
    theirs = whole.groupby("quintile")["population"].sum()
    total, whole_total = float(mine.sum()), float(theirs.sum())
    names = {1: "1 (most deprived)", 5: "5 (least deprived)"}
    rows = []
    chart_rows: list[tuple[str, str, float | None]] = []
    for q in range(1, 6):
        people = float(mine.get(q, 0.0))
        share = people / total * 100 if total else None
        other = float(theirs.get(q, 0.0)) / whole_total * 100 if whole_total else None
        label = names.get(q, str(q))
        rows.append(
            (
                Cell(label),
                Cell(f"{people:,.0f}", numeric=True),
                Cell(f"{share:.1f}%" if share is not None else "–", numeric=True),
                Cell(f"{other:.1f}%" if other is not None else "–", numeric=True),
            )
        )
        chart_rows += [(str(q), locality.name, share), (str(q), partnership.name, other)]
    most = float(mine.get(1, 0.0))
    said = (
        f"{_pct(most, total)} of the people of {locality.name} live in data zones in "
        f"Scotland's most deprived fifth (SIMD quintile 1), against "
        f"{_pct(float(theirs.get(1, 0.0)), whole_total)} in {partnership.name}."
    )
    chart = grouped_bar_chart(
        chart_rows,
        title=f"Deprivation mix of {locality.name} and {partnership.name}, mid-{used}",
        description=f"Bar chart of the share of the population in each national SIMD "
        f"quintile, 1 the most deprived, for {locality.name} and {partnership.name}. {said}",
        value_title="Share of the population (%)",
        category_title="National SIMD quintile",
        fmt=lambda v: f"{v:.1f}%" if v is not None else "–",
    )
    table = Table(
        f"Population of {locality.name} by national SIMD quintile, mid-{used}",
        ("SIMD quintile", "People", f"Share in {locality.name}", f"Share in {partnership.name}"),
        tuple(rows),
        notes=(
            "Quintiles of Scotland's data zones by the Scottish Index of Multiple Deprivation.",
        ),
    )
    return Section(
        "deprivation", "Deprivation mix", (Paragraph(said, kind="lead"), table, Figure(chart))
    )


def _sentence(
    data: ReportData, ind: str, selected: Selected, partnership: str, country: str
) -> str:
    definition = data.definitions[ind]
    value = selected.value
    name = f"{definition.id} ({definition.title})"
    unit = Unit.of(definition)
    if value is None or value.suppressed or value.value is None:
        hidden = value is not None and value.suppressed
        return f"{name} {narrative.value_phrase(None, unit, selected.period, hidden=hidden)}."
    parts = []
    pairs: tuple[tuple[Which, float | None, str | None, str], ...] = (
        ("parent", value.parent_value, value.parent_significance, partnership),
        ("country", value.country_value, value.country_significance, country),
    )
    for which, other, label, comparator in pairs:
        parts.append(
            narrative.comparison(
                label,
                comparator,
                polarity=definition.polarity,
                level=level_of(definition, value, which),
                value=value.value,
                comparator_value=other,
            )
        )
    return (
        f"{name} {narrative.value_phrase(value.value, unit, value.period)}: {parts[0]}, and "
        f"{parts[1]}; {narrative.trend(value.trend, noun(definition.period))}."
    )


def _indicators(
    data: ReportData, locality: Area, partnership: Area, year: ReportYear, country: str
) -> Section:
    rows = []
    sentences = []
    for ind in [
        *data.core,
        *(i for i in data.definitions if i not in data.core and i not in data.msg),
    ]:
        definition = data.definitions[ind]
        selected = data.select(ind, locality.code, year)
        if not data.series(ind, locality.code):
            continue
        v = selected.value
        rows.append(
            (
                Cell(indicator_name(definition)),
                Cell(period_text(definition, selected)),
                value_cell(definition, v),
                Cell(
                    Unit.of(definition).short(v.parent_value)
                    if v and v.parent_value is not None
                    else "–",
                    numeric=True,
                ),
                compare_cell(definition, v, "parent"),
                Cell(
                    Unit.of(definition).short(v.country_value)
                    if v and v.country_value is not None
                    else "–",
                    numeric=True,
                ),
                compare_cell(definition, v, "country"),
                trend_cell(v),
            )
        )
        sentences.append(_sentence(data, ind, selected, partnership.name, country))
    table = Table(
        f"Indicators of {locality.name}, {year.label}",
        (
            "Indicator",
            "Period",
            locality.name,
            partnership.name,
            f"Compared with {partnership.name}",
            country,
            f"Compared with {country}",
            "Recent trend",
        ),
        tuple(rows),
        notes=(
            f"Calendar-year indicators show calendar year {year.key}; survey indicators "
            "the latest survey. Comparisons use 95% (or 99.8%) confidence intervals.",
        ),
    )
    return Section("indicators", "Indicators", (table, Bullets(tuple(sentences))))


def build_locality(
    data: ReportData, locality: Area, partnership: Area, year: ReportYear, generated: date
) -> Report:
    """The locality profile model (every number disclosure-controlled)."""
    countries = data.hierarchy.areas("country")
    country = countries[0].name if countries else "Scotland"
    siblings = data.hierarchy.areas("locality", partnership.code)
    about = Section(
        "about",
        "About this profile",
        (
            Paragraph(
                f"{locality.name} is one of {len(siblings)} localities of {partnership.name}. "
                f"This profile shows its population, its deprivation mix and its "
                f"indicators for {year.label}, each compared with {partnership.name} and "
                f"{country}.",
                kind="lead",
            ),
            Paragraph(
                "'Similar' means the difference is not statistically significant; a "
                "significant difference is described at the 95% level, or at 99.8% when "
                "it holds there too. Values resting on fewer than 5 records are not "
                "shown (*)."
            ),
            Paragraph(f"Produced on {generated:%-d %B %Y}.", kind="note"),
        ),
    )
    charts: list[Block] = [
        Paragraph(
            f"Each chart shows {locality.name} with its 95% confidence interval (shaded), "
            f"{partnership.name} and {country}."
        )
    ]
    for ind in KEY_INDICATORS:
        if ind in data.definitions:
            figure = trend_figure(
                data, data.definitions[ind], locality.code, year, parent=partnership.name
            )
            if figure is not None:
                charts.append(figure)
    sections = (
        about,
        _population(data, locality, partnership, year),
        _deprivation(data, locality, partnership, year),
        _indicators(data, locality, partnership, year, country),
        Section("trends", "Trends", tuple(charts)),
        Section(
            "inequality",
            "Inequality by deprivation",
            tuple(inequality_blocks(data, data.core, locality.code, year, charts=2)),
        ),
    )
    return Report(
        kind="locality",
        title=f"Locality profile: {locality.name}",
        subtitle=f"{partnership.name}, {year.label}",
        area=locality.name,
        period=year.label,
        generated=generated,
        sections=sections,
        slug=f"locality-{locality.code}-{year.label.replace('/', '-')}",
    )
