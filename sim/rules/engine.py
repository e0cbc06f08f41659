"""The rulebook: which value of each rule holds at a place on a date, and why.

Rules nest like the administration: the nation, a province, a prefecture city, a county. At
a place, the value in force on a date is found in layers, the first that has one wins:

1. a **what-if** of the scenario (an override a planner tries out);
2. the place's own **documents**: of all jurisdictions in the place's lineage (county,
   prefecture, province, nation) the most specific one that has set the rule, and of its
   values the latest that took effect on or before the date;
3. a rule **adopted** from another jurisdiction's document, where the place's own documents
   are silent (reported as an assumption, with the scenario's reason);
4. an **assumption** of the scenario (``assume:``), with its source.

Values are step functions of the date, never interpolated. A *target* is a value to be
reached by a ``due`` date; a jurisdiction may set several (0.3 by 2022, 0.8 by 2025), and the
most specific jurisdiction that has set the target replaces all of a less specific one's
(Shaoxing's 1.0 by 2022 replaces Zhejiang's 0.3 and 0.8 once Shaoxing's document is in force).

The simulation asks for rules once per event, so for each (key, place) the answers are worked
out once, at every date on which one could change, and later questions are a bisection.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sim.rules.judging import judge
from sim.rules.model import ORIGINS, Judgement, Resolved, RuleInfo, Source

Lineage = Callable[[str], list[str]]
_MISSING = object()


@dataclass(frozen=True)
class Entry:
    """One value of a rule in one layer, before it is resolved for a place.

    ``scope`` is the code of the jurisdiction whose places the value applies to (``None``:
    every place); ``jurisdiction`` is the code reported (``None``: the place asked about).
    """

    info: RuleInfo
    value: Any
    effective: date
    due: date | None
    scope: str | None
    jurisdiction: str | None
    source: Source
    quote: str
    origin: str
    reason: str
    file: str
    line: int
    order: int
    until: date | None = None       # the last day the value holds (None: until displaced)

    @property
    def key(self) -> str:
        return self.info.key

    @property
    def layer(self) -> int:
        return ORIGINS.index(self.origin)


@dataclass(frozen=True)
class _Steps:
    """A rule's answers at one place: ``current[i]`` and ``sets[i]`` hold from ``dates[i]``."""

    dates: list[date]
    current: list[Resolved | None]
    sets: list[tuple[Resolved, ...]]


