"""Definitions: validation with file, line and field; the bundled packs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from placewell.errors import DefinitionError, NotFoundError
from placewell.indicators import find_definition, list_packs, load_definition, load_pack

GOOD = """\
id: TEST-1
title: Emergency admissions of adults
outcomes: [NHWO-2]
numerator:
  table: hospital_stays
  date: admission_date
  filter: admission_type in @emergency and age >= 18
denominator:
  kind: population
  filter: age >= 18
measure:
  kind: crude_rate
  multiplier: 100000
period: calendar_year
polarity: low_is_good
metadata:
  source: test
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "test.yaml"
    path.write_text(text)
    return path


def failure(tmp_path: Path, text: str) -> str:
    with pytest.raises(DefinitionError) as info:
        load_definition(write(tmp_path, text), source="test.yaml")
    return str(info.value)


def test_a_good_definition_loads(tmp_path: Path) -> None:
    d = load_definition(write(tmp_path, GOOD))
    assert d.id == "TEST-1" and d.measure.scale == 100_000
    assert d.breakdowns.levels[0] == "datazone" and "simd_local_quintile" in d.breakdowns.by


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  table: hospital_stays",
            "  table: hospital_stay",
            "test.yaml line 5, numerator.table: unknown record table 'hospital_stay' (did you mean hospital_stays?)",
        ),
        (
            "  date: admission_date",
            "  date: specialty",
            "test.yaml line 6, numerator.date: column 'specialty' is string, but date must be a date column",
        ),
        ("  kind: crude_rate", "  kind: crude", "test.yaml line 12, measure.kind: Input should be"),
        ("period: calendar_year", "period: calendar", "test.yaml line 14, period: Input should be"),
        (
            "polarity: low_is_good",
            "polarity: low_is_good\nnumerater: 1",
            "test.yaml line 16, numerater: unknown field 'numerater' (did you mean numerator?)",
        ),
        (
            "  multiplier: 100000",
            "  multiplier: 100000\n  multipler: 3",
            "test.yaml line 14, measure.multipler: unknown field 'multipler' (did you mean multiplier?)",
        ),
        (
            "  source: test",
            "  sauce: test",
            "test.yaml line 16, metadata.source: required field is missing",
        ),
        (
            "outcomes: [NHWO-2]",
            "outcomes: [NHWO-12]",
            "test.yaml line 3, outcomes.0: Input should be",
        ),
        (
            "  filter: age >= 18\n",
            "  filter: ages >= 18\n",
            "test.yaml line 10, denominator.filter: unknown column 'ages' (did you mean age?)",
        ),
        (
            "denominator:\n  kind: population\n  filter: age >= 18\n",
            "",
            "measure crude_rate needs denominator: {kind: population}",
        ),
        ("id: TEST-1", "id: test 1", "test.yaml line 1, id: String should match pattern"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    assert message in failure(tmp_path, GOOD.replace(old, new, 1))


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    message = failure(tmp_path, "id: TEST-1\ntitle: x\n  bad indent: 1\n")
    assert message.startswith("test.yaml line 3: invalid YAML")
    assert (
        failure(tmp_path, "- just\n- a list\n")
        == "test.yaml: a definition must be a YAML mapping of fields"
    )


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {
                "numerator": {
                    "table": "hospital_stays",
                    "kind": "bed_days",
                    "date": "admission_date",
                }
            },
            "bed_days needs interval",
        ),
        (
            {
                "numerator": {
                    "table": "deaths",
                    "date": "date_of_death",
                    "kind": "readmissions_within_days",
                    "days": 28,
                }
            },
            "needs a table of stays with admission_date",
        ),
        (
            {"numerator": {"table": "hospital_stays", "kind": "sum", "date": "admission_date"}},
            "kind sum needs column",
        ),
        (
            {
                "numerator": {
                    "table": "hospital_stays",
                    "kind": "sum",
                    "column": "specialty",
                    "date": "admission_date",
                }
            },
            "sum needs a number column",
        ),
        (
            {
                "numerator": {
                    "table": "hospital_stays",
                    "date": "admission_date",
                    "period_column": "specialty",
                }
            },
            "give exactly one of date",
        ),
        ({"measure": {"kind": "within_standard"}}, "within_standard needs within"),
        (
            {"measure": {"kind": "mean"}, "denominator": None},
            "measure mean needs numerator kind sum",
        ),
        ({"measure": {"kind": "life_expectancy", "age_start": 3}}, "age_start must be one of"),
        ({"breakdowns": {"age_bands": [18, 65]}}, "age_bands are the ages each band starts at"),
        ({"comparators": ["parnet"]}, "unknown comparator 'parnet'"),
        ({"change_from": {"baseline": "2017/19"}}, "'2017/19' is not a calendar year label"),
        (
            {"comparison": {"method": "spc"}, "measure": {"kind": "count"}, "denominator": None},
            "SPC comparison needs a proportion or a rate",
        ),
    ],
)
def test_definitions_must_fit_the_contract_and_their_measure(
    tmp_path: Path, patch: dict, message: str
) -> None:
    data = yaml.safe_load(GOOD) | patch
    data = {k: v for k, v in data.items() if v is not None}
    assert message in failure(tmp_path, yaml.safe_dump(data, sort_keys=False))


