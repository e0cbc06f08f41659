"""Moving a region's uncertain figures within their ranges, as the sensitivity run does.

``vary(region, settings)`` returns the region with inputs (``sim.scenario.estimates``) moved:
0 is each figure's low end, 1 its high end, the other figures stay as the file gives them. A
mix keeps summing to one (the others keep their proportions), a table moves as a whole, the
census keeps whole children.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from sim.scenario.estimates import Input, Item, inputs
from sim.scenario.model import AGE_BANDS, CARE_LEVELS, Region


def vary(region: Region, settings: dict[str, float], found: list[Input] | None = None) -> Region:
    """The region with each input of ``settings`` (id -> u in [0, 1]) moved within its
    range; the other figures stay as the file gives them."""
    by_id = {i.id: i for i in (found if found is not None else inputs(region))}
    for ident, u in settings.items():
        for item in by_id[ident].items:
            if item.varied:
                region = _replace(region, _target(item), _change(item, item.at(u)))
    return region


def _target(item: Item) -> tuple:
    """The part of the region a change rewrites: a mix as a whole, a table as a whole."""
    if item.entry.shape == "share":
        return item.path[:-1]
    if item.entry.shape == "census":
        return item.path
    if item.entry.shape == "scaled" and item.entry.block == "demand":
        return item.path[:-1]           # demand.arrivals, each county's rates of one kind
    return item.path


def _change(item: Item, x: float) -> Callable[[Any], Any]:
    shape, last = item.entry.shape, item.path[-1]
    if shape in ("number", "count"):
        return lambda _: int(x) if shape == "count" else x
    if shape == "series":
        factor = x / item.value if item.value else 1.0
        return lambda series: {y: v * factor for y, v in series.items()}
    if shape == "share":
        return lambda mix: _share(mix, last, x, _members(item))
    if shape == "census":
        return lambda children: _census(children, x)
    if item.entry.block == "demand":     # arrivals of one kind in every county
        return lambda rates: {c: r.model_copy(update={last: _scaled(getattr(r, last), x)})
                              for c, r in rates.items()}
    return lambda table: _scaled(table, x)


def _members(item: Item) -> tuple[str, ...]:
    return CARE_LEVELS if item.path[-1] in CARE_LEVELS else AGE_BANDS


def _scaled(table: Any, factor: float) -> Any:
    if isinstance(table, dict):
        return {k: _scaled(v, factor) for k, v in table.items()}
    return table * factor


def _share(mix: dict, part: str, x: float, members: tuple[str, ...]) -> dict:
    """The mix with ``part`` at share ``x`` and the others keeping their proportions."""
    x = min(max(x, 0.0), 1.0)
    others = {k: v for k, v in mix.items() if k != part}
    rest = sum(others.values())
    if rest > 0:
        out = {k: v * (1 - x) / rest for k, v in others.items()}
    else:                                 # the part was the whole mix: share out the rest
        spare = [m for m in members if m != part]
        out = {k: (1 - x) / len(spare) for k in spare}
    return {**out, part: x}


def _census(children: dict, factor: float) -> dict:
    """Every institution's children scaled by ``factor``, the total rounded to whole
    children and shared by largest remainders so that small rows are not all rounded away."""
    rows = [(inst, n, row) for inst, rs in children.items() for n, row in enumerate(rs)]
    wanted = [row.n * factor for _, _, row in rows]
    counts = [math.floor(w) for w in wanted]
    short = round(sum(wanted)) - sum(counts)
    for k in sorted(range(len(rows)), key=lambda k: counts[k] - wanted[k])[:max(short, 0)]:
        counts[k] += 1
    out: dict = {inst: list(rs) for inst, rs in children.items()}
    for (inst, n, row), count in zip(rows, counts, strict=True):
        out[inst][n] = row.model_copy(update={"n": count})
    return out


def _replace(node: Any, path: tuple, change: Callable[[Any], Any]) -> Any:
    """A copy of ``node`` with the value at ``path`` replaced by ``change(value)``."""
    if not path:
        return change(node)
    step, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        return node.model_copy(update={step: _replace(getattr(node, step), rest, change)})
    if isinstance(node, list | tuple):
        out = list(node)
        out[step] = _replace(node[step], rest, change)
        return type(node)(out) if isinstance(node, tuple) else out
    return {**node, step: _replace(node.get(step, 0.0), rest, change)}


