"""Shared test configuration: paths to the reference material beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PLACEWELL_SHARED_DIR", REPO_ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference folder beside the checkout (skip when absent)."""
    if not SHARED.is_dir():
        pytest.skip(f"reference folder {SHARED} not present beside the checkout")
    return SHARED
