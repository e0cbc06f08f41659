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


def _forms(text) -> list[str]:
    """A text, or each plural form of it."""
    return list(text.values()) if isinstance(text, dict) else [text]


@pytest.mark.parametrize("key", sorted(ALL))
def test_every_text_has_both_languages_with_the_same_placeholders(key):
    zh, en = ALL[key]
    forms = _forms(zh) + _forms(en)
    assert all(form.strip() for form in forms)
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in forms]
    assert all(f == fields[0] for f in fields)
    if isinstance(en, dict):
        assert {"one", "other"} <= set(en)


def test_counts_take_the_plural_their_language_gives_them():
    en, zh = Lang("en"), Lang("zh")
    assert en.plural("sum.t_met", 1) == "1 is met"
    assert en.plural("sum.t_met", 2) == "2 are met"
    assert en.plural("note.scope", 1) == "measured over 1 county of the region."
    assert zh.plural("sum.t_met", 1) == "1项已达标"


def test_dates_months_and_lists_follow_the_locale():
    from datetime import date

    en, zh = Lang("en"), Lang("zh")
    assert (zh.date(date(2022, 12, 31)), en.date(date(2022, 12, 31))) == \
        ("2022年12月31日", "31 Dec 2022")
    assert (zh.month(date(2022, 7, 1)), en.month(date(2022, 7, 1))) == ("7月", "Jul")
    assert zh.month(date(2023, 1, 1), with_year=True) == "2023年1月"
    assert (zh.join(["甲", "乙", "丙"]), en.join(["a", "b", "c"])) == ("甲、乙和丙", "a, b and c")
    assert zh.number(1234567.891, 1) == "1,234,567.9"


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


def test_a_money_column_has_one_number_of_decimals_for_every_row():
    import numpy as np

    from reports.render import view
    from reports.table import Column, Table

    table = Table("t", "", [Column("year", "year"), Column("cost", "money")],
                  rows=[["2021", np.int64(18_337_000)], ["2022", np.int64(4_000)],
                        ["2023", 0.0]])
    zh = [row[1] for row in view(table, Lang("zh")).rows]
    assert zh == ["1,834", "0", "0"]                 # 万元: no decimals from a thousand up
    small = Table("t", "", [Column("cost", "money")], rows=[[123_456.0], [np.int64(31_000)]])
    assert [row[0] for row in view(small, Lang("en")).rows] == ["0.12", "0.03"]


def test_a_sentence_keeps_what_it_cites_marked_in_either_language():
    """A document's number, a key of the region file and a term of the documents are cited,
    never translated: an English sentence carries them marked (and glosses the term), a
    Chinese one prints the number as a Chinese text does."""
    from reports import citing
    from reports.markup import ident, markdown

    number = "浙民福〔2021〕228号"
    for t in (Lang("zh"), Lang("en")):
        said = markdown(t.rich("note.plan_undated", num=citing.numbers([number], t),
                               field=ident("issued")))
        assert "`issued`" in said
        assert (f"`{number}`" in said) != t.zh and number in said
    assert "「优化提质」 (optimisation and quality improvement)" in \
        markdown(Lang("en").rich("why.optimized"))
    assert "「优化提质」" in markdown(Lang("zh").rich("why.optimized"))


def test_citations_name_the_rule_keep_a_bracketed_clause_whole_and_say_the_plans_choice():
    from reports.citing import cites
    from reports.markup import markdown

    text = "transfer.window_start (cn-2021-44 一(三)); plan: a new regional institution"
    assert markdown(cites(text, Lang("zh"))) == \
        "移交工作启动日期 `transfer.window_start`（`cn-2021-44` 一(三)）；方案决定：新的区域性机构"
    assert markdown(cites(text, Lang("en"))) == \
        "transfer campaign starts `transfer.window_start` (`cn-2021-44` `一(三)`); " \
        "the plan's choice: a new regional institution"


def test_a_count_in_a_definition_stays_a_number_and_a_document_number_is_cited():
    from reports.markup import markdown
    from reports.tables_sources import how

    x = SimpleNamespace(t=Lang("en"), region=None)
    counted = how(x, ("how.professional", {"num": 92.0, "den": 177.0, "place": "",
                                           "date": "2025-12-31"}))
    assert markdown(counted).startswith("professionals 92 ÷ staff on roll 177 ")
    undated = how(x, ("note.plan_undated", {"num": "浙民福〔2021〕228号, 晋民发〔2021〕42号"}))
    assert "`浙民福〔2021〕228号`, `晋民发〔2021〕42号`" in markdown(undated)
    assert "(`issued`)" in markdown(undated)
