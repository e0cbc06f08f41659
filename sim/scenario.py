"""The scenario: a region, the policy documents that govern it, and the what-ifs to try.

A planner describes a prefecture city (its counties, institutions, the children in care
on the first day, how many children arrive, how long things take and what they cost) in a
*region file*, and a run of the planner in a *scenario file*: which region, which policy
documents (rulebooks), which dates, which rules to change for a what-if, how many
replications. Both are YAML. This module reads them once, at the boundary, into frozen
objects that the rules engine, the simulation, the optimizer and the reports read.

Every problem found is reported as ``FILE:LINE: key.path: what is wrong (what is
allowed)``; nothing past this module ever sees an invalid scenario. The module imports
nothing else from ``sim`` so that ``optimize`` and ``reports`` can read a scenario without
the simulation engine.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

# --- Vocabulary shared by every part of the planner ------------------------------------

NATIONAL_CODE = "100000"
CARE_LEVELS = ("self_care", "semi_self_care", "full_care")
AGE_BANDS = ("0-2", "3-5", "6-11", "12-14", "15-17")
GUARDIANSHIP_KINDS = ("long_term", "temporary", "awaiting_admission")
ARRIVAL_KINDS = ("infant", "long_term", "temporary")
INSTITUTION_KINDS = (
    "city_welfare_home", "county_welfare_home", "protection_center", "candidate_site",
)
STAFF_ROLES = ("caregiver", "professional", "other")
INTAKE_STEPS = (
    "police_report", "medical_exam", "search_announcement", "dna_comparison",
    "county_approval", "formal_admission", "hukou_registration",
)
TRANSFER_STEPS = (
    "arrange", "compile_child_records", "organise_archives", "handover_procedures", "summary",
)

CareLevel = Literal["self_care", "semi_self_care", "full_care"]
AgeBand = Literal["0-2", "3-5", "6-11", "12-14", "15-17"]
GuardianshipKind = Literal["long_term", "temporary", "awaiting_admission"]
ArrivalKind = Literal["infant", "long_term", "temporary"]
InstitutionKind = Literal["city_welfare_home", "county_welfare_home", "protection_center",
                          "candidate_site"]
StaffRole = Literal["caregiver", "professional", "other"]
TimedIntakeStep = Literal["police_report", "medical_exam", "dna_comparison", "county_approval",
                          "formal_admission", "hukou_registration"]
TransferStep = Literal["arrange", "compile_child_records", "organise_archives",
                       "handover_procedures", "summary"]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIAS_VALUES = 100_000    # values reached again through aliases (*name)
MAX_BASES = 20                # scenario files in one chain of base: overlays
MAX_HORIZON_YEARS = 50


# --- Problems and the error that carries them ------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    line: int
    path: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        text = f"{text} ({self.allowed})" if self.allowed else text
        return text.translate(_ONE_LINE)  # a key may hold a line break; a problem is one line


# Control characters shown escaped, as Python writes them, so that each problem is one line.
_ONE_LINE = {c: repr(chr(c))[1:-1] for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}


class InputError(Exception):
    """Raised with every problem found in the input; the command line prints one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- Reading YAML while remembering where each value came from -------------------------

Positions = dict[tuple[str, ...], tuple[str, int]]

# libyaml parses a large region file many times faster than pure Python; messages are our own
# wording either way (see _syntax_problem), so the choice of parser never changes them.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _MAP, _SEQ = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MERGE = "tag:yaml.org,2002:merge"
# Characters YAML refuses anywhere in a stream (YAML 1.1 printable set, as PyYAML's reader).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")


@dataclass
class Document:
    """Plain data read from YAML plus, for each key path, the file and line it came from."""

    data: Any
    positions: Positions

    def where(self, path: tuple) -> tuple[str, int, tuple[str, ...]]:
        """The file and line of the deepest existing prefix of ``path``."""
        key = tuple(str(p) for p in path)
        while key and key not in self.positions:
            key = key[:-1]
        file, line = self.positions.get(key) or self.positions[()]
        return file, line, key


def read_yaml(path: Path) -> Document:
    """Read one YAML file safely: size, encoding, depth, aliases and duplicates checked."""
    name = str(path)
    text = _decode(name, _read_bytes(name, path))
    return _EventReader(name, text).read()


def _read_bytes(name: str, path: Path) -> bytes:
    """At most one byte more than the limit, so a device or a pipe cannot hang the reader."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise InputError([Problem(name, 0, "", "is a folder, not a file")]) from None
    except FileNotFoundError:
        raise InputError([Problem(name, 0, "", "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(name, 0, "", f"cannot read file: {exc.strerror or exc}")]) \
            from None
    except ValueError:  # a NUL byte in the path
        raise InputError([Problem(name, 0, "", "not a usable file name")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem(name, 0, "", "file is too large",
                                  f"at most {MAX_FILE_BYTES // 1024 // 1024} MiB")])
    return raw


def _decode(name: str, raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError([Problem(name, 1, "", "file is UTF-16, not UTF-8",
                                  "save the file as UTF-8")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "", f"file is not UTF-8 (byte {exc.start})",
                                  "save the file as UTF-8")]) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError([Problem(name, line, "",
                                  f"control character U+{ord(bad.group()):04X} is not allowed",
                                  "plain text; remove the character")])
    return text


def _dotted(keys: Any) -> str:
    """A key path as a planner types it; a key with hidden characters is shown quoted."""
    parts = (str(k) for k in keys)
    return ".".join(p if p and p.isprintable() and p == p.strip() else repr(p) for p in parts)


def _too_deep(name: str, line: int) -> Problem:
    return Problem(name, line, "", "document is nested too deeply", f"at most {MAX_DEPTH} levels")


def _syntax_problem(name: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A planner's wording of a YAML parser error, the same whichever parser found it."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    lines = text.splitlines()
    row = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = row[mark.column] if mark and mark.column < len(row) else ""
    problem, context = exc.problem or "", exc.context or ""
    message, allowed = f"{problem}", ""
    if "cannot start any token" in problem:
        message, allowed = (("a tab character", "indent with spaces") if char == "\t" else
                            (f"a value cannot start with {char!r}", "put the value in quotes"))
    elif "mapping values are not allowed" in problem:
        message, allowed = "unexpected ':'", "quote a value that contains ': '"
    elif "quoted scalar" in context or _open_quote(lines, mark.line if mark else 0):
        message, allowed = "a quoted value is never closed", "close the quote on the same value"
        line = _open_quote(lines, mark.line if mark else 0) or (
            exc.context_mark.line + 1 if exc.context_mark else line)
    elif "flow" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        message = f"the {opener} opened here lacks a ',' between items or its closing {closer}"
        allowed = "items separated by commas, brackets closed"
        line = exc.context_mark.line + 1 if exc.context_mark else line
    elif "block" in context:
        message, allowed = "indentation does not match the lines above", \
            "keys of one mapping start at the same column"
    return Problem(name, line, "", f"YAML syntax error: {message}", allowed)


def _open_quote(lines: list[str], stop: int) -> int:
    """The line (1-based) where a double quote still open before line ``stop`` began, or 0.

    A quote left open swallows the lines after it, so the parser complains a few lines
    later about something else; this finds where the planner should look.
    """
    opened, inside = 0, False
    for number, row in enumerate(lines[:stop], start=1):
        escaped = False
        for i, char in enumerate(row):
            if inside and char == "\\" and not escaped:
                escaped = True
                continue
            if char == '"' and not escaped:
                inside, opened = not inside, number
            elif char == "#" and not inside and (i == 0 or row[i - 1] in " \t"):
                break
            escaped = False
    return opened if inside else 0


def _capped(problems: list[Problem], limit: int = 50) -> list[Problem]:
    """The first ``limit`` problems, then one line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    first = problems[0]
    rest = Problem(first.file, 0, "", f"{len(problems) - limit} more problems not shown")
    return [*problems[:limit], rest]


