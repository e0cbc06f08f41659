"""What the region model says about one value: its type, allowed values, limits, default.

The workbook's columns take their kinds, drop-down lists and limits from here, so that the
pydantic models stay the one definition of what a region file may hold.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.scenario.model import _code, _series

YEARS = (1949, 2100)     # the calendar years a by-year series accepts (model._series)


@dataclass(frozen=True)
class Facts:
    """One value's kind as a planner fills it in."""

    kind: str                          # int, float, text, bool, date, code, choice, year
    options: tuple[str, ...] = ()      # the allowed values of a choice
    low: float | None = None
    low_open: bool = False             # low itself is not allowed
    high: float | None = None
    high_open: bool = False
    required: bool = True
    default: Any = None
    description: str = ""              # the model's own description of the value
    slug: bool = False                 # lower-case letters, digits, - and _

    @property
    def figure(self) -> bool:
        """A number, date or yes/no that must say where it comes from."""
        return self.kind in ("int", "float", "bool", "date")

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float", "year")


def strip(tp: Any) -> tuple[Any, list]:
    """A type without Annotated[...] and Optional[...], and the metadata found on the way."""
    meta: list = []
    optional = False
    while True:
        if typing.get_origin(tp) is Annotated:
            meta.extend(typing.get_args(tp)[1:])
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) in (typing.Union, types.UnionType) and \
                type(None) in typing.get_args(tp):
            optional = True
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            if optional:
                meta.append(_OPTIONAL)
            return tp, meta


_OPTIONAL = object()


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def fields(tp: Any) -> dict[str, FieldInfo]:
    """A model's fields by the name a file uses (the alias where there is one)."""
    return {f.alias or name: f for name, f in tp.model_fields.items()}


def child(tp: Any, part: str) -> tuple[Any, FieldInfo | None]:
    """The type found one step down ``tp``: a model's field, a dict's value, a list's item."""
    tp, _ = strip(tp)
    if is_model(tp):
        field = fields(tp)[part]
        return field.annotation, field
    origin = typing.get_origin(tp)
    if origin is dict:
        return typing.get_args(tp)[1], None
    if origin is list:
        return typing.get_args(tp)[0], None
    raise KeyError(part)


def keys_of(tp: Any, field: FieldInfo | None = None) -> Facts:
    """What may stand one step down ``tp``: a dict's keys or a model's fields."""
    tp, meta = strip(tp)
    meta += list(field.metadata) if field is not None else []
    if is_model(tp):
        names = tuple(n for n in fields(tp) if n != "source")
        return Facts("choice", names)
    key = typing.get_args(tp)[0]
    if any(getattr(m, "func", None) is _series for m in meta):
        return Facts("year", low=YEARS[0], high=YEARS[1])
    return facts(key)


def facts(tp: Any, field: FieldInfo | None = None) -> Facts:
    """The kind, options, limits and default of a value of type ``tp``."""
    meta = list(field.metadata) if field is not None else []
    tp, found = strip(tp)
    meta += found
    for m in list(meta):
        if isinstance(m, FieldInfo):
            meta += m.metadata
    bounds = _bounds(meta)
    required = field.is_required() if field is not None else _OPTIONAL not in meta
    default = None if field is None or field.is_required() else field.default
    description = (field.description or "") if field is not None else ""
    common = dict(required=required, default=default, description=description, **bounds)
    if any(getattr(m, "func", None) is _code for m in meta):
        return Facts("code", **common)
    if typing.get_origin(tp) is Literal:
        return Facts("choice", tuple(str(a) for a in typing.get_args(tp)), **common)
    slug = any(getattr(m, "pattern", None) for m in meta)
    kinds = {bool: "bool", int: "int", float: "float", str: "text", date: "date"}
    if tp in kinds:
        return Facts(kinds[tp], slug=slug, **common)
    raise TypeError(f"not a single value: {tp!r}")


def is_leaf(tp: Any) -> bool:
    tp, _ = strip(tp)
    return not (is_model(tp) or typing.get_origin(tp) in (dict, list))


def _bounds(meta: list) -> dict:
    out: dict = {}
    for m in meta:
        for name, key, is_open in (("ge", "low", False), ("gt", "low", True),
                                   ("le", "high", False), ("lt", "high", True)):
            value = getattr(m, name, None)
            if value is not None and not isinstance(m, FieldInfo):
                out[key], out[f"{key}_open"] = value, is_open
    return out
