"""Recording a progress update on an action, for a signed-in editor (web form and API).

The input is checked field by field (:class:`UpdateInput`), the editor's right to edit
the strategy is checked (role and partnership), the update is recorded by the strategy
service with the version the editor opened (optimistic locking: a
:class:`~placewell.errors.ConflictError` if somebody saved since), and the change is
written to the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from placewell.auth.audit import AuditService
from placewell.auth.roles import Capability, Principal
from placewell.errors import ConflictError, PermissionDeniedError
from placewell.portal.records import ActionView, UpdateView
from placewell.portal.tracking import Audience, TrackingService

__all__ = ["UpdateInput", "UpdateService"]


def _link(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"'{value[:80]}' is not a web address; start it with https://")
    return value


Link = Annotated[str, Field(max_length=500), AfterValidator(_link)]


class UpdateInput(BaseModel):
    """A progress update as an editor submits it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rag: Literal["red", "amber", "green"] = Field(description="RAG rating: red, amber or green.")
    percent: int | None = Field(
        default=None, ge=0, le=100, description="Percentage complete, 0 to 100."
    )
    narrative: str = Field(
        min_length=1, max_length=5000, description="What happened since the last update."
    )
    evidence: list[Link] = Field(
        default_factory=list, max_length=10, description="Links to evidence (web addresses)."
    )
    status: Literal["not_started", "in_progress", "completed", "on_hold", "cancelled"] | None = (
        Field(default=None, description="New status of the action; unchanged when omitted.")
    )
    expected_version: int | None = Field(
        default=None,
        ge=1,
        description="The action's version when the editor opened it; a newer one is a conflict.",
    )

    @field_validator("narrative")
    @classmethod
    def _words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say what happened since the last update")
        return value


def _conflict(view: ActionView, opened: int, current: int) -> str:
    latest = view.updates[0] if view.updates else None
    who = ""
    if latest is not None:
        who = f" (latest: update {latest.number} of {latest.date:%-d %B %Y}"
        who += f" by {latest.author})" if latest.author else ")"
    return (
        f"action {view.key} was changed since you opened it{who}; you opened version "
        f"{opened}, it is now version {current}. Reload it, check the latest update and "
        "save yours again if it still applies"
    )


class UpdateService:
    """Progress updates by signed-in editors, checked, recorded and audited."""

    def __init__(self, tracking: TrackingService, audit: AuditService) -> None:
        self.tracking = tracking
        self.audit = audit

    def check_may_edit(self, actor: Principal, strategy: str) -> None:
        """PermissionDeniedError unless ``actor`` may edit ``strategy``."""
        if not actor.can(Capability.EDIT_STRATEGY):
            raise PermissionDeniedError(
                f"your role ({actor.role.value}) may not record updates; ask an administrator"
            )
        view = self.tracking.strategy(strategy, Audience.of(actor))
        if not actor.may_edit(view.organisation_code):
            raise PermissionDeniedError(
                f"you edit the strategies of {actor.partnership} only; '{view.title}' belongs "
                f"to {view.organisation}"
            )

    def submit(
        self,
        actor: Principal,
        strategy: str,
        action: str,
        data: UpdateInput,
        *,
        ip: str | None = None,
        on: date | None = None,
    ) -> UpdateView:
        """Record ``data`` on the action, as ``actor``; return the new update."""
        self.check_may_edit(actor, strategy)
        view = self.tracking.action(strategy, action, Audience.INTERNAL)  # NotFoundError first
        if data.expected_version is not None:
            current = self.tracking.action_version(strategy, action)
            if current != data.expected_version:
                raise ConflictError(_conflict(view, data.expected_version, current))
        record = self.tracking.strategies.record_update(
            f"{strategy}/{action}",
            rag=data.rag,
            note=data.narrative,
            author=actor.display_name or actor.name,
            percent=data.percent,
            on=on or self.tracking.clock(),
            evidence=data.evidence,
            status=data.status,
            expected_version=data.expected_version,
        )
        self.audit.record(
            actor,
            "update.create",
            "action",
            {
                "number": record.number,
                "rag": data.rag,
                "percent": data.percent,
                "status": record.action_status,
                "evidence": len(data.evidence),
            },
            key=f"{strategy}/{action}",
            ip=ip,
        )
        u = record.update
        return UpdateView(
            record.number, u.date, u.rag, u.percent, u.narrative, tuple(u.evidence), u.author
        )
