"""Speaking the reader's language: words, names, numbers and money in Chinese or English.

A report is in Chinese when the region's names are (every bundled region), else in English;
``--lang`` chooses otherwise. Places and institutions are called by ``name_zh`` in Chinese
and ``name_pinyin`` in English. Money reads in 万元 (ten thousand yuan) in Chinese, the unit
budget documents use, and in million yuan in English; spreadsheets and CSV files keep whole
yuan so that nothing is lost to rounding.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from reports.texts import TEXTS
from reports.words import WORDS
from reports.words_backtest import BACKTEST_WORDS
from reports.words_book import BOOK
from reports.words_estimates import ESTIMATE_WORDS

LANGS = ("zh", "en")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ALL = {**TEXTS, **WORDS, **BOOK, **ESTIMATE_WORDS, **BACKTEST_WORDS}


def default_lang(region: Any) -> str:
    """Chinese when the region's own name is written in Chinese characters."""
    return "zh" if _CJK.search(getattr(region, "name_zh", "") or "") else "en"


def check(lang: str | None) -> str | None:
    if lang not in (None, *LANGS):
        raise ValueError(f"unknown language {lang!r} (zh or en)")
    return lang


class Lang:
    """Words and number formats of one language."""

    def __init__(self, lang: str):
        self.code = check(lang) or "zh"
        self.zh = self.code == "zh"

    def __contains__(self, key: str) -> bool:
        return key in _ALL

    def __call__(self, key: str, **values: Any) -> str:
        zh, en = _ALL[key]
        text = zh if self.zh else en
        return text.format(**values) if values else text

    # --- names -------------------------------------------------------------------------

    def name(self, thing: Any) -> str:
        """A place's or an institution's name in this language."""
        return thing.name_zh if self.zh else thing.name_pinyin

    def part(self, bilingual: str) -> str:
        """This language's half of a rulebook text written "中文 — English"."""
        zh, sep, en = bilingual.partition(" — ")
        if not sep:
            return bilingual
        return zh.strip() if self.zh else en.strip()

    # --- numbers -----------------------------------------------------------------------

    @property
    def money_unit(self) -> str:
        return self("unit.money")

    @property
    def money_scale(self) -> float:
        """Yuan per unit of money shown: 1 万元 is 10,000 yuan, 1 million yuan 1,000,000."""
        return 1e4 if self.zh else 1e6

    def money(self, yuan: float) -> str:
        """An amount in the unit of this language, without the unit."""
        if yuan is None or (isinstance(yuan, float) and math.isnan(yuan)):
            return "–"
        value = yuan / self.money_scale
        digits = 1 if self.zh else 2
        if abs(value) >= 1000:
            digits = 0
        return f"{_unsigned_zero(value, digits):,.{digits}f}"

    def number(self, x: float, digits: int = 1) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "–"
        if isinstance(x, int | np.integer):
            return f"{int(x):,}"
        return f"{_unsigned_zero(x, digits):,.{digits}f}"

    def pct(self, share: float, digits: int = 0) -> str:
        if share is None or (isinstance(share, float) and math.isnan(share)):
            return "–"
        return f"{_unsigned_zero(100 * share, digits):.{digits}f}%"

    def interval(self, low: str, high: str) -> str:
        return self("fmt.interval", low=low, high=high)

    def yes(self, flag: bool) -> str:
        return self("yes") if flag else self("no")


def _unsigned_zero(value: float, digits: int) -> float:
    """0 for a value that rounds to zero, so that no "-0.0" is printed."""
    return 0.0 if round(value, digits) == 0 else value
