"""Judge every value: disclosure control, comparisons, recent trend, SPC, targets, baseline.

All steps work on the whole result frame at once (one :mod:`placewell.stats` call per
breakdown, comparator or period position; never one per area).

* Suppression: a value whose numerator rests on fewer than ``disclosure.threshold``
  records is suppressed (primary); where the categories of a breakdown add up to the
  area's total, or the same category of child areas adds up to their parent's,
  :func:`placewell.stats.suppress_linked` suppresses a second value in that relation
  so the first cannot be recovered by subtraction, across breakdowns and area levels
  together (secondary). Suppressed rows lose their numerator, value and limits, and
  are not compared or trended.
* Comparisons with each comparator (the parent area, the country, or an ancestor at
  a named level) by the definition's Fingertips method.
* The Fingertips recent trend on the five periods ending at each row's period.
* Making Data Count SPC on each complete series of at least ``spc.min_points`` periods.
* The first target, and the change from a baseline period.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from placewell import stats
from placewell.indicators.definition import Definition
from placewell.indicators.measures import counts_events
from placewell.indicators.periods import baseline_type, label, parse_label

__all__ = ["KEY_COLUMNS", "compare_all", "enrich", "suppress_small"]

_LIMITS = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]


KEY_COLUMNS = ("_p", "_a", "_b", "_v")  # integer keys the roll-up adds (see _keys)

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Keys:
    """Each row's period, area, breakdown and breakdown value as small integers.

    ``period`` ranks the periods in order; ``areas`` holds the code of each area
    number. Built from the roll-up's integer columns when the frame has them, else by
    factorizing the text columns (frames read back from the store).
    """

    period: IntArray
    area: IntArray
    areas: npt.NDArray[np.object_]
    breakdown: IntArray
    names: list[str]
    value: IntArray
    n_values: int

    @property
    def n_periods(self) -> int:
        return int(self.period.max()) + 1 if len(self.period) else 0

    def cell(self) -> IntArray:
        """(period, breakdown, value) as one integer."""
        return (self.period * len(self.names) + self.breakdown) * self.n_values + self.value

    def series(self) -> IntArray:
        """(area, breakdown, value) as one integer."""
        return (self.area * len(self.names) + self.breakdown) * self.n_values + self.value


def _rank(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Dense ranks of small non-negative integers, and the first row of each rank."""
    if not len(ids):
        return ids, ids
    size = int(ids.max()) + 1
    first = np.full(size, -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1, dtype=np.int64)
    present = first >= 0
    rank = np.cumsum(present) - 1
    return rank[ids], first[present]


def _keys(frame: pd.DataFrame) -> _Keys:
    breakdown_text = frame["breakdown"].to_numpy(dtype=object)
    if all(c in frame.columns for c in KEY_COLUMNS):
        period, _ = _rank(frame["_p"].to_numpy(dtype=np.int64))
        area, first = _rank(frame["_a"].to_numpy(dtype=np.int64))
        areas = frame["area_code"].to_numpy(dtype=object)[first]
        breakdown, first_b = _rank(frame["_b"].to_numpy(dtype=np.int64))
        names = [str(x) for x in breakdown_text[first_b]]
        value = frame["_v"].to_numpy(dtype=np.int64)
        n_values = int(value.max()) + 1 if len(value) else 1
        return _Keys(period, area, areas, breakdown, names, value, n_values)
    periods = np.sort(pd.unique(frame["period"].to_numpy()))
    period = np.searchsorted(periods, frame["period"].to_numpy()).astype(np.int64)
    area, areas = pd.factorize(frame["area_code"].to_numpy(dtype=object))
    breakdown, found = pd.factorize(breakdown_text)
    value, values = pd.factorize(frame["breakdown_value"].to_numpy(dtype=object))
    return _Keys(
        period,
        area.astype(np.int64),
        np.asarray(areas, dtype=object),
        breakdown.astype(np.int64),
        [str(x) for x in found],
        value.astype(np.int64),
        max(len(values), 1),
    )


