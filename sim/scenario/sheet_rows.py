"""A region's values as the rows of its workbook: the inverse of placing rows.

``rows(region)`` gives, for each sheet, the rows a planner would have typed to describe the
region, every row carrying the source of the block it feeds; ``cwplan template --region``
writes them, and reading them back gives the region again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.scenario.estimates import range_key
from sim.scenario.model import Region
from sim.scenario.ranges import as_text
from sim.scenario.sheets import Sheet, owner, placeholder, sheets


def rows(region: Any, model: type = Region) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's rows (column key -> value) for a validated region."""
    data = region.model_dump(mode="python")
    out = {}
    for spec in sheets(model):
        make = {"records": _records, "cells": _cells, "params": _params}[spec.shape]
        out[spec.key] = list(make(spec, data, model))
    return out


def _expand(node: Any, template: tuple[str, ...], path: tuple = (),
            bound: dict | None = None) -> Iterator[tuple[dict, tuple, Any]]:
    """Every (key values, concrete path, value) that a path template reaches in the data."""
    bound = bound or {}
    if not template:
        yield bound, path, node
        return
    part, rest = template[0], template[1:]
    name = placeholder(part)
    if name is None:
        if isinstance(node, dict) and part in node:
            yield from _expand(node[part], rest, (*path, part), bound)
        return
    key, optional = name
    if isinstance(node, list):
        for i, item in enumerate(node):
            ident = item.get("code", item.get("id"))
            yield from _expand(item, rest, (*path, i), {**bound, key: ident})
    elif isinstance(node, dict):
        for k, value in node.items():
            if optional and k == 0:                 # a series given as one number
                yield from _expand(value, rest, path, {**bound, key: None})
            else:
                yield from _expand(value, rest, (*path, k), {**bound, key: k})


def _block(data: dict, path: tuple, model: type) -> tuple[tuple | None, dict | None]:
    """The block (its path and its data) that carries the source of the value at ``path``."""
    block = owner(tuple(map(str, path)), model)
    if block is None:
        return None, None
    node: Any = data
    for part in block:
        node = node[int(part)] if isinstance(node, list) else node[part]
        if node is None:
            return block, None          # an optional block the region leaves out
    return block, node


def _source(data: dict, path: tuple, model: type) -> str | None:
    node = _block(data, path, model)[1]
    return None if node is None else node.get("source")


def _range(data: dict, path: tuple, model: type, seen: set) -> str | None:
    """The range of the figure at ``path``, on the first row that holds it (a wage's on its
    first year, the census's on its first row): a range is given once."""
    block, node = _block(data, path, model)
    key = None if block is None else range_key(block, path)
    given = (node or {}).get("ranges") or {}
    if key is None or key not in given or (block, key) in seen:
        return None
    seen.add((block, key))
    return as_text(given[key])


def _records(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    seen: set = set()
    for bound, path, items in _expand(data, spec.path):
        for i, item in enumerate(items or []):
            row = dict(bound)
            row.update({c.key: item.get(c.key) for c in spec.values})
            row.update({c.key: _range(data, (*path, i, c.ref), model, seen) for c in spec.ranges})
            row["source"] = _source(data, (*path, i), model)
            yield row


def _cells(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    found: dict[tuple, dict] = {}
    seen: set = set()
    for column in spec.values + spec.ranges:
        for bound, path, value in _expand(data, column.path):
            row = found.setdefault(tuple(bound.get(k.key) for k in spec.keys), dict(bound))
            row[column.key] = value if column.role == "value" else \
                _range(data, path, model, seen)
            row.setdefault("source", _source(data, path, model))
    yield from found.values()


def _params(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    seen: set = set()
    for leaf in spec.leaves:
        node: Any = data
        for part in leaf.path:
            node = node.get(part) if isinstance(node, dict) else None
        yield {"key": leaf.key, "value": node, "source": _source(data, leaf.path, model),
               "range": _range(data, leaf.path, model, seen) if leaf.ranged else None}
