"""Reading the cells of a region workbook (.xlsx) or of a folder of CSV files.

Each sheet is found by its Chinese or English title (or its key, for CSV files named
``institutions.csv``); its columns by the key row, the row of column names under the
Chinese and English headings. Every value keeps the reference of its cell
(``shaoxing.xlsx:机构!F7``) for messages. Files are read through openpyxl and the csv
module, never parsed by hand; sizes are capped so that a hostile file is refused plainly.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sim.scenario.errors import _did_you_mean
from sim.scenario.problems import InputError, Problem
from sim.scenario.sheets import Sheet

MAX_BOOK_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000          # rows of one sheet
MAX_COLUMNS = 200
HEADER_ROWS = 8             # the key row is within the first rows
EXAMPLE = "示例行，不导入 example row, not imported"
NOTES = ("notes", "备注", "Notes")      # the sheet of free notes (the region file's comments)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Row:
    number: int                                      # the row's number in the sheet, from 1
    cells: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)


@dataclass
class Grid:
    """The data rows of one sheet, by column key."""

    sheet: Sheet
    title: str
    where: str                  # reference of the key row, for problems of the whole sheet
    rows: list[Row]


@dataclass
class Book:
    name: str                   # the workbook (or folder) as the planner named it
    grids: dict[str, Grid]      # by sheet key
    notes: list[str]
    author: str                 # who last saved it, where the file says


def is_workbook(path: Path) -> bool:
    """Whether a region path names a workbook or a folder of CSV files (else YAML)."""
    suffix = path.suffix.lower()
    return suffix in WORKBOOK_SUFFIXES or (_is_dir(path) and suffix not in (".yaml", ".yml"))


def read_book(path: Path, specs: tuple[Sheet, ...]) -> Book:
    """Every sheet of ``specs`` as rows of cells; a missing sheet or column is an error."""
    name = str(path)
    tables, author = (_csv_tables(path, specs) if _is_dir(path) else _xlsx_tables(path))
    problems: list[Problem] = []
    grids: dict[str, Grid] = {}
    for spec in specs:
        found = _find(tables, spec.key, spec.zh, spec.en)
        if found is None:
            if not spec.optional:
                problems.append(Problem(name, 0, "", f"sheet {spec.zh} ({spec.en}) is missing",
                                        "one sheet for each part of the region: "
                                        + ", ".join(s.zh for s in specs if not s.optional)))
            continue
        title, rows = found
        try:
            grids[spec.key] = _grid(name, path, spec, title, rows)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    notes = _find(tables, *NOTES)
    lines = [str(r[0]).rstrip() for r in (notes[1][1:] if notes else []) if r and r[0]]
    return Book(name, grids, lines, author)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _find(tables: dict[str, list], *names: str) -> tuple[str, list] | None:
    wanted = {n.casefold() for n in names}
    for title, rows in tables.items():
        if title.strip().casefold() in wanted:
            return title, rows
    return None


def _xlsx_tables(path: Path) -> tuple[dict[str, list], str]:
    from openpyxl import load_workbook  # here: a YAML region never needs it
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        if path.stat().st_size > MAX_BOOK_BYTES:
            raise InputError([Problem(name, 0, "", "workbook is too large",
                                      f"at most {MAX_BOOK_BYTES // 1024 // 1024} MiB")])
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError([Problem(name, 0, "", "file not found")]) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError([Problem(name, 0, "", f"not a readable .xlsx workbook ({exc})",
                                  "save the file as an Excel workbook (.xlsx)")]) from None
    try:
        tables = {ws.title: _capped_rows(name, ws.title, ws.iter_rows(values_only=True))
                  for ws in book.worksheets}
        props = book.properties
        author = next((a for a in (props.lastModifiedBy, props.creator)
                       if a and a not in ("cwplan", "openpyxl")), "")
    finally:
        book.close()
    return tables, author


def _csv_tables(folder: Path, specs: tuple[Sheet, ...]) -> tuple[dict[str, list], str]:
    tables = {}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputError([Problem(str(folder), 0, "", "a folder without CSV files",
                                  "a region workbook (.xlsx), or a folder of CSV files, one "
                                  "per sheet: 机构.csv or institutions.csv, …")])
    for file in files:
        if file.stat().st_size > MAX_BOOK_BYTES:
            raise InputError([Problem(str(file), 0, "", "file is too large")])
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")   # Excel's "CSV" in Chinese Windows
        tables[file.stem] = _capped_rows(str(file), file.stem, csv.reader(io.StringIO(text)))
    return tables, ""


def _capped_rows(name: str, title: str, rows) -> list[tuple]:
    out = []
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS:
            raise InputError([Problem(name, 0, "", f"sheet {title} has too many rows",
                                      f"at most {MAX_ROWS:,}")])
        out.append(tuple(row[:MAX_COLUMNS]))
    return out


def cell_ref(book: str, path: Path, title: str, column: int, row: int) -> str:
    """``book.xlsx:机构!F7`` (a quoted title where Excel would quote it) or ``file.csv:F7``."""
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(column)}{row}"
    if _is_dir(path):
        return f"{Path(book) / title}.csv:{cell}"
    shown = title if title.replace("_", "").isalnum() else "'" + title.replace("'", "''") + "'"
    return f"{book}:{shown}!{cell}"


def _grid(book: str, path: Path, spec: Sheet, title: str, rows: list[tuple]) -> Grid:
    at = _key_row(rows, spec)
    if at is None:
        keys = ", ".join(c.key for c in spec.columns if c.role in ("key", "value"))
        raise InputError([Problem(cell_ref(book, path, title, 1, 1), 0, "",
                                  f"no row of column names on sheet {title}",
                                  f"a row of column keys within the first {HEADER_ROWS} rows: "
                                  f"{keys}")])
    columns, problems = _columns(book, path, spec, title, rows[at], at + 1)
    if problems:
        raise InputError(problems)
    grid = Grid(spec, title, cell_ref(book, path, title, 1, at + 1), [])
    for n, values in enumerate(rows[at + 1:], start=at + 2):
        row = Row(n)
        for index, key in columns.items():
            row.cells[key] = clean(values[index] if index < len(values) else None)
            row.refs[key] = cell_ref(book, path, title, index + 1, n)
        if row.cells.get("note") == EXAMPLE or all(
                v is None for k, v in row.cells.items() if spec.column(k).role != "note"):
            continue
        grid.rows.append(row)
    return grid


def _key_row(rows: list[tuple], spec: Sheet) -> int | None:
    wanted = {c.key for c in spec.columns if c.role in ("key", "value") and
              (c.facts.required or c.role == "key")}
    for n, row in enumerate(rows[:HEADER_ROWS]):
        names = {str(v).strip() for v in row if v is not None}
        if wanted and wanted <= names:
            return n
    return None


def _columns(book, path, spec, title, names, number) -> tuple[dict[int, str], list[Problem]]:
    known = [c.key for c in spec.columns]
    columns: dict[int, str] = {}
    problems = []
    for index, value in enumerate(names):
        name = "" if value is None else str(value).strip()
        if not name:
            continue            # a column of the bureau's own, without a key: not read
        ref = cell_ref(book, path, title, index + 1, number)
        if name not in known:
            problems.append(Problem(ref, 0, "", f"unknown column {name!r}"
                                    f"{_did_you_mean(name, known)}",
                                    "column keys: " + ", ".join(known)))
        elif name in columns.values():
            problems.append(Problem(ref, 0, "", f"column {name!r} appears twice"))
        else:
            columns[index] = name
    return columns, problems


YES, NO = ("是", "true", "yes"), ("否", "false", "no")


def typed(kind: str, value: Any) -> Any:
    """A text cell read as the number, year or yes/no its column holds (a CSV file holds
    only text); text that is none of these is left for the model to report."""
    if not isinstance(value, str):
        return value
    if kind in ("int", "float", "year"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "bool" and value.casefold() in YES + NO:
        return value.casefold() in YES
    return value


def clean(value: Any) -> Any:
    """A cell's value as the region model reads it: blank is None, text is trimmed, a whole
    number is an int, a date at midnight is a date."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | int | float | bool) or value is None:
        return value
    return str(value)
