"""The region as a workbook: which sheet, row and column holds which value of a region file.

A civil-affairs bureau keeps its data in spreadsheets. Each part of a region file is one
sheet, in one of three shapes:

- *records*: one row per item of a list (a county, an institution, a group of children in
  care), placed by a path such as ``prefectures/{prefecture}/counties`` whose placeholders
  are key columns naming the parent (here the prefecture's code);
- *cells*: one row per value of a nested mapping (staff by institution and role, arrivals by
  county, kind and year); each value column has a path of its own;
- *params*: one row per single value of a block (durations, probabilities, costs), named by
  its dotted key.

Everything a column needs to know (kind, allowed values, limits, whether it may be blank)
comes from the pydantic region model through ``sim.scenario.facts``; the layout below only
says where each part goes. A block added to the model lands on a parameter sheet by itself
when it is made of single values; a list or a mapping keyed by codes needs one line in
``LAYOUT``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.estimates import Entry, entry_at
from sim.scenario.facts import Facts, child, facts, fields, is_leaf, is_model, keys_of, strip
from sim.scenario.model import Region
from sim.scenario.sheet_words import ENDINGS, RANGE_WORDS, SHARE, UNITS, USES, WORDS

# Fields no value column holds: the source has a column of its own, and each range a column
# beside its figure's (``beds_range`` beside ``beds``; ``range`` on a parameter sheet).
UNLAID = ("source", "ranges")
RANGE = "_range"
# Fields of a region file that no sheet holds on purpose, by model path (``*`` for a list's
# items), each with the reason; a test fails on any other field without a column. None is
# left out today: every field of a region file has its column or parameter row.
LEFT_OUT: dict[str, str] = {}

# Key columns that name a row of another sheet, and that sheet.
REFS = {"province": "provinces", "prefecture": "prefectures", "county": "counties",
        "institution": "institutions"}

# (key, Chinese title, English title, shape, where), in the order a bureau fills them in.
# records: the list's path; cells: {value column: its path}; params: the blocks it holds.
LAYOUT: tuple[tuple[str, str, str, str, Any], ...] = (
    ("region", "地区", "Region", "params", [()]),
    ("provinces", "省份", "Provinces", "records", ("provinces",)),
    ("prefectures", "地市", "Prefectures", "records", ("prefectures",)),
    ("counties", "县区", "Counties", "records", ("prefectures", "{prefecture}", "counties")),
    ("institutions", "机构", "Institutions", "records", ("institutions",)),
    ("staff", "在编人员", "Staff on roll", "cells",
     {"n": ("institutions", "{institution}", "staff", "{role}")}),
    ("options", "扩容方案", "Capacity options", "records",
     ("institutions", "{institution}", "options")),
    ("children", "在院儿童", "Children in care", "records",
     ("census", "children", "{institution}")),
    ("arrivals", "来院", "Arrivals", "cells",
     {"rate": ("demand", "arrivals", "{county}", "{kind}", "{year?}")}),
    ("wages", "工资", "Wages", "cells",
     {"wage": ("costs", "wages_yuan_per_year", "{role}", "{year?}")}),
    ("exits", "离院", "Leaving care", "cells",
     {"adoption": ("process", "exits", "adoption_per_year", "{care}", "{age}"),
      "foster": ("process", "exits", "foster_per_year", "{care}", "{age}")}),
    ("durations", "时长与概率", "Durations and probabilities", "params",
     [("demand",), ("process",)]),
    ("costs", "费用", "Costs", "params", [("costs",)]),
    ("allowance", "生活费发放", "Allowance paid", "cells",
     {"yuan": ("costs", "allowance", "yuan_per_child_month", "{year}")}),
    ("plans", "省级实施方案", "Implementation plans", "records", ("implementation_plans",)),
    # observed yearly counts for the backtest: one row per place, series and year
    ("history", "历史观测", "Observed history", "records", ("observed",)),
)
OPTIONAL_SHEETS = {"options", "history", "allowance", "plans"}
PLACEHOLDER = re.compile(r"^\{(\w+)(\??)\}$")


@dataclass(frozen=True)
class Column:
    key: str                        # the name in the sheet's key row
    role: str                       # key, value, range, source, note or info
    facts: Facts
    path: tuple[str, ...] = ()      # a value column of a cells sheet: where its value goes
    ref: str = ""                   # the sheet whose ids a key column names
    optional: bool = False          # a key column that may be blank ({year?})


@dataclass(frozen=True)
class Leaf:
    """One row of a parameter sheet: a single value of the region file."""

    path: tuple[str, ...]
    facts: Facts

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def ranged(self) -> Entry | None:
        """The uncertain input the value is part of, whose range its row may give."""
        return entry_at(self.path)


@dataclass(frozen=True)
class Sheet:
    key: str
    zh: str
    en: str
    shape: str                      # records, cells or params
    path: tuple[str, ...]           # records: the list's path
    columns: tuple[Column, ...]
    leaves: tuple[Leaf, ...] = ()
    optional: bool = False
    index: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.index.update({c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self.index[key]

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def keys(self) -> list[Column]:
        return [c for c in self.columns if c.role == "key"]

    @property
    def values(self) -> list[Column]:
        return [c for c in self.columns if c.role == "value"]

    @property
    def ranges(self) -> list[Column]:
        return [c for c in self.columns if c.role == "range"]


class LayoutError(Exception):
    """The region model holds something no sheet has a place for."""


def placeholder(part: str) -> tuple[str, bool] | None:
    """``{name}`` or ``{name?}`` (a key that may be blank) in a path, else None."""
    found = PLACEHOLDER.match(part)
    return (found.group(1), bool(found.group(2))) if found else None


def walk(path: tuple[str, ...], model: type = Region) -> Any:
    """The type at a path; a placeholder stands for any key (or the first field of a model)."""
    return step(path, model)[0]


def step(path: tuple[str, ...], model: type = Region) -> tuple[Any, Any]:
    """The type at a path and, when its last step is a model's field, that field."""
    tp: Any = model
    info = None
    for part in path:
        bare, _ = strip(tp)
        if placeholder(part) and is_model(bare):
            part = next(n for n in fields(bare) if n != "source")
        tp, info = child(tp, part)
    return tp, info


