"""What the indicator and place pages show: plain frozen records and the words for codes.

Built by :mod:`placewell.portal.indicators` and :mod:`placewell.portal.places` from
stored results; values are aggregates that passed disclosure control (a suppressed
value is ``None`` with ``suppressed=True``, never the number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from placewell.indicators.definition import Definition

__all__ = [
    "BREAKDOWNS",
    "LEVEL_NAMES",
    "PERIOD_WORDS",
    "AreaRef",
    "Cell",
    "DeprivationView",
    "FunnelView",
    "IndicatorPage",
    "IndicatorSummary",
    "PackView",
    "RankingView",
    "TrendPoint",
    "TrendView",
    "breakdown_value_label",
    "definition_rows",
    "fmt_value",
    "measure_words",
    "polarity_words",
    "spc_words",
]

LEVEL_NAMES = {
    "datazone": "Data zone",
    "intzone": "Intermediate zone",
    "locality": "Locality",
    "partnership": "Partnership",
    "health_board": "Health board",
    "country": "Country",
}
BREAKDOWNS = {
    "all": "Everyone",
    "sex": "Sex",
    "age_band": "Age band",
    "simd_national_quintile": "SIMD quintile (Scotland)",
    "simd_local_quintile": "SIMD quintile (within the council)",
}
PERIOD_WORDS = {
    "financial_year": "Financial year (April to March)",
    "calendar_year": "Calendar year",
    "social_work_year": "Children's social work year (August to July)",
    "quarter": "Quarter of the financial year",
    "month": "Month",
}
_SPC = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: higher (neither good nor bad)",
    "special_cause_neutral_low": "Special cause: lower (neither good nor bad)",
}


def fmt_value(value: float | None, definition: Definition | None = None, digits: int = 1) -> str:
    """A value for a page: ``12,310.5``; counts and sums without decimals; ``''`` when missing."""
    if value is None or not math.isfinite(value):
        return ""
    if definition is not None and definition.measure.kind == "count":
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def measure_words(definition: Definition) -> str:
    m = definition.measure
    scale = f"{m.scale:,.0f}"
    words = {
        "count": "Number" if definition.numerator.kind != "sum" else "Total",
        "proportion": "Percentage" if m.scale == 100 else f"Proportion per {scale}",
        "within_standard": "Percentage within the standard",
        "weighted_proportion": "Weighted percentage (survey)",
        "ratio": "Percentage (ratio of two totals)",
        "crude_rate": f"Crude rate per {scale}",
        "dsr": f"Directly standardised rate per {scale} ({m.standard.upper()})",
        "isr": "Indirectly standardised ratio",
        "mean": "Mean",
        "life_expectancy": "Life expectancy in years",
    }
    return words.get(m.kind, m.kind)


def polarity_words(polarity: str) -> str:
    return {
        "high_is_good": "Higher is better",
        "low_is_good": "Lower is better",
    }.get(polarity, "Neither higher nor lower is better")


def definition_rows(d: Definition, summary: IndicatorSummary) -> list[tuple[str, str]]:
    """What the definition page and the indicator page say about an indicator, in words."""
    m, b = d.metadata, d.breakdowns
    comparators = {"parent": "the area it lies in", "country": "the country"}
    rows = [
        ("Indicator", d.id),
        ("What it measures", d.description.strip()),
        ("Measure", summary.measure),
        ("Period", summary.period_type),
        ("Which way is better", summary.polarity),
        ("National outcomes", ", ".join(d.outcomes)),
        ("Source", m.source),
        ("Definition followed", m.follows.strip()),
        ("Notes", m.notes.strip()),
        ("Areas", ", ".join(LEVEL_NAMES.get(v, v).lower() for v in b.levels)),
        ("Breakdowns", ", ".join(BREAKDOWNS.get(v, v).lower() for v in b.by)),
        (
            "Compared with",
            ", ".join(comparators.get(c, f"the {c.replace('_', ' ')}") for c in d.comparators)
            + f" (Fingertips method {d.comparison.method})",
        ),
        *[
            ("Target", f"{'At least' if t.direction == 'at_least' else 'At most'} {t.value:g}"
             + (f": {t.label}" if t.label else ""))
            for t in d.targets
        ],
        ("Baseline", f"change from {d.change_from.baseline}" if d.change_from else ""),
        (
            "Disclosure control",
            f"Values resting on fewer than {d.disclosure.threshold} records are suppressed, and "
            "others where needed so they cannot be worked out.",
        ),
    ]  # fmt: skip
    return [(k, v) for k, v in rows if v]


def spc_words(point: str | None, rule: str | None = None) -> str:
    if not point:
        return ""
    text = _SPC.get(point, point.replace("_", " "))
    if rule and rule != "Common Cause" and point != "common_cause":
        text += f" ({rule.lower()})"
    return text


def breakdown_value_label(breakdown: str, value: str) -> str:
    if breakdown == "sex":
        return {"F": "Females", "M": "Males"}.get(value, value.capitalize())
    if breakdown.startswith("simd_"):
        extra = {"1": " (most deprived)", "5": " (least deprived)"}.get(value, "")
        return f"Quintile {value}{extra}"
    if breakdown == "all":
        return "Everyone"
    return "Aged " + value if value[:1].isdigit() else value.capitalize()


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str
    level: str

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator in a list: what it measures and whether it has results."""

    id: str
    title: str
    description: str
    pack: str
    measure: str
    unit: str | None
    period_type: str
    polarity: str
    outcomes: tuple[str, ...]
    has_results: bool
    latest_period: str | None


