"""The status roll-up: is an action, priority, outcome or strategy on track, and why?

Pure functions over a :class:`~placewell.strategy.models.StrategyDoc`, an
:class:`~placewell.strategy.evidence.EvidenceProvider` and
:class:`~placewell.strategy.rules.RulesConfig`; ``docs/strategy-status.md`` states the
rules. Every status carries its reasons in plain English, most serious first.

* an **indicator** is judged by its own signals (target, standard, trend, comparison,
  inequality gap);
* an **action** by its signals (complete, overdue, latest RAG, stale updates);
* a **priority** by its indicators and its actions;
* an **outcome** by its indicators and its priorities' statuses;
* the **strategy** by its outcomes' and top-level priorities' statuses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

from placewell.strategy._signals import (
    Signal,
    action_signals,
    fmt_date,
    fmt_value,
    indicator_signals,
)
from placewell.strategy.evidence import EvidenceProvider, IndicatorEvidence
from placewell.strategy.models import (
    ActionDoc,
    IndicatorLinkDoc,
    OutcomeDoc,
    PriorityDoc,
    StrategyDoc,
)
from placewell.strategy.rules import RulesConfig

__all__ = [
    "IndicatorAssessment",
    "ItemAssessment",
    "Signal",
    "Status",
    "StatusValue",
    "assess_action",
    "assess_indicator",
    "assess_outcome",
    "assess_priority",
    "assess_strategy",
    "fmt_value",
]


class StatusValue(StrEnum):
    ON_TRACK = "on_track"
    SOME_CONCERN = "some_concern"
    OFF_TRACK = "off_track"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    StatusValue.ON_TRACK: "On track",
    StatusValue.SOME_CONCERN: "Some concern",
    StatusValue.OFF_TRACK: "Off track",
    StatusValue.NOT_ENOUGH_DATA: "Not enough data",
}


@dataclass(frozen=True)
class Status:
    """A status, the mean score it came from (``None`` without data), and its reasons."""

    value: StatusValue
    reasons: tuple[str, ...] = ()
    score: float | None = None

    @property
    def label(self) -> str:
        return self.value.label


@dataclass(frozen=True)
class IndicatorAssessment:
    """One linked indicator in one area: its evidence, signals and status."""

    indicator_id: str
    area_code: str | None
    evidence: IndicatorEvidence | None
    signals: tuple[Signal, ...]
    status: Status


Kind = Literal["strategy", "outcome", "priority", "action"]


@dataclass(frozen=True)
class ItemAssessment:
    """The status of a strategy item, with its indicators and the items below it."""

    kind: Kind
    key: str
    title: str
    status: Status
    signals: tuple[Signal, ...] = ()
    indicators: tuple[IndicatorAssessment, ...] = ()
    children: tuple[ItemAssessment, ...] = field(default_factory=tuple)

    def walk(self) -> Iterator[ItemAssessment]:
        """This item and every item below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, key: str, kind: Kind | None = None) -> ItemAssessment:
        """The item with this id (and kind) below or at this one."""
        for item in self.walk():
            if item.key == key and (kind is None or item.kind == kind):
                return item
        raise KeyError(key)


def _decide(
    scores: Sequence[float],
    signals: Sequence[Signal],
    rules: RulesConfig,
    reasons: list[tuple[float, str]],
    no_data: list[str],
    forced_off: bool = False,
    forced_concern: bool = False,
    min_sources: int = 1,
) -> Status:
    """Turn source scores into a status; ``reasons`` are ``(weight, text)`` pairs."""
    # most serious concern first, then the strongest good news, then neutral facts
    ordered = [
        text for _, text in sorted(reasons, key=lambda r: (r[0] >= 0, r[0] == 0, -abs(r[0])))
    ]
    if len(scores) < min_sources:
        if scores:
            why = [f"only {len(scores)} piece(s) of evidence; the rules ask for {min_sources}"]
        else:
            why = ["no indicator values and no action updates yet"]
        return Status(StatusValue.NOT_ENOUGH_DATA, tuple(why + no_data + ordered), None)
    score = sum(scores) / len(scores)
    if forced_off or score <= rules.off_track_at:
        value = StatusValue.OFF_TRACK
    elif (
        forced_concern
        or score < rules.concern_below
        or any(s.weight <= rules.serious_at for s in signals)
    ):
        value = StatusValue.SOME_CONCERN
    else:
        value = StatusValue.ON_TRACK
    return Status(value, tuple(ordered + no_data), round(score, 4))


