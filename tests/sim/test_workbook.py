"""A region in a workbook: every bundled region comes back as it went out, and every mistake
a bureau can make in a sheet is one line naming the workbook, the sheet and the cell.

The workbooks are written by ``cwplan template --region``'s writer and edited with openpyxl
as a planner edits them in a spreadsheet program: a cell typed over, a row copied, a sheet
deleted.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports import region_book
from sim.scenario import InputError, Observation, load_region
from sim.scenario.regionfile import dump
from sim.scenario.sheets import sheets
from sim.scenario.workbook import load_workbook_region

REGIONS = Path(__file__).resolve().parents[2] / "scenarios" / "regions"
BUNDLED = sorted(p.stem for p in REGIONS.glob("*.yaml"))


@pytest.fixture(scope="module")
def shaoxing():
    return load_region(REGIONS / "shaoxing.yaml")


def _book(tmp_path: Path, region, name: str = "shaoxing.xlsx", lang: str = "zh") -> Path:
    return region_book.write(tmp_path / name, region, lang)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_region_comes_back_equal_through_a_workbook(tmp_path, name):
    region = load_region(REGIONS / f"{name}.yaml")
    imported = load_workbook_region(_book(tmp_path, region, f"{name}.xlsx"))
    assert imported.region == region        # every value and every source, block by block
    written = tmp_path / f"{name}.yaml"      # and the region file written from it
    written.write_text(dump(imported.region, imported.notes), encoding="utf-8")
    assert load_region(written) == region


def test_the_english_workbook_reads_the_same(tmp_path, shaoxing):
    book = _book(tmp_path, shaoxing, lang="en")
    assert "Institutions" in load_workbook(book, read_only=True).sheetnames
    assert load_workbook_region(book).region == shaoxing


def _as_csv(book: Path, folder: Path) -> Path:
    """Each sheet saved as a CSV file, as a spreadsheet program's "save as CSV" does."""
    folder.mkdir()
    for sheet in load_workbook(book, read_only=True, data_only=True).worksheets:
        with (folder / f"{sheet.title}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            for row in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else v for v in row])
    return folder


def test_a_folder_of_csv_files_with_the_same_columns_reads_the_same(tmp_path, shaoxing):
    folder = _as_csv(_book(tmp_path, shaoxing), tmp_path / "shaoxing")
    assert load_workbook_region(folder).region == shaoxing


def test_csv_saved_by_chinese_excel_in_gb18030_reads_the_same(tmp_path, shaoxing):
    folder = _as_csv(_book(tmp_path, shaoxing), tmp_path / "shaoxing")
    for file in folder.glob("*.csv"):
        file.write_bytes(file.read_text(encoding="utf-8-sig").encode("gb18030"))
    assert load_workbook_region(folder).region == shaoxing


def test_the_top_comments_of_a_region_file_travel_on_the_notes_sheet(tmp_path, shaoxing):
    notes = ["# 绍兴市 Shaoxing: provenance tags S-xxx GK E A"]
    book = region_book.write(tmp_path / "s.xlsx", shaoxing, "zh", notes)
    assert load_workbook_region(book).notes == notes


# --- mistakes, each one line at its cell -------------------------------------------------

def _edit(sheet: str, cell: str, value) -> Callable:
    def edit(book):
        book[sheet][cell].value = value
    return edit


def _drop_sheet(sheet: str) -> Callable:
    def edit(book):
        del book[sheet]
    return edit


def _copy_row(sheet: str, row: int) -> Callable:
    """The planner copies a row to the end of the sheet (and forgets to change its id)."""
    def edit(book):
        ws = book[sheet]
        ws.append([c.value for c in ws[row]])
    return edit


MISTAKES = [
    ("text in a number cell", _edit("机构", "F5", "一百二十"),
     "shaoxing.xlsx:机构!F5: 床位数 (beds): expected an integer, got '一百二十'"),
    ("a missing sheet", _drop_sheet("机构"),
     "shaoxing.xlsx: sheet 机构 (Institutions) is missing (one sheet for each part of the "
     "region: 地区, 省份, 地市, 县区, 机构, 在编人员, 在院儿童, 来院, 工资, 离院, "
     "时长与概率, 费用)"),
    ("an unknown county code", _edit("机构", "E6", "330699"),
     "shaoxing.xlsx:机构!E6: 所在县区代码 (county code): county '330699' is not a county of this "
     "region (one of 330602, 330603, 330604, 330624, 330681, 330683)"),
    ("a duplicate institution", _copy_row("机构", 7),
     "shaoxing.xlsx:机构!A12: 机构标识 (institution id): duplicate institution id 'sx-zhuji' "
     "(each id once)"),
    ("a negative census", _edit("在院儿童", "E5", -1),
     "shaoxing.xlsx:在院儿童!E5: 人数 (children): -1 is out of range (must be >= 0)"),
    ("a figure without a source", _edit("机构", "L6", None),
     "shaoxing.xlsx:机构!L6: 来源 (source): no source for beds, operating_cost_yuan_per_year, "
     "regional, operating_as_entity (where the figures come from (S-…, GK, E or A with a "
     "reason), or import with --allow-unsourced to label them A (unsourced, …))"),
    ("a care level misspelt", _edit("在院儿童", "C6", "full care"),
     "shaoxing.xlsx:在院儿童!C6: 照料等级 (care level): 'full care' is not allowed; "
     "did you mean "
     "'full_care'? (one of 'self_care', 'semi_self_care' or 'full_care')"),
    ("a staff row for an institution that is not listed", _edit("在编人员", "A5", "sx-cty"),
     "shaoxing.xlsx:在编人员!A5: 机构标识 (institution id): institution 'sx-cty' is not on sheet "
     "机构 (one of sx-city, sx-shangyu, sx-zhuji, sx-shengzhou, sx-xinchang, sx-yuecheng-pc, "
     "sx-keqiao-pc)"),
    ("a share out of range", _edit("时长与概率", "E21", 1.5),
     "shaoxing.xlsx:时长与概率!E21: 夜间或紧急情况比例 (night or emergency share): 1.5 is out of "
     "range (must be <= 1)"),
    ("a column key changed", _edit("机构", "F3", "bed"),
     "shaoxing.xlsx:机构!A1: no row of column names on sheet 机构 (a row of column keys within "
     "the first 8 rows: id, name_zh, name_pinyin, kind, county, beds, "
     "operating_cost_yuan_per_year, regional, operating_as_entity)"),
]


@pytest.mark.parametrize("name,edit,expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_one_line_at_its_sheet_and_cell(tmp_path, shaoxing, name, edit,
                                                        expected):
    path = _book(tmp_path, shaoxing)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_workbook_region(path)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [expected.replace("shaoxing.xlsx", str(path))]


def test_an_unsourced_figure_may_be_labelled_and_is_listed(tmp_path, shaoxing):
    path = _book(tmp_path, shaoxing)
    book = load_workbook(path)
    book["机构"]["L6"].value = None            # sx-shangyu's source
    book.save(path)
    imported = load_workbook_region(path, allow_unsourced=True, entered_by="王科长")
    home = imported.region.institution("sx-shangyu")
    assert home.source.startswith("A (unsourced, entered by 王科长)")
    assert imported.unsourced == [f"{path}:机构!L6: beds, operating_cost_yuan_per_year, "
                                  "regional, operating_as_entity"]


def test_rows_of_one_block_with_different_sources_keep_every_source(tmp_path, shaoxing):
    path = _book(tmp_path, shaoxing)
    book = load_workbook(path)
    sheet = book["在编人员"]
    assert (sheet["A5"].value, sheet["B5"].value) == ("sx-city", "caregiver")
    sheet["E5"].value = "绍兴市儿童福利院 2021 年花名册"
    book.save(path)
    source = load_workbook_region(path).region.institution("sx-city").source
    original = shaoxing.institution("sx-city").source
    assert source == f"{original}; staff caregiver: 绍兴市儿童福利院 2021 年花名册"


def test_the_example_row_is_skipped_only_while_marked(tmp_path, shaoxing):
    path = _book(tmp_path, shaoxing)
    book = load_workbook(path)
    assert book["省份"]["A4"].value == "330000"          # the example: Shaoxing's province
    book["省份"]["D4"].value = None                       # the planner keeps it as a row
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_workbook_region(path)
    assert "duplicate province code 330000" in str(caught.value)


# --- the observed history for the backtest: a sheet of its own, one row per count --------

def test_an_observed_history_block_gets_its_sheet_and_comes_back(tmp_path, shaoxing):
    rows = [
        {"place": "330600", "series": "children_in_care", "year": 2019, "value": 95,
         "plus_minus": 0.5, "source": "S-test national yearbook"},
        {"place": "330600", "series": "children_in_care", "year": 2020, "value": 90,
         "as_of": date(2020, 6, 30), "source": "S-test national yearbook"},
        {"place": "330681", "series": "long_term_admissions", "year": 2020, "value": 3,
         "source": "S-test county report"},
    ]
    region = shaoxing.model_copy(update={"observed": [Observation(**r) for r in rows]})
    assert "history" in [s.key for s in sheets()]
    path = region_book.write(tmp_path / "h.xlsx", region, "zh")
    sheet = load_workbook(path, read_only=True)["历史观测"]
    assert 95 in [c.value for row in sheet.iter_rows() for c in row]
    back = load_workbook_region(path).region
    assert back == region


def test_a_folder_without_csv_files_is_one_line(tmp_path):
    (tmp_path / "mine").mkdir()
    with pytest.raises(InputError) as caught:
        load_workbook_region(tmp_path / "mine")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'mine'}: a folder without CSV files (a region workbook (.xlsx), or a "
        "folder of CSV files, one per sheet: 机构.csv or institutions.csv, …)"]


