"""Indicator results for the web app: read per indicator, kept in memory until recomputed.

The warehouse is opened only to read (never held open, so ``placewell compute`` can
write meanwhile). Each indicator's results are read on first use and kept until its
run changes (``indicator_runs``: definition hash, data fingerprint and time); the
runs are read again only when the warehouse file changes. While the warehouse is
being written, what was read before is served. String columns are categories, so a
whole demo's results take tens of megabytes.

Everything derived from an indicator's results (pages, charts, downloads) is cached
by :meth:`ResultStore.cached` under the indicator's run key
(:class:`~placewell.portal.page_cache.PageCache`), so it is built once per
computation of the indicator.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd

from placewell.errors import NotFoundError, WorkspaceError
from placewell.indicators.evidence import read_runs, runs_fingerprint, warehouse_stamp
from placewell.indicators.results import INEQUALITY_SCHEMA, RESULT_SCHEMA
from placewell.portal.page_cache import PageCache
from placewell.workspace import Workspace

__all__ = ["INTERNAL_ONLY", "RESULT_COLUMNS", "IndicatorData", "ResultStore"]

T = TypeVar("T")

#: Columns of the run, not of a value: shown to staff only.
INTERNAL_ONLY = ("records", "definition_hash", "data_fingerprint", "computed_at", "engine")
RESULT_COLUMNS = [n for n in RESULT_SCHEMA.names if n not in INTERNAL_ONLY[1:]]
_CATEGORIES = (
    "indicator",
    "area_code",
    "area_name",
    "area_level",
    "period",
    "period_type",
    "breakdown",
    "breakdown_value",
    "statistic",
    "method",
    "suppression",
    "parent_code",
    "parent_significance",
    "country_code",
    "country_significance",
    "partnership_code",
    "partnership_significance",
    "health_board_code",
    "health_board_significance",
    "trend",
    "spc_point",
    "spc_rule",
    "spc_variation",
    "spc_assurance",
    "baseline_period",
)


Positions = npt.NDArray[np.intp]
_NONE: Positions = np.empty(0, dtype=np.intp)


@dataclass(frozen=True, eq=False)
class IndicatorData:
    """One indicator's results and inequality rows, indexed by breakdown and area or level.

    :meth:`rows` answers from the indexes and keeps its last answers (the pages of one
    indicator ask for the same comparators and levels again and again).
    """

    run: str
    results: pd.DataFrame
    inequality: pd.DataFrame
    by_area: dict[tuple[str, str], Positions]
    by_level: dict[tuple[str, str], Positions]
    periods: npt.NDArray[np.int64]  # each row's period, as a number (see period_ids)
    period_ids: dict[str, int]
    levels: npt.NDArray[np.object_]
    memo: OrderedDict[Hashable, pd.DataFrame] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, run: str, results: pd.DataFrame, inequality: pd.DataFrame) -> IndicatorData:
        def index(column: str) -> dict[tuple[str, str], Positions]:
            groups = results.groupby(["breakdown", column], observed=True, sort=False).indices
            out: dict[tuple[str, str], Positions] = {}
            for key, positions in groups.items():
                pair: tuple[object, object] = key  # type: ignore[assignment]
                out[(str(pair[0]), str(pair[1]))] = np.asarray(positions, dtype=np.intp)
            return out

        period = results["period"].astype("category")
        ids = {str(p): i for i, p in enumerate(period.cat.categories)}
        return cls(
            run,
            results,
            inequality,
            index("area_code"),
            index("area_level"),
            np.asarray(period.cat.codes, dtype=np.int64),
            ids,
            results["area_level"].astype(str).to_numpy(dtype=object),
        )

    def rows(
        self,
        *,
        area: str | Sequence[str] | None = None,
        level: str | None = None,
        breakdown: str = "all",
        period: str | None = None,
    ) -> pd.DataFrame:
        """Rows of one or several areas (or a level), one breakdown, one or all periods,
        in the stored order (by area, then period). Do not change the frame returned."""
        key = (area if isinstance(area, str) or area is None else tuple(area), level, breakdown,
               period)  # fmt: skip
        with self.lock:
            hit = self.memo.get(key)
            if hit is not None:
                self.memo.move_to_end(key)
                return hit
        if isinstance(area, str):
            pos = self.by_area.get((breakdown, area), _NONE)
        elif area is not None:
            found = [self.by_area.get((breakdown, a), _NONE) for a in area]
            pos = np.sort(np.concatenate(found)) if found else _NONE
        elif level is not None:
            pos = self.by_level.get((breakdown, level), _NONE)
        else:
            found = [p for (b, _), p in self.by_level.items() if b == breakdown]
            pos = np.sort(np.concatenate(found)) if found else _NONE
        if level is not None and area is not None:
            pos = pos[self.levels[pos] == level]
        if period is not None:
            pos = pos[self.periods[pos] == self.period_ids.get(period, -1)]
        part = self.results.take(pos)
        with self.lock:
            self.memo[key] = part
            while len(self.memo) > 64:
                self.memo.popitem(last=False)
        return part


class ResultStore:
    """The results of one workspace's indicators, per indicator, cached."""

    def __init__(
        self, workspace: Workspace, *, pages: PageCache | None = None, recheck: float = 1.0
    ) -> None:
        self.workspace = workspace
        self.pages = pages or PageCache()
        self.recheck = recheck
        self._checked = 0.0
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._runs: dict[str, str] = {}
        self._frames: dict[str, IndicatorData] = {}

    # -- runs --------------------------------------------------------------------
    def runs(self) -> dict[str, str]:
        """Indicator id to its run key, for every indicator with results.

        The warehouse file is looked at again at most every ``recheck`` seconds.
        """
        now = time.monotonic()
        if self._stamp is not None and now - self._checked < self.recheck:
            return self._runs
        stamp = warehouse_stamp(self.workspace)
        with self._lock:
            self._checked = now
            if stamp == self._stamp:
                return self._runs
        try:
            runs = read_runs(self.workspace)
        except WorkspaceError:
            if self._stamp is None:
                raise
            return self._runs  # being written: serve what we read before
        with self._lock:
            self._stamp, self._runs = stamp, runs
            for gone in [k for k, v in self._frames.items() if runs.get(k) != v.run]:
                del self._frames[gone]
            return self._runs

    def run_key(self, indicator: str) -> str | None:
        return self.runs().get(indicator)

    def fingerprint(self) -> str:
        """A short hash of every run (changes whenever any indicator is recomputed)."""
        return runs_fingerprint(self.runs())

    # -- frames ------------------------------------------------------------------
    def results(self, indicator: str) -> pd.DataFrame:
        """Every result row of ``indicator`` (NotFoundError when it has none)."""
        return self.data(indicator).results

    def inequality(self, indicator: str) -> pd.DataFrame:
        """The inequality rows (SII, RII, PAR, ranges) of ``indicator``."""
        return self.data(indicator).inequality

    def data(self, indicator: str) -> IndicatorData:
        """The results of ``indicator``, indexed (read on first use, then kept)."""
        key = self.runs().get(indicator)
        if key is None:
            raise NotFoundError(
                f"no results for indicator {indicator!r} yet; compute it with "
                f"`placewell compute --indicator {indicator}`"
            )
        hit = self._frames.get(indicator)
        if hit is not None and hit.run == key:
            return hit
        with self._load_lock:  # one reader at a time: no stampede on a cold start
            hit = self._frames.get(indicator)
            if hit is not None and hit.run == key:
                return hit
            entry = IndicatorData.build(key, *self._read(indicator))
            with self._lock:
                if self._runs.get(indicator) == key:
                    self._frames[indicator] = entry
            return entry

    def _read(self, indicator: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
        with self.workspace.warehouse.connect(read_only=True) as con:
            try:
                results = con.execute(
                    f"SELECT {columns} FROM indicator_results WHERE indicator = ? "
                    "ORDER BY area_level, area_code, breakdown, breakdown_value, period_end",
                    [indicator],
                ).fetch_df()
                inequality = con.execute(
                    "SELECT * FROM indicator_inequality WHERE indicator = ?", [indicator]
                ).fetch_df()
            except duckdb.CatalogException:
                raise NotFoundError(f"no results for indicator {indicator!r} yet") from None
        for name in _CATEGORIES:
            results[name] = results[name].astype("category")
        results["suppressed"] = results["suppressed"].fillna(False).astype(bool)
        results = results.reset_index(drop=True)
        for name in ("period_start", "period_end"):
            results[name] = pd.to_datetime(results[name]).dt.date
        return results, inequality[INEQUALITY_SCHEMA.names]

    # -- derived views -----------------------------------------------------------
    def cached(
        self, indicator: str | None, key: Hashable, build: Callable[[], T], *, persist: bool = False
    ) -> T:
        """``build()`` once per run of ``indicator`` (of every indicator when None);
        ``persist`` also keeps it on disk for the server's other workers."""
        version = self.fingerprint() if indicator is None else self.run_key(indicator) or ""
        return self.pages.get_or_build((indicator, key), version, build, persist=persist)