class _Open:
    """A mapping or list being read: where it is, what it holds so far, how big it is."""

    __slots__ = ("anchor", "data", "depth", "is_key", "key", "key_line", "line", "merges",
                 "own", "path", "size")

    def __init__(self, data: Any, path: tuple[str, ...], line: int, anchor: str | None,
                 is_key: bool):
        self.data, self.path, self.line, self.anchor, self.is_key = data, path, line, anchor, is_key
        self.size, self.depth = 1, 1
        self.key: Any = _NO_KEY      # a mapping's key waiting for its value
        self.key_line = line
        self.own: set = set()        # keys written in this mapping (not merged in by <<)
        self.merges: list[tuple[Any, int]] = []


_NO_KEY = object()     # no key read yet (also: nothing read yet, for the document)
_BAD_KEY = object()    # a key that was reported; its value is read and dropped
_MERGE_KEY = object()  # the key << of a YAML merge


class _EventReader:
    """Builds plain data from the parser's events in one pass, without recursion.

    Depth is checked as the events arrive, so a deeply nested file is refused after a few
    lines. Aliases (``*name``) share the anchored value; a few lines of aliases can stand
    for billions of values (an "alias bomb") or for a value that contains itself, and both
    are refused with a message. Every key's file and line is recorded for later messages.
    """

    def __init__(self, name: str, text: str):
        self.name, self.text = name, text
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int, int] | None] = {}  # None while still open
        self.repeated = 0
        self.root: Any = _NO_KEY
        self.constructor = yaml.SafeLoader("")
        self.resolver = yaml.resolver.Resolver()
        self.tags: dict[tuple[str, bool], str] = {}

    def read(self) -> Document:
        collecting = gc.isenabled()
        gc.disable()  # a national region makes a million small objects and no cycles
        try:
            for event in yaml.parse(self.text, Loader=_LOADER):
                self._event(event)
        except yaml.MarkedYAMLError as exc:
            raise InputError([_syntax_problem(self.name, self.text, exc)]) from None
        finally:
            if collecting:
                gc.enable()
        if self.root is _NO_KEY:
            raise InputError([Problem(self.name, 1, "", "file is empty", "a YAML mapping")])
        if self.problems:
            raise InputError(_capped(self.problems))
        return Document(self.root, self.positions)

    def _event(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.ScalarEvent):
            self._value(self._scalar(event, line), 1, 1, line)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._open(event, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            self._close()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event.anchor, line)
        elif isinstance(event, yaml.DocumentStartEvent) and self.root is not _NO_KEY:
            raise InputError([Problem(self.name, line, "", "YAML syntax error: more than one "
                                      "YAML document ('---')", "one document per file")])

    def _problem(self, line: int, path: tuple, message: str, allowed: str = "") -> None:
        self.problems.append(Problem(self.name, line, _dotted(path), message, allowed))

    def _child_path(self) -> tuple[tuple[str, ...], bool]:
        """The key path of the next value, and whether it is a mapping's key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.data, list):
            return (*top.path, str(len(top.data))), False
        if top.key is _NO_KEY:
            return top.path, True
        return (*top.path, str(top.key)), False

    def _open(self, event: yaml.CollectionStartEvent, line: int) -> None:
        path, is_key = self._child_path()
        if len(self.stack) >= MAX_DEPTH:
            raise InputError([_too_deep(self.name, line)])
        mapping = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (None, "!", _MAP if mapping else _SEQ):
            self._problem(line, path, f"tag {_tag_name(event.tag)} is not supported",
                          "plain YAML values")
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        if not is_key:
            self.positions.setdefault(path, (self.name, line))
        self.stack.append(_Open({} if mapping else [], path, line, event.anchor, is_key))

    def _close(self) -> None:
        done = self.stack.pop()
        if done.merges:
            self._merge(done)
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.data, done.size, done.depth)
        if done.is_key:
            self._problem(done.line, done.path, "a key must be a name, not a list or mapping")
            self.stack[-1].key, self.stack[-1].key_line = _BAD_KEY, done.line
            return
        self._value(done.data, done.size, done.depth, done.line)

    def _alias(self, anchor: str, line: int) -> None:
        path, _ = self._child_path()
        if anchor not in self.anchors:
            self._problem(line, path, f"alias *{anchor} names no anchor",
                          "define &name before using *name")
            self._value(None, 1, 1, line)
            return
        found = self.anchors[anchor]
        if found is None:
            self._problem(line, path, f"*{anchor} is used inside its own anchor &{anchor}",
                          "an alias may only repeat a finished value")
            self._value(None, 1, 1, line)
            return
        data, size, depth = found
        self.repeated += size
        if self.repeated > MAX_ALIAS_VALUES:
            top = path[:1]
            line = self.positions.get(top, (self.name, line))[1]
            raise InputError([Problem(self.name, line, _dotted(top),
                                      "aliases expand to too many values",
                                      f"at most {MAX_ALIAS_VALUES:,} values from aliases")])
        if len(self.stack) + depth > MAX_DEPTH:
            raise InputError([_too_deep(self.name, line)])
        self._value(data, size, depth, line)

    def _value(self, value: Any, size: int, depth: int, line: int) -> None:
        """Hand a finished value to the collection it belongs to (or make it the root)."""
        top = self.stack[-1] if self.stack else None
        if value is _MERGE_KEY and (top is None or top.key is not _NO_KEY
                                    or isinstance(top.data, list)):
            value = "<<"  # only a key spelled << merges; as a value it is plain text
        if top is None:
            self.positions.setdefault((), (self.name, line))
            self.root = value
            return
        top.size += size
        top.depth = max(top.depth, depth + 1)
        if isinstance(top.data, list):
            self.positions.setdefault((*top.path, str(len(top.data))), (self.name, line))
            top.data.append(value)
        elif top.key is _NO_KEY:
            top.key, top.key_line = self._key(value, top, line), line
        else:
            self._set(top, value, line)

    def _key(self, key: Any, top: _Open, line: int) -> Any:
        if key is _MERGE_KEY:
            return key
        if isinstance(key, dict | list):
            self._problem(line, top.path, "a key must be a name, not a list or mapping")
            return _BAD_KEY
        if key is None:
            self._problem(line, top.path, "empty key", "a name before the ':'")
            return _BAD_KEY
        child = (*top.path, str(key))
        if key in top.own:
            self._problem(line, child, "duplicate key", "each key once per mapping")
        top.own.add(key)
        self.positions[child] = (self.name, line)
        return key

    def _set(self, top: _Open, value: Any, line: int) -> None:
        key, top.key = top.key, _NO_KEY
        if key is _MERGE_KEY:
            top.merges.append((value, top.key_line))
        elif key is not _BAD_KEY:
            self.positions.setdefault((*top.path, str(key)), (self.name, line))
            top.data[key] = value

    def _merge(self, done: _Open) -> None:
        """``<<: *defaults``: keys written in the mapping win, then earlier merges."""
        merged: dict = {}
        for value, line in reversed(done.merges):
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(s, dict) for s in sources):
                self._problem(line, done.path, "'<<' must be followed by a mapping",
                              "<<: *name, where &name marks a mapping")
                continue
            for source in reversed(sources):
                merged.update(source)
                for key in source:
                    self.positions.setdefault((*done.path, str(key)), (self.name, line))
        merged.update(done.data)
        done.data.clear()
        done.data.update(merged)

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                tag = _STR
            else:
                tag = self.tags.get((event.value, event.implicit[1]))
                if tag is None:
                    tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                    self.tags[(event.value, event.implicit[1])] = tag
        value = event.value if tag == _STR else self._construct(tag, event, line)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 1)
        return value

    def _construct(self, tag: str, event: yaml.ScalarEvent, line: int) -> Any:
        if tag == _MERGE:
            return _MERGE_KEY
        value = event.value
        try:
            fast = _FAST_SCALARS.get(tag)
            if fast is not None and _PLAIN_NUMBER.match(value):
                return fast(value)
            build = _SCALAR_CONSTRUCTORS.get(tag)
            if build is not None:
                node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                return build(self.constructor, node)
        except Exception as exc:  # any failure to convert one scalar is a problem of that value
            path, _ = self._child_path()
            if tag.endswith(":timestamp"):
                self._problem(line, path, f"{value!r} is not a date: {exc}",
                              "a real date, YYYY-MM-DD")
            else:
                self._problem(line, path, f"cannot read {value!r} as {tag.rpartition(':')[2]}")
            return None
        path, _ = self._child_path()
        self._problem(line, path, f"tag {_tag_name(tag)} is not supported", "plain YAML values")
        return None


def _tag_name(tag: str) -> str:
    """A tag as it was written: !!int for YAML's own tags, !name for the others."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,") \
        else tag


