"""The scenario's layers over the documents: adoptions, assumptions and what-ifs.

Where a region's own documents are silent, a planner may **adopt** another jurisdiction's
rule (Shaoxing takes Anhui's caregiver ratios from Huangshan's plan), giving the reason; the
adopted values hold at every place of the scenario, from the adoption's ``effective`` date if
it has one. Where no document anywhere says, the planner **assumes** a value and says where
it came from. A **what-if** overrides any rule from a date on, at one place or everywhere.
Each becomes an entry of its own layer, so that the report can tell a document's rule from
an assumption; every entry naming an unknown rule key is a located error with a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sim.rules.books import Book, Value
from sim.rules.engine import Entry
from sim.rules.model import RuleInfo, Source, freeze, value_kind
from sim.rules.units import value_problem
from sim.scenario import Problem, Scenario
from sim.scenario.bilingual import halves
from sim.scenario.model import FIRST_YEAR, LAST_YEAR


def scenario_entries(scenario: Scenario, books: dict[str, Book], infos: dict[str, RuleInfo],
                     start: int, problems: list[Problem]) -> list[Entry]:
    """The adopted, assumed and what-if entries of a scenario; problems are appended."""
    layer = _Layer(scenario, books, infos, start, problems)
    layer.adoptions()
    layer.assumptions()
    layer.whatifs()
    return layer.entries


class _Layer:
    def __init__(self, scenario: Scenario, books: dict[str, Book], infos: dict[str, RuleInfo],
                 start: int, problems: list[Problem]):
        self.scenario, self.books, self.infos = scenario, books, infos
        self.order, self.problems = start, problems
        self.entries: list[Entry] = []
        self.kinds: dict[str, set[str]] = {}
        for book in books.values():
            for key, rule in book.rules.items():
                self.kinds.setdefault(key, set()).update(value_kind(v.value) for v in rule.values)

    def problem(self, dotted: str, message: str, allowed: str = "") -> None:
        file, line = self.scenario.where(dotted)
        self.problems.append(Problem(file, line, dotted, message, allowed))

    def add(self, info: RuleInfo, value: Any, effective: date, due: date | None,
            scope: str | None, source: Source, quote: str, origin: str, reason: str,
            dotted: str) -> None:
        file, line = self.scenario.where(dotted)
        self.entries.append(Entry(info=info, value=freeze(value), effective=effective, due=due,
                                  scope=scope, jurisdiction=scope, source=source, quote=quote,
                                  origin=origin, reason=reason, file=file, line=line,
                                  order=self.order))
        self.order += 1

    # --- adopt: ---------------------------------------------------------------------------

    def adoptions(self) -> None:
        taken: dict[str, str] = {}
        for n, adoption in enumerate(self.scenario.adopt):
            book = self.books.get(adoption.from_)
            if book is None:
                continue  # the scenario loader has reported the unknown rulebook
            for i, pattern in enumerate(adoption.keys):
                dotted = f"adopt.{n}.keys.{i}"
                keys = _matching(pattern, book.rules)
                if not keys:
                    self.problem(dotted, f"rulebook {book.id} has no rule {pattern!r}"
                                 f"{_hint(pattern, book.rules)}",
                                 "a key of that rulebook, or a prefix ending in .*")
                for key in keys:
                    if taken.setdefault(key, book.id) != book.id:
                        self.problem(dotted, f"{key} is already adopted from {taken[key]}",
                                     "adopt each rule from one rulebook")
                        continue
                    self.adopt(book, key, adoption.effective, adoption.reason, dotted)

    def adopt(self, book: Book, key: str, since: date | None, reason: str, dotted: str) -> None:
        rule = book.rules[key]
        own = [v for v in rule.values if v.jurisdiction == book.jurisdiction] or list(rule.values)
        for v, effective in _shifted(own, since):
            file, line = self.scenario.where(dotted)
            self.entries.append(Entry(
                info=rule.info, value=v.value, effective=effective, due=v.due, scope=None,
                jurisdiction=v.jurisdiction, source=v.source, quote=v.quote, origin="adopted",
                reason=" ".join(reason.split()), file=file, line=line, order=self.order,
                until=v.until))
            self.order += 1

    # --- assume: and overrides: -------------------------------------------------------------

    def assumptions(self) -> None:
        self.scenario_layer("assume", self.scenario.assume, "assumption",
                            lambda item: item.jurisdiction,
                            lambda item: " ".join(item.source.split()))

    def whatifs(self) -> None:
        # "中文 — English", as every text the report shows in one language or the other
        zh, en = halves(self.scenario.name)
        reason = f"情景“{zh}”的假设变化 — what-if of scenario {en}"
        self.scenario_layer("overrides", self.scenario.overrides, "what-if",
                            lambda item: item.place, lambda item: reason)

    def scenario_layer(self, section: str, layer: dict, origin: str,
                       place: Callable[[Any], str | None], reason: Callable[[Any], str]) -> None:
        """Dated values a scenario sets itself (``assume:`` or ``overrides:``), each checked
        against the catalogue and cited to the scenario file."""
        name = Path(self.scenario.where(section)[0]).name
        for key, items in layer.items():
            info = self.known(f"{section}.{key}", key)
            for n, item in enumerate(items):
                dotted = f"{section}.{key}.{n}"
                if info is None or not self.fits(dotted, info, item.value, item.effective,
                                                 item.due):
                    continue
                self.add(info, item.value, item.effective, item.due, place(item),
                         Source(name, f"{section}.{key}"), "", origin, reason(item), dotted)

    def known(self, dotted: str, key: str) -> RuleInfo | None:
        if key in self.infos:
            return self.infos[key]
        self.problem(dotted, f"unknown rule key{_hint(key, self.infos)}",
                     "a key of a rulebook in scenarios/policies (cwplan rules lists them)")
        return None

    def fits(self, dotted: str, info: RuleInfo, value: Any, effective: date,
             due: date | None) -> bool:
        """A value of the same kind as the documents' and in its unit's range
        (``sim.rules.units``), dated within the calendar, and a due date for a target."""
        if info.kind == "target" and due is None:
            self.problem(f"{dotted}.due", f"{info.key} is a target: say by when",
                         "due: YYYY-MM-DD")
            return False
        kinds = self.kinds.get(info.key, set())
        if kinds and value_kind(value) not in kinds:
            self.problem(f"{dotted}.value", f"{value!r} is {value_kind(value)}, but "
                         f"{info.key} is {' or '.join(sorted(kinds))} ({info.unit})")
            return False
        problem = value_problem(info.unit, value)
        if problem:
            self.problem(f"{dotted}.value", *problem)
            return False
        for name, when in (("effective", effective), ("due", due)):
            if when is not None and not FIRST_YEAR <= when.year <= LAST_YEAR:
                self.problem(f"{dotted}.{name}", f"{when} is not between {FIRST_YEAR} and "
                             f"{LAST_YEAR}", "a date the plan can reach")
                return False
        return True


def _matching(pattern: str, rules: dict) -> list[str]:
    if pattern.endswith(".*"):
        prefix = pattern[:-1]
        return sorted(k for k in rules if k.startswith(prefix))
    return [pattern] if pattern in rules else []


def _hint(key: str, known: Any) -> str:
    close = difflib.get_close_matches(key.rstrip(".*"), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _shifted(values: list[Value], since: date | None) -> list[tuple[Value, date]]:
    """An adopted rule's values, moved to hold from ``since`` when the adoption says so.

    The value the other document had in force on ``since`` (or, if it took effect later, its
    first value) holds from ``since``; its later values keep their own dates. Targets are
    shifted due date by due date.
    """
    if since is None:
        return [(v, v.effective) for v in values]
    out = []
    for due in sorted({v.due for v in values}, key=lambda d: d or date.min):
        series = sorted((v for v in values if v.due == due), key=lambda v: v.effective)
        before = [v for v in series if v.effective <= since]
        first = before[-1] if before else series[0]
        out.append((first, since))
        out += [(v, v.effective) for v in series if v.effective > max(since, first.effective)]
    return out
