"""placewell: from a partnership's strategy to the evidence.

Outcomes, priorities and actions; indicators with exact public-health statistics by
place and by deprivation; reports; engagement; population health management.
"""

from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
