"""Search, about, the accessibility statement, the API reference page and a health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse

from placewell.auth.roles import Capability, Principal
from placewell.portal.search import search as run_search
from placewell.portal.tracking import Audience
from placewell.web.deps import allow, get_principal, get_services
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Search", "/search")]


@router.get("/search", name="search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    who: Principal = Depends(allow(Capability.READ_PUBLIC)),
    services: Services = Depends(get_services),
) -> HTMLResponse:
    text = q.strip()[:200]
    results = None
    if text:
        results = run_search(text, services.tracking.snapshot(Audience.of(who)), services.areas)
    return render(
        request,
        "pages/search.html",
        {
            "title": f"Search results for ‘{text}’" if text else "Search",
            "q": text,
            "results": results,
        },
    )


@router.get("/about", name="about", response_class=HTMLResponse)
def about(request: Request, who: Principal = Depends(get_principal)) -> HTMLResponse:
    return render(request, "pages/about.html", {"title": "About this service"})


@router.get("/accessibility", name="accessibility", response_class=HTMLResponse)
def accessibility(request: Request, who: Principal = Depends(get_principal)) -> HTMLResponse:
    return render(request, "pages/accessibility.html", {"title": "Accessibility statement"})


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": (op.get("description") or "").split("\n\n")[0],
                    "params": params,
                }
            )
    return ops


@router.get("/api", name="api_reference", response_class=HTMLResponse)
def api_reference(request: Request, who: Principal = Depends(get_principal)) -> HTMLResponse:
    operations = _operations(request.app.openapi())
    return render(request, "pages/api.html", {"title": "API reference", "operations": operations})


@router.get("/healthz", name="health")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})
