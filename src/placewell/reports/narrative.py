"""Plain-English sentences that say only what the statistics support.

Every phrase comes from a test the indicator engine has already run (the Fingertips
comparison label, the Fingertips recent-trend label, the SII's confidence interval),
never from eyeballing two numbers. The rules (each has its own unit test):

* **Comparison.** ``Similar`` reads "similar to Scotland" and never "higher" or
  "lower". A significant label reads "significantly higher than Scotland at the 95%
  level (worse)": the direction comes from the label and the indicator's polarity and
  must agree with the two values, or nothing is claimed. The level is 99.8% when the
  label says so (Worst, Best, Highest, Lowest) or when, for an interval comparison,
  the comparator also lies outside the area's 99.8% interval; otherwise 95%. With no
  label, ``Not compared``, a missing or suppressed value: "could not be compared
  with Scotland".
* **Trend.** The recent-trend label over the last five periods: "no significant
  change over the last five years", "increasing and getting worse over the last five
  years"; without one, "the trend could not be calculated".
* **Inequality.** The slope index of inequality (SII) is described as a gap only when
  its 95% interval excludes zero: "the gap between the most and least deprived areas
  is 2,497 per 100,000 (SII), higher in the most deprived areas"; otherwise "no
  significant gap". RII and PAR are explained only alongside a significant SII.
* **Suppressed values** are never described with a number: "not shown to protect
  confidentiality (*)", and nothing is said about their comparison or trend.
* **Targets** are met or not met as the engine judged them; **baselines** (MSG) are
  stated as the change in a count, which needs no test.
"""

from __future__ import annotations

from placewell.reports.values import Unit

__all__ = [
    "baseline_change",
    "comparison",
    "comparison_cell",
    "direction",
    "indicator_sentence",
    "inequality_sentence",
    "par",
    "rii",
    "significance_level",
    "sii",
    "suppressed",
    "target",
    "trend",
    "value_phrase",
]

_HIGH_IS_GOOD = {"Better": "higher", "Best": "higher", "Worse": "lower", "Worst": "lower"}
_LOW_IS_GOOD = {"Better": "lower", "Best": "lower", "Worse": "higher", "Worst": "higher"}
_NO_JUDGEMENT = {"Higher": "higher", "Highest": "higher", "Lower": "lower", "Lowest": "lower"}
_DIRECTIONS = {
    "high_is_good": _HIGH_IS_GOOD,
    "low_is_good": _LOW_IS_GOOD,
    "no_judgement": _NO_JUDGEMENT,
}
_JUDGEMENT = {"Better": "better", "Best": "better", "Worse": "worse", "Worst": "worse"}
_EXTREME = {"Best", "Worst", "Highest", "Lowest"}
_TRENDS = {
    "no significant change": "no significant change",
    "increasing": "increasing",
    "decreasing": "decreasing",
    "increasing and getting better": "increasing and getting better",
    "increasing and getting worse": "increasing and getting worse",
    "decreasing and getting better": "decreasing and getting better",
    "decreasing and getting worse": "decreasing and getting worse",
}
SUPPRESSED_PHRASE = "not shown to protect confidentiality (*)"


def direction(
    label: str | None,
    polarity: str,
    value: float | None = None,
    comparator_value: float | None = None,
) -> str | None:
    """``higher`` or ``lower`` when the label says the difference is significant.

    ``None`` for Similar, Not compared, an unknown label, or a label whose direction
    disagrees with the values (nothing is claimed then).
    """
    if label is None:
        return None
    found = _DIRECTIONS.get(polarity, _NO_JUDGEMENT).get(label.strip().capitalize())
    if found is None:
        return None
    if (
        value is not None
        and comparator_value is not None
        and ((found == "higher") != (value > comparator_value) or value == comparator_value)
    ):
        return None
    return found


def significance_level(
    label: str | None,
    comparator_value: float | None = None,
    lower_99_8: float | None = None,
    upper_99_8: float | None = None,
    *,
    interval_method: bool = True,
) -> float:
    """99.8 when the label or the area's 99.8% interval supports it, else 95."""
    if label is None:
        return 95.0
    name = label.strip().capitalize()
    if name in _EXTREME:
        return 99.8
    if (
        interval_method
        and comparator_value is not None
        and lower_99_8 is not None
        and upper_99_8 is not None
        and not lower_99_8 <= comparator_value <= upper_99_8
    ):
        return 99.8
    return 95.0


def _level(level: float) -> str:
    return f"{level:g}%"


def comparison(
    label: str | None,
    comparator: str,
    *,
    polarity: str,
    level: float = 95.0,
    value: float | None = None,
    comparator_value: float | None = None,
) -> str:
    """How the area compares with ``comparator``, as far as the test supports."""
    name = (label or "").strip().capitalize()
    if name == "Similar":
        return f"similar to {comparator}"
    way = direction(label, polarity, value, comparator_value)
    if way is None:
        return f"could not be compared with {comparator}"
    judged = _JUDGEMENT.get(name)
    tail = f" ({judged})" if judged and polarity != "no_judgement" else ""
    return f"significantly {way} than {comparator} at the {_level(level)} level{tail}"


