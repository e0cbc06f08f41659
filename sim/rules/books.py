"""A rulebook: one policy document's rules, each value dated, placed and cited.

Each policy document in ``scenarios/policies/`` has one YAML rulebook, in the spirit of
OpenFisca's parameters: a ``document`` header (id, titles, issuer, number, date, the
jurisdiction it governs as a GB/T 2260 code) and ``rules``, one entry per rule key of the
project's catalogue. A rule has a description, a unit, a kind (``parameter``, or ``target``
with a ``compare``) and dated values; every value names its jurisdiction, its source
(this document and a clause) and quotes the words of the clause that set it.

This module reads one rulebook and checks it completely; every problem names the file, the
line and the key, as ``sim.scenario.Problem`` does for scenario files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sim.rules.model import COMPARES, KINDS, RuleInfo, Source, freeze
from sim.rules.units import unit_kind, value_problem
from sim.scenario import Document, InputError, Problem, read_yaml
from sim.scenario.model import FIRST_YEAR, LAST_YEAR

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
CODE_PATTERN = re.compile(r"^\d{6}$")

TOP = {"document": True, "rules": True}
HEADER = {"id": True, "title_zh": True, "title_en": False, "issuer_zh": False, "number": False,
          "date": True, "date_note": False, "jurisdiction": True}
RULE = {"description": True, "unit": True, "kind": True, "compare": False, "values": True,
        "baseline": False}
VALUE = {"value": True, "effective": True, "until": False, "due": False, "jurisdiction": True,
         "source": True, "quote": True, "note": False}
SOURCE = {"document": True, "clause": True}
BASELINE = {"value": True, "as_of": True}


@dataclass(frozen=True)
class Value:
    """One dated value of a rule as the rulebook states it."""

    key: str
    value: Any
    effective: date
    due: date | None
    jurisdiction: str
    source: Source
    quote: str
    note: str
    file: str
    line: int
    until: date | None = None     # a dated fact (a level reached in 2020) holds no longer


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    values: tuple[Value, ...]
    baseline: tuple[Any, date] | None
    line: int


@dataclass(frozen=True)
class Book:
    """A parsed, checked rulebook."""

    id: str
    path: Path
    title_zh: str
    date: date
    jurisdiction: str
    rules: dict[str, Rule]


def read_book(path: Path, expected_id: str | None = None) -> Book:
    """Read and check one rulebook file; raise ``InputError`` listing every problem."""
    doc = read_yaml(path)
    check = _Checker(doc)
    data = doc.data
    if not check.mapping(data, (), TOP):
        raise InputError(check.problems)
    header = data["document"]
    book_id = _header(check, header, expected_id or path.stem)
    jurisdiction = header.get("jurisdiction") if isinstance(header, dict) else None
    rules: dict[str, Rule] = {}
    if isinstance(data["rules"], dict):
        for key, body in data["rules"].items():
            rule = _rule(check, str(key), body, book_id)
            if rule is not None:
                rules[str(key)] = rule
    else:
        check.problem(("rules",), "expected a mapping of rule keys", "key: {description, ...}")
    if check.problems:
        raise InputError(check.problems)
    return Book(id=book_id, path=path, title_zh=str(header["title_zh"]), date=header["date"],
                jurisdiction=str(jurisdiction), rules=rules)


def _header(check: _Checker, header: Any, expected_id: str) -> str:
    path = ("document",)
    if not check.mapping(header, path, HEADER):
        return expected_id
    book_id = header["id"]
    if book_id != expected_id:
        check.problem((*path, "id"), f"document id {book_id!r} does not match the rulebook's "
                      f"name {expected_id!r}", "the file name without .yaml")
    check.kind(header["date"], (*path, "date"), date, "a date (YYYY-MM-DD)")
    check.code(header["jurisdiction"], (*path, "jurisdiction"))
    check.text(header["title_zh"], (*path, "title_zh"))
    return str(book_id)


def _rule(check: _Checker, key: str, body: Any, book_id: str) -> Rule | None:
    path = ("rules", key)
    if not KEY_PATTERN.match(key):
        check.problem(path, f"{key!r} is not a dotted rule key",
                      "lower-case words joined by dots, e.g. staffing.caregiver_ratio.self_care")
    if not check.mapping(body, path, RULE):
        return None
    kind, compare = body["kind"], body.get("compare")
    if kind not in KINDS:
        check.problem((*path, "kind"), f"{kind!r} is not a kind of rule", "parameter or target")
    if kind == "target" and compare not in COMPARES:
        check.problem((*path, "compare"), "a target needs compare", "at_least, at_most or equal")
    if kind == "parameter" and compare is not None:
        check.problem((*path, "compare"), "only targets are compared", "remove compare")
    check.text(body["description"], (*path, "description"))
    if check.text(body["unit"], (*path, "unit")) and unit_kind(str(body["unit"])) is None:
        check.problem((*path, "unit"), f"unit {body['unit']!r} is not known",
                      "a unit of sim/rules/units.py, which says what its values may be")
    info = RuleInfo(key, str(kind), str(body["unit"]), str(body["description"]), compare)
    values = body["values"]
    if not isinstance(values, list) or not values:
        check.problem((*path, "values"), "expected a list of dated values", "at least one")
        return None
    out = [_value(check, info, (*path, "values", n), v, book_id) for n, v in enumerate(values)]
    baseline = _baseline(check, info, (*path, "baseline"), body.get("baseline"))
    return Rule(info, tuple(v for v in out if v is not None), baseline, check.line(path))


def _value(check: _Checker, info: RuleInfo, path: tuple, body: Any, book_id: str) -> Value | None:
    if not check.mapping(body, path, VALUE):
        return None
    ok = check.kind(body["effective"], (*path, "effective"), date, "a date (YYYY-MM-DD)")
    due = body.get("due")
    if info.kind == "target" and due is None:
        check.problem((*path, "due"), "a target needs due", "the date by which it is reached")
    elif due is not None:
        ok &= check.kind(due, (*path, "due"), date, "a date (YYYY-MM-DD)")
    until = body.get("until")
    if until is not None:
        ok &= check.kind(until, (*path, "until"), date, "a date (YYYY-MM-DD)")
        if ok and until < body["effective"]:
            check.problem((*path, "until"), f"{until} is before effective", "a later date")
            ok = False
    if body["value"] is None:
        check.problem((*path, "value"), "a value is required", "a number, date, text, list...")
        ok = False
    else:
        ok &= check.fits(info, body["value"], (*path, "value"))
    ok &= check.code(body["jurisdiction"], (*path, "jurisdiction"))
    ok &= check.text(body["quote"], (*path, "quote"))
    source = body["source"]
    if check.mapping(source, (*path, "source"), SOURCE):
        if source["document"] != book_id:
            check.problem((*path, "source", "document"), f"{source['document']!r} is not this "
                          f"rulebook's document", f"{book_id} (restatements go in the "
                          "restating document's rulebook)")
            ok = False
        ok &= check.text(source["clause"], (*path, "source", "clause"))
    else:
        ok = False
    if not ok:
        return None
    file, line, _ = check.doc.where(path)
    return Value(key=info.key, value=freeze(body["value"]), effective=body["effective"],
                 due=due, jurisdiction=str(body["jurisdiction"]),
                 source=Source(book_id, str(source["clause"])), quote=str(body["quote"]),
                 note=str(body.get("note") or ""), file=file, line=line, until=until)


def _baseline(check: _Checker, info: RuleInfo, path: tuple,
              body: Any) -> tuple[Any, date] | None:
    if body is None or not check.mapping(body, path, BASELINE):
        return None
    if not check.kind(body["as_of"], (*path, "as_of"), date, "a date (YYYY-MM-DD)"):
        return None
    if not check.fits(info, body["value"], (*path, "value")):
        return None
    return freeze(body["value"]), body["as_of"]


class _Checker:
    """Collects located problems while a rulebook is checked."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def line(self, path: tuple) -> int:
        return self.doc.where(path)[1]

    def problem(self, path: tuple, message: str, allowed: str = "") -> None:
        file, line, _ = self.doc.where(path)
        self.problems.append(Problem(file, line, ".".join(str(p) for p in path), message,
                                     allowed))

    def mapping(self, node: Any, path: tuple, fields: dict[str, bool]) -> bool:
        """A mapping with only known keys and every required one; reports what is wrong."""
        if not isinstance(node, dict):
            self.problem(path, "expected a mapping", "keys: " + ", ".join(fields))
            return False
        ok = True
        for key in node:
            if key not in fields:
                close = difflib.get_close_matches(str(key), list(fields), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem((*path, key), f"unknown key{hint}", "allowed: " + ", ".join(fields))
                ok = False
        for key, required in fields.items():
            if required and key not in node:
                self.problem(path, f"required key {key!r} is missing")
                ok = False
        return ok

    def fits(self, info: RuleInfo, value: Any, path: tuple) -> bool:
        """A value of the kind and in the range its unit allows (an unknown unit is reported
        once, at the rule)."""
        if unit_kind(info.unit) is None:
            return True
        problem = value_problem(info.unit, value)
        if problem:
            self.problem(path, *problem)
        return problem is None

    def kind(self, value: Any, path: tuple, kind: type, allowed: str) -> bool:
        if isinstance(value, kind) and not isinstance(value, bool):
            ok = FIRST_YEAR <= value.year <= LAST_YEAR if isinstance(value, date) else True
            if not ok:
                self.problem(path, f"{value} is not between {FIRST_YEAR} and {LAST_YEAR}",
                             allowed)
            return ok
        self.problem(path, f"{value!r} is not {allowed.split(' (')[0]}", allowed)
        return False

    def code(self, value: Any, path: tuple) -> bool:
        if isinstance(value, str) and CODE_PATTERN.match(value):
            return True
        self.problem(path, f"{value!r} is not a GB/T 2260 code",
                     'six digits in quotes, e.g. "330600"')
        return False

    def text(self, value: Any, path: tuple) -> bool:
        if isinstance(value, str) and value.strip():
            return True
        self.problem(path, "expected non-empty text")
        return False
