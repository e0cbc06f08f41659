"""Compliance: each target in force, what the plan and the simulation measure, and the verdict.

The documents set targets for a jurisdiction (80 % of Zhejiang's townships with a
protection workstation by the end of 2025; every county home of Shaoxing transformed by
the end of 2022). For each target in force in the region at the end of the horizon this
module measures what a plan and a simulation can tell:

- township workstation coverage: the plan's workstations over the counties' townships;
- protection-center operation rate: the centers operating as entities (the plan's
  ``protection_centers``, else the institution's ``operating_as_entity``) over all protection
  centers, counting a county home as a center once its transfer campaign has finished in most
  replications;
- regional institutions, and new or renovated ones: counted from the plan's roles and
  capacity choices, but only where the region covers the whole jurisdiction (a count for
  Zhejiang cannot be taken from Shaoxing alone);
- transformation complete: from the simulation, the share of replications in which every
  county home of the jurisdiction finished its transfer work in time, with its Wilson
  interval, held against the scenario's transfer service level (0.95 when it sets none);
- professional share: from the simulation, professionals among all staff on roll, the mean
  over replications with its 95 % interval.

Shares and verdicts are taken over the region's counties where the target holds. A target
is measured on its due date (or at the end of the horizon if that comes first) and judged
the day after its due date, so that a value short on the last day counts as missed, not as
not yet due. Everything else is ``not_measured``, with the reason. A simulated figure is
an ``Estimate`` with its interval and is judged by the one rule (``sim.rules.verdict``):
``not_confirmed`` when the interval straddles what the target requires. The scenario's
service levels are judged by ``sim.levels`` with the same rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sim.monitor import DAILY_FIELDS, PROFESSIONALS, STAFF
from sim.results import describe, probability
from sim.rules import Estimate, Judgement, Resolved
from sim.scenario import series_at

DEFAULT_LEVEL = 0.95


@dataclass(frozen=True)
class Check:
    """One target, where it holds in the region, what was measured and the verdict."""

    target: Resolved
    judgement: Judgement
    counties: tuple[str, ...]
    measured_on: date
    how: tuple[str, dict] = ("", {})      # a words key and its values: how it was measured
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    value: Any
    how: str
    values: dict
    level: float | None = None     # a yes/no target measured as a chance: the chance required


@dataclass
class Context:
    scenario: Any
    rulebook: Any
    plan: Any
    results: Any


def checks(scenario, rulebook, plan, results) -> list[Check]:
    """Every target in force in the region at the end of the horizon, measured and judged."""
    ctx = Context(scenario, rulebook, plan, results)
    return [_check(ctx, target, counties) for target, counties in _targets(ctx)]


def _targets(ctx: Context) -> list[tuple[Resolved, tuple[str, ...]]]:
    """The distinct targets in force at the end, each with the counties where it holds."""
    end = ctx.scenario.horizon.end
    found: dict[tuple, tuple[Resolved, list[str]]] = {}
    for _, county in ctx.scenario.region.counties():
        for target in ctx.rulebook.targets(county.code, end):
            ident = (target.key, target.jurisdiction if target.jurisdiction != county.code
                     else "county", target.due, str(target.source), repr(target.value))
            found.setdefault(ident, (target, []))[1].append(county.code)
    rows = sorted(found.values(), key=lambda tc: (tc[0].key, tc[0].due or date.max))
    return [(target, tuple(counties)) for target, counties in rows]


def _check(ctx: Context, target: Resolved, counties: tuple[str, ...]) -> Check:
    start, end = ctx.scenario.horizon.start, ctx.scenario.horizon.end
    due = target.due or end
    on = min(max(due, start), end)
    judged = due + timedelta(days=1) if due <= end else end
    measure = MEASURES.get(target.key)
    found = measure(ctx, target, counties, on) if measure else None
    if found is None:
        found = Measure(None, "note.not_modelled", {})
    if due < start:
        found = Measure(None, "note.before_horizon", {})
    if found.level is None:
        judgement = ctx.rulebook.judge(target, found.value, judged)
    else:
        # "every county home transformed" is measured as the chance that it is: the chance
        # must reach the level, and the verdict keeps the target's own requirement
        asked = dataclasses.replace(target, value=found.level, compare="at_least")
        judgement = dataclasses.replace(ctx.rulebook.judge(asked, found.value, judged),
                                        required=target.value, compare=target.compare)
    detail = {"level": found.level} if found.level is not None else {}
    return Check(target, judgement, counties, on, (found.how, found.values), detail)


# --- measures from the plan --------------------------------------------------------------

def _workstations(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    townships = stations = 0
    for code in counties:
        county = ctx.scenario.region.county(code)
        planned = ctx.plan.workstations.get(code)
        stations += int(series_at(planned, on.year)) if planned else county.workstations
        townships += county.townships
    share = stations / townships if townships else None
    return Measure(share, "how.workstations", {"year": on.year})


def _operation_rate(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    centers = _protection_centers(ctx, set(counties), on)
    if not centers:
        return Measure(None, "note.no_centers", {})
    running = [_operating(ctx, inst, on.year) for inst in centers]
    return Measure(sum(running) / len(running), "how.operation", {"year": on.year})


def _protection_centers(ctx: Context, counties: set[str], on: date) -> list:
    transformed = _transformed_homes(ctx, on)
    return [inst for inst in ctx.scenario.region.institutions if inst.county in counties
            and (ctx.plan.role(inst.id, on.year) == "protection_center"
                 or inst.id in transformed)]


def _transformed_homes(ctx: Context, on: date) -> set[str]:
    """County homes whose transfer work was done by ``on`` in at least half the replications."""
    w, reps = ctx.results.world, ctx.results.replications
    day = (on - w.start).days
    out = set()
    for k, camp in enumerate(w.campaigns):
        done = [r.campaigns[k]["work_done_day"] for r in reps]
        if sum(d is not None and d <= day for d in done) * 2 >= len(reps):
            out.add(w.institutions[camp.home])
    return out


def _operating(ctx: Context, inst, year: int) -> bool:
    planned = ctx.plan.protection_centers.get(inst.id) or \
        ctx.plan.protection_centers.get(inst.county)
    return bool(series_at(planned, year)) if planned else inst.operating_as_entity


def _regional(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    partial = _partial(ctx, target)
    if partial:
        return partial
    inside = _inside(ctx, target.jurisdiction)
    count = sum(ctx.plan.role(i.id, on.year) == "regional"
                for i in ctx.scenario.region.institutions if i.county in inside)
    return Measure(count, "how.regional", {"year": on.year})


def _new_regional(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    partial = _partial(ctx, target)
    if partial:
        return partial
    region, inside = ctx.scenario.region, _inside(ctx, target.jurisdiction)
    kinds = {o.id: o.kind for i in region.institutions for o in i.options}
    counted = {"new": 0, "renovated": 0}
    for choice in ctx.plan.capacity:
        inst = region.institution(choice.institution)
        if inst.county in inside and choice.ready <= on and \
                ctx.plan.role(inst.id, on.year) == "regional":
            counted["new" if kinds.get(choice.option) == "new_build" else "renovated"] += 1
    return Measure(counted, "how.new_regional", {"date": on.isoformat()})


def _inside(ctx: Context, code: str) -> set[str]:
    """The region's counties that lie in the jurisdiction ``code``."""
    return {c.code for _, c in ctx.scenario.region.counties()
            if code in ctx.scenario.region.lineage(c.code)}


