"""``/api/v1/indicators`` and ``/api/v1/values``: the indicators and their published values.

Everyone may read them (they are aggregates). Disclosure control holds for every
caller: a suppressed value has ``value``, ``numerator``, ``denominator`` and limits
``null``, ``suppressed: true`` and the reason in ``suppression``; the number itself is
never sent. Staff also get ``records`` (the records behind each value).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from placewell.auth.roles import Capability, Principal
from placewell.errors import ValidationError
from placewell.geography.hierarchy import LEVELS
from placewell.indicators.definition import ALL_BREAKDOWNS
from placewell.portal.indicators import ValueQuery
from placewell.portal.tracking import Audience
from placewell.web.api.v1.common import ERRORS, Limit, Offset, page_of
from placewell.web.api.v1.models import Page
from placewell.web.deps import allow, get_services
from placewell.web.services import Services

__all__ = ["IndicatorDetailOut", "IndicatorOut", "ValueOut", "router", "values_router"]

router = APIRouter(prefix="/indicators", tags=["indicators"], responses=ERRORS)
values_router = APIRouter(prefix="/values", tags=["indicators"], responses=ERRORS)
Reader = Depends(allow(Capability.READ_PUBLIC))
BREAKDOWN_NAMES = ("all", *ALL_BREAKDOWNS)
Text = Annotated[str | None, Query(max_length=60)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IndicatorOut(_Out):
    """An indicator: what it measures, and whether it has been computed."""

    id: str
    title: str
    description: str
    pack: str
    measure: str
    unit: str | None
    period_type: str
    polarity: str
    outcomes: list[str] = Field(description="National Health and Wellbeing Outcomes.")
    has_results: bool
    latest_period: str | None


class IndicatorDetailOut(IndicatorOut):
    definition: dict[str, Any] = Field(
        description="The full definition, as written in its YAML (see docs/indicators.md)."
    )


class ValueOut(BaseModel):
    """One value: an indicator in an area, period and breakdown, with its judgements."""

    indicator: str
    area_code: str
    area_name: str | None
    area_level: str
    period: str
    period_type: str | None
    period_start: date | None
    period_end: date | None
    breakdown: str
    breakdown_value: str
    numerator: float | None = Field(description="Null when suppressed.")
    denominator: float | None = Field(description="Null when suppressed.")
    records: float | None = Field(default=None, description="Staff only; null when suppressed.")
    value: float | None = Field(description="Null when suppressed.")
    lower_95: float | None
    upper_95: float | None
    lower_99_8: float | None
    upper_99_8: float | None
    statistic: str | None
    method: str | None
    suppressed: bool
    suppression: str | None = Field(description="Why the value is suppressed ('' or null if not).")
    parent_code: str | None = None
    parent_value: float | None = None
    parent_significance: str | None = None
    country_code: str | None = None
    country_value: float | None = None
    country_significance: str | None = None
    partnership_code: str | None = None
    partnership_value: float | None = None
    partnership_significance: str | None = None
    health_board_code: str | None = None
    health_board_value: float | None = None
    health_board_significance: str | None = None
    trend: str | None = Field(default=None, description="Fingertips recent trend.")
    spc_point: str | None = Field(default=None, description="Making Data Count point type.")
    spc_rule: str | None = None
    spc_variation: str | None = None
    spc_assurance: str | None = None
    target_value: float | None = None
    target_met: bool | None = None
    baseline_period: str | None = None
    baseline_value: float | None = None
    change_from_baseline: float | None = None


@router.get("", response_model=Page[IndicatorOut], summary="List indicators")
def list_indicators(
    request: Request,
    pack: Annotated[
        str | None, Query(max_length=60, description="Only the indicators of this pack.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[IndicatorOut]:
    """Every indicator of every pack (core-suite, msg, local, and the workspace's own)."""
    items = [
        i for p in services.indicators.catalogue() if pack in (None, p.name) for i in p.indicators
    ]
    return page_of(request, IndicatorOut, items[offset : offset + limit], len(items), limit, offset)


@router.get("/{indicator}", response_model=IndicatorDetailOut, summary="One indicator")
def get_indicator(
    indicator: Annotated[str, Path(max_length=60)],
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> IndicatorDetailOut:
    """An indicator with its full definition and metadata (source, caveats, method)."""
    summary = services.indicators.summary(indicator)
    definition = services.indicators.definition(indicator)
    return IndicatorDetailOut(
        **summary.__dict__ | {"outcomes": list(summary.outcomes)},
        definition=definition.model_dump(mode="json", exclude_none=True),
    )


@values_router.get("", response_model=Page[ValueOut], summary="List values")
def list_values(
    request: Request,
    indicator: Text = None,
    area: Annotated[str | None, Query(max_length=40, description="An area code.")] = None,
    area_level: Annotated[
        str | None, Query(max_length=20, description=f"One of: {', '.join(LEVELS)}.")
    ] = None,
    period: Annotated[str | None, Query(max_length=20, description="e.g. 2023/24")] = None,
    breakdown: Annotated[
        str | None, Query(max_length=30, description=f"One of: {', '.join(BREAKDOWN_NAMES)}.")
    ] = None,
    breakdown_value: Annotated[
        str | None, Query(max_length=30, description="e.g. F, 65-74 or 1 (most deprived)")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = Reader,
    services: Services = Depends(get_services),
) -> Page[ValueOut]:
    """Computed values, disclosure-controlled, by indicator, area, period and breakdown."""
    if area_level is not None and area_level not in LEVELS:
        raise ValidationError(f"area_level must be one of {', '.join(LEVELS)}")
    if breakdown is not None and breakdown not in BREAKDOWN_NAMES:
        raise ValidationError(f"breakdown must be one of {', '.join(BREAKDOWN_NAMES)}")
    query = ValueQuery(indicator, area, area_level, period, breakdown, breakdown_value)
    rows, total = services.indicators.values(query, Audience.of(who), limit=limit, offset=offset)
    return page_of(request, ValueOut, rows, total, limit, offset)
