"""Compile definitions to Ibis expressions that aggregate in the backend.

Record-level rows never come into Python. Each count in a definition becomes one Ibis
expression grouped to *cells*: ``(period, datazone, sex, ageg)`` with the summed
``value``, the number of ``records`` behind it (for disclosure control) and, where a
measure needs it, ``value2`` (sum of squared weights or values). ``ageg`` numbers the
finest age groups any band of the indicator needs (its breakdown bands and, for DSRs
and life expectancy, the standard's bands). Everything above a data zone is rolled up
from these cells in :mod:`placewell.indicators.rollup`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from placewell.data.schemas import TABLES
from placewell.indicators.check import parse_filter, population_fields, table_fields
from placewell.indicators.definition import Definition, Population, RecordCount
from placewell.indicators.filter_check import check
from placewell.indicators.filter_ibis import to_ibis
from placewell.indicators.filters import parse
from placewell.indicators.kinds import days_before_death, person_column, readmissions
from placewell.indicators.periods import PeriodType, bounds, key_expr, label_key_expr

__all__ = [
    "CELL_KEYS",
    "Grain",
    "Records",
    "TableSource",
    "age_at",
    "aggregate",
    "hospital_days",
    "number",
    "population_cells",
    "readmitted",
    "record_cells",
    "weight_of",
    "with_people",
]

TableSource = Callable[[str], ir.Table]
CELL_KEYS = ("period", "datazone", "sex", "ageg")
UNKNOWN_SEX = "unknown"


@dataclass(frozen=True)
class Grain:
    """What the backend aggregates to: which periods, and the age group boundaries."""

    period: PeriodType
    keys: tuple[int, ...]
    age_breaks: tuple[int, ...]

    def periods_table(self) -> ir.Table:
        """A small in-memory table of the periods: key, first day, day after the last."""
        starts, ends = [], []
        for k in self.keys:
            first, last = bounds(self.period, k)
            starts.append(first)
            ends.append(last + dt.timedelta(days=1))
        data = pa.table(
            {
                "_key": pa.array(self.keys, pa.int64()),
                "_pstart": pa.array(starts, pa.date32()),
                "_pend": pa.array(ends, pa.date32()),
            }
        )
        return ibis.memtable(data)


def age_at(day: ir.DateValue, birth: ir.DateValue) -> ir.IntegerValue:
    """Age in whole years on ``day`` of someone born on ``birth``."""
    before_birthday = day.month() * 100 + day.day() < birth.month() * 100 + birth.day()
    age = day.year() - birth.year() - ibis.ifelse(before_birthday, 1, 0)
    return age.cast("int64")


def age_groups(age: ir.IntegerValue, breaks: Sequence[int]) -> ir.IntegerValue:
    """Index of the age group (``breaks`` are the ages groups start at); -1 if unknown."""
    if len(breaks) == 1:
        group: ir.Value = ibis.literal(0)
    else:
        group = ibis.cases(*((age < b, i) for i, b in enumerate(breaks[1:])), else_=len(breaks) - 1)
    return ibis.ifelse(age.isnull(), -1, group).cast("int64")


def number(x: float) -> ir.FloatingValue:
    """A float constant every backend types as double (PostgreSQL reads 1.0 as numeric)."""
    one = ibis.literal(1).cast("float64")
    return one if x == 1 else one * float(x)


def weight_of(t: ir.Table, weight: float | str | None) -> tuple[ir.Value, bool]:
    """The weight of each record and whether it varies (a column)."""
    if weight is None:
        return number(1), False
    if isinstance(weight, (int, float)):
        return number(weight), False
    column, _, divisor = str(weight).partition("/")
    value = t[column.strip()].cast("float64")
    if divisor.strip():
        value = value / float(divisor)
    return value, True


def with_people(source: TableSource, t: ir.Table, table: str) -> ir.Table:
    """``t`` (rows of ``table``) with each person's data zone, sex and birth date.

    Joined on the warehouse's integer person keys where both sides have them
    (:mod:`placewell.data.person_keys`), else on ``person_id``.
    """
    p = source("people")
    who = person_column(t, p)
    p = p.select(_pp=p[who], _pdz=p.datazone, _psex=p.sex, _pbirth=p.birth_date)
    how = "left" if "datazone" in TABLES[table].column_names else "inner"
    return t.join(p, t[who] == p._pp, how=how)


class Records:
    """Builds the record-level expression of one count, up to the aggregation."""

    def __init__(self, source: TableSource, spec: RecordCount, grain: Grain) -> None:
        self.source = source
        self.spec = spec
        self.grain = grain
        self.contract = TABLES[spec.table]

    def needs_person(self, filter_text: str | None) -> bool:
        """Whether a filter uses a person's age, sex or data zone from ``people``."""
        if not filter_text:
            return False
        used = check(parse(filter_text), table_fields(self.contract))
        return bool(used & ({"age", "sex", "datazone"} - set(self.contract.column_names)))

    def persons(
        self, filter_text: str | None = None, *, cells: bool = True, base: ir.Table | None = None
    ) -> ir.Table:
        """The table (or ``base``, rows of it) with ``_dz``, ``_sex`` and ``_age``.

        ``cells=False``: the rows only feed a join (the other side of a readmission,
        the stays before a death), so people are joined only if ``filter_text`` uses a
        person's age, sex or data zone.
        """
        spec = self.spec
        t = base if base is not None else self.source(spec.table)
        cols = set(self.contract.column_names)
        has_person = "person_id" in cols
        if not cells and not self.needs_person(filter_text):
            return t
        if has_person and not {"datazone", "sex", "age"} <= cols:
            t = with_people(self.source, t, spec.table)
        ref = None
        if spec.date:
            ref = t[spec.date]
        elif spec.interval:
            ref = t[spec.interval.start]
        if "age" in cols:
            age: ir.Value = t.age.cast("int64")
        elif has_person and ref is not None:
            age = age_at(ref, t._pbirth)
        else:
            age = ibis.null("int64")
        sex = t.sex if "sex" in cols else (t._psex if has_person else ibis.null("string"))
        dz = t.datazone if "datazone" in cols else t._pdz
        return t.mutate(_dz=dz, _sex=sex.fill_null(UNKNOWN_SEX), _age=age)

    def condition(
        self, t: ir.Table, definition: Definition, path: tuple[str | int, ...], text: str | None
    ) -> ir.BooleanValue:
        """A filter as a boolean column of ``t`` (true when there is no filter)."""
        if not text:
            return ibis.literal(True)
        node = parse_filter(definition, path, text, table_fields(self.contract))
        derived = {"age": "_age", "sex": "_sex", "datazone": "_dz"}
        own = set(self.contract.column_names)

        def resolve(name: str) -> ir.Value:
            return t[name] if name in own else t[derived[name]]

        return to_ibis(node, resolve)

    def filtered(
        self, t: ir.Table, definition: Definition, path: tuple[str | int, ...], text: str | None
    ) -> ir.Table:
        return t.filter(self.condition(t, definition, path, text)) if text else t

    def placed(self, t: ir.Table) -> ir.Table:
        """Add ``_pkey`` (and for intervals ``_pstart``/``_pend``) for the reported periods."""
        spec, grain = self.spec, self.grain
        keys = list(grain.keys)
        if spec.interval is not None:
            p = grain.periods_table()
            start, end = t[spec.interval.start], t[spec.interval.end]
            open_end = end.fill_null(ibis.date(9999, 12, 31))
            if spec.kind == "bed_days":  # nights: the end day is not a bed day
                cond = [start < p._pend, open_end > p._pstart]
            elif spec.active == "overlap":  # active on any day, end day included
                cond = [start < p._pend, open_end >= p._pstart]
            else:  # active on the last day of the period
                last = p._pend - ibis.interval(days=1)
                cond = [start <= last, end.isnull() | (end >= last)]
            j = t.join(p, cond)
            return j.mutate(_pkey=j._key)
        if spec.period_column:
            key = label_key_expr(grain.period, t[spec.period_column])
        else:
            assert spec.date is not None
            key = key_expr(grain.period, t[spec.date])
        t = t.mutate(_pkey=key)
        if grain.period is PeriodType.ROLLING_3_YEAR:  # a year belongs to three windows
            shifted = [t.mutate(_pkey=(t._pkey + i).cast("int64")) for i in (1, 2)]
            t = t.union(*shifted)
        return t.filter(t._pkey.isin(keys))


