"""placewell.stats: pure, vectorised public-health statistics.

Every function takes arrays (one element or row per group), validates them with
plain messages, and returns a :class:`StatResult` whose ``value``, ``lower`` and
``upper`` are numpy arrays, labelled with ``statistic``, ``method`` and
``confidence``. No I/O, no database, no per-group Python loops.

Usage::

    from placewell import stats
    stats.proportion([12, 40], [100, 200])
    stats.dsr(counts, populations)          # groups x 19 age bands, ESP2013 default

See ``docs/stats/`` for the methods and their references.
"""

from __future__ import annotations

import importlib
from typing import Any

from placewell.stats._result import StatResult

# public name -> module that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    # intervals and basic measures
    "wilson": "intervals",
    "byars": "intervals",
    "exact_poisson": "intervals",
    "proportion": "proportions",
    "crude_rate": "rates",
    "count_ci": "rates",
    "mean": "means",
    "dsr": "dsr",
    "isr": "isr",
    "standard_population": "standards",
    "ESP2013": "standards",
    "ESP1976": "standards",
    "LE_AGE_BANDS": "standards",
    "funnel_limits": "funnel",
    "funnel_significance": "funnel",
    # life expectancy and inequality
    "life_expectancy": "life_expectancy",
    "quantile": "quantiles",
    "sii": "inequality",
    "par": "inequality",
    "ranges": "inequality",
    # comparison, trend, SPC, disclosure
    "compare": "compare",
    "quantile_bounds": "compare",
    "recent_trend": "trend",
    "spc": "spc",
    "suppress": "disclosure",
}

__all__ = ["StatResult", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'placewell.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"placewell.stats.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
