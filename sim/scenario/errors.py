"""Turning pydantic's validation errors into one-line problems a planner can act on."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from sim.scenario.problems import InputError, Problem
from sim.scenario.yamlio import Document, _capped, _dotted


def validate(model: type[BaseModel], doc: Document) -> Any:
    """Validate plain data against a model, turning pydantic's errors into Problems.

    A file that is not a mapping at all is named as such, without quoting it: it may be any
    file on the machine, and its content is not for an error message.
    """
    if not isinstance(doc.data, dict):
        file, line, _ = doc.where(())
        raise InputError([Problem(file, line, "", "expected a mapping (key: value), got "
                                  f"{_kind_of(doc.data)}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(_problems_from(exc, doc, model)) from None


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool) or value is None:
        return "true, false or nothing"
    if isinstance(value, int | float):
        return "a number"
    return "text"


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
    if kind in _BOUNDS:
        return f"key {key!r} is out of range", f"must be {_BOUNDS[kind]} {next(iter(ctx.values()))}"
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
