"""The work the rules create, as Huangshan's planner would check it: monthly foster visits,
the assessment before 18, child directors' monthly contacts (hs-2023 二(一)2, 二(一)6,
二(三)17), costed by one definition in the simulation and in the plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

import optimize
import sim
from sim import rules, work
from sim.monitor import COST_CATEGORIES, FOSTER
from sim.scenario import load

SCENARIOS = Path(__file__).parents[2] / "scenarios"
RULE_WORK = COST_CATEGORIES.index("rule_work")


@pytest.fixture(scope="module")
def huangshan():
    scenario = load(SCENARIOS / "huangshan.yaml")
    rulebook = rules.load(scenario)
    plan = optimize.plan(scenario, rulebook, workers=1)
    results = sim.run(scenario, rulebook, plan, 5, seed=1, workers=1, events=True)
    return scenario, rulebook, plan, results


def test_each_task_recurs_as_its_rule_says_and_takes_the_hours_given(huangshan):
    scenario, rulebook, _, _ = huangshan
    hours = scenario.region.process.work
    found = work.tasks(rulebook, "341002", date(2024, 1, 1), hours, 100_000)
    foster = found[work.FOSTER]
    assert foster.per_year == pytest.approx(365.25 / 30)          # once a month
    assert foster.yuan_per_year(1) == pytest.approx(365.25 / 30 * hours.foster_visit_hours
                                                    * 100_000 / hours.hours_per_staff_year)
    assert found[work.ASSESSMENT].yuan_each() == pytest.approx(
        hours.assessment_hours * 100_000 / hours.hours_per_staff_year)
    directors = found[work.CHILD_DIRECTOR]
    assert directors.yuan_per_hour == hours.child_director_yuan_per_hour
    assert work.TRAINING not in found                     # no Huangshan rule on training


def test_the_simulation_books_every_visit_contact_and_assessment(huangshan):
    """Its yearly cost is foster child-days times a visit's share of a day, the community's
    contacts day by day, and each assessment that happened."""
    scenario, _, _, results = huangshan
    w = results.world
    for rep in results.replications:
        foster = (rep.daily[:, :, FOSTER] * w.foster_work).sum()
        community = w.community_work.sum()
        assessed = rep.events["event"] == "assessment"
        where = rep.events["from_institution"][assessed].astype(int)
        days = np.minimum(rep.events["day"][assessed].astype(int), w.days - 1)
        assessments = w.assessment_work[days, where].sum()
        assert assessed.sum() > 0
        assert rep.costs[:, :, RULE_WORK].sum() == pytest.approx(
            foster + community + assessments)
    directors = sum(c.population for _, c in scenario.region.counties()) * \
        scenario.region.process.work.supported_children_per_million / 1e6
    assert w.community_work[0].sum() * 365.25 == pytest.approx(
        directors * 365.25 / 30 * 0.5 * scenario.region.process.work.child_director_yuan_per_hour)


def test_the_plan_costs_the_same_work_as_the_simulation_finds(huangshan):
    """The plan books the tasks for the children it expects; the simulation for those it
    has: within a few percent a year."""
    _, _, plan, results = huangshan
    simulated = np.mean([r.costs[:, :, RULE_WORK].sum(axis=1) for r in results.replications],
                        axis=0)
    planned = [plan.costs["rule_work"][year] for year in sorted(plan.costs["rule_work"])]
    assert planned == pytest.approx(list(simulated), rel=0.1)
    assert min(planned) > 0
