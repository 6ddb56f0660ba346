"""SII/RII (PHEindicatormethods phe_sii and ScotPHO), PAR and ranges."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import StatisticsInputError
from placewell.stats import par, ranges, sii
from tests.stats.conftest import reference_cases

# PHEindicatormethods testdata_SII.xlsx, area1 (deciles, life-expectancy-like values)
POP = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
VALUE = [75.9334590103081, 78.3442382727843, 83.8360631041654, 83.6375399664931,
         80.4655031529559, 81.1156759857022, 81.6930835718562, 84.1900062060987,
         80.5955641081472, 86.2894349578624]  # fmt: skip
SE = [1.638472426358545, 1.578192884542907, 1.5134355059640296, 1.7754906175801293,
      1.7013390591981388, 1.56412107376755, 1.3681148366878566, 1.4001418005940802,
      2.4328463975781616, 1.5665181695934678]  # fmt: skip
MC = {"lower", "upper", "rii_lower", "rii_upper"}


@pytest.mark.parametrize("case", reference_cases("sii_rii"))
def test_reference_cases(case: dict[str, Any]) -> None:
    i, e = case["inputs"], case["expected"]
    assert i["quantile"] == list(range(1, len(i["quantile"]) + 1))  # most deprived first
    r = sii(
        i["value"],
        i["population"],
        lower=i["lower_cl"],
        upper=i["upper_cl"],
        value_type=i["value_type"],
        transform=i["transform"],
        multiplier=i["multiplier"],
        confidence=case["confidence"],
        repetitions=i["repetitions"],
    )
    got = {"value": r.value[0], "lower": r.lower[0], "upper": r.upper[0], **r.extra}
    for key, expected in e.items():
        if expected is None:
            continue
        actual = float(np.ravel(got[key])[0])
        rel = 0.05 if key in MC else 1e-9  # simulated limits: upstream's 5% tolerance
        assert actual == pytest.approx(expected, rel=rel), key


def test_worked_example_phe() -> None:
    # testdata_SII.xlsx RecordNo 1: SII 6.9346, RII 1.0888 (limits simulated)
    r = sii(VALUE, POP, se=SE)
    assert r.value[0] == pytest.approx(6.934616473668819, rel=1e-9)
    assert r.extra["rii"][0] == pytest.approx(1.0888180804446217, rel=1e-9)
    assert r.lower[0] == pytest.approx(3.127594617650817, rel=0.05)
    assert r.upper[0] == pytest.approx(10.7586873680794, rel=0.05)
    assert r.extra["rii_lower"][0] == pytest.approx(1.0383690591642838, rel=0.05)
    assert r.method == "Low & Low 2004 (PHEindicatormethods), simulation 100000 reps"
    # same from the 95% limits instead of standard errors
    lower = np.array(VALUE) - 1.959963984540054 * np.array(SE)
    upper = np.array(VALUE) + 1.959963984540054 * np.array(SE)
    r2 = sii(VALUE, POP, lower=lower, upper=upper)
    assert r2.lower[0] == pytest.approx(r.lower[0], rel=1e-9)
    assert {"rii", "rii_lower", "rii_upper", "intercept"} <= set(r.to_frame().columns)


def test_worked_example_scotpho_exact_line() -> None:
    # equal quintiles, rates falling linearly with rank: 10 - 4 x rank
    rates = [9.6, 8.8, 8.0, 7.2, 6.4]
    r = sii(rates, [1000] * 5, method="scotpho")
    assert r.value[0] == pytest.approx(4.0)  # positive: higher rates where more deprived
    assert r.lower[0] == pytest.approx(4.0) and r.upper[0] == pytest.approx(4.0)
    assert r.extra["rii"][0] == pytest.approx(0.5)  # 4 / overall rate 8
    assert r.extra["rii_percent"][0] == pytest.approx(25.0)
    assert r.extra["intercept"][0] == pytest.approx(10.0)
    assert sii(rates, [1000] * 5, method="scotpho", overall=[10.0]).extra["rii"][
        0
    ] == pytest.approx(0.4)


def test_scotpho_interval_is_the_regression_t_interval() -> None:
    rng = np.random.default_rng(7)
    rates = rng.uniform(5, 20, (3, 5))
    pop = rng.uniform(1e3, 5e4, (3, 5))
    r = sii(rates, pop, method="scotpho", confidence=0.95)
    for g in range(3):  # least squares on sqrt(a)-weighted design, as lm() does
        a = pop[g] / pop[g].sum()
        b = np.cumsum(a) - a / 2
        x = np.column_stack([np.sqrt(a), b * np.sqrt(a)])
        coef, rss, *_ = np.linalg.lstsq(x, rates[g] * np.sqrt(a), rcond=None)
        se = np.sqrt(rss[0] / 3 * np.linalg.inv(x.T @ x)[1, 1])
        assert r.value[g] == pytest.approx(-coef[1])
        assert r.upper[g] - r.value[g] == pytest.approx(3.182446305284263 * se)


def test_par_and_ranges_worked_examples() -> None:
    rates = [20.0, 15.0, 12.0, 11.0, 10.0]  # equal populations: overall 13.6
    p = par(rates, [500] * 5)
    assert p.value[0] == pytest.approx(100 * 3.6 / 13.6)
    assert p.extra["overall"][0] == pytest.approx(13.6)
    assert p.extra["excess"][0] == pytest.approx(3.6)
    assert np.isnan(p.lower[0])  # ScotPHO publishes no PAR interval
    lims = par(rates, [500] * 5, lower=np.array(rates) * 0.9, upper=np.array(rates) * 1.1,
               repetitions=5000)  # fmt: skip
    assert lims.lower[0] < lims.value[0] < lims.upper[0]
    g = ranges([rates, [8.0, 6.0, 5.0, 4.5, 4.0]])
    np.testing.assert_allclose(g.value, [10.0, 4.0])
    np.testing.assert_allclose(g.extra["relative"], [2.0, 2.0])
    gl = ranges(rates, lower=np.array(rates) - 1.96, upper=np.array(rates) + 1.96)
    assert gl.lower[0] == pytest.approx(10 - 1.96 * np.sqrt(2))  # SEs of 1.96 / z each


def test_missing_data_gives_nan_for_that_area_only() -> None:
    values = np.array([VALUE, VALUE])
    values[1, 3] = np.nan
    r = sii(values, [POP, POP], se=[SE, SE], repetitions=1000)
    assert np.isfinite(r.value[0]) and np.isnan([r.value[1], r.lower[1], r.extra["rii"][1]]).all()


def test_negative_multiplier_flips_sii_and_inverts_rii() -> None:
    args = (np.array(VALUE) / 100, POP)
    kw = {"se": np.array(SE) / 100, "value_type": "other", "repetitions": 2000}
    up, down = sii(*args, **kw), sii(*args, multiplier=-100, **kw)
    assert down.value[0] == pytest.approx(-100 * up.value[0])
    # the same draws; the limit is the neighbouring order statistic, as upstream
    assert down.lower[0] == pytest.approx(-100 * up.upper[0], rel=1e-3)
    assert down.extra["rii"][0] == pytest.approx(1 / up.extra["rii"][0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": [*POP[:-1], 0]}, "group 0: every quantile needs a positive population"),
        ({"values": VALUE[:4], "population": POP[:4]}, "between 5 and 100"),
        ({"se": [*SE[:-1], -1]}, "standard errors must not be negative"),
        ({"se": None, "lower": VALUE, "upper": np.array(VALUE) - 1}, "lower limit is above"),
        ({"value_type": 2}, "proportions between 0 and 1"),
        ({"value_type": "count"}, "value_type"),
        ({"transform": True}, "transform needs"),
        ({"method": "other"}, "method"),
        ({"repetitions": 999}, "repetitions"),
        ({"confidence": 0.8}, "between 0.9 and 1"),
        ({"se": None}, "limits"),
    ],
)
def test_invalid_input_raises(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"values": VALUE, "population": POP, "se": SE, **kwargs}
    with pytest.raises(StatisticsInputError, match=message):
        sii(args.pop("values"), args.pop("population"), **args)


# areas of 5 quantiles: value, population, standard error
areas = st.lists(
    st.tuples(
        st.lists(st.floats(1.0, 100.0), min_size=5, max_size=5),
        st.lists(st.floats(100.0, 1e5), min_size=5, max_size=5),
        st.lists(st.floats(0.01, 5.0), min_size=5, max_size=5),
    ),
    min_size=1,
    max_size=4,
)


def _arrays(rows: list[Any]) -> tuple[Any, Any, Any]:
    v, pop, se = (np.array([r[k] for r in rows]) for k in range(3))
    return v, pop, se


@settings(max_examples=25, deadline=None)
@given(
    rows=areas, vt=st.sampled_from(["other", "rate"]), method=st.sampled_from(["phe", "scotpho"])
)
def test_limits_bracket_value_and_widen_with_confidence(
    rows: list[Any], vt: str, method: str
) -> None:
    v, pop, se = _arrays(rows)
    kw: dict[str, Any] = {}
    if method == "phe":
        kw = {"se": se / v if vt == "rate" else se, "value_type": vt, "repetitions": 2000}
    r = sii(v, pop, method=method, confidence=(0.95, 0.998), **kw)
    assert (r.lower <= r.value + 1e-9).all() and (r.value <= r.upper + 1e-9).all()
    assert (r.extra["lower_99_8"] <= r.lower + 1e-12).all()
    assert (r.extra["upper_99_8"] >= r.upper - 1e-12).all()
    assert (r.extra["rii_lower_99_8"] <= r.extra["rii_lower"] + 1e-12).all()


@settings(max_examples=20, deadline=None)
@given(rows=areas, vt=st.sampled_from(["other", "rate"]))
def test_vectorised_equals_per_group_and_seeded_runs_repeat(rows: list[Any], vt: str) -> None:
    v, pop, se = _arrays(rows)
    kw: dict[str, Any] = {"se": se / v if vt == "rate" else se, "value_type": vt}
    kw["repetitions"] = 1000
    together = sii(v, pop, **kw)
    again = sii(v, pop, **kw)
    np.testing.assert_array_equal(together.lower, again.lower)
    for g in range(v.shape[0]):
        alone = sii(v[g], pop[g], se=kw["se"][g], value_type=vt, repetitions=1000)
        for key in ("value", "lower", "upper"):
            assert getattr(alone, key)[0] == pytest.approx(getattr(together, key)[g], rel=1e-12)
        assert alone.extra["rii_upper"][0] == pytest.approx(
            together.extra["rii_upper"][g], rel=1e-12
        )
    other_seed = sii(v, pop, seed=1, **kw)
    assert not np.array_equal(other_seed.lower, together.lower)


@settings(max_examples=25, deadline=None)
@given(level=st.floats(0.1, 1e4), pop=st.lists(st.floats(100.0, 1e5), min_size=5, max_size=10))
def test_flat_gradient_has_no_inequality(level: float, pop: list[float]) -> None:
    values = [level] * len(pop)
    r = sii(values, pop, se=[level / 20] * len(pop), repetitions=1000)
    assert r.value[0] == pytest.approx(0.0, abs=1e-9 * level)
    assert r.lower[0] < 0 < r.upper[0]
    assert r.extra["rii"][0] == pytest.approx(1.0)
    s = sii(values, pop, method="scotpho")
    assert s.value[0] == pytest.approx(0.0, abs=1e-9 * level)
    assert par(values, pop).value[0] == pytest.approx(0.0, abs=1e-9)
