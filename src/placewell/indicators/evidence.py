"""Indicator evidence from the warehouse: the status roll-up judged on computed results.

:class:`WarehouseEvidenceProvider` implements
:class:`placewell.strategy.evidence.EvidenceProvider` over the tables the indicator
engine writes (``indicator_results``, ``indicator_inequality``, ``indicator_runs``)::

    provider = WarehouseEvidenceProvider(workspace, fallback=demo_evidence())
    provider.evidence("NI-12", "S37000008")
    # IndicatorEvidence(period='2024', value=12310.0, unit='per 100,000', trend=...,
    #                   comparison='Similar', comparator='Scotland', level=95.0, ...)

For an indicator in an area it gives the latest period with a value (all people, no
breakdown) and:

* ``target_met``: the engine's judgement against the definition's first target;
* ``trend``: the Fingertips recent-trend label as at that period;
* ``comparison`` with the country at 95% and 99.8% (Fingertips method 17: the
  country's value outside the area's 99.8% interval is reported at the 99.8% level,
  outside only the 95% interval at the 95% level); where the limits are missing the
  engine's own comparison with the country is used;
* ``inequality_gap``: whether the slope index of inequality (SII) across SIMD
  quintiles is widening, narrowing or not changing significantly, from the earliest
  to the latest of the last five periods with an SII (:func:`gap_direction`).

Results are read once and kept until an indicator is computed again (the runs table
changes). The ``fallback`` provider answers only for indicators with no results.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from placewell import stats
from placewell.errors import PlacewellError, WorkspaceError
from placewell.indicators.definition import Definition
from placewell.strategy.evidence import EvidenceProvider, GapDirection, IndicatorEvidence
from placewell.workspace import Workspace

__all__ = [
    "WarehouseEvidenceProvider",
    "compares_areas",
    "gap_direction",
    "read_runs",
    "runs_fingerprint",
    "unit_of",
    "warehouse_stamp",
    "workspace_evidence",
]

_EXTREMES = {
    "Worst": ("Worse", 99.8),
    "Best": ("Better", 99.8),
    "Lowest": ("Lower", 99.8),
    "Highest": ("Higher", 99.8),
}
_LATEST_SQL = """
SELECT indicator, area_code, area_name, area_level, period, value, lower_95, upper_95,
       lower_99_8, upper_99_8, trend, target_met, country_code, country_value,
       country_significance
FROM indicator_results
WHERE breakdown = 'all'
QUALIFY row_number() OVER (
    PARTITION BY indicator, area_code ORDER BY (value IS NULL), period_end DESC) = 1
"""
_SII_SQL = """
SELECT q.indicator, q.area_code, q.area_level, q.quintile_type, q.sii, q.sii_lower_95,
       q.sii_upper_95, p.period_end
FROM indicator_inequality q
JOIN (SELECT DISTINCT indicator, period, period_end FROM indicator_results) p
  ON p.indicator = q.indicator AND p.period = q.period
