"""A workspace: the directory holding a partnership's warehouse and application state.

::

    placewell-data/            (PLACEWELL_HOME)
      workspace.json           marker: format version, created
      warehouse.duckdb         record-level data, geography, populations, results
      app.sqlite               application state (or PLACEWELL_DATABASE_URL)
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from placewell.config import Settings, load_settings
from placewell.data.warehouse import Warehouse
from placewell.errors import WorkspaceError

__all__ = ["FORMAT_VERSION", "Workspace"]

FORMAT_VERSION = 1
_MARKER = "workspace.json"


@dataclass(frozen=True)
class Workspace:
    """A workspace directory and the stores inside it."""

    home: Path

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Workspace:
        settings = settings or load_settings()
        return cls(Path(settings.home))

    @property
    def marker(self) -> Path:
        return self.home / _MARKER

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(self.warehouse_path)

    @property
    def exists(self) -> bool:
        return self.marker.is_file()

    def init(self, *, exist_ok: bool = True) -> Workspace:
        """Create the directory, marker and an empty warehouse (idempotent)."""
        if self.home.exists() and not self.home.is_dir():
            raise WorkspaceError(f"{self.home} exists and is not a directory")
        if self.exists and not exist_ok:
            raise WorkspaceError(f"a workspace already exists at {self.home}")
        self.home.mkdir(parents=True, exist_ok=True)
        if not self.exists:
            meta = {"format_version": FORMAT_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
            tmp = self.marker.with_suffix(".tmp")
            tmp.write_text(json.dumps(meta, indent=2) + "\n")
            tmp.replace(self.marker)
        self.warehouse.initialise()
        return self

    def require(self) -> Workspace:
        """Raise a helpful error unless the workspace has been initialised."""
        if not self.exists:
            raise WorkspaceError(
                f"no placewell workspace at {self.home.resolve()}; run `placewell init` "
                "(or `placewell demo-data` for the demo), or set PLACEWELL_HOME"
            )
        meta = json.loads(self.marker.read_text())
        if int(meta.get("format_version", 0)) > FORMAT_VERSION:
            raise WorkspaceError(
                f"the workspace at {self.home} was made by a newer placewell "
                f"(format {meta['format_version']}); upgrade placewell"
            )
        return self
