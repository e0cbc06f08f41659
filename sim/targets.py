"""What a region is held to: each target in force, measured in the plan and in the simulation.

For each distinct target in force at the region's counties at the end of the horizon (a key,
the jurisdiction that set it, a due date and a value), the target is measured over its own
jurisdiction (Zhejiang's workstation coverage over all of Zhejiang's counties in the region,
Shaoxing's over Shaoxing's) on its due date, or on the horizon's last day if that comes
first, by the one function ``sim.measures`` has for it:

- :func:`planned` measures the plan (the optimizer's read-out writes these into plan.json);
- :func:`simulated` measures every replication of a simulation of the plan (summary.json);

and the report prints both, from these records. The two agree wherever the simulation did
what the plan says (every hand-over on time); where it did not, the simulated value says by
how much, and how often.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from sim import measures
from sim.measures import Measured, State
from sim.monitor import STAFF
from sim.scenario import STAFF_ROLES, series_at


@dataclass(frozen=True)
class Held:
    """A target in force in the region, and the region's counties where it is the one in
    force (a more specific jurisdiction's target may replace it in some of them)."""

    target: object               # sim.rules.Resolved
    counties: tuple[str, ...]

    @property
    def place(self) -> str:
        return self.target.jurisdiction


def held(scenario, rulebook) -> list[Held]:
    """The distinct targets in force at the region's counties at the end of the horizon."""
    end = scenario.horizon.end
    found: dict[tuple, tuple[object, list[str]]] = {}
    for _, county in scenario.region.counties():
        for target in rulebook.targets(county.code, end):
            ident = (target.key, target.jurisdiction, target.due, str(target.source),
                     repr(target.value))
            found.setdefault(ident, (target, []))[1].append(county.code)
    rows = sorted(found.values(), key=lambda tc: (tc[0].key, tc[0].due or date.max,
                                                  tc[0].jurisdiction))
    return [Held(target, tuple(counties)) for target, counties in rows]


def measured_on(scenario, target) -> date:
    """A target is measured on its due date, or on the horizon's last day if that is sooner
    (and on the first day for one due before the horizon starts)."""
    start, end = scenario.horizon.start, scenario.horizon.end
    return min(max(target.due or end, start), end)


def ident(target) -> dict:
    """How a record names its target: key, jurisdiction, due date and clause."""
    return {"key": target.key, "jurisdiction": target.jurisdiction,
            "due": target.due.isoformat() if target.due else None,
            "clause": str(target.source)}


def record(found: Measured) -> dict:
    """A measured value as plan.json and summary.json hold it."""
    return {"value": found.value, "numerator": found.numerator,
            "denominator": found.denominator, "how": found.how, "note": found.note,
            "place": found.place, "on": found.on.isoformat() if found.on else None}


# --- the region as the plan has it ------------------------------------------------------

def planned(scenario, rulebook, plan) -> list[dict]:
    """Every target the region is held to, measured in the plan on its date."""
    out = []
    for h in held(scenario, rulebook):
        on = measured_on(scenario, h.target)
        found = measures.measure(h.target.key, scenario.region, h.place,
                                 plan_state(scenario, plan, on))
        out.append({**ident(h.target), **record(found)})
    return out


def homes(region) -> dict[str, str]:
    """Each county's county welfare home."""
    return {i.county: i.id for i in region.institutions if i.kind == "county_welfare_home"}


def handed_over_in_plan(plan, county: str, on: date) -> bool:
    """The plan hands a county's home over in a year and is done by that year's end."""
    year = (plan.handover or {}).get(county)
    return year is not None and on >= date(year, 12, 31)


def plan_state(scenario, plan, on: date) -> State:
    """The region on ``on`` as the plan has it."""
    region = scenario.region
    by_county = homes(region)
    handed = frozenset(home for county, home in by_county.items()
                       if handed_over_in_plan(plan, county, on)
                       or plan.role(home, on.year) in ("protection_center", "closed"))
    staff = {i.id: tuple(plan.heads_on(i.id, r, on) for r in STAFF_ROLES)
             for i in region.institutions}
    return _state(scenario, plan, on, handed, staff)


def _state(scenario, plan, on: date, handed: frozenset, staff: dict,
           planned_parts: dict | None = None) -> State:
    return State(on=on, handed_over=handed, staff=staff,
                 **(planned_parts or _planned(scenario, plan, on)))


def _planned(scenario, plan, on: date) -> dict:
    """What a region's state on ``on`` takes from the plan alone (roles, centers,
    workstations, what is built, the county homes): the same in every replication, so
    worked out once for them all."""
    region = scenario.region
    roles = {i.id: plan.role(i.id, on.year) for i in region.institutions}
    kinds = {o.id: o.kind for i in region.institutions for o in i.options}
    built = tuple((c.institution, kinds.get(c.option, "renovation")) for c in plan.capacity
                  if c.ready <= on)
    stations = {}
    for _, county in region.counties():
        planned_ws = plan.workstations.get(county.code)
        stations[county.code] = int(series_at(planned_ws, on.year)) if planned_ws \
            else county.workstations
    return {"roles": roles, "centers": _centers(scenario, plan, on), "workstations": stations,
            "built": built, "homes": homes(region)}


def _centers(scenario, plan, on: date) -> dict[str, bool]:
    """Units whose protection center runs as an entity besides a transformed county home:
    as the plan says for the county (or for its centers), else as the region file says."""
    region, pcs = scenario.region, plan.protection_centers or {}
    by_county = homes(region)
    out = {}
    for prefecture in region.prefectures:
        said = pcs.get(prefecture.code)
        out[prefecture.code] = bool(series_at(said, on.year)) if said else False
        for county in prefecture.counties:
            centers = [i for i in region.institutions_in(county.code)
                       if i.kind == "protection_center"]
            said = [pcs[k] for k in (county.code, *(c.id for c in centers)) if k in pcs]
            if said:
                running = any(bool(series_at(s, on.year)) for s in said)
                # once the plan has a home county's home handed over, the plan's center there
                # is the home itself, which counts as handed over (in the plan or the run)
                if county.code in by_county and handed_over_in_plan(plan, county.code, on):
                    running = False
                out[county.code] = running
            else:
                out[county.code] = any(c.operating_as_entity for c in centers)
    return out


# --- the region as one replication played it out -----------------------------------------

def days_measured(scenario, rulebook, world) -> tuple[int, ...]:
    """The model days on which a replication's state is measured (each target's date and
    each reporting date): the days whose records a replication keeps in memory."""
    dates = {measured_on(scenario, h.target) for h in held(scenario, rulebook)}
    dates |= set(reporting_dates(scenario, rulebook))
    return tuple(sorted({_model_day(world, on) for on in dates}))


def _model_day(world, on: date) -> int:
    return min(max((on - world.start).days, 0), world.days - 1)


def replication_state(scenario, plan, world, rep, on: date,
                      planned_parts: dict | None = None) -> State:
    """The region on ``on`` as replication ``rep`` had it (hand-overs and staff); what it
    takes from the plan is ``planned_parts`` when given (``_planned`` of the same day)."""
    day = _model_day(world, on)
    handed = frozenset(world.institutions[camp.home] for k, camp in enumerate(world.campaigns)
                       if _done(rep.campaigns[k]["work_done_day"], day))
    record = rep.on(day)
    staff = dict(zip(world.institutions,
                     map(tuple, record[:, STAFF].astype(float).tolist()), strict=True))
    return _state(scenario, plan, on, handed, staff, planned_parts)


def _replication_states(scenario, plan, world, reps, on: date) -> list[State]:
    """Each replication's state on ``on``, what it takes from the plan worked out once."""
    planned = _planned(scenario, plan, on)
    return [replication_state(scenario, plan, world, rep, on, planned) for rep in reps]


def _done(day: float | None, by: int) -> bool:
    return day is not None and day <= by


def simulated(scenario, rulebook, plan, world, reps) -> list[dict]:
    """Every target the region is held to, measured in each replication on its date."""
    from sim.results import describe, probability

    states: dict[date, list[State]] = {}    # each replication's state on a day, for every
    out = []                                 # target measured on it
    for h in held(scenario, rulebook):
        on = measured_on(scenario, h.target)
        if on not in states:
            states[on] = _replication_states(scenario, plan, world, reps, on)
        found = [measures.measure(h.target.key, scenario.region, h.place, state)
                 for state in states[on]]
        first = found[0]
        values = [f.value for f in found]
        entry = {**ident(h.target), **record(first), "replications": len(found)}
        if first.value is None:
            entry["value"] = None
        elif isinstance(first.value, bool):
            entry["value"] = all(values) if len(set(values)) == 1 else None
            entry["probability"] = probability(sum(values), len(values))
        elif all(v == first.value for v in values):
            entry["value"] = first.value          # every replication measured the same
        elif isinstance(first.value, dict):
            entry["value"] = None
        else:
            entry["value"] = float(np.mean(values))
            entry["estimate"] = describe(values, high=1.0 if _share(h.target) else None)
            for part in ("numerator", "denominator"):
                parts = [getattr(f, part) for f in found]
                entry[part] = None if None in parts else float(np.mean(parts))
        out.append(entry)
    return out


def _share(target) -> bool:
    return str(target.unit).startswith("share")


# --- progress on the reporting dates ----------------------------------------------------

PROGRESS = "reporting.annual_progress_due"


def reporting_dates(scenario, rulebook) -> list[date]:
    """The dates by which progress is reported (cn-2021-44: each 31 December 2022-2025)
    that fall within the horizon."""
    place = scenario.region.prefectures[0].code
    rule = rulebook.resolve(PROGRESS, place, scenario.horizon.end)
    if rule is None:
        return []
    start, end = scenario.horizon.start, scenario.horizon.end
    return [d for d in sorted(rule.value) if start <= d <= end]


def progress(scenario, rulebook, plan, world=None, reps=None) -> list[dict]:
    """Every measurable target's value in the plan (and, given replications, the simulated
    mean) on each reporting date: the figures of each year's progress report."""
    dates = reporting_dates(scenario, rulebook)
    # the plan's and each replication's state on each date, for every target measured on it
    planned = {on: plan_state(scenario, plan, on) for on in dates}
    simulated = {on: _replication_states(scenario, plan, world, reps, on)
                 for on in dates} if reps else {}
    out = []
    for h in held(scenario, rulebook):
        if h.target.key not in measures.MEASURES:
            continue
        row = {**ident(h.target), "dates": {}}
        for on in dates:
            found = measures.measure(h.target.key, scenario.region, h.place, planned[on])
            cell = {"plan": found.value}
            if reps:
                values = [measures.measure(h.target.key, scenario.region, h.place,
                                           state).value for state in simulated[on]]
                numbers = [float(v) for v in values if isinstance(v, int | float)]
                cell["simulated"] = float(np.mean(numbers)) if len(numbers) == len(values) \
                    else None
            row["dates"][on.isoformat()] = cell
        out.append(row)
    return out
