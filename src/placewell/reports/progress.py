"""The strategy progress report for a board: status with reasons, actions, what changed.

Sections: a summary (overall status and its reasons, actions by RAG rating); one
section per outcome (and one for priorities outside any outcome) with its status and
reasons, its indicators, and each priority's actions with RAG rating, percentage
complete and latest narrative; the overdue actions; and what changed since the last
report, from the change log.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from placewell.charts import COLOURS, bar_chart
from placewell.reports.document import (
    Block,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    as_tone,
)
from placewell.strategy.models import ActionDoc, OutcomeDoc, PriorityDoc, StrategyDoc
from placewell.strategy.records import ChangeRecord
from placewell.strategy.status import ItemAssessment, fmt_value

__all__ = ["build_progress", "describe_change"]

_TONE = {"on_track": "better", "off_track": "worse", "some_concern": "similar"}
_RAG_TONE = {"green": "better", "red": "worse", "amber": "similar"}
_ENTITIES = {
    "action_update": "progress update",
    "indicator_link": "indicator link",
    "organisation": "organisation",
}
MAX_CHANGES = 200


def _day(d: date | None) -> str:
    return f"{d:%-d %b %Y}" if d else "–"


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _latest(action: ActionDoc) -> Any:
    if not action.updates:
        return None
    return max(enumerate(action.updates), key=lambda p: (p[1].date, p[0]))[1]


def _status_blocks(item: ItemAssessment) -> list[Block]:
    blocks: list[Block] = [Paragraph(f"Status: {item.status.label}.", kind="lead")]
    if item.status.reasons:
        blocks.append(Bullets(tuple(r[:1].upper() + r[1:] for r in item.status.reasons)))
    return blocks


def _indicator_table(item: ItemAssessment, caption: str) -> Table | None:
    if not item.indicators:
        return None
    rows = []
    for ind in item.indicators:
        ev = ind.evidence
        value = fmt_value(ev.value, ev.unit) if ev is not None and ev.value is not None else "–"
        rows.append(
            (
                Cell(f"{ind.indicator_id}{' ' + ev.title if ev and ev.title else ''}"),
                Cell(value, numeric=True),
                Cell(ev.period if ev else "–"),
                Cell(ind.status.label, tone=as_tone(_TONE.get(ind.status.value.value, ""))),
                Cell("; ".join(ind.status.reasons) or "–"),
            )
        )
    return Table(
        caption,
        ("Indicator", "Latest value", "Period", "Status", "Why"),
        tuple(rows),
        widths=(2.4, 1, 1, 1, 3),
    )


def _action_table(priority: PriorityDoc, today: date) -> Table | None:
    if not priority.actions:
        return None
    rows = []
    for action in priority.actions:
        update = _latest(action)
        rag = update.rag if update else None
        overdue = (
            action.due is not None
            and action.due < today
            and action.status
            not in (
                "completed",
                "cancelled",
            )
        )
        status = _words(action.status) + (" (overdue)" if overdue else "")
        rows.append(
            (
                Cell(f"{action.id} {action.title}"),
                Cell(action.lead or "–"),
                Cell(_day(action.due)),
                Cell(status, tone="worse" if overdue else "none"),
                Cell(
                    rag.capitalize() if rag else "No update",
                    tone=as_tone(_RAG_TONE.get(rag or "", "")),
                ),
                Cell(
                    f"{update.percent}%" if update and update.percent is not None else "–",
                    numeric=True,
                ),
                Cell(f"{_day(update.date)}: {update.narrative}" if update else "No update yet"),
            )
        )
    return Table(
        f"Actions of '{priority.title}'",
        ("Action", "Lead", "Due", "Status", "RAG", "Complete", "Latest update"),
        tuple(rows),
        widths=(2.6, 1.2, 1, 1, 0.8, 0.9, 3.4),
    )


def _priority(priority: PriorityDoc, status: ItemAssessment, today: date) -> Section:
    blocks = _status_blocks(status)
    table = _indicator_table(status, f"Indicators of '{priority.title}'")
    if table:
        blocks.append(table)
    actions = _action_table(priority, today)
    blocks.append(actions if actions else Paragraph("No actions yet."))
    return Section(f"priority-{priority.id}", f"Priority: {priority.title}", tuple(blocks))


def _outcome(outcome: OutcomeDoc, status: ItemAssessment, today: date) -> Section:
    blocks: list[Block] = []
    if outcome.what_good_looks_like:
        blocks.append(Paragraph(f"What good looks like: {outcome.what_good_looks_like}"))
    blocks += _status_blocks(status)
    table = _indicator_table(status, f"Indicators of '{outcome.title}'")
    if table:
        blocks.append(table)
    children = tuple(_priority(p, status.find(p.id, "priority"), today) for p in outcome.priorities)
    return Section(f"outcome-{outcome.id}", f"Outcome: {outcome.title}", tuple(blocks), children)


def _summary(doc: StrategyDoc, status: ItemAssessment, today: date, since: date) -> Section:
    actions = [a for _, a in doc.all_actions()]
    rag = Counter((_latest(a).rag if _latest(a) else "none") for a in actions)
    states = Counter(a.status for a in actions)
    overdue = [
        a for a in actions if a.due and a.due < today and a.status not in ("completed", "cancelled")
    ]
    blocks: list[Block] = [
        Paragraph(
            f"Progress of {doc.title} ({doc.organisation.name}) on {_day(today)}, with "
            f"what changed since {_day(since)}.",
            kind="lead",
        ),
        *_status_blocks(status),
        Bullets(
            (
                f"{len(actions)} actions: {states['completed']} complete, "
                f"{states['in_progress']} in progress, {states['not_started']} not started, "
                f"{states['on_hold']} on hold, {states['cancelled']} cancelled.",
                f"{len(overdue)} overdue.",
                f"Latest RAG rating: {rag['green']} green, {rag['amber']} amber, "
                f"{rag['red']} red, {rag['none']} with no update yet.",
            )
        ),
    ]
    if actions:
        counts = {
            "Red": rag["red"],
            "Amber": rag["amber"],
            "Green": rag["green"],
            "No update yet": rag["none"],
        }
        chart = bar_chart(
            [{"label": k, "value": v} for k, v in counts.items()],
            title="Actions by latest RAG rating",
            description=f"Bar chart of {len(actions)} actions by their latest RAG rating: "
            + ", ".join(f"{v} {k.lower()}" for k, v in counts.items())
            + ".",
            value_title="Actions",
            label_title="Latest RAG rating",
            colours={
                "Red": COLOURS["red"],
                "Amber": COLOURS["amber"],
                "Green": COLOURS["green"],
                "No update yet": COLOURS["grey"],
            },
        )
        blocks.append(Figure(chart))
    return Section("summary", "Summary", tuple(blocks))


def _overdue(doc: StrategyDoc, today: date) -> Section:
    rows = []
    for priority in (p for _, p in doc.all_priorities()):
        for a in priority.actions:
            if a.due and a.due < today and a.status not in ("completed", "cancelled"):
                update = _latest(a)
                rows.append(
                    (
                        Cell(f"{a.id} {a.title}"),
                        Cell(priority.title),
                        Cell(_day(a.due)),
                        Cell(f"{(today - a.due).days}", numeric=True),
                        Cell(update.rag.capitalize() if update else "No update"),
                        Cell(a.lead or "–"),
                    )
                )
    if not rows:
        return Section("overdue", "Overdue actions", (Paragraph("No action is overdue."),))
    table = Table(
        f"Actions past their due date on {_day(today)}",
        ("Action", "Priority", "Due", "Days overdue", "Latest RAG", "Lead"),
        tuple(rows),
    )
    return Section("overdue", "Overdue actions", (table,))


def describe_change(change: ChangeRecord, titles: dict[str, str]) -> str:
    """One change-log entry in plain English."""
    entity = _ENTITIES.get(change.entity, change.entity.replace("_", " "))
    key = change.entity_key
    if change.entity == "action_update" and change.operation == "create":
        action = key.split("#")[0]
        try:
            data = json.loads(change.new_value or "{}")
        except ValueError:
            data = {}
        done = (
            f", {data['percent_complete']}% complete"
            if data.get("percent_complete") is not None
            else ""
        )
        rag = f"rated {data['rag']}{done}: " if data.get("rag") else ""
        return f"Progress update on {action} '{titles.get(action, action)}': {rag}{data.get('narrative', '')}".rstrip(
            ": "
        )
    named = f"{entity} {key}" + (f" '{titles[key]}'" if key in titles else "")
    if change.operation == "create":
        return f"Added {named}"
    if change.operation == "delete":
        return f"Removed {named}"
    if change.field:
        return f"{named[:1].upper() + named[1:]}: {_words(change.field)} changed from '{_words(change.old_value) or '–'}' to '{_words(change.new_value) or '–'}'"
    return f"Changed {named}"


def _changes(doc: StrategyDoc, history: Sequence[ChangeRecord], since: date) -> Section:
    titles = {a.id: a.title for _, a in doc.all_actions()}
    titles |= {p.id: p.title for _, p in doc.all_priorities()}
    titles |= {o.id: o.title for o in doc.outcomes}
    recent = [c for c in history if c.changed_at.date() >= since]
    if not recent:
        return Section(
            "changes",
            f"What changed since {_day(since)}",
            (Paragraph("Nothing has changed since then."),),
        )
    shown = sorted(recent, key=lambda c: c.changed_at, reverse=True)[:MAX_CHANGES]
    kinds = Counter(c.entity for c in recent)
    said = ", ".join(
        f"{n} to {_ENTITIES.get(k, k.replace('_', ' '))}s" for k, n in sorted(kinds.items())
    )
    rows = tuple(
        (Cell(f"{c.changed_at:%-d %b %Y}"), Cell(describe_change(c, titles)), Cell(c.author))
        for c in shown
    )
    notes = (
        (f"The latest {MAX_CHANGES} of {len(recent)} changes.",)
        if len(recent) > MAX_CHANGES
        else ()
    )
    table = Table(
        f"Changes since {_day(since)}", ("Date", "Change", "By"), rows, notes, widths=(1, 5, 1.4)
    )
    intro = Paragraph(f"{len(recent)} changes were recorded since {_day(since)}: {said}.")
    return Section("changes", f"What changed since {_day(since)}", (intro, table))


def build_progress(
    doc: StrategyDoc,
    status: ItemAssessment,
    history: Sequence[ChangeRecord],
    *,
    today: date,
    since: date,
) -> Report:
    """The progress report model of one strategy."""
    sections = [_summary(doc, status, today, since)]
    for outcome in doc.outcomes:
        sections.append(_outcome(outcome, status.find(outcome.id, "outcome"), today))
    if doc.priorities:
        children = tuple(_priority(p, status.find(p.id, "priority"), today) for p in doc.priorities)
        title = "Priorities" if not doc.outcomes else "Other priorities"
        sections.append(Section("priorities", title, (), children))
    sections += [_overdue(doc, today), _changes(doc, history, since)]
    return Report(
        kind="progress",
        title=f"Progress report: {doc.title}",
        subtitle=doc.organisation.name,
        area=doc.organisation.name,
        period=f"{_day(since)} to {_day(today)}",
        generated=today,
        sections=tuple(sections),
        slug=f"progress-{doc.id}-{today:%Y-%m-%d}",
    )
