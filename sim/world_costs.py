"""What a day of care costs, fixed before the first replication: the part of the world that
prices things.

The living allowance per child (the level the region pays, never below the minimum standard
in force), wages per head by role, operating costs by role, the work the rules create
(foster visits, assessments, child directors' contacts, training; ``sim.work``), township
workstations, the capital of each building option on its start day, and road distances.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sim import measures, rules, work
from sim import world as world
from sim.measures import ALLOWANCE, ALLOWANCE_2020
from sim.scenario import STAFF_ROLES, series_at


def build(w, scenario, rb, plan, years: list[int]) -> None:
    """Every cost table of the world: allowance, wages, operations, work, capital, km."""
    region = scenario.region
    costs = region.costs
    w.allowance = np.zeros((w.days, len(w.institutions)))
    cache: dict[str, np.ndarray] = {}
    for i, inst in enumerate(region.institutions):
        if inst.county not in cache:
            cache[inst.county] = _allowance(w, scenario, rb, inst.county)
        w.allowance[:, i] = cache[inst.county]
    by_year = np.array([[series_at(costs.wages_yuan_per_year[r], y) / 365.25
                         for r in STAFF_ROLES] for y in years])
    w.wages = by_year[w.year_idx]
    _operating(w, region, years)
    _rule_work(w, scenario, rb)
    _workstations(w, plan, costs.workstation_yuan_per_year, years)
    _entity_centers(w, scenario, plan, costs.protection_center_yuan_per_year, years)
    at = _positions(w.institutions)
    for choice in plan.capacity:
        day = w.day_of(choice.start)
        if 0 <= day < w.days:
            w.capital.setdefault(day, []).append(
                (at[choice.institution], choice.capital_cost_yuan))
    seats = [region.county(code) for code in w.counties]
    w.seats = (tuple(c.lat for c in seats), tuple(c.lon for c in seats))
    w.road_factor = costs.road_factor
    w.costs = {"transport_per_child_km": costs.transport_yuan_per_child_km,
               "transfer_admin": costs.transfer_admin_yuan_per_child,
               "hiring": costs.hiring_cost_yuan, "redeployment": costs.redeployment_cost_yuan,
               "layoff": costs.layoff_cost_yuan,
               "workstation_per_day": costs.workstation_yuan_per_year / 365.25}


def _operating(w, region, years: list[int]) -> None:
    """Running costs per day by the plan's role of each year; a county home's by its day."""
    from sim.plan import ROLES

    costs = region.costs
    w.operating = np.zeros((len(years), len(w.institutions)))
    for y, _ in enumerate(years):
        for i, inst in enumerate(region.institutions):
            role = ROLES[w.role[y, i]]
            yearly = {"closed": 0.0, "protection_center": (
                inst.operating_cost_yuan_per_year if inst.kind == "protection_center"
                else costs.protection_center_yuan_per_year)}.get(
                role, inst.operating_cost_yuan_per_year)
            w.operating[y, i] = yearly / 365.25
    w.op_home = np.array([i.operating_cost_yuan_per_year for i in region.institutions]) / 365.25
    w.op_pc = np.full(len(w.institutions), costs.protection_center_yuan_per_year / 365.25)


def _workstations(w, plan, yuan_per_year: float, years: list[int]) -> None:
    """The plan's township workstations, booked at the county's temporary-care institution."""
    w.workstation_cost = np.zeros((len(years), len(w.institutions)))
    at = _positions(w.counties)
    for county, by_year in plan.workstations.items():
        if county not in at or not by_year:
            continue
        c = at[county]
        where = int(w.temp_care[c]) if w.temp_care[c] >= 0 else int(w.regional_by_year[0, c])
        for y, year in enumerate(years):
            w.workstation_cost[y, where] += series_at(by_year, year) * yuan_per_year / 365.25


def _entity_centers(w, scenario, plan, yuan_per_year: float, years: list[int]) -> None:
    """What the plan pays to run protection centers as entities where no institution of the
    region already is one (the city's center, a county's center set up or upgraded; a
    county home once handed over is costed as a protection center itself), as the planning
    model costs them; booked at the county's own institution, the city's at its regional."""
    region, pcs = scenario.region, plan.protection_centers or {}
    w.center_cost = np.zeros((len(years), len(w.institutions)))
    at = _positions(w.counties)
    for prefecture in region.prefectures:
        for y, year in enumerate(years):
            first = at[prefecture.counties[0].code]
            if _runs(pcs.get(prefecture.code), year):
                w.center_cost[y, w.regional_by_year[y, first]] += yuan_per_year / 365.25
            for county in prefecture.counties:
                c = at[county.code]
                if not _runs(pcs.get(county.code), year) or _already(w, region, plan, c, year):
                    continue
                where = int(w.temp_care[c]) if w.temp_care[c] >= 0 else \
                    int(w.regional_by_year[y, c])
                w.center_cost[y, where] += yuan_per_year / 365.25


def _positions(names: list[str]) -> dict[str, int]:
    """Each name's place in a list (the first, as ``list.index`` finds it)."""
    out: dict[str, int] = {}
    for n, name in enumerate(names):
        out.setdefault(name, n)
    return out


