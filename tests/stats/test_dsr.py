"""Directly standardised rates with Dobson intervals (PHEindicatormethods calculate_dsr)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import ESP2013, dsr
from placewell.stats.dsr import METHOD_NONINDEPENDENT, SUPPRESSED
from tests.stats.conftest import reference_cases

# PHEindicatormethods testdata_DSR_ISR.xlsx, testdata_multiarea (testdata_big / small)
POPS = [
    636,
    558,
    609,
    543,
    384,
    594,
    669,
    843,
    660,
    576,
    606,
    522,
    426,
    273,
    300,
    288,
    153,
    123,
    207,
]
BIG = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91]
SMALL = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4]
TINY = [0, 0, np.nan, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3]


def _nan(values: list[Any]) -> list[float]:
    return [np.nan if v is None else v for v in values]


def _check(r: Any, e: dict[str, Any]) -> None:
    for key in ("value", "lower", "upper"):
        actual = float(getattr(r, key)[0])
        if e[key] is None:
            assert np.isnan(actual)
        else:
            assert actual == pytest.approx(e[key], rel=1e-9)
    assert r.extra["total_count"][0] == e["total_count"]


@pytest.mark.parametrize("case", reference_cases("dsr_dobson"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i = case["inputs"]
    r = dsr(
        [_nan(i["counts"])],
        [i["populations"]],
        i["standard_population_values"],
        case["confidence"],
        i["multiplier"],
    )
    _check(r, case["expected"])
    if case["expected"]["value"] is None:
        assert r.methods()[0] == SUPPRESSED
    else:
        assert r.methods()[0] == "Dobson"


@pytest.mark.parametrize("case", reference_cases("dsr_dobson_nonindependent"))
def test_nonindependent_reference_cases(case: dict[str, Any]) -> None:
    i = case["inputs"]
    persons = {int(f): [p] for f, p in i["unique_persons_by_event_frequency"].items()}
    r = dsr(None, [i["populations"]], None, case["confidence"], persons_by_frequency=persons)
    _check(r, case["expected"])
    assert r.method == METHOD_NONINDEPENDENT
    # giving the event counts as well gives the same result
    again = dsr(
        [i["total_events_by_ageband"]],
        [i["populations"]],
        confidence=case["confidence"],
        persons_by_frequency=persons,
    )
    assert again.upper[0] == r.upper[0]


def test_worked_examples_many_groups_at_once() -> None:
    r = dsr([BIG, SMALL, TINY], [POPS] * 3, confidence=(0.95, 0.998))
    np.testing.assert_allclose(r.value[:2], [10430.247991469423, 1103.212025300104], rtol=1e-9)
    np.testing.assert_allclose(r.lower[:2], [9717.709067985681, 877.455767536709], rtol=1e-9)
    np.testing.assert_allclose(r.upper[:2], [11178.94091547925, 1367.0882227251795], rtol=1e-9)
    np.testing.assert_allclose(
        r.extra["lower_99_8"][:2], [9323.287880219903, 763.6420357939879], rtol=1e-9
    )
    np.testing.assert_allclose(
        r.extra["upper_99_8"][:2], [11620.595999522058, 1530.0328948244762], rtol=1e-9
    )
    # the third group has 9 events (one NaN count treated as 0): suppressed
    assert np.isnan(r.value[2]) and np.isnan(r.lower[2]) and np.isnan(r.extra["upper_99_8"][2])
    assert r.methods().tolist() == ["Dobson", "Dobson", SUPPRESSED]
    assert r.extra["total_count"].tolist() == [895, 91, 9]
    assert r.extra["total_pop"][0] == 8970
    assert r.statistic == "dsr per 100000"


def test_esp1976_by_name() -> None:
    # testdata_1976: 18 bands with the 1976 European Standard Population
    r = dsr(BIG[:18], POPS[:18], "esp1976")
    assert r.value[0] == pytest.approx(8592.097585022366, rel=1e-9)
    assert r.lower[0] == pytest.approx(7991.160931442103, rel=1e-9)
    assert r.upper[0] == pytest.approx(9225.253880318318, rel=1e-9)


def test_nonindependent_worked_example() -> None:
    persons = {
        1: [7, 4, 3, 0, 3, 4, 5, 2, 2, 3, 4, 5, 3, 5, 5, 3, 5, 5, 4],
        2: [1] + [0] * 18,
        3: [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0],
    }
    r = dsr(None, POPS, persons_by_frequency=persons)
    assert r.value[0] == pytest.approx(1082.95419841, rel=1e-9)
    assert r.lower[0] == pytest.approx(817.68609755, rel=1e-9)
    assert r.upper[0] == pytest.approx(1393.55884927, rel=1e-9)


@given(
    rate=st.floats(1e-3, 0.5),
    pops=st.lists(st.floats(1000, 1e6), min_size=19, max_size=19),
)
def test_uniform_rate_standardises_to_itself(rate: float, pops: list[float]) -> None:
    n = np.asarray(pops)  # at least 1 event per band, so never suppressed
    r = dsr(rate * n, n, multiplier=1)
    assert r.value[0] == pytest.approx(rate, rel=1e-9)


@settings(max_examples=50)
@given(
    seed=st.integers(0, 2**32 - 1),
    groups=st.integers(1, 20),
)
def test_properties_and_vectorised_equals_per_group(seed: int, groups: int) -> None:
    rng = np.random.default_rng(seed)
    pops = rng.integers(50, 20_000, size=(groups, 19)).astype(float)
    counts = rng.poisson(pops * rng.uniform(0, 0.02, size=(groups, 1)))
    r95 = dsr(counts, pops)
    r998 = dsr(counts, pops, confidence=0.998)
    ok = ~np.isnan(r95.value)
    assert np.all(r95.lower[ok] <= r95.value[ok]) and np.all(r95.value[ok] <= r95.upper[ok])
    assert np.all(r998.lower[ok] <= r95.lower[ok]) and np.all(r998.upper[ok] >= r95.upper[ok])
    assert np.array_equal(np.isnan(r95.value), counts.sum(axis=1) < 10)
    for g in range(groups):
        one = dsr(counts[g], pops[g])
        np.testing.assert_array_equal(
            [one.value[0], one.lower[0], one.upper[0]],
            [r95.value[g], r95.lower[g], r95.upper[g]],
        )


def test_default_standard_is_esp2013() -> None:
    assert dsr(BIG, POPS).value[0] == dsr(BIG, POPS, ESP2013).value[0]


@pytest.mark.parametrize(
    ("counts", "pops", "kwargs", "fault"),
    [
        ([BIG[:18]], [POPS[:18]], {}, "wrong number of age bands: the data have 18"),
        ([BIG, [*BIG[:5], -1, *BIG[6:]]], [POPS, POPS], {}, "group 1: counts"),
        ([BIG, BIG], [POPS, [*POPS[:3], 0, *POPS[4:]]], {}, "group 1: populations"),
        ([BIG, BIG[:18]], [POPS, POPS], {}, "group 1: counts has 18 age bands"),
        ([BIG], [POPS], {"standard": "esp2001"}, "unknown standard population"),
        ([BIG], [POPS], {"confidence": 1.5}, "confidence"),
        ([BIG], [POPS[:18]], {}, "counts have shape"),
        (
            [BIG],
            [POPS],
            {"persons_by_frequency": {1: [BIG], 2: [[1] * 19]}},
            "group 0: counts differ",
        ),
    ],
)
def test_bad_input(counts: Any, pops: Any, kwargs: dict[str, Any], fault: str) -> None:
    with pytest.raises(StatisticsInputError, match=fault):
        dsr(counts, pops, **kwargs)
