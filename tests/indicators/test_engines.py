"""The same definitions give identical results on PostgreSQL and Spark as on DuckDB."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from placewell.workspace import Workspace
from tests.indicators.conftest import computed, engine_ids

KEYS = ["area_code", "period", "breakdown", "breakdown_value"]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> list[str]:
    x = a.sort_values(KEYS).reset_index(drop=True)
    y = b.sort_values(KEYS).reset_index(drop=True)
    assert x.shape == y.shape and list(x.columns) == list(y.columns)
    differ = []
    for col in x.columns:
        if pd.api.types.is_float_dtype(x[col]) and pd.api.types.is_float_dtype(y[col]):
            ok = np.allclose(
                x[col].to_numpy(), y[col].to_numpy(), rtol=1e-9, atol=1e-12, equal_nan=True
            )
        else:
            left = x[col].astype(object).where(x[col].notna(), "<NA>").astype(str)
            right = y[col].astype(object).where(y[col].notna(), "<NA>").astype(str)
            ok = bool((left.to_numpy() == right.to_numpy()).all())
        if not ok:
            differ.append(col)
    return differ


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_results_identical_to_duckdb(
    engine: str, request: pytest.FixtureRequest, workspace: Workspace
) -> None:
    other = computed(engine, request, workspace)
    reference = computed("duckdb", request, workspace)
    assert set(other) == set(engine_ids(engine))
    for indicator, frame in other.items():
        assert len(frame) > 0
        assert _same(reference[indicator], frame) == [], indicator
