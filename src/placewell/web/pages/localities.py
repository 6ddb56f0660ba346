"""Pages of places: the index of partnerships and localities, and an area's profile.

A profile shows every computed indicator of the area against its partnership and the
country (a spine chart and a table), its population by age and sex and its mix of
SIMD quintiles. All of it is aggregate, disclosure-controlled or open data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from placewell.auth.roles import Capability, Principal
from placewell.charts import Chart
from placewell.portal.indicator_views import LEVEL_NAMES
from placewell.portal.places import PlaceProfile
from placewell.web.deps import allow, get_services
from placewell.web.pages import place_figures
from placewell.web.pages.indicators import public_page
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Places", "/places")]
Reader = Depends(allow(Capability.READ_PUBLIC))


@dataclass(frozen=True)
class ProfileFigures:
    spine: Chart | None
    pyramid: Chart | None
    deprivation: Chart | None


def _figures(profile: PlaceProfile) -> ProfileFigures:
    return ProfileFigures(
        spine=place_figures.spine_chart(profile),
        pyramid=place_figures.pyramid_chart(profile),
        deprivation=place_figures.deprivation_chart(profile),
    )


@router.get("/places", name="places", response_class=HTMLResponse)
def places(
    request: Request, who: Principal = Reader, services: Services = Depends(get_services)
) -> HTMLResponse:
    top, groups = services.places.index()
    return render(request, "pages/places.html", {"title": "Places", "top": top, "groups": groups})


@router.get("/places/{code}", name="place", response_class=HTMLResponse)
def place(
    request: Request,
    code: Annotated[str, Path(max_length=40)],
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    return public_page(
        request,
        who,
        services,
        None,
        ("place-html", code),
        lambda: _place_html(request, services, code),
    )


def _place_html(request: Request, services: Services, code: str) -> HTMLResponse:
    profile = services.places.profile(code)
    charts = services.indicators.store.cached(
        None, ("profile-figures", code), lambda: _figures(profile), persist=True
    )
    crumbs = [("Places", "/places")]
    crumbs += [(a.name, f"/places/{a.code}") for a in reversed(profile.ancestors)]
    return render(
        request,
        "pages/place.html",
        {
            "title": f"{profile.area.name}: place profile",
            "profile": profile,
            "charts": charts,
            "level_names": LEVEL_NAMES,
            "breadcrumbs": [*crumbs, (profile.area.name, None)],
        },
    )
