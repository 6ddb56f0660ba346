"""Numerator kinds beyond a filtered count, compiled to Ibis joins.

``readmissions_within_days``
    For each discharge (a stay matching the numerator's filter, placed in a period
    by its discharge date): 1 if the same person has *another* stay matching
    ``readmission_filter`` (usually ``admission_type in @emergency``) admitted on the
    day of discharge or up to ``days`` days after it, else 0. The numerator counts
    discharges followed by a readmission, as Public Health Scotland's NI-14 does, so a
    discharge is counted once however many readmissions follow. A self-join by person
    (a semi join) in the backend.

``days_in_hospital_before_death``
    For each death (placed by date of death): the days in hospital during the
    ``days`` days before death, from stays matching ``stays_filter`` that overlap the
    window ``[death - days, death)``, capped at ``days``; with ``complement: true`` the
    days *not* in hospital (in the community), as PHS's NI-15 counts them.
"""

from __future__ import annotations

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir

from placewell.data.person_keys import PERSON_KEY

__all__ = [
    "days_before_death",
    "numbers_rows",
    "person_column",
    "readmissions",
    "with_day_numbers",
]


def readmissions(
    discharges: ir.Table, stays: ir.Table, *, key: str, date: str, days: int
) -> ir.Table:
    """The discharges followed by a readmission within ``days`` (``_v`` = 1)."""
    # dates as day numbers, computed once per row: the comparisons per candidate pair
    # are then integer ones (a date plus an interval is a timestamp, cast for each pair)
    who = person_column(discharges, stays)
    a = stays.select(_rp=stays[who], _rday=stays.admission_date.epoch_days(), _rid=stays[key])
    d = discharges
    if "_dlast" not in d.columns:  # (a caller may have added them: with_day_numbers)
        d = with_day_numbers(d, date=date, days=days)
    preds = [
        d[who] == a._rp,
        a._rday >= d._dday,
        a._rday <= d._dlast,
        d[key] != a._rid,
    ]
    # only the discharges followed by a readmission: the others add nothing to the
    # numerator, and the denominator counts every discharge
    found = d.semi_join(a, preds).drop("_dday", "_dlast")
    return found.mutate(_v=ibis.literal(1).cast("float64"))


def person_column(*tables: ir.Table) -> str:
    """The column to match people on: the warehouse's integer key if all tables have it.

    (:mod:`placewell.data.person_keys`; tables from other engines, or loaded before
    the keys existed, match on ``person_id``.)
    """
    keyed = all(PERSON_KEY in t.columns for t in tables)
    return PERSON_KEY if keyed else "person_id"


def numbers_rows(t: ir.Table) -> bool:
    """Whether ``t`` is a stored table whose engine numbers its rows (DuckDB's ``rowid``).

    A row number identifies a record within one query more cheaply than a text key.
    PostgreSQL's and Spark's row identifiers are not integers, so they keep the key.
    """
    op = t.op()
    return isinstance(op, ops.DatabaseTable) and getattr(op.source, "name", "") == "duckdb"


def with_day_numbers(discharges: ir.Table, *, date: str, days: int) -> ir.Table:
    """Discharges with ``_dday`` (the discharge's day number) and ``_dlast`` (+ ``days``)."""
    day = discharges[date].epoch_days()
    return discharges.mutate(_dday=day, _dlast=day + days)


def days_before_death(
    deaths: ir.Table,
    stays: ir.Table,
    *,
    date: str,
    days: int,
    complement: bool,
    keep: tuple[str, ...] = (),
) -> ir.Table:
    """Deaths with ``_v`` = hospital days in the ``days`` before death (or the complement).

    ``keep`` names further columns of ``deaths`` to carry through.
    """
    who = person_column(deaths, stays)
    s = stays.select(_sp=stays[who], _sadm=stays.admission_date, _sdis=stays.discharge_date)
    key = [] if who == "person_id" else [who]
    d = deaths.select("person_id", *key, date, "_pkey", "_dz", "_sex", "_age", *keep)
    died = d[date]
    window = died - ibis.interval(days=days)
    j = d.left_join(s, [d[who] == s._sp, s._sadm < died, s._sdis.fill_null(died) > window])
    died_j = j[date]
    start = ibis.greatest(j._sadm, died_j - ibis.interval(days=days))
    end = ibis.least(j._sdis.fill_null(died_j), died_j)
    # GREATEST/LEAST skip NULLs on every engine, so a death without stays needs a guard
    overlap = ibis.ifelse(j._sp.isnull(), 0, end.delta(start, unit="day")).cast("float64")
    g = j.group_by("person_id", "_pkey", "_dz", "_sex", "_age", *keep).aggregate(
        _h=overlap.sum().fill_null(0.0)
    )
    hospital = ibis.least(g._h, float(days))
    value = (float(days) - hospital) if complement else hospital
    return g.mutate(_v=value.cast("float64"))
