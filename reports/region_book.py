"""The workbook a civil-affairs bureau fills in: one sheet per part of a region.

Each sheet opens with its Chinese headings, its English headings (units in both) and the
row of column keys the importer reads; row 4 is an example taken from the bundled Shaoxing
region, marked so that it is not imported; the bureau's rows follow. Closed sets (care
levels, roles, kinds) and the codes and ids entered on other sheets are drop-down lists,
numbers are checked against the region model's limits as they are typed, and a sheet
explains every column: its meaning, unit, allowed values and which part of the planner uses
it. With a region, the sheets hold its data, so that importing the workbook gives the same
region back.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from reports.excel import put
from reports.i18n import Lang
from sim.scenario import BUNDLED, load_region
from sim.scenario.facts import Facts
from sim.scenario.sheet_rows import rows as region_rows
from sim.scenario.sheet_words import WORDS
from sim.scenario.sheets import Column, Sheet, meaning, sheets, unit, use, words
from sim.scenario.workbook_cells import EXAMPLE, clean

FIRST_DATA_ROW = 5          # zh heading, en heading, keys, example, then data
SPARE_ROWS = 500            # drop-down lists and checks reach this far below the data
HEAD = PatternFill("solid", fgColor="DDE6F0")
KEYS = PatternFill("solid", fgColor="F2F2F2")
SAMPLE = PatternFill("solid", fgColor="FFF7E0")
FIXED = PatternFill("solid", fgColor="F7F7F7")
DIGEST = "cwplan-digest"     # custom property: the cells as cwplan wrote them


def write(path: Path, region: Any | None = None, lang: str = "zh",
          notes: list[str] | None = None, model: type | None = None) -> Path:
    """The region workbook at ``path``: blank (with examples) or filled with ``region``."""
    t = Lang(lang)
    specs = sheets(model) if model else sheets()
    example = region_rows(load_region(BUNDLED / "regions" / "shaoxing.yaml"))
    data = region_rows(region, *([model] if model else [])) if region is not None else {}
    book = Workbook()
    book.remove(book.active)
    _readme(book, t, specs, region, path)
    titles = {s.key: s.title(lang) for s in specs}
    for spec in specs:
        sheet = book.create_sheet(titles[spec.key])
        if spec.shape == "params":
            _params(sheet, spec, t, data.get(spec.key, []), example.get(spec.key, []))
        else:
            _table(sheet, spec, t, data.get(spec.key, []), example.get(spec.key, [])[:1],
                   titles, specs, data)
    _columns(book, t, specs)
    _notes(book, t, notes or [])
    book.properties.creator = book.properties.lastModifiedBy = "cwplan"
    book.custom_doc_props.append(StringProperty(name=DIGEST, value=digest(book)))
    book.save(path)
    return path


def digest(book) -> str:
    """A digest of every cell's value, to tell later whether anyone changed the workbook."""
    h = hashlib.sha256()
    for sheet in book.worksheets:
        h.update(sheet.title.encode())
        for row in sheet.iter_rows(values_only=True):
            values = [clean(v) for v in row]
            while values and values[-1] is None:
                values.pop()
            if values:
                h.update(repr(values).encode())
    return h.hexdigest()


# --- table sheets ------------------------------------------------------------------------

def _heads(spec: Sheet, column: Column, t: Lang) -> tuple[str, str]:
    zh, en, *_ = words(spec, column.key)
    u_zh, u_en = unit(spec, column.key, column.facts)
    return (f"{zh}（{u_zh}）" if u_zh else zh), (f"{en} ({u_en})" if u_en else en)


