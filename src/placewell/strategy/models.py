"""The strategy document: pydantic models of a strategy as written in YAML.

The field order of each model is the order of the canonical YAML export. Identifiers
(``id``) are chosen by the author: a strategy id is unique in the database; outcome,
priority, action, theme and risk ids are unique within their strategy (an action can
be named on the command line by its id alone when no other strategy uses it).

:func:`parse_doc` validates the document and its cross-references (unique ids, tags
naming declared themes, national outcome codes) and returns every problem with its
location path, which :mod:`placewell.strategy.yaml_io` turns into a file line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from placewell.strategy.frameworks import national_outcomes, wellbeing_indicators

__all__ = [
    "ActionDoc",
    "DocProblem",
    "IndicatorLinkDoc",
    "OrganisationDoc",
    "OutcomeDoc",
    "PeriodDoc",
    "PriorityDoc",
    "RiskDoc",
    "StandardDoc",
    "StrategyDoc",
    "TargetDoc",
    "ThemeDoc",
    "UpdateDoc",
    "parse_doc",
]

Key = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80),
]
IndicatorId = Annotated[
    str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", max_length=60)
]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1)]
Direction = Literal["increase", "decrease", "maintain"]
Rag = Literal["red", "amber", "green"]
ActionStatus = Literal["not_started", "in_progress", "completed", "on_hold", "cancelled"]
StrategyStatus = Literal["draft", "consultation", "approved", "active", "closed", "superseded"]
OrganisationKind = Literal[
    "partnership",
    "council",
    "health_board",
    "community_planning_partnership",
    "integrated_care_board",
    "other",
]


def _national_code(code: str) -> str:
    known = [o.code for o in national_outcomes()]
    if code not in known:
        raise ValueError(f"unknown national outcome {code!r}; use {known[0]} to {known[-1]}")
    return code


def _wellbeing_code(code: str) -> str:
    known = [w.code for w in wellbeing_indicators()]
    if code not in known:
        raise ValueError(f"unknown wellbeing indicator {code!r}; use one of {', '.join(known)}")
    return code


NationalCode = Annotated[str, AfterValidator(_national_code)]
WellbeingCode = Annotated[str, AfterValidator(_wellbeing_code)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class OrganisationDoc(_Doc):
    """The organisation or partnership that owns the strategy."""

    name: Text
    code: AreaCode | None = None
    kind: OrganisationKind = "partnership"


class PeriodDoc(_Doc):
    """The period a strategy covers."""

    start: date
    end: date

    @model_validator(mode="after")
    def _order(self) -> PeriodDoc:
        if self.end <= self.start:
            raise ValueError("the period must end after it starts")
        return self


class TargetDoc(_Doc):
    """A local target: reach ``value`` (``direction`` says which side is met) by a date."""

    value: float
    direction: Direction
    by: date | None = None


class StandardDoc(_Doc):
    """A national standard, e.g. 90% of people start treatment within 3 weeks."""

    value: float
    direction: Direction = "increase"
    description: str | None = None


class IndicatorLinkDoc(_Doc):
    """An indicator an outcome or priority is judged by (area: the organisation's by default)."""

    indicator: IndicatorId
    area: AreaCode | None = None
    target: TargetDoc | None = None
    standard: StandardDoc | None = None
    note: str | None = None


class RiskDoc(_Doc):
    """A risk to delivery; likelihood and impact score 1 (low) to 5 (high)."""

    id: Key
    title: Text
    likelihood: int | None = Field(default=None, ge=1, le=5)
    impact: int | None = Field(default=None, ge=1, le=5)
    mitigation: str | None = None
    owner: str | None = None


class UpdateDoc(_Doc):
    """A progress update on an action."""

    date: date
    rag: Rag
    percent: int | None = Field(default=None, ge=0, le=100)
    narrative: Text
    evidence: list[Text] = Field(default_factory=list)
    author: str | None = None


class ActionDoc(_Doc):
    """What will be done, by whom, where and when."""

    id: Key
    title: Text
    description: str | None = None
    lead: str | None = None
    partners: list[Text] = Field(default_factory=list)
    localities: list[AreaCode] = Field(default_factory=list)
    start: date | None = None
    due: date | None = None
    status: ActionStatus = "not_started"
    tags: list[Key] = Field(default_factory=list)
    updates: list[UpdateDoc] = Field(default_factory=list)
    risks: list[RiskDoc] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> ActionDoc:
        if self.start and self.due and self.due < self.start:
            raise ValueError("the due date is before the start date")
        return self


class PriorityDoc(_Doc):
    """A priority and the actions that deliver it."""

    id: Key
    title: Text
    description: str | None = None
    lead: str | None = None
    tags: list[Key] = Field(default_factory=list)
    indicators: list[IndicatorLinkDoc] = Field(default_factory=list)
    actions: list[ActionDoc] = Field(default_factory=list)
    risks: list[RiskDoc] = Field(default_factory=list)


class OutcomeDoc(_Doc):
    """An outcome, what good looks like, and the national outcomes it serves."""

    id: Key
    title: Text
    what_good_looks_like: str | None = None
    description: str | None = None
    national_outcomes: list[NationalCode] = Field(default_factory=list)
    wellbeing: list[WellbeingCode] = Field(default_factory=list)
    tags: list[Key] = Field(default_factory=list)
    indicators: list[IndicatorLinkDoc] = Field(default_factory=list)
    priorities: list[PriorityDoc] = Field(default_factory=list)
    risks: list[RiskDoc] = Field(default_factory=list)


class ThemeDoc(_Doc):
    """A cross-cutting theme; items name it in their ``tags``."""

    id: Key
    title: Text
    description: str | None = None


class StrategyDoc(_Doc):
    """A strategy: vision, governance, themes, outcomes and priorities."""

    id: Key
    title: Text
    organisation: OrganisationDoc
    period: PeriodDoc | None = None
    vision: str | None = None
    description: str | None = None
    governance_group: str | None = None
    lead_officer: str | None = None
    reports_to: str | None = None
    status: StrategyStatus = "draft"
    version: str | None = None
    themes: list[ThemeDoc] = Field(default_factory=list)
    outcomes: list[OutcomeDoc] = Field(default_factory=list)
    priorities: list[PriorityDoc] = Field(default_factory=list)
    risks: list[RiskDoc] = Field(default_factory=list)

    def all_priorities(self) -> Iterator[tuple[tuple[str | int, ...], PriorityDoc]]:
        """Every priority with its location: under outcomes first, then top-level."""
        for i, outcome in enumerate(self.outcomes):
            for j, priority in enumerate(outcome.priorities):
                yield ("outcomes", i, "priorities", j), priority
        for j, priority in enumerate(self.priorities):
            yield ("priorities", j), priority

    def all_actions(self) -> Iterator[tuple[tuple[str | int, ...], ActionDoc]]:
        """Every action with its location."""
        for loc, priority in self.all_priorities():
            for k, action in enumerate(priority.actions):
                yield (*loc, "actions", k), action


Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class DocProblem:
    """One problem in a strategy document: where (a path of keys and indexes) and what."""

    loc: Loc
    message: str

    @property
    def path(self) -> str:
        """The location as ``outcomes[0].priorities[1].title``."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(document)"


def parse_doc(data: Any) -> tuple[StrategyDoc | None, list[DocProblem]]:
    """Validate a loaded document: the model first, then its cross-references."""
    if not isinstance(data, dict):
        return None, [DocProblem((), "a strategy file must be a mapping with id, title, ...")]
    try:
        doc = StrategyDoc.model_validate(data)
    except PydanticValidationError as exc:
        problems = [
            DocProblem(tuple(err["loc"]), _message(err)) for err in exc.errors(include_url=False)
        ]
        return None, problems
    problems = check_references(doc)
    return (None if problems else doc), problems


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown field (check its spelling and where it is indented)"
    if err["type"] == "missing":
        return "this field is required"
    return msg.removeprefix("Value error, ")


def check_references(doc: StrategyDoc) -> list[DocProblem]:
    """Ids unique within the strategy, tags naming declared themes, links not repeated."""
    problems: list[DocProblem] = []
    themes = {t.id for t in doc.themes}

    def unique(kind: str, items: list[tuple[Loc, str]]) -> None:
        seen: dict[str, Loc] = {}
        for loc, key in items:
            if key in seen:
                problems.append(DocProblem((*loc, "id"), f"{kind} id {key!r} is used twice"))
            seen.setdefault(key, loc)

    def tags(loc: Loc, values: list[str]) -> None:
        for n, tag in enumerate(values):
            if tag not in themes:
                declared = ", ".join(sorted(themes)) or "none are declared"
                problems.append(
                    DocProblem((*loc, "tags", n), f"tag {tag!r} is not a theme ({declared})")
                )

    def links(loc: Loc, values: list[IndicatorLinkDoc]) -> None:
        seen: set[tuple[str, str | None]] = set()
        for n, link in enumerate(values):
            ident = (link.indicator, link.area)
            if ident in seen:
                problems.append(
                    DocProblem(
                        (*loc, "indicators", n), f"indicator {link.indicator} is linked twice"
                    )
                )
            seen.add(ident)

    unique("theme", [(("themes", n), t.id) for n, t in enumerate(doc.themes)])
    unique("outcome", [(("outcomes", n), o.id) for n, o in enumerate(doc.outcomes)])
    unique("priority", [(loc, p.id) for loc, p in doc.all_priorities()])
    unique("action", [(loc, a.id) for loc, a in doc.all_actions()])
    unique("risk", [(loc, r.id) for loc, r in _all_risks(doc)])
    for n, outcome in enumerate(doc.outcomes):
        tags(("outcomes", n), outcome.tags)
        links(("outcomes", n), outcome.indicators)
        for field, values in (
            ("national_outcomes", outcome.national_outcomes),
            ("wellbeing", outcome.wellbeing),
        ):
            if len(set(values)) != len(values):
                problems.append(DocProblem(("outcomes", n, field), "a code is listed twice"))
    for loc, priority in doc.all_priorities():
        tags(loc, priority.tags)
        links(loc, priority.indicators)
    for loc, action in doc.all_actions():
        tags(loc, action.tags)
    return problems


def _all_risks(doc: StrategyDoc) -> Iterator[tuple[Loc, RiskDoc]]:
    def each(loc: Loc, risks: list[RiskDoc]) -> Iterator[tuple[Loc, RiskDoc]]:
        for n, risk in enumerate(risks):
            yield (*loc, "risks", n), risk

    yield from each((), doc.risks)
    for n, outcome in enumerate(doc.outcomes):
        yield from each(("outcomes", n), outcome.risks)
    for loc, priority in doc.all_priorities():
        yield from each(loc, priority.risks)
    for loc, action in doc.all_actions():
        yield from each(loc, action.risks)
