"""A plan: what each institution is, how many beds and staff it has, and who goes where.

The optimizer writes a plan and the simulation plays it out; a planner can also write one
by hand. Years are calendar years of the horizon; a value given for a year holds from the
first of January of that year (or from the horizon start) until the next given year, unless
a *path* says that the heads of a staff role rise (or fall) evenly through that year, from
the year before's value on 1 January to the year's own value on 31 December: that is how a
target due at a year's end (the professional share) is reached without a jump in a day.

A plan also says why its staff change (``staff_changes``: each dated step with the rule or
plan decision behind it), measures every target it is held to (``measures``, by the
functions of ``sim.measures``) and lists the targets it could not plan for, with the reason
(``unplanned``).

``status_quo(scenario)`` is the plan of doing nothing beyond what the documents force: city
homes raise the children of their prefecture, county homes keep their staff and beds, and
each county sends its children to the regional institution of its prefecture.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from sim.jsonio import strict_json
from sim.scenario import STAFF_ROLES, InputError, Problem, Scenario, series_at

# A staff step is a jump when it moves more than this share of an institution's staff, and
# more than this many heads, in one day: a plan explains each one (``staff_changes``).
JUMP_SHARE, JUMP_HEADS = 0.2, 2

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
    measures: list = field(default_factory=list)         # each target measured (sim.targets)
    handover: dict = field(default_factory=dict)         # county -> year its home hands over
    paths: list = field(default_factory=list)            # {institution, role, year, from, to,
    #                                                      rule}: heads move evenly that year
    staff_changes: list = field(default_factory=list)    # {institution, role, date, from, to,
    #                                                      why, rule}: the plan's dated steps
    unplanned: list = field(default_factory=list)        # {key, jurisdiction, due, clause,
    #                                                      reason}: targets not planned for
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
        """Heads of a role in a year (at the year's end where a path runs through it)."""
        by_year = self.staff.get(institution, {}).get(role)
        return int(series_at(by_year, year)) if by_year else 0

    def path(self, institution: str, role: str, year: int) -> dict | None:
        """The path a role's heads follow through a year, if the plan gives one."""
        return next((p for p in self.paths if p["institution"] == institution
                     and p["role"] == role and int(p["year"]) == year), None)

    def heads_on(self, institution: str, role: str, on: date) -> float:
        """Heads the plan has on roll on a day: the year's value, or the point reached on
        its path through the year (whole heads: one more each time the path passes one)."""
        found = self.path(institution, role, on.year)
        if found is None:
            return float(self.staff_in(institution, role, on.year))
        return float(path_heads(found["from"], found["to"], on))

    def to_json(self) -> dict:
        out = asdict(self)
        out["capacity"] = [
            {**asdict(c), "start": c.start.isoformat(), "ready": c.ready.isoformat()}
            for c in self.capacity
        ]
        return out


def is_jump(change: float, staff: float) -> bool:
    """Whether a change of heads in one day, at an institution with ``staff`` on roll the
    day before, is a jump (see JUMP_SHARE)."""
    return abs(change) > JUMP_HEADS and abs(change) > JUMP_SHARE * staff


def path_heads(start: float, end: float, on: date) -> int:
    """Whole heads on a path from ``start`` (1 January) to ``end`` (31 December) on a day."""
    first = date(on.year, 1, 1)
    share = ((on - first).days + 1) / ((date(on.year + 1, 1, 1) - first).days)
    return int(start + math.trunc((end - start) * share + 1e-9))


def step_day(year: int, start: date, lead_days: int) -> date:
    """The day a plan's staff step of a year takes effect: 1 January, or in the horizon's
    first year the first day a hire started on the first day can work."""
    first = max(date(year, 1, 1), start)
    return max(first, start + timedelta(days=lead_days)) if year == start.year else first


def hiring_lead_days(scenario: Scenario, rulebook) -> tuple[int, str]:
    """Days from starting a hire to the new hire's first day: recruitment, and the
    criminal-record check where a rule requires one (with the rule's citation)."""
    staffing = scenario.region.process.staffing
    place = scenario.region.institutions[0].county
    check = rulebook.resolve("staffing.background_check_before_hire", place,
                             scenario.horizon.start)
    needed = check is not None and bool(check.value)
    days = staffing.recruitment_days + (staffing.background_check_days if needed else 0)
    return math.ceil(days), check.cite if check is not None else ""


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
