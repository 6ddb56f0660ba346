"""Standard populations are package data with documented sources."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from placewell.errors import StatisticsInputError
from placewell.stats import ESP1976, ESP2013, LE_AGE_BANDS, standard_population
from placewell.stats.standards import ESP2013_AGE_BANDS, standard_population_bands


def test_esp2013_values() -> None:
    expected = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
                5500, 5000, 4000, 2500, 1500, 1000]  # fmt: skip
    np.testing.assert_array_equal(ESP2013, expected)
    assert ESP2013.sum() == 100_000
    assert ESP2013.dtype == np.float64
    assert ESP2013_AGE_BANDS[0] == "0-4" and ESP2013_AGE_BANDS[-2:] == ("85-89", "90+")
    assert len(ESP2013_AGE_BANDS) == 19


def test_esp1976_values() -> None:
    expected = [8000] + [7000] * 10 + [6000, 5000, 4000, 3000, 2000, 1000, 1000]
    np.testing.assert_array_equal(ESP1976, expected)
    assert standard_population_bands("esp1976")[-1] == "85+"


def test_lookup_by_name_is_case_insensitive_and_read_only() -> None:
    arr = standard_population("ESP2013")
    assert arr is standard_population("esp2013")
    with pytest.raises(ValueError, match="read-only"):
        arr[0] = 1
    with pytest.raises(StatisticsInputError, match="unknown standard population 'who2000'"):
        standard_population("who2000")


def test_life_expectancy_bands() -> None:
    assert len(LE_AGE_BANDS) == 20
    assert LE_AGE_BANDS[:3] == ("0", "1-4", "5-9")
    assert LE_AGE_BANDS[-2:] == ("85-89", "90+")


def test_data_file_is_documented_package_data() -> None:
    data = resources.files("placewell.stats").joinpath("data")
    assert data.joinpath("standard_populations.csv").is_file()
    readme = data.joinpath("README.md").read_text(encoding="utf-8")
    assert "Eurostat" in readme and "Waterhouse" in readme
