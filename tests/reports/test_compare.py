"""``cwplan compare``: the runs' stored numbers side by side, and their differences.

Two Shaoxing runs differ by ten caregivers at the city home from 2022 on; the comparison's
differences must be exactly the differences of the numbers the two runs stored.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cwplan.outputs import write_simulation
from reports.runs import load_run
from tests.reports.conftest import simulate

EXTRA = 10


def _more_caregivers(plan):
    staff = {inst: {role: dict(by_year) for role, by_year in roles.items()}
             for inst, roles in plan.staff.items()}
    city = staff["sx-city"]["caregiver"]
    city[2022] = city[min(city)] + EXTRA
    return dataclasses.replace(plan, name="more caregivers", staff=staff)


@pytest.fixture(scope="module")
def two_runs(runs, tmp_path_factory) -> tuple[Path, Path]:
    base = runs["shaoxing"]
    more = simulate("shaoxing", 3, _more_caregivers(base.plan))
    folders = []
    for name, run in (("baseline", base), ("more", more)):
        folder = tmp_path_factory.mktemp(name)
        write_simulation(folder, run.results, run.plan)
        folders.append(folder)
    return folders[0], folders[1]


@pytest.fixture(scope="module")
def compared(two_runs, tmp_path_factory, cwplan_main) -> Path:
    out = tmp_path_factory.mktemp("compare") / "cmp"
    assert cwplan_main(["compare", str(two_runs[0]), str(two_runs[1]), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def cwplan_main():
    from tests.conftest import run_cli

    return run_cli


def _stored(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig") as stream:
        return list(csv.reader(stream))


def test_the_comparison_writes_page_spreadsheet_charts_and_tables(compared):
    assert (compared / "compare.html").stat().st_size > 0
    assert {p.stem for p in (compared / "charts").glob("*.png")} == \
        {"cost_difference", "staff_difference"}
    book = load_workbook(compared / "compare.xlsx")
    assert len(book.worksheets) == len(list((compared / "tables").glob("*.csv")))
    page = (compared / "compare.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<script" not in page


def test_cost_differences_are_the_differences_of_the_stored_numbers(two_runs, compared):
    a, b = (_stored(f)["costs"]["by_year_category"] for f in two_runs)
    stored_a = {(r["year"], r["category"]): r["mean"] for r in a}
    stored_b = {(r["year"], r["category"]): r["mean"] for r in b}
    book = load_workbook(compared / "compare.xlsx")
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("按年度和类别"))
    rows = list(sheet.iter_rows(values_only=True))[1:]
    categories = {r["category"]: r for r in a}
    assert rows
    wages_changed = False
    for year, _category_shown, value_a, value_b, diff in rows:
        category = next(c for c in categories if _shown(c) == _category_shown)
        assert value_a == pytest.approx(stored_a[(year, category)], abs=1e-6)
        assert value_b == pytest.approx(stored_b[(year, category)], abs=1e-6)
        assert diff == pytest.approx(stored_b[(year, category)] - stored_a[(year, category)],
                                     abs=1e-6)
        wages_changed |= category == "wages" and year >= 2022 and diff > 0
    assert wages_changed


def _shown(category: str) -> str:
    from reports.i18n import Lang

    return Lang("zh")(f"cost.{category}")


def test_staff_differences_are_the_plans_heads(two_runs, compared):
    rows = _rows(compared / "tables" / "compare_staff_by_year.csv")
    head, body = rows[0], rows[1:]
    assert head[0] == "年度" and head[2:] == ["A", "B", "差额 B−A"]
    for year, role, planned_a, planned_b, diff in body:
        assert int(diff) == int(planned_b) - int(planned_a)
        expected = EXTRA if role == "护理员" and int(year) >= 2022 else 0
        assert int(diff) == expected


def test_kpi_differences_are_differences_of_the_stored_means(two_runs, compared):
    a, b = (_stored(f)["kpis"]["total_cost_yuan"]["mean"] for f in two_runs)
    rows = _rows(compared / "tables" / "compare_kpis.csv")
    total = next(r for r in rows[1:] if r[0] == "总费用")
    heads = rows[0]
    assert float(total[2]) == pytest.approx(a)          # indicator, unit, then run A's mean
    mean = heads.index("差额 B−A 均值")
    assert float(total[mean]) == pytest.approx(b - a)
    low, high = float(total[mean + 1]), float(total[mean + 2])
    assert low <= b - a <= high
    assert total[-1] == "成对重复模拟（共同随机数）"        # same seed, same replications


def test_the_comparison_names_what_differs_in_the_plan(compared):
    rows = _rows(compared / "tables" / "compare_inputs.csv")
    keys = {r[1] for r in rows[1:] if r[0] == "方案"}
    assert "staff.sx-city.caregiver.2022" in keys
    assert all(not k.startswith(("costs", "solver")) for k in keys)


def test_english_on_request_with_names_from_a_report(two_runs, tmp_path, cwplan_main):
    tables = two_runs[0] / "tables"
    tables.mkdir(exist_ok=True)
    (tables / "institutions.csv").write_text(
        "id,name_zh,name_pinyin\nsx-city,绍兴市儿童福利院,Shaoxing Shi Ertong Fuliyuan\n",
        encoding="utf-8-sig")
    try:
        out = tmp_path / "cmp-en"
        assert cwplan_main(["compare", str(two_runs[0]), str(two_runs[1]), "--out", str(out),
                            "--lang", "en"]) == 0
        page = (out / "compare.html").read_text(encoding="utf-8")
        assert "Shaoxing Shi Ertong Fuliyuan" in page and "Costs" in page
    finally:
        (tables / "institutions.csv").unlink()


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing", "no such run folder"),
    (lambda tmp: tmp, "summary.json is missing"),
    (lambda tmp: _broken(tmp), "cannot read summary.json"),
    (lambda tmp: _shapeless(tmp), "costs.by_year_category"),
])
def test_bad_runs_exit_with_status_2_and_one_line(two_runs, tmp_path, capsys, cwplan_main,
                                                  make, message):
    bad = make(tmp_path)
    status = cwplan_main(["compare", str(two_runs[0]), str(bad), "--out",
                          str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def _broken(tmp: Path) -> Path:
    (tmp / "run").mkdir()
    (tmp / "run" / "summary.json").write_text("{not json", encoding="utf-8")
    (tmp / "run" / "plan.json").write_text("{}", encoding="utf-8")
    return tmp / "run"


def _shapeless(tmp: Path) -> Path:
    (tmp / "run").mkdir()
    (tmp / "run" / "summary.json").write_text('{"costs": {}, "kpis": {}}', encoding="utf-8")
    (tmp / "run" / "plan.json").write_text("{}", encoding="utf-8")
    return tmp / "run"


def test_one_run_is_not_a_comparison(two_runs, tmp_path, capsys, cwplan_main):
    assert cwplan_main(["compare", str(two_runs[0]), "--out", str(tmp_path / "o")]) == 2
    assert "at least two runs" in capsys.readouterr().err


def test_load_run_reads_what_a_comparison_needs(two_runs):
    run = load_run(two_runs[1])
    assert run.plan_name == "more caregivers"
    assert run.years == [2021, 2022, 2023, 2024, 2025]
    assert run.planned("sx-city", "caregiver", 2022) - run.planned("sx-city", "caregiver",
                                                                   2021) == EXTRA


def test_runs_on_other_seeds_get_the_wider_unpaired_interval(two_runs, tmp_path):
    """The same change played on other random numbers: the comparison says the interval is
    unpaired, and it is wider than the paired one of the same change."""
    import sim
    from reports.compare_tables import kpi_difference

    base = load_run(two_runs[0])
    paired = kpi_difference(base, load_run(two_runs[1]), "total_cost_yuan")
    run = simulate("shaoxing", 3)
    other = sim.run(run.scenario, run.rulebook, _more_caregivers(run.plan), 3, seed=12345,
                    workers=1, events=False)
    folder = tmp_path / "other-seed"
    folder.mkdir()
    write_simulation(folder, other, _more_caregivers(run.plan))
    unpaired = kpi_difference(base, load_run(folder), "total_cost_yuan")
    assert paired[1] == "paired" and unpaired[1] == "seeds"
    width = [d["ci95"][1] - d["ci95"][0] for d in (paired[0], unpaired[0])]
    assert width[0] < width[1]
