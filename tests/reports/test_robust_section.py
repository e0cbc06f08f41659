"""A robust plan's report sets the three plans side by side, with the loop's rounds."""

from __future__ import annotations

import csv
import dataclasses

from tests.reports.conftest import build, simulate


def _described(mean: float) -> dict:
    return {"mean": mean, "ci95": [mean * 0.99, mean * 1.01], "p5": mean, "p50": mean,
            "p95": mean}


def _alternative(name: str, cost: float, lowest: float, meets: bool, failing: list) -> dict:
    return {"plan": name, "cost": _described(cost),
            "compliance": {"hs-city": _described(lowest), "hs-shexian": _described(0.99)},
            "deadlines": {"341021": {"p": 1.0, "ci95": [0.95, 1.0], "n": 73}},
            "beds": {"hs-city": {"p": 0.8 if failing else 1.0, "ci95": [0.7, 1.0], "n": 73}},
            "failing": failing, "meets_levels": meets}


def test_the_three_plans_and_the_rounds_are_in_the_report(tmp_path):
    run = simulate("huangshan", replications=2)
    record = {"alternatives": [
        _alternative("rule of thumb", 3.1e7, 0.02, False, ["hs-city"]),
        _alternative("expected-value optimum", 3.5e7, 0.62, False,
                     ["hs-city", "transfer:341021", "beds:hs-city"]),
        _alternative("robust optimum", 3.8e7, 0.96, True, [])],
        "rounds": [{"number": 1, "plan": "expected-value optimum", "cost": _described(3.5e7),
                    "compliance": {}, "deadlines": {}, "failing": ["hs-city"],
                    "changes": [{"change": "caregivers", "institution": "hs-city",
                                 "quantile": 0.8, "extra": 0},
                                {"change": "transfer_team", "county": "341021", "before": 1,
                                 "after": 2}]}]}
    plan = dataclasses.replace(run.plan, name="robust optimum",
                               solver={**run.plan.solver, "robust": record})
    built = build(dataclasses.replace(run, plan=plan), tmp_path, "en")
    with (tmp_path / "tables" / "three_plans.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))[1:]
    assert [r[0] for r in rows] == ["rule of thumb (ratios applied to the first day's children)",
                                    "expected-value optimum", "robust optimum"]
    assert [r[-2] for r in rows] == ["no", "no", "yes"]
    assert "transfer of She" in rows[1][-1]
    assert "beds of Huangshan Shi Ertong Fuliyuan" in rows[1][-1]   # beds are a level too
    assert [float(r[-5]) for r in rows] == [0.8, 0.8, 1.0]         # lowest chance within beds
    page = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Three plans side by side" in page and "Rounds of the robust loop" in page
    assert "caregivers to the 80.0% quantile of daily need" in page
    assert "transfer team from 1 to 2" in page
    assert not [w for w in built.warnings if "Glyph" in w]
    build(dataclasses.replace(run, plan=plan), tmp_path / "zh", "zh")
    chinese = (tmp_path / "zh" / "report.md").read_text(encoding="utf-8")
    assert "护理员按每日需求的80.0%分位数配备" in chinese and "移交工作组由1个增至2个" in chinese
