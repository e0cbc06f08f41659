"""Rendering a report's sections as HTML and as Markdown, through Jinja2 templates.

Autoescaping is on for every template, so any text that came from a scenario file (a
scenario's name, an institution's name, a source note) reaches the page as text, never as
markup: a scenario named ``<script>...`` shows those characters and runs nothing. The page
is self-contained: its style sheet is inline, its charts are PNG images embedded as
``data:`` addresses, and a Content-Security-Policy forbids the browser any request at all
beyond those.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass, field

import jinja2
from matplotlib.figure import Figure

from reports import markup
from reports.i18n import Lang
from reports.markup import Rich
from reports.table import Table, cell, header, money_digits, shown


@dataclass(frozen=True)
class TableView:
    """A table as a page shows it: headings and cells already formatted."""

    id: str
    title: str
    headers: list[str]
    rows: list[list[str | Rich]]
    numeric: list[bool]
    note: str | Rich = ""
    kinds: list[str] = field(default_factory=list)     # each column's kind, for its style


@dataclass(frozen=True)
class Chart:
    stem: str                  # charts/<stem>.png
    alt: str
    png: bytes = field(repr=False)
    print_png: bytes = field(default=b"", repr=False)      # at PRINT_DPI, for report.pdf

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    @property
    def print_uri(self) -> str:
        png = self.print_png or self.png
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str | Rich] = field(default_factory=list)
    blocks: list[Chart | TableView] = field(default_factory=list)


DPI = 110          # sharp on screen at the page's width, small enough to embed
PRINT_DPI = 220    # a chart of 10 inches printed 18 cm wide: about 300 dots to the inch


def chart_png(stem: str, fig: Figure, printed: bool = False) -> Chart:
    """A figure drawn as PNG, described by its title (the image's alternative text); with
    ``printed``, drawn a second time at print resolution for the PDF."""
    title = fig.get_suptitle() or stem
    return Chart(stem, title, _png(fig, DPI), _png(fig, PRINT_DPI) if printed else b"")


def _png(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def view(table: Table, t: Lang, title: str | None = None) -> TableView:
    cols = shown(table)
    digits = {i: money_digits(table, i, t) for i in cols}
    return TableView(
        id=table.name, title=table.title if title is None else title,
        headers=[header(table.columns[i], t) for i in cols],
        rows=[[cell(row[i], table.columns[i].kind, t, digits[i]) for i in cols]
              for row in table.rows],
        numeric=[table.columns[i].kind not in ("text", "date", "year") for i in cols],
        note=table.note,
        kinds=[table.columns[i].kind for i in cols])


@functools.cache
def environment(markdown: bool = False) -> jinja2.Environment:
    """The templates' environment: HTML with every value escaped, or Markdown whose values
    pass through ``markup.markdown`` (the ``md`` filter), which leaves no HTML entities."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=not markdown,   # every HTML template, whatever its file name ends with
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = markdown_cell
    env.filters["rich"] = markup.html
    env.tests["chart"] = lambda block: isinstance(block, Chart)
    return env


def markdown_cell(text) -> str:
    """Markdown text; in a table cell a bar would end the cell and a line break the row."""
    return markup.markdown(text).replace("|", "\\|").replace("\n", " ")


def html(template: str, **context) -> str:
    return environment(template.endswith(".md.j2")).get_template(template).render(**context)


def page(printed: bool = False, cover=(), pages=None, **context) -> str:
    """The HTML page, carrying a font cut to exactly the characters it shows; ``printed``
    makes the page report.pdf prints: a title page (``cover``: label and value pairs), the
    contents with ``pages`` (section id to page) and the charts at print resolution."""
    from reports.fonts import page_font_css

    context.update(printed=printed, cover=list(cover), pages=pages or {})
    draft = html("page.html.j2", font_face="", **context)
    return html("page.html.j2", font_face=page_font_css(draft), **context)
