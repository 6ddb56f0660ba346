"""Rankings with their funnel plot, and the deprivation section of an indicator page.

Funnel limits (95% and 99.8%) around the average of a set of areas come from
:func:`placewell.stats.funnel_limits`, and where each area falls from
:func:`placewell.stats.funnel_significance` (Spiegelhalter 2005, as Fingertips). The
deprivation section gives the values by SIMD quintile with the stored slope and
relative indices of inequality and population attributable risk, in plain English.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from placewell import stats
from placewell.errors import StatisticsInputError
from placewell.indicators.definition import Definition
from placewell.indicators.evidence import compares_areas, gap_direction, unit_of
from placewell.portal.indicator_sections import cells_of, number, significance_against
from placewell.portal.indicator_views import (
    AreaRef,
    Cell,
    DeprivationView,
    FunnelView,
    RankingView,
    fmt_value,
)
from placewell.portal.results import IndicatorData

__all__ = ["FUNNEL_WORDS", "deprivation_view", "funnel_view", "ranking_view"]

_PROPORTIONS = ("proportion", "within_standard", "weighted_proportion")
_RATES = ("crude_rate", "dsr")
FUNNEL_WORDS = {
    "High (0.001)": "Above the 99.8% limit",
    "High (0.025)": "Above the 95% limit",
    "Low (0.001)": "Below the 99.8% limit",
    "Low (0.025)": "Below the 95% limit",
    "Not significant": "Within the limits",
}


def _order(cells: list[Cell], definition: Definition) -> list[Cell]:
    """Best first (highest first when neither is better); suppressed values last."""
    sign = 1.0 if definition.polarity == "low_is_good" else -1.0
    shown = sorted((c for c in cells if c.value is not None), key=lambda c: sign * (c.value or 0))
    ranked = [
        Cell(**{**c.__dict__, "rank": i + 1}) if compares_areas(definition) else c
        for i, c in enumerate(shown)
    ]
    return ranked + [c for c in cells if c.value is None]


def ranking_view(
    data: IndicatorData,
    definition: Definition,
    codes: Sequence[str],
    *,
    title: str,
    level: str,
    period: str,
    comparator: tuple[str, pd.DataFrame] | None,
) -> RankingView | None:
    """Areas ranked by their value in ``period``, compared with ``comparator``, with a funnel."""
    rows = data.rows(area=codes, period=period)
    if rows.empty:
        return None
    labels = significance_against(rows, comparator[1], definition) if comparator else []
    cells = cells_of(rows, definition)
    if labels:
        cells = [
            Cell(**{**c.__dict__, "significance": s}) for c, s in zip(cells, labels, strict=True)
        ]
    funnel = funnel_view(rows, definition)
    if funnel is not None:
        words = {name: sig for name, _, _, sig in funnel.points}
        cells = [Cell(**{**c.__dict__, "funnel": words.get(c.area.name)}) for c in cells]
    suppressed = sum(c.suppressed for c in cells)
    note = ""
    if suppressed:
        note = (
            f"{suppressed} of {len(cells)} values are suppressed because they rest on too "
            "few records (fewer than "
            f"{definition.disclosure.threshold}); they are not shown or charted."
        )
    return RankingView(
        title=title,
        level=level,
        period=period,
        comparator=comparator[0] if comparator else "",
        cells=tuple(_order(cells, definition)),
        suppressed=suppressed,
        funnel=funnel,
        note=note,
    )


def funnel_view(rows: pd.DataFrame, definition: Definition) -> FunnelView | None:
    """Funnel limits (95% and 99.8%) around the average, and where each area falls.

    Proportions use Wilson limits at each denominator; crude rates and DSRs Poisson
    limits (:func:`placewell.stats.funnel_limits`). Other measures have no funnel.
    """
    kind, scale = definition.measure.kind, definition.measure.scale
    ok = rows[~rows["suppressed"]]
    num = ok["numerator"].to_numpy(dtype=np.float64)
    den = ok["denominator"].to_numpy(dtype=np.float64)
    val = ok["value"].to_numpy(dtype=np.float64)
    keep = np.isfinite(num) & np.isfinite(den) & (den > 0) & np.isfinite(val)
    if kind not in _PROPORTIONS + _RATES or keep.sum() < 3:
        return None
    num, den, val = num[keep], den[keep], val[keep]
    names = ok["area_name"].astype(str).to_numpy()[keep]
    curves: list[tuple[float, float, float, float, float]] = []
    try:
        if kind in _PROPORTIONS:
            num = np.minimum(num, den)
            average = float(num.sum() / den.sum())
            if not 0 < average < 1:
                return None
            grid = np.unique(np.geomspace(max(den.min() * 0.8, 1.0), den.max() * 1.1, 60))
            lim = stats.funnel_limits(grid, average, statistic="proportion", multiplier=scale)
            curves = list(
                zip(
                    grid,
                    lim.extra["lower_95"],
                    lim.extra["upper_95"],
                    lim.extra["lower_99_8"],
                    lim.extra["upper_99_8"],
                    strict=True,
                )
            )
            sig = stats.funnel_significance(num, den, statistic="proportion").significance
            x_title, shown_average = "Denominator", average * scale
        else:
            per_person = float((val * den).sum() / den.sum() / scale)
            if not per_person > 0:
                return None
            span = (max(per_person * den.min() * 0.8, 1.0), max(per_person * den.max() * 1.2, 2.0))
            expected = np.unique(np.geomspace(span[0], span[1], 60))
            lim = stats.funnel_limits(expected, per_person, statistic="rate", multiplier=scale)
            # the population at which x events sit on each limit: x = expected events
            pop = expected / per_person
            curves = list(
                zip(
                    pop,
                    lim.extra["lower_95"],
                    lim.extra["upper_95"],
                    lim.extra["lower_99_8"],
                    lim.extra["upper_99_8"],
                    strict=True,
                )
            )
            sig = stats.funnel_significance(
                num,
                den,
                statistic="rate",
                rate=val,
                rate_type="dsr" if kind == "dsr" else "crude",
                multiplier=scale,
                average=per_person,
            ).significance
            x_title, shown_average = "Population", per_person * scale
    except StatisticsInputError:
        return None
    points = tuple(
        (str(n), float(x), float(v), FUNNEL_WORDS.get(str(s), str(s)))
        for n, x, v, s in zip(names, den, val, sig, strict=True)
    )
    limits = tuple(tuple(float(v) for v in c) for c in curves)
    return FunnelView(
        x_title=x_title,
        average=shown_average,
        points=points,
        limits=limits,  # type: ignore[arg-type]
        note=(
            "Areas outside the funnel differ from the average by more than chance would "
            "explain: outside the 95% limits about 1 time in 20 by chance, outside the "
            "99.8% limits about 1 time in 500."
        ),
    )


def deprivation_view(
    data: IndicatorData,
    definition: Definition,
    area: AreaRef,
    quintile_type: str,
) -> DeprivationView | None:
    """Values by SIMD quintile in the latest period with all five, and SII, RII and PAR."""
    rows = data.rows(area=area.code, breakdown=quintile_type)
    inequality = data.inequality
    if rows.empty:
        return None
    periods = rows["period"].astype(str).unique().tolist()
    mine = inequality[
        (inequality["area_code"] == area.code) & (inequality["quintile_type"] == quintile_type)
    ]
    measured = mine[mine["sii"].notna()]
    period = str(measured["period"].iloc[-1]) if not measured.empty else periods[-1]
    if not measured.empty:
        order = {p: i for i, p in enumerate(periods)}
        measured = measured.assign(_o=measured["period"].map(order)).sort_values("_o")
        period = str(measured["period"].iloc[-1])
    latest = rows[rows["period"] == period].sort_values("breakdown_value")
    cells = cells_of(latest, definition, label_by="breakdown")
    measures: list[tuple[str, str, str]] = []
    sentences: list[str] = []
    history: list[tuple[str, str, str]] = []
    gap = None
    if not measured.empty and compares_areas(definition):
        row = measured.iloc[-1]
        measures, sentences = _inequality_words(row, definition, area)
        for r in measured.itertuples(index=False):
            history.append(
                (
                    str(r.period),
                    fmt_value(number(r.sii), definition),
                    f"{fmt_value(number(r.sii_lower_95), definition)} to "
                    f"{fmt_value(number(r.sii_upper_95), definition)}",
                )
            )
        series = list(
            zip(measured["sii"], measured["sii_lower_95"], measured["sii_upper_95"], strict=True)
        )
        direction = gap_direction(series)
        first = str(measured["period"].iloc[max(len(measured) - 5, 0)])
        gap = {
            "widening": f"The gap has widened significantly since {first}.",
            "narrowing": f"The gap has narrowed significantly since {first}.",
            "no_change": f"The gap has not changed significantly since {first}.",
        }.get(direction or "")
    elif not compares_areas(definition):
        sentences = ["Inequality measures are not calculated for counts and totals."]
    else:
        sentences = [
            "The inequality measures need a value for every quintile; at least one is "
            "missing or suppressed here."
        ]
    return DeprivationView(
        quintile_type=quintile_type,
        period=period,
        cells=tuple(cells),
        sentences=tuple(sentences),
        measures=tuple(measures),
        history=tuple(history),
        gap=gap,
    )


def _inequality_words(
    row: pd.Series, definition: Definition, area: AreaRef
) -> tuple[list[tuple[str, str, str]], list[str]]:
    unit = unit_of(definition) or ""
    unit_text = "%" if unit == "%" else (f" {unit}" if unit else "")
    sii, lo, hi = float(row["sii"]), float(row["sii_lower_95"]), float(row["sii_upper_95"])
    rii, par = number(row["rii"]), number(row["par"])
    where = "higher" if sii > 0 else "lower"
    size = fmt_value(abs(sii), definition)
    significant = not (lo <= 0 <= hi)
    sii_text = (
        f"Taking every quintile and its population into account, the value is {size}"
        f"{unit_text} {where} at the most deprived end of {area.name} than at the least "
        f"deprived end (95% confidence interval {fmt_value(lo, definition)} to "
        f"{fmt_value(hi, definition)})."
    )
    sii_text += (
        " The gap is statistically significant."
        if significant
        else " The interval includes zero, so the gap may be chance."
    )
    measures = [
        ("Slope index of inequality (SII)", f"{fmt_value(sii, definition)}{unit_text}", sii_text)
    ]
    if rii is not None:
        measures.append(
            (
                "Relative index of inequality (RII)",
                f"{rii:.2f}",
                f"The gap is {abs(rii) * 100:.0f}% of {area.name}'s average value: the SII "
                "divided by the average, so places with different averages can be compared.",
            )
        )
    if par is not None:
        direction = "lower" if par >= 0 else "higher"
        measures.append(
            (
                "Population attributable risk (PAR)",
                f"{par:.1f}%",
                f"If everyone in {area.name} had the value of the least deprived quintile, "
                f"the overall value would be {abs(par):.1f}% {direction}.",
            )
        )
    polarity = definition.polarity
    worse_where = (sii > 0 and polarity == "low_is_good") or (
        sii < 0 and polarity == "high_is_good"
    )
    lead = (
        f"In {area.name}, people in the most deprived areas fare worse on this indicator."
        if worse_where and significant
        else f"In {area.name}, the value differs between the most and least deprived areas."
        if significant
        else f"In {area.name}, there is no clear gradient by deprivation."
    )
    return measures, [lead]