def _equations(
    frame: pd.DataFrame, parents: dict[str, pd.Series] | None
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.int64]
]:
    """The additive relations between result rows, as (equation, row) membership pairs.

    * Breakdown: the categories of a breakdown of one area and period, with the
      area's all-persons row (their total).
    * Hierarchy: one category (or the all-persons row) of every child area of a
      parent, with the parent's row (their total): areas are rolled up from data
      zones, so children add up to their parent exactly.

    Returns the pairs, whether each pair's row is its equation's total, and each
    equation's kind (0 breakdown, 1 hierarchy). Relations whose total row is absent
    are left out: with no published total, the parts reveal nothing about each other.
    Everything is integer codes and numpy (no per-group Python).
    """
    n = len(frame)
    rows = np.arange(n, dtype=np.int64)
    k = _keys(frame)
    area, areas, period, breakdown, value = k.area, k.areas, k.period, k.breakdown, k.value
    n_p, n_b, n_v = max(k.n_periods, 1), len(k.names), k.n_values
    all_code = k.names.index("all") if "all" in k.names else -1
    is_all = breakdown == all_code
    pairs: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_], int]]
    pairs = []
    # breakdown relations: key (area, period, breakdown)
    others = [b for b in range(n_b) if b != all_code]
    if others and all_code >= 0:
        part = ~is_all
        keys = [(area[part] * n_p + period[part]) * n_b + breakdown[part]]
        members = [rows[part]]
        heads = [np.zeros(int(part.sum()), dtype=bool)]
        for b in others:
            keys.append((area[is_all] * n_p + period[is_all]) * n_b + b)
            members.append(rows[is_all])
            heads.append(np.ones(int(is_all.sum()), dtype=bool))
        pairs.append((np.concatenate(keys), np.concatenate(members), np.concatenate(heads), 0))
    # hierarchy relations: key (parent area, period, breakdown, value)
    parent = (parents or {}).get("parent")
    if parent is not None and len(parent):
        up = _positions(areas, parent)  # -1: parent not in the results
        child = up[area] >= 0
        cell = (period * n_b + breakdown) * n_v + value
        size = n_p * n_b * n_v
        keys_h = np.concatenate([up[area[child]] * size + cell[child], area * size + cell])
        members_h = np.concatenate([rows[child], rows])
        heads_h = np.concatenate([np.zeros(int(child.sum()), dtype=bool), np.ones(n, dtype=bool)])
        pairs.append((keys_h, members_h, heads_h, 1))
    eq_parts, row_parts, total_parts, kind_parts = [], [], [], []
    offset = 0
    for key, member, head, kind in pairs:
        eq, _ = pd.factorize(key)  # integers: hashing them is cheap
        n_eq = int(eq.max()) + 1 if len(eq) else 0
        has_total = np.bincount(eq, weights=head, minlength=n_eq) > 0
        size_eq = np.bincount(eq, minlength=n_eq)
        keep = (has_total & (size_eq >= 2))[eq]
        kept, new_id = np.unique(eq[keep], return_inverse=True)
        eq_parts.append(new_id.astype(np.int64) + offset)
        row_parts.append(member[keep])
        total_parts.append(head[keep])
        kind_parts.append(np.full(len(kept), kind, dtype=np.int64))
        offset += len(kept)
    if not eq_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=bool), empty
    return (
        np.concatenate(eq_parts),
        np.concatenate(row_parts),
        np.concatenate(total_parts),
        np.concatenate(kind_parts),
    )


def suppress_small(
    frame: pd.DataFrame, definition: Definition, parents: dict[str, pd.Series] | None = None
) -> pd.DataFrame:
    """Primary and secondary suppression of small numerators (see the module docstring)."""
    d = definition.disclosure
    records = frame["num_records"].to_numpy(dtype=np.float64)
    equation, row, total, kind = _equations(frame, parents)
    result = stats.suppress_linked(
        records,
        equation,
        row,
        total=total,
        threshold=d.threshold,
        suppress_zero=d.suppress_zero,
    )
    primary, secondary = result.primary, result.secondary
    reason = np.where(primary, f"primary: fewer than {d.threshold} records", "").astype(object)
    by = np.where(secondary, kind[np.maximum(result.cause, 0)] if len(kind) else 0, -1)
    reason[by == 0] = "secondary: protects a suppressed category"
    reason[by == 1] = "secondary: protects a suppressed value in a related area"
    hide = primary | secondary
    hidden: dict[str, object] = {
        c: np.where(hide, np.nan, frame[c].to_numpy(dtype=np.float64)) for c in ["num", *_LIMITS]
    }
    return frame.assign(  # (new columns, not a copy of the frame)
        suppressed=hide,
        suppression=pd.Series(reason, index=frame.index, dtype=object),
        **hidden,  # type: ignore[arg-type]
    )


def _comparator_codes(
    areas: npt.NDArray[np.object_], name: str, parents: dict[str, pd.Series], top: str | None
) -> npt.NDArray[np.object_]:
    """The comparator's code for each area code in ``areas`` (None where it has none)."""
    codes = pd.Series(areas, dtype=object)
    if name == "country":
        out = pd.Series(top, index=codes.index, dtype=object).where(codes != top)
    else:
        mapping = parents.get(name)
        if mapping is None:
            return np.full(len(areas), None, dtype=object)
        out = codes.map(mapping)
    return np.asarray(out.astype(object).where(out.notna(), None), dtype=object)


