"""The area hierarchy service."""

from __future__ import annotations

import pandas as pd
import pytest

from placewell.errors import NotFoundError
from placewell.geography.hierarchy import AreaHierarchy, level_order

AREAS = pd.DataFrame(
    [
        ("S92000003", "Scotland", "country", None),
        ("S08000015", "Ayrshire and Arran", "health_board", "S92000003"),
        ("S37000020", "North Ayrshire", "partnership", "S08000015"),
        ("S37000008", "East Ayrshire", "partnership", "S08000015"),
        ("LOC-NA-ARRAN", "Arran", "locality", "S37000020"),
        ("LOC-NA-IRVINE", "Irvine", "locality", "S37000020"),
        ("LOC-EA-KILM", "Kilmarnock", "locality", "S37000008"),
        ("S02900001", "Lamlash and Brodick", "intzone", "LOC-NA-ARRAN"),
        ("S02900002", "Irvine Central", "intzone", "LOC-NA-IRVINE"),
        ("S01900001", "Arran 01", "datazone", "S02900001"),
        ("S01900002", "Irvine 01", "datazone", "S02900002"),
        ("S01900003", "Irvine 02", "datazone", "S02900002"),
        ("S01900004", "Kilmarnock 01", "datazone", "LOC-EA-KILM"),  # no intermediate zone
    ],
    columns=["area_code", "area_name", "level", "parent_code"],
)


@pytest.fixture(scope="module")
def geo() -> AreaHierarchy:
    return AreaHierarchy.from_frame(AREAS)


def test_parents_and_children(geo: AreaHierarchy) -> None:
    assert geo.parent("S01900002").code == "S02900002"
    assert [a.level for a in geo.ancestors("S01900002")] == [
        "intzone",
        "locality",
        "partnership",
        "health_board",
        "country",
    ]
    assert [a.code for a in geo.children("S37000020")] == ["LOC-NA-ARRAN", "LOC-NA-IRVINE"]
    assert geo.parent("S92000003") is None
    assert geo.ancestor_at("S01900004", "partnership").name == "East Ayrshire"
    assert geo.ancestor_at("S01900004", "intzone") is None


def test_datazones_of_any_area(geo: AreaHierarchy) -> None:
    assert geo.datazones("LOC-NA-IRVINE") == ["S01900002", "S01900003"]
    assert geo.datazones("S37000020") == ["S01900001", "S01900002", "S01900003"]
    assert len(geo.datazones("S92000003")) == 4
    assert geo.datazones("S01900001") == ["S01900001"]


def test_lookup_has_every_level(geo: AreaHierarchy) -> None:
    lookup = geo.lookup()
    row = lookup.loc["S01900004"]
    assert row["locality"] == "LOC-EA-KILM" and row["partnership"] == "S37000008"
    assert pd.isna(row["intzone"])
    assert set(lookup["country"]) == {"S92000003"}


def test_names_search_and_resolve(geo: AreaHierarchy) -> None:
    assert geo.name("LOC-NA-ARRAN") == "Arran"
    assert geo.resolve("north ayrshire").code == "S37000020"
    assert [a.code for a in geo.search("irvine")][:2] == ["S01900002", "S01900003"]
    assert [a.name for a in geo.areas("partnership")] == ["East Ayrshire", "North Ayrshire"]
    assert [a.code for a in geo.areas("locality", parent="S37000020")] == [
        "LOC-NA-ARRAN",
        "LOC-NA-IRVINE",
    ]
    assert geo.counts_by_level()["datazone"] == 4


def test_unknown_area_suggests(geo: AreaHierarchy) -> None:
    with pytest.raises(NotFoundError, match=r"no area with code 'Irvine'.*did you mean"):
        geo.area("Irvine")
    with pytest.raises(NotFoundError, match="unknown level"):
        geo.areas("ward")


def test_structural_check() -> None:
    broken = pd.concat(
        [
            AREAS,
            pd.DataFrame([("S01900099", "Stray", "datazone", "S02999999")], columns=AREAS.columns),
        ]
    )
    problems = AreaHierarchy.from_frame(broken).check()
    assert any("unknown parent" in p for p in problems)
    assert any("not inside a partnership" in p for p in problems)
    assert AreaHierarchy.from_frame(AREAS).check() == []


def test_level_order() -> None:
    assert level_order(["country", "datazone", "locality"]) == ["datazone", "locality", "country"]
