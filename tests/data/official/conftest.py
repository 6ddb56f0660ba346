"""Fixtures for the official-data loader tests: small files in the published layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "official"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of small published-layout files (a dozen rows each)."""
    return FIXTURES


@pytest.fixture(scope="session")
def sg_simd_file(shared_dir: Path) -> Path:
    """The real Scottish Government SIMD 2020v2 file beside the checkout (skip when absent)."""
    path = shared_dir / "reference" / "simd2020v2_datazones.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
