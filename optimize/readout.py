"""Reading the solved prefecture models out into one plan for the region."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from optimize.planning import CARE, OTHER, PROF
from optimize.regional import Outcome
from sim.plan import CapacityChoice, Plan
from sim.scenario import STAFF_ROLES

ROLE_INDEX = {"caregiver": CARE, "professional": PROF, "other": OTHER}


def to_plan(scenario, outcomes: list[Outcome], name: str, settings) -> Plan:
    roles, beds, staff, assignment = {}, {}, {}, {}
    pcs, workstations, redeploy, capacity, handover = {}, {}, [], [], {}
    costs: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    measures: dict[str, dict] = {}
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
        measures[d.code] = _measures(d, v, outcome.variant)
    solver = _solver_summary(outcomes, settings)
    return Plan(
        name=name, roles=roles, beds=beds, staff=staff, assignment=assignment,
        transfer_teams={c.code: scenario.region.process.transfer.team_capacity
                        for _, c in scenario.region.counties()},
        protection_centers=pcs, workstations=workstations, capacity=tuple(capacity),
        costs={category: dict(by_year) for category, by_year in costs.items()},
        solver=solver, redeployments=redeploy, measures=measures, handover=handover,
        region=scenario.region.id)


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


def _measures(d, v, variant) -> dict:
    """Measured values the targets are judged on, per year (end-of-year state)."""
    townships = sum(d.townships.values())
    units = [*d.counties, "city"]
    out = {}
    for t, year in enumerate(d.years):
        out[year] = {
            "targets.township_workstation_coverage":
                sum(v["ws"][c, t] for c in d.counties) / townships,
            "targets.protection_center_operation_rate":
                sum(v["pc"][u, t] for u in units) / len(units),
            "regional_institutions_to_standard": round(sum(v["std"][e, t] for e in d.eligible)),
            "regional_institutions_serving": round(sum(v["serve"][e, t] for e in d.eligible)),
        }
    return out


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
                                      "regional_standard_by": o.variant}
                        for o in outcomes},
        "solver": "SCIP (OR-Tools linear solver)",
    }
