"""Judging a target: is the measured value where the documents want it, and by when?

A consolidation target says that a measured quantity must be at least, at most or exactly a
value by a due date: 80% of townships with a protection workstation by the end of 2025, every
county institution transformed by the end of 2022. A compliance check holds the value
measured on a date (by the simulation, or from statistics) against the target in force:
``met`` if it satisfies the target (early or on time), ``not_yet_due`` if it does not yet
but the due date has not passed, ``missed`` if the due date has passed, ``not_measured`` if
nothing was measured. A target of several counts (3 new and 4 renovated institutions) is met
when every count is.

A figure the simulation estimates is uncertain, and one rule judges every such figure, a
service level, a target or a deadline alike (:func:`verdict`): it is ``met`` when the lower
end of its interval clears the level, ``missed`` when the upper end falls short of it, and
``not_confirmed`` when the interval straddles the level, so that more replications, not a
lucky point estimate, decide it. A plain number is an interval of width zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sim.rules.model import Judgement, Resolved

# Shares computed from counts carry rounding error; a gap this small is not a shortfall.
TOLERANCE = 1e-9

MET, MISSED, NOT_CONFIRMED = "met", "missed", "not_confirmed"


@dataclass(frozen=True)
class Estimate:
    """A figure with the interval that says how sure it is (``low`` ≤ ``value`` ≤ ``high``)."""

    value: float
    low: float
    high: float

    @classmethod
    def exact(cls, value: float) -> Estimate:
        return cls(value, value, value)


def verdict(estimate: Estimate, compare: str, level: float) -> str:
    """``met``, ``missed`` or ``not_confirmed``: the one rule for judging an uncertain figure.

    For ``at_least`` the figure is met when even the interval's lower end reaches the level
    and missed when even its upper end falls below; ``at_most`` mirrors this. Anything in
    between is not confirmed: the interval straddles the level.
    """
    if compare == "at_least":
        if estimate.low >= level - TOLERANCE:
            return MET
        return MISSED if estimate.high < level - TOLERANCE else NOT_CONFIRMED
    if compare == "at_most":
        if estimate.high <= level + TOLERANCE:
            return MET
        return MISSED if estimate.low > level + TOLERANCE else NOT_CONFIRMED
    raise ValueError(f"unknown comparison {compare!r} (at_least or at_most)")


def judge(target: Resolved, measured: Any, on: date) -> Judgement:
    """The verdict on ``measured`` against ``target`` on ``on``."""
    if target.kind != "target" or target.compare is None:
        raise ValueError(f"{target.key} is a parameter, not a target; only targets are judged")
    if measured is None:
        status = "not_measured"
    elif isinstance(measured, Estimate):
        status = verdict(measured, target.compare, float(target.value))
        if status != MET and target.due is not None and on <= target.due:
            status = "not_yet_due"
    elif meets(target.compare, measured, target.value):
        status = "met"
    elif target.due is not None and on <= target.due:
        status = "not_yet_due"
    else:
        status = "missed"
    return Judgement(key=target.key, status=status, measured=measured, required=target.value,
                     compare=target.compare, due=target.due, on=on, source=target.source,
                     jurisdiction=target.jurisdiction)


def meets(compare: str, measured: Any, required: Any) -> bool:
    """Whether ``measured`` satisfies ``required`` under ``compare``."""
    if isinstance(required, Mapping):
        if not isinstance(measured, Mapping):
            raise TypeError(f"the target counts {', '.join(map(str, required))}; "
                            f"measure each of them (got {measured!r})")
        return all(k in measured and meets(compare, measured[k], v) for k, v in required.items())
    if isinstance(required, bool) or compare == "equal":
        if isinstance(required, float) or isinstance(measured, float):
            return abs(float(measured) - float(required)) <= TOLERANCE
        return measured == required
    if compare == "at_least":
        return _gap(measured, required) >= -TOLERANCE
    if compare == "at_most":
        return _gap(measured, required) <= TOLERANCE
    raise ValueError(f"unknown comparison {compare!r} (at_least, at_most or equal)")


def _gap(measured: Any, required: Any) -> float:
    if isinstance(required, date):
        return (measured - required).days
    if isinstance(measured, bool) or not isinstance(measured, int | float):
        raise TypeError(f"measured value {measured!r} is not a number (target {required!r})")
    return float(measured) - float(required)