# --- every field has its place: a column, a parameter row, or a reason ------------------

def _laid_out() -> tuple[set, set, set]:
    """The value paths the sheets hold, the blocks whose rows carry a source, and the
    figures whose range has a column."""
    from sim.scenario.model import Region
    from sim.scenario.sheets import owner
    from tests.model_walk import expand

    values, sourced, ranged = set(), set(), set()
    for spec in sheets():
        if spec.shape == "params":
            paths = [leaf.path for leaf in spec.leaves]
            ranged.update(leaf.path for leaf in spec.leaves if leaf.ranged and spec.ranges)
        else:
            paths = [(*spec.path, "{item}", c.key) if spec.shape == "records" else c.path
                     for c in spec.values]
            ranged.update(p for c in spec.ranges for p in expand(c.path, Region))
        for path in paths:
            values.update(expand(path, Region))
            block = owner(path)
            if block is not None and any(c.role == "source" for c in spec.columns):
                sourced.update(expand(block, Region))
    return values, sourced, ranged


def test_every_field_a_region_file_can_hold_has_a_column_or_a_reason_to_be_left_out():
    from sim.scenario.estimates import ENTRIES, block_name, model_path
    from sim.scenario.model import Region
    from sim.scenario.sheets import LEFT_OUT
    from tests.model_walk import fields_of, matches

    values, sourced, ranged = _laid_out()
    missing = []
    for path, _ in fields_of(Region):
        dotted = ".".join(path)
        if dotted in LEFT_OUT:
            assert len(LEFT_OUT[dotted]) > 10, f"{dotted}: say why it is left out"
        elif path[-1] == "source":
            if path[:-1] not in sourced:
                missing.append(f"{dotted}: no source column on the sheet of its figures")
        elif path[-1] == "ranges":
            block = block_name(path[:-1])
            figures = [e for e in ENTRIES if e.block == block]
            if not figures:
                missing.append(f"{dotted}: a ranges field, but no figure of it can vary")
            for entry in figures:
                pattern = tuple(model_path(entry).split("."))
                if not any(matches(pattern, p) for p in ranged):
                    missing.append(f"{dotted}.{entry.key}: no column for its range")
        elif path not in values:
            missing.append(f"{dotted}: no column or parameter row")
    assert missing == []


