"""Reading the solved prefecture models out into one plan for the region.

Besides roles, beds, staff and assignment, the plan says why its staff change: professionals
follow a path through each year in which they rise (see ``optimize.planning`` (9)), and
every other step is a dated entry naming the reason (the ratios for the expected children,
round-the-clock duty, a robust floor, a regional institution opening, a hand-over). The
targets are measured in the finished plan by ``sim.targets``, the functions the simulation
and the report use; those the model does not plan for are listed with the reason.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, timedelta

from optimize.planning import CARE, OTHER, PROF
from optimize.planning_data import MEASURABLE
from optimize.regional import BUILDS, COUNT, Outcome, province_targets
from sim import measures, targets
from sim.plan import CapacityChoice, Plan, hiring_lead_days, step_day
from sim.scenario import STAFF_ROLES

ROLE_INDEX = {"caregiver": CARE, "professional": PROF, "other": OTHER}


def to_plan(scenario, rulebook, outcomes: list[Outcome], name: str, settings) -> Plan:
    roles, beds, staff, assignment = {}, {}, {}, {}
    pcs, workstations, redeploy, capacity, handover = {}, {}, [], [], {}
    paths, changes = [], []
    costs: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    lead = hiring_lead_days(scenario, rulebook)
    for outcome in outcomes:
        d, v = outcome.data, outcome.solved.values
        years = d.years
        handed = {c: next((years[t] for t in range(len(years))
                           if v.get("hand", {}).get((c, t), 0) > 0.5), None)
                  for c in d.home_of}
        handover.update(handed)
        for inst in d.institutions:
            roles[inst] = {y: _role(d, v, inst, t, handed) for t, y in enumerate(years)}
            beds[inst] = {y: _beds(d, v, inst, t) for t, y in enumerate(years)}
            staff[inst] = {r: {y: round(v["s"][inst, ROLE_INDEX[r], t])
                               for t, y in enumerate(years)} for r in STAFF_ROLES}
        for c in d.counties:
            assignment[c] = {y: next(e for e in d.eligible if v["a"][c, e, t] > 0.5)
                             for t, y in enumerate(years)}
            workstations[c] = {y: round(v["ws"][c, t]) for t, y in enumerate(years)}
        for u in [*d.counties, "city"]:
            pcs[d.code if u == "city" else u] = {y: v["pc"][u, t] > 0.5
                                                 for t, y in enumerate(years)}
        redeploy += [{"from": i, "to": e, "year": years[t], "role": STAFF_ROLES[r],
                      "heads": round(x)} for (i, e, r, t), x in v.get("red", {}).items()
                     if x > 0.5]
        capacity += _capacity(scenario, d, v)
        for (category, t), yuan in outcome.solved.costs.items():
            costs[category][years[t]] += yuan
        paths += _paths(d, staff)
        changes += _changes(scenario, d, v, staff, handed, lead)
    solver = _solver_summary(outcomes, settings)
    plan = Plan(
        name=name, roles=roles, beds=beds, staff=staff, assignment=assignment,
        transfer_teams={c.code: scenario.region.process.transfer.team_capacity
                        for _, c in scenario.region.counties()},
        protection_centers=pcs, workstations=workstations, capacity=tuple(capacity),
        costs={category: dict(by_year) for category, by_year in costs.items()},
        solver=solver, redeployments=redeploy, handover=handover, paths=paths,
        staff_changes=changes, region=scenario.region.id)
    return dataclasses.replace(plan, measures=_measures(scenario, rulebook, plan),
                               unplanned=_unplanned(scenario, rulebook, outcomes))


def _role(d, v, inst: str, t: int, handed: dict) -> str:
    if inst in d.eligible:
        return "regional" if v["serve"][inst, t] > 0.5 else "closed"
    county = next((c for c, home in d.home_of.items() if home == inst), None)
    if county is not None:
        year = handed.get(county)
        return "county_home" if year is None or d.years[t] <= year else "protection_center"
    return "protection_center"


def _beds(d, v, inst: str, t: int) -> int:
    added = sum(b * v["y"][o, tau] for i, o, b, *_ in d.options if i == inst
                for tau in range(t + 1))
    return round(d.beds.get(inst, 0) + added)


def _capacity(scenario, d, v) -> list[CapacityChoice]:
    region = scenario.region
    out = []
    for inst, option, added, yuan, _ready, _lead in d.options:
        for t, year in enumerate(d.years):
            if v["y"][option, t] > 0.5:
                lead = next(o for o in region.institution(inst).options
                            if o.id == option).lead_time_days
                ready = max(date(year, 1, 1), scenario.horizon.start + timedelta(days=lead))
                out.append(CapacityChoice(inst, option, ready - timedelta(days=lead), ready,
                                          added, yuan))
    return out


def _paths(d, staff: dict) -> list[dict]:
    """Professionals rise along a path through each year in which they rise (see (9))."""
    out = []
    share_cite = d.cites.get("professional_share", "")
    for inst in d.institutions:
        before = int(d.staff0[inst][PROF])
        for t, year in enumerate(d.years):
            after_ = staff[inst]["professional"][year]
            if after_ != before:
                due = d.professional_share[inst][t:].max() > 0
                out.append({"institution": inst, "role": "professional", "year": year,
                            "from": before, "to": after_,
                            "rule": share_cite if due else "plan: professionals of the year"})
            before = after_
    return out


def _changes(scenario, d, v, staff: dict, handed: dict, lead: tuple[int, str]) -> list[dict]:
    """Every step of the caregivers and other staff, dated, with the reason for it."""
    out = []
    start = scenario.horizon.start
    for inst in d.institutions:
        for r, role in ((CARE, "caregiver"), (OTHER, "other")):
            before = int(d.staff0[inst][r])
            for t, year in enumerate(d.years):
                after_ = staff[inst][role][year]
                if after_ != before:
                    why, rule = _why(d, v, inst, r, t, after_, handed)
                    if t == 0 and after_ > before:
                        rule = "; ".join(x for x in (rule, lead[1]) if x)
                    out.append({"institution": inst, "role": role,
                                "date": step_day(year, start, lead[0]).isoformat(),
                                "from": before, "to": after_, "why": why, "rule": rule})
                before = after_
    return out


def _why(d, v, inst: str, r: int, t: int, heads: int, handed: dict) -> tuple[str, str]:
    """The reason for a step: what the plan decided or which rule binds."""
    county = next((c for c, home in d.home_of.items() if home == inst), None)
    moves = v.get("red", {})
    if county is not None and handed.get(county) == d.years[t]:
        return "hands_over", d.cites.get("continuity", "")
    if any(x > 0.5 and tt == t and i == inst for (i, _e, _r, tt), x in moves.items()):
        return "hands_over", d.cites.get("continuity", "")
    if any(x > 0.5 and tt == t and e == inst for (_i, e, _r, tt), x in moves.items()):
        return "receives", "; ".join(x for x in (d.cites.get("ratio", ""),
                                                 d.cites.get("continuity", "")) if x)
    if inst in d.eligible and v["serve"][inst, t] > 0.5 and (t == 0 or v["serve"][inst, t - 1]
                                                                < 0.5) and \
            inst not in d.already_regional:
        return "opens", "plan: a new regional institution"
    if r != CARE:
        return "kept", "plan"
    floor = d.floors.get(inst, {}).get(d.years[t])
    if floor and heads == floor:
        return "floor", "robust plan: a quantile of the simulated need"
    posts = d.round_the_clock[inst][t]
    if posts and heads == posts:
        return "round_the_clock", d.cites.get("round_the_clock", "")
    return "ratios", d.cites.get("ratio", "")


def _measures(scenario, rulebook, plan: Plan) -> list[dict]:
    """Every target the region is held to, measured in this plan on its date."""
    return targets.planned(scenario, rulebook, plan)


def _unplanned(scenario, rulebook, outcomes: list[Outcome]) -> list[dict]:
    """The targets in force that this plan is not held to, each with the reason."""
    datas = [o.data for o in outcomes]
    counted = {key: bool(province_targets(datas, key)) for key in (COUNT, BUILDS)}
    out = []
    for held in targets.held(scenario, rulebook):
        key = held.target.key
        if counted.get(key) or key in PLANNED or (key in MEASURABLE and key not in counted):
            continue
        reason = "why.partial" if key in counted else measures.NOT_MODELLED.get(
            key, PLANNED_ELSEWHERE.get(key, "note.not_modelled"))
        out.append({**targets.ident(held.target), "reason": reason})
    return out


# targets the plan meets by its structure rather than by a constraint of its own: every
# county home hands over by its deadline (13), the professionals' share (9)
PLANNED = ("targets.transformation_complete", "staffing.professional_share_min")
PLANNED_ELSEWHERE = {"targets.provincial_implementation_plan": "why.document"}


def _solver_summary(outcomes: list[Outcome], settings) -> dict:
    objective = sum(o.solved.objective for o in outcomes)
    bound = sum(o.solved.bound for o in outcomes)
    statuses = {o.solved.status for o in outcomes}
    return {
        "status": "OPTIMAL" if statuses == {"OPTIMAL"} else "FEASIBLE",
        "objective": objective, "bound": bound,
        "gap": abs(objective - bound) / max(abs(objective), 1e-9),
        "seconds": sum(o.solved.seconds for o in outcomes),
        "relative_gap_setting": settings.relative_gap,
        "time_limit_s": settings.time_limit_s,
        "prefectures": {o.data.code: {"status": o.solved.status, "objective": o.solved.objective,
                                      "bound": o.solved.bound, "gap": o.solved.gap,
                                      "seconds": o.solved.seconds,
                                      "regional_standard_by": o.variant.standard_by,
                                      "new_built": o.variant.new,
                                      "renovated": o.variant.renovated}
                        for o in outcomes},
        "solver": "SCIP (OR-Tools linear solver)",
    }
