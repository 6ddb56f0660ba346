"""The bundled example strategies and the demo evidence."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from placewell.strategy import (
    StatusValue,
    StrategyService,
    assess_strategy,
    demo_evidence,
    dump_strategy,
    example_files,
    load_examples,
    load_strategy,
)
from placewell.strategy.models import StrategyDoc
from tests.strategy.helpers import TODAY

PLANNED_INDICATORS = {
    *(f"NI-{n}" for n in range(1, 10)),
    "NI-11", "NI-12", "NI-13", "NI-14", "NI-15", "NI-16", "NI-18", "NI-19",
    *(f"MSG-{n}" for n in range(1, 6)),
    "ADP-WAIT", "LAC-START", "MONEY-GAINS", "CARERS-SUPPORTED",
}  # fmt: skip


@pytest.fixture(scope="module")
def examples() -> dict[str, StrategyDoc]:
    docs = {}
    for file in example_files():
        doc = load_strategy(file.read_text("utf-8"), source=file.name)
        docs[doc.id] = doc
    return docs


def test_the_four_examples_are_bundled_and_canonical() -> None:
    files = example_files()
    assert [f.name for f in files] == [
        "cherishing-our-families.yaml",
        "community-wellbeing.yaml",
        "health-wellbeing-vision.yaml",
        "healthy-communities.yaml",
    ]
    for file in files:
        text = file.read_text("utf-8")
        assert dump_strategy(load_strategy(text)) == text, f"{file.name} is not canonical"


def test_community_wellbeing_has_priorities_with_actions(examples: dict[str, StrategyDoc]) -> None:
    doc = examples["ea-community-wellbeing"]
    assert doc.organisation.name == "East Ayrshire Council" and not doc.outcomes
    assert len(doc.priorities) == 10
    assert all(p.actions for p in doc.priorities)


def test_vision_has_five_outcomes_and_two_themes(examples: dict[str, StrategyDoc]) -> None:
    doc = examples["na-health-wellbeing-vision"]
    assert len(doc.outcomes) == 5
    assert all(
        o.what_good_looks_like and o.priorities and o.national_outcomes for o in doc.outcomes
    )
    assert [t.title for t in doc.themes] == [
        "Fair delivery of services",
        "Public involvement and community engagement",
    ]


def test_healthy_communities_programme(examples: dict[str, StrategyDoc]) -> None:
    doc = examples["sa-healthy-communities"]
    titles = {p.title for _, p in doc.all_priorities()}
    assert {"Integrated neighbourhood teams", "Ageing well", "Virtual wards"} <= titles


def test_cherishing_our_families(examples: dict[str, StrategyDoc]) -> None:
    doc = examples["cherishing-our-families"]
    assert doc.title == "Cherishing our Families Strategy 2023-2026"
    assert doc.governance_group == "GIRFEC group"
    assert doc.reports_to == "Children and Young People's Strategic Partnership"
    assert doc.period is not None and (doc.period.start.year, doc.period.end.year) == (2023, 2026)
    assert all(o.wellbeing for o in doc.outcomes)  # a children's strategy maps to SHANARRI
    assert "142 responses" in (doc.description or "")


def test_links_use_planned_indicators_and_demo_places(examples: dict[str, StrategyDoc]) -> None:
    areas = {"S37000020", "S37000008", "S37000027"}
    for doc in examples.values():
        for _, priority in doc.all_priorities():
            for link in priority.indicators:
                assert link.indicator in PLANNED_INDICATORS, link.indicator
                assert (link.area or doc.organisation.code) in areas
        for outcome in doc.outcomes:
            for link in outcome.indicators:
                assert link.indicator in PLANNED_INDICATORS, link.indicator
        for _, action in doc.all_actions():
            for code in action.localities:
                assert re.fullmatch(r"LOC-(NA|EA|SA)-[A-Z-]+", code), code


def test_localities_exist_in_the_demo_geography(examples: dict[str, StrategyDoc]) -> None:
    from placewell.data.synth import calibration

    known = {loc.code for loc in calibration.LOCALITIES}
    assert len(known) == 15  # the three partnerships' real localities
    used = {
        code for doc in examples.values() for _, a in doc.all_actions() for code in a.localities
    }
    assert used <= known


def test_seed_figures_are_in_the_demo(examples: dict[str, StrategyDoc]) -> None:
    evidence = demo_evidence()
    north = "S37000020"
    looked_after = evidence.evidence("LAC-START", north)
    money = evidence.evidence("MONEY-GAINS", north)
    waits = evidence.evidence("ADP-WAIT", north)
    assert looked_after is not None and looked_after.value == 46
    assert money is not None and money.value == 20 and money.unit == "£m"
    assert waits is not None and waits.value is not None and waits.value >= 90
    narratives = " ".join(
        u.narrative
        for _, a in examples["na-health-wellbeing-vision"].all_actions()
        for u in a.updates
    )
    assert "61 in 2022-23 to 46 in 2023-24" in narratives
    assert "£20m" in narratives and "£1.5m" in narratives


def test_demo_statuses_are_mixed(examples: dict[str, StrategyDoc]) -> None:
    statuses: Counter[StatusValue] = Counter()
    for doc in examples.values():
        tree = assess_strategy(doc, demo_evidence(), today=TODAY)
        statuses.update(item.status.value for item in tree.walk())
        updates = [u for _, a in doc.all_actions() for u in a.updates]
        assert {u.rag for u in updates} >= {"green", "amber"}
    assert set(statuses) == set(StatusValue)
    assert statuses[StatusValue.ON_TRACK] > statuses[StatusValue.OFF_TRACK] > 3


def test_load_examples(db_url: str) -> None:
    keys = load_examples(db_url)
    assert keys == [
        "cherishing-our-families", "ea-community-wellbeing", "na-health-wellbeing-vision",
        "sa-healthy-communities",
    ]  # fmt: skip
    service = StrategyService(db_url)
    changes = len(service.history(limit=10_000))
    assert load_examples(db_url) == keys
    assert len(service.history(limit=10_000)) == changes  # loading again changes nothing
    for key, file in zip(keys, example_files(), strict=True):
        assert service.export_yaml(key) == file.read_text("utf-8")
