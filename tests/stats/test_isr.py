"""Indirectly standardised ratios and rates (PHEindicatormethods calculate_ISRatio/ISRate)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import isr
from tests.stats.conftest import reference_cases

# PHEindicatormethods testdata_DSR_ISR.xlsx: testdata_multiarea_isr and refdata
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
TINY = [0, 0, np.nan, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3]
REF_X = [
    10303,
    2824,
    0,
    3615,
    3641,
    3490,
    3789,
    3213,
    3031,
    2771,
    3089,
    3490,
    3595,
    4745,
    5514,
    7125,
    5694,
    6210,
    5757,
]
REF_N = [
    50520,
    57173,
    60213,
    54659,
    44345,
    50128,
    62163,
    67423,
    62899,
    55463,
    60479,
    49974,
    44140,
    40888,
    37239,
    30819,
    18136,
    15325,
    13918,
]


def _nan(values: list[Any]) -> list[float]:
    return [np.nan if v is None else v for v in values]


def _run(case: dict[str, Any], **kwargs: Any) -> Any:
    i = case["inputs"]
    return isr(
        [_nan(i["counts"])],
        [_nan(i["populations"])],
        i["ref_counts"],
        i["ref_populations"],
        case["confidence"],
        **kwargs,
    )


def _check(r: Any, e: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in ("value", "lower", "upper"):
        assert float(getattr(r, key)[0]) == pytest.approx(e[key], rel=1e-9)
    for key in keys:
        assert r.extra[key][0] == pytest.approx(e[key], rel=1e-9)
    assert r.methods()[0] == e["ci_method"]


@pytest.mark.parametrize("case", reference_cases("isratio"))
def test_ratio_reference_cases(case: dict[str, Any]) -> None:
    r = _run(case, kind="ratio", refvalue=case["inputs"]["refvalue"])
    _check(r, case["expected"], ("observed", "expected"))


@pytest.mark.parametrize("case", reference_cases("israte"))
def test_rate_reference_cases(case: dict[str, Any]) -> None:
    r = _run(case, kind="rate", multiplier=case["inputs"]["multiplier"])
    _check(r, case["expected"], ("observed", "expected", "ref_rate"))


def test_worked_examples() -> None:
    r = isr([BIG, TINY], [POPS, POPS], REF_X, REF_N, (0.95, 0.998))
    np.testing.assert_allclose(r.value, [1.0707232939020275, 0.010767049882813684], rtol=1e-9)
    np.testing.assert_allclose(r.lower, [1.0017147712553987, 0.004923380825095776], rtol=1e-9)
    np.testing.assert_allclose(r.upper, [1.143233287249895, 0.02043921455549973], rtol=1e-9)
    np.testing.assert_allclose(
        r.extra["lower_99_8"], [0.9635155619614437, 0.0029339306550682617], rtol=1e-9
    )
    assert r.extra["expected"][0] == pytest.approx(835.8835612311743, rel=1e-12)
    assert r.methods().tolist() == ["Byars", "Exact"]
    rate = isr(BIG, POPS, REF_X, REF_N, kind="rate")
    assert rate.value[0] == pytest.approx(10011.137622091057, rel=1e-9)
    assert rate.lower[0] == pytest.approx(9365.91600297888, rel=1e-9)
    assert rate.statistic == "indirectly standardised rate per 100000"


def test_observed_totals_instead_of_band_counts() -> None:
    by_band = isr(BIG, POPS, REF_X, REF_N, refvalue=100)
    totals = isr(None, POPS, REF_X, REF_N, refvalue=100, observed=[895])
    assert totals.value[0] == by_band.value[0] and totals.upper[0] == by_band.upper[0]
    assert totals.statistic == "indirectly standardised ratio x 100"


@settings(max_examples=50)
@given(seed=st.integers(0, 2**32 - 1), groups=st.integers(1, 15))
def test_properties_and_vectorised_equals_per_group(seed: int, groups: int) -> None:
    rng = np.random.default_rng(seed)
    pops = rng.integers(50, 5_000, size=(groups, 19)).astype(float)
    counts = rng.poisson(pops * np.asarray(REF_X) / np.asarray(REF_N) * rng.uniform(0.5, 1.5))
    r95 = isr(counts, pops, REF_X, REF_N)
    r998 = isr(counts, pops, REF_X, REF_N, 0.998)
    assert np.all(r95.lower <= r95.value) and np.all(r95.value <= r95.upper)
    assert np.all(r998.lower <= r95.lower) and np.all(r998.upper >= r95.upper)
    for g in range(groups):
        one = isr(counts[g], pops[g], REF_X, REF_N)
        assert (one.value[0], one.lower[0], one.upper[0]) == (
            r95.value[g],
            r95.lower[g],
            r95.upper[g],
        )


@pytest.mark.parametrize(
    ("counts", "pops", "ref_n", "kwargs", "fault"),
    [
        ([BIG, [-1] * 19], [POPS, POPS], REF_N, {}, "group 1: counts"),
        ([BIG[:18]], [POPS], REF_N, {}, "counts have shape"),
        ([BIG[:18]], [POPS[:18]], REF_N, {}, "wrong number of age bands"),
        ([BIG], [POPS], [0, *REF_N[1:]], {}, "age band 0: ref_populations"),
        ([BIG, BIG], [POPS, [0] * 19], REF_N, {}, "group 1: expected count is 0"),
        ([BIG], [POPS], REF_N, {"kind": "smr"}, "kind must be"),
        ([BIG], [POPS], REF_N, {"confidence": 0.2}, "confidence"),
    ],
)
def test_bad_input(counts: Any, pops: Any, ref_n: Any, kwargs: dict[str, Any], fault: str) -> None:
    with pytest.raises(StatisticsInputError, match=fault):
        isr(counts, pops, REF_X, ref_n, **kwargs)
