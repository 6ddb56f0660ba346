"""``/api/v1/strategies`` and ``/api/v1/outcomes``: strategies with their status and reasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from placewell.auth.roles import Capability, Principal
from placewell.portal.tracking import Audience
from placewell.web.api.v1.common import ERRORS, Limit, Offset, page_of
from placewell.web.api.v1.models import OutcomeDetail, OutcomeOut, Page, StrategyDetail, StrategyOut
from placewell.web.deps import allow, get_services
from placewell.web.services import Services

__all__ = ["router"]

router = APIRouter(responses=ERRORS)
Reader = Depends(allow(Capability.READ_PUBLIC))
Key = Annotated[str, Path(max_length=80, description="The id the strategy's author gave it.")]


@router.get(
    "/strategies", response_model=Page[StrategyOut], tags=["strategies"], summary="List strategies"
)
def list_strategies(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[StrategyOut]:
    """Strategies you may see (the public: published ones), with their roll-up status."""
    views = services.tracking.snapshot(Audience.of(who))
    return page_of(request, StrategyOut, views[offset : offset + limit], len(views), limit, offset)


@router.get(
    "/strategies/{key}", response_model=StrategyDetail, tags=["strategies"], summary="One strategy"
)
def get_strategy(
    key: Key, who: Principal = Reader, services: Services = Depends(get_services)
) -> StrategyDetail:
    """A strategy with its themes, outcomes and top-level priorities, each with its status."""
    return StrategyDetail.model_validate(services.tracking.strategy(key, Audience.of(who)))


@router.get(
    "/outcomes", response_model=Page[OutcomeOut], tags=["outcomes"], summary="List outcomes"
)
def list_outcomes(
    request: Request,
    strategy: Annotated[
        str | None, Query(max_length=80, description="Only the outcomes of this strategy.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[OutcomeOut]:
    """Outcomes you may see, with their roll-up status."""
    views = services.tracking.outcomes(Audience.of(who), strategy)
    return page_of(request, OutcomeOut, views[offset : offset + limit], len(views), limit, offset)


@router.get(
    "/outcomes/{strategy}/{key}",
    response_model=OutcomeDetail,
    tags=["outcomes"],
    summary="One outcome",
)
def get_outcome(
    strategy: Key,
    key: Annotated[str, Path(max_length=80)],
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> OutcomeDetail:
    """An outcome with its indicators and priorities (and their actions), each with status."""
    return OutcomeDetail.model_validate(services.tracking.outcome(strategy, key, Audience.of(who)))
