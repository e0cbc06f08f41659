"""The optimizer: the cheapest plan of roles, beds, staff and assignment that meets the targets.

``optimize.plan(scenario, rulebook)`` returns a ``sim.plan.Plan`` with its costs by year and
category, the objective, the proven bound and gap. When no plan can meet every target it
raises :class:`Infeasible`, saying which targets cannot be met, by how much, with their
clauses. ``optimize.facility`` holds the facility-location core validated on OR-Library.
"""

from __future__ import annotations

import os
from datetime import date

from optimize.demand import Demand, project
from optimize.explain import Infeasible, Shortfall, counts_shortfalls, explain
from optimize.planning import Settings
from optimize.planning_data import prefecture_data, reachable_beds
from optimize.readout import to_plan
from optimize.regional import CountsUnreachable, solve_all

__all__ = ["Demand", "Infeasible", "Shortfall", "held_targets", "plan", "project",
           "reachable_beds"]


def plan(scenario, rulebook, demand: Demand | None = None, *, workers: int | None = None,
         budget: float | None = None, on_done=None, name: str = "optimized",
         floors: dict[str, dict[int, int]] | None = None,
         bed_floors: dict[str, dict[int, int]] | None = None):
    """The least-cost plan meeting every target in force (see optimize.planning).

    ``floors`` gives, per institution and year, caregivers to keep at least (a robust plan
    staffs to a quantile of the demand the simulation measured); ``bed_floors`` the beds to
    have at least (no more than ``reachable_beds`` gives).
    """
    settings = _settings(scenario, rulebook, budget)
    demand = demand or project(scenario, intake_days(scenario, rulebook))
    datas = [prefecture_data(scenario, rulebook, demand, p.code)
             for p in scenario.region.prefectures]
    for d in datas:
        d.floors = {i: f for i, f in (floors or {}).items() if i in d.institutions}
        d.bed_floors = {i: f for i, f in (bed_floors or {}).items() if i in d.institutions}
    try:
        outcomes = solve_all(datas, settings, workers or _workers(scenario, len(datas)),
                             on_done)
    except CountsUnreachable as exc:
        raise Infeasible(counts_shortfalls(scenario, exc.reachable)) from None
    failed = [o for o in outcomes if o.solved.status not in ("OPTIMAL", "FEASIBLE")]
    if failed or not outcomes:
        raise Infeasible(explain(scenario, [o.data for o in failed] or datas, settings))
    return to_plan(scenario, rulebook, outcomes, name, settings)


def held_targets(scenario, rulebook) -> list:
    """The targets in force that a plan is held to (workstation coverage, the protection
    centers running as entities, counts of regional institutions), over all prefectures."""
    from optimize.planning_data import MEASURABLE

    end = scenario.horizon.end
    return [t for p in scenario.region.prefectures for t in rulebook.targets(p.code, end)
            if t.key in MEASURABLE]


def intake_days(scenario, rulebook) -> dict[int, float]:
    """A found infant's days from being found to formal admission (steps and announcement),
    per year of the horizon: the announcement period in force, averaged over the year's days
    (no period before a rule sets one, as in the simulation)."""
    region = scenario.region
    place = region.prefectures[0].code
    steps = region.process.intake.steps_days
    before = sum(steps[s] for s in steps if s != "hukou_registration")
    changes = rulebook.changes("intake.announcement_days", place)
    out = {}
    for year in range(scenario.horizon.start.year, scenario.horizon.end.year + 1):
        first, last = date(year, 1, 1), date(year + 1, 1, 1)
        marks = sorted({first} | {d for d in changes if first < d < last})
        total = 0.0
        for begin, end in zip(marks, [*marks[1:], last], strict=True):
            found = rulebook.resolve("intake.announcement_days", place, begin)
            total += (float(found.value) if found else 0.0) * (end - begin).days
        out[year] = before + total / (last - first).days
    return out


def _settings(scenario, rulebook, budget: float | None) -> Settings:
    from sim.plan import hiring_lead_days

    o, staffing = scenario.optimizer, scenario.region.process.staffing
    return Settings(time_limit_s=o.time_limit_s, relative_gap=o.relative_gap, workers=1,
                    seed=o.seed, travel_weight=o.travel_weight,
                    budget=budget if budget is not None else o.budget_cap_yuan,
                    attrition=staffing.attrition_per_year,
                    redeploy_share=staffing.redeploy_share,
                    lead_days=hiring_lead_days(scenario, rulebook)[0])


def _workers(scenario, jobs: int) -> int:
    wanted = scenario.optimizer.workers or os.cpu_count() or 1
    return max(1, min(wanted, jobs))
