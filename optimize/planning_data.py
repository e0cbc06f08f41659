"""What the planning model of one prefecture needs, read from the scenario and the rules.

Every policy number here comes from the rulebook (ratios, targets, deadlines, how many
regional institutions a prefecture may have, the allowance); every other number from the
region file. Years are the calendar years of the horizon; a rule that changes during a
year is taken at its strictest for that year (the most caregivers per child, the highest
allowance), so that a plan that holds for the year holds on every day of it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from optimize.demand import Demand
from optimize.planning_work import rule_work
from sim import measures, rules
from sim.plan import distance_km
from sim.scenario import CARE_LEVELS, STAFF_ROLES, Scenario, series_at


@dataclass(frozen=True)
class Target:
    key: str
    value: Any           # a share or count; a mapping of counts (3 new, 4 renovated)
    year: int            # the year whose end-of-year state must meet the target
    due: date
    cite: str


@dataclass
class PrefectureData:
    code: str
    province: str
    years: list[int]
    counties: list[str]
    institutions: list[str]
    eligible: list[str]                 # may serve as the prefecture's regional institution
    already_regional: set[str]
    home_of: dict[str, str]             # county -> its county welfare home
    pc_of: dict[str, str]               # county -> its protection center institution
    temp_care: dict[str, str | None]    # county -> where temporary cases stay (None: regional)
    # county -> years in which its home may hand its children over (window to deadline), and
    # whether it must do so within the horizon
    handover: dict[str, tuple[int, ...]]
    must_hand_over: dict[str, bool]
    options: list[tuple[str, str, int, float, int, int]]
    # (institution, option, beds added, capital yuan, earliest ready year, build years)
    beds: dict[str, int]
    staff0: dict[str, np.ndarray]       # on roll on the first day, by role
    operating: dict[str, float]         # yuan per year
    operating_pc: dict[str, bool]       # a protection center already runs as an entity
    townships: dict[str, int]
    workstations0: dict[str, int]
    km: dict[tuple[str, str], float]
    ratio_inv: dict[str, np.ndarray]    # institution -> [K, T] caregivers per child
    professional_share: dict[str, np.ndarray]   # institution -> [T]
    round_the_clock: dict[str, np.ndarray]      # institution -> [T] fewest caregivers
    max_regional: list[int]             # per year
    targets: list[Target]
    wages: np.ndarray                   # [R, T] yuan per head-year
    allowance: np.ndarray               # [C, T] yuan per child-year
    discount: np.ndarray                # [T]
    long_term: np.ndarray               # [C, K, T] expected children in residence
    foster: np.ndarray                  # [C, T]
    temporary: np.ndarray               # [C, K, T]
    rule_work: np.ndarray = None        # [T] yuan of the work the rules create (sim.work)
    option_kind: dict = field(default_factory=dict)   # option id -> renovation | new_build
    costs: dict = field(default_factory=dict)
    cites: dict = field(default_factory=dict)
    # caregivers an institution must have at least in a year, whatever the expected demand
    # says (the robust loop sets them from the simulation's demand quantiles)
    floors: dict[str, dict[int, int]] = field(default_factory=dict)
    # beds an institution must have at least in a year (the robust loop sets them from the
    # simulation's peaks when beds run short too often); met by its capacity options
    bed_floors: dict[str, dict[int, int]] = field(default_factory=dict)


def prefecture_data(scenario: Scenario, rb, demand: Demand, code: str) -> PrefectureData:
    region = scenario.region
    prefecture = next(p for p in region.prefectures if p.code == code)
    years = list(range(scenario.horizon.start.year, scenario.horizon.end.year + 1))
    counties = [c.code for c in prefecture.counties]
    insts = [i for i in region.institutions if i.county in counties]
    rows = [demand.counties.index(c) for c in counties]
    d = PrefectureData(
        code=code, province=region.province_of(prefecture).code, years=years,
        counties=counties, institutions=[i.id for i in insts],
        eligible=[i.id for i in insts if i.kind in ("city_welfare_home", "candidate_site")],
        already_regional={i.id for i in insts if i.regional},
        home_of={i.county: i.id for i in insts if i.kind == "county_welfare_home"},
        pc_of={i.county: i.id for i in insts if i.kind == "protection_center"},
        temp_care={}, handover={}, must_hand_over={}, options=[],
        beds={i.id: i.beds for i in insts},
        staff0={i.id: np.array([getattr(i.staff, r) for r in STAFF_ROLES]) for i in insts},
        operating={i.id: i.operating_cost_yuan_per_year for i in insts},
        operating_pc={i.id: i.kind == "protection_center" and i.operating_as_entity
                      for i in insts},
        townships={c.code: c.townships for c in prefecture.counties},
        workstations0={c.code: c.workstations for c in prefecture.counties},
        km={(c, i.id): distance_km(scenario, c, i.id) for c in counties for i in insts},
        ratio_inv={}, professional_share={}, round_the_clock={}, max_regional=[], targets=[],
        wages=np.array([[series_at(region.costs.wages_yuan_per_year[r], y) for y in years]
                        for r in STAFF_ROLES]),
        allowance=np.zeros((len(counties), len(years))),
        discount=np.array([(1 + region.costs.discount_rate) ** -(y - years[0])
                           for y in years]),
        long_term=demand.long_term[rows], foster=demand.foster[rows],
        temporary=demand.temporary[rows],
        costs=region.costs.model_dump(),
    )
    for county in counties:
        here = d.home_of.get(county) or d.pc_of.get(county)
        d.temp_care[county] = here
        if county in d.home_of:
            d.handover[county], d.must_hand_over[county] = _handover(rb, county, years)
    for inst in insts:
        for option in inst.options:
            d.option_kind[option.id] = option.kind
            d.options.append((inst.id, option.id, option.beds_added, option.capital_cost_yuan,
                              ready_year(scenario, option),
                              math.ceil(option.lead_time_days / 365)))
        d.ratio_inv[inst.id], d.professional_share[inst.id] = _staffing_rules(rb, inst.county,
                                                                              years)
        posts = region.process.staffing.round_the_clock_caregivers
        d.round_the_clock[inst.id] = np.array([
            posts if _strictest(rb, "staffing.round_the_clock_duty", inst.county, y, max,
                                default=0.0) else 0 for y in years])
    for n, county in enumerate(counties):
        d.allowance[n] = [_allowance(scenario, rb, county, y) for y in years]
    d.max_regional = [int(_strictest(rb, "roles.multiple_regional_allowed", code, y, min,
                                     default=1)) for y in years]
    d.targets = _targets(rb, code, scenario.horizon.end)
    d.rule_work = rule_work(scenario, rb, demand, counties, rows, years)
    d.cites["ratio"] = rules.caregiver_ratio(rb, counties[0], scenario.horizon.end,
                                             "full_care").cite
    for name, key in (("professional_share", "staffing.professional_share_min"),
                      ("continuity", "transfer.staff_continuity"),
                      ("round_the_clock", "staffing.round_the_clock_duty")):
        found = rb.resolve(key, counties[0], scenario.horizon.end)
        d.cites[name] = found.cite if found is not None else ""
    return d


def ready_year(scenario: Scenario, option) -> int:
    """The first year a capacity option's beds can count for all of: started on the
    horizon's first day, it is ready after its lead time, from the next 1 January unless
    that is the day it is ready."""
    ready = scenario.horizon.start + timedelta(days=option.lead_time_days)
    return ready.year + (1 if ready > date(ready.year, 1, 1) else 0)


def reachable_beds(scenario: Scenario, institution: str) -> dict[int, int]:
    """The most beds an institution can have in each year of the horizon: its own and those
    of every capacity option that can be ready by then."""
    inst = scenario.region.institution(institution)
    years = range(scenario.horizon.start.year, scenario.horizon.end.year + 1)
    return {y: inst.beds + sum(o.beds_added for o in inst.options
                               if ready_year(scenario, o) <= y) for y in years}


def _handover(rb, county: str, years: list[int]) -> tuple[tuple[int, ...], bool]:
    """Years a county home may hand over its children (from the window's opening to the
    deadline), and whether the deadline falls inside the horizon."""
    campaign = rules.transfer_campaign(rb, county)
    if campaign is None or campaign.children_moved_by is None:
        return (), False
    first = max(campaign.start.year if campaign.start else years[0], years[0])
    last = campaign.children_moved_by.year
    if last < years[0]:
        return (years[0],), True             # overdue: the hand-over happens at once
    return tuple(y for y in years if first <= y <= last), last <= years[-1]


def _days_of(year: int) -> list[date]:
    return [date(year, 1, 1) + timedelta(days=n) for n in range(0, 366, 30)] + [
        date(year, 12, 31)]


def _strictest(rb, key: str, place: str, year: int, pick, scenario=None, default=None):
    """The strictest value of a rule in force on any day of a year (checked where it changes)."""
    days = set(_days_of(year)) | {d for d in rb.changes(key, place) if d.year == year}
    values = [r.value for d in sorted(days) if (r := rb.resolve(key, place, d)) is not None]
    if values:
        return pick(float(v) for v in values)
    if default is not None:
        return default
    rules.missing(rb, key, place, date(year, 1, 1), scenario)
    return None


def _allowance(scenario, rb, place: str, year: int) -> float:
    """The allowance paid a year (``sim.measures.allowance_yearly``), averaged over the days
    of a year (for costs, not for constraints)."""
    first, last = date(year, 1, 1), date(year + 1, 1, 1)
    marks = sorted({first} | {d for d in measures.allowance_changes(rb, place)
                              if first < d < last})
    total = 0.0
    for begin, end in zip(marks, [*marks[1:], last], strict=True):
        yearly = measures.allowance_yearly(scenario.region, rb, place, begin)
        if yearly is None:
            rules.missing(rb, measures.ALLOWANCE, place, begin, scenario)
        total += yearly * (end - begin).days
    return total / (last - first).days


def _staffing_rules(rb, place: str, years: list[int]) -> tuple[np.ndarray, np.ndarray]:
    inv = np.zeros((len(CARE_LEVELS), len(years)))
    for k, care in enumerate(CARE_LEVELS):
        key = f"staffing.caregiver_ratio.{care}"
        for t, year in enumerate(years):
            ratio = _strictest(rb, key, place, year, min, default=math.inf)
            inv[k, t] = 0.0 if math.isinf(ratio) else 1.0 / ratio
    share = np.zeros(len(years))
    target = rb.resolve("staffing.professional_share_min", place, date(years[-1], 12, 31))
    if target is not None and target.due is not None:
        share[[t for t, y in enumerate(years) if y >= year_due(target.due)]] = \
            float(target.value)
    return inv, share


def year_due(due: date) -> int:
    """The year whose end-of-year state must meet a target due on ``due``: its own year
    when due on 31 December, else the year before (a count taken at a year's end)."""
    return due.year if (due.month, due.day) == (12, 31) else due.year - 1


# the targets the planning model holds a plan to (the province's counts of regional
# institutions, and of new and renovated ones, through the region's master problem)
MEASURABLE = ("targets.township_workstation_coverage", "targets.protection_center_operation_rate",
              "targets.county_protection_centers_operating", "targets.regional_institutions",
              "targets.new_regional_institutions")


def _targets(rb, place: str, end: date) -> list[Target]:
    """Targets in force at the prefecture that the plan can be held to, by year due."""
    out = []
    for target in rb.targets(place, end):
        if target.key in MEASURABLE and target.due is not None:
            value = dict(target.value) if isinstance(target.value, Mapping) else \
                float(target.value)
            out.append(Target(target.key, value, year_due(target.due), target.due,
                              target.cite))
    return out
