"""The world a replication plays in: everything fixed by the scenario, the rules and the plan.

Before the first replication starts, every question whose answer does not depend on chance
is answered once: which institution each county sends its children to, on which day each
county home stops taking long-term children, when each transfer campaign runs, how many
children one caregiver may look after on each day, what a day of care costs. The
simulation's processes then only look these answers up, and every answer keeps the rule
and clause it came from so that the event log can cite it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from sim import rules, world_costs
from sim.lifecourse import Hazards
from sim.plan import Plan, hiring_lead_days, path_heads
from sim.scenario import (
    AGE_BANDS,
    ARRIVAL_KINDS,
    CARE_LEVELS,
    GUARDIANSHIP_KINDS,
    INTAKE_STEPS,
    STAFF_ROLES,
    TRANSFER_STEPS,
    Scenario,
    series_at,
)

NEVER = 10**9   # a day index after any horizon


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
    switch_cite: list[str] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    accepts_all: np.ndarray = None           # [I] regional institution never refuses (bool)
    accepts_cite: str = ""
    # (county, kind) -> [(first day, last day, arrivals per day)]
    arrival_segments: dict[tuple[int, str], list[tuple[int, int, float]]] = field(
        default_factory=dict)
    care_cdf: dict[str, list[float]] = field(default_factory=dict)  # cumulative, CARE_LEVELS
    age_cdf: dict[str, list[float]] = field(default_factory=dict)   # cumulative, AGE_BANDS
    night_share: float = 0.0
    intake_steps: tuple[tuple[str, float, str], ...] = ()   # (step, mean days, cite)
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
    km: np.ndarray = None                    # [C, I] road km
    costs: dict = field(default_factory=dict)
    first_year: int = 0
    year_idx: np.ndarray = None             # [D] index of each day's year in the horizon
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
    emergency_first: np.ndarray = None      # [C] night or emergency infants go to the county
    emergency_cite: str = ""
    temporary_cite: str = ""
    continuity_cite: str = ""
    cites: dict = field(default_factory=dict)     # life-course event -> rule
    redeploy_plan: list = field(default_factory=list)   # (year, home, regional, role, heads)
    census: list = field(default_factory=list)    # (institution, band, care, kind, n, foster)

    def day_of(self, when: date) -> int:
        return (when - self.start).days

    def date_of(self, day: float) -> date:
        return self.start + timedelta(days=int(day))

    def year_index(self, day: float) -> int:
        return int(self.year_idx[min(int(day), self.days - 1)])

    def regional(self, county: int, day: float) -> int:
        """The institution the plan sends a county's long-term children to on a day."""
        return int(self.regional_by_year[self.year_index(day), county])

    def temporary_care(self, county: int, day: float) -> int:
        """Where a county's temporary cases stay: its own institution, else its regional."""
        own = int(self.temp_care[county])
        return own if own >= 0 else self.regional(county, day)


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
        switch_day=np.full(len(counties), NEVER), switch_cite=[""] * len(counties),
        accepts_all=np.ones(len(institutions), bool), first_year=start.year,
    )
    w.year_idx = np.array([(start + timedelta(days=d)).year - start.year for d in range(days)])
    w.census = [(inst_index[inst], AGE_BANDS.index(row.age), CARE_LEVELS.index(row.care),
                 GUARDIANSHIP_KINDS.index(row.kind), row.n, row.placement == "foster")
                for inst, rows in region.census.children.items() for row in rows]
    _routing(w, scenario, rulebook, plan, inst_index)
    _demand(w, scenario, years)
    _intake(w, scenario, rulebook)
    _staffing(w, scenario, rulebook, plan, years)
    world_costs.build(w, scenario, rulebook, plan, years)
    return w


