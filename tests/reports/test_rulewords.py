"""Every rule key of the catalogue and the rulebooks has a name in each language, and every
unit and every word inside a rule's value is said in words: a reviewer of a Chinese report
never meets ``staffing.caregiver_ratio.full_care`` or "children per caregiver" alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reports.i18n import Lang
from reports.rulewords import RULE_NAMES, UNITS, VALUE_WORDS
from reports.tables_sources import rule_value

ROOT = Path(__file__).parents[2]
POLICIES = sorted((ROOT / "scenarios" / "policies").glob("*.yaml"))
CATALOGUE = ROOT / "tests" / "rules" / "catalogue_keys.txt"


def _rulebook_rules() -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path in POLICIES:
        for key, rule in (yaml.safe_load(path.read_text(encoding="utf-8"))["rules"] or {}).items():
            found.setdefault(key, rule)
    return found


def _catalogue() -> set[str]:
    lines = CATALOGUE.read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def _words(value) -> set[str]:
    """The words inside a value: keys of a mapping, strings that are not numbers or codes."""
    if isinstance(value, dict):
        return set(value) | {w for v in value.values() for w in _words(v)}
    if isinstance(value, list):
        return {w for v in value for w in _words(v)}
    if isinstance(value, str) and value.isascii() and not value.isdigit():
        return {value}
    return set()


@pytest.mark.parametrize("key", sorted(_catalogue() | set(_rulebook_rules())))
def test_every_rule_key_has_a_name_in_each_language(key):
    zh, en = RULE_NAMES[key]
    assert zh.strip() and en.strip()
    assert not zh.isascii(), "the Chinese name is written in Chinese"
    assert en.isascii(), "the English name is written in English"


def test_every_unit_and_value_word_of_the_rulebooks_is_said_in_words():
    rules = _rulebook_rules()
    assert {r["unit"] for r in rules.values()} <= set(UNITS)
    words = {w for r in rules.values() for v in r.get("values", []) for w in _words(v["value"])}
    assert words <= set(VALUE_WORDS)
    for zh, en in VALUE_WORDS.values():
        assert not zh.isascii() and en.isascii()


def test_a_rule_value_reads_as_words_in_both_languages():
    zh, en = Lang("zh"), Lang("en")
    allowance = {"institution": 2200, "scattered": 1650}
    assert rule_value(allowance, "yuan per child per month", zh) == \
        "机构集中养育 2,200，社会散居 1,650（元/人/月）"
    assert rule_value(allowance, "yuan per child per month", en) == \
        "in an institution 2,200, scattered 1,650 (yuan per child a month)"
    assert rule_value(True, "boolean", zh) == "是"
    assert rule_value({"new": 3, "renovated": 4}, "institutions (new, renovated)", zh) == \
        "新建 3，改扩建 4（家）"
    assert rule_value(["police_report", "medical_exam"], "ordered list of step ids", zh) == \
        "报警 → 体检"
    assert rule_value(0.8, "share of townships (0-1)", en) == "80%"


def test_a_count_of_one_takes_the_singular_in_english():
    """"1 children per caregiver" in the English rules table; Chinese has no plural."""
    en, zh = Lang("en"), Lang("zh")
    assert rule_value(1, "children per caregiver", en) == "1 child per caregiver"
    assert rule_value(3, "children per caregiver", en) == "3 children per caregiver"
    assert rule_value(1, "days", en) == "1 day"
    assert rule_value(1, "children per caregiver", zh) == "1名儿童/护理员"
