"""The server-rendered pages, one router per area.

Each module has ``router`` (an ``APIRouter`` with ``include_in_schema=False``) and
``NAV`` (its links in the service navigation). To add an area (indicators, places),
write ``pages/<area>.py`` and add it to :data:`AREAS`; the order here is the order of
the navigation.
"""

from __future__ import annotations

from types import ModuleType

from placewell.web.pages import account, actions, admin, indicators, localities, misc, strategy
from placewell.web.pages import reports as report_downloads

__all__ = ["AREAS"]

AREAS: list[ModuleType] = [strategy, actions, indicators, localities, misc, admin, account]
AREAS.insert(AREAS.index(misc), report_downloads)