def _routing(w: World, scenario: Scenario, rb, plan: Plan, inst_index: dict) -> None:
    region = scenario.region
    for c, code in enumerate(w.counties):
        here = [i for i in region.institutions if i.county == code]
        home = next((i for i in here if i.kind == "county_welfare_home"), None)
        care = home or next((i for i in here if i.kind == "protection_center"), None)
        w.county_home[c] = inst_index[home.id] if home else -1
        w.temp_care[c] = inst_index[care.id] if care else -1
        if home is None:
            continue
        switch = rules.switch_date(rb, code)
        w.switch_day[c] = w.day_of(switch.value) if switch.value else NEVER
        w.switch_cite[c] = switch.cite
        campaign = rules.transfer_campaign(rb, code)
        planned = plan.handover.get(code, "any") if plan.handover else "any"
        if campaign is not None and planned is not None:
            first = w.day_of(campaign.start)
            if planned != "any":          # the plan may hand over later in the window
                first = max(first, w.day_of(date(planned, 1, 1)))
            w.campaigns.append(Campaign(
                county=c, home=inst_index[home.id],
                regional=int(w.regional_by_year[w.year_index(max(first, 0)), c]),
                start=max(first, 0), moved_by=w.day_of(campaign.children_moved_by),
                work_by=w.day_of(campaign.work_complete_by), steps=tuple(campaign.steps),
                grouping=tuple(campaign.grouping), cite=campaign.cite))
            w.switch_day[c] = min(w.switch_day[c], max(first, 0))
    for n, inst in enumerate(region.institutions):
        decision = rules.regional_accepts_all(rb, inst.county, w.start)
        w.accepts_all[n] = bool(decision.value)
        w.accepts_cite = w.accepts_cite or decision.cite
    w.emergency_first = np.zeros(len(w.counties), bool)
    for c, code in enumerate(w.counties):
        first = rules.infant_destination(rb, code, w.start, night_or_emergency=True)
        w.emergency_first[c] = first.value == "county_temporary_care"
        w.emergency_cite = w.emergency_cite or first.cite
    w.teams = np.array([plan.transfer_teams.get(c, region.process.transfer.team_capacity)
                        for c in w.counties])
    place = region.prefectures[0].counties[0].code
    w.temporary_cite = _cite(rb.resolve("roles.protection_keeps_temporary_care", place, w.start))
    w.continuity_cite = _cite(rb.resolve("transfer.staff_continuity", place, w.start))
    w.cites = {
        "adopted": _cite(rb.resolve("placement.adoption_by_assessment", place, w.start)),
        "aged_out": _cite(rb.resolve("placement.aging_out_age", place, w.start)),
        "assessment": _cite(rb.resolve("placement.assessment_lead_months", place, w.start)),
        "foster_out": _cite(rb.resolve("foster.visit_interval_days", place, w.start)),
        "hukou_registration": _cite(rb.resolve("transfer.hukou_follows_child", place, w.start)),
    }


def _demand(w: World, scenario: Scenario, years: list[int]) -> None:
    demand = scenario.region.demand
    for c, code in enumerate(w.counties):
        rates = demand.arrivals[code]
        for kind in ARRIVAL_KINDS:
            segments = []
            for year in years:
                first = max(w.day_of(date(year, 1, 1)), 0)
                last = min(w.day_of(date(year + 1, 1, 1)), w.days)
                rate = series_at(getattr(rates, kind), year) / 365.25
                segments.append((first, last, rate))
            w.arrival_segments[(c, kind)] = segments
    for kind in ("long_term", "temporary"):
        care = [demand.care_mix[kind].get(x, 0.0) for x in CARE_LEVELS]
        age = [demand.age_mix[kind].get(x, 0.0) for x in AGE_BANDS]
        w.care_cdf[kind] = np.cumsum(care).tolist()
        w.age_cdf[kind] = np.cumsum(age).tolist()
    w.night_share = demand.night_or_emergency_share


def _intake(w: World, scenario: Scenario, rb) -> None:
    process = scenario.region.process
    place = scenario.region.prefectures[0].code
    steps = rb.resolve("intake.steps", place, w.start)
    order = tuple(steps.value) if steps else INTAKE_STEPS
    announcement = rb.resolve("intake.announcement_days", place, w.start)
    timed = []
    for step in order:
        if step == "search_announcement":
            days = float(announcement.value) if announcement else 0.0
            timed.append((step, days, _cite(announcement)))
        else:
            timed.append((step, float(process.intake.steps_days.get(step, 0.0)), _cite(steps)))
    w.intake_steps = tuple(timed)
    w.parent_found = process.intake.parent_found_probability
    w.emergency_stay = process.intake.emergency_stay_days
    t = process.temporary
    w.temporary = (t.min_stay_days, t.max_stay_days,
                   _truncated_rate(t.min_stay_days, t.mean_stay_days, t.max_stay_days),
                   t.to_long_term_share)
    age = rules.aging_out(rb, place, w.start).value
    if age.assessment_lead_months is None:
        rules.missing(rb, "placement.assessment_lead_months", place, w.start, scenario)
    w.hazards = Hazards.from_region(process.exits, process.care, age.age,
                                    age.assessment_lead_months)
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
    w.county_home_role = ROLES.index("county_home")
    _home_staff(w, len(years))
    staffing = region.process.staffing
    w.lead_days, w.lead_cite = hiring_lead_days(scenario, rb)
    w.staff_daily = _staff_daily(w, plan)
    w.staff_moves = np.zeros(w.days, bool)
    w.staff_moves[1:] = (w.staff_daily[1:] != w.staff_daily[:-1]).any(axis=(1, 2)) | (
        w.year_idx[1:] != w.year_idx[:-1])        # a new year: hand-over staff, late homes
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
        days = np.flatnonzero(w.year_idx == y)
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