class Rulebook:
    """Every rule of the loaded documents and scenario, resolved by place and date."""

    def __init__(self, entries: Iterable[Entry], infos: dict[str, RuleInfo], lineage: Lineage,
                 baselines: dict[str, list[Entry]] | None = None):
        self._entries: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self._entries[entry.key].append(entry)
        self._entries = dict(self._entries)
        self._infos = dict(infos)
        self._lineage_of = lineage
        self._lineages: dict[str, tuple[str, ...]] = {}
        self._steps: dict[tuple[str, str], _Steps] = {}
        self._baselines = baselines or {}

    # --- what the rulebook holds ---------------------------------------------------------

    def keys(self) -> list[str]:
        """Every rule key that has at least one value in this rulebook."""
        return sorted(self._entries)

    def jurisdictions(self) -> list[str]:
        """The codes of every jurisdiction that has set a rule here."""
        return sorted({e.scope for es in self._entries.values() for e in es if e.scope})

    def known(self, key: str) -> bool:
        """True for any key of any available rulebook, even one with no value loaded here."""
        return key in self._infos

    def info(self, key: str) -> RuleInfo:
        self._check_key(key)
        return self._infos[key]

    def lineage(self, place: str) -> tuple[str, ...]:
        """The jurisdictions governing a place, most specific first, ending with the nation."""
        found = self._lineages.get(place)
        if found is None:
            found = self._lineages[place] = tuple(self._lineage_of(place))
        return found

    # --- answers -------------------------------------------------------------------------

    def resolve(self, key: str, place: str, on: date) -> Resolved | None:
        """The value of ``key`` in force at ``place`` on ``on`` (``None``: no rule says).

        For a target key, the target being worked towards: the one with the earliest due
        date not yet past, or once all are past, the last one due.
        """
        steps = self._steps.get((key, place)) or self._build(key, place)
        try:
            i = bisect_right(steps.dates, on) - 1
        except TypeError:
            i = bisect_right(steps.dates, _as_date(on)) - 1
        return steps.current[i] if i >= 0 else None

    def value(self, key: str, place: str, on: date, default: Any = _MISSING) -> Any:
        """The bare value of ``key``; ``default`` if no rule says (``LookupError`` if none)."""
        found = self.resolve(key, place, on)
        if found is not None:
            return found.value
        if default is _MISSING:
            raise LookupError(f"no rule gives {key} at {place} on {on}")
        return default

    def target_set(self, key: str, place: str, on: date) -> list[Resolved]:
        """Every target of ``key`` in force at ``place`` on ``on``, by due date."""
        steps = self._steps.get((key, place)) or self._build(key, place)
        i = bisect_right(steps.dates, _as_date(on)) - 1
        return list(steps.sets[i]) if i >= 0 else []

    def targets(self, place: str, on: date) -> list[Resolved]:
        """Every target in force at ``place`` on ``on``, by key and due date."""
        return [t for key in self.keys() if self._infos[key].kind == "target"
                for t in self.target_set(key, place, on)]

    def in_force(self, place: str, on: date) -> list[Resolved]:
        """Every parameter and every target in force at ``place`` on ``on``, by key."""
        out: list[Resolved] = []
        for key in self.keys():
            if self._infos[key].kind == "target":
                out += self.target_set(key, place, on)
            elif (found := self.resolve(key, place, on)) is not None:
                out.append(found)
        return out

    def assumed(self, place: str, on: date) -> list[Resolved]:
        """The rules in force that no document of the place gives: adopted or assumed."""
        return [r for r in self.in_force(place, on) if r.origin in ("adopted", "assumption")]

    def changes(self, key: str, place: str) -> list[date]:
        """The dates on which the answer for ``key`` at ``place`` may change."""
        steps = self._steps.get((key, place)) or self._build(key, place)
        return list(steps.dates)

    def baseline(self, key: str, place: str) -> tuple[Any, date] | None:
        """A target's starting value (e.g. the 2020 actual) for the place, if a book gives it."""
        lineage = self.lineage(place)
        found = [e for e in self._baselines.get(key, ()) if e.scope in lineage]
        if not found:
            return None
        best = min(found, key=lambda e: lineage.index(e.scope))
        return best.value, best.effective

    def judge(self, target: Resolved, measured: Any, on: date) -> Judgement:
        """Hold a measured value against a target on a date (see ``Judgement``)."""
        return judge(target, measured, _as_date(on))

    # --- building one rule's step function at one place --------------------------------

    def _check_key(self, key: str) -> None:
        if key not in self._infos:
            close = difflib.get_close_matches(key, list(self._infos), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise KeyError(f"unknown rule key {key!r}{hint}")

    def _build(self, key: str, place: str) -> _Steps:
        self._check_key(key)
        lineage = self.lineage(place)
        entries = [e for e in self._entries.get(key, ()) if e.scope is None or e.scope in lineage]
        dates = {e.effective for e in entries}
        dates |= {e.until + timedelta(days=1) for e in entries if e.until and e.until < date.max}
        if self._infos[key].kind == "target":
            dates |= {e.due + timedelta(days=1) for e in entries if e.due and e.due < date.max}
        steps = _Steps([], [], [])
        for when in sorted(dates):
            current, members = _answer(entries, lineage, place, when)
            if current is None and not steps.dates:
                continue
            steps.dates.append(when)
            steps.current.append(current)
            steps.sets.append(members)
        self._steps[(key, place)] = steps
        return steps


def _answer(entries: list[Entry], lineage: tuple[str, ...], place: str,
            on: date) -> tuple[Resolved | None, tuple[Resolved, ...]]:
    """The winning value (and for targets the winning set) among ``entries`` on ``on``."""
    groups: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for e in entries:
        if e.effective <= on and (e.until is None or on <= e.until):
            specificity = lineage.index(e.scope) if e.scope is not None else len(lineage)
            groups[(e.layer, specificity)].append(e)
    if not groups:
        return None, ()
    ranks = sorted(groups)
    best = groups[ranks[0]]
    is_target = best[0].info.kind == "target"
    by_due: dict[date | None, list[Entry]] = defaultdict(list)
    for e in best:
        by_due[e.due if is_target else None].append(e)
    others = [c for rank in ranks[1:] for c in _current(groups[rank], is_target)]
    members = []
    for due in sorted(by_due, key=lambda d: d or date.min):
        series = sorted(by_due[due], key=_newest_first)
        displaced = [_resolved(e, place) for e in (*series[1:], *others)]
        members.append(_resolved(series[0], place, tuple(displaced)))
    if not is_target:
        return members[0], ()
    pending = [m for m in members if m.due >= on]
    return (pending[0] if pending else members[-1]), tuple(members)


def _current(group: list[Entry], is_target: bool) -> list[Entry]:
    """The newest value of a group (for targets, the newest for each due date)."""
    newest: dict[date | None, Entry] = {}
    for e in sorted(group, key=_newest_first):
        newest.setdefault(e.due if is_target else None, e)
    return list(newest.values())


def _newest_first(e: Entry) -> tuple:
    # Latest effective first; between equal ones (identical restatements) the first loaded.
    return (-e.effective.toordinal(), e.order)


def _resolved(e: Entry, place: str, overridden: tuple[Resolved, ...] = ()) -> Resolved:
    return Resolved(
        key=e.key, value=e.value, kind=e.info.kind, effective=e.effective, due=e.due,
        jurisdiction=e.jurisdiction or place, source=e.source, quote=e.quote, origin=e.origin,
        unit=e.info.unit, description=e.info.description, compare=e.info.compare,
        reason=e.reason, overridden=overridden, until=e.until)


def _as_date(on: Any) -> date:
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    raise TypeError(f"a rule is asked for on a date, not {on!r}")
