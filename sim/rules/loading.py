"""Loading rulebooks into a :class:`Rulebook`, once, at the boundary.

``load_books`` reads policy documents' rulebooks and nothing else: jurisdiction alone decides
what holds where. ``load`` reads the rulebooks a scenario names and lays the scenario's
adoptions, assumptions and what-ifs over them. Both check everything before the simulation
starts: a key spelled differently in two books, two different values for the same key,
jurisdiction and date (naming both sources), a scenario entry naming a rule that no rulebook
has (with "did you mean"). After loading, no file is read again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sim.rules.books import Book, read_book
from sim.rules.engine import Entry, Lineage, Rulebook
from sim.rules.layers import scenario_entries
from sim.rules.model import RuleInfo
from sim.rules.places import structural_lineage
from sim.scenario import BUNDLED, InputError, Problem, Scenario, available_rulebooks

_CACHE: dict[tuple[str, int, int], Book] = {}


def bundled_books() -> dict[str, Path]:
    """The rulebooks shipped with the planner, by document id."""
    return {p.stem: p for p in sorted((BUNDLED / "policies").glob("*.yaml"))}


def load_books(paths: dict[str, Path], lineage: Lineage = structural_lineage) -> Rulebook:
    """A rulebook of these documents alone (``id -> path``); ``lineage`` places a code.

    Keys of the bundled rulebooks are known even when their books are not loaded, so asking
    for one gives ``None`` rather than an unknown-key error.
    """
    books = _read_all(paths)
    universe = {**_read_all(bundled_books(), quiet=True), **books}
    infos = _infos(universe.values())
    entries = list(document_entries(books.values()))
    _raise_conflicts(entries)
    return Rulebook(entries, infos, lineage, _baselines(books.values()))


def load(scenario: Scenario) -> Rulebook:
    """The rulebook of a scenario: its documents, adoptions, assumptions and what-ifs."""
    available = available_rulebooks(scenario.path)
    universe = _read_all(available, quiet=True)
    books = _read_all(scenario.rulebooks)
    universe.update(books)
    infos = _infos(universe.values())
    entries = list(document_entries(books.values()))
    problems: list[Problem] = []
    entries += scenario_entries(scenario, universe, infos, len(entries), problems)
    problems += conflicts(entries)
    if problems:
        raise InputError(problems)
    return Rulebook(entries, infos, scenario_lineage(scenario), _baselines(books.values()))


def scenario_lineage(scenario: Scenario) -> Lineage:
    """Places of the scenario's region by its region file, any other place by its code."""
    return _RegionLineage(scenario)


class _RegionLineage:
    """A lineage function that pickles (the simulation may send it to worker processes)."""

    def __init__(self, scenario: Scenario):
        self.region = scenario.region
        self.places = frozenset(self.region.places())

    def __call__(self, code: str) -> list[str]:
        if code in self.places:
            return self.region.lineage(code)
        return structural_lineage(code)


def document_entries(books: Iterable[Book], start: int = 0) -> Iterable[Entry]:
    """Every value of every book as an entry of the document layer."""
    order = start
    for book in sorted(books, key=lambda b: b.id):
        for rule in book.rules.values():
            for v in rule.values:
                yield Entry(info=rule.info, value=v.value, effective=v.effective, due=v.due,
                            scope=v.jurisdiction, jurisdiction=v.jurisdiction, source=v.source,
                            quote=v.quote, origin="document", reason="", file=v.file,
                            line=v.line, order=order, until=v.until)
                order += 1


def conflicts(entries: list[Entry]) -> list[Problem]:
    """Two different values of one key for one jurisdiction from one date, in one layer.

    For targets the due date is part of what must match: one jurisdiction may set 0.3 by 2022
    and 0.8 by 2025 on the same day. Identical restatements are not conflicts.
    """
    seen: dict[tuple, Entry] = {}
    problems = []
    for e in entries:
        slot = (e.origin, e.key, e.scope, e.effective, e.due if e.info.kind == "target" else 0)
        first = seen.setdefault(slot, e)
        if first is not e and first.value != e.value:
            where = first.scope or "every place"
            problems.append(Problem(
                e.file, e.line, e.key,
                f"{e.value!r} ({e.source}) conflicts with {first.value!r} ({first.source}, "
                f"{first.file}:{first.line}) for {where} from {e.effective}",
                "one value per key, jurisdiction and effective date"))
    return problems


def _raise_conflicts(entries: list[Entry]) -> None:
    problems = conflicts(entries)
    if problems:
        raise InputError(problems)


def _read_all(paths: dict[str, Path], quiet: bool = False) -> dict[str, Book]:
    """Read several rulebooks, reporting every problem of every book together."""
    books, problems = {}, []
    for book_id, path in paths.items():
        try:
            books[book_id] = _read(Path(path), book_id)
        except InputError as exc:
            problems += exc.problems
    if problems and not quiet:
        raise InputError(problems)
    return books


def _read(path: Path, book_id: str) -> Book:
    """A rulebook, parsed once per file version (the file's size and modification time)."""
    stat = path.stat() if path.is_file() else None
    if stat is None:
        raise InputError([Problem(str(path), 0, "", "rulebook file not found")])
    slot = (f"{path.resolve()}#{book_id}", stat.st_mtime_ns, stat.st_size)
    if slot not in _CACHE:
        _CACHE[slot] = read_book(path, book_id)
    return _CACHE[slot]


def _infos(books: Iterable[Book]) -> dict[str, RuleInfo]:
    """What each key means; a key must have the same kind, unit and comparison everywhere."""
    infos: dict[str, tuple[RuleInfo, Book]] = {}
    problems = []
    for book in sorted(books, key=lambda b: b.id):
        for key, rule in book.rules.items():
            first = infos.setdefault(key, (rule.info, book))
            a, b = first[0], rule.info
            if (a.kind, a.unit, a.compare) != (b.kind, b.unit, b.compare):
                problems.append(Problem(
                    str(book.path), rule.line, f"rules.{key}",
                    f"kind/unit/compare {b.kind}/{b.unit}/{b.compare} differ from "
                    f"{a.kind}/{a.unit}/{a.compare} in {first[1].path}",
                    "the same meaning in every rulebook"))
    if problems:
        raise InputError(problems)
    return {key: info for key, (info, _) in infos.items()}


def _baselines(books: Iterable[Book]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = defaultdict(list)
    for book in books:
        for key, rule in book.rules.items():
            if rule.baseline is not None:
                value, as_of = rule.baseline
                out[key].append(Entry(
                    info=rule.info, value=value, effective=as_of, due=None,
                    scope=book.jurisdiction, jurisdiction=book.jurisdiction,
                    source=rule.values[0].source, quote="", origin="document", reason="",
                    file=str(book.path), line=rule.line, order=0))
    return dict(out)
