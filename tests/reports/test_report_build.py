"""The report folder: every file there, every section present, the numbers those of the run,
the page safe and self-contained, in Chinese by default and in English on request."""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from reports.i18n import Lang
from tests.reports.conftest import build

SECTIONS = ("summary", "region", "plan", "deadlines", "census", "staffing", "costs",
            "compliance", "rules", "encoded", "assumptions", "estimates", "manifest")
CHARTS = ("map", "transfers", "census", "caregivers", "beds", "costs_by_year",
          "costs_by_institution", "compliance")


def test_the_folder_holds_page_markdown_charts_spreadsheet_and_tables(shaoxing_report):
    folder = shaoxing_report.folder
    for name in ("report.html", "report.md", "costs.xlsx"):
        assert (folder / name).stat().st_size > 0
    assert sorted(p.stem for p in (folder / "charts").glob("*.png")) == sorted(CHARTS)
    tables = {p.stem for p in (folder / "tables").glob("*.csv")}
    assert {"costs_by_year", "costs_by_institution", "staffing_by_year", "deadlines",
            "compliance", "rules", "assumptions", "manifest", "institutions"} <= tables


def test_the_page_has_every_section_and_every_chart_embedded(shaoxing_report):
    page = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in page
    for chart in CHARTS:
        assert re.search(rf'<figure id="chart-{chart}">\s*<img src="data:image/png;base64,',
                         page)
    markdown = (shaoxing_report.folder / "report.md").read_text(encoding="utf-8")
    for chart in CHARTS:
        assert f"(charts/{chart}.png)" in markdown
    assert markdown.count("\n## ") == len(SECTIONS)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.refs += [v for k, v in attrs if k in ("src", "href", "action", "data") and v]


def test_the_page_fetches_nothing(shaoxing_report):
    page = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    links = _Links()
    links.feed(page)
    assert links.refs
    assert all(ref.startswith(("data:", "#")) for ref in links.refs)
    assert "default-src 'none'" in page
    assert "@import" not in page and "<script" not in page


def test_spreadsheet_totals_equal_the_runs_totals_to_the_yuan(shaoxing_report):
    results = shaoxing_report.run.results
    total = results.kpis()["total_cost_yuan"]["mean"]
    by_year = {}
    for row in results.costs()["by_year_category"]:
        by_year[str(row["year"])] = by_year.get(str(row["year"]), 0.0) + row["mean"]
    book = load_workbook(shaoxing_report.folder / "costs.xlsx")
    years, institutions = book["按年度和类别的费用"], book["按机构和类别的费用"]
    rows = list(years.iter_rows(values_only=True))
    head = rows[0]
    total_col = next(i for i, h in enumerate(head) if "合计" in h and "均值" in h)
    # whole yuan within one yuan of the exact mean, and sums that add up exactly
    for row in rows[1:-1]:
        assert abs(row[total_col] - by_year[row[0]]) < 1
        assert sum(row[1:total_col]) == row[total_col]
    assert abs(rows[-1][total_col] - total) < 1
    assert sum(sum(r[1:total_col]) for r in rows[1:-1]) == rows[-1][total_col]
    inst_rows = list(institutions.iter_rows(values_only=True))
    col = inst_rows[0].index("合计 (元)")
    assert sum(r[col] for r in inst_rows[1:-1]) == inst_rows[-1][col] == rows[-1][total_col]
    names = [ws.title for ws in book.worksheets]
    assert any("假设" in n for n in names) and any("规则" in n for n in names)


