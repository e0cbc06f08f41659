"""The measures the targets are judged on: one function each, for a plan and a simulation alike.

A target of the documents names a quantity, a place and a due date: 80 % of Zhejiang's
townships with a protection workstation by the end of 2025, every protection center of
Shaoxing's counties running as an entity by the end of 2022. Each quantity is measured here
by one function of the region, the place and a :class:`State`, the region as it stands on
one day: as a plan has it, or as one replication of the simulation played it out
(``sim.targets`` builds both). The optimizer's read-out, the simulation's results and the
report all call these functions, so that a figure has one definition wherever it is printed;
every answer carries its numerator, denominator, place and date, which the report prints
beside the figure.

Where a quantity cannot be taken from what the model holds (children's homes in villages,
social organisations), :data:`NOT_MODELLED` says why; such a target is listed, never
silently passed over.

Ratio compliance, each institution's share of days with the caregivers the ratios require,
is measured here too (:func:`ratio_compliance`): over the days on which the institution
holds children, from the first day a hire made on the horizon's first day can start work
(before it, the staff are those on roll at the start, which no plan can change).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from sim.monitor import BY_CARE, REQUIRED, STAFF, added

CAREGIVERS = STAFF.start            # the first staff field holds the caregivers


@dataclass(frozen=True)
class State:
    """The region on one day, as far as a target can see it."""

    on: date
    roles: Mapping[str, str]                 # institution id -> role (sim.plan.ROLES)
    centers: Mapping[str, bool]              # county or prefecture code -> a protection center
    #                                          runs there as an entity (besides a county home
    #                                          that has handed over and become one)
    handed_over: frozenset[str]              # county homes whose children are in regional care
    workstations: Mapping[str, int]          # county code -> township workstations
    built: tuple[tuple[str, str], ...]       # (institution id, option kind) ready by the day
    staff: Mapping[str, tuple[float, ...]]   # institution id -> heads on roll by STAFF_ROLES
    homes: Mapping[str, str] = field(default_factory=dict)   # county code -> its county home


@dataclass(frozen=True)
class Measured:
    """A measured value with what it was measured from; ``value`` None: not measurable."""

    value: Any
    numerator: Any = None
    denominator: Any = None
    how: str = ""                 # words key of the definition (reports/words.py)
    note: str = ""                # words key of why it could not be measured
    place: str = ""
    on: date | None = None


def inside(region, code: str) -> list[str]:
    """The region's counties that lie in the jurisdiction ``code``."""
    return [c.code for _, c in region.counties() if code in region.lineage(c.code)]


def covers(region, code: str) -> bool:
    """Whether the region file holds all of a jurisdiction: one of its prefectures or
    counties (a region file lists a prefecture's counties in full), the nation only if it
    is the nation, or the province the region itself is (its name is the province's)."""
    if any(p.code == code for p in region.prefectures) or \
            any(c.code == code for _, c in region.counties()):
        return True
    return any(p.code == code and p.name_zh == region.name_zh for p in region.provinces)


def _partial(region, place: str, on: date) -> Measured | None:
    if covers(region, place):
        return None
    return Measured(None, note="note.partial", place=place, on=on)


# --- measures of the plan's structure ---------------------------------------------------

def workstation_coverage(region, place: str, s: State) -> Measured:
    """Townships with a protection workstation ÷ townships, over the place's counties."""
    counties = set(inside(region, place))
    townships = sum(c.townships for _, c in region.counties() if c.code in counties)
    stations = sum(s.workstations.get(c, 0) for c in counties)
    return Measured(stations / townships if townships else None, stations, townships,
                    "how.workstations", "" if townships else "note.no_townships", place, s.on)


def units(region, place: str, county_level_only: bool = False) -> list[str]:
    """Protection-center units of a place: one per county and, unless only the county
    level is asked for, one per prefecture city (市、县未成年人救助保护中心)."""
    counties = inside(region, place)
    cities = [] if county_level_only else [
        p.code for p in region.prefectures if any(c.code in counties for c in p.counties)]
    return [*counties, *cities]