def comparison_cell(
    label: str | None,
    *,
    polarity: str,
    level: float = 95.0,
    value: float | None = None,
    comparator_value: float | None = None,
) -> tuple[str, str]:
    """A table cell's text and tone: ``Higher, worse (95%)``, ``Similar``, ``Not compared``."""
    name = (label or "").strip().capitalize()
    if name == "Similar":
        return "Similar", "similar"
    way = direction(label, polarity, value, comparator_value)
    if way is None:
        return "Not compared", "none"
    judged = _JUDGEMENT.get(name)
    if judged and polarity != "no_judgement":
        return f"{way.capitalize()}, {judged} ({_level(level)})", judged
    return f"{way.capitalize()} ({_level(level)})", "neutral"


def trend(label: str | None, noun: str = "years") -> str:
    """The recent trend over the last five periods (``noun``: years, quarters, months)."""
    key = (label or "").strip().lower()
    said = _TRENDS.get(key)
    if said is None:
        return "the trend could not be calculated (it needs five comparable periods)"
    return f"{said} over the last five {noun}"


def suppressed() -> str:
    return SUPPRESSED_PHRASE


def value_phrase(value: float | None, unit: Unit, period: str, *, hidden: bool = False) -> str:
    """``12,335 per 100,000 in 2023``; no number when suppressed or missing."""
    if hidden:
        return f"in {period} is {SUPPRESSED_PHRASE}"
    if value is None:
        return f"has no value for {period}"
    return f"was {unit.long(value)} in {period}"


def target(met: bool | None, target_value: float | None, unit: Unit) -> str:
    """Whether the engine judged the value to meet its target."""
    if target_value is None:
        return "has no target"
    goal = unit.long(target_value)
    if met is None:
        return f"could not be judged against its target of {goal}"
    return f"meets its target of {goal}" if met else f"does not meet its target of {goal}"


def _crosses_zero(lower: float | None, upper: float | None) -> bool:
    return lower is None or upper is None or lower <= 0 <= upper


def sii(value: float | None, lower: float | None, upper: float | None, unit: Unit) -> str:
    """The gap across deprivation quintiles, only when the SII's 95% interval excludes zero.

    ScotPHO's SII is positive when the value is higher in the most deprived areas.
    """
    if value is None:
        return "inequality could not be measured (a deprivation quintile is missing or suppressed)"
    if _crosses_zero(lower, upper):
        return (
            "there is no significant gap between the most and least deprived areas "
            "(the 95% interval of the SII includes zero)"
        )
    where = "most" if value > 0 else "least"
    return (
        f"the gap between the most and least deprived areas is {unit.difference(value)} "
        f"(SII), higher in the {where} deprived areas"
    )


def rii(value: float | None, sii_lower: float | None, sii_upper: float | None) -> str | None:
    """The gap relative to the average (RII = SII / overall value), with a significant SII."""
    if value is None or _crosses_zero(sii_lower, sii_upper):
        return None
    return f"the gap is {abs(value) * 100:,.0f}% of the overall average (RII {value:.2f})"


def par(value: float | None, sii_lower: float | None, sii_upper: float | None) -> str | None:
    """How far the overall value would move if every area had the least deprived fifth's.

    ScotPHO's PAR is ``(overall - least deprived) / overall``: positive means the
    overall value would be lower, negative that it would be higher.
    """
    if value is None or _crosses_zero(sii_lower, sii_upper):
        return None
    way = "lower" if value > 0 else "higher"
    return (
        "if every area had the value of the least deprived fifth, the overall value "
        f"would be {abs(value):,.0f}% {way} (PAR)"
    )


def baseline_change(change: float | None, baseline_period: str | None) -> str:
    """The change of a count from its baseline year (MSG)."""
    if change is None or baseline_period is None:
        return "could not be compared with its baseline"
    if round(change, 1) == 0:
        return f"the same as in the baseline year {baseline_period}"
    way = "higher" if change > 0 else "lower"
    return f"{abs(change):,.1f}% {way} than in the baseline year {baseline_period}"


def indicator_sentence(
    name: str,
    *,
    value: float | None,
    period: str,
    unit: Unit,
    polarity: str,
    comparator: str,
    label: str | None,
    level: float,
    comparator_value: float | None,
    trend_label: str | None,
    hidden: bool,
    noun: str = "years",
) -> str:
    """One indicator's sentence: its value, comparison and trend (nothing when hidden)."""
    head = f"{name} {value_phrase(value, unit, period, hidden=hidden)}"
    if hidden or value is None:
        return head + "."
    versus = comparison(
        label,
        comparator,
        polarity=polarity,
        level=level,
        value=value,
        comparator_value=comparator_value,
    )
    return f"{head}: {versus}; {trend(trend_label, noun)}."


def inequality_sentence(
    name: str,
    *,
    period: str,
    unit: Unit,
    sii_value: float | None,
    sii_lower: float | None,
    sii_upper: float | None,
    rii_value: float | None,
    par_value: float | None,
) -> str:
    """The inequality sentence of one indicator: SII, then RII and PAR when supported."""
    parts = [sii(sii_value, sii_lower, sii_upper, unit)]
    for extra in (rii(rii_value, sii_lower, sii_upper), par(par_value, sii_lower, sii_upper)):
        if extra:
            parts.append(extra)
    text = "; ".join(parts)
    return f"{name} in {period}: {text}."
