"""Small strategy documents for the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from placewell.strategy.evidence import IndicatorEvidence, InMemoryEvidenceProvider
from placewell.strategy.models import ActionDoc, PriorityDoc, StrategyDoc, UpdateDoc

TODAY = date(2026, 11, 22)
AREA = "S37000020"

CANONICAL = """\
id: demo
title: Demo strategy
organisation:
  name: North Ayrshire Health and Social Care Partnership
  code: S37000020
  kind: partnership
period:
  start: 2024-04-01
  end: 2027-03-31
vision: Everyone lives well at home.
governance_group: Integration Joint Board
status: active
version: '1.0'
themes:
- id: fair
  title: Fair delivery
outcomes:
- id: o1
  title: People live well at home
  what_good_looks_like: People spend more of their lives at home.
  national_outcomes: [NHWO-2, NHWO-5]
  tags: [fair]
  indicators:
  - indicator: NI-12
    target:
      value: 11000
      direction: decrease
      by: 2026-03-31
  priorities:
  - id: p1
    title: Priority one
    actions:
    - id: A1
      title: First action
      lead: Locality team
      partners: [Third sector]
      localities: [LOC-NA-IRVINE]
      start: 2024-05-01
      due: 2026-12-31
      status: in_progress
      tags: [fair]
      updates:
      - date: 2026-10-01
        rag: green
        percent: 40
        narrative: |-
          Going well.
          Second line.
        evidence:
        - https://example.org/report
        author: jo
    - id: A2
      title: Second action
      due: 2027-03-31
      status: not_started
priorities:
- id: p2
  title: Top-level priority
  indicators:
  - indicator: ADP-WAIT
    standard:
      value: 90
      direction: increase
      description: treatment within 3 weeks
  actions:
  - id: A3
    title: Third action
    status: completed
risks:
- id: R1
  title: Money runs out
  likelihood: 3
  impact: 4
  owner: Chief Officer
"""


def evidence(indicator: str = "NI-12", area: str | None = AREA, **fields: Any) -> IndicatorEvidence:
    base: dict[str, Any] = {"indicator_id": indicator, "area_code": area, "period": "2025/26"}
    base.update(fields)
    return IndicatorEvidence(**base)


def provider(*items: IndicatorEvidence) -> InMemoryEvidenceProvider:
    return InMemoryEvidenceProvider(items)


def action(
    key: str = "A1",
    *,
    status: str = "in_progress",
    due: date | None = None,
    start: date | None = None,
    rags: tuple[tuple[date, str], ...] = (),
) -> ActionDoc:
    updates = [UpdateDoc(date=d, rag=r, narrative="update") for d, r in rags]  # type: ignore[arg-type]
    return ActionDoc(
        id=key, title=f"Action {key}", status=status, due=due, start=start, updates=updates
    )  # type: ignore[arg-type]


def priority(
    *actions: ActionDoc, indicators: list[dict[str, Any]] | None = None, key: str = "p1"
) -> PriorityDoc:
    return PriorityDoc.model_validate(
        {"id": key, "title": f"Priority {key}", "indicators": indicators or [],
         "actions": [a.model_dump() for a in actions]}
    )  # fmt: skip


def strategy(**fields: Any) -> StrategyDoc:
    data: dict[str, Any] = {"id": "s", "title": "S", "organisation": {"name": "Org", "code": AREA}}
    data.update(fields)
    return StrategyDoc.model_validate(data)
