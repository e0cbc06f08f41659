"""Spreadsheets for budget officers: one sheet per table, amounts in whole yuan.

Cells hold numbers, not text, so that a budget officer can add, filter and chart them.
In a run's workbook every amount is a whole yuan: the cost tables come rounded from
``reports.budget`` so that a column's sum equals its total row to the yuan; any other
amount (an interval's ends) is rounded half to even. Every money and share cell has its
number format, also in a table of mixed indicators, where each row says its own kind. A
table's note (a rounding rule, what a figure counts) is written under it. Headings are
frozen and columns sized to their contents. Text is
always stored as text: a name or a sign beginning with ``=`` is never a formula.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.i18n import Lang
from reports.table import Table, file_kinds, flat

YUAN = "#,##0"
SHARE = "0.0%"
NUMBER = "#,##0.0"
HEAD = PatternFill("solid", fgColor="DDE6F0")


def write(path: Path, sheets: list[tuple[str, Table]], t: Lang, whole_yuan: bool = False) -> Path:
    """A workbook with one sheet per (sheet name, table), in the order given; with
    ``whole_yuan`` every amount is written in whole yuan (a comparison keeps its full
    precision, so that its differences are the differences of its columns)."""
    book = Workbook()
    book.remove(book.active)
    for name, table in sheets:
        _sheet(book, _sheet_name(name, book.sheetnames), table, t, whole_yuan)
    book.save(path)
    return path


def _sheet_name(name: str, taken: list[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, not taken yet."""
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    taken_lower = {s.lower() for s in taken}
    candidate, n = name[:31], 2
    while candidate.lower() in taken_lower:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)].rstrip() + suffix, n + 1
    return candidate


def _sheet(book: Workbook, name: str, table: Table, t: Lang, whole_yuan: bool) -> None:
    sheet = book.create_sheet(name)
    heads, rows = flat(table, t)
    _append(sheet, heads, 1)
    for c in range(1, len(heads) + 1):
        cell = sheet.cell(row=1, column=c)
        cell.font, cell.fill = Font(bold=True), HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, (row, raw) in enumerate(zip(rows, table.rows, strict=True), start=2):
        formats = _formats(table, raw)
        _append(sheet, [round(v) if whole_yuan and f == YUAN and isinstance(v, float) and
                      math.isfinite(v) else v for v, f in zip(row, formats, strict=True)], r)
        for c, fmt in enumerate(formats, start=1):
            if fmt:
                sheet.cell(row=r, column=c).number_format = fmt
    if table.note:
        cell = sheet.cell(row=len(rows) + 3, column=1, value=str(table.note))
        cell.alignment = Alignment(wrap_text=False, vertical="top")
        cell.font = Font(italic=True)
    sheet.freeze_panes = "A2"
    for c, head in enumerate(heads, start=1):
        width = max([len(str(head))] + [len(str(r[c - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(8, width * 1.3), 60)


def put(cell, value: Any) -> None:
    """A value into a cell as data: text stays text even when it starts with '=' (openpyxl
    would take it for a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _append(sheet, values: list, row: int) -> None:
    """A row of values as data (see :func:`put`), in row ``row`` (counted by the caller:
    asking the sheet for its last row reads every cell, row after row)."""
    for c, value in enumerate(values, start=1):
        put(sheet.cell(row=row, column=c), value)


FORMATS = {"money": YUAN, "share": SHARE, "number": NUMBER, "int": "#,##0", "year": "0"}


def _formats(table: Table, row: list) -> list[str | None]:
    """The number format of each flat cell of a row (an interval spans three)."""
    return [FORMATS.get(kind or "") for kind in file_kinds(table, row)]
