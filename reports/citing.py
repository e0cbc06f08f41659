"""Citing rules and their sources in the reader's language.

A rule is named by its short name with its key beside it in small type
("护理员配比（不能自理） ``staffing.caregiver_ratio.full_care``"); a source by the document's id
and the clause ("``zj-14fyp`` 专栏5第2项", "``zj-14fyp`` 专栏5 item 2"). Document ids, file
names and key paths are identifiers, set apart as such; a clause number of a Chinese
document ("二(三)15") is Chinese in a Chinese report and an identifier in an English one.
"""

from __future__ import annotations

import re

from reports import markup
from reports.i18n import Lang
from reports.markup import Rich, ident, join
from reports.rulewords import rule_name
from sim.scenario.bilingual import is_bilingual

# how the rulebooks point into a document's tables and boxes, in the two languages
_CLAUSE_WORDS = (
    (re.compile(r"indicator row (\d+)"), r"主要指标表第\1行", r"indicator row \1"),
    (re.compile(r"\s*item (\d+)"), r"第\1项", r" item \1"),
    (re.compile(r"closing paragraph"), "结尾段", "closing paragraph"),
)
# what a file's note names as it is in either language: a source's key (S-zj7), a file
# (DATA_SOURCES.md, regions/shaoxing.yaml), a rule key (intake.announcement_days)
_NOTE_NAMES = re.compile(r"(S-[A-Za-z0-9.-]*[A-Za-z0-9]|[A-Za-z0-9_/-]+\.(?:yaml|md|xlsx|csv)"
                         r"|[a-z_]+(?:\.[a-z_]+)+)")
# "key (document clause)"; a clause may hold brackets of its own, one level deep: 一(三)
_CITE = re.compile(r"([a-z][a-z0-9_.]*) \((\S+) ((?:[^()]|\([^()]*\))*)\)")


def rule(key: str, t: Lang) -> Rich:
    """A rule key by its name, the key in small type beside it."""
    name = rule_name(key, t.zh)
    if name == key:
        return ident(key)
    return join([name, markup.key(key)], " ")


def described(text: str, t: Lang) -> str | Rich:
    """A rulebook's description ("中文 — English") in this language; a key it names in
    backticks ("`due` is the date") is an identifier."""
    half = t.part(text)
    if "`" not in half:
        return half
    return join([ident(p) if k % 2 else p for k, p in enumerate(half.split("`")) if p])


def clause(text: str, t: Lang) -> str | Rich:
    """A clause of a document: words translated, numbers of a Chinese document kept."""
    for pattern, zh, en in _CLAUSE_WORDS:
        text = pattern.sub(zh if t.zh else en, text)
    if t.zh:
        return text.replace("; ", "；").replace(";", "；").replace(", ", "、")
    # a Chinese document's clause numbers (二(三)15, 专栏5) are identifiers in English
    pieces = re.split(r"([^\s,;]*[\u3400-\u9fff][^\s,;]*)", text)
    return join([ident(p) if re.search(r"[\u3400-\u9fff]", p) else p for p in pieces if p])


def note(text: str, t: Lang) -> Rich:
    """A note written in a scenario or region file: this language's half when the note is
    written "中文 — English", with the sources, files and rules it names, and a key it
    names in backticks, set apart; else the note as written, quoted."""
    if not is_bilingual(text):
        return markup.quote(text)
    out: list[str | Rich] = []
    for k, words in enumerate(t.part(text).split("`")):
        if k % 2:
            out.append(ident(words))
            continue
        pieces = _NOTE_NAMES.split(words)
        out += [_named(p, t) if n % 2 else clause(p, t) for n, p in enumerate(pieces) if p]
    return join(out)


def _named(name: str, t: Lang) -> Rich:
    return rule(name, t) if rule_name(name, t.zh) != name else ident(name)


def numbers(found: list[str], t: Lang) -> str | Rich:
    """Documents' numbers ("浙民福〔2021〕228号"): Chinese words in a Chinese report, proper
    names set apart as identifiers in an English one."""
    if t.zh:
        return "、".join(found)
    return join([ident(n) for n in found], ", ")


FILES = (".yaml", ".yml", ".xlsx", ".csv")


def where(document: str, place: str, t: Lang) -> str | Rich:
    """The place in a source: a document's clause, or the key path in a scenario file."""
    return ident(place) if document.endswith(FILES) else clause(place, t)


def source(document: str, place: str, t: Lang) -> Rich:
    """A document's id and clause, or a scenario file and the key path in it."""
    if not place:
        return ident(document)
    return join([ident(document), where(document, place, t)], " ")


def cites(text: str, t: Lang) -> Rich:
    """Citations as the simulation and the optimizer write them, "key (document clause);
    ...", in words; a step the plan decided itself ("plan: a new regional institution") in
    the words of ``by.<text>`` (reports/words.py)."""
    found: list[str | Rich] = []
    last = 0
    for match in _CITE.finditer(text):
        found += _decided(text[last:match.start()], t)
        key, document, where = match.groups()
        open_, close = ("（", "）") if t.zh else (" (", ")")
        found.append(join([rule(key, t), open_, source(document, where, t), close]))
        last = match.end()
    found += _decided(text[last:], t)
    return join(found, "；" if t.zh else "; ") if found else Rich((("", text),))


def _decided(text: str, t: Lang) -> list[str]:
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return [t(f"by.{p}") if f"by.{p}" in t else p for p in parts]

