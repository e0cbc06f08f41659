"""Both languages say everything: no word is missing in one of them, no placeholder differs."""

from __future__ import annotations

import string
from types import SimpleNamespace

import pytest

from reports.i18n import Lang, default_lang
from reports.texts import TEXTS
from reports.words import WORDS
from reports.words_backtest import BACKTEST_WORDS

ALL = {**TEXTS, **WORDS, **BACKTEST_WORDS}


@pytest.mark.parametrize("key", sorted(ALL))
def test_every_text_has_both_languages_with_the_same_placeholders(key):
    zh, en = ALL[key]
    assert zh.strip() and en.strip()
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]


def test_chinese_when_the_region_is_named_in_chinese():
    assert default_lang(SimpleNamespace(name_zh="绍兴市")) == "zh"
    assert default_lang(SimpleNamespace(name_zh="Springfield")) == "en"


def test_money_reads_in_wan_yuan_in_chinese_and_million_yuan_in_english():
    zh, en = Lang("zh"), Lang("en")
    assert (zh.money(90_904_934), zh.money_unit) == ("9,090", "万元")
    assert (zh.money(123_456), en.money(123_456)) == ("12.3", "0.12")
    assert en.money_unit == "million yuan"
    assert zh.pct(-0.0001) == "0%"          # never "-0%"


def test_rule_descriptions_are_split_by_language():
    text = "乡镇工作站覆盖率 — share of townships with a workstation"
    assert Lang("zh").part(text) == "乡镇工作站覆盖率"
    assert Lang("en").part(text) == "share of townships with a workstation"
    assert Lang("en").part("only one language") == "only one language"


def test_every_uncertain_input_and_unit_has_a_name_in_both_languages():
    from reports.i18n import Lang
    from sim.scenario.estimates import ENTRIES

    for lang in ("zh", "en"):
        t = Lang(lang)
        for entry in ENTRIES:
            assert f"est.{entry.name}" in t and f"eu.{entry.unit}" in t, entry.name