def found(path: tuple[str, ...], model: type = Region) -> Facts:
    """The facts of the single value at a path."""
    return facts(*step(path, model))


def owner(path: tuple, model: type = Region) -> tuple | None:
    """The deepest block at or above ``path`` that carries a ``source:``, or None."""
    tp: Any = model
    found = None
    for n in range(len(path) + 1):
        bare, _ = strip(tp)
        if is_model(bare) and "source" in fields(bare):
            found = tuple(path[:n])
        if n == len(path):
            break
        part = str(path[n])
        if placeholder(part) and is_model(bare):
            part = next(f for f in fields(bare) if f != "source")
        try:
            tp, _ = child(tp, part)
        except KeyError:
            break
    return found


@functools.cache
def sheets(model: type = Region) -> tuple[Sheet, ...]:
    """Every sheet of a region workbook for ``model``, in order."""
    claims = _claims(model)
    built = {}
    for key, zh, en, shape, where in LAYOUT:
        if shape == "params":
            continue
        root = where if shape == "records" else next(iter(where.values()))
        if not _holds(model, root):
            continue
        make = _records if shape == "records" else _cells
        built[key] = make(key, zh, en, where, claims, model)
    taken: list[tuple[str, ...]] = []
    for key, zh, en, _, where in sorted(
            (row for row in LAYOUT if row[3] == "params"), key=lambda r: -max(map(len, r[4]))):
        leaves = [leaf for prefix in where for leaf in _leaves(model, prefix, claims, taken)]
        taken += [p for p in where if p]
        built[key] = _params(key, zh, en, leaves)
    return tuple(built[row[0]] for row in LAYOUT if row[0] in built)


def _holds(model: type, path: tuple[str, ...]) -> bool:
    try:
        walk(path, model)
    except KeyError:
        return False
    return True


