"""Deprivation quantiles: SG equal-count national cuts and PHS population-weighted local cuts."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.geography.deprivation import (
    equal_count_quantile,
    population_weighted_quantile,
    quintile_from_decile,
)

# --- equal count (national SIMD cut) -------------------------------------------------


def test_equal_count_simd_2020v2_boundaries() -> None:
    # 6,976 data zones: decile 1 ends at floor(697.6) = 697, quintile 1 at 1,395.
    ranks = [1, 697, 698, 1395, 1396, 6976]
    assert equal_count_quantile(ranks, 6976, 10).tolist() == [1, 1, 2, 2, 3, 10]
    assert equal_count_quantile(ranks, 6976, 5).tolist() == [1, 1, 1, 1, 2, 5]
    assert equal_count_quantile([1046, 1047], 6976, 20).tolist() == [3, 4]


def test_equal_count_exact_division() -> None:
    assert equal_count_quantile(np.arange(1, 11), 10, 5).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


@pytest.mark.parametrize("bad", [0, 11, 2.5, np.nan])
def test_equal_count_rejects_bad_rank(bad: float) -> None:
    with pytest.raises(StatisticsInputError, match="rank must be a whole number"):
        equal_count_quantile([1, bad], 10, 5)


def test_equal_count_rejects_bad_n() -> None:
    with pytest.raises(StatisticsInputError, match="n"):
        equal_count_quantile([1], 10, 0)


def test_quintile_from_decile() -> None:
    assert quintile_from_decile(range(1, 11)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    with pytest.raises(StatisticsInputError):
        quintile_from_decile([11])


# --- population weighted (PHS) -------------------------------------------------------


def test_equal_populations_give_equal_count_deciles() -> None:
    q = population_weighted_quantile(np.arange(1, 21), np.full(20, 100), None, 10)
    assert q.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10]


def test_phs_moves_cut_to_the_nearer_boundary() -> None:
    # Cumulative shares 30%, 55%, 100%: the halfway cut is nearer 55% (5 away) than
    # 30% (20 away), so the second zone joins quantile 1.
    q = population_weighted_quantile([1, 2, 3], [30, 25, 45], None, 2)
    assert q.tolist() == [1, 1, 2]
    assert population_weighted_quantile(
        [1, 2, 3], [30, 25, 45], None, 2, method="upper"
    ).tolist() == [
        1,
        2,
        2,
    ]


def test_phs_keeps_cut_when_previous_boundary_is_nearer() -> None:
    # Cumulative shares 45%, 70%, 100%: 45% is nearer the 50% cut than 70%.
    assert population_weighted_quantile([1, 2, 3], [45, 25, 30], None, 2).tolist() == [1, 2, 2]


def test_exact_tie_keeps_provisional_quantile() -> None:
    # 40% and 60%: equally far from 50%; PHS moves only when strictly nearer (d2 > 0).
    assert population_weighted_quantile([1, 2, 3], [40, 20, 40], None, 2).tolist() == [1, 2, 2]


def test_midpoint_method() -> None:
    # Midpoint shares 15%, 42.5%, 77.5% -> quantiles 1, 1, 2.
    q = population_weighted_quantile([1, 2, 3], [30, 25, 45], None, 2, method="midpoint")
    assert q.tolist() == [1, 1, 2]


def test_order_of_input_does_not_matter_and_groups_are_independent() -> None:
    rng = np.random.default_rng(7)
    rank = rng.permutation(200) + 1
    pop = rng.integers(300, 1500, 200)
    group = rng.choice(["A", "B", "C"], 200)
    q = population_weighted_quantile(rank, pop, group, 10)
    for label in "ABC":
        m = group == label
        alone = population_weighted_quantile(rank[m], pop[m], None, 10)
        assert np.array_equal(q[m], alone)
    perm = rng.permutation(200)
    q2 = population_weighted_quantile(rank[perm], pop[perm], group[perm], 10)
    assert np.array_equal(q2, q[perm])


def test_zero_population_zone_at_start_gets_quantile_1() -> None:
    q = population_weighted_quantile([1, 2, 3, 4], [0, 50, 25, 25], None, 2)
    assert q.tolist() == [1, 1, 2, 2]


def test_rejects_group_with_no_population() -> None:
    with pytest.raises(StatisticsInputError, match=r"'B'.*total population is 0"):
        population_weighted_quantile([1, 2, 3], [10, 0, 0], ["A", "B", "B"], 2)


@pytest.mark.parametrize(
    ("rank", "pop", "match"),
    [
        ([1, 2], [1], "one value per area"),
        ([1, np.nan], [1, 1], "rank must be a finite"),
        ([1, 2], [1, -1], "population must be a non-negative"),
    ],
)
def test_rejects_bad_input(rank: list[float], pop: list[float], match: str) -> None:
    with pytest.raises(StatisticsInputError, match=match):
        population_weighted_quantile(rank, pop, None, 2)


def test_rejects_unknown_method() -> None:
    with pytest.raises(StatisticsInputError, match="method"):
        population_weighted_quantile([1], [1], None, 2, method="mean")  # type: ignore[arg-type]


def test_empty_input() -> None:
    assert population_weighted_quantile([], [], [], 10).shape == (0,)


@settings(max_examples=60, deadline=None)
@given(
    pops=st.lists(st.integers(min_value=1, max_value=2000), min_size=12, max_size=80),
    n=st.sampled_from([2, 4, 5, 10]),
)
def test_properties(pops: list[int], n: int) -> None:
    pop = np.array(pops, dtype=float)
    q = population_weighted_quantile(np.arange(1, pop.size + 1), pop, None, n)
    assert q.min() >= 1 and q.max() <= n
    assert np.all(np.diff(q) >= 0)  # ranks in order never go back a quantile
    # Every cut lies at a zone boundary no further from k/n than one zone's share.
    share = np.cumsum(pop) / pop.sum()
    largest = pop.max() / pop.sum()
    for k in range(1, n):
        inside = q <= k
        reached = share[inside].max() if inside.any() else 0.0
        assert abs(reached - k / n) <= largest + 1e-12


# --- the real Scottish Government SIMD 2020v2 file ------------------------------------


def _sg_columns(shared: Path) -> dict[str, np.ndarray]:
    path = shared / "reference" / "simd2020v2_datazones.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}


def test_equal_count_reproduces_sg_national_cuts(shared_dir: Path) -> None:
    cols = _sg_columns(shared_dir)
    rank = cols["SIMD2020v2_Rank"].astype(int)
    for name, n in [
        ("SIMD2020v2_Decile", 10),
        ("SIMD2020v2_Quintile", 5),
        ("SIMD2020v2_Vigintile", 20),
        ("SIMD_2020v2_Percentile", 100),
    ]:
        assert np.array_equal(equal_count_quantile(rank, rank.size, n), cols[name].astype(int)), (
            name
        )


def test_council_deciles_hold_about_a_tenth_of_residents(shared_dir: Path) -> None:
    cols = _sg_columns(shared_dir)
    rank = cols["SIMD2020v2_Rank"].astype(int)
    pop = cols["Total_population"].astype(float)
    council = cols["Council_area"]
    q = population_weighted_quantile(rank, pop, council, 10)
    assert set(np.unique(q)) == set(range(1, 11))
    for name in ["Glasgow City", "North Ayrshire", "East Ayrshire", "South Ayrshire"]:
        m = council == name
        shares = np.bincount(q[m], weights=pop[m], minlength=11)[1:] / pop[m].sum()
        # each cut is within one data zone's share of its target
        largest = pop[m].max() / pop[m].sum()
        assert np.all(np.abs(np.cumsum(shares) - np.arange(1, 11) / 10) <= largest + 1e-9), name
        # more deprived nationally -> never a less deprived local decile
        order = np.argsort(rank[m])
        assert np.all(np.diff(q[m][order]) >= 0)
