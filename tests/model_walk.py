"""Walking the region model and a region's data, for the tests that check every field of a
region file has its place (a workbook column, an entry of the estimates list) or a reason.

A path names list items and mappings keyed by codes, ids or years by ``*``; a mapping keyed
by a closed set (care levels, roles, age bands) and a model's fields are named one by one.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel

from sim.scenario.facts import fields, is_model, strip

SPECIAL = ("source", "ranges")


def _keys(tp: Any) -> list[str] | None:
    """The keys of a mapping type when they are a closed set, else None."""
    key = strip(typing.get_args(tp)[0])[0]
    if typing.get_origin(key) is Literal:
        return [str(k) for k in typing.get_args(key)]
    return None


def fields_of(tp: Any, path: tuple = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, type) of every single value a file of type ``tp`` may hold, and of every
    ``source`` and ``ranges`` field (not walked into)."""
    bare, _ = strip(tp)
    if is_model(bare):
        for name, info in fields(bare).items():
            if name in SPECIAL:
                yield (*path, name), info.annotation
            else:
                yield from fields_of(info.annotation, (*path, name))
        return
    origin = typing.get_origin(bare)
    if origin is dict:
        value = typing.get_args(bare)[1]
        for key in _keys(bare) or ["*"]:
            yield from fields_of(value, (*path, key))
    elif origin is list:
        yield from fields_of(typing.get_args(bare)[0], (*path, "*"))
    else:
        yield path, bare


def expand(template: tuple[str, ...], tp: Any) -> list[tuple[str, ...]]:
    """The paths a workbook path template stands for: a placeholder over a model's fields or
    a closed set of keys is each of them, over a list or an open mapping ``*``."""
    if not template:
        return [()]
    bare, _ = strip(tp)
    part, rest = template[0], template[1:]
    if is_model(bare):
        named = [n for n in fields(bare) if n not in SPECIAL] if part.startswith("{") \
            else [part]
        return [(n, *r) for n in named for r in expand(rest, fields(bare)[n].annotation)]
    origin = typing.get_origin(bare)
    value = typing.get_args(bare)[1] if origin is dict else typing.get_args(bare)[0]
    keys = (_keys(bare) if origin is dict else None) or ["*"]
    if not part.startswith("{") and part in keys:
        keys = [part]
    if part.endswith("?}") and not rest:        # a series given as one number, or by year
        return [(k,) for k in keys]
    return [(k, *r) for k in keys for r in expand(rest, value)]


def values_of(node: Any, path: tuple = (), source: str = "") -> Iterator[tuple[tuple, Any, str]]:
    """(path, value, source of its block) of every number in a region's data."""
    if isinstance(node, BaseModel):
        own = getattr(node, "source", None)
        source = own if isinstance(own, str) else source
        for name in type(node).model_fields:
            if name not in SPECIAL:
                yield from values_of(getattr(node, name), (*path, name), source)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from values_of(value, (*path, str(key)), source)
    elif isinstance(node, list | tuple):
        for n, value in enumerate(node):
            yield from values_of(value, (*path, str(n)), source)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path, node, source


def matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether ``pattern`` (``*`` for any one part) is ``path`` or a part of it above."""
    return len(pattern) <= len(path) and all(
        a in ("*", b) for a, b in zip(pattern, path, strict=False))
