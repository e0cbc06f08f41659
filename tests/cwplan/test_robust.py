"""Robust plans: the service levels hold on replications the loop never saw."""

from __future__ import annotations

from pathlib import Path

import pytest

from cwplan.robust import FRESH, compliance_from_lead, robust_plan
from sim import rules
from sim.scenario import load

ROOT = Path(__file__).parents[2]
HUANGSHAN = ROOT / "scenarios" / "huangshan.yaml"
TINY = ROOT / "tests" / "optimize" / "data"


@pytest.fixture(scope="module")
def huangshan():
    scenario = load(HUANGSHAN)
    rulebook = rules.load(scenario)
    return scenario, rulebook, robust_plan(scenario, rulebook, 20, 7, 2)


def test_the_robust_plan_holds_where_the_expected_value_plan_does_not(huangshan):
    scenario, _, found = huangshan
    _, expected, robust = found.alternatives
    level = scenario.service_levels.ratio_compliance_days
    assert found.met and robust["meets_levels"]
    assert not expected["meets_levels"]
    short = expected["failing"]
    assert short and all(robust["compliance"][i]["ci95"][0] >= level for i in short
                         if i in robust["compliance"])
    # judged on replications with a seed the loop never used (the loop ran with seed 7)
    assert found.plan.solver["robust"]["final_check_seed"] == 7 + FRESH
    assert robust["cost"]["mean"] > expected["cost"]["mean"]       # holding costs something


def test_each_round_is_reported_with_what_changed(huangshan):
    _, _, found = huangshan
    rounds = found.plan.solver["robust"]["rounds"]
    assert rounds[0]["plan"] == "expected-value optimum"
    assert all(r["changes"] for r in rounds[:-1])
    assert all(c["change"] in ("caregivers", "transfer_team", "beds") for r in rounds
               for c in r["changes"])
    assert [a["plan"] for a in found.alternatives] == ["rule of thumb",
                                                       "expected-value optimum",
                                                       "robust optimum"]


def test_the_command_line_sets_the_three_plans_side_by_side(huangshan, capsys):
    from cwplan.cmd_run import plans_table

    _, _, found = huangshan
    plans_table(found.plan)
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines()
            if line.startswith("│") and any(n in line for n in ("经验法", "期望值", "稳健"))]
    assert [r.split("│")[1].strip() for r in rows] == [
        "rule of thumb 经验法", "expected value 期望值最优", "robust 稳健最优"]
    # in the report's unit: 万元 (ten thousand yuan), whole above a thousand
    costs = [float(r.split("│")[2].replace(",", "")) for r in rows]
    assert costs == [round(a["cost"]["mean"] / 1e4) for a in found.alternatives]
    assert "(万元)" in out
    assert [r.split("│")[6].strip() for r in rows] == [
        "yes 是" if a["meets_levels"] else "no 否" for a in found.alternatives]


def _static_city(tmp_path: Path) -> Path:
    """The two-county fixture without its county home: nothing changes, nobody waits."""
    region = (TINY / "tiny-region.yaml").read_text(encoding="utf-8")
    start = region.index("  - {id: h,")
    end = region.index("census:")
    region = region[:start] + region[end:]
    region = region.replace("    h: [{age: 6-11, care: full_care, kind: long_term, n: 1}]\n", "")
    (tmp_path / "tiny-region.yaml").write_text(region, encoding="utf-8")
    scenario = (TINY / "tiny.yaml").read_text(encoding="utf-8")
    scenario += "service_levels: {ratio_compliance_days: 0.95}\nrun: {replications: 5, seed: 3}\n"
    (tmp_path / "tiny.yaml").write_text(scenario, encoding="utf-8")
    return tmp_path / "tiny.yaml"


def test_when_the_rule_of_thumb_holds_the_robust_plan_costs_no_more(tmp_path):
    scenario = load(_static_city(tmp_path))
    rulebook = rules.load(scenario)
    found = robust_plan(scenario, rulebook, 5, 3, 1)
    thumb, _, robust = found.alternatives
    assert thumb["meets_levels"] and found.met
    chosen = thumb if "rule of thumb" in found.plan.name else robust
    assert chosen["cost"]["mean"] <= thumb["cost"]["mean"] + 1e-6