def _table(sheet, spec: Sheet, t: Lang, rows: list[dict], example: list[dict],
           titles: dict[str, str], specs, data: dict) -> None:
    cols = spec.columns
    _head_rows(sheet, [_heads(spec, c, t) for c in cols], [c.key for c in cols])
    for row in example:
        values = [EXAMPLE if c.key == "note" else row.get(c.key) for c in cols]
        _put_row(sheet, 4, values, italic=True, fill=SAMPLE)
    for n, row in enumerate(rows, start=FIRST_DATA_ROW):
        _put_row(sheet, n, [row.get(c.key) for c in cols])
    last = FIRST_DATA_ROW + len(rows) + SPARE_ROWS
    for i, column in enumerate(cols, start=1):
        letter = get_column_letter(i)
        _format(sheet, spec, column, letter, FIRST_DATA_ROW + len(rows) - 1)
        check = _check(spec, column, t, titles, specs, data)
        if check is not None:
            check.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.add_data_validation(check)
        width = 44 if column.role == "source" else 30 if column.role == "note" else \
            max(10, min(28, 2 + max(len(_heads(spec, column, t)[1]),
                                   _longest(rows + example, column))))
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _printing(sheet, "1:3")


def _printing(sheet, titles: str = "") -> None:
    """A4 landscape, one page wide, the headings repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if titles:
        sheet.print_title_rows = titles


def _width(text: str) -> int:
    """Columns a text takes: a Chinese character is about two Latin ones wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _longest(rows: list[dict], column: Column) -> int:
    return max([_width(str(r.get(column.key) or "")) for r in rows[:200]] or [0])


def _head_rows(sheet, heads: list[tuple[str, str]], keys: list[str]) -> None:
    for i, ((zh, en), key) in enumerate(zip(heads, keys, strict=True), start=1):
        for r, text in ((1, zh), (2, en)):
            cell = sheet.cell(row=r, column=i, value=text)
            cell.font, cell.fill = Font(bold=r == 1), HEAD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell = sheet.cell(row=3, column=i, value=key)
        cell.font, cell.fill = Font(color="808080", size=9), KEYS


def _put_row(sheet, r: int, values: list, italic: bool = False, fill=None) -> None:
    for i, value in enumerate(values, start=1):
        cell = sheet.cell(row=r, column=i)
        put(cell, value)
        if italic:
            cell.font = Font(italic=True, color="7F7F7F")
        if fill is not None:
            cell.fill = fill


def _format(sheet, spec: Sheet, column: Column, letter: str, last: int) -> None:
    u = unit(spec, column.key, column.facts)[1]
    fmt = "@" if column.facts.kind in ("code", "text", "choice", "range") else \
        "#,##0" if "yuan" in u else "0.00##" if u.startswith("share") else \
        '"TRUE";"TRUE";"FALSE"' if column.facts.kind == "bool" else None
    if fmt:
        for r in range(4, last + 1):
            sheet[f"{letter}{r}"].number_format = fmt


def _check(spec, column: Column, t: Lang, titles, specs, data) -> DataValidation | None:
    """The drop-down list or the number check of a column, with its prompt."""
    f = column.facts
    if column.role not in ("key", "value"):
        return None
    if column.ref:
        target = next(s for s in specs if s.key == column.ref)
        ident = next(i for i, c in enumerate(target.columns, start=1)
                     if c.key in ("code", "id") and c.role == "value")
        letter = get_column_letter(ident)
        end = FIRST_DATA_ROW + len(data.get(column.ref, [])) + SPARE_ROWS
        ranged = f"{quote_sheetname(titles[column.ref])}!${letter}${FIRST_DATA_ROW}:" \
                 f"${letter}${end}"
        check = DataValidation(type="list", formula1=ranged, allow_blank=True)
    else:
        check = validation(f)
    if check is None:
        return None
    zh, en, *_ = words(spec, column.key)
    check.promptTitle = (zh if t.zh else en)[:32]
    check.prompt = meaning(spec, column.key, t.code, f.description)[:250]
    check.errorTitle = check.promptTitle
    check.error = allowed(spec, column, t, titles)[:250]
    check.showInputMessage = check.showErrorMessage = True
    return check