def assess_indicator(
    link: IndicatorLinkDoc,
    area_code: str | None,
    provider: EvidenceProvider,
    rules: RulesConfig,
    today: date,
) -> IndicatorAssessment:
    """Judge one linked indicator by its latest evidence in ``area_code``."""
    area = link.area or area_code
    ev = provider.evidence(link.indicator, area)
    if ev is None:
        where = f" for {area}" if area else ""
        status = Status(StatusValue.NOT_ENOUGH_DATA, (f"no data yet for {link.indicator}{where}",))
        return IndicatorAssessment(link.indicator, area, None, (), status)
    signals = tuple(indicator_signals(link, ev, rules, today))
    reasons = [(s.weight, s.reason) for s in signals]
    status = _decide([sum(s.weight for s in signals)], signals, rules, reasons, [])
    return IndicatorAssessment(link.indicator, area, ev, signals, status)


def assess_action(action: ActionDoc, rules: RulesConfig, today: date) -> ItemAssessment:
    """Judge one action by its status, due date and latest update."""
    signals = tuple(action_signals(action, rules, today))
    if action.status == "cancelled":
        status = Status(StatusValue.NOT_ENOUGH_DATA, ("cancelled: not assessed",))
    elif not signals:
        why = "not started yet" if action.start and action.start > today else "no update yet"
        status = Status(StatusValue.NOT_ENOUGH_DATA, (why,))
    else:
        reasons = [(s.weight, s.reason) for s in signals]
        status = _decide([sum(s.weight for s in signals)], signals, rules, reasons, [])
    return ItemAssessment("action", action.id, action.title, status, signals)


def _names(shown: list[str], limit: int = 3) -> str:
    more = len(shown) - limit
    return ", ".join(shown[:limit]) + (f" and {more} more" if more > 0 else "")


_PLURALS = {"action": "actions", "priority": "priorities", "outcome": "outcomes"}


def _count(n: int, total: int, noun: str, verb_one: str, verb_many: str) -> str:
    nouns = noun if total == 1 else _PLURALS[noun]
    return f"{n} of {total} {nouns} {verb_one if n == 1 else verb_many}"


_ACTION_PHRASES = {
    "action_overdue": ("is overdue", "are overdue"),
    "action_red": ("is rated red", "are rated red"),
    "action_amber": ("is rated amber", "are rated amber"),
    "action_green": ("is rated green", "are rated green"),
    "action_completed": ("is complete", "are complete"),
    "action_no_recent_update": ("has had no recent update", "have had no recent update"),
}
_CHILD_PHRASES = {
    StatusValue.OFF_TRACK: ("is off track", "are off track"),
    StatusValue.SOME_CONCERN: ("has some concern", "have some concern"),
    StatusValue.ON_TRACK: ("is on track", "are on track"),
    StatusValue.NOT_ENOUGH_DATA: ("has not enough data yet", "have not enough data yet"),
}


def _action_reasons(
    actions: Sequence[ItemAssessment], docs: Sequence[ActionDoc], rules: RulesConfig
) -> tuple[list[tuple[float, str]], bool, bool]:
    """Summary sentences over a priority's actions, and whether the share rules apply."""
    live = [(a, d) for a, d in zip(actions, docs, strict=True) if d.status != "cancelled"]
    total = len(live)
    reasons: list[tuple[float, str]] = []
    by_rule: dict[str, list[tuple[ItemAssessment, Signal]]] = {}
    for item, _ in live:
        for s in item.signals:
            by_rule.setdefault(s.rule, []).append((item, s))
    for rule, (one, many) in _ACTION_PHRASES.items():
        hits = by_rule.get(rule, [])
        if not hits:
            continue
        text = _count(len(hits), total, "action", one, many)
        weight = hits[0][1].weight
        if weight < 0:
            if rule == "action_overdue":
                due = {d.id: d.due for _, d in live if d.due is not None}
                shown = [
                    f"'{i.title}' (due {fmt_date(due[i.key])})" for i, _ in hits if i.key in due
                ]
                text += ": " + _names(shown)
            else:
                text += ": " + _names([f"'{i.title}'" for i, _ in hits])
        reasons.append((weight, text))
    overdue = len(by_rule.get("action_overdue", []))
    rated = sum(len(by_rule.get(r, [])) for r in ("action_red", "action_amber", "action_green"))
    red = len(by_rule.get("action_red", []))
    off = (total > 0 and overdue / total > rules.overdue_share_off_track) or (
        rated > 0 and red / rated > rules.red_share_off_track
    )
    concern = total > 0 and overdue / total > rules.overdue_share_concern
    return reasons, off, concern


