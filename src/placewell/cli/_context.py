"""State shared by the CLI commands: settings and the workspace."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from placewell.config import Settings
from placewell.workspace import Workspace


@dataclass(frozen=True)
class State:
    settings: Settings
    workspace: Workspace


def get_state(ctx: typer.Context) -> State:
    """The root command's state (commands are always run under the root)."""
    root = ctx.find_root()
    state = root.obj
    if not isinstance(state, State):  # pragma: no cover - the root callback always sets it
        raise RuntimeError("placewell CLI state missing")
    return state
