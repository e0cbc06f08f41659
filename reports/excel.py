"""Spreadsheets for budget officers: one sheet per table, amounts in whole yuan.

Cells hold numbers, not text, so that a budget officer can add, filter and chart them; the
amounts keep their full precision (displayed to the yuan), so a column's sum equals the
total row and the report's total to the yuan. Headings are frozen and columns sized to
their contents. Text is always stored as text: a name or a sign beginning with ``=`` is
never a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.i18n import Lang
from reports.table import Table, flat

YUAN = "#,##0"
SHARE = "0.0%"
NUMBER = "#,##0.0"
HEAD = PatternFill("solid", fgColor="DDE6F0")


def write(path: Path, sheets: list[tuple[str, Table]], t: Lang) -> Path:
    """A workbook with one sheet per (sheet name, table), in the order given."""
    book = Workbook()
    book.remove(book.active)
    for name, table in sheets:
        _sheet(book, _sheet_name(name, book.sheetnames), table, t)
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


def _sheet(book: Workbook, name: str, table: Table, t: Lang) -> None:
    sheet = book.create_sheet(name)
    heads, rows = flat(table, t)
    _append(sheet, heads)
    for c in range(1, len(heads) + 1):
        cell = sheet.cell(row=1, column=c)
        cell.font, cell.fill = Font(bold=True), HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = _formats(table)
    for r, row in enumerate(rows, start=2):
        _append(sheet, row)
        for c, fmt in enumerate(formats, start=1):
            if fmt:
                sheet.cell(row=r, column=c).number_format = fmt
    sheet.freeze_panes = "A2"
    for c, head in enumerate(heads, start=1):
        width = max([len(str(head))] + [len(str(r[c - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(8, width * 1.3), 60)


def _append(sheet, values: list) -> None:
    """A row whose text cells hold text, whatever it starts with (openpyxl would take text
    starting with ``=`` for a formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _formats(table: Table) -> list[str | None]:
    """The number format of each flat column (an interval spans three)."""
    one = {"money": YUAN, "share": SHARE, "number": NUMBER, "int": "#,##0", "year": "0"}
    three = {"money_stat": YUAN, "share_stat": SHARE, "chance": SHARE, "stat": NUMBER}
    out: list[str | None] = []
    for col in table.columns:
        if col.kind in three:
            fmt = three[col.kind]
            # a table of mixed indicators keeps each number as it is
            out += [None if table.name == "kpis" else fmt] * 3
        else:
            out.append(one.get(col.kind))
    return out
