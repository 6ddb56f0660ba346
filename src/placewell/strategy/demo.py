"""The bundled example strategies (package data in ``examples/``) and loading them.

Four examples, written for the demo from published strategies of health and social
care partnerships and councils; dates, leads, targets and updates are illustrative.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from placewell.config import load_settings
from placewell.strategy.service import StrategyService
from placewell.strategy.yaml_io import load_strategy

__all__ = ["EXAMPLES_AUTHOR", "example_files", "load_examples"]

EXAMPLES_AUTHOR = "placewell examples"


def example_files() -> list[Traversable]:
    """The bundled example strategy files, in name order."""
    folder = files("placewell.strategy").joinpath("examples")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def load_examples(url: str | None = None, *, author: str = EXAMPLES_AUTHOR) -> list[str]:
    """Import every bundled example into the application database; return their ids.

    ``url`` defaults to the configured application database. Loading again updates
    the examples in place (and changes nothing if they were not edited).
    """
    service = StrategyService(url or load_settings().app_database_url)
    keys = []
    for file in example_files():
        doc = load_strategy(file.read_text("utf-8"), source=file.name)
        keys.append(service.import_doc(doc, author=author).key)
    return keys
