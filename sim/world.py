"""The world a replication plays in: everything fixed by the scenario, the rules and the plan.

Before the first replication starts, every question whose answer does not depend on chance
is answered once: which institution each county sends its children to, on which day each
county home stops taking long-term children, when each transfer campaign runs, how many
children one caregiver may look after on each day, what a day of care costs. An answer
that a rule decides is a step function over the horizon, built from the days on which the
rules behind it change (``sim.journey_rules``), so that a rule applies from its effective
date to the day it is displaced. The simulation's processes then only look these answers
up on the day they act, and every answer keeps the rule and clause it came from so that
the event log can cite it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from sim import journey_rules, rules, world_costs
from sim.heap import uncollected
from sim.journey_rules import NEVER
from sim.lifecourse import Hazards
from sim.plan import Plan, haversine_km, hiring_lead_days, path_heads
from sim.rules import Decision
from sim.scenario import (
    AGE_BANDS,
    ARRIVAL_KINDS,
    CARE_LEVELS,
    GUARDIANSHIP_KINDS,
    STAFF_ROLES,
    TRANSFER_STEPS,
    Scenario,
    long_term_entries,
)
from sim.timeline import Timeline


@dataclass(frozen=True)
class Campaign:
    """A county home's transfer campaign, in model days, with the rules behind its dates."""

    county: int
    home: int
    regional: int
    start: int
    moved_by: int
    work_by: int
    steps: tuple[str, ...]
    grouping: tuple[str, ...]
    cite: str


DAY_RUN = 2_000_000      # numbers in a few days' records (16 MB of floats)


