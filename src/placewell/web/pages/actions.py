"""Pages of the actions: the filtered list, one action, and the progress update form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError as PydanticValidationError

from placewell.auth.roles import Capability, Principal
from placewell.errors import ConflictError
from placewell.portal.tracking import ACTION_STATUSES, ActionFacets, ActionQuery, Audience
from placewell.portal.updates import UpdateInput
from placewell.web.deps import allow, client_ip, get_services
from placewell.web.forms import FieldError, field_errors, lines, optional_int
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Actions", "/actions")]
Reader = Depends(allow(Capability.READ_PUBLIC))
Editor = Depends(allow(Capability.EDIT_STRATEGY))
PAGE = 25

FORM_FIELDS = ("rag", "percent", "narrative", "evidence", "status")
MESSAGES = {
    "rag": {"*": "Select a RAG rating"},
    "percent": {
        "int_parsing": "Percentage complete must be a whole number, like 40",
        "int_type": "Percentage complete must be a whole number, like 40",
        "greater_than_equal": "Percentage complete must be 0 or more",
        "less_than_equal": "Percentage complete must be 100 or less",
    },
    "narrative": {
        "missing": "Enter what happened since the last update",
        "string_too_short": "Enter what happened since the last update",
        "string_too_long": "The update must be 5,000 characters or fewer",
    },
    "evidence": {"too_long": "Give at most 10 evidence links"},
    "status": {"*": "Select the status of the action"},
}


FILTERS = (
    ("strategy", "Strategy"),
    ("status", "Progress"),
    ("rag", "Latest RAG rating"),
    ("lead", "Lead"),
    ("locality", "Locality"),
    ("overdue", "Overdue"),
)


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _filter_options(
    facets: ActionFacets, names: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter; the first ("") means any."""
    return {
        "strategy": [("", "Any strategy"), *facets.strategies],
        "status": [("", "Any progress"), *((s, _words(s)) for s in ACTION_STATUSES)],
        "rag": [
            ("", "Any rating"),
            ("red", "Red"),
            ("amber", "Amber"),
            ("green", "Green"),
            ("none", "No update yet"),
        ],
        "lead": [("", "Any lead"), *((lead, lead) for lead in facets.leads)],
        "locality": [("", "Any locality"), *((c, names.get(c, c)) for c in facets.localities)],
        "overdue": [("", "Overdue or not"), ("yes", "Overdue only"), ("no", "Not overdue")],
    }


def _choice(value: str | None) -> str | None:
    return value or None


@router.get("/actions", name="actions", response_class=HTMLResponse)
def action_list(
    request: Request,
    strategy: str | None = None,
    status: str | None = None,
    rag: str | None = None,
    lead: str | None = None,
    locality: str | None = None,
    overdue: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    query = ActionQuery(
        strategy=_choice(strategy),
        status=_choice(status),
        rag=_choice(rag),
        lead=_choice(lead),
        locality=_choice(locality),
        overdue={"yes": True, "no": False}.get(overdue or ""),
    )
    page = services.tracking.actions(query, Audience.of(who), limit=PAGE, offset=offset)
    params = {
        "strategy": strategy,
        "status": status,
        "rag": rag,
        "lead": lead,
        "locality": locality,
        "overdue": overdue,
    }
    return render(
        request,
        "pages/actions.html",
        {
            "title": "Actions",
            "page": page,
            "params": params,
            "options": _filter_options(page.facets, services.areas.names()),
            "filter_labels": FILTERS,
            "filtered": any(params.values()),
        },
    )


@router.get("/strategies/{key}/actions/{action}", name="action", response_class=HTMLResponse)
def action_page(
    request: Request,
    key: str,
    action: str,
    recorded: int | None = None,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    view = services.tracking.action(key, action, Audience.of(who))
    return render(
        request,
        "pages/action.html",
        {
            "title": view.title,
            "action": view,
            "recorded": recorded,
            "may_edit": who.may_edit(view.organisation_code),
            "area_names": services.areas.names(),
            "breadcrumbs": [
                ("Overview", "/"),
                (view.strategy_title, f"/strategies/{key}"),
                ("Actions", f"/actions?strategy={key}"),
                (view.key, None),
            ],
        },
    )


def _form_page(
    request: Request,
    services: Services,
    key: str,
    action: str,
    values: dict[str, Any],
    *,
    errors: list[FieldError] | None = None,
    conflict: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = services.tracking.action(key, action, Audience.INTERNAL)
    return render(
        request,
        "pages/update_form.html",
        {
            "title": f"Record an update on {view.key}",
            "action": view,
            "values": values,
            "errors": errors or [],
            "conflict": conflict,
            "status_options": [(st, _words(st)) for st in ACTION_STATUSES],
            "breadcrumbs": [
                ("Overview", "/"),
                (view.strategy_title, f"/strategies/{key}"),
                (view.key, f"/strategies/{key}/actions/{action}"),
                ("Record an update", None),
            ],
        },
        status_code=status_code,
    )


@router.get("/strategies/{key}/actions/{action}/update", name="update_form")
def update_form(
    request: Request,
    key: str,
    action: str,
    who: Principal = Editor,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    services.updates.check_may_edit(who, key)
    view = services.tracking.action(key, action, Audience.INTERNAL)
    values = {
        "rag": "",
        "percent": view.percent if view.percent is not None else "",
        "narrative": "",
        "evidence": "",
        "status": "",
        "version": services.tracking.action_version(key, action),
    }
    return _form_page(request, services, key, action, values)


@router.post("/strategies/{key}/actions/{action}/update", name="update_submit")
def update_submit(
    request: Request,
    key: str,
    action: str,
    rag: Annotated[str, Form()] = "",
    percent: Annotated[str, Form()] = "",
    narrative: Annotated[str, Form()] = "",
    evidence: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
    who: Principal = Editor,
    services: Services = Depends(get_services),
) -> Response:
    services.updates.check_may_edit(who, key)
    values: dict[str, Any] = {
        "rag": rag,
        "percent": percent,
        "narrative": narrative,
        "evidence": evidence,
        "status": status,
        "version": version,
    }
    try:
        data = UpdateInput.model_validate(
            {
                "rag": rag or None,
                "percent": optional_int(percent),
                "narrative": narrative,
                "evidence": lines(evidence),
                "status": status or None,
                "expected_version": optional_int(version),
            }
        )
    except PydanticValidationError as exc:
        errors = field_errors(exc, FORM_FIELDS, MESSAGES)
        return _form_page(request, services, key, action, values, errors=errors, status_code=422)
    try:
        update = services.updates.submit(who, key, action, data, ip=client_ip(request))
    except ConflictError as exc:
        values["version"] = services.tracking.action_version(key, action)
        return _form_page(
            request, services, key, action, values, conflict=exc.message, status_code=409
        )
    return RedirectResponse(
        f"/strategies/{key}/actions/{action}?recorded={update.number}", status_code=303
    )