@dataclass(frozen=True)
class PackView:
    name: str
    title: str
    description: str
    source: str
    indicators: tuple[IndicatorSummary, ...]


@dataclass(frozen=True)
class Cell:
    """One area's value in one period and breakdown, as shown (already disclosure-controlled)."""

    area: AreaRef
    period: str
    label: str  # the area, or the breakdown value
    value: float | None
    lower: float | None
    upper: float | None
    shown: str  # the value as written on the page ("" when suppressed)
    interval: str  # "10.1 to 12.3" or ""
    numerator: float | None
    denominator: float | None
    suppressed: bool
    significance: str | None = None  # against the comparator of the table
    funnel: str | None = None  # against the funnel limits
    rank: int | None = None
    protects: bool = False  # suppressed only so that another suppressed value stays hidden


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: float | None
    lower: float | None
    upper: float | None
    shown: str
    interval: str
    suppressed: bool
    spc: str  # words, "" without SPC
    spc_point: str | None
    comparators: tuple[float | None, ...]  # in the order of TrendView.comparator_names


@dataclass(frozen=True)
class TrendView:
    points: tuple[TrendPoint, ...]
    comparator_names: tuple[str, ...]
    trend: str | None  # Fingertips recent trend at the latest period
    spc_mean: float | None = None
    spc_lower: float | None = None
    spc_upper: float | None = None
    spc_variation: str | None = None
    spc_assurance: str | None = None


@dataclass(frozen=True)
class FunnelView:
    """Points (denominator or population, value) and the 95% and 99.8% limits."""

    x_title: str
    average: float
    points: tuple[tuple[str, float, float, str], ...]  # name, x, value, significance
    limits: tuple[tuple[float, float, float, float, float], ...]  # x, lo95, hi95, lo998, hi998
    note: str


@dataclass(frozen=True)
class RankingView:
    title: str
    level: str
    period: str
    comparator: str
    cells: tuple[Cell, ...]
    suppressed: int
    funnel: FunnelView | None
    note: str = ""


@dataclass(frozen=True)
class DeprivationView:
    quintile_type: str
    period: str
    cells: tuple[Cell, ...]
    sentences: tuple[str, ...]
    measures: tuple[tuple[str, str, str], ...]  # name, value, plain English
    history: tuple[tuple[str, str, str], ...]  # period, SII, 95% interval
    gap: str | None


@dataclass(frozen=True)
class IndicatorPage:
    summary: IndicatorSummary
    definition: Definition
    area: AreaRef
    breakdown: str
    latest: Cell | None
    headline: tuple[str, ...]
    comparison: tuple[Cell, ...]
    trend: TrendView | None
    rankings: tuple[RankingView, ...]
    deprivation: DeprivationView | None
    by_breakdown: tuple[Cell, ...]
    areas: tuple[tuple[str, tuple[AreaRef, ...]], ...] = field(default=())
    breakdowns: tuple[str, ...] = ()
