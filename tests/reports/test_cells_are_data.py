"""Spreadsheet and CSV cells are data: no name a planner typed ever becomes a formula."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import sim
from reports.table import FORMULA_STARTS, as_data, from_data
from sim import plan as plans
from sim import rules
from sim.scenario import load
from tests.reports.conftest import BUNDLED, Run, build

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "shaoxing"


def _formula_cells(path: Path) -> list[str]:
    book = load_workbook(path)
    return [f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]


def _risky_csv_cells(folder: Path) -> list[str]:
    found = []
    for table in sorted((folder / "tables").glob("*.csv")):
        with table.open(encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                found += [f"{table.name}: {cell!r}" for cell in row
                          if cell.startswith(FORMULA_STARTS) and not _number(cell)]
    return found


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", BUNDLED)
def test_no_bundled_workbook_holds_a_formula(bundled_reports, name):
    """cwplan means no formula anywhere; "= 是" (a target met) is text."""
    folder = bundled_reports[name].folder
    assert _formula_cells(folder / "costs.xlsx") == []
    assert _risky_csv_cells(folder) == []


def test_names_that_look_like_formulas_stay_text(tmp_path):
    (tmp_path / "regions").mkdir()
    scenario = tmp_path / "shaoxing.yaml"
    shutil.copy(FIXTURES / "shaoxing.yaml", scenario)
    region = FIXTURES / "regions" / "shaoxing.yaml"
    text = region.read_text(encoding="utf-8").replace(
        "name_zh: 绍兴市儿童福利院", 'name_zh: "=HYPERLINK(\\"http://x\\",\\"go\\")"').replace(
        "name_pinyin: Shaoxing Shi Ertong Fuliyuan", "name_pinyin: \"@SUM(A1:A9)\"")
    assert "=HYPERLINK" in text and "@SUM" in text
    (tmp_path / "regions" / "shaoxing.yaml").write_text(text, encoding="utf-8")
    built = build(_simulated(load(scenario)), tmp_path / "out")
    assert _formula_cells(built.folder / "costs.xlsx") == []
    assert _risky_csv_cells(built.folder) == []
    book = load_workbook(built.folder / "costs.xlsx")
    texts = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
    assert '=HYPERLINK("http://x","go")' in texts       # kept as the planner wrote it
    institutions = (built.folder / "tables" / "institutions.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in institutions and "'@SUM(A1:A9)" in institutions


def _simulated(scenario) -> Run:
    rulebook = rules.load(scenario)
    plan = plans.status_quo(scenario)
    return Run(scenario, rulebook, plan, sim.run(scenario, rulebook, plan, 2, workers=1,
                                                 events=False))


@pytest.mark.parametrize("text", ["=1+1", "+86 571", "-x", "@me", "\tgap", "\rline"])
def test_a_cell_that_would_start_a_formula_reads_back_as_written(text):
    assert as_data(text) == "'" + text
    assert from_data(as_data(text)) == text


def test_numbers_and_plain_text_are_left_as_they_are():
    assert as_data(-5) == -5 and as_data(1.5) == 1.5 and as_data(None) == ""
    assert as_data("绍兴市") == "绍兴市" and from_data("'quoted'") == "'quoted'"
