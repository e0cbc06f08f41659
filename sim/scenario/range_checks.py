"""Checking the ranges a region file gives beside its ``source:`` texts.

A range names a figure of its own block (``process.staffing.ranges.attrition_per_year``), in
the forms ``sim.scenario.ranges`` reads; here it is held against the figure: a table moved as
a whole takes a percentage, a range reaches only the values the figure can take, an
absolute range contains the file's figure, and a mix varies through one share.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from sim.scenario.estimates import ENTRIES, Entry, baseline, blocks, entry_for, get_in, split
from sim.scenario.model import Region
from sim.scenario.ranges import Spread


def range_problems(region: Region) -> Iterator[tuple[tuple, str, str]]:
    """(key path, what is wrong, what is allowed) for every range the file gives amiss."""
    for name in dict.fromkeys(e.block for e in ENTRIES):
        names = [e.key for e in ENTRIES if e.block == name]
        for at, _, _, block in blocks(region, name):
            mixes: dict[str, str] = {}
            for key, spread in block.ranges.items():
                where = (*at, "ranges", key)
                entry = entry_for(name, key)
                if entry is None:
                    yield where, f"{key!r} is not a figure whose range this block can give", \
                        "one of " + ", ".join(names)
                    continue
                if entry.shape == "share":
                    mix = key.rpartition(".")[0]
                    if mix in mixes:
                        yield where, f"the mix {mix} already varies through {mixes[mix]}", \
                            "one share per mix; the others keep their proportions"
                    mixes[mix] = key
                yield from _range_problem(where, entry, spread, block, key)


def _range_problem(where: tuple, entry: Entry, spread: Spread, block: Any,
                   key: str) -> Iterator[tuple[tuple, str, str]]:
    if entry.relative_only and not spread.relative:
        yield where, f"{key} moves as a whole, so its range is a percentage", \
            "e.g. ±20% or [-20%, +30%]"
        return
    value = baseline(entry, get_in(block, split(key)))
    yield from ends_problem(where, spread, value, entry.low, entry.high)


def ends_problem(where: tuple, spread: Spread, value: float, least: float,
                 most: float) -> Iterator[tuple[tuple, str, str]]:
    """A range reaching beyond what the figure can take, or an absolute one that misses it."""
    low, high = spread.ends(value)
    allowed = f"from {least:g} to {most:g}" if math.isfinite(most) else f"at least {least:g}"
    if low < least - 1e-12 or high > most + 1e-12:
        yield where, f"the range {spread.text()} reaches {low:g} to {high:g}, beyond the " \
            "values this figure can take", allowed
    elif not spread.relative and not low <= value <= high:
        yield where, f"the range {spread.text()} does not contain the file's figure " \
            f"{value:g}", "a range around the figure"
