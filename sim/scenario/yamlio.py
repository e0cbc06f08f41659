"""Reading YAML safely while remembering the file and line of every value.

Size, encoding, nesting depth, aliases and duplicate keys are checked as the file is read,
so that an enormous or hostile file is refused with a message rather than a hang; the
positions let every later problem name its file and line.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.model import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_FILE_BYTES
from sim.scenario.problems import InputError, Problem

# --- Reading YAML while remembering where each value came from -------------------------

Positions = dict[tuple[str, ...], tuple[str, int]]

# libyaml parses a large region file many times faster than pure Python. It has limits and
# messages of its own (it stops at 1,000 nested brackets, scanning a line ahead of the events
# this reader checks), so whatever it refuses is read again by PyYAML's pure-Python parser,
# which has neither: the depth limit and the wording of every message are this module's.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
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
            if _FAST_LOADER is None or not self._parse(_FAST_LOADER):
                self.__init__(self.name, self.text)
                self._parse(yaml.SafeLoader, final=True)
        finally:
            if collecting:
                gc.enable()
        if self.root is _NO_KEY:
            raise InputError([Problem(self.name, 1, "", "file is empty", "a YAML mapping")])
        if self.problems:
            raise InputError(_capped(self.problems))
        return Document(self.root, self.positions)

    def _parse(self, loader: type, final: bool = False) -> bool:
        """Read every event; False when a parser other than the final one refuses the text."""
        try:
            for event in yaml.parse(self.text, Loader=loader):
                self._event(event)
        except yaml.MarkedYAMLError as exc:
            if not final:
                return False
            raise InputError([_syntax_problem(self.name, self.text, exc)]) from None
        return True

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
