"""Analytics engines: DuckDB (embedded default), PostgreSQL and Spark, through Ibis."""

from __future__ import annotations

from placewell.engine.backends import ENGINE_URL_VARIABLE, Backend, connect

__all__ = ["ENGINE_URL_VARIABLE", "Backend", "connect"]
