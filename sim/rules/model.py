"""What the rules engine answers: the value of a rule at a place on a date, and why it holds.

A planner asks "how many children may one caregiver look after in Zhuji on 1 March 2023?"
and wants the number together with the clause that sets it. Every answer of the engine is
therefore a :class:`Resolved`: the value, the document and clause it comes from (or the
what-if, adoption or assumption of the scenario that put it there), the day it took effect,
the jurisdiction that set it, and the less specific or older values it displaced. A target
(a value to be reached by a date) also carries its ``due`` date and how a measured value is
compared with it; :class:`Judgement` is the verdict on one measured value.

Values are shared by every caller, so they are frozen: lists become tuples and mappings
read-only mappings (:func:`freeze`); :func:`thaw` turns them back into plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = ("parameter", "target")
COMPARES = ("at_least", "at_most", "equal")
STATUSES = ("met", "missed", "not_yet_due", "not_measured")

# Where a value came from, in the order in which they win: a what-if of the scenario, the
# place's own documents, a rule adopted from another jurisdiction's document, an assumption.
ORIGINS = ("what-if", "document", "adopted", "assumption")


@dataclass(frozen=True)
class Source:
    """A document id and a clause in it (for scenario entries: the file and its block)."""

    document: str
    clause: str

    def __str__(self) -> str:
        return f"{self.document} {self.clause}"


@dataclass(frozen=True)
class RuleInfo:
    """What a rule key means: shared by every value of the key."""

    key: str
    kind: str
    unit: str
    description: str
    compare: str | None = None


@dataclass(frozen=True)
class Resolved:
    """The value of one rule in force at one place on one date, with its provenance."""

    key: str
    value: Any
    kind: str
    effective: date
    due: date | None
    jurisdiction: str
    source: Source
    quote: str
    origin: str
    unit: str
    description: str
    compare: str | None = None
    reason: str = ""
    overridden: tuple[Resolved, ...] = ()
    until: date | None = None       # the last day this value holds, when the document says

    @property
    def cite(self) -> str:
        """How an event log or a report names the rule: ``key (document clause)``."""
        return f"{self.key} ({self.source})"

    @property
    def is_target(self) -> bool:
        return self.kind == "target"


@dataclass(frozen=True)
class Judgement:
    """A measured value held against a target on a date.

    ``status`` is ``met`` (the measured value satisfies the target, early or on time),
    ``not_yet_due`` (it does not yet, but the due date has not passed), ``missed`` (it does
    not and the due date has passed) or ``not_measured`` (no measured value was given).
    """

    key: str
    status: str
    measured: Any
    required: Any
    compare: str
    due: date | None
    on: date
    source: Source
    jurisdiction: str

    @property
    def cite(self) -> str:
        return f"{self.key} ({self.source})"


class FrozenMap(dict):
    """A mapping value of a rule: reads like a dict (and prints as JSON), refuses changes."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a rule's value is shared by every caller and cannot be changed")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple:
        return FrozenMap, (dict(self),)


def freeze(value: Any) -> Any:
    """A read-only copy of plain data: lists become tuples, mappings :class:`FrozenMap`."""
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, Mapping):
        return FrozenMap({k: freeze(v) for k, v in value.items()})
    return value


def thaw(value: Any) -> Any:
    """Plain, mutable data again (tuples become lists, read-only mappings dicts)."""
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    return value


def value_kind(value: Any) -> str:
    """The kind of a rule value in the words a message to a planner uses."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__