def _child_score(child: ItemAssessment, rules: RulesConfig) -> Signal | None:
    w = rules.weights
    weight = {
        StatusValue.ON_TRACK: w.child_on_track,
        StatusValue.SOME_CONCERN: w.child_some_concern,
        StatusValue.OFF_TRACK: w.child_off_track,
    }.get(child.status.value)
    if weight is None:
        return None
    return Signal(
        f"child_{child.status.value}", weight, f"{child.kind} {child.status.label.lower()}"
    )


def _child_reasons(
    children: Sequence[ItemAssessment], rules: RulesConfig
) -> list[tuple[float, str]]:
    reasons: list[tuple[float, str]] = []
    for kind in ("outcome", "priority"):
        group = [c for c in children if c.kind == kind]
        for value, (one, many) in _CHILD_PHRASES.items():
            hits = [c for c in group if c.status.value == value]
            if not hits:
                continue
            signal = _child_score(hits[0], rules)
            weight = signal.weight if signal else 0.0
            text = _count(len(hits), len(group), kind, one, many)
            if value != StatusValue.ON_TRACK:
                text += ": " + _names([f"'{c.title}'" for c in hits])
            reasons.append((weight, text))
    return reasons


def _roll_up(
    kind: Kind,
    key: str,
    title: str,
    indicators: Sequence[IndicatorAssessment],
    actions: Sequence[ItemAssessment],
    action_docs: Sequence[ActionDoc],
    children: Sequence[ItemAssessment],
    rules: RulesConfig,
) -> ItemAssessment:
    scores: list[float] = []
    signals: list[Signal] = []
    reasons: list[tuple[float, str]] = []
    no_data: list[str] = []
    for ind in indicators:
        if ind.evidence is None:
            no_data.extend(ind.status.reasons)
            continue
        scores.append(sum(s.weight for s in ind.signals))
        signals.extend(ind.signals)
        reasons.extend((s.weight, s.reason) for s in ind.signals)
    for act in actions:
        if act.status.value is not StatusValue.NOT_ENOUGH_DATA:
            scores.append(sum(s.weight for s in act.signals))
            signals.extend(act.signals)
    action_reasons, forced_off, forced_concern = _action_reasons(actions, action_docs, rules)
    reasons.extend(action_reasons)
    for child in children:
        signal = _child_score(child, rules)
        if signal is not None:
            scores.append(signal.weight)
            signals.append(signal)
    reasons.extend(_child_reasons(children, rules))
    status = _decide(
        scores,
        signals,
        rules,
        reasons,
        no_data,
        forced_off=forced_off,
        forced_concern=forced_concern,
        min_sources=rules.min_sources,
    )
    return ItemAssessment(
        kind,
        key,
        title,
        status,
        tuple(signals),
        tuple(indicators),
        tuple(actions) + tuple(children),
    )


def assess_priority(
    priority: PriorityDoc,
    area_code: str | None,
    provider: EvidenceProvider,
    rules: RulesConfig,
    today: date,
) -> ItemAssessment:
    """Judge a priority by its indicators and its actions."""
    indicators = [
        assess_indicator(i, area_code, provider, rules, today) for i in priority.indicators
    ]
    actions = [assess_action(a, rules, today) for a in priority.actions]
    return _roll_up(
        "priority", priority.id, priority.title, indicators, actions, priority.actions, [], rules
    )


def assess_outcome(
    outcome: OutcomeDoc,
    area_code: str | None,
    provider: EvidenceProvider,
    rules: RulesConfig,
    today: date,
) -> ItemAssessment:
    """Judge an outcome by its indicators and its priorities' statuses."""
    indicators = [
        assess_indicator(i, area_code, provider, rules, today) for i in outcome.indicators
    ]
    priorities = [assess_priority(p, area_code, provider, rules, today) for p in outcome.priorities]
    return _roll_up("outcome", outcome.id, outcome.title, indicators, [], [], priorities, rules)


def assess_strategy(
    doc: StrategyDoc,
    provider: EvidenceProvider,
    rules: RulesConfig | None = None,
    today: date | None = None,
) -> ItemAssessment:
    """Judge a whole strategy: every outcome, priority, action and linked indicator.

    Indicators without an ``area`` are looked up for the organisation's code.
    """
    rules = rules or RulesConfig()
    today = today or date.today()
    area = doc.organisation.code
    children = [assess_outcome(o, area, provider, rules, today) for o in doc.outcomes]
    children += [assess_priority(p, area, provider, rules, today) for p in doc.priorities]
    return _roll_up("strategy", doc.id, doc.title, [], [], [], children, rules)
