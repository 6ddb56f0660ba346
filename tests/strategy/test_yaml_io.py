"""Strategy YAML: exact round trip, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placewell.errors import DefinitionError
from placewell.strategy.yaml_io import (
    StrategyFileError,
    dump_strategy,
    load_strategy,
    read_strategy,
)
from tests.strategy.helpers import CANONICAL


def test_canonical_yaml_round_trips_exactly() -> None:
    doc = load_strategy(CANONICAL)
    assert dump_strategy(doc) == CANONICAL
    assert load_strategy(dump_strategy(doc)) == doc


def test_any_valid_yaml_becomes_canonical() -> None:
    messy = """
title: Demo
organisation: {code: S37000020, name: Org}
id: demo
outcomes:
  - title: O
    id: o1
    tags: []
    national_outcomes:
      - NHWO-1
    indicators:
      - {indicator: NI-12, target: {direction: decrease, value: 11000.0}}
"""
    text = dump_strategy(load_strategy(messy))
    assert text == (
        "id: demo\ntitle: Demo\norganisation:\n  name: Org\n  code: S37000020\n  kind: partnership\n"
        "status: draft\noutcomes:\n- id: o1\n  title: O\n  national_outcomes: [NHWO-1]\n"
        "  indicators:\n  - indicator: NI-12\n    target:\n      value: 11000\n"
        "      direction: decrease\n"
    )
    assert dump_strategy(load_strategy(text)) == text


def test_numbers_and_quoted_text_survive() -> None:
    doc = load_strategy(CANONICAL.replace("version: '1.0'", "version: 1.0"))
    assert doc.version == "1.0"
    assert "version: '1.0'" in dump_strategy(doc)


def test_lists_of_awkward_names_round_trip() -> None:
    doc = load_strategy(CANONICAL)
    awkward = [
        "0x10",
        "yes",
        "null",
        "2024",
        "1.5",
        "a: b",
        "Children's services",
        "- x",
        "#1",
        "x, y",
    ]
    doc.outcomes[0].priorities[0].actions[0].partners = awkward
    text = dump_strategy(doc)
    assert load_strategy(text) == doc
    assert dump_strategy(load_strategy(text)) == text
    assert "partners: [Third sector]" in CANONICAL


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None)
@given(title=texts, narrative=st.lists(texts, min_size=1, max_size=3).map("\n".join))
def test_round_trip_of_arbitrary_text(title: str, narrative: str) -> None:
    doc = load_strategy(CANONICAL)
    action = doc.outcomes[0].priorities[0].actions[0]
    action.title = title
    action.updates[0].narrative = narrative
    again = load_strategy(dump_strategy(doc))
    assert again == doc
    assert dump_strategy(again) == dump_strategy(doc)


def _error(text: str) -> StrategyFileError:
    with pytest.raises(StrategyFileError) as info:
        load_strategy(text, source="plan.yaml")
    return info.value


def _replace(old: str, new: str) -> str:
    assert old in CANONICAL
    return CANONICAL.replace(old, new, 1)


def _line_of(fragment: str, text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        ("rag: green", "rag: purple", "rag: purple", "Input should be 'red', 'amber' or 'green'"),
        ("due: 2026-12-31", "due: 2026-02-30", "due: 2026-02-30", "valid date"),
        ("      lead: Locality team", "      leader: Locality team", "leader:", "unknown field"),
        ("[NHWO-2, NHWO-5]", "[NHWO-2, NHWO-10]", "NHWO-10", "unknown national outcome 'NHWO-10'"),
        ("      tags: [fair]", "      tags: [unfair]", "tags: [unfair]", "tag 'unfair' is not a theme"),
        ("    - id: A2", "    - id: A1", "- id: A1\n      title: Second", "action id 'A1' is used twice"),
        ("percent: 40", "percent: 140", "percent: 140", "less than or equal to 100"),
        ("  likelihood: 3", "  likelihood: 9", "likelihood: 9", "less than or equal to 5"),
    ],
)  # fmt: skip
def test_schema_errors_name_the_line(old: str, new: str, marker: str, message: str) -> None:
    text = _replace(old, new)
    err = _error(text)
    first = marker.splitlines()[0]
    expected = (
        _line_of(first, text)
        if "\n" not in marker
        else text.splitlines().index("    - id: A1", _line_of("- id: A1", text)) + 1
    )
    assert err.line == expected, str(err)
    assert f"plan.yaml, line {expected}: " in str(err)
    assert message in str(err)
    assert str(err).endswith("Nothing was imported.")


def test_missing_field_points_at_its_parent() -> None:
    text = _replace("    title: Third action\n", "")
    err = _error(text)
    assert err.line == _line_of("- id: A3", text)
    assert "priorities[0].actions[0].title: this field is required" in str(err)


def test_syntax_error_names_the_line() -> None:
    text = _replace("title: Priority one", "title: [Priority one")
    err = _error(text)
    assert err.line is not None and err.line >= _line_of("[Priority one", text)
    assert "not valid YAML" in str(err)


def test_duplicate_keys_are_errors() -> None:
    text = _replace("vision: Everyone lives well at home.", "vision: A\nvision: B")
    err = _error(text)
    assert err.line == _line_of("vision: B", text)
    assert "vision: this key is written twice" in str(err)


def test_many_problems_are_summarised() -> None:
    text = CANONICAL
    for old, new in [("rag: green", "rag: x"), ("percent: 40", "percent: -1"), ("status: active", "status: x"),
                     ("likelihood: 3", "likelihood: 0"), ("impact: 4", "impact: 0"), ("kind: partnership", "kind: x")]:  # fmt: skip
        text = text.replace(old, new)
    err = _error(text)
    assert len(err.problems) == 6
    assert "(and 1 more problem)" in str(err)
    lines = [p[0] for p in err.problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "must be a mapping"),
        ("id: x\n", "title: this field is required"),
    ],
)
def test_documents_that_are_not_strategies(text: str, message: str) -> None:
    err = _error(text)
    assert message in str(err)
    assert isinstance(err, DefinitionError) and isinstance(err, ValueError)


def test_read_strategy_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_replace("rag: green", "rag: blue"))
    with pytest.raises(StrategyFileError, match=r"^broken\.yaml, line \d+: "):
        read_strategy(path)
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(StrategyFileError, match="not UTF-8"):
        read_strategy(path)


def test_multi_line_text_is_a_literal_block() -> None:
    assert "narrative: |-\n          Going well.\n          Second line.\n" in dump_strategy(
        load_strategy(CANONICAL)
    )