def runs_as_entity(unit: str, s: State) -> bool:
    """A unit's center runs as an entity: set up as one, or its county home has handed its
    children over and become the county's protection center."""
    return bool(s.centers.get(unit)) or s.homes.get(unit) in s.handed_over


def operation_rate(region, place: str, s: State) -> Measured:
    """City and county protection centers running as entities ÷ all of them."""
    return _centers(region, place, s, False, "how.operation")


def county_centers_operating(region, place: str, s: State) -> Measured:
    """County protection centers running as entities ÷ counties."""
    return _centers(region, place, s, True, "how.county_centers")


def _centers(region, place: str, s: State, county_only: bool, how: str) -> Measured:
    found = units(region, place, county_only)
    if not found:
        return Measured(None, note="note.no_centers", place=place, on=s.on)
    running = sum(runs_as_entity(u, s) for u in found)
    return Measured(running / len(found), running, len(found), how, "", place, s.on)


def regional_institutions(region, place: str, s: State) -> Measured:
    """Institutions of the place serving as regional institution on the day."""
    partial = _partial(region, place, s.on)
    if partial:
        return partial
    counties = set(inside(region, place))
    count = sum(s.roles.get(i.id) == "regional" for i in region.institutions
                if i.county in counties)
    return Measured(count, count, None, "how.regional", "", place, s.on)


def new_regional_institutions(region, place: str, s: State) -> Measured:
    """Regional institutions of the place newly built, and renovated, ready by the day."""
    partial = _partial(region, place, s.on)
    if partial:
        return partial
    counties = set(inside(region, place))
    where = {i.id: i.county for i in region.institutions}
    counted = {"new": set(), "renovated": set()}
    for inst, kind in s.built:
        if where.get(inst) in counties and s.roles.get(inst) == "regional":
            counted["new" if kind == "new_build" else "renovated"].add(inst)
    value = {k: len(v) for k, v in counted.items()}
    return Measured(value, value, None, "how.new_regional", "", place, s.on)


def transformation_complete(region, place: str, s: State) -> Measured:
    """Every county home of the place has handed its children over (true or false)."""
    counties = set(inside(region, place))
    homes = [i.id for i in region.institutions
             if i.kind == "county_welfare_home" and i.county in counties]
    done = sum(h in s.handed_over for h in homes)
    return Measured(done == len(homes), done, len(homes), "how.transformed", "", place, s.on)


def professional_share(region, place: str, s: State) -> Measured:
    """Professionals ÷ all staff on roll, over the place's institutions that are open."""
    counties = set(inside(region, place))
    staff = [s.staff[i.id] for i in region.institutions
             if i.county in counties and s.roles.get(i.id) != "closed" and i.id in s.staff]
    total = float(sum(sum(heads) for heads in staff))
    professionals = float(sum(heads[1] for heads in staff))
    if not total:
        return Measured(None, note="note.no_staff", place=place, on=s.on)
    return Measured(professionals / total, professionals, total, "how.professional", "",
                    place, s.on)


def implementation_plan(region, place: str, s: State) -> Measured:
    """Each province of the region issued its implementation plan by the day (true, false;
    None when the region file records no plan, or one without its date)."""
    recorded = {p.province: p for p in region.implementation_plans}
    plans = [recorded.get(p.code) for p in region.provinces
             if place in region.lineage(p.code) or p.code == place]
    if not plans or any(p is None for p in plans):
        return Measured(None, note="note.no_plan_record", place=place, on=s.on)
    if any(p.issued is None for p in plans):
        return Measured(None, numerator=", ".join(p.number for p in plans),
                        note="note.plan_undated", place=place, on=s.on)
    issued = sum(p.issued <= s.on for p in plans)
    return Measured(issued == len(plans), issued, len(plans), "how.implementation_plan", "",
                    place, s.on)


ALLOWANCE = "allowance.institution_orphan_yuan_per_year"
ALLOWANCE_2020 = "allowance.institution_orphan_yuan_per_month_2020"


