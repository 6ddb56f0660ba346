"""Scottish geography shared by the loaders: council lookup, invented codes, area rows.

The council area -> partnership -> health board lookup is package data
(``lookups/council_areas.csv``, source in ``lookups/README.md``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pyarrow as pa

from placewell.data.official._source import Problems, conform

__all__ = [
    "COUNTRY_CODE",
    "COUNTRY_NAME",
    "AreaRows",
    "Council",
    "council_by_name",
    "councils",
    "hb_name",
    "hscp_name",
    "invented_code",
]

COUNTRY_CODE = "S92000003"
COUNTRY_NAME = "Scotland"
_MAX_CODE = 32  # the contract's area code length


@dataclass(frozen=True)
class Council:
    ca_code: str
    ca_name: str
    hscp_code: str
    hscp_name: str
    hb_code: str
    hb_name: str
    aliases: tuple[str, ...] = ()


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


@lru_cache(maxsize=1)
def councils() -> tuple[Council, ...]:
    """The 32 council areas with their partnership and health board (2019 codes)."""
    text = (
        resources.files("placewell.data.official")
        .joinpath("lookups/council_areas.csv")
        .read_text(encoding="utf-8")
    )
    return tuple(
        Council(
            row["ca_code"],
            row["ca_name"],
            row["hscp_code"],
            row["hscp_name"],
            row["hb_code"],
            row["hb_name"],
            tuple(a for a in row["ca_aliases"].split(";") if a),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Council]:
    out: dict[str, Council] = {}
    for c in councils():
        for name in (c.ca_name, c.ca_code, *c.aliases):
            out[_key(name)] = c
    return out


def council_by_name(name: str) -> Council | None:
    """The council called ``name`` (official name, common spelling or S12 code), if any."""
    return _by_name().get(_key(name))


def hscp_name(code: str) -> str | None:
    return next((c.hscp_name for c in councils() if c.hscp_code == code), None)


def hb_name(code: str) -> str | None:
    return next((c.hb_name for c in councils() if c.hb_code == code), None)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"


def invented_code(prefix: str, parent_code: str, name: str) -> str:
    """A stable code for an area published by name only, e.g. ``IZ-33-culter``.

    ``prefix`` then the last two characters of the parent's code (unique for Scottish
    council and partnership codes) then a slug of the name; a name too long for the
    contract's 32 characters is cut and given six hex digits of its SHA-1, so two
    long names never share a code.
    """
    head = f"{prefix}-{re.sub(r'[^A-Za-z0-9]', '', parent_code)[-2:]}-"
    slug = _slug(name)
    if len(head) + len(slug) <= _MAX_CODE:
        return head + slug
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    room = _MAX_CODE - len(head) - len(digest) - 1
    return f"{head}{slug[:room].rstrip('-')}-{digest}"


class AreaRows:
    """Collects ``areas`` rows, reporting an area given two different parents or levels."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self._rows: dict[str, tuple[str, str, str | None]] = {}
        self._first: dict[str, tuple[int | None, str | None]] = {}
        self._boards: dict[str, tuple[str, int | None, str]] = {}
        self._names: dict[str, str] = {}

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def add(
        self,
        code: str,
        name: str,
        level: str,
        parent: str | None,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        """Add an area; ``row``/``column`` say where it came from, for messages."""
        known = self._rows.get(code)
        if known is None:
            self._rows[code] = (name or code, level, parent)
            self._first[code] = (row, column)
            return
        if known[1] != level or known[2] != parent:
            first_row = self._first[code][0]
            where = f" on row {first_row}" if first_row is not None else ""
            self.problems.add(
                row,
                column,
                f"{code} is given parent {parent} here but parent {known[2]}{where}; "
                f"an area has one parent",
            )

    def replace(self, code: str, name: str, level: str, parent: str | None) -> None:
        self._rows[code] = (name or code, level, parent)

    def get(self, code: str) -> tuple[str, str, str | None] | None:
        return self._rows.get(code)

    def partnership_in(
        self,
        hscp: str,
        hb: str,
        *,
        row: int | None = None,
        column: str | None = None,
        hscp_label: str = "",
        hb_label: str = "",
    ) -> None:
        """Record that partnership ``hscp`` lies in health board ``hb`` (checked for clashes)."""
        known = self._boards.setdefault(hscp, (hb, row, hscp_label))
        if known[0] != hb:
            where = f" on row {known[1]}" if known[1] is not None else ""
            self.problems.add(
                row,
                column,
                f"partnership {hscp} is in health board {known[0]}{where} but {hb} here; "
                "a partnership lies in one board",
            )
        if hb_label:
            self._names.setdefault(hb, hb_label)

    def add_upper(self) -> None:
        """Add every recorded partnership, its board and Scotland, named from the lookup where known."""
        for hscp, (hb, _, label) in sorted(self._boards.items()):
            self.add(hscp, label or hscp_name(hscp) or hscp, "partnership", hb)
            self.add(hb, self._names.get(hb) or hb_name(hb) or hb, "health_board", COUNTRY_CODE)
        self.add(COUNTRY_CODE, COUNTRY_NAME, "country", None)

    def table(self) -> pa.Table:
        codes = sorted(self._rows, key=lambda c: (_LEVEL_ORDER.get(self._rows[c][1], 9), c))
        cols: dict[str, Any] = {
            "area_code": codes,
            "area_name": [self._rows[c][0] for c in codes],
            "level": [self._rows[c][1] for c in codes],
            "parent_code": [self._rows[c][2] for c in codes],
        }
        return conform("areas", cols)


_LEVEL_ORDER = {
    "country": 0,
    "health_board": 1,
    "partnership": 2,
    "locality": 3,
    "intzone": 4,
    "datazone": 5,
}
