"""placewell: from a partnership's strategy to the evidence.

Outcomes, priorities and actions; indicators with exact public-health statistics by
place and by deprivation; reports; engagement; population health management.

``placewell.open_workspace(path)`` opens a workspace for notebooks and scripts.
"""

from __future__ import annotations

from typing import Any

__all__ = ["__version__", "open_workspace"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "open_workspace":  # imported on first use: keeps `import placewell` light
        from placewell.indicators.api import open_workspace

        return open_workspace
    raise AttributeError(f"module 'placewell' has no attribute {name!r}")