def _distinct(t: ir.Table, column: str, grain: Grain) -> ir.Table:
    """One row per person (or other id) and period, aged on the period's last day.

    Taking the age on a fixed day of the period (not at one of the person's records)
    puts a person in the same age group in every count of an indicator, so a
    numerator of people is always a subset of its denominator, band by band.
    """
    t = t.filter(t[column].notnull())
    metrics = {"_dz": t._dz.min(), "_sex": t._sex.min(), "_age": t._age.min()}
    if "_pbirth" in t.columns:
        metrics["_birth"] = t._pbirth.min()
    t = t.group_by(_pkey=t._pkey, _pid=t[column]).aggregate(**metrics)
    if "_birth" in t.columns:
        p = grain.periods_table()
        t = t.join(p, t._pkey == p._key)
        t = t.mutate(_age=age_at(t._pend - ibis.interval(days=1), t._birth))
    return t.mutate(_v=number(1))


def record_cells(
    source: TableSource,
    definition: Definition,
    spec: RecordCount,
    grain: Grain,
    *,
    path: tuple[str | int, ...],
    extra_filter: tuple[tuple[str | int, ...], str] | None = None,
    squares: bool = False,
) -> ir.Table:
    """Cells of a count of records: ``period, datazone, sex, ageg, value, records[, value2]``.

    ``extra_filter`` (path, text) narrows the records further (``within`` of a
    standard). ``squares`` adds ``value2``, the sum of squared values (for means).
    """
    r = Records(source, spec, grain)
    if spec.kind == "readmissions_within_days" and not r.needs_person(spec.filter):
        # find the readmitted discharges first: people are then joined to far fewer rows
        raw = r.filtered(source(spec.table), definition, (*path, "filter"), spec.filter)
        t = r.placed(r.persons(base=readmitted(r, definition, spec, raw, path)))
        return aggregate(t.mutate(_ageg=age_groups(t._age, grain.age_breaks)), weighted=False)
    t = r.persons()
    t = r.filtered(t, definition, (*path, "filter"), spec.filter)
    if extra_filter is not None:
        t = r.filtered(t, definition, extra_filter[0], extra_filter[1])
    if spec.kind == "sum":
        assert spec.column is not None
        value = t[spec.column]
        t = t.filter(value.notnull() & ~value.cast("float64").isnan())
    t = r.placed(t)
    weighted = False
    if spec.kind == "readmissions_within_days":
        t = readmitted(r, definition, spec, t, path)
    elif spec.kind == "days_in_hospital_before_death":
        t = hospital_days(source, definition, spec, grain, t, path)
    elif spec.kind == "bed_days":
        assert spec.interval is not None
        end = ibis.least(t[spec.interval.end].fill_null(t._pend), t._pend)
        days = end.delta(ibis.greatest(t[spec.interval.start], t._pstart), unit="day")
        weight, weighted = weight_of(t, spec.weight)
        t = t.mutate(_v=days.cast("float64") * weight)
    elif spec.kind == "sum":
        assert spec.column is not None
        t = t.mutate(_v=t[spec.column].cast("float64"))
        weighted = squares
    elif spec.kind == "count_distinct":
        t = _distinct(t, spec.column or "person_id", grain)
    else:
        weight, weighted = weight_of(t, spec.weight)
        t = t.mutate(_v=weight)
    return aggregate(t.mutate(_ageg=age_groups(t._age, grain.age_breaks)), weighted=weighted)


