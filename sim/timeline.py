"""A rule's answer over the horizon: a step function of the model day.

A rule takes effect on its effective date and holds until a newer or more specific value
displaces it. So the answer to any question the rules decide (does the city institution
take every child sent to it? may a county look after an infant found at night? which
clause does an adoption cite?) can only change on a day on which one of the rules it reads
changes. A :class:`Timeline` holds those answers: it is built by asking the question on the
horizon's first day and on every change day of the rules behind it, and it is read by the
simulation's processes on the day they act, so that every decision and every citation is
the one in force on that day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Timeline:
    """``values[i]`` holds from model day ``days[i]`` until the next change (days[0] == 0)."""

    days: tuple[int, ...]
    values: tuple[Any, ...]

    def __post_init__(self):
        # most answers hold over the whole horizon: then there is nothing to look up
        object.__setattr__(self, "_single", len(self.days) == 1)

    def at(self, day: float) -> Any:
        """The answer in force on a model day (the first answer before the horizon)."""
        if self._single:
            return self.values[0]
        return self.values[max(bisect_right(self.days, int(day)) - 1, 0)]

    def changes(self) -> list[tuple[int, Any]]:
        """(first day, answer) for each step, in order."""
        return list(zip(self.days, self.values, strict=True))

    def first_day(self, wanted: Callable[[Any], bool], since: float = 0) -> int | None:
        """The first model day on or after ``since`` whose answer is ``wanted`` (None: never)."""
        for n, (day, value) in enumerate(self.changes()):
            ends = self.days[n + 1] if n + 1 < len(self.days) else None
            if (ends is None or ends > since) and wanted(value):
                return max(day, int(since))
        return None


def timeline(decide: Callable[[date], Any], start: date, days: int,
             change_dates: Iterable[date], same: Callable[[Any, Any], bool] | None = None
             ) -> Timeline:
    """Ask ``decide`` on the first day and on each change date inside the horizon.

    ``change_dates`` are the dates on which the rules ``decide`` reads may change (see
    ``Rulebook.changes``); consecutive equal answers are merged (``same`` compares two
    answers, equality by default).
    """
    same = same or (lambda a, b: a == b)
    inside = sorted({(d - start).days for d in change_dates if start < d <= start +
                     timedelta(days=days - 1)})
    out_days, out_values = [0], [decide(start)]
    for day in inside:
        value = decide(start + timedelta(days=day))
        if not same(value, out_values[-1]):
            out_days.append(day)
            out_values.append(value)
    return Timeline(tuple(out_days), tuple(out_values))


def constant(value: Any) -> Timeline:
    """An answer that holds over the whole horizon."""
    return Timeline((0,), (value,))
