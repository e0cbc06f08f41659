"""A table of the report, once, for every output: HTML, Markdown, spreadsheet and CSV.

A table holds raw values (yuan, shares between 0 and 1, dates) and says of each column what
kind of value it holds. Each output formats the same rows its own way: the HTML and the
Markdown in the reader's unit (万元 or million yuan, percentages, "mean (95 % interval)"),
the spreadsheet and the CSV files in whole numbers a budget officer can add up (yuan, with
the interval's ends in columns of their own).
"""

from __future__ import annotations

import csv
import math
import numbers
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reports.i18n import Lang
from reports.markup import Rich

KINDS = ("text", "year", "int", "number", "money", "share", "date", "stat", "money_stat",
         "share_stat", "chance", "occurrence")


@dataclass(frozen=True)
class Stat:
    """A mean (or a probability) with the ends of its 95 % interval."""

    mean: float
    low: float
    high: float
    kind: str = ""          # overrides the column's kind (a table of mixed indicators)

    @classmethod
    def of(cls, described: dict | None, kind: str = "") -> Stat | None:
        if not described:
            return None
        centre = described["mean"] if "mean" in described else described["p"]
        return cls(centre, described["ci95"][0], described["ci95"][1], kind)


@dataclass(frozen=True)
class Occurrence:
    """A count that is zero in most replications (``sim.results.occurrence``): in how many
    replications it happens, with the Wilson interval of that share, and its size then."""

    happened: int
    replications: int
    share: float
    low: float
    high: float
    when: dict | None            # p50, p90, min, max, first_date... when it happens
    brief: bool = False          # in a column of a wide table: share and size only

    @classmethod
    def of(cls, found: dict, brief: bool = False) -> Occurrence:
        return cls(found["happened"], found["n"], found["p"], *found["ci95"], found["when"],
                   brief)

    def sizes(self, t: Lang) -> str:
        """"438 and 454" for two replications, "median 446, 90th percentile 452" for more."""
        w = self.when or {}
        if self.happened == 1:
            return t.number(w["max"], 0)
        if self.happened == 2:
            return t("occ.days_two", a=t.number(w["min"], 0), b=t.number(w["max"], 0))
        return t("occ.days_many", p50=t.number(w["p50"], 0), p90=t.number(w["p90"], 0))

    def text(self, t: Lang) -> str:
        if self.brief:
            shown = t("occ.brief", k=self.happened, n=self.replications,
                      share=t.pct(self.share))
            return shown + t("occ.brief_when", days=self.sizes(t)) if self.happened else shown
        shown = t("occ.cell", k=self.happened, n=self.replications, share=t.pct(self.share),
                  interval=t.interval(t.pct(self.low), t.pct(self.high)))
        if not self.happened:
            return shown
        return shown + t("occ.cell_when", days=self.sizes(t),
                         start=t.date((self.when or {}).get("first_date")))


@dataclass(frozen=True)
class Amount:
    """A number whose kind is its own, in a column of mixed units (a difference of KPIs)."""

    value: float
    kind: str


@dataclass(frozen=True)
class Column:
    header: str                 # in the reader's language, without unit
    kind: str = "text"
    files_only: bool = False    # in the spreadsheet and CSV, not on the page
    page_only: bool = False     # on the page (a combination of file columns), not in files

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    name: str                   # file stem of its CSV file, e.g. "costs_by_year"
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def header(col: Column, t: Lang, for_files: bool = False) -> str:
    """A column heading with its unit: 万元 or million yuan on screen, yuan in files."""
    if col.kind == "money":
        return f"{col.header} ({t('unit.yuan') if for_files else t.money_unit})"
    if for_files:
        return f"{col.header} ({t('unit.yuan')})" if col.kind == "money_stat" else col.header
    if col.kind in ("stat", "money_stat", "share_stat", "chance"):
        unit = f"{t.money_unit}, " if col.kind == "money_stat" else ""
        return t("fmt.stat_head", head=col.header, unit=unit)
    return col.header