def test_an_unreachable_level_ends_with_a_clear_message(tmp_path, cwplan, capsys):
    """A deadline nine days after the campaign opens: arranging the work alone takes two
    weeks, so no team is large enough; the loop stops and says what it reached."""
    scenario = tmp_path / "strict.yaml"
    scenario.write_text(f"base: {HUANGSHAN}\nname: nine days to move\n"
                        "overrides:\n  transfer.children_moved_by: [{value: 2023-03-10, "
                        "effective: 2023-01-01}]\n"
                        "service_levels: {ratio_compliance_days: null, "
                        "transfer_deadline_probability: 0.5}\n", encoding="utf-8")
    status = cwplan(["run", str(scenario), "--robust", "--replications", "4", "--workers", "1",
                     "--store", str(tmp_path / "runs.duckdb"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 3
    assert "no plan reaches the service levels after" in err
    assert "transfer deadline of county" in err and "probability 0.0%" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_compliance_is_counted_from_the_first_day_a_hire_can_start(huangshan):
    """Before the recruitment lead time has passed, only the staff on roll at the start can
    work; the levels are judged on the days after, and the first days do not count; nor do
    the days an institution holds no child."""
    import numpy as np

    import sim
    from sim.monitor import BY_CARE, DAILY_FIELDS, REQUIRED

    scenario, rulebook, _ = huangshan
    results = sim.run(scenario, rulebook, replications=3, seed=1, workers=1)   # status quo
    lead = results.world.lead_days
    assert lead == 60                  # Huangshan: 45 days' recruitment and a 15-day check
    on_roll = DAILY_FIELDS.index("caregivers")
    from_lead = compliance_from_lead(results)
    for i, inst in enumerate(results.world.institutions):
        shares = []
        for r in results.replications:
            holding = r.daily[lead:, i, BY_CARE].sum(axis=1) > 0
            enough = r.daily[lead:, i, on_roll] >= r.daily[lead:, i, REQUIRED]
            if holding.any():
                shares.append((enough & holding).sum() / holding.sum())
        if shares:
            assert from_lead[inst]["mean"] == pytest.approx(np.mean(shares))
        else:
            assert from_lead[inst] is None


def test_a_rung_that_asks_for_no_more_staff_is_passed_over():
    from types import SimpleNamespace

    import numpy as np

    from cwplan.robust import LADDER, _next_floors

    # two years; the daily need of a small protection center is 2 caregivers every day but
    # one, the last, when it is 3; the plan already gives 2 in both years
    world = SimpleNamespace(first_year=2024, year_idx=np.repeat([0, 1], 365),
                            staff_target=np.zeros((2, 1, 3)))
    required = np.full((10, 730), 2)
    required[:, 729] = 3                       # the last day: above the 99.5 % quantile
    step, need = _next_floors(world, required, -1, {}, np.array([2, 2]))
    assert LADDER[step] == 1.0 and need == {2024: 2, 2025: 3}
    # once the 100 % quantile is set, the next rung adds one caregiver beyond it
    step, need = _next_floors(world, required, step, need, np.array([2, 3]))
    assert step == len(LADDER) and need == {2024: 3, 2025: 4}
    # and the ladder ends
    last, need = _next_floors(world, required, step, need, np.array([3, 4]))
    assert _next_floors(world, required, last, need, np.array([4, 5])) is None


def test_the_robust_loop_builds_beds_when_the_bed_level_fails(tmp_path):
    """The city home fills up in about a quarter of the replications (see tests/sim/
    test_levels.py); a renovation adds 10 beds, ready a year after it starts, so from 2025.
    The expected-value plan builds nothing and misses a 90 % chance of no day over capacity;
    the robust loop asks for beds at the yearly peaks, the optimizer builds the wing, and
    the robust plan holds the level on fresh random numbers."""
    from tests.crowded import crowded_city

    wing = ('{id: c-wing, kind: renovation, beds_added: 10, capital_cost_yuan: 5000, '
            'lead_time_days: 365, source: "test fixture"}')
    scenario = load(crowded_city(tmp_path, "bed_capacity_probability: 0.9", options=wing))
    rulebook = rules.load(scenario)
    found = robust_plan(scenario, rulebook, 5, 3, 2)
    _, expected, robust = found.alternatives
    assert "beds:c" in expected["failing"] and not expected["meets_levels"]
    assert found.met and robust["meets_levels"]
    assert robust["beds"]["c"]["ci95"][0] >= 0.9
    assert [c.option for c in found.plan.capacity] == ["c-wing"]
    assert found.plan.beds_in("c", 2025) == 20
    changes = [c for r in found.rounds for c in r.changes]
    assert any(c["change"] == "beds" and c["institution"] == "c" for c in changes)
    assert found.replications >= 35           # a Wilson interval needs 35 to show 90 %
