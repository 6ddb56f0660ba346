"""API v1, mounted at ``/api/v1``; its OpenAPI schema is at ``/openapi.json``.

Add an area's router to :data:`ROUTERS` (indicators, places ...); every router uses
:data:`placewell.web.api.v1.common.ERRORS` so its error responses are documented.
"""

from __future__ import annotations

from fastapi import APIRouter

from placewell.web.api.v1 import actions, areas, indicators, me, strategies

__all__ = ["ROUTERS", "router"]

ROUTERS: list[APIRouter] = [
    areas.router,
    strategies.router,
    actions.router,
    indicators.router,
    indicators.values_router,
    me.router,
]

router = APIRouter(prefix="/api/v1")
for _r in ROUTERS:
    router.include_router(_r)
