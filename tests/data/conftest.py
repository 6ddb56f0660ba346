from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from placewell.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "contract"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws").init()


@pytest.fixture
def copy_fixture(tmp_path: Path):
    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(FIXTURES / name, target)
        return target

    return _copy
