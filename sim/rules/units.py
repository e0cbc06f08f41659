"""What a rule value may be, by its unit: one table for rulebooks, adoptions, assumptions
and what-ifs alike.

Every rule of the catalogue (``POLICY_RULES.md``) states a unit in its rulebook; the unit
says what kind of value the rule holds and the range it must lie in: children per caregiver
are more than zero (a ratio of zero would mean infinitely many caregivers), a share lies
between 0 and 1, yuan are never negative, every number is finite, a date falls in a calendar
year the planner knows (1949-2100). A list or a mapping holds values of its unit's kind
(``list of dates``: dates; ``centers (city, county)``: counts). A unit is matched by its
words before any parenthesis (``share of townships (0-1)`` is a ``share of townships``).
A rulebook whose unit is not in the table is refused, so that no rule goes unchecked.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sim.scenario.model import FIRST_YEAR, LAST_YEAR


@dataclass(frozen=True)
class Kind:
    """The values a unit allows: a kind (number, integer, boolean, date, text) and a range."""

    kind: str
    low: float | None = None
    high: float | None = None
    above_low: bool = False      # the low end itself is excluded (ratios)

    def problem(self, value: Any) -> str | None:
        """What is wrong with one value (a leaf of a list or mapping), or None."""
        if self.kind == "boolean":
            return None if isinstance(value, bool) else f"{value!r} is not true or false"
        if self.kind == "text":
            return None if isinstance(value, str) and value.strip() else \
                f"{value!r} is not a name or a code"
        if self.kind == "date":
            if not isinstance(value, date):
                return f"{value!r} is not a date"
            return None if FIRST_YEAR <= value.year <= LAST_YEAR else \
                f"{value} is not between {FIRST_YEAR} and {LAST_YEAR}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{value!r} is not a number"
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
        if self.kind == "integer" and value != int(value):
            return f"{value!r} is not a whole number"
        return self._range(value)

    def _range(self, value: float) -> str | None:
        if self.low is not None and (value <= self.low if self.above_low else value < self.low):
            return f"{value!r} is out of range"
        if self.high is not None and value > self.high:
            return f"{value!r} is out of range"
        return None

    def allowed(self) -> str:
        if self.kind in ("boolean", "text"):
            return {"boolean": "true or false", "text": "names or codes"}[self.kind]
        if self.kind == "date":
            return f"a date from {FIRST_YEAR} to {LAST_YEAR}"
        what = "a whole number" if self.kind == "integer" else "a finite number"
        low = "" if self.low is None else f"{'>' if self.above_low else '>='} {_plain(self.low)}"
        high = "" if self.high is None else f"<= {_plain(self.high)}"
        return " ".join(p for p in (what, ", ".join(x for x in (low, high) if x)) if p)


def _plain(number: float) -> str:
    return f"{number:g}" if not float(number).is_integer() else f"{int(number):,}"


RATIO = Kind("number", 0, 1_000, above_low=True)
SHARE = Kind("number", 0, 1)
MONEY = Kind("number", 0, 1e9)
DAYS = Kind("number", 0, 3_650)
COUNT = Kind("integer", 0, 10_000)
TEXT, BOOLEAN, DATE = Kind("text"), Kind("boolean"), Kind("date")

# unit (its words before any parenthesis) -> what its values may be
UNITS: dict[str, Kind] = {
    "boolean": BOOLEAN,
    "date": DATE,
    "list of dates": DATE,
    "children per caregiver": RATIO,
    "share of staff": SHARE,
    "share of townships": SHARE,
    "share of centers": SHARE,
    "share of county centers": SHARE,
    "share trained per year": SHARE,
    "yuan per child per year": MONEY,
    "yuan per child per month": MONEY,
    "days": DAYS,
    "months": Kind("number", 0, 120),
    "years of age": Kind("number", 0, 30),
    "institutions per prefecture": Kind("integer", 1, 100),
    "institutions in the province": COUNT,
    "institutions": COUNT,
    "centers": COUNT,
    "organisations per county": Kind("number", 0, 1_000),
    "visits per village per year": Kind("number", 0, 366),
    "counties": TEXT,
    "list of items moved": TEXT,
    "list of child attributes": TEXT,
    "list of child groups": TEXT,
    "ordered list of step ids": TEXT,
}


def unit_kind(unit: str) -> Kind | None:
    """What a unit allows, or None for a unit the table does not know."""
    return UNITS.get(unit.split(" (")[0].strip())


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """The single values inside a value, with where they sit (``.0``, ``.city``)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from leaves(item, f"{path}.{n}")
    else:
        yield path, value


def value_problem(unit: str, value: Any) -> tuple[str, str] | None:
    """(what is wrong, what is allowed) for a rule value of this unit, or None if it fits."""
    kind = unit_kind(unit)
    if kind is None:
        return f"unit {unit!r} is not known", "one of " + ", ".join(UNITS)
    for where, leaf in leaves(value):
        problem = kind.problem(leaf)
        if problem:
            at = f" at {where.lstrip('.')}" if where else ""
            return f"{problem}{at}", f"{unit}: {kind.allowed()}"
    return None