def test_hash_follows_the_content(tmp_path: Path) -> None:
    a = load_definition(write(tmp_path, GOOD))
    b = load_definition(write(tmp_path, GOOD + "\n# a comment changes nothing\n"))
    c = load_definition(write(tmp_path, GOOD.replace("age >= 18\n", "age >= 16\n", 1)))
    assert a.hash == b.hash != c.hash


def test_bundled_packs_are_valid_and_documented() -> None:
    assert {"core-suite", "msg", "local"} <= set(list_packs())
    ids = {
        name: [d.id for d in load_pack(name).definitions] for name in ("core-suite", "msg", "local")
    }
    assert ids["core-suite"] == [
        f"NI-{n}" for n in (*range(1, 10), 11, 12, 13, 14, 15, 16, 18, 19, 20)
    ]
    assert ids["msg"] == [f"MSG-{n}" for n in range(1, 6)]
    assert set(ids["local"]) == {"ADP-WAIT", "LAC-START", "MONEY-GAINS", "CARERS-SUPPORTED"}
    for name in ids:
        pack = load_pack(name)
        assert pack.description and pack.source
        for d in pack.definitions:
            assert d.metadata.source and d.metadata.follows, d.id
            assert d.outcomes, d.id


def test_find_definition_suggests() -> None:
    assert find_definition("ni-12").id == "NI-12"
    with pytest.raises(NotFoundError, match="did you mean NI-12"):
        find_definition("NI-122")


def test_the_documented_example_is_valid(tmp_path: Path) -> None:
    doc = Path(__file__).parents[2] / "docs" / "indicators.md"
    text = doc.read_text()
    example = text.split("## A definition", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    d = load_definition(write(tmp_path, example))
    assert d.id == "NI-16" and d.comparison.method == 17 and d.targets[0].value == 20


def test_sum_of_parts_errors_point_at_the_part(tmp_path: Path) -> None:
    text = GOOD.replace(
        "denominator:\n  kind: population\n  filter: age >= 18\n",
        "denominator:\n  kind: sum_of\n  parts:\n    - table: deaths\n      date: date_of_death\n"
        "    - table: care_services\n      kind: bed_days\n      interval: {start: start_date, end: ended}\n",
    ).replace("kind: crude_rate", "kind: ratio")
    message = failure(tmp_path, text)
    assert message == (
        "test.yaml line 15, denominator.parts.1.interval.end: unknown column 'ended' "
        "(did you mean end_date?)"
    )
