"""The public names analysts use from notebooks resolve to functions, whatever the import order."""

from __future__ import annotations

import importlib

import placewell.stats.dsr
import placewell.stats.life_expectancy  # noqa: F401  (a submodule with the same name as a function)
from placewell import stats


def test_public_functions_are_callables_not_modules() -> None:
    for name in stats.__all__:
        obj = getattr(stats, name)
        assert not isinstance(obj, type(importlib)), f"stats.{name} is a module"
    assert callable(stats.life_expectancy) and callable(stats.dsr) and callable(stats.spc)


def test_worked_example_through_public_api() -> None:
    result = stats.proportion([1], [100])
    assert abs(result.lower[0] - 0.0017674320641406511) < 1e-12
    frame = result.to_frame()
    assert list(frame.columns[:3]) == ["value", "lower", "upper"]
    assert frame.loc[0, "method"] == "Wilson"
