"""The narrative says only what the statistics support: one test per phrase rule."""

from __future__ import annotations

import re

import pytest

from placewell.reports import narrative
from placewell.reports.values import Unit

RATE = Unit("crude_rate", 100_000)
PERCENT = Unit("proportion", 100)
DSR = Unit("dsr", 100_000)


# -- comparison -------------------------------------------------------------------------
def test_similar_is_similar_and_never_higher_or_lower() -> None:
    text = narrative.comparison(
        "Similar", "Scotland", polarity="low_is_good", value=130.0, comparator_value=100.0
    )
    assert text == "similar to Scotland"
    assert "higher" not in text and "lower" not in text and "significant" not in text


def test_significant_difference_names_direction_level_and_judgement() -> None:
    text = narrative.comparison(
        "Worse", "Scotland", polarity="low_is_good", value=130.0, comparator_value=100.0
    )
    assert text == "significantly higher than Scotland at the 95% level (worse)"


def test_high_is_good_better_reads_higher_and_better() -> None:
    text = narrative.comparison(
        "Better", "Scotland", polarity="high_is_good", value=91.0, comparator_value=88.0
    )
    assert text == "significantly higher than Scotland at the 95% level (better)"


def test_difference_at_the_99_8_level_says_so() -> None:
    text = narrative.comparison(
        "Worse",
        "Scotland",
        polarity="low_is_good",
        level=99.8,
        value=130.0,
        comparator_value=100.0,
    )
    assert text == "significantly higher than Scotland at the 99.8% level (worse)"


def test_no_judgement_polarity_gives_direction_without_better_or_worse() -> None:
    text = narrative.comparison(
        "Lower", "Scotland", polarity="no_judgement", value=3.0, comparator_value=5.0
    )
    assert text == "significantly lower than Scotland at the 95% level"
    assert "better" not in text and "worse" not in text


@pytest.mark.parametrize("label", [None, "", "Not compared", "Something else"])
def test_missing_comparison_could_not_be_compared(label: str | None) -> None:
    text = narrative.comparison(label, "Scotland", polarity="low_is_good")
    assert text == "could not be compared with Scotland"


def test_label_the_values_contradict_claims_nothing() -> None:
    # 'Worse' for a low-is-good indicator means higher; the values say lower
    text = narrative.comparison(
        "Worse", "Scotland", polarity="low_is_good", value=90.0, comparator_value=100.0
    )
    assert text == "could not be compared with Scotland"


def test_comparison_cell_words_and_tone() -> None:
    assert narrative.comparison_cell("Similar", polarity="low_is_good") == ("Similar", "similar")
    assert narrative.comparison_cell(
        "Best", polarity="high_is_good", level=99.8, value=5.0, comparator_value=4.0
    ) == ("Higher, better (99.8%)", "better")
    assert narrative.comparison_cell(None, polarity="low_is_good") == ("Not compared", "none")


# -- significance level -----------------------------------------------------------------
def test_level_is_99_8_for_extreme_labels() -> None:
    assert narrative.significance_level("Worst") == 99.8
    assert narrative.significance_level("Highest") == 99.8


def test_level_is_99_8_when_comparator_is_outside_the_99_8_interval() -> None:
    assert narrative.significance_level("Worse", 100.0, 101.0, 110.0) == 99.8


def test_level_stays_95_when_the_99_8_interval_holds_the_comparator() -> None:
    assert narrative.significance_level("Worse", 100.0, 99.0, 110.0) == 95.0
    assert narrative.significance_level("Worse", 100.0, None, None) == 95.0


def test_level_not_upgraded_for_methods_without_an_interval_test() -> None:
    assert narrative.significance_level("Worse", 100.0, 101.0, 110.0, interval_method=False) == 95.0


# -- trend ------------------------------------------------------------------------------
def test_no_significant_change_over_five_years() -> None:
    assert (
        narrative.trend("No significant change") == "no significant change over the last five years"
    )


def test_trend_with_direction_and_judgement() -> None:
    assert (
        narrative.trend("Increasing and getting worse")
        == "increasing and getting worse over the last five years"
    )
    assert narrative.trend("Decreasing", "quarters") == "decreasing over the last five quarters"


@pytest.mark.parametrize("label", [None, "Could not be calculated", "nonsense"])
def test_trend_without_a_label_could_not_be_calculated(label: str | None) -> None:
    text = narrative.trend(label)
    assert text.startswith("the trend could not be calculated")
    assert "increasing" not in text and "decreasing" not in text