def validation(f: Facts) -> DataValidation | None:
    """The check Excel and LibreOffice apply as a value is typed (lists, whole numbers, …)."""
    if f.kind in ("choice", "bool"):
        items = f.options if f.kind == "choice" else ("TRUE", "FALSE")
        listed = ",".join(items)
        if len(listed) > 250:
            return None
        return DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    if f.kind not in ("int", "float", "year"):
        return None
    kind = "decimal" if f.kind == "float" else "whole"
    low, high = f.low, f.high
    if low is not None and high is not None:
        return DataValidation(type=kind, operator="between", formula1=str(low),
                              formula2=str(high), allow_blank=True)
    if low is not None:
        return DataValidation(type=kind, operator="greaterThan" if f.low_open else
                              "greaterThanOrEqual", formula1=str(low), allow_blank=True)
    return None


def allowed(spec: Sheet, column: Column, t: Lang, titles: dict[str, str]) -> str:
    """What a column accepts, in words."""
    f = column.facts
    if column.ref:
        what = words(spec, column.key)[0 if t.zh else 1]
        return t("book.ref", sheet=titles.get(column.ref, column.ref), what=what)
    return facts_text(f, t)


def member(value: str, t: Lang) -> str:
    """A value of a closed set in words: 'self_care' is 自理, '0-2' is 0-2 岁."""
    for prefix in ("care", "staff", "kind", "member"):
        if f"{prefix}.{value}" in t:
            return t(f"{prefix}.{value}")
    if value[:1].isdigit():
        return t("book.age", band=value)
    return value


def facts_text(f: Facts, t: Lang) -> str:
    if f.kind == "range":
        return t("book.range")
    if f.kind == "choice":
        shown = [o if member(o, t) == o else f"{o} {member(o, t)}" for o in f.options]
        text = t("book.one_of", items=", ".join(shown))
    elif f.kind == "year":
        text = t("book.year_needed", low=int(f.low), high=int(f.high))
    elif f.kind == "code":
        text = t("book.code")
    elif f.kind == "text":
        text = t("book.slug") if f.slug else t("book.any_text")
    elif f.kind in ("bool", "date"):
        text = t(f"book.{f.kind}")
    else:
        text = t("book.int" if f.kind == "int" else "book.number") + _range(f)
    if not f.required and f.default not in (None, [], {}):
        shown = t.yes(f.default) if isinstance(f.default, bool) else str(f.default)
        if not hasattr(f.default, "model_fields"):
            text += "; " + t("book.blank_default", default=shown)
    return text


def _range(f: Facts) -> str:
    def num(v):
        return f"{v:,.0f}" if float(v).is_integer() else str(v)
    if f.low is not None and f.high is not None:
        return f" {num(f.low)}–{num(f.high)}"
    if f.low is not None:
        return f" {'>' if f.low_open else '≥'} {num(f.low)}"
    return ""


# --- parameter sheets --------------------------------------------------------------------

def _params(sheet, spec: Sheet, t: Lang, rows: list[dict], example: list[dict]) -> None:
    cols = spec.columns
    _head_rows(sheet, [_heads(spec, c, t) for c in cols], [c.key for c in cols])
    given = {r["key"]: r for r in rows}
    shown = {r["key"]: r.get("value") for r in example}
    for n, leaf in enumerate(spec.leaves, start=4):
        row = given.get(leaf.key, {})
        zh, en = unit(spec, leaf.key, leaf.facts)
        text = meaning(spec, leaf.key, t.code, leaf.facts.description) + _members(spec, leaf, t)
        if not leaf.facts.figure and spec.key == "region" and leaf.key != "census.as_of":
            text += " " + t("book.no_source")
        values = {"key": leaf.key, "meaning": text, "unit": zh if t.zh else en,
                  "allowed": facts_text(leaf.facts, t), "value": row.get("value"),
                  "range": row.get("range"), "source": row.get("source"),
                  "example": shown.get(leaf.key)}
        _put_row(sheet, n, [values.get(c.key) for c in cols])
        for i, c in enumerate(cols, start=1):
            if c.role == "info" or c.key == "key" or (c.role == "range" and not leaf.ranged):
                sheet.cell(row=n, column=i).fill = FIXED
            if c.role == "range":
                sheet.cell(row=n, column=i).number_format = "@"
        check = validation(leaf.facts)
        if check is not None:
            value_col = get_column_letter(next(i for i, c in enumerate(cols, 1)
                                               if c.key == "value"))
            check.error = facts_text(leaf.facts, t)[:250]
            check.showErrorMessage = True
            check.add(f"{value_col}{n}")
            sheet.add_data_validation(check)
    widths = {"key": 44, "meaning": 48, "unit": 12, "allowed": 22, "value": 14, "range": 16,
              "source": 44, "example": 18, "note": 24}
    for i, c in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(c.key, 14)
    sheet.freeze_panes = "B4"
    _printing(sheet, "1:3")