def hospital_days(
    source: TableSource,
    definition: Definition,
    spec: RecordCount,
    grain: Grain,
    t: ir.Table,
    path: tuple[str | int, ...],
    keep: tuple[str, ...] = (),
) -> ir.Table:
    """Deaths with ``_v``: days in hospital (or in the community) before death."""
    assert spec.date is not None and spec.days is not None
    s = Records(source, RecordCount(table=spec.stays_table, date="admission_date"), grain)
    text = spec.stays_filter
    stays = s.filtered(s.persons(text, cells=False), definition, (*path, "stays_filter"), text)
    return days_before_death(
        t, stays, date=spec.date, days=spec.days, complement=spec.complement, keep=keep
    )


def readmitted(
    r: Records,
    definition: Definition,
    spec: RecordCount,
    t: ir.Table,
    path: tuple[str | int, ...],
    *,
    stays: ir.Table | None = None,
    key: str | None = None,
) -> ir.Table:
    """The discharges of ``t`` followed by a readmission (see :func:`readmissions`).

    ``stays`` (default: the whole table) are searched for readmissions; ``key`` (default:
    the table's primary key) tells a stay from the discharge it follows.
    """
    assert spec.date is not None and spec.days is not None
    text = spec.readmission_filter
    again = r.filtered(
        r.persons(text, cells=False, base=stays), definition, (*path, "readmission_filter"), text
    )
    key = key or r.contract.primary_key[0]
    return readmissions(t, again, key=key, date=spec.date, days=spec.days)


