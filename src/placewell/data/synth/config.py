"""What to generate: size, seed and years of the demo population, and its calendar.

Dates inside the generator are whole days since 1970-01-01 (``int64``), the
numbers Arrow's ``date32`` stores, so every step works on plain integer arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from placewell.errors import ConfigError

__all__ = ["NEVER", "DemoConfig", "day", "fy_label"]

NEVER = 10_000_000  # the "date of death" of someone who has not died (year 29349)
MIN_PEOPLE, MAX_PEOPLE = 1_000, 20_000_000


def day(year: int, month: int, dom: int) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return int(np.datetime64(f"{year:04d}-{month:02d}-{dom:02d}", "D").astype(np.int64))


def fy_label(year: int) -> str:
    """Financial year label: ``fy_label(2023) == '2023/24'``."""
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class DemoConfig:
    """Settings of a demo population.

    Attributes:
        people: residents on 1 April of ``first_year`` (births during the period
            are added; 365,300 gives Ayrshire's Census 2022 council sizes, larger
            numbers add data zones, e.g. 5,400,000 for a Scotland-sized run).
        seed: seed of every random draw; the same config gives identical tables.
        first_year, last_year: financial years ``first_year/..`` to ``last_year/..``
            (April ``first_year`` to March ``last_year + 1``); mid-year populations
            are for 30 June of each of these years.
    """

    people: int = 365_300
    seed: int = 20240401
    first_year: int = 2018
    last_year: int = 2024

    def __post_init__(self) -> None:
        if not MIN_PEOPLE <= self.people <= MAX_PEOPLE:
            raise ConfigError(
                f"people must be between {MIN_PEOPLE:,} and {MAX_PEOPLE:,}, got {self.people:,}"
            )
        if self.seed < 0:
            raise ConfigError(f"seed must be zero or positive, got {self.seed}")
        if not 1990 <= self.first_year <= self.last_year <= 2090:
            raise ConfigError(
                "years must satisfy 1990 <= first_year <= last_year <= 2090, "
                f"got first_year={self.first_year}, last_year={self.last_year}"
            )

    @property
    def years(self) -> range:
        """Financial (and mid-) years covered, by their first calendar year."""
        return range(self.first_year, self.last_year + 1)

    @property
    def start(self) -> int:
        """First day of the period (1 April of ``first_year``)."""
        return day(self.first_year, 4, 1)

    @property
    def end(self) -> int:
        """Last day of the period (31 March after ``last_year``), inclusive."""
        return day(self.last_year + 1, 3, 31)

    @staticmethod
    def fy_start(year: int) -> int:
        return day(year, 4, 1)

    @staticmethod
    def fy_end(year: int) -> int:
        """Last day (inclusive) of financial year ``year``."""
        return day(year + 1, 3, 31)
