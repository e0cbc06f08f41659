"""Speaking the reader's language: words, names, numbers, dates and money in Chinese or English.

A report is in Chinese when the region's names are (every bundled region), else in English;
``--lang`` chooses otherwise. Places and institutions are called by ``name_zh`` in Chinese;
in English by ``name_pinyin`` with the Chinese name beside it, which is what the reader will
find on the documents and the signs. Money reads in 万元 (ten thousand yuan) in Chinese, the
unit budget documents use, and in million yuan in English; spreadsheets and CSV files keep
whole yuan so that nothing is lost to rounding.

Numbers, percentages, dates, month names, lists and plurals are formatted by Babel with the
Common Locale Data Repository's rules for ``zh_Hans_CN`` and ``en_GB`` ("2022年12月31日",
"31 Dec 2022"; "a、b和c", "a, b and c"; "1 is met", "2 are met"), never by hand.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import numpy as np
from babel import Locale, dates, lists, numbers

from reports import markup
from reports.texts import TEXTS
from reports.words import TERMS, WORDS
from reports.words_backtest import BACKTEST_WORDS
from reports.words_book import BOOK
from reports.words_estimates import ESTIMATE_WORDS
from sim.scenario.bilingual import halves

LANGS = ("zh", "en")
LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}
_CJK = re.compile(r"[\u3400-\u9fff]")
_ALL = {**TEXTS, **WORDS, **BOOK, **ESTIMATE_WORDS, **BACKTEST_WORDS}


def default_lang(region: Any) -> str:
    """Chinese when the region's own name is written in Chinese characters."""
    return "zh" if _CJK.search(getattr(region, "name_zh", "") or "") else "en"


def check(lang: str | None) -> str | None:
    if lang not in (None, *LANGS):
        raise ValueError(f"unknown language {lang!r} (zh or en)")
    return lang


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float | np.floating) and math.isnan(x))


class Lang:
    """Words and number formats of one language."""

    def __init__(self, lang: str):
        self.code = check(lang) or "zh"
        self.zh = self.code == "zh"
        self.locale = Locale.parse(LOCALES[self.code])

    def __contains__(self, key: str) -> bool:
        return key in _ALL

    def __call__(self, key: str, **values: Any) -> str:
        text = _ALL[key][0 if self.zh else 1]
        if isinstance(text, dict):
            raise TypeError(f"{key} has plural forms: use Lang.plural")
        return text.format(**values) if values else text

    def rich(self, key: str, **values: Any) -> markup.Rich:
        """A text whose fields may be identifiers or quotations (``reports.markup``), which
        stay marked as such in the sentence; a field ``term_<name>`` cites a term of the
        documents (``reports.words.TERMS``)."""
        terms = {f"term_{name}": self.term(name) for name in TERMS}
        return markup.fill(self(key), **{**terms, **values})

    def term(self, name: str) -> markup.Rich:
        """A term of the documents as a sentence cites it: quoted as written, with its
        English beside it in English ("「优化提质」 (optimisation and quality improvement)")."""
        zh, en = TERMS[name]
        return markup.quote(zh) if self.zh else markup.join([markup.quote(zh), f" ({en})"])

    def plural(self, key: str, n: int, **values: Any) -> str:
        """A text that depends on a count: the form CLDR's plural rules give ``n``
        ("one" or "other" in English; Chinese has one form for every count)."""
        text = _ALL[key][0 if self.zh else 1]
        if isinstance(text, dict):
            text = text.get(self.locale.plural_form(abs(n)), text["other"])
        return text.format(n=self.number(int(n)), **values)

    def join(self, items: list[str]) -> str:
        """A list as a sentence says it: "a、b和c" or "a, b and c"."""
        return lists.format_list(list(items), locale=self.locale) if items else ""

    # --- names -------------------------------------------------------------------------

    def name(self, thing: Any) -> str:
        """A place's or an institution's name: Chinese, or pinyin with the Chinese beside it."""
        if self.zh or not thing.name_zh or thing.name_zh == thing.name_pinyin:
            return thing.name_zh if self.zh else thing.name_pinyin
        return f"{thing.name_pinyin} ({thing.name_zh})"

    def short_name(self, thing: Any) -> str:
        """The name alone, for a chart where space is short."""
        return thing.name_zh if self.zh else thing.name_pinyin

    def part(self, bilingual: str) -> str:
        """This language's half of a text written "中文 — English"."""
        zh, en = halves(bilingual)
        return zh if self.zh else en

    # --- numbers -----------------------------------------------------------------------

    @property
    def money_unit(self) -> str:
        return self("unit.money")

    @property
    def money_scale(self) -> float:
        """Yuan per unit of money shown: 1 万元 is 10,000 yuan, 1 million yuan 1,000,000."""
        return 1e4 if self.zh else 1e6

    def money_digits(self, largest_yuan: float) -> int:
        """Decimals for amounts up to ``largest_yuan``: none from a thousand units up."""
        if abs(largest_yuan) / self.money_scale >= 1000:
            return 0
        return 1 if self.zh else 2

    def money(self, yuan: float, digits: int | None = None) -> str:
        """An amount in the unit of this language, without the unit."""
        if _missing(yuan):
            return "–"
        digits = self.money_digits(yuan) if digits is None else digits
        return self.number(float(yuan) / self.money_scale, digits)

    def number(self, x: float, digits: int = 1) -> str:
        if _missing(x):
            return "–"
        if isinstance(x, int | np.integer):
            return numbers.format_decimal(int(x), format="#,##0", locale=self.locale)
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return numbers.format_decimal(_unsigned_zero(float(x), digits), format=pattern,
                                      locale=self.locale, decimal_quantization=True)

    def pct(self, share: float, digits: int = 0) -> str:
        if _missing(share):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
        return numbers.format_percent(_unsigned_zero(float(share), digits + 2),
                                      format=pattern, locale=self.locale)

    def interval(self, low: str, high: str) -> str:
        return self("fmt.interval", low=low, high=high)

    def yes(self, flag: bool) -> str:
        return self("yes") if flag else self("no")

    # --- dates -------------------------------------------------------------------------

    def date(self, day: date | str | None) -> str:
        """A day as the reader writes it: 2022年12月31日, 31 Dec 2022."""
        if day is None or day == "":
            return "–"
        if isinstance(day, str):
            day = date.fromisoformat(day)
        return dates.format_date(day, "medium", locale=self.locale)

    def month(self, day: date, with_year: bool = False) -> str:
        """A month on a chart's axis (7月, Jul), with its year where asked (2023年1月)."""
        if with_year:
            return dates.format_skeleton("yMMM", day, locale=self.locale)
        return dates.format_skeleton("MMM", day, locale=self.locale)


def _unsigned_zero(value: float, digits: int) -> float:
    """0 for a value that rounds to zero, so that no "-0.0" is printed."""
    return 0.0 if round(value, digits) == 0 else value
