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
from placewell.portal.areas import AreaDirectory
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
        if evidence is None and web.evidence:
            evidence = load_evidence(web.evidence)
        strategies = StrategyService(url, evidence=evidence)
        tracking = TrackingService(strategies, clock=clock or date.today)
        audit = AuditService(url)
        return cls(
            settings=settings,
            web=web,
            workspace=workspace,
            secret=web.secret_key or workspace_secret(Path(settings.home)),
            strategies=strategies,
            tracking=tracking,
            updates=UpdateService(tracking, audit),
            areas=AreaDirectory(workspace),
            auth=AuthService(url, audit=audit, session_hours=web.session_hours),
            audit=audit,
        )
