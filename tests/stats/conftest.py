"""Reference cases for the statistics tests.

``../shared/reference/stat_cases.json`` (beside the checkout) holds 168 published
input -> expected-output cases. Tests that use it skip with a reason when it is
absent; literal worked examples in each test module still run in a fresh clone.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest

from tests.conftest import SHARED

STAT_CASES = SHARED / "reference" / "stat_cases.json"


@lru_cache(maxsize=1)
def _all_cases() -> list[dict[str, Any]]:
    if not STAT_CASES.exists():
        return []
    return json.loads(STAT_CASES.read_text())


def reference_cases(method: str) -> list[Any]:
    """pytest params for every reference case of ``method`` (one skip param if absent)."""
    if not STAT_CASES.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{STAT_CASES} not found"))]
    cases = [c for c in _all_cases() if c["method"] == method]
    return [pytest.param(c, id=c["id"]) for c in cases]
