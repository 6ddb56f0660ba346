"""Form handling in the GOV.UK style: errors per field, an error summary linking to them.

A form's values are validated by the service's pydantic model; :func:`field_errors`
turns its errors into :class:`FieldError` with messages written for people (the
``messages`` of each form say what to do, e.g. "Select a RAG rating"), in the order
of the form's fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError as PydanticValidationError

__all__ = ["FieldError", "field_errors", "lines", "optional_int"]


@dataclass(frozen=True)
class FieldError:
    """An error on one form field; ``field`` is the input's id (the summary links to it)."""

    field: str
    message: str


def field_errors(
    exc: PydanticValidationError,
    order: Sequence[str],
    messages: Mapping[str, Mapping[str, str]] | None = None,
) -> list[FieldError]:
    """One error per field, in form order; ``messages[field][error type]`` overrides."""
    found: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = err.get("loc", ())
        name = str(loc[0]) if loc else "form"
        if name in found:
            continue
        custom = (messages or {}).get(name, {})
        text = custom.get(err["type"]) or custom.get("*")
        if text is None:
            text = str(err["msg"]).removeprefix("Value error, ")
            text = text[:1].upper() + text[1:]
        found[name] = text
    ranked = sorted(found, key=lambda n: order.index(n) if n in order else len(order))
    return [FieldError(name, found[name]) for name in ranked]


def lines(text: str | None) -> list[str]:
    """Non-empty lines of a textarea (one item per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def optional_int(text: str | None) -> int | str | None:
    """An integer from a text input, the text itself when it is not one, or None if empty."""
    value = (text or "").strip().removesuffix("%").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value
