"""How sure a region's figure is: its provenance code and the range it may lie in.

Every block of a region file that carries ``source:`` may also carry ``ranges:``, a mapping
from the block's keys to the range a planner believes the figure lies in:

    staffing:
      attrition_per_year: 0.08
      round_the_clock_caregivers: 5
      source: "E (DATA_SOURCES.md: staffing)"
      ranges:
        attrition_per_year: [0.05, 0.12]        # low and high, in the figure's own unit
        round_the_clock_caregivers: ±20%        # relative to the figure
        recruitment_days: [-20%, +50%]          # relative, lopsided

A figure without a range of its own gets the default rule of its provenance code, read from
its ``source:`` (S-xxx sourced, GK general knowledge, E estimate, A assumption; a policy
document's id counts as sourced): ``DEFAULT_SPREAD`` below, the one place it is stated.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from sim.scenario.bilingual import halves

# The default rule: the relative half-width of a figure's range by its provenance code.
# Sourced figures (S-xxx, a policy document) are not varied unless a range is given.
DEFAULT_SPREAD: dict[str, float | None] = {"S": None, "GK": 0.2, "E": 0.2, "A": 0.5}
UNMARKED = "A"      # a source that carries no code is taken as an assumption
CODES = ("S", "GK", "E", "A")

_PERCENT = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*%\s*$")
_SYMMETRIC = re.compile(r"^\s*(?:±|\+/-|\+-)\s*(\d+(?:\.\d+)?)\s*%\s*$")
# a provenance code: S-xxx, GK, E or A standing alone, or a policy document's id
_CODE = re.compile(r"(?<![\w-])(S-[\w.-]+|GK|E|A|[a-z]{2}-\d{4}(?:-\d+)?|[a-z]{2}-\d+fyp)"
                   r"(?![\w-])")


class Spread(BaseModel):
    """A range: absolute ends in the figure's unit, or fractions of it (-0.2 means −20 %)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float
    high: float
    relative: bool

    def ends(self, value: float) -> tuple[float, float]:
        """The range's two ends for a figure of ``value``."""
        if self.relative:
            return value * (1 + self.low), value * (1 + self.high)
        return self.low, self.high

    def text(self) -> str:
        """As a planner writes it: "[0.05, 0.12]", "±20%" or "[-20%, +50%]"."""
        if not self.relative:
            return f"[{_g(self.low)}, {_g(self.high)}]"
        if self.low == -self.high:
            return f"±{_g(100 * self.high)}%"
        return f"[{_g(100 * self.low)}%, +{_g(100 * self.high)}%]"


def _g(x: float) -> str:
    return f"{x:.10g}"


def _spread(value: Any) -> Any:
    """[low, high] numbers, "±20%", or [-20%, +50%]; anything else is refused."""
    if isinstance(value, Spread | dict):
        return value
    if isinstance(value, str):
        found = _SYMMETRIC.match(value)
        if not found:
            raise ValueError(f"{value!r} is not a range: write [low, high], ±20% or "
                             "[-20%, +50%]")
        half = float(found.group(1)) / 100
        return {"low": -half, "high": half, "relative": True}
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError("a range is [low, high], ±20% or [-20%, +50%]")
    ends = [_end(v) for v in value]
    kinds = {relative for _, relative in ends}
    if len(kinds) != 1:
        raise ValueError("both ends of a range are numbers, or both are percentages")
    (low, relative), (high, _) = ends
    if low > high:
        raise ValueError(f"the low end {value[0]} is above the high end {value[1]}")
    if relative and not low <= 0 <= high:
        raise ValueError("a relative range runs from a change of at most 0% up to at least "
                         "0%, e.g. [-20%, +10%]")
    if relative and low <= -1:
        raise ValueError("a relative range cannot go down by 100% or more")
    return {"low": low, "high": high, "relative": relative}


def _end(value: Any) -> tuple[float, bool]:
    if isinstance(value, bool):
        raise ValueError("an end of a range is a number or a percentage")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("an end of a range is a finite number")
        return float(value), False
    found = _PERCENT.match(value) if isinstance(value, str) else None
    if not found:
        raise ValueError(f"{value!r} is neither a number nor a percentage such as -20%")
    sign = -1.0 if found.group(1) == "-" else 1.0
    return sign * float(found.group(2)) / 100, True


_PERCENT_SCHEMA = {"type": "string", "pattern": r"^[+-]?\d+(\.\d+)?%$"}
SpreadValue = Annotated[Spread, BeforeValidator(_spread), WithJsonSchema({
    "description": "[low, high] in the figure's unit, ±20%, or [-20%, +50%]",
    "oneOf": [
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        {"type": "array", "items": _PERCENT_SCHEMA, "minItems": 2, "maxItems": 2},
        {"type": "string", "pattern": r"^(±|\+/-|\+-)\d+(\.\d+)?%$"},
    ]})]
RANGES_DESCRIPTION = (
    "ranges of this block's figures, by key: [low, high] in the figure's unit, ±20%, or "
    "[-20%, +50%]; a figure without one gets the default of its provenance code "
    "(E and GK ±20%, A ±50%, sourced none)"
    "\n本段各数值的取值范围（按键）：[下限, 上限]（与数值同单位）、±20% 或 [-20%, +50%]；"
    "未给出者按来源代码取默认值（E 和 GK ±20%，A ±50%，有出处者无）")


def provenance(source: str, hints: tuple[str, ...] = ()) -> str:
    """The provenance code of one figure in a ``source:`` text: S, GK, E or A.

    A source often names several figures ("population S-shaoxing2023; townships GK"): the
    code is read from the first ``;``-part that names one of ``hints`` (the figure's words),
    otherwise from the whole text. Within it an estimate's or assumption's code wins over
    the sourced facts it cites ("E: city total 9,572,903 S-zj7 split by ..." is an
    estimate): S only where no E, GK or A is written; the code after the figure's word
    first, else the first of the part. A note written in both languages is read in English,
    the language of the figures' words.
    """
    source = halves(source)[1]
    for hint in hints:
        for part in source.split(";"):
            at = part.lower().find(hint.lower())
            if at >= 0:
                return _weak(part[at:]) or _weak(part) or _sourced(part) or UNMARKED
    return _weak(source) or _sourced(source) or UNMARKED


def _weak(text: str) -> str | None:
    """The first estimate, general-knowledge or assumption code of a text."""
    return next((c for c in _codes(text) if c in ("GK", "E", "A")), None)


def _sourced(text: str) -> str | None:
    return "S" if _codes(text) else None


def _codes(text: str) -> list[str]:
    return [found.group(1) for found in _CODE.finditer(text)]


def default_spread(code: str) -> Spread | None:
    """The default rule's range for a figure of provenance ``code`` (None: not varied)."""
    half = DEFAULT_SPREAD.get(code, DEFAULT_SPREAD[UNMARKED])
    return None if half is None else Spread(low=-half, high=half, relative=True)
