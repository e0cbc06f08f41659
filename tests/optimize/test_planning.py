"""The planning model as a planner and a budget officer would check it."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

import optimize
from sim import rules
from sim.rules import routing
from sim.scenario import CARE_LEVELS, load

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).parents[2] / "scenarios"


def _plan(path: Path):
    scenario = load(path)
    rulebook = rules.load(scenario)
    return scenario, rulebook, optimize.plan(scenario, rulebook, workers=1)


def test_tiny_instance_reaches_the_optimum_worked_out_by_hand():
    """Two counties, two institutions, two years (tests/optimize/data/tiny-region.yaml).

    The city home C holds 2 full-care children, county home H holds 1, at 1:1 (hs-2023
    二(三)15, adopted). H may hand its child over in 2024 or 2025. Handing over in 2024:
      2024: wages 3 x 100 (C's two plus H's caregiver, redeployed to C for 5)
            + operations 1000 (C) + 500 (H still a county home) + allowance 3 x 10
            + workstations 2 x 1 + redeployment 5                          = 1837
      2025: wages 3 x 100 + operations 1000 + 300 (H is a protection center)
            + allowance 30 + workstations 2                                = 1632
    total 3469. Handing over in 2025 instead costs 1832 + 1837 = 3669, and hiring at C
    instead of redeploying costs more again; no discounting, no travel weight.
    """
    _, _, plan = _plan(DATA / "tiny.yaml")
    assert plan.solver["status"] == "OPTIMAL"
    assert plan.solver["objective"] == pytest.approx(3469)
    assert plan.solver["bound"] == pytest.approx(3469)
    assert plan.handover == {"341003": 2024}
    assert plan.staff["c"]["caregiver"] == {2024: 3, 2025: 3}
    assert plan.redeployments == [{"from": "h", "to": "c", "year": 2024, "role": "caregiver",
                                   "heads": 1}]
    assert plan.roles["h"] == {2024: "county_home", 2025: "protection_center"}


def _variant(tmp_path: Path, region_edit=None, scenario_lines: str = "") -> Path:
    region = (DATA / "tiny-region.yaml").read_text(encoding="utf-8")
    if region_edit:
        region = region.replace(*region_edit)
    (tmp_path / "tiny-region.yaml").write_text(region, encoding="utf-8")
    scenario = (DATA / "tiny.yaml").read_text(encoding="utf-8") + scenario_lines
    (tmp_path / "tiny.yaml").write_text(scenario, encoding="utf-8")
    return tmp_path / "tiny.yaml"


def test_too_few_beds_are_explained_by_how_many(tmp_path):
    path = _variant(tmp_path, region_edit=("beds: 10, regional: true", "beds: 2, regional: true"))
    with pytest.raises(optimize.Infeasible) as caught:
        _plan(path)
    (shortfall,) = caught.value.shortfalls
    assert shortfall.key == "beds at c"
    assert (shortfall.reachable, shortfall.required) == (pytest.approx(2), pytest.approx(3))
    assert "reachable 2.00, required 3.00" in str(caught.value)


def test_no_plan_exits_3_with_the_shortfall_on_the_command_line(tmp_path, cwplan, capsys):
    path = _variant(tmp_path, region_edit=("beds: 10, regional: true", "beds: 2, regional: true"))
    assert cwplan(["optimize", str(path), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "beds at c" in err and "required 3.00" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_budget_cap_too_low_is_reported_against_the_cheapest_plan(tmp_path):
    path = _variant(tmp_path, scenario_lines="")
    text = path.read_text(encoding="utf-8").replace("travel_weight: 0}",
                                                    "travel_weight: 0, budget_cap_yuan: 3000}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(optimize.Infeasible) as caught:
        _plan(path)
    (shortfall,) = caught.value.shortfalls
    assert shortfall.key == "budget"
    assert shortfall.required == pytest.approx(3469)      # what the cheapest plan costs


def test_a_later_deadline_never_raises_the_optimal_cost(tmp_path):
    (tmp_path / "early").mkdir()
    early = _variant(tmp_path / "early")
    text = early.read_text(encoding="utf-8").replace(
        "transfer.window_start:",
        "transfer.children_moved_by:\n    - {value: 2024-12-31, effective: 2024-01-01, "
        "jurisdiction: \"341000\", source: \"test\"}\n  transfer.window_start:")
    early.write_text(text, encoding="utf-8")
    _, _, tight = _plan(early)
    _, _, loose = _plan(DATA / "tiny.yaml")          # deadline 2025-12-31 (national)
    assert loose.solver["objective"] <= tight.solver["objective"] + 1e-6
    scenario = load(SCENARIOS / "shaoxing.yaml")
    base = optimize.plan(scenario, rules.load(scenario), workers=1).solver["objective"]
    later = tmp_path / "later.yaml"
    later.write_text(f"base: {SCENARIOS / 'shaoxing.yaml'}\nname: later deadline\nassume:\n"
                     "  transfer.children_moved_by:\n    - {value: 2023-12-31, effective: "
                     "2022-08-03, jurisdiction: \"330600\", source: \"test\"}\n",
                     encoding="utf-8")
    relaxed = load(later)
    assert optimize.plan(relaxed, rules.load(relaxed), workers=1).solver["objective"] \
        <= base * (1 + 1e-6)


def _children_at(plan, demand, scenario, inst: str, year: int):
    """Expected children by care level at an institution in a year, from the plan alone:
    a county home keeps its children up to its hand-over year (in that year the regional
    institution is staffed for them too), temporary cases stay where the county has its
    own institution, everything else is at the county's regional institution."""
    region = scenario.region
    t = demand.years.index(year)
    total = [0.0, 0.0, 0.0]

    def add(values):
        for k in range(3):
            total[k] += values[k]

    for n, county in enumerate(demand.counties):
        here = [i for i in region.institutions if i.county == county]
        home = next((i.id for i in here if i.kind == "county_welfare_home"), None)
        own = home or next((i.id for i in here if i.kind == "protection_center"), None)
        handed = plan.handover.get(county)
        with_home = home is not None and (handed is None or year <= handed)
        with_regional = home is None or (handed is not None and year >= handed)
        at_home = with_home and home == inst
        at_regional = with_regional and plan.assigned(county, year) == inst
        if at_home or at_regional:
            add(demand.long_term[n, :, t])
        if (own or plan.assigned(county, year)) == inst:
            add(demand.temporary[n, :, t])
    return total


