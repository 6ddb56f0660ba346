"""The strategy service on SQLite and PostgreSQL: import, export, history, edits, conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from placewell.errors import ConflictError, DefinitionError, NotFoundError, ValidationError
from placewell.store import session_scope
from placewell.store.models import Action, ActionUpdate, ChangeLog, Outcome, Priority, Strategy
from placewell.strategy import (
    StrategyFileError,
    StrategyService,
    _sync,
    demo_evidence,
    load_strategy,
)
from tests.strategy.helpers import CANONICAL, TODAY, evidence, provider


@pytest.fixture
def service(migrated_url: str) -> StrategyService:
    return StrategyService(migrated_url)


def _count(url: str, model: type) -> int:
    with session_scope(url) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _versions(url: str) -> dict[str, int]:
    with session_scope(url) as s:
        return {a.key: a.row_version for a in s.scalars(select(Action))}


def test_import_then_export_gives_the_same_yaml(service: StrategyService) -> None:
    result = service.import_yaml(CANONICAL, author="jo")
    assert result.created and result.changes > 10
    assert service.export_yaml("demo") == CANONICAL
    summary = service.list_strategies()[0]
    assert (summary.key, summary.outcomes, summary.priorities, summary.actions) == ("demo", 1, 2, 3)


def test_reimporting_the_same_yaml_changes_nothing(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    before = (_versions(service.url), _count(service.url, ChangeLog))
    result = service.import_yaml(service.export_yaml("demo"), author="sam")
    assert (result.created, result.changes) == (False, 0)
    assert (_versions(service.url), _count(service.url, ChangeLog)) == before


def test_export_imported_elsewhere_reproduces_the_objects(
    service: StrategyService, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    service.import_yaml(CANONICAL, author="jo")
    service.record_update(
        "A2", rag="amber", percent=10, note="Started late", author="kim", on=TODAY
    )
    other = StrategyService(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.import_yaml(service.export_yaml("demo"), author="copy")
    assert other.export_doc("demo") == service.export_doc("demo")
    assert other.export_yaml("demo") == service.export_yaml("demo")


def test_changes_are_applied_field_by_field_and_logged(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    edited = (
        CANONICAL.replace("title: First action", "title: First action, renamed")
        .replace(
            "    - id: A2\n      title: Second action\n      due: 2027-03-31\n      status: not_started\n",
            "",
        )
        .replace(
            "  actions:\n  - id: A3",
            "  actions:\n  - id: A4\n    title: New action\n    status: not_started\n  - id: A3",
        )
    )
    result = service.import_yaml(edited, author="sam")
    assert result.changes >= 3
    assert service.export_yaml("demo") == edited
    changes = {(c.operation, c.entity, c.entity_key, c.field) for c in service.history("demo")}
    assert ("update", "action", "A1", "title") in changes
    assert ("delete", "action", "A2", None) in changes
    assert ("create", "action", "A4", None) in changes
    renamed = next(c for c in service.history("demo") if c.field == "title")
    assert (renamed.author, renamed.old_value, renamed.new_value) == (
        "sam", "First action", "First action, renamed"
    )  # fmt: skip
    assert _versions(service.url)["A1"] == 2


def test_moving_items_keeps_them(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    doc = load_strategy(CANONICAL)
    moved = doc.outcomes[0].priorities[0].actions.pop(0)
    doc.priorities[0].actions.append(moved)
    service.import_doc(doc, author="sam")
    assert service.export_doc("demo") == doc
    assert _count(service.url, ActionUpdate) == 1  # A1 kept its update
    assert ("update", "priority") in {(c.operation, c.field) for c in service.history("demo")}


def test_a_priority_can_leave_a_deleted_outcome(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    doc = load_strategy(CANONICAL)
    orphan = doc.outcomes.pop(0).priorities[0]
    doc.priorities.insert(0, orphan)
    doc.themes.clear()
    orphan.actions[0].tags.clear()
    service.import_doc(doc, author="sam")
    assert service.export_doc("demo") == doc
    assert _count(service.url, Outcome) == 0
    assert _count(service.url, Action) == 3 and _count(service.url, ActionUpdate) == 1
    logged = {(c.operation, c.entity, c.entity_key, c.field) for c in service.history("demo")}
    assert ("delete", "outcome", "o1", None) in logged
    assert ("update", "priority", "p1", "outcome") in logged


def test_malformed_yaml_changes_nothing(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    before = (service.export_yaml("demo"), _count(service.url, ChangeLog))
    broken = CANONICAL.replace("title: Second action", "title: Second action\n      colour: red")
    line = broken.splitlines().index("      colour: red") + 1
    with pytest.raises(
        StrategyFileError, match=rf"plan\.yaml, line {line}: .*colour: unknown field"
    ):
        service.import_yaml(broken, author="sam", source="plan.yaml")
    with pytest.raises(StrategyFileError, match="not valid YAML"):
        service.import_yaml(CANONICAL.replace("title: Second action", "title: [x"), author="sam")
    assert (service.export_yaml("demo"), _count(service.url, ChangeLog)) == before


def test_a_failure_half_way_through_an_import_changes_nothing(
    service: StrategyService, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: object, session: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(_sync.ChangeRecorder, "write", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        service.import_yaml(CANONICAL, author="jo")
    for model in (Strategy, Outcome, Priority, Action, ChangeLog):
        assert _count(service.url, model) == 0


def test_record_update(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    record = service.record_update(
        "demo/A2", rag="green", percent=20, note="Kick-off held", author="kim", on=TODAY,
        evidence=["https://example.org/minutes"],
    )  # fmt: skip
    assert (record.number, record.action_status) == (1, "in_progress")
    action = service.export_doc("demo").outcomes[0].priorities[0].actions[1]
    assert action.status == "in_progress"
    assert action.updates[0].narrative == "Kick-off held"
    assert action.updates[0].evidence == ["https://example.org/minutes"]
    done = service.record_update(
        "A2", rag="green", percent=100, note="Done", author="kim", status="completed"
    )
    assert done.number == 2 and done.action_status == "completed"
    logged = [(c.entity, c.field, c.author) for c in service.history("demo", limit=4)]
    assert ("action_update", None, "kim") in logged and ("action", "status", "kim") in logged


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"rag": "blue"}, "rag"), ({"percent": 101}, "percent"), ({"note": ""}, "note"),
     ({"status": "finished"}, "status")],
)  # fmt: skip
def test_record_update_validates_input(
    service: StrategyService, kwargs: dict, message: str
) -> None:
    service.import_yaml(CANONICAL, author="jo")
    args = {"rag": "green", "note": "ok", "author": "kim"} | kwargs
    with pytest.raises(ValidationError, match=message):
        service.record_update("A2", **args)


def test_items_are_found_by_id_or_strategy_and_id(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    service.import_yaml(CANONICAL.replace("id: demo", "id: other", 1), author="jo")
    with pytest.raises(ValidationError, match=r"used in several strategies \(demo, other\)"):
        service.record_update("A1", rag="green", note="x", author="kim")
    assert (
        service.record_update("other/A1", rag="green", note="x", author="kim").strategy_key
        == "other"
    )
    with pytest.raises(NotFoundError, match="no action 'A9'"):
        service.record_update("A9", rag="green", note="x", author="kim")
    with pytest.raises(NotFoundError, match="no strategy 'nope'"):
        service.export_yaml("nope")


def test_second_save_of_an_opened_item_is_a_conflict(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    alice = service.get_item("action", "A1")
    bob = service.get_item("action", "A1")
    assert alice.version == bob.version == 1 and alice.fields["due"] == date(2026, 12, 31)
    saved = service.edit_item(
        "action", "A1", {"due": date(2027, 3, 31)}, expected_version=alice.version, author="alice"
    )
    assert saved.version == 2 and saved.updated_by == "alice"
    with pytest.raises(ConflictError) as info:
        service.edit_item(
            "action", "A1", {"title": "Bob's title"}, expected_version=bob.version, author="bob"
        )
    message = str(info.value)
    assert message.startswith("action 'A1' was changed by alice at ")
    assert "since you opened it" in message and message.endswith("reload and reapply your change")
    doc = service.export_doc("demo")
    assert doc.outcomes[0].priorities[0].actions[0].title == "First action"  # not overwritten
    assert doc.outcomes[0].priorities[0].actions[0].due == date(2027, 3, 31)


def test_record_update_with_a_stale_version_is_a_conflict(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    opened = service.get_item("action", "A2")
    service.record_update(
        "A2", rag="green", note="first", author="alice"
    )  # moves it to in progress
    with pytest.raises(ConflictError, match="action 'A2' was changed by alice"):
        service.record_update(
            "A2", rag="red", note="second", author="bob", expected_version=opened.version
        )


def test_edits_are_validated(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    with pytest.raises(ValidationError, match="cannot edit updates of an action"):
        service.edit_item("action", "A1", {"updates": []}, expected_version=1, author="x")
    with pytest.raises(ValidationError, match="status"):
        service.edit_item("action", "A1", {"status": "done"}, expected_version=1, author="x")
    with pytest.raises(ValidationError, match="tag 'nope' is not a theme"):
        service.edit_item("outcome", "o1", {"tags": ["nope"]}, expected_version=1, author="x")
    edited = service.edit_item(
        "strategy", "demo", {"status": "closed"}, expected_version=1, author="x"
    )
    assert edited.fields["status"] == "closed" and edited.version == 2


def test_status_uses_the_evidence(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    bad = provider(evidence(value=12_000, comparison="Worse", level=99.8))
    tree = service.status("demo", today=TODAY, evidence=bad)
    outcome = tree.find("o1")
    assert outcome.status.value == "off_track"
    assert "NI-12 is significantly worse than Scotland (99.8% level)" in outcome.status.reasons
    assert (
        StrategyService(service.url, evidence=demo_evidence()).status("demo", today=TODAY).key
        == "demo"
    )


def test_delete_strategy_removes_everything_and_logs_it(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    changes = service.delete_strategy("demo", author="jo")
    assert changes > 5
    for model in (Strategy, Outcome, Priority, Action, ActionUpdate):
        assert _count(service.url, model) == 0
    assert {c.operation for c in service.history("demo", limit=changes)} == {"delete"}


def test_organisations_are_matched_by_code_then_name(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    recoded = CANONICAL.replace("id: demo", "id: recoded", 1).replace("S37000020", "S37000008")
    with pytest.raises(
        DefinitionError, match="stored with code S37000020, but the strategy gives S37000008"
    ):
        service.import_yaml(recoded, author="jo")
    renamed = CANONICAL.replace("id: demo", "id: renamed", 1).replace(
        "name: North Ayrshire Health and Social Care Partnership", "name: North Ayrshire HSCP"
    )
    service.import_yaml(renamed, author="jo")  # same code: the organisation is renamed
    assert {s.organisation for s in service.list_strategies()} == {"North Ayrshire HSCP"}


def test_integrity_errors_become_definition_errors(service: StrategyService) -> None:
    service.import_yaml(CANONICAL, author="jo")
    other = CANONICAL.replace("id: demo", "id: other", 1).replace("S37000020", "S37000008")
    other = other.replace("name: North Ayrshire Health and Social Care Partnership", "name: East")
    service.import_yaml(other, author="jo")
    before = _count(service.url, ChangeLog)
    # code of 'East' with the name of the North Ayrshire organisation: names must stay unique
    clash = other.replace("id: other", "id: clash", 1).replace(
        "name: East", "name: North Ayrshire Health and Social Care Partnership"
    )
    with pytest.raises(DefinitionError, match="strategy 'clash' could not be saved"):
        service.import_yaml(clash, author="jo")
    assert _count(service.url, ChangeLog) == before
    assert [s.key for s in service.list_strategies()] == ["demo", "other"]


def test_two_updates_from_the_same_version_cannot_both_be_recorded(
    service: StrategyService,
) -> None:
    """An update bumps the action's version even when its status does not change."""
    service.import_yaml(CANONICAL, author="jo")
    service.record_update("A2", rag="green", note="first", author="alice")  # now in progress
    opened = service.get_item("action", "A2")
    service.record_update(
        "A2", rag="amber", note="second", author="alice", expected_version=opened.version
    )
    assert service.get_item("action", "A2").version == opened.version + 1
    with pytest.raises(ConflictError, match="action 'A2' was changed by alice"):
        service.record_update(
            "A2", rag="red", note="third", author="bob", expected_version=opened.version
        )
