"""Report downloads: the Annual Performance Report, locality profiles and progress reports.

``GET /reports`` offers the choices; ``GET /reports/apr?partnership=..&year=..&format=html|pdf``,
``GET /reports/locality?area=..&year=..&format=..`` (both public: every figure is
disclosure-controlled) and ``GET /reports/progress?strategy=..&since=..&format=..``
(internal roles only) answer with the file as a download.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from placewell.auth.roles import Capability, Principal
from placewell.errors import ValidationError
from placewell.reports import ReportService
from placewell.reports.document import Report
from placewell.web.deps import allow, get_services
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Reports", "/reports")]
Public = Depends(allow(Capability.READ_PUBLIC))
Internal = Depends(allow(Capability.READ_INTERNAL))
# a downloaded report may be opened from the site: its inline styles only, nothing else
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _service(services: Services) -> ReportService:
    return ReportService(
        services.workspace, strategies=services.strategies, clock=services.tracking.clock
    )


def _download(service: ReportService, report: Report, fmt: str) -> Response:
    data = service.render(report, fmt)
    name = service.filename(report, fmt)
    return Response(
        data,
        media_type=service.media_type(fmt),
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Security-Policy": REPORT_CSP,
        },
    )


@router.get("/reports", name="reports", response_class=HTMLResponse)
def reports_page(
    request: Request, who: Principal = Public, services: Services = Depends(get_services)
) -> HTMLResponse:
    service = _service(services)
    hierarchy = services.areas.hierarchy() if services.areas.available() else None
    partnerships = hierarchy.areas("partnership") if hierarchy else []
    localities = hierarchy.areas("locality") if hierarchy else []
    names = {a.code: a.name for a in partnerships}
    strategies = services.strategies.list_strategies() if who.can(Capability.READ_INTERNAL) else []
    return render(
        request,
        "pages/reports.html",
        {
            "title": "Reports",
            "years": [(y, y) for y in service.years()] if hierarchy else [],
            "partnerships": [(a.code, a.name) for a in partnerships],
            "localities": [
                (a.code, f"{a.name} ({names.get(a.parent_code or '', a.parent_code)})")
                for a in localities
            ],
            "strategies": [(s.key, f"{s.title} ({s.organisation})") for s in strategies],
            "since": "",
        },
    )


@router.get("/reports/apr", name="report_apr")
def apr(
    partnership: str = Query(..., max_length=100),
    year: str = Query(..., max_length=20),
    format: str = Query("html", max_length=10),
    who: Principal = Public,
    services: Services = Depends(get_services),
) -> Response:
    service = _service(services)
    return _download(service, service.apr(partnership, year), format)


@router.get("/reports/locality", name="report_locality")
def locality(
    area: str = Query(..., max_length=100),
    year: str = Query(..., max_length=20),
    format: str = Query("html", max_length=10),
    who: Principal = Public,
    services: Services = Depends(get_services),
) -> Response:
    service = _service(services)
    return _download(service, service.locality_profile(area, year), format)


@router.get("/reports/progress", name="report_progress")
def progress(
    strategy: str = Query(..., max_length=100),
    since: str = Query("", max_length=10),
    format: str = Query("html", max_length=10),
    who: Principal = Internal,
    services: Services = Depends(get_services),
) -> Response:
    start = None
    if since.strip():
        try:
            start = date.fromisoformat(since.strip())
        except ValueError:
            raise ValidationError(
                f"since {since!r} is not a date; write it like 2026-08-01"
            ) from None
    service = _service(services)
    report = service.progress(strategy, since=start, evidence=services.strategies.evidence)
    return _download(service, report, format)
