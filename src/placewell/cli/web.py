"""``placewell serve``: the web app and API on the workspace; the demo's admin sign-in."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from placewell.cli._context import State, get_state

if TYPE_CHECKING:
    from placewell.config import Settings

__all__ = ["DEMO_ADMIN", "demo_admin", "serve", "serve_state"]

out = Console()
DEMO_ADMIN = "admin"

HostOption = Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine).")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]


def serve_state(
    state: State,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    evidence: str | None = None,
    workers: int = 1,
) -> None:
    """Serve the web app on the workspace of ``state`` until interrupted."""
    import uvicorn

    from placewell.web import create_app
    from placewell.web.settings import load_web_settings

    settings = state.settings
    if settings.database_url is None:
        state.workspace.require()
    web = load_web_settings(evidence=evidence)
    out.print(
        f"Serving [bold]{escape(str(state.workspace.home.resolve()))}[/bold] on "
        f"[bold]http://{host}:{port}[/bold] (Ctrl+C stops)"
    )
    common = {"host": host, "port": port, "log_level": "info", "server_header": False}
    if workers > 1:
        os.environ["PLACEWELL_HOME"] = str(settings.home.resolve())
        if settings.database_url:
            os.environ["PLACEWELL_DATABASE_URL"] = settings.database_url
        if evidence:
            os.environ["PLACEWELL_EVIDENCE"] = evidence
        uvicorn.run("placewell.web.app:create_app", factory=True, workers=workers, **common)  # type: ignore[arg-type]
        return
    uvicorn.run(create_app(settings, web=web), **common)  # type: ignore[arg-type]


def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    evidence: Annotated[
        str | None,
        typer.Option(help="Indicator evidence for the statuses: a YAML file, or 'demo'."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the web app and the API on the workspace (PLACEWELL_HOME or --home)."""
    serve_state(get_state(ctx), host=host, port=port, evidence=evidence, workers=workers)


def demo_admin(settings: Settings) -> tuple[str, str]:
    """Create the demo's administrator (or give it a new password); return the sign-in."""
    from placewell.auth import AuthService, Principal
    from placewell.auth.passwords import new_password
    from placewell.errors import NotFoundError

    service = AuthService(settings.app_database_url)
    password = new_password()
    actor = Principal.cli("demo")
    try:
        service.get_user(DEMO_ADMIN)
    except NotFoundError:
        service.add_user(
            DEMO_ADMIN, "admin", password=password, display_name="Demo administrator", actor=actor
        )
    else:
        service.set_active(DEMO_ADMIN, True, actor=actor)
        service.set_password(DEMO_ADMIN, password, actor=actor)
    return DEMO_ADMIN, password
