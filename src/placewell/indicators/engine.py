"""The indicator engine: compute definitions for every area, period and breakdown.

For each definition: find the whole periods the data cover; compile the numerator
and denominator to Ibis expressions aggregated to data-zone cells in the backend;
roll up to every level and breakdown; compute the measure, comparisons, trend, SPC,
suppression and inequality with :mod:`placewell.stats`; store the results. An
indicator whose definition hash and input fingerprints match its stored run is
skipped unless ``force`` is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa

from placewell.engine.backends import Backend
from placewell.errors import PlacewellError, WorkspaceError
from placewell.geography.hierarchy import LEVELS, AreaHierarchy
from placewell.indicators import periods as P
from placewell.indicators.compile import Grain, coverage_expr, population_cells, record_cells
from placewell.indicators.definition import Definition, Population, RecordCount, SumOf
from placewell.indicators.enrich import KEY_COLUMNS, enrich
from placewell.indicators.inequality import inequality
from placewell.indicators.measures import compute_measure
from placewell.indicators.paired import pair_of, paired_cells
from placewell.indicators.pipeline import Prefetcher, Writer
from placewell.indicators.results import (
    INEQUALITY_SCHEMA,
    RESULT_SCHEMA,
    RunRecord,
    last_runs,
    store,
    to_arrow,
)
from placewell.indicators.rollup import AgeLayout, Geography, age_layout, roll_up

__all__ = ["Context", "Fetched", "Outcome", "compute_definition", "fetch", "judge", "run"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Outcome:
    """What happened to one indicator in a run."""

    indicator: str
    status: str  # computed, unchanged, failed
    rows: int = 0
    seconds: float = 0.0
    message: str = ""
    results: pd.DataFrame | None = None


class Context:
    """What every indicator of a run shares: geography, deprivation, population years."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        areas = backend.execute(
            backend.table("areas").select("area_code", "area_name", "level", "parent_code")
        )
        if areas.empty:
            raise WorkspaceError("the areas table is empty; load the geography first")
        self.hierarchy = AreaHierarchy.from_frame(areas)
        self.lookup = self.hierarchy.lookup()
        self.names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
        self.levels = ["datazone", *[lv for lv in LEVELS[1:] if lv in self.lookup.columns]]
        self.simd = self._deprivation()
        self.pop_years = self._population_years()
        self._coverage: dict[tuple[object, ...], tuple[dt.date, dt.date] | set[str] | None] = {}
        tops: list[str] = (
            [str(t) for t in self.lookup["country"].dropna().unique()]
            if "country" in self.lookup
            else []
        )
        self.top: str | None = str(tops[0]) if len(tops) == 1 else None
        self.geography = Geography(self.lookup, self.simd, self.names)
        self._parents: dict[tuple[str, ...], dict[str, pd.Series]] = {}
        self.source = backend.table

    def _deprivation(self) -> pd.DataFrame:
        b = self.backend
        if not b.has_table("area_deprivation"):
            return pd.DataFrame(columns=["national_quintile", "local_quintile"])
        t = b.table("area_deprivation")
        frame = b.execute(
            t.select("datazone", "simd_version", "national_quintile", "local_quintile")
        )
        frame = frame.sort_values("simd_version").drop_duplicates("datazone", keep="last")
        return frame.set_index("datazone")[["national_quintile", "local_quintile"]]

    def _population_years(self) -> list[int]:
        b = self.backend
        if not b.has_table("population"):
            return []
        t = b.table("population")
        return sorted(int(y) for y in b.execute(t.select("year").distinct())["year"])

    def year_map(self, kind: P.PeriodType, keys: Sequence[int]) -> dict[int, list[int]]:
        """Population years per period, each moved to the nearest year available."""
        if not self.pop_years:
            raise WorkspaceError("the population table is empty; load population estimates")
        years = np.asarray(self.pop_years)

        def nearest(y: int) -> int:
            return int(years[np.argmin(np.abs(years - y) * 2 + (years > y))])

        return {k: [nearest(y) for y in P.population_years(kind, k)] for k in keys}

    def coverage(self, spec: RecordCount) -> tuple[dt.date, dt.date] | set[str] | None:
        """Date span (or period keys, for label columns) of a count's table; cached."""
        cache_key = (spec.table, spec.date, spec.period_column, spec.interval)
        if cache_key not in self._coverage:
            frame = self.backend.execute(coverage_expr(self.backend.table, spec))
            if spec.period_column:
                found: tuple[dt.date, dt.date] | set[str] | None = {
                    str(v) for v in frame["label"].dropna()
                }
            elif frame.empty or pd.isna(frame["first"].iloc[0]):
                found = None
            else:
                found = (_as_date(frame["first"].iloc[0]), _as_date(frame["last"].iloc[0]))
            self._coverage[cache_key] = found
        return self._coverage[cache_key]

    def parents(self, definition: Definition) -> dict[str, pd.Series]:
        """Comparator areas: each area's parent among the definition's levels, and ancestors."""
        used: list[str] = [lv for lv in self.levels if lv in definition.breakdowns.levels]
        if tuple(used) not in self._parents:
            self._parents[tuple(used)] = self._parents_of(used)
        return self._parents[tuple(used)]

    def _parents_of(self, used: list[str]) -> dict[str, pd.Series]:
        out: dict[str, pd.Series] = {}
        pieces = []
        lookup = self.lookup.reset_index()
        for i, level in enumerate(used[:-1]):
            higher = [lv for lv in used[i + 1 :] if lv in lookup.columns]
            if not higher:
                continue
            parent = lookup[higher].bfill(axis=1).iloc[:, 0]
            pieces.append(pd.Series(parent.to_numpy(), index=lookup[level].to_numpy()))
        if pieces:
            both = pd.concat(pieces)
            out["parent"] = both[~both.index.duplicated()].dropna()
        for name in ("partnership", "health_board"):
            if name in lookup.columns:
                below = [lv for lv in self.levels if LEVELS.index(lv) < LEVELS.index(name)]
                series = [
                    pd.Series(lookup[name].to_numpy(), index=lookup[lv].to_numpy()) for lv in below
                ]
                if series:
                    both = pd.concat(series)
                    out[name] = both[~both.index.duplicated()].dropna()
        return out


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _specs(definition: Definition) -> list[RecordCount]:
    out = [definition.numerator]
    den = definition.denominator
    if isinstance(den, RecordCount):
        out.append(den)
    elif isinstance(den, SumOf):
        out.extend(den.parts)
    return out


