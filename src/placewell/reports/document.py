"""The report model: a document of sections, paragraphs, tables and figures.

Every report (Annual Performance Report, strategy progress report, locality profile)
is built as a :class:`Report` from the services, with every number already formatted
and disclosure control already applied; the HTML and PDF renderers only lay it out.
So both formats say exactly the same thing, and a test on the model covers both.

A table's first cell in each row is the row's header (``<th scope="row">``); a cell
that is suppressed reads ``*`` and its table carries the suppression footnote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from placewell.charts import Chart

__all__ = [
    "SUPPRESSED",
    "SUPPRESSED_NOTE",
    "Block",
    "Bullets",
    "Cell",
    "Figure",
    "Paragraph",
    "Report",
    "Section",
    "Table",
    "Tone",
    "as_tone",
]

#: What a suppressed value reads, in every table and chart data table.
SUPPRESSED = "*"
SUPPRESSED_NOTE = (
    "* Not shown to protect confidentiality: the value rests on fewer than 5 records, "
    "or would let a hidden value be worked out."
)
Tone = Literal["better", "worse", "similar", "neutral", "none"]
_TONES: tuple[Tone, ...] = ("better", "worse", "similar", "neutral", "none")


def as_tone(name: str) -> Tone:
    """``name`` as a :data:`Tone` (``none`` for anything else)."""
    for tone in _TONES:
        if tone == name:
            return tone
    return "none"


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, whether it is a number (right-aligned), and a tone.

    ``tone`` marks a judgement (better, worse, similar) for styling; the words in
    ``text`` always say it too, so colour is never the only signal.
    """

    text: str
    numeric: bool = False
    tone: Tone = "none"

    @property
    def suppressed(self) -> bool:
        return self.text == SUPPRESSED


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: Literal["body", "lead", "note"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption, column headings and rows (the first cell heads its row).

    ``widths`` are relative column widths for print (the first column wider by default).
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for row in self.rows for c in row)

    @property
    def all_notes(self) -> tuple[str, ...]:
        """The table's notes, with the suppression footnote when a cell is suppressed."""
        return (*self.notes, SUPPRESSED_NOTE) if self.has_suppressed else self.notes


@dataclass(frozen=True)
class Figure:
    """A chart (vector SVG) with its description (alt text) and data table."""

    chart: Chart

    @property
    def has_suppressed(self) -> bool:
        return any(v == SUPPRESSED for row in self.chart.rows for v in row)


Block = Paragraph | Bullets | Table | Figure


@dataclass(frozen=True)
class Section:
    """A titled section; ``id`` is its anchor; ``sections`` are its subsections."""

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    def walk(self) -> Iterator[tuple[int, Section]]:
        """This section and those below it, with their depth (1 for this one)."""
        yield 1, self
        for child in self.sections:
            for depth, s in child.walk():
                yield depth + 1, s


@dataclass(frozen=True)
class Report:
    """A whole report: title, what it covers, its sections and when it was made."""

    kind: Literal["apr", "progress", "locality"]
    title: str
    subtitle: str
    area: str
    period: str
    generated: date
    sections: tuple[Section, ...]
    slug: str

    def walk(self) -> Iterator[tuple[int, Section]]:
        """Every section with its depth (1 for the top-level sections)."""
        for section in self.sections:
            yield from section.walk()

    def blocks(self) -> Iterator[Block]:
        for _, section in self.walk():
            yield from section.blocks

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks() if isinstance(b, Figure)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]
