"""The report as a PDF a bureau can file: A4, a title page, a table of contents with page
numbers, every page numbered, charts at print resolution, no table row split across pages.

The page is printed by a headless Chromium through Playwright (the optional extra
``cwplan[pdf]``), the browser the page is made for, so the PDF shows exactly what the page
does, fonts included. Chromium is not downloaded: the one on the machine is used
(``$CWPLAN_CHROMIUM``, else ``chromium``, ``chromium-browser``, ``google-chrome`` on the path).
Printing takes two passes: the first tells on which page each section begins (Chromium
writes the headings into the PDF's outline, read back with ``pypdf``), the second prints the
contents with those numbers; the contents take one page either way, so nothing moves.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MARGIN = {"top": "15mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
FOOTER = ('<div style="width:100%;font-size:8pt;color:#555;text-align:center;'
          'font-family:sans-serif"><span class="pageNumber"></span> / '
          '<span class="totalPages"></span></div>')


class PdfUnavailable(RuntimeError):
    """No way to print a PDF here; the message says what is missing, in one line."""


def engine() -> str:
    """The Chromium to print with; ``PdfUnavailable`` if it or a needed package is missing."""
    for package, extra in (("playwright", "playwright"), ("pypdf", "pypdf")):
        if importlib.util.find_spec(package) is None:
            raise PdfUnavailable(f"report.pdf needs the {extra} package "
                                 "(pip install 'cwplan[pdf]')")
    configured = os.environ.get("CWPLAN_CHROMIUM")
    if configured:
        if not Path(configured).is_file():
            raise PdfUnavailable(f"CWPLAN_CHROMIUM={configured} is not a file")
        return configured
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailable("report.pdf needs Chromium: none found on the path "
                         "(apt-get install chromium, or set CWPLAN_CHROMIUM)")


def write(render, sections: list[tuple[str, str]], path: Path) -> int:
    """Print the page ``render(pages)`` returns to ``path``; returns the number of pages.

    ``render`` takes a dict from section id to its first page (empty on the first pass) and
    returns the print page's HTML; ``sections`` are the (id, title) pairs in order.
    """
    from playwright.sync_api import sync_playwright

    executable = engine()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = browser.new_page()
            first = _print(page, render({}))
            pages = section_pages(first, sections)
            final = _print(page, render(pages))
        finally:
            browser.close()
    path.write_bytes(final)
    return page_count(final)


def _print(page, html: str) -> bytes:
    page.set_content(html, wait_until="load")
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=True, display_header_footer=True,
                    header_template="<div></div>", footer_template=FOOTER, margin=MARGIN,
                    outline=True, tagged=True)


def section_pages(pdf: bytes, sections: list[tuple[str, str]]) -> dict[str, int]:
    """Where each section (id, title) begins, 1-based, from the PDF's outline of headings,
    read in the order of the document: the title page and the contents come first."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    entries: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((" ".join(str(item.title).split()),
                                reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    found, k = {}, 0
    for sid, title in sections:
        for j in range(k, len(entries)):
            if entries[j][0] == " ".join(title.split()):
                found[sid], k = entries[j][1], j + 1
                break
    return found


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