def aggregate(t: ir.Table, *, weighted: bool) -> ir.Table:
    """Sum ``_v`` into cells ``(period, datazone, sex, ageg)``."""
    metrics = {"value": t._v.sum().cast("float64"), "records": t.count().cast("int64")}
    if weighted:
        metrics["value2"] = (t._v * t._v).sum().cast("float64")
    return t.group_by(period=t._pkey, datazone=t._dz, sex=t._sex, ageg=t._ageg).aggregate(**metrics)


def population_cells(
    source: TableSource,
    definition: Definition,
    spec: Population,
    grain: Grain,
    years: dict[int, list[int]],
) -> ir.Table:
    """Cells of the population: ``period, datazone, sex, ageg, value, records``.

    ``years`` maps each period key to the mid-year estimates that make its population
    (already moved to the nearest available year).
    """
    pop = source("population")
    if spec.filter:
        node = parse_filter(definition, ("denominator", "filter"), spec.filter, population_fields())
        pop = pop.filter(to_ibis(node, lambda name: pop[name]))
    pairs = [(y, k) for k, ys in years.items() for y in ys]
    mapping = ibis.memtable(
        pa.table(
            {
                "_year": pa.array([y for y, _ in pairs], pa.int64()),
                "_period": pa.array([k for _, k in pairs], pa.int64()),
            }
        )
    )
    j = pop.join(mapping, pop.year.cast("int64") == mapping._year)
    j = j.mutate(_ageg=age_groups(j.age.cast("int64"), grain.age_breaks))
    return j.group_by(period=j._period, datazone=j.datazone, sex=j.sex, ageg=j._ageg).aggregate(
        value=j.population.sum().cast("float64"), records=j.count().cast("int64")
    )


def coverage_expr(source: TableSource, spec: RecordCount) -> ir.Table:
    """First and last dates of the table a count reads (to choose whole periods)."""
    t = source(spec.table)
    if spec.interval is not None:
        start, end = t[spec.interval.start], t[spec.interval.end]
        return t.aggregate(first=start.min(), last=ibis.greatest(start.max(), end.max()))
    if spec.period_column:
        return t.select(label=t[spec.period_column]).distinct()
    assert spec.date is not None
    return t.aggregate(first=t[spec.date].min(), last=t[spec.date].max())