@dataclass
class World:
    """Static tables for one scenario, rulebook and plan; shared by all replications."""

    start: date
    days: int
    institutions: list[str]
    counties: list[str]
    inst_county: np.ndarray = None           # [I] county index of each institution
    regional_by_year: np.ndarray = None      # [Y, C] institution a county's children go to
    county_home: np.ndarray = None           # [C] the county's welfare home or -1
    temp_care: np.ndarray = None             # [C] county's temporary care (-1: its regional)
    switch_day: np.ndarray = None            # [C] first day the county home takes no long-term
    campaigns: list[Campaign] = field(default_factory=list)
    campaign_cite: list[str] = field(default_factory=list)     # [C] "" where none
    # step functions of the model day (sim.journey_rules); their values are Decisions
    home_intake: list[Timeline | None] = field(default_factory=list)   # [C] home may take LT
    accepts: list[Timeline] = field(default_factory=list)        # [I] takes every child sent
    regional_rule: list[Timeline] = field(default_factory=list)  # [C] rule sending LT children
    emergency: list[Timeline] = field(default_factory=list)      # [C] infant found at night
    cite_lines: dict[str, list[Timeline]] = field(default_factory=dict)  # event -> [C] cite
    intake: list[Timeline] = field(default_factory=list)   # [C] ((step, mean days, cite), ...)
    leaving: list[Timeline] = field(default_factory=list)  # [C] (aging-out age, lead) in days
    # (county, kind) -> [(first day, last day, arrivals per day)]
    arrival_segments: dict[tuple[int, str], list[tuple[int, int, float]]] = field(
        default_factory=dict)
    care_cdf: dict[str, list[float]] = field(default_factory=dict)  # cumulative, CARE_LEVELS
    age_cdf: dict[str, list[float]] = field(default_factory=dict)   # cumulative, AGE_BANDS
    night_share: float = 0.0
    parent_found: float = 0.0
    emergency_stay: float = 0.0
    temporary: tuple[float, float, float, float] = ()   # min, max, truncated-exp rate, convert
    hazards: Hazards = None
    transfer_days: dict[str, float] = field(default_factory=dict)
    duration_cv: float = 0.0
    ratio_inv: np.ndarray = None             # [D, I, 3] caregivers per child by care level
    ratio_cite: str = ""
    professional_share: np.ndarray = None    # [D, I] required share of professionals (0 = none)
    round_the_clock: np.ndarray = None       # [D, I] fewest caregivers while holding children
    staff_target: np.ndarray = None          # [Y, I, R] planned heads per year (at its end)
    staff_daily: np.ndarray = None           # [D, I, R] planned heads per day (paths run)
    staff_moves: np.ndarray = None           # [D] the planned heads change on this day
    plan_since: list = field(default_factory=list)   # [D] the day's heads hold since that day
    beds: np.ndarray = None                  # [Y, I]
    role: np.ndarray = None                  # [Y, I] index into plan.ROLES
    lead_days: int = 0
    lead_cite: str = ""
    attrition: tuple[float, float] = ()      # per day: normal, during transition
    redeploy_share: float = 0.0
    allowance: np.ndarray = None             # [D, I] yuan per child-day
    allowance_cite: str = ""
    foster_work: np.ndarray = None           # [D, I] yuan per foster child-day (visits)
    assessment_work: np.ndarray = None       # [D, I] yuan per assessment before 18
    community_work: np.ndarray = None        # [D, I] yuan per day (child directors, training)
    wages: np.ndarray = None                 # [D, R] yuan per head-day
    operating: np.ndarray = None             # [Y, I] yuan per day
    seats: tuple = ()                        # (lat, lon) of each county seat, [C] each
    road_factor: float = 1.0                 # road km per km as the crow flies
    costs: dict = field(default_factory=dict)
    first_year: int = 0
    year_idx: np.ndarray = None             # [D] index of each day's year in the horizon
    year_days: list = field(default_factory=list)   # [Y] (first day, day after its last)
    is_county_home: np.ndarray = None       # [I] county welfare homes
    staff_start: np.ndarray = None          # [I, R] on roll on the first day
    staff_before: np.ndarray = None         # [I, R] a late county home's staff until it moves
    staff_after: np.ndarray = None          # [I, R] a county home's staff as a protection
    #                                         center: the plan's first year of it (else last)
    county_home_role: int = 0               # index of "county_home" in plan.ROLES
    op_home: np.ndarray = None              # [I] yuan per day as a county home
    op_pc: np.ndarray = None                # [I] yuan per day as a protection center
    workstation_cost: np.ndarray = None     # [Y, I] yuan per day, booked at temporary care
    center_cost: np.ndarray = None          # [Y, I] yuan per day: centers run as entities
    capital: dict = field(default_factory=dict)   # day -> [(institution, yuan)]
    teams: np.ndarray = None                # [C] transfer team size per county
    redeploy_plan: list = field(default_factory=list)   # (year, home, regional, role, heads)
    redeploy_by_year: dict = field(default_factory=dict)   # year -> its redeploy_plan rows
    redeploy_from: dict = field(default_factory=dict)      # (year, home) -> its rows
    census: list = field(default_factory=list)    # (institution, band, care, kind, n, foster)
    record_days: tuple = ()                 # days whose records stay in memory (targets)
    # the tables a child's journey reads one number at a time, as plain lists (reading a
    # number from a numpy array costs more than the rest of the lookup): see ``lookups``
    year_of_day: list = field(default_factory=list)        # [D] year_idx (set with it)
    regional_of: list = field(default_factory=list)        # [Y][C] regional_by_year
    home_of: list = field(default_factory=list)            # [C] county_home
    temp_care_of: list = field(default_factory=list)       # [C] temp_care
    switch_of: list = field(default_factory=list)          # [C] switch_day
    moves_of: list = field(default_factory=list)           # [D] staff_moves

    def lookups(self) -> None:
        """Copy the tables above into their lists, once the world is built."""
        self.regional_of = self.regional_by_year.tolist()
        self.home_of = self.county_home.tolist()
        self.temp_care_of = self.temp_care.tolist()
        self.switch_of = self.switch_day.tolist()
        self.moves_of = self.staff_moves.tolist()

    def day_of(self, when: date) -> int:
        return (when - self.start).days

    def date_of(self, day: float) -> date:
        return self.start + timedelta(days=int(day))

    def day_runs(self, width: int) -> list[list[tuple[int, int]]]:
        """Each year's days in runs of a few: ``(first, last)`` ranges of at most
        ``DAY_RUN`` numbers at ``width`` numbers a day. A nation's days by institutions are
        hundreds of megabytes, and a pass over them all waits on memory; a few days at a
        time stay in the processor's caches."""
        span = max(1, DAY_RUN // max(width, 1))
        return [[(first, min(first + span, end)) for first in range(start, end, span)]
                for start, end in self.year_days]

    def year_index(self, day: float) -> int:
        d, last = int(day), self.days - 1
        return self.year_of_day[last if last < d else d]

    def regional(self, county: int, day: float) -> int:
        """The institution the plan sends a county's long-term children to on a day."""
        return self.regional_of[self.year_index(day)][county]

    def temporary_care(self, county: int, day: float) -> int:
        """Where a county's temporary cases stay: its own institution, else its regional."""
        own = self.temp_care_of[county]
        return own if own >= 0 else self.regional(county, day)

    def accepts_all(self, inst: int, day: float) -> Decision:
        """Whether an institution must take every eligible child sent to it on a day."""
        return self.accepts[inst].at(day)

    def accepting_from(self, inst: int, day: float) -> int | None:
        """The first day from ``day`` on which the institution takes every child (None: never)."""
        return self.accepts[inst].first_day(lambda d: bool(d.value), since=day)

    def emergency_first(self, county: int, day: float) -> Decision:
        """Where an infant found at night or in an emergency is first cared for on a day."""
        return self.emergency[county].at(day)

    def intake_steps(self, county: int, day: float) -> tuple[tuple[str, float, str], ...]:
        """The intake steps of an infant found in a county on a day: (step, mean days, cite)."""
        return self.intake[county].at(day)

    def cite(self, what: str, county: int, day: float) -> str:
        """The rule an event of a county cites on a day ("" for events no rule drives)."""
        lines = self.cite_lines.get(what)
        return lines[county].at(day) if lines else ""

    def leaving_days(self, county: int, birth: float) -> tuple[float, float]:
        """Model days of a child's assessment before coming of age and of leaving care."""
        return journey_rules.leaving_days(self.leaving[county], birth)

    def km(self, county: int, inst: int) -> float:
        """Road km from a county seat to an institution (``sim.plan.distance_km``); asked
        per transfer, never tabled, since a table of every pair grows with the square."""
        lat, lon = self.seats
        seat = int(self.inst_county[inst])
        return self.road_factor * haversine_km(lat[county], lon[county], lat[seat], lon[seat])

    def to_regional_cite(self, county: int, day: float) -> str:
        """The rule that sends a county's long-term child to its regional institution."""
        intake = self.home_intake[county] if self.home_intake else None
        if intake is None:
            return self.regional_rule[county].at(day).cite
        decision = intake.at(day)
        if decision.value is False or not self.campaign_cite[county]:
            return decision.cite
        return self.campaign_cite[county]


@uncollected
def build(scenario: Scenario, rulebook: rules.Rulebook, plan: Plan) -> World:
    """Answer every fixed question of the scenario once, citing the rule for each answer."""
    region = scenario.region
    start, end = scenario.horizon.start, scenario.horizon.end
    days = (end - start).days + 1
    institutions = [i.id for i in region.institutions]
    counties = [c.code for _, c in region.counties()]
    inst_index = {x: n for n, x in enumerate(institutions)}
    county_index = {x: n for n, x in enumerate(counties)}
    years = list(range(start.year, end.year + 1))
    w = World(
        start=start, days=days, institutions=institutions, counties=counties,
        inst_county=np.array([county_index[i.county] for i in region.institutions]),
        regional_by_year=np.array([[inst_index[plan.assigned(c, y)] for c in counties]
                                   for y in years]),
        county_home=np.full(len(counties), -1), temp_care=np.full(len(counties), -1),
        switch_day=np.full(len(counties), NEVER), first_year=start.year,
    )
    w.year_idx = np.array([(start + timedelta(days=d)).year - start.year for d in range(days)])
    w.year_of_day = w.year_idx.tolist()
    ends = np.flatnonzero(np.r_[w.year_idx[1:] != w.year_idx[:-1], True]) + 1
    w.year_days = list(zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(), strict=True))
    w.census = [(inst_index[inst], AGE_BANDS.index(row.age), CARE_LEVELS.index(row.care),
                 GUARDIANSHIP_KINDS.index(row.kind), row.n, row.placement == "foster")
                for inst, rows in region.census.children.items() for row in rows]
    journey_rules.route(w, scenario, rulebook, plan, inst_index)
    w.teams = np.array(w.teams)
    _demand(w, scenario, years)
    journey_rules.intake(w, scenario, rulebook)
    _intake(w, scenario)
    _staffing(w, scenario, rulebook, plan, years)
    world_costs.build(w, scenario, rulebook, plan, years)
    from sim.targets import days_measured

    w.record_days = days_measured(scenario, rulebook, w)
    w.lookups()
    return w


