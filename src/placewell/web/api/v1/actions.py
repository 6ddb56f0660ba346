"""``/api/v1/actions``: actions with filters, one action, and its progress updates."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request

from placewell.auth.roles import Capability, Principal
from placewell.portal.tracking import ActionQuery, Audience
from placewell.portal.updates import UpdateInput
from placewell.web.api.v1.common import ERRORS, Limit, Offset, page_of
from placewell.web.api.v1.models import ActionDetail, ActionOut, Page, UpdateOut
from placewell.web.deps import allow, client_ip, get_services
from placewell.web.services import Services

__all__ = ["router"]

router = APIRouter(prefix="/actions", tags=["actions"], responses=ERRORS)
Reader = Depends(allow(Capability.READ_PUBLIC))
Staff = Depends(allow(Capability.READ_INTERNAL))
Editor = Depends(allow(Capability.EDIT_STRATEGY))
Key = Annotated[str, Path(max_length=80)]
Status = Literal["not_started", "in_progress", "completed", "on_hold", "cancelled"]


@router.get("", response_model=Page[ActionOut], summary="List actions")
def list_actions(
    request: Request,
    strategy: Annotated[str | None, Query(max_length=80, description="Strategy id.")] = None,
    status: Annotated[Status | None, Query(description="Progress status.")] = None,
    rag: Annotated[
        Literal["red", "amber", "green", "none"] | None,
        Query(description="Latest RAG rating; 'none': no update yet."),
    ] = None,
    lead: Annotated[str | None, Query(max_length=300, description="Lead (exact).")] = None,
    locality: Annotated[str | None, Query(max_length=40, description="Locality code.")] = None,
    overdue: Annotated[bool | None, Query(description="Only overdue (or not overdue).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[ActionOut]:
    """Actions you may see, overdue first, then by due date."""
    query = ActionQuery(strategy, status, rag, lead, locality, overdue)
    page = services.tracking.actions(query, Audience.of(who), limit=limit, offset=offset)
    return page_of(request, ActionOut, page.items, page.total, limit, offset)


@router.get("/{strategy}/{key}", response_model=ActionDetail, summary="One action")
def get_action(
    strategy: Key, key: Key, who: Principal = Reader, services: Services = Depends(get_services)
) -> ActionDetail:
    """An action with its status and reasons; signed-in staff also see its updates."""
    view = services.tracking.action(strategy, key, Audience.of(who))
    detail = ActionDetail.model_validate(view)
    if who.can(Capability.READ_INTERNAL):
        detail.version = services.tracking.action_version(strategy, key)
    return detail


@router.get("/{strategy}/{key}/updates", response_model=Page[UpdateOut], summary="List updates")
def list_updates(
    request: Request,
    strategy: Key,
    key: Key,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Staff,
    services: Services = Depends(get_services),
) -> Page[UpdateOut]:
    """The action's progress updates, newest first (signed-in staff only)."""
    updates = services.tracking.action(strategy, key, Audience.INTERNAL).updates
    return page_of(
        request, UpdateOut, updates[offset : offset + limit], len(updates), limit, offset
    )


@router.post(
    "/{strategy}/{key}/updates",
    response_model=UpdateOut,
    status_code=201,
    summary="Record an update",
)
def post_update(
    request: Request,
    strategy: Key,
    key: Key,
    data: Annotated[UpdateInput, Body()],
    who: Principal = Editor,
    services: Services = Depends(get_services),
) -> UpdateOut:
    """Record a progress update (editors of the strategy's partnership, and admins).

    Send the action's ``version`` (from GET) as ``expected_version``: if somebody saved
    the action since, the answer is 409 and nothing is recorded.
    """
    update = services.updates.submit(who, strategy, key, data, ip=client_ip(request))
    return UpdateOut.model_validate(update)
