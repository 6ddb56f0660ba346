"""The strategy service: import, export, list, show, status, edit and record updates.

One object over one application database, usable from the CLI, the web app and a
notebook::

    from placewell.strategy import StrategyService, demo_evidence
    service = StrategyService("sqlite:///placewell-data/app.sqlite", evidence=demo_evidence())
    service.import_file("my-strategy.yaml", author="jo")
    service.status("my-strategy").status.label

Every write is one transaction (nothing is half-saved) and is logged in
``change_log``. Edits carry the version the editor opened; if the item changed since,
:class:`~placewell.errors.ConflictError` says who changed it and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from placewell.config import Settings, load_settings
from placewell.errors import ConflictError, DefinitionError, NotFoundError, ValidationError
from placewell.store import ensure_current, session_scope
from placewell.store.base import as_utc, utcnow
from placewell.store.models import Action, ActionUpdate, Outcome, Priority, Strategy
from placewell.store.repository import (
    change_log,
    count_by_strategy,
    find_by_key,
    strategies,
    strategy_by_key,
    strategy_tree,
)
from placewell.strategy import _mapping as m
from placewell.strategy._sync import ChangeRecorder, apply_values, delete_tree, sync_strategy
from placewell.strategy.evidence import EvidenceProvider, InMemoryEvidenceProvider
from placewell.strategy.models import ActionStatus, StrategyDoc, UpdateDoc, parse_doc
from placewell.strategy.records import (
    EDITABLE,
    ChangeRecord,
    ImportResult,
    ItemView,
    Kind,
    StrategySummary,
    UpdateRecord,
)
from placewell.strategy.rules import RulesConfig
from placewell.strategy.status import ItemAssessment, assess_strategy
from placewell.strategy.yaml_io import dump_strategy, load_strategy, read_strategy

__all__ = [
    "ChangeRecord",
    "ImportResult",
    "ItemView",
    "StrategyService",
    "StrategySummary",
    "UpdateRecord",
]


def _split(ref: str) -> tuple[str | None, str]:
    strategy_key, sep, key = ref.partition("/")
    return (strategy_key, key) if sep else (None, ref)


def _when(row: Any) -> str:
    stamp = as_utc(row.updated_at)
    return stamp.strftime("%Y-%m-%d %H:%M UTC") if stamp else "an unknown time"


class StrategyService:
    """Strategies in one application database (SQLite file or PostgreSQL)."""

    def __init__(
        self,
        url: str,
        *,
        evidence: EvidenceProvider | None = None,
        rules: RulesConfig | None = None,
        migrate: bool = True,
    ) -> None:
        self.url = url
        self.evidence: EvidenceProvider = evidence or InMemoryEvidenceProvider()
        self.rules = rules or RulesConfig()
        if migrate:
            ensure_current(url)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> StrategyService:
        """The service over the configured application database."""
        return cls((settings or load_settings()).app_database_url, **kwargs)

    # -- strategy as code ---------------------------------------------------------
    def import_doc(self, doc: StrategyDoc, *, author: str) -> ImportResult:
        """Create the strategy, or change the stored one to match ``doc`` (one transaction)."""
        try:
            with session_scope(self.url) as session:
                existing = strategy_tree(session, doc.id)
                rec = ChangeRecorder(author=author, strategy_key=doc.id)
                sync_strategy(session, existing, doc, rec)
                changes = rec.write(session)
        except IntegrityError as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DefinitionError(
                f"strategy '{doc.id}' could not be saved ({detail}); nothing was imported"
            ) from None
        return ImportResult(doc.id, existing is None, changes)

    def import_yaml(self, text: str, *, author: str, source: str = "<string>") -> ImportResult:
        """Validate YAML (errors name the line) and import it."""
        return self.import_doc(load_strategy(text, source=source), author=author)

    def import_file(self, path: str | Path, *, author: str) -> ImportResult:
        """Validate a YAML file (errors name the file and line) and import it."""
        return self.import_doc(read_strategy(path), author=author)

    def export_doc(self, key: str) -> StrategyDoc:
        """The stored strategy as a document."""
        with session_scope(self.url) as session:
            return m.strategy_doc(self._tree(session, key))

    def export_yaml(self, key: str) -> str:
        """The stored strategy as canonical YAML."""
        return dump_strategy(self.export_doc(key))

    show = export_doc

    # -- reading --------------------------------------------------------------------
    def list_strategies(self) -> list[StrategySummary]:
        """Every stored strategy with its size."""
        with session_scope(self.url) as session:
            counts = {
                model: count_by_strategy(session, model) for model in (Outcome, Priority, Action)
            }
            return [
                StrategySummary(
                    key=s.key,
                    title=s.title,
                    organisation=s.organisation.name,
                    period_start=s.period_start,
                    period_end=s.period_end,
                    status=s.status,
                    version=s.version,
                    outcomes=counts[Outcome].get(s.id, 0),
                    priorities=counts[Priority].get(s.id, 0),
                    actions=counts[Action].get(s.id, 0),
                )
                for s in strategies(session)
            ]

    def status(
        self,
        key: str,
        *,
        today: date | None = None,
        evidence: EvidenceProvider | None = None,
        rules: RulesConfig | None = None,
    ) -> ItemAssessment:
        """The status roll-up of a strategy, with reasons at every level."""
        doc = self.export_doc(key)
        return assess_strategy(doc, evidence or self.evidence, rules or self.rules, today)

    def history(self, strategy_key: str | None = None, limit: int = 100) -> list[ChangeRecord]:
        """The latest changes, newest first."""
        with session_scope(self.url) as session:
            return [
                ChangeRecord(
                    changed_at=as_utc(c.changed_at) or c.changed_at,
                    author=c.author,
                    operation=c.operation,
                    entity=c.entity,
                    entity_key=c.entity_key,
                    strategy_key=c.strategy_key,
                    field=c.field,
                    old_value=c.old_value,
                    new_value=c.new_value,
                )
                for c in change_log(session, strategy_key, limit)
            ]

    # -- editing --------------------------------------------------------------------
    def get_item(self, kind: Kind, ref: str) -> ItemView:
        """Open an item for editing: its fields and its version."""
        with session_scope(self.url) as session:
            row = self._find(session, kind, ref)
            doc = m.strategy_doc(self._tree(session, self._strategy_key(row)))
            return self._view(kind, row, doc)

    def edit_item(
        self, kind: Kind, ref: str, changes: dict[str, Any], *, expected_version: int, author: str
    ) -> ItemView:
        """Change fields of an item opened at ``expected_version``.

        Raises :class:`ConflictError` when somebody saved the item since, and
        :class:`ValidationError` when a change is not allowed or not valid.
        """
        bad = sorted(set(changes) - set(EDITABLE[kind]))
        if bad:
            raise ValidationError(
                f"cannot edit {', '.join(bad)} of {'an' if kind[0] in 'ao' else 'a'} {kind}; "
                f"editable fields: {', '.join(EDITABLE[kind])}"
            )
        try:
            with session_scope(self.url) as session:
                row = self._find(session, kind, ref)
                self._check_version(kind, row, expected_version)
                strategy_key = self._strategy_key(row)
                strategy = self._tree(session, strategy_key)
                data = m.strategy_doc(strategy).model_dump()
                self._locate(data, kind, row.key).update(changes)
                doc, problems = parse_doc(data)
                if doc is None:
                    p = problems[0]
                    raise ValidationError(f"{kind} '{row.key}': {p.path}: {p.message}")
                rec = ChangeRecorder(author=author, strategy_key=strategy_key)
                sync_strategy(session, strategy, doc, rec)
                rec.write(session)
                return self._view(kind, row, doc)
        except ConflictError:
            raise self._conflict(kind, ref, expected_version) from None

    def record_update(
        self,
        action: str,
        *,
        rag: str,
        note: str,
        author: str,
        percent: int | None = None,
        on: date | None = None,
        evidence: Iterable[str] = (),
        status: str | None = None,
        expected_version: int | None = None,
    ) -> UpdateRecord:
        """Record a progress update on an action (``STRATEGY/ACTION`` or ``ACTION``).

        A first update moves a not-started action to in progress; ``status`` sets the
        action's status explicitly (e.g. ``completed``).
        """
        try:
            update = UpdateDoc(
                date=on or date.today(),
                rag=rag,
                percent=percent,
                narrative=note,
                evidence=list(evidence),
                author=author,
            )
            if status is not None:
                TypeAdapter(ActionStatus).validate_python(status)
        except PydanticValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err["loc"]) or "status"
            where = {"narrative": "note", "percent": "percent"}.get(where, where)
            raise ValidationError(f"action update {where}: {err['msg']}") from None
        try:
            with session_scope(self.url) as session:
                row = self._find(session, "action", action)
                assert isinstance(row, Action)
                if expected_version is not None:
                    self._check_version("action", row, expected_version)
                strategy_key = row.strategy.key
                rec = ChangeRecorder(author=author, strategy_key=strategy_key)
                number = len(row.updates) + 1
                values = m.update_values(update, number - 1)
                new = ActionUpdate(**values, updated_by=author)
                row.updates.append(new)
                rec.created("action_update", new, f"{row.key}#{number}", values)
                target = status or ("in_progress" if row.status == "not_started" else row.status)
                apply_values(row, {"status": target}, rec, "action", row.key)
                # an update is a change to the action: bump its version so a concurrent
                # save made from the same stale version is refused, never both recorded
                row.updated_at = utcnow()
                row.updated_by = author
                rec.write(session)
                return UpdateRecord(strategy_key, row.key, number, update, row.status)
        except ConflictError:
            raise self._conflict("action", action, expected_version) from None

    def delete_strategy(self, key: str, *, author: str) -> int:
        """Delete a strategy and everything under it; return the number of changes logged."""
        with session_scope(self.url) as session:
            strategy = self._tree(session, key)
            rec = ChangeRecorder(author=author, strategy_key=key)
            delete_tree(session, strategy, rec)
            return rec.write(session)

    # -- helpers --------------------------------------------------------------------
    def _tree(self, session: Session, key: str) -> Strategy:
        strategy = strategy_tree(session, key)
        if strategy is None:
            raise NotFoundError(f"no strategy '{key}'; `placewell strategy list` shows them")
        return strategy

    def _find(
        self, session: Session, kind: str, ref: str
    ) -> Strategy | Outcome | Priority | Action:
        if kind == "strategy":
            found = strategy_by_key(session, ref)
            if found is None:
                raise NotFoundError(f"no strategy '{ref}'; `placewell strategy list` shows them")
            return found
        strategy_key, key = _split(ref)
        rows: list[Outcome | Priority | Action]
        if kind == "outcome":
            rows = [*find_by_key(session, Outcome, key, strategy_key)]
        elif kind == "priority":
            rows = [*find_by_key(session, Priority, key, strategy_key)]
        else:
            rows = [*find_by_key(session, Action, key, strategy_key)]
        if not rows:
            raise NotFoundError(
                f"no {kind} '{ref}'; `placewell strategy show STRATEGY` lists the ids"
            )
        if len(rows) > 1:
            owners = ", ".join(sorted(r.strategy.key for r in rows))
            raise ValidationError(
                f"{kind} id '{key}' is used in several strategies ({owners}); "
                f"write it as STRATEGY/{key}"
            )
        return rows[0]

    @staticmethod
    def _strategy_key(row: Strategy | Outcome | Priority | Action) -> str:
        return row.key if isinstance(row, Strategy) else row.strategy.key

    @staticmethod
    def _check_version(kind: str, row: Any, expected: int) -> None:
        if row.row_version != expected:
            raise ConflictError(
                f"{kind} '{row.key}' was changed by {row.updated_by or 'somebody'} at "
                f"{_when(row)} since you opened it (now version {row.row_version}, you opened "
                f"version {expected}); reload and reapply your change"
            )

    def _conflict(self, kind: str, ref: str, expected: int | None) -> ConflictError:
        with session_scope(self.url) as session:
            row = self._find(session, kind, ref)
            try:
                self._check_version(kind, row, expected if expected is not None else -1)
            except ConflictError as exc:
                return exc
        return ConflictError(f"{kind} '{ref}' was changed at the same time; reload and retry")

    @staticmethod
    def _locate(data: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
        if kind == "strategy":
            return data
        outcomes = data["outcomes"]
        priorities = [p for o in outcomes for p in o["priorities"]] + data["priorities"]
        pool = {"outcome": outcomes, "priority": priorities}.get(kind)
        if pool is None:
            pool = [a for p in priorities for a in p["actions"]]
        return next(item for item in pool if item["id"] == key)

    def _view(self, kind: str, row: Any, doc: StrategyDoc) -> ItemView:
        item = self._locate(doc.model_dump(), kind, row.key)
        fields = {name: item[name] for name in EDITABLE[kind]}
        return ItemView(
            kind=kind,
            key=row.key,
            strategy_key=self._strategy_key(row),
            version=row.row_version,
            updated_by=row.updated_by,
            updated_at=as_utc(row.updated_at),
            fields=fields,
        )
