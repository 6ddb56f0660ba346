"""Check a definition against the data contract and itself.

Tables and columns must exist with the right types, filters must parse and type-check,
and the measure must fit the numerator and denominator (a DSR needs a population, a
mean a column ...). Every problem is a :class:`DefinitionError` naming the file, line
and field.
"""

from __future__ import annotations

import difflib

from placewell.data import codes
from placewell.data.contract import Table, TableKind
from placewell.data.schemas import TABLES
from placewell.errors import DefinitionError
from placewell.indicators.definition import Definition, Population, RecordCount, SumOf
from placewell.indicators.filter_check import Field, check
from placewell.indicators.filters import FilterError, Node, parse
from placewell.indicators.periods import PeriodType, baseline_type, parse_label
from placewell.stats.life_expectancy import LE_START_AGES

__all__ = ["check_definition", "parse_filter", "population_fields", "table_fields"]

DERIVED = {
    "age": "age in whole years at the record's date (from people.birth_date)",
    "sex": "sex (from people)",
    "datazone": "data zone of residence (from people)",
}
_RATE_MEASURES = {"crude_rate", "dsr", "isr", "life_expectancy"}
_NUMERIC = {"integer", "float"}


def table_fields(table: Table) -> dict[str, Field]:
    """Columns a filter on ``table`` may use: the contract's plus derived person fields."""
    fields = {
        c.name: Field(c.name, c.type.value, frozenset(c.codes) if c.codes else None, c.description)
        for c in table.columns
    }
    if "person_id" in fields:
        person_codes = {"sex": frozenset(codes.SEX)}
        for name, description in DERIVED.items():
            if name not in fields:
                kind = "integer" if name == "age" else "string"
                fields[name] = Field(name, kind, person_codes.get(name), description)
    return fields


def population_fields() -> dict[str, Field]:
    """Columns a population filter may use."""
    return {
        "age": Field("age", "integer", None, "single year of age (90 = 90 and over)"),
        "sex": Field("sex", "string", frozenset(codes.SEX), "sex"),
        "datazone": Field("datazone", "string", None, "data zone"),
    }


def parse_filter(
    definition: Definition, path: tuple[str | int, ...], text: str, fields: dict[str, Field]
) -> Node:
    """Parse and check a filter; errors name the file, line, field and position."""
    try:
        node = parse(text)
        check(node, fields)
    except FilterError as exc:
        raise DefinitionError(f"{definition.where(*path)}: {exc.describe()}") from None
    return node