def _runs(by_year: dict | None, year: int) -> bool:
    return bool(by_year) and bool(series_at(by_year, year))


def _already(w, region, plan, c: int, year: int) -> bool:
    """A county's center costs nothing more: its home has handed over (it is the center),
    or one of its protection centers already runs as an entity."""
    if w.county_home[c] >= 0:
        handed = (plan.handover or {}).get(w.counties[c])
        return handed is not None and handed <= year
    centers = [i for i in region.institutions_in(w.counties[c]) if i.kind == "protection_center"]
    return bool(centers) and centers[-1].operating_as_entity


def _allowance(w, scenario, rb, place: str) -> np.ndarray:
    """Yuan per child-day at a place: ``sim.measures.allowance_yearly`` day by day."""
    found = rb.resolve(ALLOWANCE, place, w.start)
    w.allowance_cite = w.allowance_cite or (found.cite if found else "")
    out = np.zeros(w.days)
    for first, last, on in _segments(w, rb, place, (ALLOWANCE, ALLOWANCE_2020)):
        yearly = measures.allowance_yearly(scenario.region, rb, place, on)
        if yearly is None:
            rules.missing(rb, ALLOWANCE, place, on, scenario)
        out[first:last] = yearly / 365.25
    return out


def _rule_work(w, scenario, rb) -> None:
    """What the work the rules create costs per day: per foster child, per assessment, and
    the community's child directors and training, booked at the county's own institution."""
    region = scenario.region
    n = len(w.institutions)
    w.foster_work, w.assessment_work = np.zeros((w.days, n)), np.zeros((w.days, n))
    w.community_work = np.zeros((w.days, n))
    if region.process.work is None:
        return
    wage = w.wages[:, STAFF_ROLES.index("professional")] * 365.25
    keys = (work.FOSTER, work.ASSESSMENT, work.CHILD_DIRECTOR, work.TRAINING)
    at = _positions(w.institutions)
    for c, county in enumerate(w.counties):
        here = [at[i.id] for i in region.institutions_in(county)]
        where = int(w.temp_care[c]) if w.temp_care[c] >= 0 else int(w.regional_by_year[0, c])
        for first, last, on in _segments(w, rb, county, keys):
            found = work.tasks(rb, county, on, region.process.work, float(wage[first]))
            if work.FOSTER in found:
                w.foster_work[first:last, here] = found[work.FOSTER].yuan_per_year(1) / 365.25
            if work.ASSESSMENT in found:
                w.assessment_work[first:last, here] = found[work.ASSESSMENT].yuan_each()
            w.community_work[first:last, where] += \
                work.community_yuan_per_year(region, county, found) / 365.25


def _segments(w, rb, place: str, keys) -> list[tuple[int, int, date]]:
    """Day ranges over which the rules ``keys`` and the wages stay the same."""
    marks = {0} | {w.day_of(date(w.first_year + y, 1, 1)) for y in range(int(w.year_idx[-1]) + 1)}
    for key in keys:
        marks |= {w.day_of(d) for d in rb.changes(key, place)}
    marks = sorted(d for d in marks if 0 <= d < w.days)
    return [(a, b, w.date_of(a)) for a, b in zip(marks, [*marks[1:], w.days], strict=True)]