def period_keys(ctx: Context, definition: Definition) -> list[int]:
    """Whole periods covered by every table the indicator counts from."""
    kind = definition.period
    keys: set[int] | None = None
    for spec in _specs(definition):
        found = ctx.coverage(spec)
        if found is None:
            return []
        if isinstance(found, set):
            mine = {P.parse_label(kind, text) for text in found}
        else:
            first, last = found
            lag = (spec.days or 0) if spec.kind == "readmissions_within_days" else 0
            if spec.kind == "days_in_hospital_before_death":
                stays = ctx.coverage(RecordCount(table=spec.stays_table, date="admission_date"))
                if not isinstance(stays, tuple):
                    return []
                first = max(first, stays[0] + dt.timedelta(days=spec.days or 0))
            mine = set(P.covered_keys(kind, first, last, lag_days=lag))
        keys = mine if keys is None else keys & mine
    return sorted(keys or [])


def tables_read(definition: Definition) -> list[str]:
    """The contract tables an indicator reads (for its data fingerprint)."""
    names = {"areas", "area_deprivation"}
    for spec in _specs(definition):
        names.update({spec.table, "people"})
        if spec.kind == "days_in_hospital_before_death":
            names.add(spec.stays_table)
    if isinstance(definition.denominator, Population):
        names.add("population")
    return sorted(names)


@dataclass(frozen=True)
class Fetched:
    """The backend's part of one definition: its data-zone cells (or nothing to do)."""

    definition: Definition
    layout: AgeLayout | None = None
    num: pa.Table | None = None
    den: pa.Table | None = None
    has_denominator: bool = False


