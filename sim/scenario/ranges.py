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
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from sim.scenario.bilingual import halves

# The default rule: the relative half-width of a figure's range by its provenance code.
# Sourced figures (S-xxx, a policy document) are not varied unless a range is given.
DEFAULT_SPREAD: dict[str, float | None] = {"S": None, "GK": 0.2, "E": 0.2, "A": 0.5}
UNMARKED = "A"      # a source that carries no code is taken as an assumption
CODES = ("S", "GK", "E", "A")

_PERCENT = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*%\s*$")
_SYMMETRIC = re.compile(r"^\s*(?:±|\+/-|\+-)\s*(\d+(?:\.\d+)?)\s*%\s*$")
_DAYS = re.compile(r"^\s*([+-]?)\s*(\d+)\s*(?:d|days?)\s*$")
_SYMMETRIC_DAYS = re.compile(r"^\s*(?:±|\+/-|\+-)\s*(\d+)\s*(?:d|days?)\s*$")
# a provenance code: S-xxx, GK, E or A standing alone, or a policy document's id
_CODE = re.compile(r"(?<![\w-])(S-[\w.-]+|GK|E|A|[a-z]{2}-\d{4}(?:-\d+)?|[a-z]{2}-\d+fyp)"
                   r"(?![\w-])")


class Spread(BaseModel):
    """A range: absolute ends in the figure's unit, or fractions of it (-0.2 means −20 %).

    For a date (an assumed rule value such as a campaign's start) ``days`` is set: absolute
    ends are days (``date.toordinal()``), relative ends shift the date by days.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float
    high: float
    relative: bool
    days: bool = False

    def ends(self, value: float) -> tuple[float, float]:
        """The range's two ends for a figure of ``value`` (a date as its ordinal)."""
        if self.relative and self.days:
            return value + self.low, value + self.high
        if self.relative:
            return value * (1 + self.low), value * (1 + self.high)
        return self.low, self.high

    def text(self) -> str:
        """As a planner writes it: "[0.05, 0.12]", "±20%", "[-20%, +50%]", "±30d"."""
        return as_text(self.plain())

    def plain(self) -> Any:
        """As a region or scenario file holds it: a list of two ends or a "±20%" text."""
        if not self.relative:
            if self.days:
                return [date.fromordinal(int(end)) for end in (self.low, self.high)]
            return [_number(self.low), _number(self.high)]
        sign = (lambda x: _g(x) + "d") if self.days else (lambda x: _percent(x) + "%")
        if self.low == -self.high:
            return f"±{sign(self.high)}"
        return [sign(self.low), "+" + sign(self.high)]     # low <= 0 <= high


def _g(x: float) -> str:
    """A number as short as it can be written and still read back the same."""
    text = f"{x:.10g}"
    return text if float(text) == x else repr(float(x))


def _percent(x: float) -> str:
    """A fraction as the percentage that reads back to the same fraction."""
    for digits in (10, 15, 17):
        text = f"{100 * x:.{digits}g}"
        if float(text) / 100 == x:
            return text
    return repr(100 * x)


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def _spread(value: Any) -> Any:
    """[low, high] numbers, "±20%", or [-20%, +50%]; anything else is refused."""
    return _parse(value, dates=False)


def _rule_spread(value: Any) -> Any:
    """A range of an assumed rule value: a number's as ``_spread``, or a date's: [first day,
    last day], "±30d" or [-10d, +30d] (days before and after)."""
    return _parse(value, dates=True)


FORMS = "[low, high], ±20% or [-20%, +50%]"
DATE_FORMS = "[2022-07-01, 2022-09-30], ±30d or [-10d, +30d]"