def test_a_range_comes_back_from_every_kind_of_sheet_and_a_wrong_one_is_located(tmp_path,
                                                                               shaoxing):
    path = _book(tmp_path, shaoxing)
    book = load_workbook(path)
    edits = {"机构": ("J", 5, "[100, 140]"),            # sx-city beds_range
             "工资": ("D", 5, "[80000, 120000]"),        # the caregiver's wage, any year
             "在院儿童": ("H", 5, "±10%"),               # the census as a whole
             "时长与概率": ("F", None, "[0.05, 0.12]")}   # a parameter row
    for title, (column, row, text) in edits.items():
        sheet = book[title]
        if row is None:
            row = next(r for r in range(4, sheet.max_row + 1)
                       if sheet[f"A{r}"].value == "process.staffing.attrition_per_year")
        assert sheet[f"{column}3"].value in ("beds_range", "wage_range", "n_range", "range")
        sheet[f"{column}{row}"].value = text
    book.save(path)
    region = load_workbook_region(path).region
    assert region.institution("sx-city").ranges["beds"].text() == "[100, 140]"
    assert region.costs.ranges["wages_yuan_per_year.caregiver"].text() == "[80000, 120000]"
    assert region.census.ranges["children"].text() == "±10%"
    assert region.process.staffing.ranges["attrition_per_year"].text() == "[0.05, 0.12]"
    again = load_workbook_region(region_book.write(tmp_path / "again.xlsx", region)).region
    assert again == region

    book = load_workbook(path)
    book["在院儿童"]["H7"].value = "±20%"                # a second census range, different
    book["机构"]["J6"].value = "[30, 40]"               # sx-shangyu has 20 beds
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_workbook_region(path)
    lines = [str(p).replace(str(path), "b.xlsx") for p in caught.value.problems]
    assert lines == [
        "b.xlsx:机构!J6: 床位数范围 (beds range): the range [30, 40] does not contain the "
        "file's figure 20 (a range around the figure)",
        "b.xlsx:在院儿童!H7: 人数范围 (children range): a second, different range for "
        "children (the first is at b.xlsx:在院儿童!H5) (the range on one row, or the same on "
        "each)"]