_PLAIN_NUMBER = re.compile(r"[-+]?(?:[1-9][0-9]*|0)(?:\.[0-9]*)?(?:[eE][-+][0-9]+)?\Z")
_FAST_SCALARS = {"tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float}
# Plain YAML values only: a tag such as !!binary or !!python/object is refused.
_SCALAR_CONSTRUCTORS = {f"tag:yaml.org,2002:{kind}":
                        getattr(yaml.SafeLoader, f"construct_yaml_{kind}")
                        for kind in ("null", "bool", "int", "float", "timestamp")}


def overlay(base: Document, top: Document) -> Document:
    """``top`` laid over ``base``: mappings merge key by key, anything else is replaced."""
    positions = dict(base.positions)

    def merge(b: Any, t: Any, path: tuple[str, ...]) -> Any:
        if isinstance(b, dict) and isinstance(t, dict):
            out = dict(b)
            for k, v in t.items():
                out[k] = merge(b.get(k), v, (*path, str(k))) if k in b else v
                if k not in b or not (isinstance(b[k], dict) and isinstance(v, dict)):
                    _drop_positions(positions, (*path, str(k)))
            return out
        return t

    data = merge(base.data, top.data, ())
    positions.update({k: v for k, v in top.positions.items() if k})
    positions[()] = top.positions[()]
    return Document(data, positions)


def _drop_positions(positions: Positions, prefix: tuple[str, ...]) -> None:
    for key in [k for k in positions if k[: len(prefix)] == prefix]:
        del positions[key]


# --- Value types ---------------------------------------------------------------------

def _code(value: Any) -> Any:
    """GB/T 2260 codes are six digits; YAML reads an unquoted code as an integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) != 6 or not value.isdigit():
        raise ValueError(f"{value!r} is not a GB/T 2260 code (six digits, e.g. \"330600\")")
    return value


def _series(value: Any) -> Any:
    """A number, or a mapping from year to number meaning 'from that year on'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {0: value}
    if isinstance(value, dict) and value:
        for year in value:
            if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2100:
                raise ValueError(f"year {year!r} is not a calendar year (1949-2100)")
        return value
    raise ValueError("expected a number or a mapping of year to number, e.g. {2021: 1.5}")


def _mix(mix: dict) -> dict:
    total = sum(mix.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"shares sum to {total:.6g}, not 1")
    return mix


Code = Annotated[str, BeforeValidator(_code)]
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegInt = Annotated[int, Field(ge=0)]
PositiveInt = Annotated[int, Field(gt=0)]
# Upper limits catch a slip of the keyboard (three zeros too many) before it makes a run
# last for days; each is far above anything a real prefecture holds.
Count = Annotated[int, Field(ge=0, le=10_000)]            # beds, staff, children, ...
PositiveCount = Annotated[int, Field(gt=0, le=10_000)]
Population = Annotated[int, Field(gt=0, le=50_000_000)]  # residents of one county
Days = Annotated[int, Field(ge=0, le=3650)]
Seed = Annotated[int, Field(ge=0, lt=2**63)]
Age = Annotated[int, Field(ge=0, le=18)]
Workers = Annotated[int, Field(gt=0, le=1024)]
Rate = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]  # children per year
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Latitude = Annotated[float, Field(ge=3, le=54)]
Longitude = Annotated[float, Field(ge=73, le=136)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Source = Annotated[str, Field(min_length=3)]
Series = Annotated[dict[int, NonNeg], BeforeValidator(_series)]
RateSeries = Annotated[dict[int, Rate], BeforeValidator(_series)]
CareMix = Annotated[dict[CareLevel, Probability], AfterValidator(_mix)]
AgeMix = Annotated[dict[AgeBand, Probability], AfterValidator(_mix)]
Hazards = dict[CareLevel, dict[AgeBand, NonNeg]]


def series_at(series: dict[int, float], year: int) -> float:
    """The value of a by-year step series in ``year`` (the first value before its start)."""
    keys = sorted(series)
    chosen = keys[0]
    for key in keys:
        if key <= year:
            chosen = key
    return series[chosen]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- The region file ------------------------------------------------------------------

class Place(Strict):
    code: Code
    name_zh: str = Field(min_length=1)
    name_pinyin: str = Field(min_length=1)


class County(Place):
    lat: Latitude
    lon: Longitude
    population: Population
    townships: PositiveCount = Field(description="townships and street offices (乡镇街道)")
    workstations: Count = Field(0, description="township protection workstations at the start")
    source: Source


class Prefecture(Place):
    lat: Latitude
    lon: Longitude
    province: Code | None = Field(None, description="needed only when a region spans provinces")
    source: Source
    counties: list[County] = Field(min_length=1)


class Staff(Strict):
    caregiver: Count = 0
    professional: Count = 0
    other: Count = 0


class CapacityOption(Strict):
    """A way to add beds: renovate an existing building or build a new one."""

    id: Slug
    kind: Literal["renovation", "new_build"]
    beds_added: PositiveCount
    capital_cost_yuan: NonNeg
    lead_time_days: Days
    source: Source


class Institution(Strict):
    id: Slug
    name_zh: str = Field(min_length=1)
    name_pinyin: str = Field(min_length=1)
    kind: InstitutionKind
    county: Code
    beds: Count
    staff: Staff = Staff()
    operating_cost_yuan_per_year: NonNeg
    regional: bool = Field(False, description="already raises the long-term children of its "
                                             "prefecture (区域性儿童福利机构) on the first day")
    operating_as_entity: bool = Field(True, description="a protection center that runs with its "
                                                        "own staff and site (实体化运行)")
    options: list[CapacityOption] = []
    source: Source


class CensusRow(Strict):
    age: AgeBand
    care: CareLevel
    kind: GuardianshipKind
    n: Count
    placement: Literal["residential", "foster"] = "residential"
    schooling: bool | None = Field(None, description="in school; derived from age when omitted")


class Census(Strict):
    """The children in each institution on the first day of the horizon."""

    as_of: date
    source: Source
    children: dict[Slug, list[CensusRow]]


class ArrivalRates(Strict):
    """Expected arrivals per year (Poisson means) of each kind in one county."""

    infant: RateSeries = Field(description="newly found infants, children per year")
    long_term: RateSeries = Field(description="other long-term guardianship cases, per year")
    temporary: RateSeries = Field(description="temporary guardianship cases, per year")


class Demand(Strict):
    source: Source
    arrivals: dict[Code, ArrivalRates]
    care_mix: dict[Literal["long_term", "temporary"], CareMix]
    age_mix: dict[Literal["long_term", "temporary"], AgeMix]
    night_or_emergency_share: Probability = Field(
        description="share of found infants first cared for by the county at night or in an "
                    "emergency")


class IntakeProcess(Strict):
    """Durations in days of an infant's intake steps; the announcement period is a rule."""

    steps_days: dict[TimedIntakeStep, NonNeg]
    parent_found_probability: Probability
    emergency_stay_days: NonNeg
    source: Source


class TemporaryProcess(Strict):
    mean_stay_days: Positive
    min_stay_days: NonNeg
    max_stay_days: Positive
    to_long_term_share: Probability
    source: Source


class ExitProcess(Strict):
    """Yearly hazards of leaving care (or residential care), by care level and age band."""

    adoption_per_year: Hazards
    foster_per_year: Hazards
    foster_return_per_year: NonNeg
    death_per_year: dict[CareLevel, NonNeg]
    source: Source


class CareProcess(Strict):
    full_care_until_age: Age = Field(description="infants need full care until this age")
    mix_after_infancy: CareMix
    source: Source


class TransferProcess(Strict):
    """The county-to-city transfer campaign: step durations and each county team's size."""

    steps_days: dict[TransferStep, NonNeg]
    team_capacity: PositiveCount = Field(description="children a county team works on at once")
    duration_cv: Annotated[float, Field(ge=0, le=2)] = Field(
        description="spread of each step's duration: standard deviation over mean")
    source: Source


class StaffingProcess(Strict):
    recruitment_days: NonNeg
    background_check_days: NonNeg
    attrition_per_year: NonNeg
    attrition_per_year_in_transition: NonNeg
    redeploy_share: Probability = Field(
        description="share of a transforming county home's caregivers willing to move")
    round_the_clock_caregivers: Annotated[int, Field(ge=0, le=50)] = Field(
        description="caregivers on roll that one post staffed day and night takes, where the "
                    "rules require round-the-clock duty")
    source: Source


class Process(Strict):
    intake: IntakeProcess
    temporary: TemporaryProcess
    exits: ExitProcess
    care: CareProcess
    transfer: TransferProcess
    staffing: StaffingProcess


class Costs(Strict):
    wages_yuan_per_year: dict[StaffRole, Series]
    hiring_cost_yuan: NonNeg
    redeployment_cost_yuan: NonNeg
    layoff_cost_yuan: NonNeg
    transport_yuan_per_child_km: NonNeg
    transfer_admin_yuan_per_child: NonNeg
    road_factor: Annotated[float, Field(ge=1, le=3)] = Field(
        description="road distance over straight-line distance")
    protection_center_yuan_per_year: NonNeg
    workstation_yuan_per_year: NonNeg
    discount_rate: Annotated[float, Field(ge=0, lt=1)]
    source: Source


class Region(Strict):
    id: Slug
    name_zh: str
    name_pinyin: str
    provinces: list[Place] = Field(min_length=1)
    prefectures: list[Prefecture] = Field(min_length=1)
    institutions: list[Institution] = Field(min_length=1)
    census: Census
    demand: Demand
    process: Process
    costs: Costs

    def counties(self) -> Iterator[tuple[Prefecture, County]]:
        for prefecture in self.prefectures:
            for county in prefecture.counties:
                yield prefecture, county

    def county(self, code: str) -> County:
        return next(c for _, c in self.counties() if c.code == code)

    def prefecture_of(self, county_code: str) -> Prefecture:
        return next(p for p, c in self.counties() if c.code == county_code)

    def institution(self, institution_id: str) -> Institution:
        return next(i for i in self.institutions if i.id == institution_id)

    def province_of(self, prefecture: Prefecture) -> Place:
        code = prefecture.province or self.provinces[0].code
        return next(p for p in self.provinces if p.code == code)

    def places(self) -> dict[str, Place]:
        """Every place of the region by code: provinces, prefectures and counties."""
        out: dict[str, Place] = {p.code: p for p in self.provinces}
        for prefecture in self.prefectures:
            out[prefecture.code] = prefecture
            out.update({c.code: c for c in prefecture.counties})
        return out

    def lineage(self, code: str) -> list[str]:
        """The codes that govern a place, most specific first, ending with the nation."""
        for prefecture in self.prefectures:
            province = self.province_of(prefecture).code
            if code == prefecture.code:
                return [code, province, NATIONAL_CODE]
            if any(c.code == code for c in prefecture.counties):
                return [code, prefecture.code, province, NATIONAL_CODE]
        return [code, NATIONAL_CODE] if code != NATIONAL_CODE else [code]


# --- The scenario file ----------------------------------------------------------------

class DatedValue(Strict):
    """A what-if value of a rule, from a date on (optionally only at one place)."""

    value: Any
    effective: date
    place: Code | None = None
    due: date | None = None


class Adoption(Strict):
    """Take rules from another jurisdiction's document where this region's are silent."""

    keys: list[str] = Field(min_length=1, description="rule keys or key prefixes ending in .*")
    from_: str = Field(alias="from")
    effective: date | None = Field(None, description="apply from this date rather than from "
                                                     "the date the other document took effect")
    reason: str = Field(min_length=3)


class Assumption(Strict):
    """A value of a rule key that no document gives for this region, with its source."""

    value: Any
    effective: date
    jurisdiction: Code | None = None
    due: date | None = None
    source: Source


class Horizon(Strict):
    start: date
    end: date


class RunSettings(Strict):
    replications: Annotated[int, Field(gt=0, le=100_000)] = 20
    seed: Seed = 0
    workers: Workers | None = Field(None, description="worker processes; default all cores")


class OptimizerSettings(Strict):
    time_limit_s: Positive = 60.0
    relative_gap: Annotated[float, Field(gt=0, lt=0.5)] = 1e-6
    workers: Workers = 2
    seed: Seed = 0
    travel_weight: NonNeg = Field(1.0, description="weight of child-km in yuan-equivalent terms")
    budget_cap_yuan: NonNeg | None = None


class ServiceLevels(Strict):
    ratio_compliance_days: Probability | None = None
    transfer_deadline_probability: Probability | None = None


class ScenarioFile(Strict):
    """What a scenario YAML file holds once ``base:`` overlays are resolved."""

    name: str = Field(min_length=1)
    description: str = ""
    base: str | None = None
    region: str
    rulebooks: list[str] = Field(min_length=1)
    adopt: list[Adoption] = []
    assume: dict[str, list[Assumption]] = {}
    overrides: dict[str, list[DatedValue]] = {}
    horizon: Horizon
    run: RunSettings = RunSettings()
    optimizer: OptimizerSettings = OptimizerSettings()
    service_levels: ServiceLevels = ServiceLevels()
    robust: bool = False


class Scenario(Strict):
    """A validated scenario with its region loaded and its rulebooks located."""

    name: str
    description: str
    path: Path
    region_path: Path
    region: Region
    rulebooks: dict[str, Path]
    adopt: list[Adoption]
    assume: dict[str, list[Assumption]]
    overrides: dict[str, list[DatedValue]]
    horizon: Horizon
    run: RunSettings
    optimizer: OptimizerSettings
    service_levels: ServiceLevels
    robust: bool
    content_hash: str
    positions: dict[str, tuple[str, int]] = Field(default_factory=dict, repr=False)

    def where(self, dotted: str) -> tuple[str, int]:
        """File and line of a scenario key path, for messages about it."""
        key = dotted
        while key and key not in self.positions:
            key = key.rpartition(".")[0]
        return self.positions.get(key, (str(self.path), 0))


# --- Loading -------------------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parent.parent / "scenarios"


def load(path: str | Path) -> Scenario:
    """Read, overlay, validate and cross-check a scenario file and the region it names."""
    path = Path(path)
    doc = _read_with_bases(path, ())
    spec = validate(ScenarioFile, doc)
    problems = list(_check_scenario(spec, doc, path))
    region_file, _ = doc.positions.get(("region",), (str(path), 0))
    region_path = Path(region_file).parent / spec.region
    if not _is_file(region_path):
        file, line, _ = doc.where(("region",))
        raise InputError([*problems, Problem(file, line, "region",
                                             f"region file {spec.region!r} not found",
                                             f"a path relative to {Path(file).parent}")])
    try:
        region_doc = read_yaml(region_path)
        region = load_region_document(region_doc)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    problems += _check_against_region(spec, doc, region)
    rulebooks = _locate_rulebooks(spec, doc, path, problems)
    if problems:
        raise InputError(problems)
    return Scenario(
        name=spec.name, description=spec.description, path=path, region_path=region_path,
        region=region, rulebooks=rulebooks, adopt=spec.adopt, assume=spec.assume,
        overrides=spec.overrides, horizon=spec.horizon, run=spec.run,
        optimizer=spec.optimizer, service_levels=spec.service_levels, robust=spec.robust,
        content_hash=_content_hash(spec, region, rulebooks),
        positions={".".join(k): v for k, v in {**region_doc.positions, **doc.positions}.items()},
    )


def load_region(path: str | Path) -> Region:
    return load_region_document(read_yaml(Path(path)))


def load_region_document(doc: Document) -> Region:
    region = validate(Region, doc)
    problems = list(_check_region(region, doc))
    if problems:
        raise InputError(_capped(sorted(problems, key=lambda p: (p.file, p.line))))
    return region


def available_rulebooks(scenario_path: Path) -> dict[str, Path]:
    """Rulebooks a scenario can name: ``policies/`` beside it, then the bundled ones."""
    found: dict[str, Path] = {}
    for folder in (BUNDLED / "policies", scenario_path.parent / "policies"):
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found


def _read_with_bases(path: Path, chain: tuple[Path, ...]) -> Document:
    doc = read_yaml(path)
    if not isinstance(doc.data, dict) or doc.data.get("base") is None:
        return doc
    base = doc.data["base"]
    file, line, _ = doc.where(("base",))
    if not isinstance(base, str) or not base.strip():
        raise InputError([Problem(file, line, "base", "expected a file name",
                                  "a path relative to this file")])
    base_path = path.parent / base
    if not _is_file(base_path):
        raise InputError([Problem(file, line, "base", f"base file {base!r} not found",
                                  f"a path relative to {path.parent}")])
    here, there = path.resolve(), base_path.resolve()
    if there in chain or there == here:
        names = " -> ".join(p.name for p in (*chain, here, there))
        raise InputError([Problem(file, line, "base", f"base files form a cycle: {names}",
                                  "a chain of bases that ends")])
    if len(chain) >= MAX_BASES:
        raise InputError([Problem(file, line, "base", "too many bases in a chain",
                                  f"at most {MAX_BASES}")])
    merged = overlay(_read_with_bases(base_path, (*chain, here)), doc)
    merged.data.pop("base", None)
    return merged


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def validate(model: type[BaseModel], doc: Document) -> Any:
    """Validate plain data against a model, turning pydantic's errors into Problems."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(_problems_from(exc, doc, model)) from None


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for err in exc.errors(include_url=False):
        if err["type"] == "none_required":
            continue
        keys, is_key_error = _data_keys(doc.data, err["loc"], err["type"])
        file, line, _ = doc.where(tuple(keys))
        dotted = _dotted(keys)
        message, allowed = _describe(err, model, keys, is_key_error)
        problems.setdefault(dotted, Problem(file, line, dotted, message, allowed))
    return _capped(sorted(problems.values(), key=lambda p: (p.file, p.line)))


def _data_keys(data: Any, loc: tuple, kind: str) -> tuple[list, bool]:
    """The part of a pydantic location that names real keys of the data."""
    keys: list = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]":
            return keys, True
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and str(part) in map(str, node):
            node = next(v for k, v in node.items() if str(k) == str(part))
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif kind == "missing" and i == len(loc) - 1:
            pass
        else:
            continue
        keys.append(part)
    return keys, False


_KINDS = {"int": "an integer", "float": "a number", "bool": "true or false", "string": "text",
          "date": "a date (YYYY-MM-DD)", "list": "a list", "dict": "a mapping (key: value)",
          "model": "a mapping (key: value)", "model_attributes": "a mapping (key: value)"}
_BOUNDS = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=",
           "less_than": "<"}


def _describe(err: dict, model: type[BaseModel], keys: list, is_key: bool) -> tuple[str, str]:
    """A planner's wording of one pydantic error: (what is wrong, what is allowed)."""
    kind, ctx, got = err["type"], err.get("ctx", {}), err.get("input")
    shown = _shown(got)
    if is_key:
        return _describe_key(kind, ctx, keys[-1] if keys else got)
    if kind == "missing":
        return "required key is missing", ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, keys[:-1])
        return f"unknown key{_did_you_mean(keys[-1], allowed)}", "allowed: " + ", ".join(allowed)
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()))
        limit = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
        return f"{shown} is out of range", f"must be {_BOUNDS[kind]} {limit}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (f"{shown} is not allowed{_did_you_mean(got, options)}",
                f"one of {ctx.get('expected')}")
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), ""
    return _describe_type(kind, ctx, shown)