def _parse(value: Any, dates: bool) -> Any:
    if isinstance(value, Spread | dict):
        return value
    forms = f"{FORMS}, or for a date {DATE_FORMS}" if dates else FORMS
    if isinstance(value, str):
        found = _SYMMETRIC.match(value) or (_SYMMETRIC_DAYS.match(value) if dates else None)
        if not found:
            raise ValueError(f"{value!r} is not a range: write {forms}")
        in_days = found.re is _SYMMETRIC_DAYS
        half = float(found.group(1)) / (1 if in_days else 100)
        return {"low": -half, "high": half, "relative": True, "days": in_days}
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"a range is {forms}")
    ends = [_end(v, dates) for v in value]
    kinds = {kind for _, kind in ends}
    if len(kinds) != 1:
        raise ValueError("both ends of a range are of one kind: numbers, percentages"
                         + (", dates or days" if dates else ""))
    (low, kind), (high, _) = ends
    if low > high:
        raise ValueError(f"the low end {value[0]} is above the high end {value[1]}")
    relative = kind in ("percent", "shift")
    if relative and not low <= 0 <= high:
        raise ValueError("a relative range runs from a change of at most 0 up to at least "
                         "0, e.g. [-20%, +10%]" + (" or [-10d, +30d]" if dates else ""))
    if kind == "percent" and low <= -1:
        raise ValueError("a relative range cannot go down by 100% or more")
    return {"low": low, "high": high, "relative": relative, "days": kind in ("shift", "date")}


def _end(value: Any, dates: bool) -> tuple[float, str]:
    """An end of a range and its kind: number, percent, date or shift (days)."""
    if isinstance(value, bool):
        raise ValueError("an end of a range is a number or a percentage")
    if dates and isinstance(value, date):
        return float(value.toordinal()), "date"
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("an end of a range is a finite number")
        return float(value), "number"
    text = value if isinstance(value, str) else ""
    found = _PERCENT.match(text)
    if found:
        sign = -1.0 if found.group(1) == "-" else 1.0
        return sign * float(found.group(2)) / 100, "percent"
    found = _DAYS.match(text) if dates else None
    if found:
        sign = -1.0 if found.group(1) == "-" else 1.0
        return sign * float(found.group(2)), "shift"
    raise ValueError(f"{value!r} is neither a number nor a percentage such as -20%"
                     + (", a date or days such as -10d" if dates else ""))


def _plain_spread(spread: Spread) -> Any:
    return spread.plain()


def as_text(plain: Any) -> str:
    """A range as a file holds it (``Spread.plain``), in the words of a workbook cell."""
    if isinstance(plain, str):
        return plain
    return "[" + ", ".join(str(end) for end in plain) + "]"


def from_text(cell: Any) -> Any:
    """A workbook cell's range as a file holds it: "[0.05, 0.12]" is two numbers, "[-20%,
    +50%]" two percentages; anything else is left for the range's check to refuse."""
    if not isinstance(cell, str):
        return cell
    text = cell.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return text
    parts = [p.strip() for p in text[1:-1].split(",")]
    if len(parts) != 2:
        return text
    return [_number_or_text(p) for p in parts]


def _number_or_text(text: str) -> Any:
    try:
        return _number(float(text))
    except ValueError:
        return text


_PERCENT_SCHEMA = {"type": "string", "pattern": r"^[+-]?\d+(\.\d+)?%$"}
_NUMBER_FORMS = [
    {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    {"type": "array", "items": _PERCENT_SCHEMA, "minItems": 2, "maxItems": 2},
    {"type": "string", "pattern": r"^(±|\+/-|\+-)\d+(\.\d+)?%$"},
]
_DAYS_SCHEMA = {"type": "string", "pattern": r"^[+-]?\d+ ?(d|days?)$"}
SpreadValue = Annotated[Spread, BeforeValidator(_spread),
                        PlainSerializer(_plain_spread, return_type=Any),
                        WithJsonSchema({"description": FORMS, "oneOf": _NUMBER_FORMS})]
RuleSpreadValue = Annotated[Spread, BeforeValidator(_rule_spread),
                            PlainSerializer(_plain_spread, return_type=Any),
                            WithJsonSchema({"description": f"{FORMS}; for a date {DATE_FORMS}",
                                            "oneOf": [*_NUMBER_FORMS, {
                                                "type": "array", "minItems": 2, "maxItems": 2,
                                                "items": {"type": "string", "format": "date"}},
                                                {"type": "array", "items": _DAYS_SCHEMA,
                                                 "minItems": 2, "maxItems": 2},
                                                {"type": "string",
                                                 "pattern": r"^(±|\+/-|\+-)\d+ ?(d|days?)$"}]})]
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
