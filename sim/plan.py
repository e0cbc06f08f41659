"""A plan: what each institution is, how many beds and staff it has, and who goes where.

The optimizer writes a plan and the simulation plays it out; a planner can also write one
by hand. Years are calendar years of the horizon; a value given for a year holds from the
first of January of that year (or from the horizon start) until the next given year.

``status_quo(scenario)`` is the plan of doing nothing beyond what the documents force: city
homes raise the children of their prefecture, county homes keep their staff and beds, and
each county sends its children to the regional institution of its prefecture.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from sim.jsonio import strict_json
from sim.scenario import STAFF_ROLES, InputError, Problem, Scenario, series_at

Role = Literal["regional", "county_home", "protection_center", "closed"]
ROLES = ("regional", "county_home", "protection_center", "closed")


@dataclass(frozen=True)
class CapacityChoice:
    """A renovation or new build the plan starts, and when its beds are ready."""

    institution: str
    option: str
    start: date
    ready: date
    beds_added: int
    capital_cost_yuan: float


@dataclass(frozen=True)
class Plan:
    """Roles, beds, staff and county assignment per institution and year."""

    name: str
    roles: dict[str, dict[int, Role]]
    beds: dict[str, dict[int, int]]
    staff: dict[str, dict[str, dict[int, int]]]          # institution -> role -> year -> heads
    assignment: dict[str, str | dict[int, str]]          # county -> regional (by year)
    transfer_teams: dict[str, int] = field(default_factory=dict)   # county -> team capacity
    protection_centers: dict[str, dict[int, bool]] = field(default_factory=dict)
    workstations: dict[str, dict[int, int]] = field(default_factory=dict)  # county -> townships
    capacity: tuple[CapacityChoice, ...] = ()
    costs: dict = field(default_factory=dict)            # category -> year -> yuan (planned)
    solver: dict = field(default_factory=dict)           # status, objective, bound, gap, ...
    redeployments: list = field(default_factory=list)    # {from, to, year, role, heads}
    measures: dict = field(default_factory=dict)         # prefecture -> year -> measured value
    handover: dict = field(default_factory=dict)         # county -> year its home hands over
    region: str = ""                                     # id of the region it was made for

    def role(self, institution: str, year: int) -> Role:
        return series_at(self.roles[institution], year)

    def assigned(self, county: str, year: int) -> str:
        """The regional institution that takes a county's long-term children in a year."""
        chosen = self.assignment[county]
        return chosen if isinstance(chosen, str) else series_at(chosen, year)

    def beds_in(self, institution: str, year: int) -> int:
        return int(series_at(self.beds[institution], year))

    def staff_in(self, institution: str, role: str, year: int) -> int:
        by_year = self.staff.get(institution, {}).get(role)
        return int(series_at(by_year, year)) if by_year else 0

    def to_json(self) -> dict:
        out = asdict(self)
        out["capacity"] = [
            {**asdict(c), "start": c.start.isoformat(), "ready": c.ready.isoformat()}
            for c in self.capacity
        ]
        return out


def write(plan: Plan, path: Path) -> None:
    path.write_text(strict_json(plan.to_json()) + "\n", encoding="utf-8")


def read(path: Path, scenario: Scenario) -> Plan:
    """Read a plan.json and check it completely against the scenario (``sim.plan_file``)."""
    from sim.plan_file import read as read_checked

    return read_checked(path, scenario)


def status_quo(scenario: Scenario) -> Plan:
    """The plan of changing nothing that the documents do not force."""
    region = scenario.region
    first = scenario.horizon.start.year
    regional = _regional_by_prefecture(scenario)
    roles, beds, staff = {}, {}, {}
    for inst in region.institutions:
        role: Role = {"city_welfare_home": "regional", "county_welfare_home": "county_home",
                      "protection_center": "protection_center",
                      "candidate_site": "closed"}[inst.kind]
        if inst.kind == "city_welfare_home" and inst.id not in regional.values():
            role = "county_home"
        roles[inst.id] = {first: role}
        beds[inst.id] = {first: inst.beds}
        staff[inst.id] = {r: {first: getattr(inst.staff, r)} for r in STAFF_ROLES}
    assignment = {c.code: regional[p.code] for p, c in region.counties()}
    teams = {c.code: region.process.transfer.team_capacity for _, c in region.counties()}
    return Plan(name="status quo", roles=roles, beds=beds, staff=staff, assignment=assignment,
                transfer_teams=teams, region=region.id)


def _regional_by_prefecture(scenario: Scenario) -> dict[str, str]:
    """One regional institution per prefecture: one already regional, else its city home."""
    region = scenario.region
    out: dict[str, str] = {}
    for prefecture in region.prefectures:
        codes = {c.code for c in prefecture.counties}
        homes = [i for i in region.institutions if i.county in codes
                 and i.kind == "city_welfare_home"]
        homes.sort(key=lambda i: (not i.regional, -i.beds, i.id))
        if not homes:
            raise InputError([Problem(str(scenario.region_path), 0,
                                      f"prefectures.{prefecture.code}",
                                      "no city welfare home to act as regional institution",
                                      "an institution of kind city_welfare_home")])
        out[prefecture.code] = homes[0].id
    return out


def distance_km(scenario: Scenario, county: str, institution: str) -> float:
    """Road distance from a county seat to an institution's county seat."""
    region = scenario.region
    a = region.county(county)
    b = region.county(region.institution(institution).county)
    return region.costs.road_factor * _haversine_km(a.lat, a.lon, b.lat, b.lon)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def rule_of_thumb(scenario: Scenario, rulebook) -> Plan:
    """The plan a planner could make without an optimizer: the status quo, with each
    institution's caregivers set by the ratios to the children in its care on the first
    day (and at least one round-the-clock post where that duty is a rule)."""
    from sim.rules import routing

    base = status_quo(scenario)
    region, start = scenario.region, scenario.horizon.start
    first = start.year
    posts = region.process.staffing.round_the_clock_caregivers
    staff = {}
    for inst in region.institutions:
        counts = {care: 0 for care in ("self_care", "semi_self_care", "full_care")}
        for row in region.census.children.get(inst.id, []):
            if row.placement == "residential":
                counts[row.care] += row.n
        need = routing.caregivers_required(rulebook, inst.county, start, counts)
        duty = rulebook.resolve("staffing.round_the_clock_duty", inst.county, start)
        if duty is not None and duty.value and sum(counts.values()):
            need = max(need, posts)
        staff[inst.id] = {**base.staff[inst.id], "caregiver": {first: need}}
    return Plan(name="rule of thumb", roles=base.roles, beds=base.beds, staff=staff,
                assignment=base.assignment, transfer_teams=base.transfer_teams,
                region=base.region)
