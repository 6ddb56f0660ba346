"""Pages of the indicators: the list by pack, the definitions, an indicator, its downloads.

Every value shown is a stored aggregate that passed disclosure control; nothing here
reads person-level data, so nothing here is audited as such. The charts are rendered
on the server once per computation of the indicator and kept with the page's data.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from placewell.auth.roles import Capability, Principal
from placewell.charts import Chart
from placewell.portal.indicator_views import (
    BREAKDOWNS,
    IndicatorPage,
    RankingView,
    definition_rows,
)
from placewell.portal.tracking import Audience
from placewell.web.deps import allow, get_services
from placewell.web.pages import figures, trend_figures
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Indicators", "/indicators")]
Reader = Depends(allow(Capability.READ_PUBLIC))
IndicatorId = Annotated[str, Path(max_length=60)]
AreaCode = Annotated[str | None, Query(max_length=40)]


@dataclass(frozen=True)
class Figures:
    """The page's charts (None where there is nothing to draw)."""

    trend: Chart | None
    comparison: Chart | None
    breakdown: Chart | None
    quintiles: Chart | None
    rankings: tuple[tuple[RankingView, Chart | None, Chart | None], ...]


def _figures(page: IndicatorPage) -> Figures:
    reference = page.comparison[-1].value if page.comparison else None
    if page.area.level == "country" and page.latest is not None:
        reference = page.latest.value
    return Figures(
        trend=trend_figures.trend_chart(page),
        comparison=figures.comparison_chart(page),
        breakdown=figures.breakdown_chart(page),
        quintiles=(figures.quintile_chart(page.deprivation, page) if page.deprivation else None),
        rankings=tuple(
            (
                r,
                # data zones are many: their table and funnel plot say it all
                None
                if r.level == "datazone"
                else figures.ranking_chart(r, page.definition, reference),
                trend_figures.funnel_chart(r, page.definition),
            )
            for r in page.rankings
        ),
    )


@router.get("/indicators", name="indicators", response_class=HTMLResponse)
def indicator_list(
    request: Request, who: Principal = Reader, services: Services = Depends(get_services)
) -> HTMLResponse:
    packs = services.indicators.catalogue()
    return render(
        request,
        "pages/indicators.html",
        {"title": "Indicators", "packs": packs, "breadcrumbs": []},
    )


@router.get("/indicators/definitions", name="indicator_definitions", response_class=HTMLResponse)
def indicator_definitions(
    request: Request, who: Principal = Reader, services: Services = Depends(get_services)
) -> HTMLResponse:
    definitions = services.indicators.definitions()
    packs = [
        (pack, [definitions[i.id][1] for i in pack.indicators])
        for pack in services.indicators.catalogue()
    ]
    return render(
        request,
        "pages/indicator_definitions.html",
        {
            "title": "Indicator definitions",
            "packs": packs,
            "definition_rows": definition_rows,
            "breadcrumbs": [("Indicators", "/indicators"), ("Definitions", None)],
        },
    )


@router.get("/indicators/{indicator}", name="indicator", response_class=HTMLResponse)
def indicator_page(
    request: Request,
    indicator: IndicatorId,
    area: AreaCode = None,
    breakdown: Annotated[str, Query(max_length=40)] = "all",
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    key = ("html", indicator.strip().upper(), area or None, breakdown)
    return public_page(
        request, who, services, indicator.strip().upper(), key,
        lambda: _indicator_html(request, services, indicator, area or None, breakdown),
    )  # fmt: skip


def public_page(
    request: Request,
    who: Principal,
    services: Services,
    indicator: str | None,
    key: tuple[object, ...],
    make: Callable[[], HTMLResponse],
) -> HTMLResponse:
    """The page as everyone not signed in sees it, built once per run of the results.

    The public's pages carry nothing personal (no CSRF token, no name), so the HTML is
    kept with the page's data, also gzipped for browsers that accept it; signed-in
    users get theirs rendered each time.
    """
    if who.authenticated:
        return make()
    known = indicator is None or indicator in services.indicators.store.runs()
    if not known:
        return make()

    def build() -> tuple[bytes, bytes]:
        body = bytes(make().body)
        return body, gzip.compress(body, compresslevel=6, mtime=0)

    full = ("page+gzip", *key, services.web.site_name, request.url.path)
    plain, packed = services.indicators.store.cached(indicator, full, build, persist=True)
    vary = {"Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return HTMLResponse(packed, headers={**vary, "Content-Encoding": "gzip"})
    return HTMLResponse(plain, headers=vary)


def _indicator_html(
    request: Request, services: Services, indicator: str, area: str | None, breakdown: str
) -> HTMLResponse:
    service = services.indicators
    page = service.page(indicator, area, breakdown)
    charts = (
        service.store.cached(
            page.definition.id,
            ("figures", area, breakdown),
            lambda: _figures(page),
            persist=True,
        )
        if page.latest is not None
        else None
    )
    title = page.definition.title + (f" in {page.area.name}" if page.area.code else "")
    return render(
        request,
        "pages/indicator.html",
        {
            "title": title,
            "page": page,
            "charts": charts,
            "breakdown_names": BREAKDOWNS,
            "definition_rows": definition_rows,
            "breadcrumbs": [("Indicators", "/indicators"), (page.definition.id, None)],
        },
    )


def _download(
    services: Services, who: Principal, indicator: str, area: str | None, fmt: str
) -> Response:
    content, media, name = services.indicators.export(indicator, Audience.of(who), fmt, area)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/indicators/{indicator}/results.csv", name="indicator_csv")
def indicator_csv(
    indicator: IndicatorId,
    area: AreaCode = None,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Response:
    return _download(services, who, indicator, area or None, "csv")


@router.get("/indicators/{indicator}/results.xlsx", name="indicator_xlsx")
def indicator_xlsx(
    indicator: IndicatorId,
    area: AreaCode = None,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Response:
    return _download(services, who, indicator, area or None, "xlsx")
