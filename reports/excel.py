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
from openpyxl.cell import WriteOnlyCell
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
    precision, so that its differences are the differences of its columns).

    The sheets are written row by row as they are made (openpyxl's write-only workbook): a
    nation's workbook holds over a million cells, which a workbook kept whole in memory took
    half a minute to save.
    """
    book = Workbook(write_only=True)
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
    sheet.freeze_panes = "A2"
    for c, head in enumerate(heads, start=1):     # a write-only sheet takes widths first
        width = max([len(str(head))] + [len(str(r[c - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(8, width * 1.3), 60)
    bold, fill, top = Font(bold=True), HEAD, Alignment(wrap_text=True, vertical="top")
    sheet.append([_cell(sheet, head, font=bold, fill=fill, alignment=top) for head in heads])
    for row, raw in zip(rows, table.rows, strict=True):
        formats = _formats(table, raw)
        sheet.append([_cell(sheet, round(v) if whole_yuan and f == YUAN and isinstance(v, float)
                            and math.isfinite(v) else v, number_format=f)
                      for v, f in zip(row, formats, strict=True)])
    if table.note:
        sheet.append([])
        sheet.append([_cell(sheet, str(table.note), font=Font(italic=True),
                            alignment=Alignment(wrap_text=False, vertical="top"))])


def _cell(sheet, value: Any, **style) -> WriteOnlyCell:
    """A cell of a write-only sheet holding ``value`` as data (see :func:`put`), with its
    style (a ``number_format`` of None is the default)."""
    cell = WriteOnlyCell(sheet)
    put(cell, value)
    for key, given in style.items():
        if given is not None:
            setattr(cell, key, given)
    return cell


def put(cell, value: Any) -> None:
    """A value into a cell as data: text stays text even when it starts with '=' (openpyxl
    would take it for a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


FORMATS = {"money": YUAN, "share": SHARE, "number": NUMBER, "int": "#,##0", "year": "0"}


def _formats(table: Table, row: list) -> list[str | None]:
    """The number format of each flat cell of a row (an interval spans three)."""
    return [FORMATS.get(kind or "") for kind in file_kinds(table, row)]
