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

import numpy as np
import numpy.typing as npt
import pandas as pd

from placewell import stats
from placewell.indicators.definition import Definition
from placewell.indicators.measures import counts_events
from placewell.indicators.periods import baseline_type, label, parse_label

__all__ = ["compare_all", "enrich", "suppress_small"]

SERIES = ["area_code", "area_level", "breakdown", "breakdown_value"]
_LIMITS = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]


def _ids(*columns: pd.Series) -> npt.NDArray[np.int64]:
    """One integer per distinct combination of the columns' values (hashing each once)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for col in columns:
        codes, uniques = pd.factorize(col, use_na_sentinel=False)
        key = key * (len(uniques) + 1) + codes
    return key


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
    area, areas = pd.factorize(frame["area_code"].to_numpy(dtype=object))
    period, periods = pd.factorize(frame["period"].to_numpy())
    breakdown, names = pd.factorize(frame["breakdown"].to_numpy(dtype=object))
    value, values = pd.factorize(frame["breakdown_value"].to_numpy(dtype=object))
    n_p, n_b, n_v = len(periods), len(names), len(values)
    all_code = list(names).index("all") if "all" in list(names) else -1
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
        up_code = pd.Series(areas).map(parent).to_numpy(dtype=object)
        up = pd.Index(areas).get_indexer(pd.Index(up_code))  # -1: parent not in the results
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
        eq, _ = pd.factorize(key)
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
    out = frame.copy()
    hide = primary | secondary
    out["suppressed"] = hide
    out["suppression"] = pd.Series(reason, index=out.index, dtype=object)
    out.loc[hide, ["num", *_LIMITS]] = np.nan
    return out


def _comparator_codes(
    frame: pd.DataFrame, name: str, parents: dict[str, pd.Series], top: str | None
) -> pd.Series:
    if name == "country":
        codes = pd.Series(top, index=frame.index, dtype=object)
        return codes.where(frame["area_code"] != top)
    if name == "parent":
        parent = parents.get("parent")
        return (
            frame["area_code"].map(parent)
            if parent is not None
            else pd.Series(None, index=frame.index)
        )
    ancestor = parents.get(name)
    if ancestor is None:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame["area_code"].map(ancestor)


def _compare_method(definition: Definition) -> str:
    method = definition.comparison.method
    if method == "spc":
        return (
            "spc_proportion"
            if definition.measure.kind in ("proportion", "within_standard")
            else "spc_dsr"
        )
    return {1: "single_ci", 12: "overlap", 17: "two_ci_levels"}[method]


def compare_all(
    frame: pd.DataFrame, definition: Definition, parents: dict[str, pd.Series], top: str | None
) -> pd.DataFrame:
    """Add ``<comparator>_code``, ``_value`` and ``_significance`` for each comparator."""
    out = frame
    method = _compare_method(definition)
    slot = _ids(frame["period"], frame["breakdown"], frame["breakdown_value"])
    areas = pd.Index(pd.unique(frame["area_code"]))
    n_areas = len(areas) + 1
    index = pd.Index(slot * n_areas + areas.get_indexer(pd.Index(frame["area_code"])))
    values = {c: frame[c].to_numpy(dtype=np.float64) for c in _LIMITS}
    for name in definition.comparators:
        codes = _comparator_codes(frame, name, parents, top)
        area = areas.get_indexer(pd.Index(codes))
        row = np.where(area >= 0, index.get_indexer(pd.Index(slot * n_areas + area)), -1)
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
        columns: dict[str, pd.Series] = {
            f"{name}_code": pd.Series(codes.to_numpy(), index=out.index, dtype=object),
            f"{name}_value": pd.Series(cv, index=out.index),
            f"{name}_significance": pd.Series(labels, index=out.index, dtype=object),
        }
        out = out.assign(**columns)
    return out


def _series(frame: pd.DataFrame) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int, int]:
    sid: npt.NDArray[np.int64] = np.asarray(
        frame.groupby(SERIES, sort=False).ngroup(), dtype=np.int64
    )
    periods = np.sort(frame["period"].unique())
    pidx = np.searchsorted(periods, frame["period"].to_numpy()).astype(np.int64)
    return sid, pidx, int(sid.max()) + 1 if len(sid) else 0, len(periods)


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
    out = frame.copy()
    out["trend"] = None
    for col in ("spc_point", "spc_rule", "spc_variation", "spc_assurance"):
        out[col] = None
    if frame.empty:
        return out
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
    out["trend"] = pd.Series(trend[sid, pidx], index=out.index, dtype=object)
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
    return out


def targets_and_baseline(frame: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """First target and whether it is met; change from the baseline period (%)."""
    out = frame.copy()
    value = out["value"].to_numpy(dtype=np.float64)
    if definition.targets:
        t = definition.targets[0]
        met = value >= t.value if t.direction == "at_least" else value <= t.value
        out["target_value"] = t.value
        out["target_met"] = pd.Series(met, index=out.index, dtype=object).where(np.isfinite(value))
    else:
        out["target_value"] = np.nan
        out["target_met"] = None
    out["baseline_period"] = None
    out["baseline_value"] = np.nan
    out["change_from_baseline"] = np.nan
    if definition.change_from is None or out.empty:
        return out
    btype = baseline_type(definition.period)
    key = parse_label(btype, definition.change_from.baseline)
    year_of = _year_keys(out["period"].to_numpy(), definition)
    if not (year_of == key).any():
        key = int(year_of.min())  # the data start later: the first year is the baseline
    base = out[year_of == key].groupby(SERIES, sort=False)["value"].mean()
    idx = pd.MultiIndex.from_frame(out[SERIES])
    bval = base.reindex(idx).to_numpy(dtype=np.float64)
    out["baseline_period"] = label(btype, key)
    out["baseline_value"] = bval
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change_from_baseline"] = np.where(bval != 0, (value - bval) / bval * 100.0, np.nan)
    return out


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
