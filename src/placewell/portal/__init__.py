"""What people see of a partnership's performance: read models for the web app and API.

::

    tracking = TrackingService(StrategyService(url, evidence=provider))
    tracking.overview(Audience.PUBLIC)            # strategies by organisation, with status
    tracking.actions(ActionQuery(overdue=True), Audience.INTERNAL)
    UpdateService(tracking, audit).submit(editor, "cof", "COF-06", UpdateInput(...))

Records are plain frozen dataclasses (:mod:`.records`), built from the strategy
service and the status roll-up; nothing here knows about HTTP.
"""

from __future__ import annotations

from placewell.portal.areas import AreaDirectory
from placewell.portal.records import (
    ActionView,
    AreaDetail,
    AreaView,
    Assessment,
    IndicatorView,
    OrganisationGroup,
    OutcomeView,
    PriorityView,
    SearchHit,
    SearchResults,
    StrategyView,
    UpdateView,
)
from placewell.portal.search import search
from placewell.portal.tracking import (
    ACTION_STATUSES,
    RAGS,
    ActionFacets,
    ActionPage,
    ActionQuery,
    Audience,
    TrackingService,
)
from placewell.portal.updates import UpdateInput, UpdateService

__all__ = [
    "ACTION_STATUSES",
    "RAGS",
    "ActionFacets",
    "ActionPage",
    "ActionQuery",
    "ActionView",
    "AreaDetail",
    "AreaDirectory",
    "AreaView",
    "Assessment",
    "Audience",
    "IndicatorView",
    "OrganisationGroup",
    "OutcomeView",
    "PriorityView",
    "SearchHit",
    "SearchResults",
    "StrategyView",
    "TrackingService",
    "UpdateInput",
    "UpdateService",
    "UpdateView",
    "search",
]