class _Checker:
    def __init__(self, definition: Definition) -> None:
        self.d = definition

    def fail(self, path: tuple[str | int, ...], message: str) -> DefinitionError:
        return DefinitionError(f"{self.d.where(*path)}: {message}")

    def table(self, path: tuple[str | int, ...], name: str) -> Table:
        table = TABLES.get(name)
        usable = {n for n, t in TABLES.items() if t.kind in (TableKind.RECORD, TableKind.SYNTHETIC)}
        if table is None or name not in usable:
            close = difflib.get_close_matches(name, sorted(usable), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise self.fail(
                path,
                f"unknown record table {name!r}{hint}; tables are: {', '.join(sorted(usable))}",
            )
        return table

    def column(
        self,
        path: tuple[str | int, ...],
        fields: dict[str, Field],
        name: str,
        kinds: set[str],
        what: str,
    ) -> None:
        field = fields.get(name)
        if field is None:
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise self.fail(path, f"unknown column {name!r}{hint}")
        if field.type not in kinds:
            raise self.fail(path, f"column {name!r} is {field.type}, but {what}")

    def records(self, path: tuple[str | int, ...], spec: RecordCount) -> None:
        table = self.table((*path, "table"), spec.table)
        fields = table_fields(table)
        if "datazone" not in fields:
            raise self.fail(
                (*path, "table"), f"table {spec.table} has no datazone and no person_id"
            )
        placements = [p for p in ("date", "period_column", "interval") if getattr(spec, p)]
        if len(placements) != 1:
            raise self.fail(
                path,
                "give exactly one of date (a date column), period_column (a column of period "
                f"labels) or interval (start and end columns); found {placements or 'none'}",
            )
        if spec.date:
            self.column((*path, "date"), fields, spec.date, {"date"}, "date must be a date column")
        if spec.period_column:
            self.column(
                (*path, "period_column"),
                fields,
                spec.period_column,
                {"string"},
                "it must hold labels",
            )
            if self.d.period is PeriodType.ROLLING_3_YEAR:
                raise self.fail((*path, "period_column"), "rolling periods need a date column")
        if spec.interval:
            for side in ("start", "end"):
                name = getattr(spec.interval, side)
                self.column(
                    (*path, "interval", side), fields, name, {"date"}, "must be a date column"
                )
        if spec.filter:
            parse_filter(self.d, (*path, "filter"), spec.filter, fields)
        self.kind(path, spec, fields)

    def kind(
        self, path: tuple[str | int, ...], spec: RecordCount, fields: dict[str, Field]
    ) -> None:
        kind = spec.kind
        if kind == "sum":
            if not spec.column:
                raise self.fail((*path, "column"), "kind sum needs column: the column to add up")
            self.column(
                (*path, "column"), fields, spec.column, _NUMERIC, "sum needs a number column"
            )
        if kind == "count_distinct":
            self.column(
                (*path, "column"), fields, spec.column or "person_id", {"string", "integer"}, ""
            )
        if kind == "bed_days" and not spec.interval:
            raise self.fail((*path, "interval"), "bed_days needs interval: {start: ..., end: ...}")
        if kind in ("readmissions_within_days", "days_in_hospital_before_death"):
            if not spec.days:
                raise self.fail((*path, "days"), f"{kind} needs days (e.g. 28 or 183)")
            if not spec.date:
                raise self.fail((*path, "date"), f"{kind} needs date (discharge or death date)")
        if kind == "readmissions_within_days":
            for name in ("admission_date", "discharge_date", "person_id"):
                if name not in fields:
                    raise self.fail((*path, "table"), f"{kind} needs a table of stays with {name}")
            if spec.readmission_filter:
                parse_filter(self.d, (*path, "readmission_filter"), spec.readmission_filter, fields)
        if kind == "days_in_hospital_before_death":
            stays = self.table((*path, "stays_table"), spec.stays_table)
            stay_fields = table_fields(stays)
            for name in ("admission_date", "discharge_date", "person_id"):
                if name not in stay_fields:
                    raise self.fail((*path, "stays_table"), f"{spec.stays_table} has no {name}")
            if spec.stays_filter:
                parse_filter(self.d, (*path, "stays_filter"), spec.stays_filter, stay_fields)
        if spec.weight is not None and not isinstance(spec.weight, (int, float)):
            column = str(spec.weight).split("/")[0].strip()
            self.column((*path, "weight"), fields, column, _NUMERIC, "a weight must be a number")
            if "/" in str(spec.weight):
                try:
                    float(str(spec.weight).split("/", 1)[1])
                except ValueError:
                    raise self.fail(
                        (*path, "weight"), "write a weight as column / number"
                    ) from None
        if spec.weight is not None and kind not in ("count", "bed_days"):
            raise self.fail((*path, "weight"), "weight applies to kinds count and bed_days")

    def measure(self) -> None:
        d, m = self.d, self.d.measure
        den = d.denominator
        if m.kind in _RATE_MEASURES and (den is None or den.kind != "population"):
            raise self.fail(
                ("denominator",), f"measure {m.kind} needs denominator: {{kind: population}}"
            )
        if m.kind in ("proportion", "ratio", "weighted_proportion") and den is None:
            raise self.fail(("denominator",), f"measure {m.kind} needs a denominator")
        if m.kind == "within_standard":
            if not m.within:
                raise self.fail(("measure", "within"), "within_standard needs within: a condition")
            if den is not None:
                raise self.fail(
                    ("denominator",),
                    "within_standard uses the numerator's records as its denominator; remove denominator",
                )
            table = TABLES[d.numerator.table]
            parse_filter(d, ("measure", "within"), m.within, table_fields(table))
        if m.kind == "mean" and (d.numerator.kind != "sum" or not d.numerator.column):
            raise self.fail(
                ("numerator", "kind"), "measure mean needs numerator kind sum with column"
            )
        if m.kind == "weighted_proportion":
            for name, spec in (("numerator", d.numerator), ("denominator", den)):
                if not isinstance(spec, RecordCount) or not isinstance(spec.weight, str):
                    raise self.fail((name, "weight"), "weighted_proportion needs weight: a column")
        if m.kind == "life_expectancy" and m.age_start not in LE_START_AGES:
            raise self.fail(
                ("measure", "age_start"), f"age_start must be one of {list(LE_START_AGES)}"
            )
        if m.min_age is not None and m.max_age is not None and m.min_age > m.max_age:
            raise self.fail(("measure", "min_age"), "min_age is above max_age")

    def rest(self) -> None:
        d = self.d
        bands = d.breakdowns.age_bands
        if not bands or bands[0] != 0 or sorted(set(bands)) != bands or bands[-1] > 90:
            raise self.fail(
                ("breakdowns", "age_bands"),
                "age_bands are the ages each band starts at, increasing from 0 up to at most 90",
            )
        if not d.breakdowns.levels:
            raise self.fail(("breakdowns", "levels"), "give at least one geography level")
        for i, name in enumerate(d.comparators):
            if name not in ("parent", "country", "partnership", "health_board"):
                raise self.fail(
                    ("comparators", i),
                    f"unknown comparator {name!r}; use parent, country, partnership or health_board",
                )
        if d.comparison.method == "spc" and d.measure.kind not in (
            "proportion",
            "within_standard",
            "crude_rate",
            "dsr",
        ):
            raise self.fail(("comparison", "method"), "SPC comparison needs a proportion or a rate")
        if d.change_from is not None:
            try:
                parse_label(baseline_type(d.period), d.change_from.baseline)
            except DefinitionError as exc:
                raise self.fail(("change_from", "baseline"), str(exc)) from None


def check_definition(definition: Definition) -> Definition:
    """Check ``definition`` against the data contract; returns it unchanged when sound."""
    c = _Checker(definition)
    c.records(("numerator",), definition.numerator)
    den = definition.denominator
    if isinstance(den, Population):
        if den.filter:
            parse_filter(definition, ("denominator", "filter"), den.filter, population_fields())
    elif isinstance(den, SumOf):
        for i, part in enumerate(den.parts):
            c.records(("denominator", "parts", i), part)
    elif den is not None:
        c.records(("denominator",), den)
    c.measure()
    c.rest()
    return definition
