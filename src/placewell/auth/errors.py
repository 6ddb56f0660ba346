"""Errors of signing in (defined in :mod:`placewell.errors`, re-exported here)."""

from __future__ import annotations

from placewell.errors import AuthenticationError, RateLimitedError

__all__ = ["AuthenticationError", "RateLimitedError"]
