"""Indicator definitions: written once, as YAML, validated with pydantic.

An indicator says what to count (the numerator: a table, a filter, how to count and
which date places a record in a period), what to divide by (a population or another
count), which measure to report (proportion, crude rate, DSR, ...) for which periods
and breakdowns, and how to judge it (polarity, targets, comparators). See
``docs/indicators.md`` for the format with a full example.

:func:`load_definition` reads a file and reports every mistake with the file, line
and field, e.g. ``ni12.yaml line 7, numerator.filter: unknown column 'admision_type'
(did you mean admission_type?)``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
)
from pydantic import ValidationError as PydanticValidationError

from placewell.errors import DefinitionError
from placewell.indicators._yaml import Located, load_located
from placewell.indicators.periods import PeriodType

__all__ = [
    "ENGINE_VERSION",
    "Breakdowns",
    "Definition",
    "Measure",
    "Population",
    "RecordCount",
    "SumOf",
    "load_definition",
    "parse_definition",
]

#: Bumped when the engine computes differently, so stored results are recomputed.
ENGINE_VERSION = "1"

Level = Literal["datazone", "intzone", "locality", "partnership", "health_board", "country"]
BreakdownName = Literal["sex", "age_band", "simd_national_quintile", "simd_local_quintile"]
Outcome = Literal[
    "NHWO-1", "NHWO-2", "NHWO-3", "NHWO-4", "NHWO-5", "NHWO-6", "NHWO-7", "NHWO-8", "NHWO-9"
]
NumeratorKind = Literal[
    "count",
    "count_distinct",
    "sum",
    "bed_days",
    "readmissions_within_days",
    "days_in_hospital_before_death",
]
MeasureKind = Literal[
    "count",
    "proportion",
    "crude_rate",
    "dsr",
    "isr",
    "mean",
    "life_expectancy",
    "within_standard",
    "weighted_proportion",
    "ratio",
]
ALL_LEVELS: list[Level] = [
    "datazone",
    "intzone",
    "locality",
    "partnership",
    "health_board",
    "country",
]
ALL_BREAKDOWNS: list[BreakdownName] = [
    "sex",
    "age_band",
    "simd_national_quintile",
    "simd_local_quintile",
]
DEFAULT_MULTIPLIERS: dict[str, float] = {
    "count": 1,
    "proportion": 100,
    "within_standard": 100,
    "weighted_proportion": 100,
    "ratio": 100,
    "crude_rate": 100_000,
    "dsr": 100_000,
    "isr": 100_000,
    "mean": 1,
    "life_expectancy": 1,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Interval(_Strict):
    """Start and end date columns of records that last (stays, episodes, services)."""

    start: str
    end: str


class RecordCount(_Strict):
    """Records of a contract table, counted (or summed) into periods.

    Placement: ``date`` (the record's period is the one containing that date),
    ``period_column`` (a column already holding a period label, e.g. a survey year) or
    ``interval`` (records lasting from ``start`` to ``end``; ``bed_days`` counts the
    days inside each period, count kinds count records ``active`` in the period: any
    day of it, ``overlap``, or on its last day, ``end``).
    """

    kind: NumeratorKind = "count"
    table: str
    filter: str | None = None
    date: str | None = None
    period_column: str | None = None
    interval: Interval | None = None
    active: Literal["overlap", "end"] = "overlap"
    column: str | None = None
    weight: float | str | None = None
    days: int | None = Field(default=None, ge=1, le=3650)
    readmission_filter: str | None = None
    stays_table: str = "hospital_stays"
    stays_filter: str | None = None
    complement: bool = False


class Population(_Strict):
    """The resident population (mid-year estimates), optionally filtered by age and sex."""

    kind: Literal["population"]
    filter: str | None = None


class SumOf(_Strict):
    """The sum of several counts (e.g. hospital and social care spending, for NI-20)."""

    kind: Literal["sum_of"]
    parts: list[RecordCount] = Field(min_length=1)


def _denominator_tag(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if kind in ("population", "sum_of") else "records"


Denominator = Annotated[
    Annotated[Population, Tag("population")]
    | Annotated[SumOf, Tag("sum_of")]
    | Annotated[RecordCount, Tag("records")],
    Discriminator(_denominator_tag),
]


class Measure(_Strict):
    kind: MeasureKind
    multiplier: float | None = Field(default=None, gt=0)
    standard: Literal["esp2013", "esp1976"] = "esp2013"
    min_age: int | None = Field(default=None, ge=0, le=90)
    max_age: int | None = Field(default=None, ge=0, le=120)
    within: str | None = None
    age_start: int = 0
    ratio: Literal["ratio", "rate"] = "ratio"
    refvalue: float = Field(default=100, gt=0)

    @property
    def scale(self) -> float:
        """The multiplier, or the measure's usual one (100 for percentages ...)."""
        return float(self.multiplier or DEFAULT_MULTIPLIERS[self.kind])


class Breakdowns(_Strict):
    levels: list[Level] = Field(default_factory=lambda: list(ALL_LEVELS))
    by: list[BreakdownName] = Field(default_factory=lambda: list(ALL_BREAKDOWNS))
    age_bands: list[int] = Field(default_factory=lambda: [0, 18, 45, 65, 75, 85])


class Target(_Strict):
    value: float
    direction: Literal["at_least", "at_most"]
    label: str = ""


class Comparison(_Strict):
    method: Literal[1, 12, 17, "spc"] = 1

    @field_validator("method", mode="before")
    @classmethod
    def _numeric_text(cls, value: Any) -> Any:
        return int(value) if isinstance(value, str) and value.isdigit() else value


class Disclosure(_Strict):
    threshold: int = Field(default=5, ge=1)
    suppress_zero: bool = False


class Baseline(_Strict):
    baseline: str


class SpcSettings(_Strict):
    min_points: int = Field(default=12, ge=2)


class Metadata(_Strict):
    source: str
    follows: str = ""
    caveats: list[str] = Field(default_factory=list)
    notes: str = ""


class Definition(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
    title: str = Field(min_length=1)
    description: str = ""
    outcomes: list[Outcome] = Field(default_factory=list)
    numerator: RecordCount
    denominator: Denominator | None = None
    measure: Measure
    period: PeriodType
    breakdowns: Breakdowns = Field(default_factory=Breakdowns)
    polarity: Literal["low_is_good", "high_is_good", "no_judgement"] = "no_judgement"
    targets: list[Target] = Field(default_factory=list)
    comparators: list[str] = Field(default_factory=lambda: ["parent", "country"])
    comparison: Comparison = Field(default_factory=Comparison)
    disclosure: Disclosure = Field(default_factory=Disclosure)
    change_from: Baseline | None = None
    spc: SpcSettings = Field(default_factory=SpcSettings)
    metadata: Metadata

    _source: str = PrivateAttr(default="<definition>")
    _located: Located | None = PrivateAttr(default=None)

    @property
    def source(self) -> str:
        """Where the definition was read from (for messages and the export)."""
        return self._source

    @property
    def hash(self) -> str:
        """A hash of the definition's content and the engine version (for recompute)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(f"{ENGINE_VERSION}\n{text}".encode()).hexdigest()[:16]

    def where(self, *path: str | int) -> str:
        """``file line N, field`` of a field of this definition (for error messages)."""
        if self._located is not None:
            return self._located.where(path)
        return f"{self._source}, {'.'.join(str(p) for p in path)}"


def _fields_of(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Field names of the model at ``path`` (for 'did you mean' on unknown fields)."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        ann = info.annotation
        candidates = [ann, *getattr(ann, "__args__", ())]
        current = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if current is None:
            for c in getattr(ann, "__args__", ()):
                inner = [*getattr(c, "__args__", ()), c]
                current = next(
                    (x for x in inner if isinstance(x, type) and issubclass(x, BaseModel)), None
                )
                if current is not None:
                    break
    return list(getattr(current, "model_fields", {}))


def _explain(error: Any, located: Located) -> str:
    loc = tuple(p for p in error["loc"] if p not in ("population", "records", "sum_of"))
    if error["type"] == "extra_forbidden":
        name = str(loc[-1])
        known = _fields_of(Definition, loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        where = located.where(loc)
        return f"{where}: unknown field {name!r}{hint}; fields here are: {', '.join(known)}"
    msg = error["msg"]
    if error["type"] == "missing":
        msg = "required field is missing"
    return f"{located.where(loc)}: {msg}"


def parse_definition(located: Located) -> Definition:
    """Validate parsed YAML as a definition; the first error names file, line and field."""
    if not isinstance(located.data, dict):
        raise DefinitionError(f"{located.source}: a definition must be a YAML mapping of fields")
    try:
        definition = Definition.model_validate(located.data)
    except PydanticValidationError as exc:
        errors = exc.errors()
        first = _explain(errors[0], located)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise DefinitionError(first + (more if len(errors) > 1 else "")) from None
    definition._source = located.source
    definition._located = located
    return definition


def load_definition(
    path: str | Path, *, source: str | None = None, check: bool = True
) -> Definition:
    """Read, validate and (by default) check a definition file against the data contract."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError(f"cannot read indicator definition {file}: {exc.strerror}") from None
    definition = parse_definition(load_located(text, source or str(path)))
    if check:
        from placewell.indicators.check import check_definition

        check_definition(definition)
    return definition