def fetch(ctx: Context, definition: Definition) -> Fetched:
    """Everything one definition asks of the backend: periods, then its cells.

    Only this step touches the backend, so a run can fetch the next definition's
    cells while it judges the current one (see :func:`run`).
    """
    keys = period_keys(ctx, definition)
    if not keys:
        return Fetched(definition)
    layout = age_layout(definition)
    grain = Grain(definition.period, tuple(keys), layout.breaks)
    source = ctx.source
    m = definition.measure
    pair = pair_of(definition)
    if pair is not None:
        both = ctx.backend.execute_all(
            [paired_cells(source, definition, *pair[:2], grain, pair[2])]
        )
        num, den_cells = _split(both[0])
        return Fetched(definition, layout, num, den_cells, has_denominator=True)
    extra = (("measure", "within"), m.within) if m.kind == "within_standard" and m.within else None
    num_expr = record_cells(
        source,
        definition,
        definition.numerator,
        grain,
        path=("numerator",),
        extra_filter=extra,
        squares=m.kind == "mean",
    )
    den = definition.denominator
    if m.kind == "within_standard":
        den_expr = record_cells(
            source, definition, definition.numerator, grain, path=("numerator",)
        )
    elif den is None:
        den_expr = None
    elif isinstance(den, Population):
        den_expr = population_cells(
            source, definition, den, grain, ctx.year_map(definition.period, keys)
        )
    elif isinstance(den, SumOf):  # the parts' cells are summed in the roll-up
        parts = [
            record_cells(source, definition, part, grain, path=("denominator", "parts", i))
            for i, part in enumerate(den.parts)
        ]
        frames = ctx.backend.execute_all([num_expr, *parts])
        den_cells = pa.concat_tables(frames[1:], promote_options="default")
        return Fetched(definition, layout, frames[0], den_cells, has_denominator=True)
    else:
        den_expr = record_cells(source, definition, den, grain, path=("denominator",))
    frames = ctx.backend.execute_all([num_expr] if den_expr is None else [num_expr, den_expr])
    return Fetched(
        definition,
        layout,
        frames[0],
        frames[1] if len(frames) > 1 else None,
        has_denominator=den_expr is not None,
    )


def judge(ctx: Context, fetched: Fetched) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Results and inequality frames from fetched cells (no backend work)."""
    if fetched.layout is None or fetched.num is None:
        return pd.DataFrame(), pd.DataFrame()
    return _judge(
        ctx,
        fetched.definition,
        fetched.layout,
        fetched.num,
        fetched.den,
        has_denominator=fetched.has_denominator,
    )


def compute_definition(ctx: Context, definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Results and inequality frames of one definition (not stored)."""
    return judge(ctx, fetch(ctx, definition))


