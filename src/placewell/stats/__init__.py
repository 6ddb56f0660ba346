"""placewell.stats: pure, vectorised public-health statistics.

Every function takes arrays (one element or row per group), validates them with
plain messages (:class:`placewell.errors.StatisticsInputError` naming the group), and
returns a result whose ``value``, ``lower`` and ``upper`` are numpy arrays, labelled
with ``statistic``, ``method`` and ``confidence``, with ``to_frame()``. No I/O, no
database, no per-group Python loops.

Usage::

    from placewell import stats
    stats.proportion([12, 40], [100, 200])          # Wilson score intervals
    stats.dsr(counts, populations)                  # groups x 19 bands, ESP2013, Dobson

Methods and references: ``docs/stats/``.
"""

from __future__ import annotations

from placewell.stats._result import StatResult
from placewell.stats.compare import compare, quantile_bounds
from placewell.stats.disclosure import SuppressionResult, suppress
from placewell.stats.dsr import dsr
from placewell.stats.funnel import FunnelSignificance, funnel_limits, funnel_significance
from placewell.stats.inequality import par, ranges, sii
from placewell.stats.intervals import byars, exact_poisson, wilson
from placewell.stats.isr import isr
from placewell.stats.life_expectancy import life_expectancy
from placewell.stats.linked_suppression import LinkedSuppressionResult, suppress_linked
from placewell.stats.means import mean
from placewell.stats.proportions import proportion
from placewell.stats.quantiles import quantile
from placewell.stats.rates import count_ci, crude_rate
from placewell.stats.spc import SpcResult, spc
from placewell.stats.standards import ESP1976, ESP2013, LE_AGE_BANDS, standard_population
from placewell.stats.trend import recent_trend

__all__ = [
    "ESP1976",
    "ESP2013",
    "LE_AGE_BANDS",
    "FunnelSignificance",
    "LinkedSuppressionResult",
    "SpcResult",
    "StatResult",
    "SuppressionResult",
    "byars",
    "compare",
    "count_ci",
    "crude_rate",
    "dsr",
    "exact_poisson",
    "funnel_limits",
    "funnel_significance",
    "isr",
    "life_expectancy",
    "mean",
    "par",
    "proportion",
    "quantile",
    "quantile_bounds",
    "ranges",
    "recent_trend",
    "sii",
    "spc",
    "standard_population",
    "suppress",
    "suppress_linked",
    "wilson",
]