def _demand(w: World, scenario: Scenario, years: list[int]) -> None:
    """Arrivals per day of each stream, by year, as the region file defines its rates
    (``long_term_entries``: the long-term stream carries direct cases only, converted
    temporary cases come through temporary guardianship)."""
    region = scenario.region
    demand = region.demand
    for c, code in enumerate(w.counties):
        segments: dict[str, list] = {kind: [] for kind in ARRIVAL_KINDS}
        for year in years:
            first = max(w.day_of(date(year, 1, 1)), 0)
            last = min(w.day_of(date(year + 1, 1, 1)), w.days)
            entries = long_term_entries(region, code, year)
            for kind, per_year in (("infant", entries.infants), ("long_term", entries.direct),
                                   ("temporary", entries.temporary)):
                segments[kind].append((first, last, per_year / 365.25))
        for kind in ARRIVAL_KINDS:
            w.arrival_segments[(c, kind)] = segments[kind]
    for kind in ("long_term", "temporary"):
        care = [demand.care_mix[kind].get(x, 0.0) for x in CARE_LEVELS]
        age = [demand.age_mix[kind].get(x, 0.0) for x in AGE_BANDS]
        w.care_cdf[kind] = np.cumsum(care).tolist()
        w.age_cdf[kind] = np.cumsum(age).tolist()
    w.night_share = demand.night_or_emergency_share


