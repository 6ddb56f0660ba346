"""``/api/v1/me``: who the API sees you as."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from placewell.auth.roles import MATRIX, Principal
from placewell.web.api.v1.common import ERRORS
from placewell.web.api.v1.models import MeOut
from placewell.web.deps import get_principal

__all__ = ["router"]

router = APIRouter(tags=["me"], responses=ERRORS)


@router.get("/me", response_model=MeOut, summary="Who am I")
def me(who: Principal = Depends(get_principal)) -> MeOut:
    """Your user name, role, partnership and capabilities (the public: role ``public``)."""
    return MeOut(
        username=who.username,
        role=who.role.value,
        partnership=who.partnership,
        capabilities=sorted(c.value for c in MATRIX[who.role]),
    )