WHERE q.sii IS NOT NULL
ORDER BY q.indicator, q.area_code, q.quintile_type, p.period_end
"""


def unit_of(definition: Definition) -> str | None:
    """The unit a value is written in: ``%``, ``per 100,000``, ``years`` or None."""
    kind, scale = definition.measure.kind, definition.measure.scale
    if kind in ("proportion", "within_standard", "weighted_proportion", "ratio"):
        return "%" if scale == 100 else f"per {scale:,.0f}"
    if kind in ("crude_rate", "dsr"):
        return f"per {scale:,.0f}"
    if kind == "life_expectancy":
        return "years"
    return None


def compares_areas(definition: Definition | None) -> bool:
    """Whether values of different areas can be compared (not for counts and sums)."""
    return definition is not None and definition.measure.kind != "count"


def warehouse_stamp(workspace: Workspace) -> tuple[int, ...]:
    """Modification times and sizes of the warehouse and its write-ahead log (cheap)."""
    out: list[int] = []
    for path in (
        workspace.warehouse_path,
        workspace.warehouse_path.with_name("warehouse.duckdb.wal"),
    ):
        try:
            st = path.stat()
        except OSError:
            out.extend((0, 0))
        else:
            out.extend((st.st_mtime_ns, st.st_size))
    return tuple(out)


def read_runs(workspace: Workspace) -> dict[str, str]:
    """Each computed indicator's run key (definition hash, data fingerprint, time).

    Empty when the warehouse has no results; WorkspaceError when it cannot be opened
    (missing, or being written by ``placewell compute``).
    """
    if not workspace.warehouse_path.is_file():
        return {}
    with workspace.warehouse.connect(read_only=True) as con:
        try:
            rows = con.execute(
                "SELECT indicator, definition_hash, data_fingerprint, computed_at "
                "FROM indicator_runs WHERE rows > 0"
            ).fetchall()
        except duckdb.CatalogException:
            return {}
    return {str(r[0]): f"{r[1]}:{r[2]}:{r[3]}" for r in rows}


def gap_direction(series: Sequence[tuple[float, float, float]]) -> GapDirection | None:
    """Whether the SII gap widens, narrows or does not change significantly.

    ``series`` is ``(sii, lower_95, upper_95)`` by period, oldest first. The earliest
    and the latest of the last five are compared: the gap is the SII's size in the
    direction of the latest SII; the change is significant when it exceeds 1.96
    standard errors of the difference (each standard error from its 95% interval,
    an approximation since ScotPHO's interval uses the t distribution).
    """
    points = [p for p in series if all(math.isfinite(v) for v in p)][-5:]
    if len(points) < 2:
        return None
    (s0, lo0, hi0), (s1, lo1, hi1) = points[0], points[-1]
    sign = math.copysign(1.0, s1 if s1 != 0 else s0)
    change = sign * s1 - sign * s0
    se = math.hypot((hi0 - lo0) / (2 * 1.959964), (hi1 - lo1) / (2 * 1.959964))
    if not math.isfinite(se) or abs(change) <= 1.959964 * se:
        return "no_change"
    return "widening" if change > 0 else "narrowing"


@dataclass(frozen=True)
class _Snapshot:
    runs: dict[str, str]
    latest: dict[tuple[str, str], IndicatorEvidence]
    top: dict[str, str]  # indicator -> its country area code


class WarehouseEvidenceProvider:
    """Latest evidence of every computed indicator, read from the workspace's warehouse.

    ``fallback`` (e.g. the demo's illustrative evidence) answers for indicators that
    have no results at all; an indicator with results but none for the area asked
    about has no evidence there.
    """

    def __init__(self, workspace: Workspace, *, fallback: EvidenceProvider | None = None) -> None:
        self.workspace = workspace
        self.fallback = fallback
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._snapshot = _Snapshot({}, {}, {})

    def has_results(self) -> bool:
        """Whether any indicator has results in the warehouse."""
        return bool(self._current().runs)

    def indicators(self) -> list[str]:
        """The indicators with results."""
        return sorted(self._current().runs)

    def evidence(self, indicator_id: str, area_code: str | None) -> IndicatorEvidence | None:
        snap = self._current()
        key = indicator_id.strip().upper()
        if key not in snap.runs:
            return self.fallback.evidence(indicator_id, area_code) if self.fallback else None
        area = area_code or snap.top.get(key)
        return snap.latest.get((key, area)) if area else None

    # -- loading -------------------------------------------------------------------
    def _current(self) -> _Snapshot:
        stamp = warehouse_stamp(self.workspace)
        with self._lock:
            if stamp != self._stamp:
                try:
                    runs = read_runs(self.workspace)
                    if runs != self._snapshot.runs:
                        self._snapshot = self._load(runs) if runs else _Snapshot({}, {}, {})
                    self._stamp = stamp
                except WorkspaceError:
                    pass  # being written: keep what we have and look again next time
            return self._snapshot

    def _load(self, runs: dict[str, str]) -> _Snapshot:
        with self.workspace.warehouse.connect(read_only=True) as con:
            latest = con.execute(_LATEST_SQL).fetch_df()
            sii = con.execute(_SII_SQL).fetch_df()
        definitions = _definitions(self.workspace)
        names = dict(zip(latest["area_code"], latest["area_name"], strict=False))
        countries = latest[latest["area_level"] == "country"]
        top = dict(
            zip(countries["indicator"].astype(str), countries["area_code"].astype(str), strict=True)
        )
        comparison = _compare_with_country(latest, definitions)
        gaps = _gaps(sii)
        out: dict[tuple[str, str], IndicatorEvidence] = {}
        for i, row in enumerate(latest.itertuples(index=False)):
            ind, area = str(row.indicator), str(row.area_code)
            definition = definitions.get(ind)
            value = _float(row.value)
            trend = row.trend if isinstance(row.trend, str) and row.trend else None
            met = row.target_met if isinstance(row.target_met, (bool, np.bool_)) else None
            label, level = comparison[i] if compares_areas(definition) else (None, 95.0)
            country = row.country_code if isinstance(row.country_code, str) else None
            out[(ind, area)] = IndicatorEvidence(
                indicator_id=ind,
                area_code=area,
                period=str(row.period),
                value=value,
                unit=unit_of(definition) if definition else None,
                title=definition.title if definition else None,
                polarity=definition.polarity if definition else "no_judgement",
                target_met=None if met is None else bool(met),
                trend=trend,
                comparison=label,
                comparator=names.get(country, "Scotland") if country else "Scotland",
                level=level,
                inequality_gap=gaps.get((ind, area)) if compares_areas(definition) else None,
            )
        return _Snapshot(runs, out, top)


def _float(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _definitions(workspace: Workspace) -> dict[str, Definition]:
    from placewell.indicators.packs import all_definitions

    try:
        return {d.id: d for d in all_definitions(workspace)}
    except PlacewellError:  # a broken workspace definition must not stop the statuses
        from placewell.indicators.packs import list_packs, load_pack

        found: dict[str, Definition] = {}
        for name in list_packs():
            found.update({d.id: d for d in load_pack(name).definitions})
        return found


def _compare_with_country(
    latest: pd.DataFrame, definitions: dict[str, Definition]
) -> list[tuple[str | None, float]]:
    """Per row: (label, level) of the comparison with the country (method 17)."""
    n = len(latest)
    labels: list[str | None] = [
        s if isinstance(s, str) and s != "Not compared" else None
        for s in latest["country_significance"]
    ]
    levels = [95.0] * n
    cols = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "country_value"]
    v = latest[cols].to_numpy(dtype=np.float64) if n else np.empty((0, 6))
    ok = np.isfinite(v).all(axis=1) & (v[:, 3] <= v[:, 1]) & (v[:, 2] <= v[:, 4])
    for polarity in ("high_is_good", "low_is_good", "no_judgement"):
        rows = np.flatnonzero(
            ok
            & np.array(
                [
                    (definitions[i].polarity if i in definitions else "no_judgement") == polarity
                    for i in latest["indicator"]
                ],
                dtype=bool,
            )
        )
        if not len(rows):
            continue
        r = stats.compare(
            v[rows, 0],
            v[rows, 1],
            v[rows, 2],
            v[rows, 5],
            method="two_ci_levels",
            polarity=polarity,
            lower_99_8=v[rows, 3],
            upper_99_8=v[rows, 4],
        )
        for row, text in zip(rows, r.extra["label"], strict=True):
            label, level = _EXTREMES.get(str(text), (str(text), 95.0))
            labels[row] = None if label == "Not compared" else label
            levels[row] = level
    no_country = latest["country_code"].isna().to_numpy()
    return [(None, 95.0) if no_country[i] else (labels[i], levels[i]) for i in range(n)]


def _preferred_quintiles(level: str) -> tuple[str, str]:
    if level in ("country", "health_board"):
        return ("simd_national_quintile", "simd_local_quintile")
    return ("simd_local_quintile", "simd_national_quintile")


def _gaps(sii: pd.DataFrame) -> dict[tuple[str, str], GapDirection]:
    out: dict[tuple[str, str], GapDirection] = {}
    if sii.empty:
        return out
    for (ind, area, level), part in sii.groupby(["indicator", "area_code", "area_level"]):
        for kind in _preferred_quintiles(str(level)):
            rows = part[part["quintile_type"] == kind]
            series = list(zip(rows["sii"], rows["sii_lower_95"], rows["sii_upper_95"], strict=True))
            found = gap_direction(series)
            if found is not None:
                out[(str(ind), str(area))] = found
                break
    return out


def workspace_evidence(
    workspace: Workspace, fallback: EvidenceProvider | None = None
) -> WarehouseEvidenceProvider:
    """The evidence the web app uses: computed results, and ``fallback`` for indicators
    without any (read when asked, so results computed later are picked up)."""
    return WarehouseEvidenceProvider(workspace, fallback=fallback)


def runs_fingerprint(runs: dict[str, str]) -> str:
    """One short hash of every indicator's run key (for caches over all results)."""
    text = "|".join(f"{k}={v}" for k, v in sorted(runs.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