def allowance_paid(region, rulebook, place: str, on: date) -> Measured:
    """The living allowance a child in an institution gets a year, as the region pays it:
    the region file's level for the year, else the level a document records for the day
    (Zhejiang's 2020 average, zj-14fyp 一(一)4, in 2020 only); None when neither says (the
    minimum standard is then what is paid). The standard is a floor, judged against this."""
    from sim.scenario import series_at

    paid = region.costs.allowance
    if paid is not None:
        yearly = round(12 * series_at(paid.yuan_per_child_month, on.year))
        return Measured(yearly, yearly, None, "how.allowance", "", place, on)
    level = rulebook.resolve(ALLOWANCE_2020, place, on)
    if level is not None:
        yearly = round(12 * float(level.value["institution"]))
        return Measured(yearly, yearly, None, "how.allowance_rule", "", place, on)
    return Measured(None, note="note.allowance_standard", place=place, on=on)


def allowance_yearly(region, rulebook, place: str, on: date) -> float | None:
    """Yuan a year a child in an institution gets on a day: the region's level, never
    below the minimum standard in force (None when no standard is in force)."""
    floor = rulebook.resolve(ALLOWANCE, place, on)
    if floor is None:
        return None
    paid = allowance_paid(region, rulebook, place, on).value
    return max(float(floor.value), float(paid or 0.0))


def allowance_changes(rulebook, place: str) -> list[date]:
    """The days on which the allowance paid at a place may change (besides 1 January)."""
    return sorted({*rulebook.changes(ALLOWANCE, place), *rulebook.changes(ALLOWANCE_2020, place)})


Measure = Callable[[Any, str, State], Measured]
MEASURES: dict[str, Measure] = {
    "targets.township_workstation_coverage": workstation_coverage,
    "targets.protection_center_operation_rate": operation_rate,
    "targets.county_protection_centers_operating": county_centers_operating,
    "targets.regional_institutions": regional_institutions,
    "targets.new_regional_institutions": new_regional_institutions,
    "targets.transformation_complete": transformation_complete,
    "targets.provincial_implementation_plan": implementation_plan,
    "staffing.professional_share_min": professional_share,
}

# Minimum standards the region's own level is judged against (``reports.compliance.floors``).
FLOORS: dict[str, Callable] = {ALLOWANCE: allowance_paid}

# Targets the model cannot measure, with the words key of the reason (reports/words.py).
NOT_MODELLED: dict[str, str] = {
    "targets.demo_childrens_home_coverage": "why.demo_homes",
    "targets.social_orgs_per_county": "why.social_orgs",
    "targets.protection_centers_built": "why.centers_built",
    "targets.regional_optimized_by": "why.optimized",
}


def measure(key: str, region, place: str, s: State) -> Measured:
    """The one measure of a target key (``not modelled`` for a key without one)."""
    found = MEASURES.get(key)
    if found is None:
        return Measured(None, note=NOT_MODELLED.get(key, "note.not_modelled"), place=place,
                        on=s.on)
    return found(region, place, s)


# --- ratio compliance -------------------------------------------------------------------

def ratio_compliance(daily: np.ndarray, first_day: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per institution, of one replication's daily records: the days from ``first_day`` on
    which it holds children, and of those the days with at least the caregivers the ratios
    (and round-the-clock duty) require. Their quotient is the institution's compliance."""
    days = daily[max(first_day, 0):]
    holding = added(days, BY_CARE) > 0
    return (enough_caregivers(days) & holding).sum(axis=0), holding.sum(axis=0)


def enough_caregivers(daily: np.ndarray) -> np.ndarray:
    """Per day and institution: at least the caregivers the ratios (and round-the-clock
    duty) require. Compliance counts it only on days the institution holds children."""
    return daily[:, :, CAREGIVERS] >= daily[:, :, REQUIRED]


def compliance_start(world) -> int:
    """The first day counted: the first a hire made on the horizon's first day can work."""
    return min(int(world.lead_days), world.days - 1)
