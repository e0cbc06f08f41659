"""A region from a workbook: the sheets' rows placed into a region file's structure.

The rows of each sheet become the same nested data a region YAML file holds, with the cell
of every value remembered, and then go through exactly the validation and cross-checks of
``sim.scenario.load_region_document``: a problem found there is reported at its sheet and
cell with the column's heading (``shaoxing.xlsx:机构!F7: 床位数 (beds): -5 is out of range
(must be >= 0)``).

Sources: the model holds one ``source:`` per block (a county, an institution, the census,
the costs). Every row of a sheet has a ``source`` cell; the rows that feed one block give
its source, the first text as it is and any other text after it with the rows it covers.
A row with figures and no source is an error, unless the planner allows unsourced figures:
then it is labelled ``A (unsourced, entered by …)``, which the report lists with the other
assumptions.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.scenario.checks import _check_region, _one_of
from sim.scenario.errors import _did_you_mean, validate
from sim.scenario.estimates import range_key
from sim.scenario.model import Region
from sim.scenario.problems import InputError, Problem
from sim.scenario.ranges import from_text
from sim.scenario.sheets import RANGE, Sheet, owner, placeholder, sheets, words
from sim.scenario.workbook_cells import Book, Grid, Row, read_book, typed
from sim.scenario.yamlio import Document, _capped

UNSOURCED = "A (unsourced, entered by {who})"


@dataclass
class Imported:
    """A region read from a workbook, and what the planner should know about it."""

    region: Region
    document: Document
    notes: list[str]                         # the free notes sheet (a region file's comments)
    unsourced: list[str] = field(default_factory=list)   # cells labelled A (unsourced, …)


def load_workbook_region(path: str | Path, allow_unsourced: bool = False,
                         entered_by: str = "", model: type = Region) -> Imported:
    """Read, place, validate and cross-check a region workbook (or folder of CSV files)."""
    specs = sheets(model)
    book = read_book(Path(path), specs)
    who = entered_by or book.author or _user()
    placer = _Placer(book, model, UNSOURCED.format(who=who) if allow_unsourced else "")
    for spec in specs:
        if spec.key in book.grids:
            placer.place(book.grids[spec.key])
    placer.finish(specs)
    doc = Document(placer.data, placer.positions)
    try:
        region = validate(model, doc)
        problems = list(_check_region(region, doc))
    except InputError as exc:
        region, problems = None, exc.problems
    problems = placer.problems + [p for p in problems if (p.file, p.message) not in placer.seen]
    if problems:
        raise InputError(_capped(placer.located(problems)))
    return Imported(region, doc, book.notes, placer.unsourced)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class _Placer:
    """Builds the region's nested data from rows, remembering each value's cell."""

    def __init__(self, book: Book, model: type, unsourced_label: str):
        self.book, self.model, self.label = book, model, unsourced_label
        self.data: dict = {}
        self.positions: dict[tuple[str, ...], tuple[str, int]] = {(): (book.name, 0)}
        self.problems: list[Problem] = []
        self.seen: set[tuple[str, str]] = set()
        self.columns: dict[str, tuple[Sheet, str]] = {}     # cell reference -> its column
        self.order: dict[str, tuple[int, int, int]] = {}    # cell reference -> sort key
        self.sources: dict[tuple, list[tuple[str, str, str]]] = {}
        self.unsourced: list[str] = []
        self.ids: dict[tuple, dict[str, int]] = {}          # list path -> id -> index

    # --- problems ------------------------------------------------------------------------

    def problem(self, ref: str, message: str, allowed: str = "") -> None:
        self.problems.append(Problem(ref, 0, "", message, allowed))
        self.seen.add((ref, message))

    def located(self, problems: list[Problem]) -> list[Problem]:
        """Each problem at its cell, named by the column's headings, in sheet order."""
        out = []
        for p in problems:
            sheet_col = self.columns.get(p.file)
            if p.message == "required key is missing":
                p = self._missing(p, sheet_col is not None)
            if sheet_col is not None:
                zh, en, *_ = words(*sheet_col)
                p = Problem(p.file, 0, f"{zh} ({en})" if zh != en else en, p.message, p.allowed)
            out.append(p)
        return sorted(out, key=lambda p: self.order.get(p.file, (0, 0, 0)))

    def _missing(self, p: Problem, at_cell: bool) -> Problem:
        """A value the model requires, in the planner's terms: a blank cell, or sheets to
        fill in."""
        if at_cell:
            return Problem(p.file, 0, p.path, "is blank", "a value is needed here")
        parts = tuple(p.path.split("."))
        block = parts[:-1] if parts[-1] == "source" else parts
        names = [s.zh for s in sheets(self.model) if any(
            len(path) >= len(block) and
            all(placeholder(a) or a == b for a, b in zip(path, block, strict=False))
            for path in [s.path, *(c.path for c in s.values), *(x.path for x in s.leaves)])]
        if parts[-1] == "source":
            return Problem(p.file, 0, p.path, "no source for these figures",
                           "a source on the rows of sheet " + ", ".join(names))
        return Problem(p.file, 0, p.path, "no data", "fill in sheet " + ", ".join(names))

    def remember(self, grid: Grid, row: Row, key: str, column_key: str | None = None) -> str:
        ref = row.refs[key]
        self.columns[ref] = (grid.sheet, column_key or key)
        sheet_no = list(self.book.grids).index(grid.sheet.key)
        self.order[ref] = (sheet_no + 1, row.number, list(row.refs).index(key))
        return ref

    # --- placing rows --------------------------------------------------------------------

    def place(self, grid: Grid) -> None:
        spec = grid.sheet
        for path in [spec.path] + [c.path for c in spec.values]:
            while path and placeholder(path[-1]):
                path = path[:-1]
            if path and not any(placeholder(p) for p in path):
                self.positions.setdefault(path, (grid.where, 0))
        for row in grid.rows:
            {"records": self._record, "cells": self._cells, "params": self._param}[
                grid.sheet.shape](grid, row)

    def _record(self, grid: Grid, row: Row) -> None:
        spec = grid.sheet
        where = self._resolve(grid, row, spec.path)
        if where is None:
            return
        items = self._node(where, [])
        index = len(items)
        item = {c.key: typed(c.facts.kind, row.cells[c.key]) for c in spec.values
                if row.cells.get(c.key) is not None}
        items.append(item)
        here = (*where, str(index))
        self.positions[tuple(map(str, here))] = (row.refs[spec.columns[0].key], 0)
        for c in spec.values:
            self.positions[(*map(str, here), c.key)] = (self.remember(grid, row, c.key), 0)
        ident = item.get("code", item.get("id"))
        if ident is not None:
            self.ids.setdefault(where, {}).setdefault(str(ident), index)
        figures = [c.key for c in spec.values if c.facts.figure and c.key in item]
        self._source(grid, row, owner(here, self.model), figures, here)
        for c in spec.ranges:
            self._range(grid, row, c.key, (*here, c.ref))

    def _cells(self, grid: Grid, row: Row) -> None:
        for column in grid.sheet.values:
            value = typed(column.facts.kind, row.cells.get(column.key))
            where = self._resolve(grid, row, column.path)
            if where is None:
                return
            ref = self.remember(grid, row, column.key)
            key = tuple(map(str, where))
            if value is None:
                self.positions.setdefault(key, (ref, 0))
                if row.cells.get(column.key + RANGE) is not None:
                    self.problem(self.remember(grid, row, column.key + RANGE),
                                 f"a range without its figure ({column.key} is blank)",
                                 f"the figure in column {column.key}, or no range")
                continue
            self._set(grid, row, where, value, ref)
            self._source(grid, row, owner(where, self.model), [column.key], where)
            ranged = column.key + RANGE
            if ranged in grid.sheet.index:
                self._range(grid, row, ranged, where)

    def _param(self, grid: Grid, row: Row) -> None:
        spec = grid.sheet
        leaves = {leaf.key: leaf for leaf in spec.leaves}
        key, ref = row.cells.get("key"), self.remember(grid, row, "key")
        if key not in leaves:
            self.problem(ref, f"unknown item {key!r}{_did_you_mean(key, list(leaves))}",
                         _one_of(leaves))
            return
        leaf = leaves[key]
        value_ref = self.remember(grid, row, "value", key)
        value = typed(leaf.facts.kind, row.cells.get("value"))
        if value is None:
            self.positions.setdefault(leaf.path, (value_ref, 0))
            return
        self._set(grid, row, leaf.path, value, value_ref)
        figures = [key] if leaf.facts.figure else []
        self._source(grid, row, owner(leaf.path, self.model), figures, leaf.path)
        if "range" in row.refs:
            self._range(grid, row, "range", leaf.path, key + RANGE)

    def _range(self, grid: Grid, row: Row, key: str, where: tuple,
               heading: str | None = None) -> None:
        """The range a row gives for its figure, placed beside the block's source; a range
        of a figure that several rows hold (a table, a series) is given once, or alike."""
        text = row.cells.get(key)
        if text is None:
            return
        ref = self.remember(grid, row, key, heading)
        block = owner(tuple(map(str, where)), self.model)
        name = None if block is None else range_key(block, where)
        if name is None:
            self.problem(ref, "this figure takes no range (it is not an estimate the "
                         "sensitivity analysis varies)", "leave the cell blank")
            return
        ranges = self._node((*block, "ranges"), {})
        at = (*map(str, block), "ranges", name)
        if name in ranges:
            if ranges[name] != from_text(text):
                first = self.positions.get(at, ("", 0))[0]
                self.problem(ref, f"a second, different range for {name} (the first is at "
                             f"{first})", "the range on one row, or the same on each")
            return
        ranges[name] = from_text(text)
        self.positions[at] = (ref, 0)

    def _set(self, grid: Grid, row: Row, where: tuple, value: Any, ref: str) -> None:
        parent = self._node(where[:-1], {})
        last = where[-1]
        if not isinstance(parent, dict) or isinstance(parent.get(last), dict):
            self.problem(ref, "a row without a year and rows with years for the same item",
                         "one row with the year blank, or one row for each year")
            return
        if last in parent:
            first = self.positions.get(tuple(map(str, where)), ("", 0))[0]
            self.problem(ref, f"a second value for the same item (the first is at {first})",
                         "one row for each item")
            return
        parent[last] = value
        self.positions[tuple(map(str, where))] = (ref, 0)

    def _node(self, path: tuple, empty: Any) -> Any:
        """The container at ``path``, made on the way where missing."""
        node = self.data
        for n, part in enumerate(path):
            last = n == len(path) - 1
            if isinstance(node, list):
                node = node[int(part)]
                continue
            if not isinstance(node, dict):
                return node
            if part not in node:
                node[part] = (empty if last else {}).__class__()
            node = node[part]
        return node

    def _resolve(self, grid: Grid, row: Row, template: tuple[str, ...]) -> tuple | None:
        """The concrete path of a template for one row: ids found, keys checked."""
        out: list = []
        for part in template:
            name = placeholder(part)
            if name is None:
                out.append(part)
                continue
            key, optional = name
            value, ref = row.cells.get(key), self.remember(grid, row, key)
            value = typed(grid.sheet.column(key).facts.kind, value)
            if value is None:
                if optional:
                    return tuple(out)         # one value for every year: no year key
                self.problem(ref, f"{key} is blank", "every row names its " + key)
                return None
            found = self._key(grid, row, key, value, ref, tuple(out))
            if found is None:
                return None
            out.append(found)
        return tuple(out)

    def _key(self, grid, row, key, value, ref, parent) -> Any:
        """A key column's value as a step of the path: a list's index found by its id, a
        year, a choice checked against the model's options, or a code or id as text."""
        column = grid.sheet.column(key)
        if isinstance(self._peek(parent), list) or (column.ref and column.ref != "counties"):
            ids = self.ids.get(parent if isinstance(self._peek(parent), list)
                               else (column.ref,), {})
            if str(value) not in ids:
                sheet = next((s.zh for s in sheets(self.model) if s.key == column.ref), key)
                self.problem(ref, f"{key} {value!r} is not on sheet {sheet}",
                             _one_of(ids) if ids else f"fill in sheet {sheet} first")
                return None
            return _Index(ids[str(value)]) if isinstance(self._peek(parent), list) \
                else str(value)
        kind = column.facts
        if kind.kind == "year":
            if not isinstance(value, int) or isinstance(value, bool) or \
                    not kind.low <= value <= kind.high:
                self.problem(ref, f"{value!r} is not a year", "a calendar year, 1949-2100")
                return None
            return value
        if kind.kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                self.problem(ref, f"{value!r} is not a whole number", "a whole number")
                return None
            return value
        if kind.kind == "choice" and str(value) not in kind.options:
            self.problem(ref, f"{value!r} is not allowed{_did_you_mean(value, kind.options)}",
                         _one_of(kind.options))
            return None
        return str(value)

    def _peek(self, path: tuple) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, list):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    # --- sources -------------------------------------------------------------------------

    def _source(self, grid: Grid, row: Row, block: tuple | None, figures: list[str],
                where: tuple) -> None:
        if block is None or "source" not in row.refs:
            return
        ref = self.remember(grid, row, "source")
        text = row.cells.get("source")
        if text is None and figures:
            if not self.label:
                self.problem(ref, "no source for " + ", ".join(figures),
                             "where the figures come from (S-…, GK, E or A with a reason), or "
                             "import with --allow-unsourced to label them A (unsourced, …)")
                return
            text = self.label
            self.unsourced.append(f"{ref}: {', '.join(figures)}")
        if text is None:
            return
        label = " ".join(str(p) for p in where[len(block):] if not isinstance(p, _Index)) \
            or grid.sheet.key
        self.sources.setdefault(tuple(map(str, block)), []).append((str(text), label, ref))

    def finish(self, specs: tuple[Sheet, ...]) -> None:
        """Sources joined per block; every institution in the census; params complete."""
        for block, found in self.sources.items():
            self._node(block, {})["source"] = joined(found)
            self.positions[(*block, "source")] = (found[0][2], 0)
        ids = self.ids.get(("institutions",), {})
        census = self._node(("census", "children"), {})
        ordered = {i: census.pop(i, []) for i in ids} | census
        census.clear()
        census.update(ordered)
        grids = self.book.grids
        for inst, index in ids.items():
            self.positions.setdefault(("census", "children", inst),
                                      self.positions.get(("institutions", str(index)),
                                                         (self.book.name, 0)))
        for spec in specs:
            if spec.shape == "params" and spec.key in grids:
                present = {r.cells.get("key") for r in grids[spec.key].rows}
                for leaf in spec.leaves:
                    if leaf.facts.required and leaf.key not in present:
                        self.problem(grids[spec.key].where, f"no row for {leaf.key}",
                                     "one row for each item the template lists")


class _Index(int):
    """A list's index in a concrete path (unlike a year, it names no item)."""


def joined(found: list[tuple[str, str, str]]) -> str:
    """One block's source from its rows': the first as it is, others with what they cover."""
    texts: dict[str, list[str]] = {}
    for text, label, _ in found:
        texts.setdefault(text, [])
        if label not in texts[text]:
            texts[text].append(label)
    first, *rest = texts
    parts = [first]
    for text in rest:
        labels = texts[text]
        shown = ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "")
        parts.append(f"{shown}: {text}")
    return "; ".join(parts)
