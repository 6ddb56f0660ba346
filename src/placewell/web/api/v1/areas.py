"""``/api/v1/areas``: the area hierarchy (public: geography is open data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from placewell.auth.roles import Capability, Principal
from placewell.geography.hierarchy import LEVELS
from placewell.web.api.v1.common import ERRORS, Limit, Offset, page_of
from placewell.web.api.v1.models import AreaDetailOut, AreaOut, Page
from placewell.web.deps import allow, get_services
from placewell.web.services import Services

__all__ = ["router"]

router = APIRouter(prefix="/areas", tags=["areas"], responses=ERRORS)
Reader = Depends(allow(Capability.READ_PUBLIC))
Level = Annotated[
    str | None,
    Query(description=f"Only areas at this level: {', '.join(LEVELS)}.", pattern="^[a-z_]+$"),
]


@router.get("", response_model=Page[AreaOut], summary="List areas")
def list_areas(
    request: Request,
    level: Level = None,
    parent: Annotated[
        str | None, Query(max_length=40, description="Only areas inside this area (its code).")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[AreaOut]:
    """Areas, by name: at a level (datazone ... country) and/or inside a parent area."""
    items, total = services.areas.list_areas(level, parent, limit=limit, offset=offset)
    return page_of(request, AreaOut, items, total, limit, offset)


@router.get("/{code}", response_model=AreaDetailOut, summary="One area")
def get_area(
    code: Annotated[str, Path(max_length=40)],
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> AreaDetailOut:
    """An area with its parents (nearest first), its children and its number of data zones."""
    return AreaDetailOut.model_validate(services.areas.get(code))