# -- suppressed values ------------------------------------------------------------------
def test_suppressed_value_is_described_without_numbers() -> None:
    text = narrative.indicator_sentence(
        "NI-12 (Emergency admissions)",
        value=None,
        period="2023/24",
        unit=RATE,
        polarity="low_is_good",
        comparator="Scotland",
        label="Worse",
        level=99.8,
        comparator_value=100.0,
        trend_label="Increasing and getting worse",
        hidden=True,
    )
    assert "confidentiality" in text and "*" in text
    without_names = text.replace("NI-12", "").replace("2023/24", "")
    assert not re.search(r"\d", without_names)
    assert "higher" not in text and "increasing" not in text and "Scotland" not in text


def test_value_phrase_formats_with_unit() -> None:
    assert narrative.value_phrase(12334.96, RATE, "2023") == "was 12,335 per 100,000 in 2023"
    assert narrative.value_phrase(88.12, PERCENT, "2023/24") == "was 88.1% in 2023/24"
    assert narrative.value_phrase(None, RATE, "2023") == "has no value for 2023"


def test_indicator_sentence_joins_value_comparison_and_trend() -> None:
    text = narrative.indicator_sentence(
        "NI-12 (Emergency admissions)",
        value=12335.0,
        period="2023",
        unit=RATE,
        polarity="low_is_good",
        comparator="Scotland",
        label="Similar",
        level=95.0,
        comparator_value=12000.0,
        trend_label="No significant change",
        hidden=False,
    )
    assert text == (
        "NI-12 (Emergency admissions) was 12,335 per 100,000 in 2023: similar to Scotland; "
        "no significant change over the last five years."
    )


# -- inequality -------------------------------------------------------------------------
def test_significant_sii_is_the_gap_with_its_unit_and_side() -> None:
    text = narrative.sii(2496.9, 1790.3, 3203.5, RATE)
    assert text == (
        "the gap between the most and least deprived areas is 2,497 per 100,000 (SII), "
        "higher in the most deprived areas"
    )


def test_negative_sii_is_higher_in_the_least_deprived_areas() -> None:
    text = narrative.sii(-9.3, -13.4, -5.3, PERCENT)
    assert "9.3 percentage points" in text and "higher in the least deprived areas" in text


def test_dsr_gap_is_in_plain_rate_units() -> None:
    assert "632.6 per 100,000 (SII)" in narrative.sii(632.6, 532.4, 732.8, DSR)


def test_sii_interval_including_zero_is_no_significant_gap() -> None:
    text = narrative.sii(1.4, -23.2, 26.0, PERCENT)
    assert text.startswith("there is no significant gap")
    assert "1.4" not in text


def test_missing_sii_could_not_be_measured() -> None:
    assert narrative.sii(None, None, None, RATE).startswith("inequality could not be measured")


def test_rii_and_par_only_alongside_a_significant_sii() -> None:
    assert narrative.rii(0.3, -1.0, 2.0) is None
    assert narrative.par(12.1, -1.0, 2.0) is None
    assert narrative.rii(0.296, 1.0, 2.0) == "the gap is 30% of the overall average (RII 0.30)"
    assert narrative.par(12.1, 1.0, 2.0) == (
        "if every area had the value of the least deprived fifth, the overall value would "
        "be 12% lower (PAR)"
    )
    assert narrative.par(-5.7, -2.0, -1.0) is not None
    assert "6% higher" in str(narrative.par(-5.7, -2.0, -1.0))


def test_inequality_sentence_joins_the_supported_measures() -> None:
    text = narrative.inequality_sentence(
        "NI-12",
        period="2023",
        unit=RATE,
        sii_value=3648.4,
        sii_lower=1937.8,
        sii_upper=5359.0,
        rii_value=0.30,
        par_value=12.1,
    )
    assert text.startswith("NI-12 in 2023: the gap between")
    assert "(RII 0.30)" in text and "(PAR)" in text


# -- targets and baselines --------------------------------------------------------------
def test_target_met_not_met_and_absent() -> None:
    assert narrative.target(True, 90.0, PERCENT) == "meets its target of 90.0%"
    assert narrative.target(False, 90.0, PERCENT) == "does not meet its target of 90.0%"
    assert narrative.target(None, None, PERCENT) == "has no target"
    assert narrative.target(None, 90.0, PERCENT).startswith("could not be judged")


def test_baseline_change_is_stated_as_a_change_in_a_count() -> None:
    assert (
        narrative.baseline_change(-24.33, "2018/19")
        == "24.3% lower than in the baseline year 2018/19"
    )
    assert narrative.baseline_change(0.01, "2018/19") == "the same as in the baseline year 2018/19"
    assert narrative.baseline_change(None, "2018/19") == "could not be compared with its baseline"
