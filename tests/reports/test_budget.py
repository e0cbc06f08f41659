"""Each home's annual budget in costs.xlsx: whole yuan that add up, and totals equal to
summary.json's to the yuan, per year and per institution, for every bundled scenario."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import load_workbook

from reports.budget import controlled_round, largest_remainder

BUDGET = "各机构年度预算（按年度、机构和类别）"


def _budget(built):
    book = load_workbook(built.folder / "costs.xlsx")
    sheet = book[BUDGET]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    return book, sheet, rows[0], rows[1:-1], rows[-1]


@pytest.mark.parametrize("name", ["shaoxing", "yuncheng", "huangshan", "zhejiang"])
def test_budget_totals_equal_the_summary_to_the_yuan(bundled_reports, name):
    built = bundled_reports[name]
    costs = built.run.results.costs()            # what summary.json holds
    by_year, by_inst = {}, {}
    for row in costs["by_year_category"]:
        by_year[row["year"]] = by_year.get(row["year"], 0.0) + row["mean"]
    for row in costs["by_institution_category"]:
        by_inst[row["institution"]] = by_inst.get(row["institution"], 0.0) + row["mean"]
    _, _, head, body, _note = _budget(built)
    total_col = len(head) - 1
    homes = [r for r in body if r[1]]
    year_rows = [r for r in body if r[0] not in ("", None) and not r[1]]
    grand = next(r for r in body if r[0] in ("", None))
    for row in body:
        assert all(isinstance(v, int) for v in row[3:])          # whole yuan everywhere
        assert sum(row[3:total_col]) == row[total_col]           # categories add up
    for row in year_rows:
        assert abs(row[total_col] - by_year[row[0]]) < 1
        members = [r for r in homes if r[0] == row[0]]
        for c in range(3, total_col + 1):
            assert sum(r[c] for r in members) == row[c]          # the year's rows add up
    for inst, exact in by_inst.items():
        assert abs(sum(r[total_col] for r in homes if r[1] == inst) - exact) < 1
    assert grand[total_col] == sum(r[total_col] for r in year_rows)
    assert abs(grand[total_col] - sum(by_year.values())) < 1


def test_budget_states_its_rounding_rule_and_formats_every_amount(shaoxing_report):
    book, sheet, head, body, note = _budget(shaoxing_report)
    assert "受控舍入" in note[0]
    for r in range(2, len(body) + 2):
        for c in range(4, len(head) + 1):
            assert sheet.cell(row=r, column=c).number_format == "#,##0"
    kpis = book["主要指标"]
    formats = {row[0].value: row[2].number_format for row in kpis.iter_rows(min_row=2)}
    assert formats["总费用（未贴现）"] == "#,##0"
    assert formats["护理员配比达标天数占比（有儿童在院的机构天数）"] == "0.0%"
    assert formats["总费用（按3.0%贴现至2021年）"] == "#,##0"


def test_the_readme_names_the_run_the_scenario_hash_the_plan_and_units(shaoxing_report):
    book = load_workbook(shaoxing_report.folder / "costs.xlsx")
    assert book.sheetnames[0] == "说明"
    items = {row[0]: row[1] for row in book["说明"].iter_rows(min_row=2, values_only=True)}
    scenario = shaoxing_report.run.scenario
    assert items["情景内容哈希"] == scenario.content_hash
    assert items["情景"] == "绍兴市基线"             # the scenario's Chinese name alone
    assert items["方案"] and "元" in items["单位"] and "受控舍入" in items["舍入规则"]
    assert BUDGET in items.values()


def test_controlled_rounding_keeps_every_margin_next_to_the_exact_one():
    values = np.random.default_rng(7).uniform(0, 1000, size=(4, 6, 5))
    values[:, :, 2] = 0.0                                        # an unused category
    rounded, excess = controlled_round(values)
    assert excess == 0 and np.all(np.abs(rounded - values) < 1)
    for axes in [(2,), (1,), (0,), (1, 2), (0, 2), (0, 1), (0, 1, 2)]:
        assert np.all(np.abs(rounded.sum(axis=axes) - values.sum(axis=axes)) < 1), axes


def test_largest_remainder_adds_up_to_the_total():
    parts = np.array([10.2, 20.7, 30.1])                        # 61.0
    assert list(largest_remainder(parts, 61)) == [10, 21, 30]


def test_a_nation_sized_budget_is_rounded_with_every_total_next_to_the_exact_one():
    """Five years of three thousand homes in ten categories: too large for one program, it
    is rounded in two steps, and still every cell, home-year, year, home and the grand total
    is a whole yuan next to its exact value; what the categories miss is said."""
    rng = np.random.default_rng(3)
    values = rng.random((5, 3000, 10)) * rng.choice([0.0, 1e3, 1e6], size=(1, 3000, 10))
    rounded, excess = controlled_round(values)
    assert np.all(np.abs(rounded - values) < 1)
    for axes in ((2,), (1, 2), (0, 2), (0, 1, 2)):
        assert np.all(np.abs(rounded.sum(axis=axes) - values.sum(axis=axes)) < 1), axes
    worst = max(np.abs(rounded.sum(axis=a) - values.sum(axis=a)).max() for a in ((1,), (0,)))
    assert excess == max(0, int(np.ceil(worst - 1 - 1e-6)))


def _csv_tables(folder) -> dict[str, list[dict]]:
    import csv

    out = {}
    for path in sorted((folder / "tables").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            out[path.stem] = list(csv.DictReader(stream))
    return out


def _decimals(cell: str) -> int:
    try:
        float(cell)
    except ValueError:
        return 0                                  # text, a date, an empty cell
    return len(cell.partition(".")[2])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_tables_give_money_in_whole_yuan_and_counts_whole(planned_reports, lang):
    """What a budget officer opens: every amount in yuan a whole number (as the README
    says of the files), the professionals' path in whole people, and no figure with a
    float's trailing digits."""
    yuan = "(元)" if lang == "zh" else "(yuan)"
    tables = _csv_tables(planned_reports[lang].folder)
    assert {"professional_path", "staffing", "staffing_by_year", "budget", "costs_by_year",
            "wages_by_role", "kpis"} <= set(tables)
    for name, rows in tables.items():
        for head in rows[0] if rows else []:
            cells = [r[head] for r in rows if r[head]]
            if yuan in head:
                assert all(_decimals(c) == 0 for c in cells), (name, head, cells[:3])
            assert all(_decimals(c) <= 5 for c in cells), (name, head, cells[:3])
    path = tables["professional_path"]
    for head in list(path[0])[1:4]:              # on 1 January, on 31 December, hired
        assert all(r[head] and r[head].lstrip("-").isdigit() for r in path), head
    money = [r for r in tables["kpis"] if r[list(r)[1]] in ("元", "yuan")]
    assert money and all(_decimals(v) == 0 for r in money for v in list(r.values())[2:] if v)
