"""The Python API for notebooks and scripts.

::

    import placewell
    from placewell.indicators import compute, results, load_definition

    ws = placewell.open_workspace("placewell-data")
    ni12 = compute(ws, "NI-12")                  # a pandas DataFrame, one row per
                                                 # area, period and breakdown
    mine = load_definition("my_indicator.yaml")  # checked against the data contract
    compute(ws, mine, engine="duckdb")
    results(ws, indicator="NI-12", area_level="partnership")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from placewell.config import load_settings
from placewell.engine.backends import Backend, connect
from placewell.errors import DefinitionError
from placewell.indicators.definition import Definition, load_definition
from placewell.indicators.engine import Outcome, run
from placewell.indicators.packs import find_definition, load_pack
from placewell.indicators.results import read_inequality, read_results
from placewell.workspace import Workspace

__all__ = [
    "compute",
    "compute_many",
    "inequality",
    "load_definition",
    "open_workspace",
    "resolve_definitions",
    "results",
]

IndicatorLike = str | Path | Definition


def open_workspace(path: str | Path | None = None) -> Workspace:
    """An existing workspace (``PLACEWELL_HOME`` or ``./placewell-data`` when no path)."""
    home = Path(path) if path is not None else Path(load_settings().home)
    return Workspace(home).require()


def _one(item: IndicatorLike, workspace: Workspace) -> Definition:
    if isinstance(item, Definition):
        return item
    text = str(item)
    if text.endswith((".yaml", ".yml")) or Path(text).is_file():
        return load_definition(text)
    return find_definition(text, workspace)


def resolve_definitions(
    workspace: Workspace,
    indicators: IndicatorLike | Iterable[IndicatorLike] | None = None,
    pack: str | None = None,
) -> list[Definition]:
    """Definitions by id, path or object, or a whole pack (``core-suite`` by default)."""
    if indicators is None:
        return load_pack(pack or "core-suite", workspace).definitions
    items = [indicators] if isinstance(indicators, (str, Path, Definition)) else list(indicators)
    found = [_one(i, workspace) for i in items]
    if pack is not None:
        ids = {d.id for d in load_pack(pack, workspace).definitions}
        outside = [d.id for d in found if d.id not in ids]
        if outside:
            raise DefinitionError(f"{outside[0]} is not in pack {pack}")
    return found


def compute_many(
    workspace: Workspace,
    definitions: list[Definition],
    *,
    engine: str | None = None,
    backend: Backend | None = None,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    store: bool = True,
    keep: bool = True,
) -> list[Outcome]:
    """Compute and store several definitions; the outcome of each (with its results).

    ``store=False`` computes every definition without writing to the warehouse;
    ``keep=False`` leaves the results out of the outcomes (the command line).
    """
    options: dict[str, Any] = {"force": force, "progress": progress, "keep": keep, "store": store}
    if backend is not None:
        return run(backend, definitions, **options)
    settings = load_settings()
    with connect(engine or settings.engine, workspace) as opened:
        return run(opened, definitions, **options)


def compute(
    workspace: Workspace,
    indicator: IndicatorLike | Iterable[IndicatorLike] | None = None,
    *,
    pack: str | None = None,
    engine: str | None = None,
    backend: Backend | None = None,
    force: bool = False,
    store: bool = True,
) -> pd.DataFrame:
    """Compute indicators (skipping unchanged ones) and return their results.

    ``store=False`` computes them all without writing to the workspace warehouse.
    """
    definitions = resolve_definitions(workspace, indicator, pack)
    outcomes = compute_many(
        workspace, definitions, engine=engine, backend=backend, force=force, store=store
    )
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise DefinitionError(f"{failed[0].indicator}: {failed[0].message}")
    frames = [o.results for o in outcomes if o.results is not None and len(o.results)]
    unchanged = [o.indicator for o in outcomes if o.status == "unchanged"]
    frames += [read_results(workspace, i) for i in unchanged]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def results(workspace: Workspace, indicator: str | None = None, **where: str) -> pd.DataFrame:
    """Stored results (all, or one indicator), with optional column filters."""
    return read_results(workspace, indicator, **where)


def inequality(workspace: Workspace, indicator: str | None = None, **where: str) -> pd.DataFrame:
    """Stored inequality measures (SII, RII, PAR, ranges) by area, period and quintile type."""
    return read_inequality(workspace, indicator, **where)