def test_csv_tables_hold_yuan_and_the_spreadsheet_the_same_numbers(shaoxing_report):
    with (shaoxing_report.folder / "tables" / "costs_by_year.csv").open(
            encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    book = load_workbook(shaoxing_report.folder / "costs.xlsx")["按年度和类别的费用"]
    sheet = list(book.iter_rows(values_only=True))
    assert rows[0] == [str(h) for h in sheet[0]]
    assert float(rows[-1][-3]) == pytest.approx(sheet[-1][-3])


def test_summary_states_the_headline_numbers_with_their_intervals(shaoxing_report):
    page = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    summary = page.split('<section id="summary">')[1].split("</section>")[0]
    sentences = re.findall(r"<p>(.*?)</p>", summary, re.S)
    assert 3 <= len(sentences) <= 5
    assert sum("95%区间" in s for s in sentences) >= 3
    assert "万元" in sentences[1]


def test_the_lowest_institution_is_judged_as_the_service_level_is(shaoxing_english):
    """With a service level set, the summary names the institution with the lowest share of
    compliant days counted from the first day a new hire can start, as the level is judged."""
    page = (shaoxing_english.folder / "report.html").read_text(encoding="utf-8")
    summary = page.split('<section id="summary">')[1].split("</section>")[0]
    staffing = next(s for s in re.findall(r"<p>(.*?)</p>", summary, re.S) if "lowest" in s)
    results = shaoxing_english.run.results
    world = results.world
    share = results.ratio_compliance()
    holding = [row["institution"] for row in results.summary()["institutions"]
               if row["peak_census"]["mean"] > 0]
    worst = min(holding, key=lambda inst: share[inst]["mean"])
    first = world.start + timedelta(days=world.lead_days)
    assert f"({Lang('en').date(first)})" in staffing
    assert f"({share[worst]['mean']:.0%} of days)" in staffing
    assert "service level of 95% at every institution" in staffing


def test_every_target_in_force_is_listed_with_its_clause(shaoxing_report):
    with (shaoxing_report.folder / "tables" / "compliance.csv").open(
            encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    run = shaoxing_report.run
    end = run.scenario.horizon.end
    wanted = {(t.key, str(t.source)) for _, c in run.scenario.region.counties()
              for t in run.rulebook.targets(c.code, end)}
    # and the minimum standards the region's own level is judged against
    wanted |= {(r.key, str(r.source)) for _, c in run.scenario.region.counties()
               for r in run.rulebook.in_force(c.code, end)
               if r.key == "allowance.institution_orphan_yuan_per_year"}
    assert {(r["规则"], r["条款"]) for r in rows} == wanted
    assert {r["结论"] for r in rows} <= {"已达标", "未达标", "未能确认", "未到期", "未测量"}


def test_chinese_by_default_english_on_request(shaoxing_report, shaoxing_english):
    zh = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    en = (shaoxing_english.folder / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "诸暨市儿童福利院" in zh and "Zhuji Shi Ertong Fuliyuan" not in zh
    assert "Zhuji Shi Ertong Fuliyuan" in en
    assert "决策摘要" in zh and "Summary for decision-makers" in en
    assert "million yuan" in en


def test_scenario_text_is_escaped_never_markup(runs, tmp_path):
    run = runs["huangshan"]
    evil = "<script>alert(1)</script>"
    region = run.scenario.region
    first = region.institutions[0].model_copy(update={"name_zh": "<img src=x onerror=alert(2)>"})
    region = region.model_copy(update={"institutions": [first, *region.institutions[1:]]})
    scenario = run.scenario.model_copy(update={"name": evil, "region": region})
    hostile = type(run)(scenario, run.rulebook, run.plan, run.results)
    built = build(hostile, tmp_path)
    page = (built.folder / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_no_glyph_is_missing_from_any_bundled_report(bundled_reports, shaoxing_english):
    for built in [*bundled_reports.values(), shaoxing_english]:
        bad = [m for m in built.warnings if "glyph" in m.lower() or "missing" in m.lower()]
        assert bad == [], f"{built.folder}: {bad[:3]}"


def test_the_report_lists_every_encoded_rule_of_its_rulebooks(shaoxing_report):
    """按规则编码、未建模: each rule of the scenario's rulebooks that the model does not act
    on, with the reason."""
    from sim import catalogue

    with (shaoxing_report.folder / "tables" / "encoded.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    keys = shaoxing_report.run.rulebook.keys()
    wanted = {k for k in keys if catalogue.use(k) == catalogue.ENCODED}
    assert wanted and {row["规则"] for row in rows} == wanted
    assert all(row["理由"].strip() for row in rows)
    page = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    section = page.split('<section id="encoded">')[1].split("</section>")[0]
    assert "按规则编码、未建模" in section and "transfer.no_gap" in section


def test_every_estimate_is_listed_with_its_range_code_and_source(shaoxing_report):
    """The reviewer's question "which numbers were assumed?": the caregiver wage, attrition
    and the round-the-clock minimum, with the ranges the default rule gives them."""
    rows = list(csv.reader((shaoxing_report.folder / "tables" / "estimates.csv").open(
        encoding="utf-8-sig")))
    by_key = {r[1]: r for r in rows[1:]}
    wage = by_key["costs.wages_yuan_per_year.caregiver"]
    assert wage[0] == "护理员年工资" and wage[2] == "E"
    assert (wage[3], wage[4], wage[5]) == ("100,000", "80,000", "120,000")
    assert by_key["process.staffing.round_the_clock_caregivers"][3:6] == ["5", "4", "6"]
    assert by_key["process.staffing.attrition_per_year"][3] == "8%"
    page = (shaoxing_report.folder / "report.html").read_text(encoding="utf-8")
    assert "E：估计值" in page and "A：假设，有待核实" in page and "GK：常识" in page
    assert "总费用（未贴现）" in page and "按3.0%贴现" in page
    book = load_workbook(shaoxing_report.folder / "costs.xlsx")
    assert any(ws.title == "估计值与假设：取值、范围与来源" for ws in book.worksheets)


def _rows(built, table: str) -> list[list[str]]:
    with (built.folder / "tables" / f"{table}.csv").open(encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def test_the_manifest_gives_the_seed_as_written_and_the_solver_without_float_noise(
        shaoxing_report, planned_reports):
    """A seed is a name: "20,220,803" cannot be typed back into --seed."""
    rows = dict(_rows(shaoxing_report, "manifest")[1:])
    assert re.fullmatch(r"\d+", rows["随机种子"]), rows["随机种子"]
    solver = dict(_rows(planned_reports["zh"], "manifest")[1:])["求解器"]
    assert re.search(r"objective \d+(\.\d{1,3})?,", solver), solver


def test_capacity_options_and_region_blocks_are_named_in_the_readers_words(planned_reports):
    for lang, words in (("zh", ("改造", "首日在院儿童", "离院")),
                        ("en", ("renovation", "children in care on the first day",
                                "leaving care"))):
        items = {row[2] for row in _rows(planned_reports[lang], "assumptions")[1:]}
        for word in words:
            assert any(item.startswith(word) for item in items), (lang, word, sorted(items))