def _intake(w: World, scenario: Scenario) -> None:
    """The region's process figures: intake, temporary stays, exits, transfer durations."""
    process = scenario.region.process
    w.parent_found = process.intake.parent_found_probability
    w.emergency_stay = process.intake.emergency_stay_days
    t = process.temporary
    w.temporary = (t.min_stay_days, t.max_stay_days,
                   _truncated_rate(t.min_stay_days, t.mean_stay_days, t.max_stay_days),
                   t.to_long_term_share)
    w.hazards = Hazards.from_region(process.exits, process.care)
    w.transfer_days = {s: float(process.transfer.steps_days.get(s, 0.0)) for s in TRANSFER_STEPS}
    w.duration_cv = process.transfer.duration_cv


def _truncated_rate(low: float, mean: float, high: float) -> float:
    """Rate of an exponential shifted to ``low`` and cut at ``high`` whose mean is ``mean``."""
    span, target = high - low, mean - low
    if target <= 0 or span <= 0:
        return float("inf")
    if target >= span / 2:
        return 1e-9   # as flat as the range allows: the uniform's mean is the most there is

    def mean_of(rate: float) -> float:
        return 1 / rate - span / math.expm1(rate * span)

    lo, hi = 1e-9, 1e3
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if mean_of(mid) > target else (lo, mid)
    return math.sqrt(lo * hi)


def _cite(resolved) -> str:
    if resolved is None:
        return ""
    return f"{resolved.key} ({resolved.source.document} {resolved.source.clause})"


def step_days(resolve, days: int, start: date) -> list[tuple[int, object]]:
    """The days on which a rule's answer changes, found by bisection.

    A rule's answer only changes when a newer or more specific value takes effect, and a
    value once displaced never comes back; so if the same value is in force on two days it
    is in force on every day between them.
    """
    def ident(r):
        return None if r is None else (r.value if not isinstance(r.value, list) else
                                       tuple(r.value), r.effective, r.jurisdiction, r.origin)

    first = resolve(start)
    out = [(0, first)]

    def split(a: int, ra, b: int, rb_) -> None:
        if ident(ra) == ident(rb_):
            return
        if b - a == 1:
            out.append((b, rb_))
            return
        m = (a + b) // 2
        rm = resolve(start + timedelta(days=m))
        split(a, ra, m, rm)
        split(m, rm, b, rb_)

    last = days - 1
    split(0, first, last, resolve(start + timedelta(days=last)))
    return sorted(out, key=lambda x: x[0])


def fill_steps(steps: list[tuple[int, object]], days: int, convert) -> np.ndarray:
    """Day-by-day values of a rule's steps (from ``step_days``), each ``convert``-ed."""
    values = np.empty(days)
    bounds = [d for d, _ in steps] + [days]
    for (d, r), nxt in zip(steps, bounds[1:], strict=True):
        values[d:nxt] = convert(r)
    return values


