"""A region's values as the rows of its workbook: the inverse of placing rows.

``rows(region)`` gives, for each sheet, the rows a planner would have typed to describe the
region, every row carrying the source of the block it feeds; ``cwplan template --region``
writes them, and reading them back gives the region again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.scenario.model import Region
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


def _source(data: dict, path: tuple, model: type) -> str | None:
    block = owner(tuple(map(str, path)), model)
    if block is None:
        return None
    node: Any = data
    for part in block:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node.get("source")


def _records(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    for bound, path, items in _expand(data, spec.path):
        for i, item in enumerate(items or []):
            row = dict(bound)
            row.update({c.key: item.get(c.key) for c in spec.values})
            row["source"] = _source(data, (*path, i), model)
            yield row


def _cells(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    found: dict[tuple, dict] = {}
    for column in spec.values:
        for bound, path, value in _expand(data, column.path):
            row = found.setdefault(tuple(bound.get(k.key) for k in spec.keys), dict(bound))
            row[column.key] = value
            row.setdefault("source", _source(data, path, model))
    yield from found.values()


def _params(spec: Sheet, data: dict, model: type) -> Iterator[dict]:
    for leaf in spec.leaves:
        node: Any = data
        for part in leaf.path:
            node = node.get(part) if isinstance(node, dict) else None
        yield {"key": leaf.key, "value": node, "source": _source(data, leaf.path, model)}
