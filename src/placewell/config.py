"""Typed settings, read from ``PLACEWELL_*`` environment variables.

| setting | variable | default |
| --- | --- | --- |
| ``home`` | ``PLACEWELL_HOME`` | ``./placewell-data`` |
| ``database_url`` | ``PLACEWELL_DATABASE_URL`` | ``sqlite:///<home>/app.sqlite`` |
| ``engine`` | ``PLACEWELL_ENGINE`` | ``duckdb`` (or ``postgres``, ``spark``) |
| ``engine_url`` | ``PLACEWELL_ENGINE_URL`` | unset (PostgreSQL engine connection) |
| ``log_level`` | ``PLACEWELL_LOG_LEVEL`` | ``WARNING`` |

``docs/configuration.md`` lists the same; a test fails if a setting is undocumented.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from placewell.errors import ConfigError

__all__ = ["Engine", "Settings", "load_settings"]


class Engine(StrEnum):
    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SPARK = "spark"


class Settings(BaseSettings):
    """placewell's settings; every field can be set with ``PLACEWELL_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PLACEWELL_", extra="ignore")

    home: Path = Field(
        default=Path("placewell-data"),
        description="Workspace directory holding warehouse.duckdb and app.sqlite.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the application database; SQLite in the workspace if unset.",
    )
    engine: Engine = Field(
        default=Engine.DUCKDB,
        description="Analytics engine for indicator computation: duckdb, postgres or spark.",
    )
    engine_url: str | None = Field(
        default=None,
        description="Connection URL of the analytics engine when it is not DuckDB (e.g. PostgreSQL).",
    )
    log_level: str = Field(default="WARNING", description="Logging level: DEBUG, INFO, WARNING.")

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def app_database_url(self) -> str:
        """The application database URL (SQLite file in the workspace by default)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'app.sqlite').resolve()}"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (CLI options) on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"setting {field!r} (PLACEWELL_{field.upper()}) is invalid: {first['msg']}"
        ) from None