def _staffing(w: World, scenario: Scenario, rb, plan: Plan, years: list[int]) -> None:
    from sim.plan import ROLES

    region = scenario.region
    inst_index = {x: n for n, x in enumerate(w.institutions)}
    n, places = len(w.institutions), [i.county for i in region.institutions]
    w.ratio_inv = np.zeros((w.days, n, len(CARE_LEVELS)))
    w.professional_share = np.zeros((w.days, n))
    w.round_the_clock = np.zeros((w.days, n))
    posts = region.process.staffing.round_the_clock_caregivers
    cache: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for i, place in enumerate(places):
        if place not in cache:
            cache[place] = _staffing_rules(w, rb, place, posts)
        w.ratio_inv[:, i, :], w.professional_share[:, i], w.round_the_clock[:, i] = cache[place]
    w.staff_target = np.array([[[plan.staff_in(x, r, y) for r in STAFF_ROLES]
                                for x in w.institutions] for y in years])
    w.beds = np.array([[plan.beds_in(x, y) for x in w.institutions] for y in years])
    w.role = np.array([[ROLES.index(plan.role(x, y)) for x in w.institutions] for y in years])
    w.staff_start = np.array([[getattr(i.staff, r) for r in STAFF_ROLES]
                              for i in region.institutions])
    w.is_county_home = np.array([i.kind == "county_welfare_home" for i in region.institutions])
    w.redeploy_plan = [(r["year"] - years[0], inst_index[r["from"]], inst_index[r["to"]],
                        STAFF_ROLES.index(r["role"]), int(r["heads"]))
                       for r in plan.redeployments if r["year"] in years]
    for row in w.redeploy_plan:              # in the plan's order, as scanned before
        w.redeploy_by_year.setdefault(row[0], []).append(row)
        w.redeploy_from.setdefault((row[0], row[1]), []).append(row)
    w.county_home_role = ROLES.index("county_home")
    _home_staff(w, len(years))
    staffing = region.process.staffing
    w.lead_days, w.lead_cite = hiring_lead_days(scenario, rb)
    w.staff_daily = _staff_daily(w, plan)
    w.staff_moves = np.zeros(w.days, bool)
    w.staff_moves[1:] = (w.staff_daily[1:] != w.staff_daily[:-1]).any(axis=(1, 2)) | (
        w.year_idx[1:] != w.year_idx[:-1])        # a new year: hand-over staff, late homes
    changes = np.flatnonzero(w.staff_moves)
    w.plan_since = np.r_[0, changes][np.searchsorted(changes, np.arange(w.days), "right")].tolist()
    w.attrition = (staffing.attrition_per_year / 365.25,
                   staffing.attrition_per_year_in_transition / 365.25)
    w.redeploy_share = staffing.redeploy_share


def _home_staff(w: World, years: int) -> None:
    """A county home's staff while it is late (its last county-home year's, with those the
    plan moves with its children) and once it is a protection center (the plan's first
    year of it)."""
    later = [next((y for y in range(years) if w.role[y, i] != w.county_home_role), years - 1)
             for i in range(len(w.institutions))]
    w.staff_after = np.array([w.staff_target[y, i] for i, y in enumerate(later)])
    w.staff_before = w.staff_target[0].copy()
    for y in range(years):
        keep = w.role[y] == w.county_home_role
        w.staff_before[keep] = w.staff_target[y][keep]
        for year, home, _regional, role, heads in w.redeploy_plan:
            if year == y and keep[home]:
                w.staff_before[home, role] += heads    # they stay until the children move


def _staff_daily(w: World, plan: Plan) -> np.ndarray:
    """Planned heads per day: each year's value from 1 January, or its path through it."""
    out = np.array(w.staff_target[w.year_idx], dtype=np.int64)
    r_of = {r: k for k, r in enumerate(STAFF_ROLES)}
    i_of = {x: n for n, x in enumerate(w.institutions)}
    for p in plan.paths:
        y = int(p["year"]) - w.first_year
        if p["institution"] not in i_of or not 0 <= y <= int(w.year_idx[-1]):
            continue
        days = np.arange(*w.year_days[y])
        out[days, i_of[p["institution"]], r_of[p["role"]]] = [
            path_heads(p["from"], p["to"], w.date_of(d)) for d in days]
    return out


def _staffing_rules(w: World, rb, place: str,
                    posts: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    inv = np.zeros((w.days, len(CARE_LEVELS)))
    for c, care in enumerate(CARE_LEVELS):
        key = f"staffing.caregiver_ratio.{care}"
        steps = step_days(lambda d, k=key: rb.resolve(k, place, d), w.days, w.start)
        inv[:, c] = fill_steps(steps, w.days, lambda r: 0.0 if r is None else 1.0 / float(r.value))
        w.ratio_cite = w.ratio_cite or next((_cite(r) for _, r in steps if r is not None), "")
    share = np.zeros(w.days)
    for target in rb.targets(place, w.start + timedelta(days=w.days - 1)):
        if target.key == "staffing.professional_share_min":
            share[max(w.day_of(target.due), 0):] = float(target.value)
    steps = step_days(lambda d: rb.resolve("staffing.round_the_clock_duty", place, d),
                      w.days, w.start)
    duty = fill_steps(steps, w.days, lambda r: posts if r is not None and r.value else 0)
    return inv, share, duty