def cell(value: Any, kind: str, t: Lang, digits: int | None = None) -> str | Rich:
    """A value as the HTML and the Markdown show it; ``digits`` fixes the decimals of a
    money column, so that every row of it has as many."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, Rich):
        return value
    if isinstance(value, Occurrence):
        return value.text(t)
    if isinstance(value, Amount):
        unit = f" {t.money_unit}" if value.kind == "money" else ""
        return cell(value.value, value.kind, t) + unit
    if kind == "money":
        return t.money(value, digits)
    if kind == "share":
        return t.pct(value)
    if kind == "int":
        return t.number(round(value))
    if kind == "year":
        return str(value)
    if kind == "number":
        return t.number(value, 1)
    if kind == "date":
        return t.date(value) if isinstance(value, date) else str(value)
    if kind in ("stat", "money_stat", "share_stat", "chance"):
        kind = value.kind or kind
        if kind in DIFFERENCES:
            return _difference(value, kind, t)
        return _stat(value, kind, t, digits)
    if isinstance(value, bool):
        return t.yes(value)
    return str(value)


def _stat(value: Stat, kind: str, t: Lang, digits: int | None) -> str:
    """"mean (low–high)" in the column's format."""
    fmt = {"stat": lambda v: t.number(v, 1), "money_stat": lambda v: t.money(v, digits),
           "share_stat": t.pct, "chance": t.pct}[kind]
    low, high = value.low, value.high
    if kind in ("share_stat", "chance"):
        # a t interval of a share can reach past 100 %; a share cannot
        low, high = max(low, 0.0), min(high, 1.0)
    elif value.mean >= 0:
        # the stats of the report count children, days and yuan, none of them negative;
        # with few replications a t interval would reach below zero
        low = max(low, 0.0)
    # a money figure in a column of mixed units names its unit itself
    if t.zh:
        unit = t.money_unit if value.kind == "money_stat" else ""
        return f"{fmt(value.mean)}{unit}（{fmt(low)}–{fmt(high)}）"
    unit = f" {t.money_unit}" if value.kind == "money_stat" else ""
    return f"{fmt(value.mean)}{unit} ({fmt(low)}–{fmt(high)})"


def money_digits(table: Table, index: int, t: Lang) -> int | None:
    """One number of decimals for a whole money column, set by its largest amount."""
    col = table.columns[index]
    if col.kind not in ("money", "money_stat"):
        return None
    amounts = []
    for row in table.rows:
        v = row[index]
        if isinstance(v, Stat) and (v.kind or col.kind) == "money_stat":
            amounts += [v.mean, v.high]
        elif isinstance(v, numbers.Real) and not isinstance(v, bool) and not math.isnan(v):
            amounts.append(float(v))
    return t.money_digits(max(map(abs, amounts), default=0.0))


DIFFERENCES = ("diff_money", "diff_number", "diff_points")


def _difference(value: Stat, kind: str, t: Lang) -> str:
    """A difference with its interval, signed, never cut at zero: money in the reader's
    unit, a difference of shares in percentage points (never "−1 %" for a change of one
    point)."""
    def one(x: float) -> str:
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return "–"
        if kind == "diff_money":
            text = t.money(x)
        elif kind == "diff_points":
            text = t.number(100 * x, 1)
        else:
            text = t.number(x, 1)
        return text if text.startswith("-") or float(text.replace(",", "")) == 0 else f"+{text}"

    unit = {"diff_money": f" {t.money_unit}", "diff_points": f" {t('unit.pp')}"}.get(kind, "")
    if value.low is None:
        return f"{one(value.mean)}{unit}"
    return f"{one(value.mean)}{unit} ({one(value.low)}–{one(value.high)})"


def shown(table: Table) -> list[int]:
    """The indices of the columns shown on screen."""
    return [i for i, col in enumerate(table.columns) if not col.files_only]


