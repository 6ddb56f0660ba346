"""Settings: environment variables, overrides, errors, and documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from placewell.config import Engine, Settings, load_settings
from placewell.errors import ConfigError, PlacewellError, StatisticsInputError, ValidationError


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HOME", "DATABASE_URL", "ENGINE", "LOG_LEVEL"):
        monkeypatch.delenv(f"PLACEWELL_{name}", raising=False)
    settings = load_settings()
    assert settings.home == Path("placewell-data") and settings.engine is Engine.DUCKDB
    assert settings.app_database_url.endswith("placewell-data/app.sqlite")
    monkeypatch.setenv("PLACEWELL_HOME", str(tmp_path))
    monkeypatch.setenv("PLACEWELL_ENGINE", "postgres")
    monkeypatch.setenv("PLACEWELL_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = load_settings()
    assert settings.home == tmp_path and settings.engine is Engine.POSTGRES
    assert settings.app_database_url == "postgresql+psycopg://u@h/db"
    assert load_settings(home=tmp_path / "x").home == tmp_path / "x"


def test_invalid_setting_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLACEWELL_ENGINE", "oracle")
    with pytest.raises(ConfigError, match="PLACEWELL_ENGINE"):
        load_settings()


def test_every_setting_is_documented() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "configuration.md").read_text()
    for name in Settings.model_fields:
        assert f"PLACEWELL_{name.upper()}" in docs, f"PLACEWELL_{name.upper()} is not documented"


def test_error_hierarchy() -> None:
    err = StatisticsInputError("group 3: negative count")
    assert isinstance(err, ValueError) and isinstance(err, PlacewellError)
    assert err.message == "group 3: negative count" and err.http_status == 422
    assert issubclass(ValidationError, ValueError)
    assert ConfigError("x").http_status == 500
