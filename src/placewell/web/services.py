"""The one service object the web app's routes use (like datasette's ``Datasette``).

Built once by :func:`placewell.web.create_app` and kept on ``app.state.services``;
routes receive it through :func:`placewell.web.deps.get_services` and call its
services, never the database. Other areas (indicators, places, reports) add their own
service as a field here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from placewell.auth.audit import AuditService
from placewell.auth.service import AuthService
from placewell.config import Settings
from placewell.indicators.evidence import workspace_evidence
from placewell.portal.areas import AreaDirectory
from placewell.portal.indicators import IndicatorService
from placewell.portal.places import PlaceService
from placewell.portal.tracking import TrackingService
from placewell.portal.updates import UpdateService
from placewell.strategy.evidence import EvidenceProvider, load_evidence
from placewell.strategy.service import StrategyService
from placewell.web.settings import WebSettings, workspace_secret
from placewell.workspace import Workspace

__all__ = ["Services"]


@dataclass
class Services:
    """Everything a route may need, over one workspace and one application database."""

    settings: Settings
    web: WebSettings
    workspace: Workspace
    secret: str
    strategies: StrategyService
    tracking: TrackingService
    updates: UpdateService
    areas: AreaDirectory
    auth: AuthService
    audit: AuditService
    indicators: IndicatorService
    places: PlaceService

    @classmethod
    def build(
        cls,
        settings: Settings,
        web: WebSettings,
        *,
        evidence: EvidenceProvider | None = None,
        clock: Callable[[], date] | None = None,
    ) -> Services:
        """Open the services (migrating the application database to the newest revision)."""
        url = settings.app_database_url
        workspace = Workspace(Path(settings.home))
        if evidence is None:  # computed results, else the configured evidence
            fallback = load_evidence(web.evidence) if web.evidence else None
            evidence = workspace_evidence(workspace, fallback)
        strategies = StrategyService(url, evidence=evidence)
        tracking = TrackingService(strategies, clock=clock or date.today)
        audit = AuditService(url)
        areas = AreaDirectory(workspace)
        secret = web.secret_key or workspace_secret(Path(settings.home))
        indicators = IndicatorService(workspace, areas, secret=secret)
        return cls(
            settings=settings,
            web=web,
            workspace=workspace,
            secret=secret,
            strategies=strategies,
            tracking=tracking,
            updates=UpdateService(tracking, audit),
            areas=areas,
            auth=AuthService(url, audit=audit, session_hours=web.session_hours),
            audit=audit,
            indicators=indicators,
            places=PlaceService(areas, indicators),
        )