def flat(table: Table, t: Lang) -> tuple[list[str], list[list[Any]]]:
    """Headings and rows for a file: an interval becomes three columns (mean, low, high)."""
    keep = [i for i, col in enumerate(table.columns) if not col.page_only]
    columns = [table.columns[i] for i in keep]
    heads: list[str] = []
    for col in columns:
        name = header(col, t, for_files=True)
        if col.kind in ("stat", "money_stat", "share_stat", "chance"):
            heads += [f"{name} {t('col.mean')}", f"{name} {t('col.ci_low')}",
                      f"{name} {t('col.ci_high')}"]
        elif col.kind == "occurrence":
            heads += [f"{name} {t('unit.share_of_replications')}", f"{name} {t('col.ci_low')}",
                      f"{name} {t('col.ci_high')}", t("col.over_days_p50"),
                      t("col.over_days_p90"), t("col.over_first")]
        else:
            heads.append(name)
    rows = []
    for row in table.rows:
        out: list[Any] = []
        for col, value in zip(columns, (row[i] for i in keep), strict=True):
            if isinstance(value, Occurrence) and col.kind == "occurrence":
                when = value.when or {}
                out += [value.share, value.low, value.high, when.get("p50"), when.get("p90"),
                        when.get("first_date")]
            elif col.kind == "occurrence":
                out += [None] * 6
            elif isinstance(value, Occurrence):      # in a column of mixed figures
                out += [value.share, value.low, value.high]
            elif col.kind in ("stat", "money_stat", "share_stat", "chance"):
                out += [None, None, None] if value is None else [value.mean, value.low,
                                                                 value.high]
            elif isinstance(value, date):
                out.append(value.isoformat())
            elif isinstance(value, Amount):
                out.append(value.value)
            elif isinstance(value, Rich):
                out.append(str(value))
            else:
                out.append(value)
        rows.append(out)
    return heads, rows


# What each flat cell of a file holds, for its number format (spreadsheet) or its rounding
# (CSV): money in whole yuan, counts whole, shares and other numbers as the page shows them
INTERVALS = ("stat", "money_stat", "share_stat", "chance")
FILE_KINDS = {"money": "money", "money_stat": "money", "diff_money": "money", "int": "int",
              "share": "share", "share_stat": "share", "chance": "share",
              "diff_points": "share", "number": "number", "stat": "number",
              "diff_number": "number", "year": "year"}


def file_kinds(table: Table, row: list[Any]) -> list[str | None]:
    """The kind of each cell of ``row`` as :func:`flat` lays it out (an interval spans three
    cells); a value that says its own kind (an indicator in a table of mixed ones) has it."""
    out: list[str | None] = []
    for col, value in zip(table.columns, row, strict=True):
        if col.page_only:
            continue
        kind = getattr(value, "kind", "") or col.kind
        if col.kind == "occurrence":       # share of replications, its interval, sizes
            out += ["share"] * 3 + ["number"] * 2 + [None]
        elif isinstance(value, Occurrence):
            out += ["share"] * 3           # a rare outcome in a table of mixed figures
        elif col.kind in INTERVALS:
            out += [FILE_KINDS.get(kind, FILE_KINDS[col.kind])] * 3
        else:
            out.append(FILE_KINDS.get(kind))
    return out


# decimals of a CSV cell by its kind: whole yuan and whole counts, shares to a hundredth of
# a percentage point; other numbers (means of counts, days, an input's value) keep six
# significant digits and at most four decimals, enough for a rate of 0.02 a year and none
# of a mean's float noise
CSV_DIGITS = {"money": 0, "int": 0, "year": 0, "share": 4}
SIGNIFICANT, MOST_DECIMALS = 6, 4


def _rounded(value: Any, kind: str | None) -> Any:
    if kind is None or isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        return value
    digits = CSV_DIGITS.get(kind)
    if digits == 0:
        return round(float(value))
    if digits is None:
        digits = SIGNIFICANT - 1 - math.floor(math.log10(abs(value))) if value else 0
        found = round(float(value), min(max(digits, 0), MOST_DECIMALS))
        return round(found) if found == round(found) else found + 0.0
    return round(float(value), digits) + 0.0


# A spreadsheet program takes text starting with one of these for a formula; written with an
# apostrophe before it, as spreadsheet programs themselves do, the text stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_data(value: Any) -> Any:
    """A CSV cell that a spreadsheet program reads as data, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def from_data(text: str) -> str:
    """The text of a CSV cell written by :func:`as_data`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_csv(table: Table, folder: Path, t: Lang) -> Path:
    """The table as UTF-8 CSV with a byte-order mark, which spreadsheet programs expect.

    Names come from the planner's files; a cell that would start a formula is written as
    text (see :func:`as_data`). Amounts are in whole yuan and counts whole, as the files
    promise; shares and means to the precision the page gives them, so that a column reads
    alike on every row.
    """
    heads, rows = flat(table, t)
    path = folder / f"{table.name}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([as_data(h) for h in heads])
        for row, raw in zip(rows, table.rows, strict=True):
            kinds = file_kinds(table, raw)
            writer.writerow([as_data(_rounded(v, k)) for v, k in zip(row, kinds, strict=True)])
    return path
