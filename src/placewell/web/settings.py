"""Settings of the web application, read from ``PLACEWELL_*`` environment variables.

| setting | variable | default |
| --- | --- | --- |
| ``secret_key`` | ``PLACEWELL_SECRET_KEY`` | random, kept in ``<home>/.secret_key`` |
| ``secure_cookies`` | ``PLACEWELL_SECURE_COOKIES`` | ``false`` (cookies are Secure anyway over https) |
| ``public_access`` | ``PLACEWELL_PUBLIC_ACCESS`` | ``true`` (people not signed in see published pages) |
| ``session_hours`` | ``PLACEWELL_SESSION_HOURS`` | ``8`` |
| ``evidence`` | ``PLACEWELL_EVIDENCE`` | none (``demo`` or a YAML file of indicator evidence) |
| ``site_name`` | ``PLACEWELL_SITE_NAME`` | ``placewell`` |

``docs/web.md`` lists the same; a test fails if a setting is undocumented.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from placewell.errors import ConfigError

__all__ = ["WebSettings", "load_web_settings", "workspace_secret"]


class WebSettings(BaseSettings):
    """Settings of ``placewell serve``; each can be set with ``PLACEWELL_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PLACEWELL_", extra="ignore")

    secret_key: str | None = Field(
        default=None,
        min_length=32,
        description="Key signing the CSRF tokens; set it when several hosts serve one database.",
    )
    secure_cookies: bool = Field(
        default=False, description="Always mark cookies Secure (behind an https proxy)."
    )
    public_access: bool = Field(
        default=True, description="Whether people who are not signed in see published pages."
    )
    session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, description="How long a sign-in lasts, in hours."
    )
    evidence: str | None = Field(
        default=None, description="Indicator evidence for the status roll-up: 'demo' or a file."
    )
    site_name: str = Field(default="placewell", description="Name shown in the page header.")


def load_web_settings(**overrides: object) -> WebSettings:
    """Read the web settings from the environment, with explicit overrides on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return WebSettings(**clean)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"setting {name!r} (PLACEWELL_{name.upper()}) is invalid: {first['msg']}"
        ) from None


def workspace_secret(home: Path) -> str:
    """The workspace's own random key (created on first use, readable by its owner only)."""
    path = home / ".secret_key"
    if path.is_file():
        key = path.read_text("utf-8").strip()
        if len(key) >= 32:
            return key
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    try:
        os.link(tmp, path)  # atomic: the first writer wins when workers start together
    except FileExistsError:
        key = path.read_text("utf-8").strip()
    finally:
        tmp.unlink(missing_ok=True)
    return key