def _describe_type(kind: str, ctx: dict, shown: str) -> tuple[str, str]:
    """Errors about the kind or size of a value rather than its range."""
    special = {
        "string_pattern_mismatch": (f"{shown} is not a valid identifier",
                                    "lower-case letters, digits, - and _"),
        "too_short": ("must not be empty", f"at least {ctx.get('min_length', 1)} item(s)"),
        "string_too_short": ("must not be empty", ""),
        "string_too_long": ("text is too long", f"at most {ctx.get('max_length')} characters"),
        "too_long": ("too many items", f"at most {ctx.get('max_length')}"),
        "finite_number": (f"{shown} is not a finite number", "a finite number"),
        "int_from_float": (f"expected a whole number, got {shown}", ""),
        "int_parsing_size": (f"{shown} is too large a number", ""),
        "date_from_datetime_inexact": (f"expected a date without a time, got {shown}", ""),
    }
    if kind in special:
        return special[kind]
    for prefix, wanted in _KINDS.items():
        if kind.startswith(prefix + "_") and kind.endswith(("_type", "_parsing")):
            return f"expected {wanted}, got {shown}", ""
    return f"{kind.replace('_', ' ')} (got {shown})", ""


def _describe_key(kind: str, ctx: dict, key: Any) -> tuple[str, str]:
    """Errors about a mapping's key, such as a care level or a county code used as a key."""
    if kind == "value_error":
        return str(ctx.get("error")), ""
    options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    if options:
        return (f"key {key!r} is not allowed{_did_you_mean(key, options)}",
                f"one of {ctx['expected']}")
    return f"key {key!r} is not allowed", ""