def _compare_method(definition: Definition) -> str:
    method = definition.comparison.method
    if method == "spc":
        return (
            "spc_proportion"
            if definition.measure.kind in ("proportion", "within_standard")
            else "spc_dsr"
        )
    return {1: "single_ci", 12: "overlap", 17: "two_ci_levels"}[method]


def _positions(areas: npt.NDArray[np.object_], mapping: pd.Series) -> IntArray:
    """For each area code, the position in ``areas`` of its image under ``mapping`` (or -1)."""
    image = pd.Series(areas, dtype=object).map(mapping).to_numpy(dtype=object)
    return np.asarray(pd.Index(areas, dtype=object).get_indexer(pd.Index(image)), dtype=np.int64)


def compare_all(
    frame: pd.DataFrame, definition: Definition, parents: dict[str, pd.Series], top: str | None
) -> pd.DataFrame:
    """Add ``<comparator>_code``, ``_value`` and ``_significance`` for each comparator.

    Comparator areas are looked up once per distinct area, then every row finds its
    comparator's row (same period, breakdown and value) through integer keys.
    """
    method = _compare_method(definition)
    k = _keys(frame)
    n_areas = len(k.areas)
    slot = k.cell()
    index = pd.Index(slot * n_areas + k.area)
    values = {c: frame[c].to_numpy(dtype=np.float64) for c in _LIMITS}
    new: dict[str, pd.Series] = {}
    for name in definition.comparators:
        comp_codes = _comparator_codes(k.areas, name, parents, top)  # one per area
        at = pd.Index(k.areas, dtype=object).get_indexer(pd.Index(comp_codes, dtype=object))
        comp = np.asarray(at, dtype=np.int64)[k.area]
        row = np.where(comp >= 0, index.get_indexer(slot * n_areas + comp), -1)
        found = row >= 0
        cv = np.where(found, values["value"][row], np.nan)
        ok = np.isfinite(cv) & np.isfinite(values["value"])
        labels = np.full(len(frame), None, dtype=object)
        if ok.any():
            args: dict[str, object] = {
                "method": method,
                "polarity": definition.polarity,
                "lower_99_8": values["lower_99_8"][ok],
                "upper_99_8": values["upper_99_8"][ok],
                "comparator_lower": values["lower_95"][row[ok]],
                "comparator_upper": values["upper_95"][row[ok]],
            }
            if method.startswith("spc"):
                args |= {
                    "denominator": frame["den"].to_numpy(dtype=np.float64)[ok],
                    "multiplier": definition.measure.scale,
                    "confidence": (0.95, 0.998),
                }
            r = stats.compare(
                values["value"][ok],
                values["lower_95"][ok],
                values["upper_95"][ok],
                cv[ok],
                **args,  # type: ignore[arg-type]
            )
            labels[ok] = r.extra["label"]
        labels[np.isfinite(cv) & ~ok] = "Not compared"
        new[f"{name}_code"] = pd.Series(comp_codes[k.area], index=frame.index, dtype=object)
        new[f"{name}_value"] = pd.Series(cv, index=frame.index)
        new[f"{name}_significance"] = pd.Series(labels, index=frame.index, dtype=object)
    return frame.assign(**new) if new else frame


def _series(frame: pd.DataFrame) -> tuple[IntArray, IntArray, int, int]:
    """Each row's series (area, breakdown, value) number and period rank."""
    k = _keys(frame)
    sid, _ = pd.factorize(k.series())
    sid = np.asarray(sid, dtype=np.int64)
    return sid, k.period, int(sid.max()) + 1 if len(sid) else 0, k.n_periods


def _matrix(
    values: npt.ArrayLike,
    sid: npt.NDArray[np.int64],
    pidx: npt.NDArray[np.int64],
    shape: tuple[int, int],
) -> npt.NDArray[np.float64]:
    mat = np.full(shape, np.nan)
    mat[sid, pidx] = np.asarray(values, dtype=np.float64)
    return mat


