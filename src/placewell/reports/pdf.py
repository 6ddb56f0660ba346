"""Render a report as typst markup, and compile it to PDF with typst's Python wheel.

The markup is generated from the same :class:`~placewell.reports.document.Report` as
the HTML, so both say the same thing. Every piece of text goes into typst as a string
literal (never as markup), so no character in a title or narrative can change the
layout. Charts are the same vector SVG as the HTML, embedded with ``image(alt: ...)``.

The PDF is A4, tagged (headings, tables and figures with alt text are in its structure
tree), titled (``document(title:)``) and in British English (``text(lang: "en",
region: "GB")``). Only the fonts inside the typst wheel are used, so the PDF looks the
same on every machine and needs nothing pip cannot install.
"""

from __future__ import annotations

from collections.abc import Iterator

from placewell import __version__
from placewell.errors import PlacewellError
from placewell.reports.document import (
    SUPPRESSED_NOTE,
    Block,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
)

__all__ = ["compile_pdf", "render_pdf", "render_typst"]

_TONES = {"better": 'rgb("#e6f2ea")', "worse": 'rgb("#fbe9e6")', "similar": 'rgb("#f3f2f1")'}
_PREAMBLE = """\
#set text(lang: "en", region: "GB", font: "Libertinus Serif", size: 10.5pt)
#set page(
  paper: "a4",
  margin: (x: 18mm, top: 20mm, bottom: 22mm),
  header: context {
    if counter(page).get().first() > 1 [
      #set text(size: 8pt, fill: luma(90))
      #HEADER #h(1fr) #PERIOD
    ]
  },
  footer: context [
    #set text(size: 8pt, fill: luma(90))
    #h(1fr) Page #counter(page).display() of #counter(page).final().first()
  ],
)
#set par(justify: false, leading: 0.6em)
#set heading(numbering: none)
#show heading.where(level: 1): set text(size: 22pt)
#show heading.where(level: 2): set text(size: 16pt)
#show heading.where(level: 2): set block(above: 1.8em, below: 0.8em)
#show heading.where(level: 3): set text(size: 13pt)
#show heading: set block(sticky: true)
#show figure: set block(breakable: true)
#show figure.caption: set text(size: 9pt, weight: "bold")
#set table(stroke: 0.4pt + luma(170), inset: (x: 4pt, y: 3pt), align: left)
#show table: set text(size: 7.5pt)
#show table: set par(justify: false)
"""


def s(text: str) -> str:
    """``text`` as a typst string literal (so it is never read as markup)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{escaped}"'


def _cell(cell: Cell, first: bool) -> str:
    args = []
    if cell.numeric and not first:
        args.append("align: right")
    if cell.tone in _TONES:
        args.append(f"fill: {_TONES[cell.tone]}")
    if not args:
        return s(cell.text)
    return f"table.cell({', '.join(args)}, {s(cell.text)})"


def _table(table: Table) -> Iterator[str]:
    n = len(table.columns)
    relative = table.widths if len(table.widths) == n else (2.4, *([1.0] * (n - 1)))
    widths = "(" + ", ".join(f"{w:g}fr" for w in relative) + ",)"
    header = ", ".join(f"strong({s(c)})" for c in table.columns)
    cells = ", ".join(_cell(c, i == 0) for row in table.rows for i, c in enumerate(row))
    yield (
        f"#figure(kind: table, caption: figure.caption(position: top, {s(table.caption)}), "
        f"table(columns: {widths}, table.header(repeat: true, {header}), {cells}))"
    )
    for note in table.all_notes:
        yield f"#text(size: 8pt, fill: luma(70), {s(note)})"
        yield ""


def _figure(figure: Figure) -> Iterator[str]:
    chart = figure.chart
    svg = str(chart.svg)
    yield (
        f'#figure(image(bytes({s(svg)}), format: "svg", width: 72%, '
        f"alt: {s(chart.title + '. ' + chart.description)}), caption: {s(chart.title)})"
    )
    yield f"#text(size: 8.5pt, fill: luma(70), {s(chart.description)})"
    yield ""


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        size = {"lead": "11.5pt", "note": "9pt"}.get(block.kind)
        yield f"#text(size: {size}, {s(block.text)})" if size else f"#{s(block.text)}"
        yield ""
    elif isinstance(block, Bullets):
        yield f"#list({', '.join(s(i) for i in block.items)})"
        yield ""
    elif isinstance(block, Table):
        yield from _table(block)
    elif isinstance(block, Figure):
        yield from _figure(block)


def _section(section: Section, level: int) -> Iterator[str]:
    yield f"#heading(level: {min(level, 6)}, {s(section.title)}) <{section.id}>"
    for block in section.blocks:
        yield from _block(block)
    for child in section.sections:
        yield from _section(child, level + 1)


def render_typst(report: Report) -> str:
    """The report as typst markup (one self-contained source, charts included)."""
    day = report.generated
    title = f"{report.title}: {report.area}"
    lines = [
        f"#set document(title: {s(title)}, author: {s('placewell ' + __version__)}, "
        f"date: datetime(year: {day.year}, month: {day.month}, day: {day.day}))",
        f"#let HEADER = {s(title)}",
        f"#let PERIOD = {s(report.period)}",
        _PREAMBLE,
        f"#text(size: 12pt, fill: luma(70), {s(report.subtitle)})",
        f"#heading(level: 1, {s(report.title)})",
        f"#text(size: 10pt, fill: luma(70), {s(f'{report.area} · {report.period} · produced {day:%-d %B %Y}')})",
        "",
        '#outline(title: "Contents", depth: 2)',
        "",
    ]
    for section in report.sections:
        lines.extend(_section(section, 2))
    lines += ["#v(1em)", f"#text(size: 8pt, fill: luma(70), {s(SUPPRESSED_NOTE)})", ""]
    return "\n".join(lines)


def compile_pdf(markup: str) -> bytes:
    """Compile typst markup to PDF (only the fonts inside the typst wheel)."""
    import typst

    try:
        return bytes(typst.compile(markup.encode("utf-8"), format="pdf", ignore_system_fonts=True))
    except Exception as exc:  # typst.TypstError: a defect in the generated markup
        raise PlacewellError(f"the PDF could not be made: {exc}") from exc


def render_pdf(report: Report) -> bytes:
    """The report as an A4 PDF."""
    return compile_pdf(render_typst(report))
