"""The status roll-up: one test (or more) per rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from placewell.errors import DefinitionError
from placewell.strategy.models import IndicatorLinkDoc
from placewell.strategy.rules import RulesConfig
from placewell.strategy.status import (
    StatusValue,
    assess_action,
    assess_indicator,
    assess_outcome,
    assess_priority,
    assess_strategy,
)
from tests.strategy.helpers import AREA, TODAY, action, evidence, priority, provider, strategy

RULES = RulesConfig()
ON, CONCERN, OFF, NED = (
    StatusValue.ON_TRACK,
    StatusValue.SOME_CONCERN,
    StatusValue.OFF_TRACK,
    StatusValue.NOT_ENOUGH_DATA,
)


def judge(link: dict, *items, rules: RulesConfig = RULES):  # type: ignore[no-untyped-def]
    return assess_indicator(
        IndicatorLinkDoc.model_validate(link), AREA, provider(*items), rules, TODAY
    )


def rules_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.rule for s in result.signals]


# -- indicators: targets and standards ------------------------------------------------
@pytest.mark.parametrize(
    ("direction", "value", "met"),
    [("decrease", 10_900, True), ("decrease", 11_000, True), ("decrease", 11_100, False),
     ("increase", 11_100, True), ("increase", 10_900, False)],
)  # fmt: skip
def test_target_met_by_direction(direction: str, value: float, met: bool) -> None:
    link = {
        "indicator": "NI-12",
        "target": {"value": 11_000, "direction": direction, "by": "2027-03-31"},
    }
    result = judge(link, evidence(value=value))
    assert rules_of(result) == ["target_met" if met else "target_not_yet_met"]


def test_target_missed_once_its_date_has_passed() -> None:
    link = {
        "indicator": "NI-12",
        "target": {"value": 11_000, "direction": "decrease", "by": "2025-03-31"},
    }
    result = judge(link, evidence(value=11_850))
    assert rules_of(result) == ["target_missed"]
    assert result.status.reasons == (
        "NI-12 missed its target (11,850 in 2025/26; target 11,000 or lower by 31 Mar 2025)",
    )
    assert result.status.value is OFF


def test_maintain_target_within_tolerance_or_on_the_good_side() -> None:
    link = {"indicator": "NI-2", "target": {"value": 80, "direction": "maintain"}}
    assert rules_of(judge(link, evidence("NI-2", value=76.5))) == ["target_met"]  # within 5%
    assert rules_of(judge(link, evidence("NI-2", value=75))) == ["target_not_yet_met"]
    assert rules_of(judge(link, evidence("NI-2", value=95, polarity="high_is_good"))) == [
        "target_met"
    ]
    tight = RulesConfig(maintain_tolerance=0.01)
    assert rules_of(judge(link, evidence("NI-2", value=78.5), rules=tight)) == [
        "target_not_yet_met"
    ]


def test_national_standard_met_and_not_met() -> None:
    link = {"indicator": "ADP-WAIT", "standard": {"value": 90, "description": "within 3 weeks"}}
    met = judge(link, evidence("ADP-WAIT", value=94.6, unit="%", period="2023/24"))
    assert rules_of(met) == ["standard_met"]
    assert met.status.reasons[0] == (
        "ADP-WAIT meets the standard (94.6% in 2023/24; standard 90% or higher: within 3 weeks)"
    )
    assert rules_of(judge(link, evidence("ADP-WAIT", value=85))) == ["standard_not_met"]


def test_providers_own_target_judgement_is_used_without_a_target() -> None:
    assert rules_of(judge({"indicator": "NI-12"}, evidence(target_met=True))) == ["target_met"]
    assert rules_of(judge({"indicator": "NI-12"}, evidence(target_met=False))) == ["target_missed"]
    link = {"indicator": "NI-12", "target": {"value": 1, "direction": "increase"}}
    assert rules_of(judge(link, evidence(value=5, target_met=False))) == ["target_met"]


# -- indicators: trend, comparison, inequality ---------------------------------------
@pytest.mark.parametrize(
    ("label", "rule"),
    [("Increasing and getting worse", "trend_worse"), ("Decreasing and getting better", "trend_better"),
     ("No significant change", "trend"), ("Could not be calculated", None)],
)  # fmt: skip
def test_recent_trend(label: str, rule: str | None) -> None:
    result = judge({"indicator": "NI-12"}, evidence(trend=label))
    assert rules_of(result) == ([rule] if rule else [])


def test_significantly_worse_than_the_comparator_at_99_8() -> None:
    result = judge({"indicator": "NI-12"}, evidence(comparison="Worse", level=99.8))
    assert result.status.reasons == ("NI-12 is significantly worse than Scotland (99.8% level)",)
    assert rules_of(result) == ["much_worse_than_comparator"]
    assert result.status.value is OFF


def test_comparison_labels_and_levels() -> None:
    worse = judge(
        {"indicator": "NI-12"}, evidence(comparison="Worse", level=95, comparator="Ayrshire")
    )
    assert worse.status.reasons == ("NI-12 is significantly worse than Ayrshire (95% level)",)
    assert worse.status.value is OFF  # -1 is at the off-track threshold
    assert rules_of(judge({"indicator": "NI-12"}, evidence(comparison="Worst"))) == [
        "much_worse_than_comparator"
    ]
    assert rules_of(judge({"indicator": "NI-12"}, evidence(comparison="Better"))) == [
        "better_than_comparator"
    ]
    similar = judge({"indicator": "NI-12"}, evidence(comparison="Similar"))
    assert similar.status.value is ON and similar.signals[0].weight == 0
    higher = judge({"indicator": "NI-12"}, evidence(comparison="Higher", polarity="no_judgement"))
    assert higher.signals[0].weight == 0 and "higher than Scotland" in higher.status.reasons[0]
    assert rules_of(judge({"indicator": "NI-12"}, evidence(comparison="Not compared"))) == []


@pytest.mark.parametrize(
    ("gap", "rule"), [("widening", "gap_widening"), ("narrowing", "gap_narrowing")]
)
def test_inequality_gap_across_simd_quintiles(gap: str, rule: str) -> None:
    result = judge({"indicator": "NI-12"}, evidence(inequality_gap=gap))
    assert rules_of(result) == [rule]
    assert f"most and least deprived SIMD quintiles is {gap}" in result.status.reasons[0]


def test_no_evidence_is_not_enough_data() -> None:
    result = judge({"indicator": "NI-12"})
    assert result.status.value is NED
    assert result.status.reasons == (f"no data yet for NI-12 for {AREA}",)


def test_area_of_the_link_wins_and_area_less_evidence_is_a_fallback() -> None:
    other = evidence(area="S37000008", comparison="Better")
    assert rules_of(judge({"indicator": "NI-12", "area": "S37000008"}, other)) == [
        "better_than_comparator"
    ]
    assert judge({"indicator": "NI-12"}, other).status.value is NED
    assert rules_of(judge({"indicator": "NI-12"}, evidence(area=None, comparison="Worse"))) == [
        "worse_than_comparator"
    ]


# -- actions ---------------------------------------------------------------------------
def test_action_rules() -> None:
    recent = TODAY - timedelta(days=10)
    cases = {
        "completed": (action(status="completed", due=date(2020, 1, 1)), ON, ["action_completed"]),
        "green": (action(rags=((recent, "green"),)), ON, ["action_green"]),
        "amber": (action(rags=((recent, "amber"),)), CONCERN, ["action_amber"]),
        "red": (action(rags=((recent, "red"),)), OFF, ["action_red"]),
        "overdue green": (
            action(due=TODAY - timedelta(days=1), rags=((recent, "green"),)),
            CONCERN,
            ["action_overdue", "action_green"],
        ),
        "stale": (
            action(rags=((TODAY - timedelta(days=200), "green"),)),
            ON,
            ["action_green", "action_no_recent_update"],
        ),
        "never updated": (action(start=date(2024, 1, 1)), CONCERN, ["action_no_recent_update"]),
    }
    for name, (doc, expected, rules) in cases.items():
        result = assess_action(doc, RULES, TODAY)
        assert [s.rule for s in result.signals] == rules, name
        assert result.status.value is expected, name


def test_actions_without_evidence_are_not_judged() -> None:
    cancelled = assess_action(action(status="cancelled", due=date(2020, 1, 1)), RULES, TODAY)
    assert cancelled.status.value is NED and cancelled.status.reasons == (
        "cancelled: not assessed",
    )
    future = assess_action(action(start=TODAY + timedelta(days=30)), RULES, TODAY)
    assert future.status.reasons == ("not started yet",)
    assert assess_action(action(), RULES, TODAY).status.reasons == ("no update yet",)


def test_latest_update_is_the_most_recent_by_date() -> None:
    doc = action(rags=((TODAY - timedelta(days=5), "green"), (TODAY - timedelta(days=50), "red")))
    assert [s.rule for s in assess_action(doc, RULES, TODAY).signals] == ["action_green"]


# -- priorities -------------------------------------------------------------------------
def test_priority_lists_overdue_actions_by_name() -> None:
    late = TODAY - timedelta(days=30)
    recent = ((TODAY - timedelta(days=3), "green"),)
    doc = priority(
        action("A1", due=late, rags=recent), action("A2", due=date(2026, 3, 31), rags=recent),
        action("A3", rags=recent), action("A4", rags=recent), action("A5", rags=recent),
    )  # fmt: skip
    result = assess_priority(doc, AREA, provider(), RULES, TODAY)
    assert result.status.reasons[0] == (
        "2 of 5 actions are overdue: 'Action A1' (due 23 Oct 2026), 'Action A2' (due 31 Mar 2026)"
    )
    assert "5 of 5 actions are rated green" in result.status.reasons
    assert result.status.score == 0.4  # (2 x (-1.5 + 1) + 3 x 1) / 5
    assert result.status.value is CONCERN  # more than a fifth of the actions are overdue
    relaxed = RulesConfig(overdue_share_concern=0.5)
    assert assess_priority(doc, AREA, provider(), relaxed, TODAY).status.value is ON


def test_more_than_half_overdue_is_off_track() -> None:
    late = TODAY - timedelta(days=1)
    recent = ((TODAY, "green"),)
    doc = priority(action("A1", due=late, rags=recent), action("A2", due=late, rags=recent),
                   action("A3", rags=recent))  # fmt: skip
    assert assess_priority(doc, AREA, provider(), RULES, TODAY).status.value is OFF
    lenient = RulesConfig(overdue_share_off_track=0.7, overdue_share_concern=0.7)
    assert assess_priority(doc, AREA, provider(), lenient, TODAY).status.value is ON


def test_more_than_half_red_is_off_track() -> None:
    doc = priority(action("A1", rags=((TODAY, "red"),)), action("A2", rags=((TODAY, "red"),)),
                   action("A3", rags=((TODAY, "green"),)), action("A4", status="completed"))  # fmt: skip
    result = assess_priority(doc, AREA, provider(), RULES, TODAY)
    assert result.status.value is OFF
    assert "2 of 4 actions are rated red: 'Action A1', 'Action A2'" in result.status.reasons


def test_a_serious_signal_makes_at_least_some_concern() -> None:
    good = ((TODAY, "green"),)
    link = {"indicator": "NI-12"}
    doc = priority(action("A1", rags=good), action("A2", rags=good), indicators=[link])
    worst = provider(evidence(comparison="Worse", level=99.8))
    result = assess_priority(doc, AREA, worst, RULES, TODAY)
    assert result.status.score == 0.0  # (-2 + 1 + 1) / 3
    assert result.status.value is CONCERN
    assert result.status.reasons[0] == "NI-12 is significantly worse than Scotland (99.8% level)"


def test_score_thresholds() -> None:
    amber = ((TODAY, "amber"),)
    doc = priority(action("A1", rags=amber), action("A2", rags=((TODAY, "green"),)))
    result = assess_priority(doc, AREA, provider(), RULES, TODAY)
    assert result.status.score == 0.25 and result.status.value is ON
    strict = RulesConfig(concern_below=0.5)
    assert assess_priority(doc, AREA, provider(), strict, TODAY).status.value is CONCERN
    doc = priority(action("A1", rags=amber), action("A2", rags=amber))
    assert assess_priority(doc, AREA, provider(), RULES, TODAY).status.value is CONCERN
    harsh = RulesConfig(off_track_at=-0.5)
    assert assess_priority(doc, AREA, provider(), harsh, TODAY).status.value is OFF


def test_weights_are_configurable() -> None:
    doc = priority(action("A1", rags=((TODAY, "amber"),)))
    assert assess_priority(doc, AREA, provider(), RULES, TODAY).status.value is CONCERN
    forgiving = RulesConfig.from_yaml("weights:\n  action_amber: 0.5\n")
    assert forgiving.weights.action_red == -2  # untouched weights keep their default
    assert assess_priority(doc, AREA, provider(), forgiving, TODAY).status.value is ON


def test_indicators_without_data_are_listed_but_do_not_count() -> None:
    doc = priority(action("A1", rags=((TODAY, "green"),)), indicators=[{"indicator": "NI-19"}])
    result = assess_priority(doc, AREA, provider(), RULES, TODAY)
    assert result.status.value is ON
    assert result.status.reasons[-1] == f"no data yet for NI-19 for {AREA}"


def test_nothing_to_judge_is_not_enough_data() -> None:
    result = assess_priority(priority(action("A1")), AREA, provider(), RULES, TODAY)
    assert result.status.value is NED and result.status.score is None
    assert result.status.reasons == ("no indicator values and no action updates yet",)
    two = RulesConfig(min_sources=2)
    one = priority(action("A1", rags=((TODAY, "green"),)))
    thin = assess_priority(one, AREA, provider(), two, TODAY).status
    assert thin.value is NED
    assert thin.reasons[0] == "only 1 piece(s) of evidence; the rules ask for 2"


# -- outcomes and the strategy --------------------------------------------------------
def test_outcome_rolls_up_its_priorities_and_indicators() -> None:
    doc = strategy(outcomes=[{
        "id": "o1", "title": "Outcome", "indicators": [{"indicator": "NI-12"}],
        "priorities": [
            priority(action("A1", rags=((TODAY, "red"),)), key="bad").model_dump(),
            priority(action("A2", rags=((TODAY, "green"),)), key="good").model_dump(),
            priority(key="empty").model_dump(),
        ],
    }])  # fmt: skip
    result = assess_outcome(
        doc.outcomes[0],
        AREA,
        provider(evidence(trend="Decreasing and getting better")),
        RULES,
        TODAY,
    )
    assert [c.status.value for c in result.children] == [OFF, ON, NED]
    assert result.status.reasons == (
        "1 of 3 priorities is off track: 'Priority bad'",
        "NI-12 is decreasing and getting better (recent trend)",
        "1 of 3 priorities is on track",
        "1 of 3 priorities has not enough data yet: 'Priority empty'",
    )
    assert result.status.score == 0.0  # (-2 + 1 + 1) / 3
    assert result.status.value is CONCERN  # an off-track priority is serious


def test_strategy_rolls_up_outcomes_and_top_level_priorities() -> None:
    green = ((TODAY, "green"),)
    doc = strategy(
        outcomes=[{"id": "o1", "title": "O1",
                   "priorities": [priority(action("A1", rags=green), key="p1").model_dump()]}],
        priorities=[priority(action("A2", rags=green), key="p2").model_dump()],
    )  # fmt: skip
    result = assess_strategy(doc, provider(), today=TODAY)
    assert result.status.value is ON
    assert [c.kind for c in result.children] == ["outcome", "priority"]
    assert result.find("A2").kind == "action"
    assert {i.key for i in result.walk()} == {"s", "o1", "p1", "p2", "A1", "A2"}
    empty = assess_strategy(strategy(), provider(), today=TODAY)
    assert empty.status.value is NED


def test_status_labels() -> None:
    assert [v.label for v in StatusValue] == [
        "On track",
        "Some concern",
        "Off track",
        "Not enough data",
    ]


# -- rules configuration --------------------------------------------------------------
def test_rules_from_yaml_are_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DefinitionError, match=r"weights.no_such_rule"):
        RulesConfig.from_yaml("weights:\n  no_such_rule: 1\n", source="rules.yaml")
    with pytest.raises(DefinitionError, match="off_track_at must not be above concern_below"):
        RulesConfig.from_yaml("off_track_at: 1\nconcern_below: 0\n")
    with pytest.raises(DefinitionError, match="not valid YAML"):
        RulesConfig.from_yaml("weights: [")
    path = tmp_path / "rules.yaml"
    path.write_text("stale_update_days: 30\n")
    assert RulesConfig.from_file(path).stale_update_days == 30
    assert RulesConfig.from_yaml("") == RulesConfig()
