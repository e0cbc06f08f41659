"""Text for readers of both languages, written once: "中文 — English".

The rulebooks' descriptions, the bundled files' ``source:`` notes and scenario names are
written with both halves around a spaced em dash, so that a Chinese report shows the
Chinese half and an English one the English half. A text without the dash (a user's own
note in one language) is the same in both and is shown as written.
"""

from __future__ import annotations

DASH = " — "


def halves(text: str) -> tuple[str, str]:
    """The Chinese and the English half of ``text``; a text without the dash is both."""
    zh, dash, en = text.partition(DASH)
    return (zh.strip(), en.strip()) if dash else (text, text)


def is_bilingual(text: str) -> bool:
    return DASH in text
