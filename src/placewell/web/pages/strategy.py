"""Pages of the strategies: the partnership overview, a strategy's tree, an outcome."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from placewell.auth.roles import Capability, Principal
from placewell.portal.records import ActionView
from placewell.portal.tracking import Audience
from placewell.web.charts import COLOURS, Chart, bar_chart
from placewell.web.deps import allow, get_services
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Overview", "/")]
Reader = Depends(allow(Capability.READ_PUBLIC))


def actions_by_rag(actions: list[ActionView], title: str) -> Chart | None:
    """A bar chart of how many actions have each latest RAG rating (None without actions)."""
    if not actions:
        return None
    labels = {"red": "Red", "amber": "Amber", "green": "Green", None: "No update yet"}
    counts = {label: 0 for label in labels.values()}
    for action in actions:
        counts[labels.get(action.rag, "No update yet")] += 1
    data = [{"label": label, "value": n} for label, n in counts.items()]
    said = ", ".join(f"{n} {label.lower()}" for label, n in counts.items() if n)
    colours = {
        "Red": COLOURS["red"],
        "Amber": COLOURS["amber"],
        "Green": COLOURS["green"],
        "No update yet": COLOURS["grey"],
    }
    return bar_chart(
        data,
        title=title,
        description=f"Latest RAG rating of {len(actions)} actions: {said}.",
        value_title="Actions",
        label_title="Latest RAG rating",
        colours=colours,
    )


@router.get("/", name="overview", response_class=HTMLResponse)
def overview(
    request: Request, who: Principal = Reader, services: Services = Depends(get_services)
) -> HTMLResponse:
    groups = services.tracking.overview(Audience.of(who))
    return render(
        request, "pages/overview.html", {"title": "Partnership overview", "groups": groups}
    )


@router.get("/strategies/{key}", name="strategy", response_class=HTMLResponse)
def strategy(
    request: Request,
    key: str,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    view = services.tracking.strategy(key, Audience.of(who))
    chart = actions_by_rag(view.all_actions(), "Actions by latest RAG rating")
    return render(
        request,
        "pages/strategy.html",
        {
            "title": view.title,
            "strategy": view,
            "chart": chart,
            "breadcrumbs": [("Overview", "/"), (view.title, None)],
        },
    )


@router.get("/strategies/{key}/outcomes/{outcome}", name="outcome", response_class=HTMLResponse)
def outcome(
    request: Request,
    key: str,
    outcome: str,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    view = services.tracking.outcome(key, outcome, Audience.of(who))
    return render(
        request,
        "pages/outcome.html",
        {
            "title": view.title,
            "outcome": view,
            "breadcrumbs": [
                ("Overview", "/"),
                (view.strategy_title, f"/strategies/{key}"),
                (view.title, None),
            ],
        },
    )