def trend_and_spc(frame: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """Recent trend as at each period, and SPC point types and icons per series."""
    out: dict[str, object] = dict.fromkeys(
        ("trend", "spc_point", "spc_rule", "spc_variation", "spc_assurance")
    )
    if frame.empty:
        return frame.assign(**out)  # type: ignore[arg-type]
    sid, pidx, n_series, n_periods = _series(frame)
    shape = (n_series, n_periods)
    value = _matrix(frame["value"], sid, pidx, shape)
    proportion = definition.measure.kind in ("proportion", "within_standard") and counts_events(
        definition
    )
    trend = np.full(shape, None, dtype=object)
    if n_periods >= 5:
        if proportion:
            num = _matrix(frame["num"], sid, pidx, shape)
            den = _matrix(frame["den"], sid, pidx, shape)
            bad = ~((den > 0) & (num <= den))
            num[bad], den[bad] = np.nan, np.nan
        else:
            lo = _matrix(frame["lower_95"], sid, pidx, shape)
            hi = _matrix(frame["upper_95"], sid, pidx, shape)
        for end in range(4, n_periods):
            w = slice(end - 4, end + 1)
            if proportion:
                r = stats.recent_trend(
                    counts=num[:, w], denominators=den[:, w], polarity=definition.polarity
                )
            else:
                r = stats.recent_trend(
                    value[:, w], lo[:, w], hi[:, w], polarity=definition.polarity
                )
            trend[:, end] = r.extra["label"]
    out["trend"] = pd.Series(trend[sid, pidx], index=frame.index, dtype=object)
    complete = np.isfinite(value).all(axis=1)
    if n_periods >= definition.spc.min_points and complete.any():
        improvement = {"high_is_good": "increase", "low_is_good": "decrease"}.get(
            definition.polarity, "neither"
        )
        target = definition.targets[0].value if definition.targets else None
        s = stats.spc(value[complete], improvement=improvement, target=target)
        rows = np.flatnonzero(complete)
        full = np.full(n_series, -1)
        full[rows] = np.arange(len(rows))
        pos = full[sid]
        has = pos >= 0
        point = np.full(len(frame), None, dtype=object)
        rule = point.copy()
        variation = point.copy()
        assurance = point.copy()
        point[has] = np.atleast_2d(s.point_type)[pos[has], pidx[has]]
        rule[has] = np.atleast_2d(s.special_cause_type)[pos[has], pidx[has]]
        variation[has] = np.atleast_1d(s.variation)[pos[has]]
        assurance[has] = np.atleast_1d(s.assurance)[pos[has]]
        out["spc_point"], out["spc_rule"] = point, rule
        out["spc_variation"], out["spc_assurance"] = variation, assurance
    return frame.assign(**out)  # type: ignore[arg-type]


def targets_and_baseline(frame: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """First target and whether it is met; change from the baseline period (%)."""
    value = frame["value"].to_numpy(dtype=np.float64)
    out: dict[str, object] = {}
    if definition.targets:
        t = definition.targets[0]
        met = value >= t.value if t.direction == "at_least" else value <= t.value
        out["target_value"] = t.value
        out["target_met"] = pd.Series(met, index=frame.index, dtype=object).where(
            np.isfinite(value)
        )
    else:
        out["target_value"] = np.nan
        out["target_met"] = None
    out["baseline_period"] = None
    out["baseline_value"] = np.nan
    out["change_from_baseline"] = np.nan
    if definition.change_from is None or frame.empty:
        return frame.assign(**out)  # type: ignore[arg-type]
    btype = baseline_type(definition.period)
    key = parse_label(btype, definition.change_from.baseline)
    year_of = _year_keys(frame["period"].to_numpy(), definition)
    if not (year_of == key).any():
        key = int(year_of.min())  # the data start later: the first year is the baseline
    sid, _, n_series, _ = _series(frame)
    used = (year_of == key) & np.isfinite(value)  # the mean of the baseline periods' values
    total = np.bincount(sid[used], weights=value[used], minlength=n_series)
    count = np.bincount(sid[used], minlength=n_series)
    with np.errstate(divide="ignore", invalid="ignore"):
        bval = np.where(count > 0, total / np.maximum(count, 1), np.nan)[sid]
        out["change_from_baseline"] = np.where(bval != 0, (value - bval) / bval * 100.0, np.nan)
    out["baseline_period"] = label(btype, key)
    out["baseline_value"] = bval
    return frame.assign(**out)  # type: ignore[arg-type]


def _year_keys(periods: npt.NDArray[np.int64], definition: Definition) -> npt.NDArray[np.int64]:
    """The baseline-type key of each period (financial year of a month or quarter)."""
    from placewell.indicators.periods import PeriodType

    if definition.period is PeriodType.QUARTER:
        return periods // 4
    if definition.period is PeriodType.MONTH:
        year, m0 = np.divmod(periods, 12)
        return year - (m0 < 3)
    return periods


def enrich(
    frame: pd.DataFrame, definition: Definition, parents: dict[str, pd.Series], top: str | None
) -> pd.DataFrame:
    """All judgement steps, in order: suppress, compare, trend/SPC, targets/baseline."""
    out = suppress_small(frame, definition, parents)
    out = compare_all(out, definition, parents, top)
    out = trend_and_spc(out, definition)
    return targets_and_baseline(out, definition)