def _partial(ctx: Context, target: Resolved) -> Measure | None:
    """A "not measured" when the region covers only part of the target's jurisdiction."""
    if _covers(ctx.scenario.region, target.jurisdiction):
        return None
    return Measure(None, "note.partial", {"place": target.jurisdiction})


def _covers(region, code: str) -> bool:
    """Whether the region file holds all of the jurisdiction: one of its prefectures or
    counties (a region file lists a prefecture's counties in full), or the province the
    region itself is (its name is the province's)."""
    if any(p.code == code for p in region.prefectures) or \
            any(c.code == code for _, c in region.counties()):
        return True
    return any(p.code == code and p.name_zh == region.name_zh for p in region.provinces)


# --- measures from the simulation ------------------------------------------------------

def service_level(scenario, name: str) -> float:
    value = getattr(scenario.service_levels, name, None)
    return DEFAULT_LEVEL if value is None else value


def _transformed(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    w, reps = ctx.results.world, ctx.results.replications
    day = (on - w.start).days
    wanted = set(counties)
    ks = [k for k, c in enumerate(w.campaigns) if w.counties[c.county] in wanted]
    homes = {w.institutions[c.home] for c in w.campaigns if w.counties[c.county] in wanted}
    stuck = [i.id for i in ctx.scenario.region.institutions
             if i.county in wanted and i.kind == "county_welfare_home" and i.id not in homes
             and ctx.plan.role(i.id, on.year) == "county_home"]
    met = sum(not stuck and all(_done_by(r.campaigns[k], day) for k in ks) for r in reps)
    chance = probability(met, len(reps))
    level = service_level(ctx.scenario, "transfer_deadline_probability")
    return Measure(Estimate(chance["p"], *chance["ci95"]), "how.transformed",
                   {"date": on.isoformat(), "chance": chance, "level": level}, level)


def _done_by(campaign: dict, day: int) -> bool:
    done = campaign["work_done_day"]
    return done is not None and done <= day


def _professional(ctx: Context, target: Resolved, counties, on: date) -> Measure:
    w, reps = ctx.results.world, ctx.results.replications
    day = min(max((on - w.start).days, 0), w.days - 1)
    wanted = set(counties)
    where = [i for i, inst in enumerate(ctx.scenario.region.institutions)
             if inst.county in wanted and ctx.plan.role(inst.id, on.year) != "closed"]
    if not where:
        return Measure(None, "note.not_modelled", {})
    shares = []
    for r in reps:
        staff = r.daily[day, where, STAFF].sum()
        shares.append(r.daily[day, where, PROFESSIONALS].sum() / staff if staff else 0.0)
    share = describe(shares, high=1.0)
    return Measure(Estimate(share["mean"], *share["ci95"]), "how.professional",
                   {"date": on.isoformat()})


Measurer = Callable[[Context, Resolved, tuple, date], Measure | None]
MEASURES: dict[str, Measurer] = {
    "targets.township_workstation_coverage": _workstations,
    "targets.protection_center_operation_rate": _operation_rate,
    "targets.regional_institutions": _regional,
    "targets.new_regional_institutions": _new_regional,
    "targets.transformation_complete": _transformed,
    "staffing.professional_share_min": _professional,
}
assert DAILY_FIELDS[PROFESSIONALS] == "professionals"   # the field this module reads
