"""``cwplan template`` and ``cwplan import`` as a bureau uses them, and a scenario whose
region is a workbook: files written whole or not at all, a planner's own file never
replaced, problems one line each with exit status 2.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from reports.i18n import Lang
from reports.tables_sources import region_sources
from sim import scenario as sc

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SHAOXING = SCENARIOS / "regions" / "shaoxing.yaml"


def test_template_then_import_writes_the_region_back(tmp_path, cwplan, capsys):
    book, out = tmp_path / "绍兴 data.xlsx", tmp_path / "regions" / "绍兴 mine.yaml"
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0
    assert cwplan(["import", str(book), "--out", str(out)]) == 0
    assert sc.load_region(out) == sc.load_region(SHAOXING)
    text = out.read_text(encoding="utf-8")
    assert "Provenance tags" in text.splitlines()[2]   # the region file's top comments came back
    assert "region shaoxing (绍兴市), 6 counties, 7 institutions, 90 children" in \
        capsys.readouterr().out
    assert cwplan(["validate", str(book)]) == 0        # the workbook validates as a region


def test_comments_inside_a_region_file_are_listed_as_not_carried(tmp_path, cwplan, capsys):
    region = tmp_path / "shaoxing.yaml"
    text = SHAOXING.read_text(encoding="utf-8").replace(
        "    beds: 120\n", "    beds: 120   # counted in December 2020\n", 1)
    region.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    beds: 120   # counted in December 2020") + 1
    assert cwplan(["template", str(tmp_path / "s.xlsx"), "--region", str(region)]) == 0
    out = capsys.readouterr().out
    assert f"{region}:{line}: # counted in December 2020" in out


def test_a_file_cwplan_did_not_write_is_never_replaced(tmp_path, cwplan, capsys):
    mine = tmp_path / "mine.yaml"
    mine.write_text("# my own notes\n", encoding="utf-8")
    book = tmp_path / "s.xlsx"
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0
    assert cwplan(["import", str(book), "--out", str(mine)]) == 2
    assert mine.read_text(encoding="utf-8") == "# my own notes\n"
    assert "exists and is a file cwplan did not write, or changed since; not replaced" in \
        capsys.readouterr().err
    own = tmp_path / "own.yaml"
    assert cwplan(["import", str(book), "--out", str(own)]) == 0
    assert cwplan(["import", str(book), "--out", str(own)]) == 0      # its own: replaced
    own.write_text(own.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    assert cwplan(["import", str(book), "--out", str(own)]) == 2      # edited since: kept
    assert own.read_text(encoding="utf-8").endswith("# edited by hand\n")


def test_a_filled_in_template_is_not_overwritten_by_a_new_one(tmp_path, cwplan):
    book = tmp_path / "s.xlsx"
    assert cwplan(["template", str(book)]) == 0
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0  # untouched: ok
    filled = load_workbook(book)
    filled["机构"]["F5"].value = 130
    filled.save(book)
    assert cwplan(["template", str(book)]) == 2
    assert load_workbook(book)["机构"]["F5"].value == 130


def test_a_workbook_with_a_mistake_writes_nothing(tmp_path, cwplan, capsys):
    book, out = tmp_path / "s.xlsx", tmp_path / "s.yaml"
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0
    edited = load_workbook(book)
    edited["机构"]["F6"].value = -5
    edited.save(book)
    assert cwplan(["import", str(book), "--out", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".s.yaml*"))
    assert capsys.readouterr().err.strip() == \
        f"{book}:机构!F6: 床位数 (beds): -5 is out of range (must be >= 0)"


def test_unsourced_figures_are_labelled_and_the_report_lists_them(tmp_path, cwplan, capsys):
    book, out = tmp_path / "s.xlsx", tmp_path / "s.yaml"
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0
    edited = load_workbook(book)
    edited["县区"]["M5"].value = None                 # 越城区's source
    edited.save(book)
    assert cwplan(["import", str(book), "--out", str(out)]) == 2
    assert cwplan(["import", str(book), "--out", str(out), "--allow-unsourced",
                   "--entered-by", "李 planner"]) == 0
    printed = capsys.readouterr().out
    assert f"{book}:县区!M5: lat, lon, population, townships, workstations" in printed
    listed = [(where, source) for where, _, source in
              region_sources(sc.load_region(out), Lang("zh"))]
    assert ("prefectures[330600].counties[330602]",
            "A (unsourced, entered by 李 planner)") in listed


def _scenario_with_workbook(tmp_path: Path, cwplan) -> Path:
    (tmp_path / "regions").mkdir()
    assert cwplan(["template", str(tmp_path / "regions" / "mine.xlsx"),
                   "--region", str(SHAOXING)]) == 0
    text = (SCENARIOS / "shaoxing.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "mine.yaml"
    scenario.write_text(text.replace("regions/shaoxing.yaml", "regions/mine.xlsx"),
                        encoding="utf-8")
    return scenario


def test_a_scenario_naming_a_workbook_runs_end_to_end(tmp_path, cwplan):
    scenario = _scenario_with_workbook(tmp_path, cwplan)
    assert sc.load(scenario).content_hash == sc.load(SCENARIOS / "shaoxing.yaml").content_hash
    out = tmp_path / "out"
    assert cwplan(["run", str(scenario), "--replications", "2", "--out", str(out),
                   "--store", str(tmp_path / "runs.duckdb")]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["manifest"]["replications"] == 2 and summary["accounting_balanced"]


def test_a_scenario_whose_workbook_has_a_mistake_says_where(tmp_path, cwplan, capsys):
    scenario = _scenario_with_workbook(tmp_path, cwplan)
    book = tmp_path / "regions" / "mine.xlsx"
    edited = load_workbook(book)
    edited["在院儿童"]["E7"].value = "three"
    edited.save(book)
    capsys.readouterr()
    for command in (["validate", str(scenario)], ["run", str(scenario), "--out",
                                                   str(tmp_path / "o")]):
        assert cwplan(command) == 2
        assert capsys.readouterr().err.strip() == \
            f"{book}:在院儿童!E7: 人数 (children): expected an integer, got 'three'"
    assert not (tmp_path / "o").exists()


def test_a_csv_folder_imports_like_the_workbook(tmp_path, cwplan):
    book = tmp_path / "s.xlsx"
    assert cwplan(["template", str(book), "--region", str(SHAOXING)]) == 0
    folder = tmp_path / "csv"
    folder.mkdir()

    for sheet in load_workbook(book, read_only=True).worksheets:
        with (folder / f"{sheet.title}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([["" if v is None else v for v in row]
                                     for row in sheet.iter_rows(values_only=True)])
    out = tmp_path / "from-csv.yaml"
    assert cwplan(["import", str(folder), "--out", str(out)]) == 0
    assert sc.load_region(out) == sc.load_region(SHAOXING)
    shutil.rmtree(folder)
