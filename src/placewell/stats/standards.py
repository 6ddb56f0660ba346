"""Standard populations and age-band layouts.

The numbers are package data (``data/standard_populations.csv``, sources in
``data/README.md``): the European Standard Population 2013 revision (Eurostat 2013;
19 bands 0-4, 5-9, ..., 85-89, 90+) and the 1976 European Standard Population
(Waterhouse et al. 1976, WHO/IARC; 18 bands 0-4, ..., 80-84, 85+). Arrays returned
here are read-only so that no caller can change a standard for everybody else.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import numpy as np
import numpy.typing as npt

from placewell.errors import StatisticsInputError

__all__ = [
    "ESP1976",
    "ESP1976_AGE_BANDS",
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "LE_AGE_BANDS",
    "standard_population",
    "standard_population_bands",
]

FloatArray = npt.NDArray[np.float64]

#: The 20-band layout life expectancy (Chiang II) needs: 0, 1-4, 5-9, ..., 85-89, 90+.
LE_AGE_BANDS: tuple[str, ...] = (
    "0",
    "1-4",
    *(f"{a}-{a + 4}" for a in range(5, 90, 5)),
    "90+",
)


def _load() -> dict[str, tuple[tuple[str, ...], FloatArray]]:
    text = (
        resources.files("placewell.stats")
        .joinpath("data/standard_populations.csv")
        .read_text(encoding="utf-8")
    )
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    bands: dict[str, list[str]] = {}
    values: dict[str, list[float]] = {}
    for row in rows:
        name = row["standard"].strip().lower()
        bands.setdefault(name, []).append(row["age_band"].strip())
        values.setdefault(name, []).append(float(row["population"]))
    out: dict[str, tuple[tuple[str, ...], FloatArray]] = {}
    for name, vals in values.items():
        arr = np.asarray(vals, dtype=np.float64)
        arr.setflags(write=False)
        out[name] = (tuple(bands[name]), arr)
    return out


_STANDARDS = _load()

#: European Standard Population 2013, 19 bands (0-4, ..., 85-89, 90+), total 100,000.
ESP2013: FloatArray = _STANDARDS["esp2013"][1]
ESP2013_AGE_BANDS: tuple[str, ...] = _STANDARDS["esp2013"][0]
#: European Standard Population 1976, 18 bands (0-4, ..., 80-84, 85+), total 100,000.
ESP1976: FloatArray = _STANDARDS["esp1976"][1]
ESP1976_AGE_BANDS: tuple[str, ...] = _STANDARDS["esp1976"][0]


def _lookup(name: str) -> tuple[tuple[str, ...], FloatArray]:
    key = str(name).strip().lower().replace(" ", "").replace("_", "")
    if key not in _STANDARDS:
        known = ", ".join(sorted(_STANDARDS))
        raise StatisticsInputError(
            f"unknown standard population {name!r}; choose one of {known} "
            "or pass the standard population as an array"
        )
    return _STANDARDS[key]


def standard_population(name: str) -> FloatArray:
    """The standard population ``name`` (``"esp2013"`` or ``"esp1976"``) as a read-only array.

    One value per age band, youngest first; see :func:`standard_population_bands`
    for the band labels.
    """
    return _lookup(name)[1]


def standard_population_bands(name: str) -> tuple[str, ...]:
    """The age-band labels of standard population ``name``, youngest first."""
    return _lookup(name)[0]
