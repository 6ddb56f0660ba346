"""Between the strategy document (pydantic) and the store's rows (SQLAlchemy).

``*_values`` give the column values of one item of a document (what the sync writes
and the change log compares); ``*_doc`` rebuild document items from rows. Together
they make ``import(export(db))`` reproduce the same objects.
"""

from __future__ import annotations

from typing import Any

from placewell.store.models import (
    Action,
    ActionUpdate,
    IndicatorLink,
    Organisation,
    Outcome,
    Priority,
    Risk,
    Strategy,
)
from placewell.strategy.models import (
    ActionDoc,
    IndicatorLinkDoc,
    OrganisationDoc,
    OutcomeDoc,
    PeriodDoc,
    PriorityDoc,
    RiskDoc,
    StandardDoc,
    StrategyDoc,
    TargetDoc,
    ThemeDoc,
    UpdateDoc,
)

__all__ = [
    "action_doc",
    "action_values",
    "link_values",
    "organisation_values",
    "outcome_values",
    "priority_values",
    "risk_values",
    "strategy_doc",
    "strategy_values",
    "theme_values",
    "update_values",
]

Values = dict[str, Any]


def organisation_values(doc: OrganisationDoc) -> Values:
    return {"name": doc.name, "code": doc.code, "kind": doc.kind}


def strategy_values(doc: StrategyDoc) -> Values:
    return {
        "title": doc.title,
        "period_start": doc.period.start if doc.period else None,
        "period_end": doc.period.end if doc.period else None,
        "vision": doc.vision,
        "description": doc.description,
        "governance_group": doc.governance_group,
        "lead_officer": doc.lead_officer,
        "reports_to": doc.reports_to,
        "status": doc.status,
        "version": doc.version,
    }


def theme_values(doc: ThemeDoc, position: int) -> Values:
    return {"title": doc.title, "description": doc.description, "position": position}


def outcome_values(doc: OutcomeDoc, position: int) -> Values:
    return {
        "title": doc.title,
        "what_good_looks_like": doc.what_good_looks_like,
        "description": doc.description,
        "national_outcomes": list(doc.national_outcomes),
        "wellbeing": list(doc.wellbeing),
        "tags": list(doc.tags),
        "position": position,
    }


def priority_values(doc: PriorityDoc, position: int) -> Values:
    return {
        "title": doc.title,
        "description": doc.description,
        "lead": doc.lead,
        "tags": list(doc.tags),
        "position": position,
    }


def link_values(doc: IndicatorLinkDoc, position: int) -> Values:
    target, standard = doc.target, doc.standard
    return {
        "indicator_id": doc.indicator,
        "area_code": doc.area,
        "target_value": target.value if target else None,
        "target_direction": target.direction if target else None,
        "target_date": target.by if target else None,
        "standard_value": standard.value if standard else None,
        "standard_direction": standard.direction if standard else None,
        "standard_text": standard.description if standard else None,
        "note": doc.note,
        "position": position,
    }


def action_values(doc: ActionDoc, position: int) -> Values:
    return {
        "title": doc.title,
        "description": doc.description,
        "lead": doc.lead,
        "partners": list(doc.partners),
        "localities": list(doc.localities),
        "start_date": doc.start,
        "due_date": doc.due,
        "status": doc.status,
        "tags": list(doc.tags),
        "position": position,
    }


def update_values(doc: UpdateDoc, position: int) -> Values:
    return {
        "update_date": doc.date,
        "rag": doc.rag,
        "percent_complete": doc.percent,
        "narrative": doc.narrative,
        "evidence": list(doc.evidence),
        "author": doc.author,
        "position": position,
    }


def risk_values(doc: RiskDoc, position: int) -> Values:
    return {
        "title": doc.title,
        "likelihood": doc.likelihood,
        "impact": doc.impact,
        "mitigation": doc.mitigation,
        "owner": doc.owner,
        "position": position,
    }


def _risks(rows: list[Risk]) -> list[RiskDoc]:
    return [
        RiskDoc(
            id=r.key,
            title=r.title,
            likelihood=r.likelihood,
            impact=r.impact,
            mitigation=r.mitigation,
            owner=r.owner,
        )
        for r in rows
    ]


def _links(rows: list[IndicatorLink]) -> list[IndicatorLinkDoc]:
    out = []
    for r in rows:
        target = None
        if r.target_value is not None and r.target_direction is not None:
            target = TargetDoc(value=r.target_value, direction=r.target_direction, by=r.target_date)
        standard = None
        if r.standard_value is not None:
            standard = StandardDoc(
                value=r.standard_value,
                direction=r.standard_direction or "increase",
                description=r.standard_text,
            )
        out.append(
            IndicatorLinkDoc(
                indicator=r.indicator_id,
                area=r.area_code,
                target=target,
                standard=standard,
                note=r.note,
            )
        )
    return out


def _update(row: ActionUpdate) -> UpdateDoc:
    return UpdateDoc(
        date=row.update_date,
        rag=row.rag,
        percent=row.percent_complete,
        narrative=row.narrative,
        evidence=list(row.evidence or []),
        author=row.author,
    )


def action_doc(row: Action) -> ActionDoc:
    return ActionDoc(
        id=row.key,
        title=row.title,
        description=row.description,
        lead=row.lead,
        partners=list(row.partners or []),
        localities=list(row.localities or []),
        start=row.start_date,
        due=row.due_date,
        status=row.status,
        tags=list(row.tags or []),
        updates=[_update(u) for u in row.updates],
        risks=_risks(row.risks),
    )


def _priority(row: Priority) -> PriorityDoc:
    return PriorityDoc(
        id=row.key,
        title=row.title,
        description=row.description,
        lead=row.lead,
        tags=list(row.tags or []),
        indicators=_links(row.indicators),
        actions=[action_doc(a) for a in row.actions],
        risks=_risks(row.risks),
    )


def _outcome(row: Outcome, priorities: list[Priority]) -> OutcomeDoc:
    return OutcomeDoc(
        id=row.key,
        title=row.title,
        what_good_looks_like=row.what_good_looks_like,
        description=row.description,
        national_outcomes=list(row.national_outcomes or []),
        wellbeing=list(row.wellbeing or []),
        tags=list(row.tags or []),
        indicators=_links(row.indicators),
        priorities=[_priority(p) for p in priorities],
        risks=_risks(row.risks),
    )


def _organisation(row: Organisation) -> OrganisationDoc:
    return OrganisationDoc(name=row.name, code=row.code, kind=row.kind)


def strategy_doc(row: Strategy) -> StrategyDoc:
    """The whole document of a stored strategy (load it with ``strategy_tree``)."""
    by_outcome: dict[int | None, list[Priority]] = {}
    for p in row.priorities:
        by_outcome.setdefault(p.outcome_id, []).append(p)
    period = None
    if row.period_start is not None and row.period_end is not None:
        period = PeriodDoc(start=row.period_start, end=row.period_end)
    return StrategyDoc(
        id=row.key,
        title=row.title,
        organisation=_organisation(row.organisation),
        period=period,
        vision=row.vision,
        description=row.description,
        governance_group=row.governance_group,
        lead_officer=row.lead_officer,
        reports_to=row.reports_to,
        status=row.status,
        version=row.version,
        themes=[ThemeDoc(id=t.key, title=t.title, description=t.description) for t in row.themes],
        outcomes=[_outcome(o, by_outcome.get(o.id, [])) for o in row.outcomes],
        priorities=[_priority(p) for p in by_outcome.get(None, [])],
        risks=_risks(row.risks),
    )