@pytest.mark.parametrize("name", ["shaoxing", "yuncheng", "huangshan"])
def test_every_plan_respects_every_ratio_in_every_year(name):
    """Checked with the rules engine's own rounding, not the optimizer's constraints.

    In a county's hand-over year the caregivers who move with its children to the city are
    counted at the county home too (they look after the children until they move).
    """
    scenario, rulebook, plan = _plan(SCENARIOS / f"{name}.yaml")
    demand = optimize.project(scenario, optimize.intake_days(scenario, rulebook))
    for inst in scenario.region.institutions:
        for year in demand.years:
            counts = _children_at(plan, demand, scenario, inst.id, year)
            moving = sum(r["heads"] for r in plan.redeployments if r["from"] == inst.id
                         and r["year"] == year and r["role"] == "caregiver"
                         and plan.handover.get(inst.county) == year)
            for day in (date(year, 1, 1), date(year, 7, 1), date(year, 12, 31)):
                # expected counts, cut to a millionth so that solver tolerances do not
                # round a total of exactly 3 caregivers up to 4
                exact = [math.floor(x * 1e6) / 1e6 for x in counts]
                need = routing.caregivers_required(rulebook, inst.county, day,
                                                   dict(zip(CARE_LEVELS, exact, strict=True)))
                on_roll = plan.staff_in(inst.id, "caregiver", year) + moving
                assert on_roll >= need, (inst.id, year)


def test_a_stricter_ratio_for_self_care_children_raises_the_caregivers():
    _, _, base = _plan(SCENARIOS / "shaoxing.yaml")
    _, _, strict = _plan(SCENARIOS / "shaoxing-ratio-1to3.yaml")
    total = {name: sum(n for by_role in p.staff.values() for n in by_role["caregiver"].values())
             for name, p in (("base", base), ("strict", strict))}
    assert total["strict"] > total["base"]
    assert strict.solver["objective"] > base.solver["objective"]


def test_the_simulation_plays_the_plan_it_is_given(tmp_path, cwplan):
    scenario = SCENARIOS / "huangshan.yaml"
    assert cwplan(["optimize", str(scenario), "--out", str(tmp_path / "opt")]) == 0
    plan = json.loads((tmp_path / "opt" / "plan.json").read_text())
    assert plan["solver"]["status"] == "OPTIMAL"
    assert cwplan(["simulate", str(scenario), "--plan", str(tmp_path / "opt" / "plan.json"),
                   "--replications", "2", "--workers", "1", "--out", str(tmp_path / "sim")]) == 0
    summary = json.loads((tmp_path / "sim" / "summary.json").read_text())
    assert summary["manifest"]["plan"] == "optimized"
    assert summary["accounting_balanced"]


def test_a_synthetic_nation_is_planned_prefecture_by_prefecture_within_1_percent(tmp_path):
    """Per-prefecture decomposition in parallel processes gives the same plan as in one
    process, and every prefecture's plan is proven within 1 % of its bound."""
    from cwplan.synthetic import generate_national

    path = generate_national(seed=5, counties=60, prefectures=8, out_dir=tmp_path)
    scenario = load(path)
    rulebook = rules.load(scenario)
    parallel = optimize.plan(scenario, rulebook, workers=2)
    alone = optimize.plan(scenario, rulebook, workers=1)
    prefectures = parallel.solver["prefectures"]
    assert len(prefectures) == 8
    assert all(p["gap"] <= 0.01 and p["status"] == "OPTIMAL" for p in prefectures.values())
    assert parallel.staff == alone.staff and parallel.assignment == alone.assignment
    assert parallel.solver["objective"] == pytest.approx(alone.solver["objective"], rel=1e-6)
