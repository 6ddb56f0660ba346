"""The filter language: parsing, checking against the contract, compiling to Ibis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from placewell.data.schemas import TABLES
from placewell.errors import DefinitionError
from placewell.indicators.check import table_fields
from placewell.indicators.definition import load_definition
from placewell.indicators.filter_check import check
from placewell.indicators.filter_ibis import to_ibis
from placewell.indicators.filters import AnyOf, BoolOp, FilterError, InList, Not, StartsWith, parse

STAYS = table_fields(TABLES["hospital_stays"])


def error_of(text: str, fields: dict = STAYS) -> FilterError:
    with pytest.raises(FilterError) as info:
        check(parse(text), fields)
    return info.value


def test_parses_precedence_lists_and_functions() -> None:
    node = parse("not a = 1 or b in ['x', 'y'] and startswith(c, 'W0', 'W1')")
    assert isinstance(node, BoolOp) and node.op == "or"
    assert isinstance(node.items[0], Not)
    right = node.items[1]
    assert isinstance(right, BoolOp) and right.op == "and"
    assert isinstance(right.items[0], InList) and [i.value for i in right.items[0].items] == [
        "x",
        "y",
    ]
    assert isinstance(right.items[1], StartsWith)
    any_form = parse("any(main_condition, other_condition_1) startswith @falls")
    assert isinstance(any_form, StartsWith) and isinstance(any_form.operand, AnyOf)


@pytest.mark.parametrize(
    ("text", "message", "pos"),
    [
        ("age >= ", "expected a column, value or function, found the end", 8),
        ("admission_type in ['30', '31'", "expected ',' or ']'", 30),
        ("age >= 18 and", "expected a column, value or function", 14),
        ("(age >= 18", "')' to close the '(' at character 1", 11),
        ("age => 18", "expected a column, value or function, found '>'", 6),
        ("sex = 'M", "a text literal is not closed", 7),
        ("age >= 18 age < 65", "join conditions with 'and' or 'or'", 11),
        ("lower(sex) = 'm'", "unknown function 'lower'", 1),
        ("age ; 3", "unexpected character ';'", 5),
        ("", "the filter is empty", 1),
    ],
)
def test_syntax_errors_give_the_position(text: str, message: str, pos: int) -> None:
    with pytest.raises(FilterError) as info:
        parse(text)
    assert message in info.value.message
    assert info.value.pos == pos


def test_unknown_column_suggests_the_closest() -> None:
    err = error_of("admision_type in @emergency")
    assert err.message == "unknown column 'admision_type' (did you mean admission_type?)"
    assert err.pos == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("admission_date > 2020", "cannot compare a date column 'admission_date' with a number"),
        ("admission_date > '2020-13-01'", "'2020-13-01' is not a date"),
        ("age >= '18'", "cannot compare an integer column 'age' with text '18'"),
        ("admission_type = '3O'", "'3O' is not a code of admission_type"),
        ("admission_type in ['30', '99']", "'99' is not a code of admission_type"),
        ("sex = 'X'", "'X' is not a code of sex"),
        ("main_condition in @falls", "@falls holds code prefixes; use startswith"),
        ("admission_type in @emergncy", "unknown code set @emergncy (did you mean @emergency?)"),
        ("startswith(age, '1')", "startswith needs text"),
        ("days_between(admission_date, 3) <= 2", "days_between needs dates"),
        ("cost", "is not true/false"),
        ("18", "a value on its own is not a condition"),
        ("age = any(main_condition, other_condition_1)", "any(...) must come first"),
    ],
)
def test_type_and_code_errors(text: str, message: str) -> None:
    assert message in error_of(text).message


def test_a_definition_error_names_file_line_and_field(tmp_path: Path) -> None:
    text = Path(__file__).parent.joinpath(
        "..", "..", "src", "placewell", "indicators", "packs", "core-suite", "ni12.yaml"
    )
    body = (
        text.resolve()
        .read_text()
        .replace("admission_type in @emergency", "admision_type in @emergency")
    )
    path = tmp_path / "ni12.yaml"
    path.write_text(body)
    with pytest.raises(DefinitionError) as info:
        load_definition(path, source="indicators/ni12.yaml")
    assert str(info.value) == (
        "indicators/ni12.yaml line 8, numerator.filter: unknown column 'admision_type' "
        "(did you mean admission_type?) (at character 1)"
    )


ROWS = pa.table(
    {
        "stay_id": ["a", "b", "c", "d"],
        "admission_date": pa.array(
            [dt.date(2023, 1, 1), dt.date(2023, 5, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
        ),
        "discharge_date": pa.array(
            [dt.date(2023, 1, 20), None, dt.date(2024, 2, 1), dt.date(2024, 3, 30)]
        ),
        "admission_type": ["30", "10", "35", "22"],
        "main_condition": ["W19X", "I219", "J189", "S720"],
        "other_condition_1": [None, "W010", None, None],
        "cost": [100.0, None, 50.0, 10.0],
    }
)


def selected(text: str) -> list[str]:
    con = ibis.duckdb.connect()
    t = con.create_table("stays", ROWS)
    node = parse(text)
    return sorted(t.filter(to_ibis(node, lambda name: t[name])).stay_id.to_pyarrow().to_pylist())


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("admission_type in @emergency", ["a", "c", "d"]),
        ("admission_type not in @emergency", ["b"]),
        ("any(main_condition, other_condition_1) startswith @falls", ["a", "b"]),
        ("not any(main_condition, other_condition_1) startswith @falls", ["c", "d"]),
        ("startswith(main_condition, 'S', 'J')", ["c", "d"]),
        ("discharge_date is null", ["b"]),
        ("discharge_date is not null and cost >= 50", ["a", "c"]),
        ("days_between(admission_date, discharge_date) <= 19", ["a", "c"]),
        ("admission_date >= '2024-01-01' and admission_date < date('2024-03-01')", ["c"]),
        ("not (cost > 20)", ["d"]),
        ("(admission_type = '30' or admission_type = '10') and main_condition != 'W19X'", ["b"]),
        ("cost in [10, 50.0]", ["c", "d"]),
    ],
)
def test_filters_select_the_right_records(text: str, ids: list[str]) -> None:
    assert selected(text) == ids
