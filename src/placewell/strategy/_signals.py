"""Signals: what one piece of evidence says about an indicator or an action, in words.

Each signal names its rule (a field of :class:`~placewell.strategy.rules.Weights`),
carries that rule's weight and a plain-English reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from placewell.strategy.evidence import IndicatorEvidence
from placewell.strategy.models import ActionDoc, IndicatorLinkDoc, StandardDoc, TargetDoc
from placewell.strategy.rules import RulesConfig

__all__ = [
    "Signal",
    "action_signals",
    "fmt_date",
    "fmt_value",
    "indicator_signals",
    "latest_update_index",
]


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: the rule it comes from, its weight, and why."""

    rule: str
    weight: float
    reason: str


def fmt_date(day: date) -> str:
    """``31 Mar 2025``."""
    return f"{day.day} {day:%b %Y}"


def fmt_value(value: float, unit: str | None = None) -> str:
    """A value for a sentence: ``11,850``, ``93.1%``, ``£20m``."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    if unit in {"%", "percent"}:
        return f"{text}%"
    if unit.startswith("£"):
        return f"£{text}{unit[1:]}"
    return f"{text} {unit}"


def _level(level: float) -> str:
    return f"{level:g}% level"


def _meets(value: float, threshold: float, direction: str, tolerance: float, polarity: str) -> bool:
    eps = 1e-9 * max(1.0, abs(threshold))
    if direction == "increase":
        return value >= threshold - eps
    if direction == "decrease":
        return value <= threshold + eps
    if abs(value - threshold) <= tolerance * abs(threshold) + eps:
        return True
    if polarity == "high_is_good":
        return value >= threshold
    if polarity == "low_is_good":
        return value <= threshold
    return False


def _goal(value: float, direction: str, unit: str | None) -> str:
    shown = fmt_value(value, unit)
    return {"increase": f"{shown} or higher", "decrease": f"{shown} or lower"}.get(
        direction, f"about {shown}"
    )


def _target_signal(
    name: str, ev: IndicatorEvidence, target: TargetDoc, rules: RulesConfig, today: date
) -> Signal:
    assert ev.value is not None
    w = rules.weights
    latest = f"{fmt_value(ev.value, ev.unit)} in {ev.period}"
    goal = _goal(target.value, target.direction, ev.unit)
    if target.by:
        goal += f" by {fmt_date(target.by)}"
    if _meets(ev.value, target.value, target.direction, rules.maintain_tolerance, ev.polarity):
        return Signal(
            "target_met", w.target_met, f"{name} meets its target ({latest}; target {goal})"
        )
    if target.by and target.by < today:
        return Signal(
            "target_missed", w.target_missed, f"{name} missed its target ({latest}; target {goal})"
        )
    return Signal(
        "target_not_yet_met",
        w.target_not_yet_met,
        f"{name} is not at its target yet ({latest}; target {goal})",
    )


def _standard_signal(
    name: str, ev: IndicatorEvidence, standard: StandardDoc, rules: RulesConfig
) -> Signal:
    assert ev.value is not None
    w = rules.weights
    goal = _goal(standard.value, standard.direction, ev.unit)
    if standard.description:
        goal += f": {standard.description}"
    latest = f"{fmt_value(ev.value, ev.unit)} in {ev.period}"
    if _meets(ev.value, standard.value, standard.direction, rules.maintain_tolerance, ev.polarity):
        return Signal(
            "standard_met", w.standard_met, f"{name} meets the standard ({latest}; standard {goal})"
        )
    return Signal(
        "standard_not_met",
        w.standard_not_met,
        f"{name} does not meet the standard ({latest}; standard {goal})",
    )


def indicator_signals(
    link: IndicatorLinkDoc, ev: IndicatorEvidence, rules: RulesConfig, today: date
) -> list[Signal]:
    """The signals of one indicator's latest evidence against its link's target or standard."""
    w = rules.weights
    name = link.indicator
    out: list[Signal] = []
    if ev.value is not None and link.target is not None:
        out.append(_target_signal(name, ev, link.target, rules, today))
    if ev.value is not None and link.standard is not None:
        out.append(_standard_signal(name, ev, link.standard, rules))
    if link.target is None and link.standard is None and ev.target_met is not None:
        if ev.target_met:
            out.append(Signal("target_met", w.target_met, f"{name} meets its target ({ev.period})"))
        else:
            out.append(
                Signal("target_missed", w.target_missed, f"{name} misses its target ({ev.period})")
            )
    trend = (ev.trend or "").strip()
    low = trend.lower()
    if "getting better" in low:
        out.append(Signal("trend_better", w.trend_better, f"{name} is {low} (recent trend)"))
    elif "getting worse" in low:
        out.append(Signal("trend_worse", w.trend_worse, f"{name} is {low} (recent trend)"))
    elif low in {"no significant change", "increasing", "decreasing"}:
        out.append(Signal("trend", 0.0, f"{name}: {low} (recent trend)"))
    out.extend(_comparison(name, ev, rules))
    gap = ev.inequality_gap
    where = f"the gap in {name} between the most and least deprived SIMD quintiles"
    if gap == "widening":
        out.append(Signal("gap_widening", w.gap_widening, f"{where} is widening"))
    elif gap == "narrowing":
        out.append(Signal("gap_narrowing", w.gap_narrowing, f"{where} is narrowing"))
    elif gap == "no_change":
        out.append(Signal("gap", 0.0, f"{where} is not changing significantly"))
    return out


def _comparison(name: str, ev: IndicatorEvidence, rules: RulesConfig) -> list[Signal]:
    w = rules.weights
    label = (ev.comparison or "").strip().lower()
    extreme = label in {"worst", "best", "highest", "lowest"}
    level = max(ev.level, 99.8) if extreme else ev.level
    versus = ev.comparator
    if label in {"worse", "worst"}:
        if level >= 99.8:
            return [
                Signal(
                    "much_worse_than_comparator",
                    w.much_worse_than_comparator,
                    f"{name} is significantly worse than {versus} ({_level(level)})",
                )
            ]
        return [
            Signal(
                "worse_than_comparator",
                w.worse_than_comparator,
                f"{name} is significantly worse than {versus} ({_level(level)})",
            )
        ]
    if label in {"better", "best"}:
        return [
            Signal(
                "better_than_comparator",
                w.better_than_comparator,
                f"{name} is significantly better than {versus} ({_level(level)})",
            )
        ]
    if label == "similar":
        return [Signal("comparison", 0.0, f"{name} is similar to {versus}")]
    if label in {"higher", "lower", "highest", "lowest"}:
        word = "higher" if label.startswith("high") else "lower"
        return [
            Signal(
                "comparison", 0.0, f"{name} is significantly {word} than {versus} ({_level(level)})"
            )
        ]
    return []


def latest_update_index(action: ActionDoc) -> int | None:
    """Index of the most recent update (by date; the later entry wins a tie)."""
    if not action.updates:
        return None
    return max(range(len(action.updates)), key=lambda i: (action.updates[i].date, i))


def action_signals(action: ActionDoc, rules: RulesConfig, today: date) -> list[Signal]:
    """The signals of one action: complete, overdue, latest RAG, stale updates."""
    w = rules.weights
    if action.status == "cancelled":
        return []
    if action.status == "completed":
        return [Signal("action_completed", w.action_completed, "complete")]
    out: list[Signal] = []
    if action.due is not None and action.due < today:
        out.append(
            Signal("action_overdue", w.action_overdue, f"overdue (due {fmt_date(action.due)})")
        )
    index = latest_update_index(action)
    if index is not None:
        update = action.updates[index]
        done = f", {update.percent}% complete" if update.percent is not None else ""
        rule = f"action_{update.rag}"
        out.append(
            Signal(rule, getattr(w, rule), f"rated {update.rag} on {fmt_date(update.date)}{done}")
        )
        age = (today - update.date).days
        if age > rules.stale_update_days:
            out.append(
                Signal(
                    "action_no_recent_update",
                    w.action_no_recent_update,
                    f"no update for {age} days (last on {fmt_date(update.date)})",
                )
            )
    elif action.start is not None and (today - action.start).days > rules.stale_update_days:
        out.append(
            Signal(
                "action_no_recent_update",
                w.action_no_recent_update,
                f"no update since it started on {fmt_date(action.start)}",
            )
        )
    return out
