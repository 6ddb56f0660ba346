"""The one exception hierarchy of placewell.

Every error a user can cause derives from :class:`PlacewellError`. Subclasses also
inherit the builtin exception they resemble, so ``except ValueError`` keeps working
for callers who do not know placewell. Each class carries the HTTP status the web
app answers with; the CLI prints the message as one red line and exits with 2.
Messages say what is wrong and how to fix it.

::

    PlacewellError                         (500)
     ├── ConfigError(ValueError)            (500)  a setting is invalid
     ├── WorkspaceError(RuntimeError)       (409)  workspace missing, not initialised
     ├── NotFoundError(LookupError)         (404)  no such table, area, indicator ...
     ├── ValidationError(ValueError)        (422)  input breaks the data contract
     │    └── DataContractError             (422)  a file rejected by the contract
     ├── StatisticsInputError(ValueError)   (422)  bad input to a statistical method
     ├── DefinitionError(ValueError)        (422)  an indicator or strategy definition
     ├── ConflictError(RuntimeError)        (409)  concurrent edit, optimistic lock
     ├── AuthenticationError(PermissionError)   (401)  not signed in, bad credentials
     ├── PermissionDeniedError(PermissionError) (403)
     ├── RateLimitedError(PermissionError)      (429)  too many failed sign-ins
     └── DownloadError(ConnectionError)     (502)  an open-data source cannot be reached
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AuthenticationError",
    "ConfigError",
    "ConflictError",
    "DataContractError",
    "DefinitionError",
    "DownloadError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlacewellError",
    "Problem",
    "RateLimitedError",
    "StatisticsInputError",
    "ValidationError",
    "WorkspaceError",
]


class PlacewellError(Exception):
    """Root of every error placewell raises on purpose."""

    http_status: int = 500

    @property
    def message(self) -> str:
        """The plain-English message (what is wrong and how to fix it)."""
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConfigError(ValueError, PlacewellError):
    """A setting (environment variable or argument) is invalid."""

    http_status = 500


class WorkspaceError(RuntimeError, PlacewellError):
    """The workspace is missing, not initialised, or in an unusable state."""

    http_status = 409


class NotFoundError(LookupError, PlacewellError):
    """A named thing (table, area, indicator, strategy) does not exist."""

    http_status = 404


class ValidationError(ValueError, PlacewellError):
    """Input does not meet what placewell expects."""

    http_status = 422


@dataclass(frozen=True)
class Problem:
    """One place where a file breaks the data contract.

    ``row`` is the 1-based data row (the header is not counted), so in a CSV file the
    offending line is ``row + 1``.
    """

    row: int | None
    column: str | None
    message: str

    def describe(self, source: str) -> str:
        where = [source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class DataContractError(ValidationError):
    """A file was rejected whole because it breaks the data contract.

    ``problems`` lists every problem found (up to a limit); the message names the
    file, row and column of the first ones.
    """

    def __init__(
        self, source: str, problems: Sequence[Problem], *, total: int | None = None
    ) -> None:
        self.source = source
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        shown = [p.describe(source) for p in self.problems[:5]]
        more = self.total - len(shown)
        msg = "; ".join(shown)
        if more > 0:
            msg += f" (and {more} more problem{'s' if more != 1 else ''})"
        msg += ". Nothing was loaded."
        super().__init__(msg)


class StatisticsInputError(ValueError, PlacewellError):
    """Bad input to a statistical method; the message names the group and the fault."""

    http_status = 422


class DefinitionError(ValueError, PlacewellError):
    """An indicator, strategy or report definition is invalid."""

    http_status = 422


class ConflictError(RuntimeError, PlacewellError):
    """Somebody else changed the item since it was read (optimistic lock)."""

    http_status = 409


class PermissionDeniedError(PermissionError, PlacewellError):
    """The current user may not do this."""

    http_status = 403


class AuthenticationError(PermissionError, PlacewellError):
    """The request is not signed in, or its credentials are wrong."""

    http_status = 401


class RateLimitedError(PermissionError, PlacewellError):
    """Too many failed attempts; ``retry_after`` is in seconds."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DownloadError(ConnectionError, PlacewellError):
    """An open-data source could not be reached or answered badly."""

    http_status = 502