def _claims(model: type) -> list[tuple[str, ...]]:
    """The parts of the file that table sheets hold (paths without trailing placeholders)."""
    out = []
    for _, _, _, shape, where in LAYOUT:
        paths = [where] if shape == "records" else list(where.values()) if shape == "cells" \
            else []
        out += [_bare(path) for path in paths if _holds(model, path)]
    return out


def _bare(path: tuple[str, ...]) -> tuple[str, ...]:
    while path and placeholder(path[-1]):
        path = path[:-1]
    return path


def _claimed(path: tuple[str, ...], claims: list[tuple[str, ...]],
             within: tuple[str, ...] = ()) -> bool:
    """Whether a table sheet holds ``path``; inside the sheet holding ``within``, only a
    sheet for a part of its rows counts (the institutions' staff, not the institutions)."""
    return any(len(c) > len(within) and len(path) >= len(c) and
               all(placeholder(a) or a == b for a, b in zip(c, path, strict=False)) for c in claims)


def _left_out(path: tuple[str, ...]) -> bool:
    return ".".join("*" if placeholder(p) else p for p in path) in LEFT_OUT


def _key_column(path: tuple[str, ...], n: int, model: type) -> Column:
    name, optional = placeholder(path[n])
    container, info = step(path[:n], model)
    bare, _ = strip(container)
    if getattr(bare, "__origin__", None) is list:
        item = strip(bare.__args__[0])[0]
        ident = fields(item)["code" if "code" in fields(item) else "id"]
        kind = facts(ident.annotation, ident)
    else:
        kind = keys_of(container, info)
    return Column(name, "key", kind, ref=REFS.get(name, ""), optional=optional)


def _records(key, zh, en, path, claims, model) -> Sheet:
    keys = [_key_column(path, n, model) for n, part in enumerate(path) if placeholder(part)]
    item = strip(walk(path, model))[0].__args__[0]
    item = strip(item)[0]
    cols = list(keys)
    for name, info in fields(item).items():
        if name in UNLAID or _left_out((*path, "*", name)):
            continue
        if _claimed((*path, "{item}", name), claims, within=_bare(path)):
            continue
        if not is_leaf(info.annotation):
            raise LayoutError(f"{key}: {name} is not a single value; give it a sheet")
        cols.append(Column(name, "value", facts(info.annotation, info), ref=REFS.get(name, "")))
    cols += _range_columns(cols, lambda c: (*path, "{item}", c.key))
    return _finish(key, zh, en, "records", path, cols, (*path, "{item}"), model)


def _range_columns(cols: list[Column], value_path) -> list[Column]:
    """A range column for each value column whose figure is an uncertain input."""
    return [Column(c.key + RANGE, "range", Facts("range", required=False), path=value_path(c),
                   ref=c.key) for c in cols if c.role == "value" and entry_at(value_path(c))]


def _cells(key, zh, en, values, claims, model) -> Sheet:
    first = next(iter(values.values()))
    keys = [_key_column(first, n, model) for n, part in enumerate(first) if placeholder(part)]
    cols = list(keys)
    for name, path in values.items():
        cols.append(Column(name, "value", found(path, model), path=path))
    cols += _range_columns(cols, lambda c: c.path)
    return _finish(key, zh, en, "cells", (), cols, first, model)


def _finish(key, zh, en, shape, path, cols, row_path, model) -> Sheet:
    if owner(row_path, model) is not None:
        cols.append(Column("source", "source", Facts("text", required=False)))
    cols.append(Column("note", "note", Facts("text", required=False)))
    return Sheet(key, zh, en, shape, path, tuple(cols), optional=key in OPTIONAL_SHEETS)


def _params(key, zh, en, leaves: list[Leaf]) -> Sheet:
    text = Facts("text", required=False)
    cols = [Column("key", "key", Facts("choice", tuple(leaf.key for leaf in leaves))),
            Column("meaning", "info", text), Column("unit", "info", text),
            Column("allowed", "info", text),
            Column("value", "value", Facts("text", required=True)),
            *([Column("range", "range", Facts("range", required=False))]
              if any(leaf.ranged for leaf in leaves) else []),
            Column("source", "source", text), Column("example", "info", text),
            Column("note", "note", text)]
    return Sheet(key, zh, en, "params", (), tuple(cols), tuple(leaves))