def _did_you_mean(word: Any, options: list[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _shown(value: Any) -> str:
    """A short rendering of a value for a message."""
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _allowed_keys(model: Any, keys: list) -> list[str]:
    """Field names accepted at a key path, found by walking the model's annotations."""
    kind = model
    for key in keys:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(key)) or next(
                (f for f in kind.model_fields.values() if f.alias == key), None)
            kind = field.annotation if field else None
        elif getattr(kind, "__origin__", None) in (list, dict):
            kind = kind.__args__[-1]
        else:
            return []
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [f.alias or name for name, f in kind.model_fields.items()]
    return []


def _unwrap(kind: Any) -> Any:
    """Strip Annotated[...] and Optional[...] around a type."""
    while True:
        args = getattr(kind, "__args__", ())
        if getattr(kind, "__metadata__", None) is not None:
            kind = kind.__origin__
        elif args and type(None) in args:
            kind = next(a for a in args if a is not type(None))
        else:
            return kind


# --- Cross-checks that a schema alone cannot express ---------------------------------

def _at(doc: Document, keys: tuple, message: str, allowed: str = "") -> Problem:
    file, line, _ = doc.where(keys)
    return Problem(file, line, _dotted(keys), message, allowed)


def _one_of(items: Any, limit: int = 12) -> str:
    """'one of a, b, c' for a message, shortened when a region has thousands of them."""
    items = list(dict.fromkeys(str(i) for i in items))
    if len(items) <= limit:
        return "one of " + ", ".join(items)
    return "one of " + ", ".join(items[:limit]) + f", ... ({len(items)} in all)"


def _check_region(region: Region, doc: Document) -> Iterator[Problem]:
    yield from _check_codes(region, doc)
    counties = {c.code for _, c in region.counties()}
    kinds: dict[str, str] = {}
    options: set[str] = set()
    for n, inst in enumerate(region.institutions):
        if inst.id in kinds:
            yield _at(doc, ("institutions", n, "id"), f"duplicate institution id {inst.id!r}",
                      "each id once")
        kinds.setdefault(inst.id, inst.kind)
        if inst.county not in counties:
            yield _at(doc, ("institutions", n, "county"),
                      f"county {inst.county!r} is not a county of this region",
                      _one_of(sorted(counties)))
        for o, option in enumerate(inst.options):
            if option.id in options or option.id in kinds:
                yield _at(doc, ("institutions", n, "options", o, "id"),
                          f"duplicate id {option.id!r}", "each institution and option id once")
            options.add(option.id)
    for inst_id, rows in region.census.children.items():
        if inst_id not in kinds:
            yield _at(doc, ("census", "children", inst_id),
                      f"institution {inst_id!r} does not exist", _one_of(kinds))
        elif kinds[inst_id] == "candidate_site" and any(r.n for r in rows):
            yield _at(doc, ("census", "children", inst_id),
                      "a candidate site holds no children on the first day")
    yield from _check_demand(region, doc, counties)
    yield from _check_process(region, doc)


def _check_codes(region: Region, doc: Document) -> Iterator[Problem]:
    provinces = [p.code for p in region.provinces]
    for n, code in enumerate(provinces):
        if not code.endswith("0000") or code == NATIONAL_CODE:
            yield _at(doc, ("provinces", n, "code"), f"{code} is not a province code",
                      "six digits ending in 0000")
        elif code in provinces[:n]:
            yield _at(doc, ("provinces", n, "code"), f"duplicate province code {code}")
    seen: set[str] = set()
    for p, prefecture in enumerate(region.prefectures):
        if prefecture.province is None and len(provinces) > 1:
            yield _at(doc, ("prefectures", p), "say which province this prefecture is in",
                      "province: " + _one_of(provinces))
            continue
        if prefecture.province is not None and prefecture.province not in provinces:
            yield _at(doc, ("prefectures", p, "province"),
                      f"province {prefecture.province} is not listed under provinces",
                      _one_of(provinces))
            continue
        province = region.province_of(prefecture).code
        code = prefecture.code
        if code[:2] != province[:2] or not code.endswith("00") or code == province:
            yield _at(doc, ("prefectures", p, "code"),
                      f"{code} is not a prefecture of province {province}",
                      f"{province[:2]}xx00")
            continue  # its counties would all be reported too; one message is enough
        if code in seen:
            yield _at(doc, ("prefectures", p, "code"), f"duplicate prefecture code {code}")
        seen.add(code)
        yield from _check_counties(doc, p, prefecture, seen)


def _check_counties(doc: Document, p: int, prefecture: Prefecture,
                    seen: set[str]) -> Iterator[Problem]:
    code = prefecture.code
    for c, county in enumerate(prefecture.counties):
        where = ("prefectures", p, "counties", c)
        if county.code[:4] != code[:4] or county.code.endswith("00"):
            yield _at(doc, (*where, "code"), f"{county.code} is not a county of prefecture {code}",
                      f"{code[:4]}xx")
        elif county.code in seen:
            yield _at(doc, (*where, "code"), f"duplicate county code {county.code}")
        seen.add(county.code)
        if county.workstations > county.townships:
            yield _at(doc, (*where, "workstations"),
                      f"{county.workstations} workstations but only {county.townships} townships",
                      "at most one workstation per township")


def _check_demand(region: Region, doc: Document, counties: set[str]) -> Iterator[Problem]:
    for code in region.demand.arrivals:
        if code not in counties:
            yield _at(doc, ("demand", "arrivals", code), f"county {code!r} is not in this region",
                      _one_of(sorted(counties)))
    for code in sorted(counties - set(region.demand.arrivals)):
        yield _at(doc, ("demand", "arrivals"), f"county {code} has no arrival rates",
                  "one entry per county")
    for kind in ("long_term", "temporary"):
        for block in ("care_mix", "age_mix"):
            if kind not in getattr(region.demand, block):
                yield _at(doc, ("demand", block), f"no {block} for {kind} arrivals",
                          "long_term and temporary")


def _complete(doc: Document, keys: tuple, given: dict, wanted: tuple) -> Iterator[Problem]:
    missing = [w for w in wanted if w not in given]
    if missing:
        yield _at(doc, keys, "missing " + ", ".join(missing), "one value for each")


def _check_process(region: Region, doc: Document) -> Iterator[Problem]:
    pr = region.process
    timed = tuple(s for s in INTAKE_STEPS if s != "search_announcement")
    yield from _complete(doc, ("process", "intake", "steps_days"), pr.intake.steps_days, timed)
    yield from _complete(doc, ("process", "transfer", "steps_days"), pr.transfer.steps_days,
                         TRANSFER_STEPS)
    yield from _complete(doc, ("costs", "wages_yuan_per_year"), region.costs.wages_yuan_per_year,
                         STAFF_ROLES)
    yield from _complete(doc, ("process", "exits", "death_per_year"), pr.exits.death_per_year,
                         CARE_LEVELS)
    for name in ("adoption_per_year", "foster_per_year"):
        table = getattr(pr.exits, name)
        yield from _complete(doc, ("process", "exits", name), table, CARE_LEVELS)
        for care, bands in table.items():
            yield from _complete(doc, ("process", "exits", name, care), bands, AGE_BANDS)
    t = pr.temporary
    if not t.min_stay_days <= t.mean_stay_days <= t.max_stay_days:
        yield _at(doc, ("process", "temporary", "mean_stay_days"),
                  f"mean stay {t.mean_stay_days} is outside [{t.min_stay_days}, "
                  f"{t.max_stay_days}]", "min_stay_days <= mean_stay_days <= max_stay_days")


def _check_scenario(spec: ScenarioFile, doc: Document, path: Path) -> Iterator[Problem]:
    start, end = spec.horizon.start, spec.horizon.end
    if end <= start:
        yield _at(doc, ("horizon", "end"), f"end {end} is not after start {start}",
                  "end later than start")
    elif (end - start).days > MAX_HORIZON_YEARS * 366:
        yield _at(doc, ("horizon", "end"), f"a horizon of {(end - start).days // 365} years",
                  f"at most {MAX_HORIZON_YEARS} years")
    available = available_rulebooks(path)
    for n, adoption in enumerate(spec.adopt):
        if adoption.from_ not in available:
            yield _at(doc, ("adopt", n, "from"), f"rulebook {adoption.from_!r} does not exist"
                      f"{_did_you_mean(adoption.from_, list(available))}", _one_of(available))
        for k, key in enumerate(adoption.keys):
            if not _is_rule_key(key.removesuffix(".*")):
                yield _at(doc, ("adopt", n, "keys", k), f"{key!r} is not a dotted rule key",
                          "e.g. staffing.caregiver_ratio.* or intake.steps")
    for block, table in (("overrides", spec.overrides), ("assume", spec.assume)):
        for key in table:
            if not _is_rule_key(key):
                yield _at(doc, (block, key), f"{key!r} is not a dotted rule key",
                          "e.g. staffing.caregiver_ratio.self_care")


def _is_rule_key(key: str) -> bool:
    parts = key.split(".")
    return len(parts) >= 2 and all(p.replace("_", "").isalnum() for p in parts)


def _check_against_region(spec: ScenarioFile, doc: Document, region: Region) -> list[Problem]:
    problems = []
    places = region.places() | {NATIONAL_CODE: None}
    for block, table, field in (("overrides", spec.overrides, "place"),
                                ("assume", spec.assume, "jurisdiction")):
        for key, values in table.items():
            for n, value in enumerate(values):
                code = getattr(value, field)
                if code is not None and code not in places:
                    problems.append(_at(doc, (block, key, n, field),
                                        f"place {code} is not in region {region.id}",
                                        _one_of(sorted(places))))
    if region.census.as_of > spec.horizon.start:
        problems.append(_at(doc, ("horizon", "start"),
                            f"the census is dated {region.census.as_of}, after the start",
                            "a start on or after the census date"))
    return problems


def _locate_rulebooks(spec: ScenarioFile, doc: Document, path: Path,
                      problems: list[Problem]) -> dict[str, Path]:
    available = available_rulebooks(path)
    found: dict[str, Path] = {}
    for n, name in enumerate(spec.rulebooks):
        if name in found:
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} is listed twice"))
        elif name not in available:
            hint = _did_you_mean(name, list(available))
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} does not exist{hint}",
                                _one_of(available) if available else "none: no policies/ folder"))
        else:
            found[name] = available[name]
    for adoption in spec.adopt:
        if adoption.from_ in available:
            found.setdefault(adoption.from_, available[adoption.from_])
    return found


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError([Problem(str(path), 0, "", f"cannot read rulebook: {exc.strerror}")]) \
            from None


def _content_hash(spec: ScenarioFile, region: Region, rulebooks: dict[str, Path]) -> str:
    """A digest of everything that determines a run's numbers."""
    payload = {
        "scenario": spec.model_dump(mode="json", by_alias=True, exclude={"base", "region"}),
        "region": region.model_dump(mode="json"),
        "rulebooks": {k: _file_digest(p) for k, p in sorted(rulebooks.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
