"""Indicators: declarative definitions, computed for every area, period and breakdown.

An indicator is written once, as YAML (see ``docs/indicators.md``), checked against the
data contract, compiled to Ibis expressions that aggregate in the engine (DuckDB,
PostgreSQL or Spark) and judged with :mod:`placewell.stats`.
"""

from __future__ import annotations

from placewell.indicators.api import (
    compute,
    compute_many,
    inequality,
    load_definition,
    open_workspace,
    resolve_definitions,
    results,
)
from placewell.indicators.definition import Definition
from placewell.indicators.packs import find_definition, list_packs, load_pack

__all__ = [
    "Definition",
    "compute",
    "compute_many",
    "find_definition",
    "inequality",
    "list_packs",
    "load_definition",
    "load_pack",
    "open_workspace",
    "resolve_definitions",
    "results",
]