def _members(spec: Sheet, leaf, t: Lang) -> str:
    """'：长期监护，自理' for demand.care_mix.long_term.self_care: the keys below its block."""
    tail = []
    for n in range(len(leaf.path), 0, -1):
        if ".".join(leaf.path[:n]) in WORDS:
            tail = list(leaf.path[n:])
            break
    if not tail:
        return ""
    sep = "，" if t.zh else ", "
    return ("：" if t.zh else ": ") + sep.join(member(k, t) for k in tail)


# --- read-me, the columns explained, notes -----------------------------------------------

def _readme(book, t: Lang, specs, region, path: Path) -> None:
    sheet = book.create_sheet(t("book.readme"))
    name = t.name(region) if region is not None else ""
    lines: list[tuple[str, bool]] = [
        (t("book.title", name=name) if region is not None else t("book.title_blank"), True),
        (t("book.intro"), False), ("", False), (t("book.how"), True)]
    for key in ("rows", "lists", "source", "ranges", "params", "units", "import", "errors"):
        lines.append(("• " + t(f"book.how.{key}", file=path.name, stem=path.stem), False))
    lines += [("", False), (t("book.sheets"), True)]
    for spec in specs:
        lines.append((f"{spec.title(t.code)}: {t(f'book.sheet.{spec.key}')}", False))
    for key in ("columns", "notes"):
        lines.append((f"{t(f'book.{key}')}: {t(f'book.sheet.{key}')}", False))
    for r, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=r, column=1)
        put(cell, text)
        cell.font = Font(bold=bold, size=14 if r == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[r].height = 16 * max(1, -(-_width(text) // 118)) + 4
    sheet.column_dimensions["A"].width = 110
    _printing(sheet)


def _columns(book, t: Lang, specs) -> None:
    sheet = book.create_sheet(t("book.columns"))
    heads = [t(f"book.col.{k}") for k in ("sheet", "key", "zh", "en", "meaning", "unit",
                                           "allowed", "required", "use")]
    _head_rows(sheet, [(h, h) for h in heads], ["" for _ in heads])
    sheet.delete_rows(2, 2)
    r = 2
    titles = {s.key: s.title(t.code) for s in specs}
    for spec in specs:
        items = [(c.key, c) for c in spec.columns if c.role != "info"] if spec.shape != \
            "params" else [(leaf.key, Column(leaf.key, "value", leaf.facts))
                           for leaf in spec.leaves] + [(c.key, c) for c in spec.ranges]
        for key, column in items:
            zh, en = _heads(spec, column, t)
            needed = column.facts.required or column.role == "key"
            values = [titles[spec.key], key, zh, en,
                      meaning(spec, key, t.code, column.facts.description),
                      unit(spec, key, column.facts)[0 if t.zh else 1],
                      allowed(spec, column, t, titles), t.yes(needed), use(spec, key, t.code)]
            _put_row(sheet, r, values)
            r += 1
    for i, width in enumerate((14, 34, 22, 26, 56, 14, 36, 8, 44), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"
    _printing(sheet, "1:1")


def _notes(book, t: Lang, notes: list[str]) -> None:
    sheet = book.create_sheet(t("book.notes"))
    put(sheet.cell(row=1, column=1), t("book.col.text"))
    sheet.cell(row=1, column=1).font, sheet.cell(row=1, column=1).fill = Font(bold=True), HEAD
    for r, line in enumerate(notes, start=2):
        put(sheet.cell(row=r, column=1), line)
    sheet.column_dimensions["A"].width = 110