def _leaves(model, prefix, claims, taken) -> list[Leaf]:
    """The single values under ``prefix`` that no table sheet and no other sheet holds."""
    out: list[Leaf] = []
    stack = [(prefix, walk(prefix, model))]
    while stack:
        path, tp = stack.pop(0)
        if _claimed(path, claims) or any(path[:len(t)] == t for t in taken if t != prefix):
            continue
        if is_leaf(tp):
            out.append(Leaf(path, found(path, model)))
            continue
        bare, _ = strip(tp)
        if is_model(bare):
            stack[:0] = [((*path, n), f.annotation) for n, f in fields(bare).items()
                         if n not in UNLAID and not _left_out((*path, n))]
            continue
        keys = keys_of(*step(path, model))
        if keys.kind != "choice":
            raise LayoutError(f"{'.'.join(path)} is keyed by {keys.kind}: give it a sheet")
        value = walk((*path, "{any}"), model)
        stack[:0] = [((*path, k), value) for k in keys.options]
    return out


# --- Words: headings, meanings, units and uses -----------------------------------------

def words(sheet: Sheet, key: str) -> tuple[str, str, str, str, str]:
    """(Chinese heading, English heading, Chinese meaning, English meaning, use)."""
    if key.endswith(RANGE) and key != RANGE:
        zh, en, *_ = words(sheet, key.removesuffix(RANGE))
        return (RANGE_WORDS[0].format(zh=zh), RANGE_WORDS[1].format(en=en),
                RANGE_WORDS[2].format(zh=zh), RANGE_WORDS[3].format(en=en), "ranges")
    found = WORDS.get(f"{sheet.key}.{key}") or WORDS.get(key)
    if found is None and "." in key:            # a parameter in a mapping: its block's words
        block, _, member = key.rpartition(".")
        base = WORDS.get(block) or WORDS.get(block.rpartition(".")[0])
        if base:
            found = (f"{base[0]}：{member}", f"{base[1]}: {member}", base[2], base[3], base[4])
    if found is None:
        name = key.rpartition(".")[2].replace("_", " ")
        found = (name, name, "", "", "names")
    return found


def meaning(sheet: Sheet, key: str, lang: str, description: str = "") -> str:
    """A column's meaning in one language: the model's own description where it gives one
    in that language ("中文 — English", or English alone), else the workbook's words."""
    zh, sep, en = description.partition(" — ")
    if not sep:
        zh, en = ("", description) if description and description.isascii() else ("", "")
    own = words(sheet, key)
    return (zh.strip() or own[2]) if lang == "zh" else (en.strip() or own[3])


def unit(sheet: Sheet, key: str, found: Facts) -> tuple[str, str]:
    """A column's unit, from its name, its parameter key or its limits (shares are 0–1); a
    range is in its figure's unit or in percent (a table moved as a whole: percent only)."""
    if found.kind == "range":
        column = sheet.index.get(key)
        figure = key.removesuffix(RANGE)
        whole = column is not None and column.path and \
            (entry_at(column.path) or Entry("", "", "", "")).relative_only
        if figure == "range":
            return ("与数值同单位或 %", "the value's unit, or %")
        if whole:
            return ("%", "%")
        zh, en = unit(sheet, figure, sheet.index[figure].facts) if figure in sheet.index \
            else ("", "")
        return (f"{zh} 或 %" if zh else "%"), (f"{en} or %" if en else "%")
    for name in (f"{sheet.key}.{key}", key, key.rpartition(".")[0]):
        if name in UNITS:
            return UNITS[name]
    for ending, pair in ENDINGS:
        if key.endswith(ending) or f"{ending}." in key:
            return pair
    if found.numeric and found.low == 0 and found.high == 1:
        return SHARE
    return ("", "")


def use(sheet: Sheet, key: str, lang: str) -> str:
    zh, en = USES[words(sheet, key)[4]]
    return zh if lang == "zh" else en
