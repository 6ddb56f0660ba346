"""Logging set-up: quiet by default, ``-v`` for INFO, ``-vv`` for DEBUG."""

from __future__ import annotations

import logging

__all__ = ["configure_logging", "get_logger"]


def configure_logging(verbosity: int = 0, default: str = "WARNING") -> None:
    """Configure the ``placewell`` logger; each ``-v`` lowers the threshold one level."""
    base = logging.getLevelName(default.upper())
    if not isinstance(base, int):
        base = logging.WARNING
    level = max(logging.DEBUG, base - 10 * verbosity)
    logger = logging.getLogger("placewell")
    logger.setLevel(level)
    if not any(getattr(h, "_placewell", False) for h in logger.handlers):
        try:
            from rich.logging import RichHandler

            handler: logging.Handler = RichHandler(show_path=False, rich_tracebacks=False)
        except ImportError:  # pragma: no cover - rich is a dependency
            handler = logging.StreamHandler()
        handler._placewell = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(name if name.startswith("placewell") else f"placewell.{name}")
