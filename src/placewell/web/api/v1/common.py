"""What every API v1 router shares: error responses, pagination, the one error shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel

from placewell.web.api.v1.models import Links, Page
from placewell.web.errors import ErrorResponse

__all__ = ["ERRORS", "Limit", "Offset", "page_of"]

M = TypeVar("M", bound=BaseModel)

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (401, "Not signed in, or the API token is not valid."),
        (403, "Signed in, but the role may not do this."),
        (404, "No such item (or not visible to you)."),
        (409, "A conflict: the workspace is not ready, or the item changed meanwhile."),
        (422, "The request is not valid."),
        (429, "Too many attempts."),
    )
}

Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return (1 to 500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many items to skip.")]


def _link(request: Request, offset: int) -> str:
    return str(request.url.include_query_params(offset=offset))


def page_of(
    request: Request, model: type[M], items: Sequence[Any], total: int, limit: int, offset: int
) -> Page[M]:
    """A page of ``model`` (made from the records ``items``) with its links."""
    links = Links(
        self=str(request.url),
        next=_link(request, offset + limit) if offset + limit < total else None,
        prev=_link(request, max(offset - limit, 0)) if offset > 0 else None,
    )
    return Page[model](  # type: ignore[valid-type]
        items=[model.model_validate(item) for item in items],
        total=total,
        limit=limit,
        offset=offset,
        links=links,
    )
