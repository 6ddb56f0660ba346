"""Administration pages: the audit log (with filters) and the list of users."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from placewell.auth.audit import AuditFilter
from placewell.auth.roles import Capability, Principal
from placewell.web.deps import allow, get_services
from placewell.web.forms import FieldError
from placewell.web.services import Services
from placewell.web.templating import NavItem, render

__all__ = ["NAV", "router"]

router = APIRouter(include_in_schema=False)
NAV = [NavItem("Admin", "/admin", Capability.ADMINISTER)]
Admin = Depends(allow(Capability.ADMINISTER))
PAGE = 50
ENTITIES = ("action", "user", "strategy", "indicator", "cohort")


def _day(text: str | None, name: str, errors: list[FieldError]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors.append(FieldError(name, "Enter a date like 2026-03-31"))
        return None


def _start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, UTC) if day else None


@router.get("/admin", name="admin")
def admin_home(who: Principal = Admin) -> RedirectResponse:
    return RedirectResponse("/admin/audit", status_code=303)


@router.get("/admin/audit", name="audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    username: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    who: Principal = Admin,
    services: Services = Depends(get_services),
) -> HTMLResponse:
    errors: list[FieldError] = []
    first = _day(since, "since", errors)
    last = _day(until, "until", errors)
    where = AuditFilter(
        username=(username or "").strip().lower() or None,
        action=action or None,
        entity=entity or None,
        since=_start(first),
        until=_start(last + timedelta(days=1)) if last else None,
    )
    page = services.audit.search(where, limit=PAGE, offset=offset)
    params = {
        "username": username,
        "action": action,
        "entity": entity,
        "since": since,
        "until": until,
    }
    return render(
        request,
        "admin/audit.html",
        {
            "title": "Audit log",
            "page": page,
            "params": params,
            "action_options": [("", "Any action"), *((a, a) for a in services.audit.actions())],
            "entity_options": [("", "Any item"), *((e, e.capitalize()) for e in ENTITIES)],
            "errors": errors,
            "breadcrumbs": [("Overview", "/"), ("Admin", None)],
        },
        status_code=422 if errors else 200,
    )


@router.get("/admin/users", name="users", response_class=HTMLResponse)
def user_list(
    request: Request, who: Principal = Admin, services: Services = Depends(get_services)
) -> HTMLResponse:
    return render(
        request,
        "admin/users.html",
        {
            "title": "Users",
            "users": services.auth.list_users(),
            "breadcrumbs": [("Overview", "/"), ("Admin", "/admin/audit"), ("Users", None)],
        },
    )
