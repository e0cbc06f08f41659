"""Writing a region file from a validated region, and finding the comments of one.

The YAML written is the one a planner would write: the model's order of keys, short items
on one line, codes quoted, a by-year value that holds every year as a plain number, blank
values and empty ``ranges:`` left out. Comments are not data, so the reader drops them; the ones
at the top of a file (its description and provenance legend) travel in the workbook's notes
sheet and come back as the top comments of the written file, and the others are listed to
the planner so that nothing disappears silently.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

from sim.scenario.model import Region


def dump(region: Region, notes: list[str] = ()) -> str:
    """The region as YAML text, with ``notes`` as its opening comments."""
    data = _plain(region.model_dump(mode="python", exclude_none=True))
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    head = "".join(f"# {line.removeprefix('#').removeprefix(' ')}\n" if line.strip()
                   else "#\n" for line in notes)
    return head + body


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if list(value) == [0]:                  # a by-year series that never changes
            return _plain(value[0])
        return {k: _plain(v) for k, v in value.items() if not (k == "ranges" and not v)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def comments(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """The comment lines before a file's first value, and (line, text) of every other one.

    Found by PyYAML's own scanner: a ``#`` outside every token it reads starts a comment.
    """
    spans: list[tuple[int, int]] = []
    first_line = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.StreamStartToken | yaml.StreamEndToken):
                continue
            if first_line is None:
                first_line = token.start_mark.line
            spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return [], []
    starts = [s for s, _ in spans]
    head: list[str] = []
    others: list[tuple[int, str]] = []
    done: set[int] = set()                       # lines whose comment is found
    for found in re.finditer("#", text):
        i = found.start()
        line = text.count("\n", 0, i)
        if line in done:
            continue                             # a '#' inside the comment itself
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and spans[k][0] <= i < spans[k][1]:
            continue                             # inside a quoted or plain value
        if i > 0 and text[i - 1] not in " \t\n\r":
            continue                             # part of a value, as in a#b
        end = text.find("\n", i)
        comment = text[i:end if end >= 0 else len(text)].rstrip()
        done.add(line)
        if first_line is None or line < first_line:
            head.append(comment)
        else:
            others.append((line + 1, comment))
    return head, others
