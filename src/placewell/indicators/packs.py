"""Indicator packs: bundled sets of definitions, and a workspace's own definitions.

A pack is a folder of YAML definitions with a ``pack.yaml`` naming and describing it
(``src/placewell/indicators/packs/<pack>/``). Bundled packs:

* ``core-suite``: Scotland's Core Suite of Integration Indicators the data contract
  supports (NI-1 to NI-9 from the survey, NI-11 to NI-16, NI-18 to NI-20);
* ``msg``: the Ministerial Strategic Group indicators 1-5 against their 2017/18 baseline;
* ``local``: local indicators (drug and alcohol waiting times, children starting to be
  looked after, money advice gains, carers supported).

Definitions a partnership writes itself go in ``<workspace>/indicators/*.yaml`` and
form the pack ``workspace``.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from placewell.errors import DefinitionError, NotFoundError
from placewell.indicators._yaml import load_located
from placewell.indicators.check import check_definition
from placewell.indicators.definition import Definition, parse_definition
from placewell.workspace import Workspace

__all__ = ["Pack", "all_definitions", "find_definition", "list_packs", "load_pack"]

WORKSPACE_PACK = "workspace"


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    description: str
    source: str = ""
    definitions: list[Definition] = field(default_factory=list)


def _bundled_root() -> Traversable:
    return resources.files("placewell.indicators").joinpath("packs")


def _read_pack(folder: Traversable | Path, name: str, label: str) -> Pack:
    meta: dict[str, object] = {}
    pack_file = folder.joinpath("pack.yaml")
    if pack_file.is_file():
        meta = yaml.safe_load(pack_file.read_text(encoding="utf-8")) or {}
    definitions = []
    files = sorted(
        (
            f
            for f in folder.iterdir()
            if f.name.endswith((".yaml", ".yml")) and f.name != "pack.yaml"
        ),
        key=lambda f: f.name,
    )
    for f in files:
        located = load_located(f.read_text(encoding="utf-8"), f"{label}/{f.name}")
        definitions.append(check_definition(parse_definition(located)))
    ids = [d.id for d in definitions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DefinitionError(f"pack {name}: indicator id {dupes[0]} is defined twice")
    return Pack(
        name=str(meta.get("name", name)),
        title=str(meta.get("title", name)),
        description=str(meta.get("description", "")).strip(),
        source=str(meta.get("source", "")).strip(),
        definitions=definitions,
    )


def list_packs(workspace: Workspace | None = None) -> list[str]:
    """Names of the bundled packs (and ``workspace`` if it has definitions)."""
    names = sorted(
        p.name for p in _bundled_root().iterdir() if p.is_dir() and not p.name.startswith("_")
    )
    if workspace is not None and (workspace.home / "indicators").is_dir():
        names.append(WORKSPACE_PACK)
    return names


@functools.lru_cache(maxsize=16)
def _bundled(name: str) -> Pack:
    return _read_pack(_bundled_root().joinpath(name), name, name)


def load_pack(name: str, workspace: Workspace | None = None) -> Pack:
    """A pack with its definitions, each validated against the data contract."""
    if name == WORKSPACE_PACK:
        if workspace is None or not (workspace.home / "indicators").is_dir():
            raise NotFoundError("this workspace has no indicators/ folder of definitions")
        return _read_pack(workspace.home / "indicators", name, "indicators")
    folder = _bundled_root().joinpath(name)
    if not folder.is_dir():
        known = list_packs(workspace)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise NotFoundError(f"unknown indicator pack {name!r}{hint}; packs are: {', '.join(known)}")
    return _bundled(name)


def all_definitions(workspace: Workspace | None = None) -> list[Definition]:
    """Every definition of every pack, in pack order."""
    return [d for name in list_packs(workspace) for d in load_pack(name, workspace).definitions]


def find_definition(indicator: str, workspace: Workspace | None = None) -> Definition:
    """The definition with id ``indicator`` (case-insensitive) from any pack."""
    found = {d.id: d for d in all_definitions(workspace)}
    key = indicator.strip().upper()
    if key in found:
        return found[key]
    close = difflib.get_close_matches(key, list(found), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise NotFoundError(f"no indicator {indicator!r}{hint} (see `placewell indicators list`)")
