"""Strict JSON for every file the planner writes: a NaN or an infinity is an error.

Python's ``json`` writes ``NaN`` and ``Infinity`` by default, which no other JSON reader
accepts; a figure that is not a number is also a sign that something upstream went wrong.
``strict_json`` refuses such a value and names where in the data it sits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any


class NotANumber(ValueError):
    """A value that JSON cannot hold (NaN, an infinity) was about to be written."""


def strict_json(data: Any, default: Callable[[Any], Any] | None = str, indent: int | None = 2,
                **options: Any) -> str:
    """``data`` as JSON text; raises :class:`NotANumber` naming the first non-finite value."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, default=default,
                          allow_nan=False, **options)
    except ValueError as exc:
        if "JSON compliant" not in str(exc):
            raise
        where = _first_non_finite(data, default) or "?"
        raise NotANumber(f"a value that is not a finite number would be written at {where}") \
            from None


def _first_non_finite(value: Any, default: Callable[[Any], Any] | None,
                      path: str = "") -> str | None:
    if isinstance(value, float):
        return (path or "(top)") if not math.isfinite(value) else None
    if isinstance(value, Mapping):
        items = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    elif value is None or isinstance(value, str | int | bool) or default is None:
        return None
    else:
        return _first_non_finite(default(value), None, path)
    for where, item in items:
        found = _first_non_finite(item, default, where)
        if found:
            return found
    return None
