"""Text that carries pieces which are not words of the reader's language, marked as such.

A Chinese report still prints a rule key (``staffing.caregiver_ratio.full_care``), a file
name, a document's id and the documents' own words; an English report quotes the Chinese
policy text. Such a piece is marked: an identifier is set in small monospaced type (HTML
``<code>``, Markdown backticks), a quotation in quotation marks (HTML ``<q>``, Markdown
「…」), so that a reader sees at a glance that it is cited, not translated, and the language
check of the reports (tests/reports/test_language.py) can tell it from the report's own words.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from markupsafe import Markup, escape

KINDS = ("", "id", "key", "quote")


@dataclass(frozen=True)
class Rich:
    """A run of pieces (kind, text): plain words, identifiers and quotations."""

    parts: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return "".join(text for _, text in self.parts)

    def __add__(self, other: str | Rich) -> Rich:
        return Rich(self.parts + _parts(other))

    def __radd__(self, other: str) -> Rich:
        return Rich(_parts(other) + self.parts)

    def __bool__(self) -> bool:
        return any(text for _, text in self.parts)


def _parts(piece: str | Rich) -> tuple[tuple[str, str], ...]:
    if isinstance(piece, Rich):
        return piece.parts
    return (("", str(piece)),) if piece else ()


def ident(text: str) -> Rich:
    """A rule key, a file name, a key path or a document's id."""
    return Rich((("id", str(text)),)) if text else Rich(())


def key(text: str) -> Rich:
    """A rule key beside the rule's name: an identifier the page may set under the name."""
    return Rich((("key", str(text)),)) if text else Rich(())


def quote(text: str) -> Rich:
    """A document's or a file's own words, cited as written."""
    return Rich((("quote", str(text)),)) if text else Rich(())


def join(pieces: list[str | Rich], sep: str = "") -> Rich:
    out: tuple[tuple[str, str], ...] = ()
    for k, piece in enumerate(pieces):
        if k and sep:
            out += (("", sep),)
        out += _parts(piece)
    return Rich(out)


def fill(template: str, **values) -> Rich:
    """A sentence's fields filled in, the marked pieces among the values kept marked: "未记录
    印发日期（{field}）" with ``field=ident("issued")`` keeps ``issued`` an identifier."""
    out: list[str | Rich] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            value = values[name]
            out.append(value if isinstance(value, Rich) else format(value, spec or ""))
    return join(out)


def html(value) -> Markup:
    """A value as HTML: text escaped, identifiers in <code>, quotations in <q>."""
    if not isinstance(value, Rich):
        return escape(str(value))
    out = []
    for kind, text in value.parts:
        if kind == "id":
            out.append(Markup("<code>{}</code>").format(text))
        elif kind == "key":
            out.append(Markup('<code class="key">{}</code>').format(text))
        elif kind == "quote":
            out.append(Markup("<q>{}</q>").format(text))
        else:
            out.append(escape(text))
    return Markup("").join(out)


def markdown(value) -> str:
    """A value as Markdown text: identifiers in backticks, quotations in 「…」 (a quoted
    policy text holds “…” of its own).

    Angle brackets get a backslash, which CommonMark prints as the character itself, so that
    text from a scenario file never becomes markup; nothing else is escaped.
    """
    if not isinstance(value, Rich):
        return _md_text(str(value))
    out = []
    for kind, text in value.parts:
        if kind in ("id", "key"):
            out.append("`" + text.replace("`", "'") + "`")
        elif kind == "quote":
            out.append("「" + _md_text(text) + "」")
        else:
            out.append(_md_text(text))
    return "".join(out)


def _md_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