def _split(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Numerator and denominator cells from a paired query."""
    keys = ["period", "datazone", "sex", "ageg"]
    num = [c for c in ("value", "records", "value2") if c in table.column_names]
    num_t = table.select(keys + num)
    den_t = table.select(keys + [f"den_{c}" for c in num]).rename_columns(keys + num)
    return num_t, den_t


def _judge(
    ctx: Context,
    definition: Definition,
    layout: AgeLayout,
    num: pa.Table,
    den_cells: pa.Table | None,
    *,
    has_denominator: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Roll up, measure, compare, trend and suppress: the results of one definition."""
    m = definition.measure
    rolled = roll_up(definition, num, den_cells, ctx.geography, layout)
    frame = pd.concat([rolled.frame, compute_measure(definition, rolled, layout)], axis=1)
    if m.kind == "mean":
        frame["den"] = frame["num_records"]
    elif not has_denominator:
        frame["den"] = np.nan
    frame = enrich(frame, definition, ctx.parents(definition), ctx.top)
    ineq = inequality(frame, definition)
    return _finish(frame, definition, ctx), _finish_inequality(ineq, definition)


def _finish(frame: pd.DataFrame, definition: Definition, ctx: Context) -> pd.DataFrame:
    kind = definition.period
    keys = frame["period"].unique()
    labels = P.labels(kind, keys)
    starts = {k: P.bounds(kind, k)[0] for k in labels}
    ends = {k: P.bounds(kind, k)[1] for k in labels}
    out = frame.drop(columns=[c for c in KEY_COLUMNS if c in frame.columns])
    out = out.rename(columns={"num": "numerator", "den": "denominator", "num_records": "records"})
    out.loc[out["suppressed"], "records"] = np.nan
    out = out.assign(
        indicator=definition.id,
        period_type=kind.value,
        period_start=out["period"].map(starts),
        period_end=out["period"].map(ends),
        period=out["period"].map(labels),
    )
    return out.reset_index(drop=True)


def _finish_inequality(frame: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    if frame.empty:
        return frame
    labels = P.labels(definition.period, frame["period"].unique())
    return frame.assign(period=frame["period"].map(labels))


def data_fingerprint(backend: Backend, definition: Definition) -> str:
    prints = backend.fingerprints(tables_read(definition))
    text = "|".join(f"{k}={v}" for k, v in sorted(prints.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run(
    backend: Backend,
    definitions: Sequence[Definition],
    *,
    force: bool = False,
    progress: Progress | None = None,
    keep: bool = False,
    store: bool = True,
) -> list[Outcome]:
    """Compute and store ``definitions``; skip unchanged ones unless ``force``.

    ``keep`` returns each computed results frame in its :class:`Outcome`.
    ``store=False`` computes without writing anything to the warehouse (every
    definition is computed, as with ``force``): for notebooks and benchmarks.

    The backend and Python work in a pipeline: while one definition is judged
    (roll-up, statistics, storing: Python), a worker thread already fetches the
    next definition's cells (the engine releases the GIL while it runs). One
    definition is fetched ahead at most, so at most two definitions' cells are in
    memory. The worker is the only thread that queries the backend while the run
    lasts; results are stored through their own connection.
    """
    outcomes: list[Outcome] = []
    with backend.warehouse() as con:
        previous = last_runs(con)
    fingerprints: dict[str, str | Exception] = {}
    for definition in definitions:
        try:
            fingerprints[definition.id] = data_fingerprint(backend, definition)
        except PlacewellError as exc:
            fingerprints[definition.id] = exc
    todo = [
        d
        for d in definitions
        if isinstance(fingerprints[d.id], str)
        and (force or not store or previous.get(d.id) != (d.hash, fingerprints[d.id]))
    ]
    ctx = Context(backend) if todo else None
    total = len(definitions)
    fetching = partial(fetch, ctx) if ctx is not None else _nothing
    with (
        Prefetcher(fetching, todo) as ahead,
        Writer(partial(_store, backend) if store else None) as writer,
    ):
        for i, definition in enumerate(definitions):
            if progress:
                progress(definition.id, i, total)
            fingerprint = fingerprints[definition.id]
            if isinstance(fingerprint, PlacewellError):
                outcomes.append(Outcome(definition.id, "failed", message=fingerprint.message))
                continue
            if not ahead.has(definition):
                outcomes.append(
                    Outcome(definition.id, "unchanged", message="definition and data unchanged")
                )
                continue
            assert ctx is not None and isinstance(fingerprint, str)
            outcome = _compute_one(ctx, backend, ahead, writer, definition, fingerprint, keep)
            outcomes.append(outcome)
    failed = writer.failures()  # stores that failed: their results were not kept
    outcomes = [
        Outcome(o.indicator, "failed", message=failed[o.indicator]) if o.indicator in failed else o
        for o in outcomes
    ]
    if progress:
        progress("done", total, total)
    return outcomes


def _compute_one(
    ctx: Context,
    backend: Backend,
    ahead: Prefetcher[Fetched],
    writer: Writer,
    definition: Definition,
    fingerprint: str,
    keep: bool,
) -> Outcome:
    """Judge and store one definition whose cells the prefetcher fetches."""
    start = time.perf_counter()
    try:
        results, ineq = judge(ctx, ahead.take(definition))
        now = dt.datetime.now().replace(microsecond=0)
        results = results.assign(
            definition_hash=definition.hash,
            data_fingerprint=fingerprint,
            computed_at=now,
            engine=str(backend.name),
        )
        seconds = time.perf_counter() - start + ahead.seconds(definition)
        record = RunRecord(
            definition.id,
            definition.hash,
            fingerprint,
            now,
            str(backend.name),
            len(results),
            seconds,
        )
        kept: pd.DataFrame | None = None
        if writer.active:
            table = to_arrow(results, RESULT_SCHEMA)
            writer.store(table, to_arrow(ineq, INEQUALITY_SCHEMA), record)
            kept = table.to_pandas() if keep else None
        elif keep:
            kept = results.drop(
                columns=[c for c in results.columns if c not in RESULT_SCHEMA.names]
            )
    except PlacewellError as exc:
        return Outcome(definition.id, "failed", message=exc.message)
    message = "" if len(results) else "no whole periods in the data"
    return Outcome(definition.id, "computed", len(results), seconds, message, kept)


def _nothing(definition: Definition) -> Fetched:
    return Fetched(definition)


def _store(backend: Backend, results: pa.Table, inequality: pa.Table, record: RunRecord) -> None:
    with backend.warehouse() as con:
        store(con, results, inequality, record)
