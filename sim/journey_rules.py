"""The rules a child's journey meets, as they stand on each day of the horizon.

Where a newly found infant is first cared for, whether a county home may still take a
long-term child, whether the regional institution must take every child sent to it, which
intake steps an infant goes through, when a child is assessed and leaves care as an adult,
and which clause each of these events cites: every one of these answers is a
:class:`~sim.timeline.Timeline` built from the change days of the rules it reads, so that a
rule applies from the day it takes effect to the day another displaces it. A decision made
before any rule speaks says so ("key (no rule)") instead of borrowing a later rule's clause.
"""

from __future__ import annotations

import math
from datetime import date

from sim import rules
from sim.lifecourse import DAYS_PER_YEAR
from sim.plan import Plan
from sim.rules import routing
from sim.scenario import INTAKE_STEPS, Scenario
from sim.timeline import Timeline, timeline

NEVER = 10**9   # a day index after any horizon

# The events whose rule is looked up by key, and the key each one cites.
EVENT_KEYS = {
    "adopted": "placement.adoption_by_assessment",
    "aged_out": "placement.aging_out_age",
    "assessment": "placement.assessment_lead_months",
    "foster_out": "foster.visit_interval_days",
    "hukou_registration": "transfer.hukou_follows_child",
    "temporary": "roles.protection_keeps_temporary_care",
    "redeployed": "transfer.staff_continuity",
}
INTAKE_READS = ("intake.steps", "intake.announcement_days")


def cite_of(resolved, key: str) -> str:
    """``key (document clause)`` of the rule in force, or ``key (no rule)`` before there is one."""
    if resolved is None:
        return f"{key} (no rule)"
    return f"{resolved.key} ({resolved.source.document} {resolved.source.clause})"


def _over_horizon(w, decide, dates) -> Timeline:
    return timeline(decide, w.start, w.days, dates)


def route(w, scenario: Scenario, rb, plan: Plan, inst_index: dict) -> None:
    """County homes, temporary care, switch days, campaigns and the routing rules by day."""
    from sim.world import Campaign

    region = scenario.region
    n = len(w.counties)
    w.home_intake, w.campaign_cite = [None] * n, [""] * n
    for c, code in enumerate(w.counties):
        here = [i for i in region.institutions if i.county == code]
        home = next((i for i in here if i.kind == "county_welfare_home"), None)
        care = home or next((i for i in here if i.kind == "protection_center"), None)
        w.county_home[c] = inst_index[home.id] if home else -1
        w.temp_care[c] = inst_index[care.id] if care else -1
        if home is None:
            continue
        w.home_intake[c] = _over_horizon(
            w, lambda d, k=code: rules.county_home_takes_long_term(rb, k, d),
            routing.intake_change_dates(rb, code))
        stops = w.home_intake[c].first_day(lambda d: d.value is False)
        w.switch_day[c] = NEVER if stops is None else stops
        campaign = _campaign(w, rb, plan, code)
        if campaign is not None:
            first, camp = campaign
            w.campaigns.append(Campaign(
                county=c, home=inst_index[home.id],
                regional=int(w.regional_by_year[w.year_index(first), c]),
                start=first, moved_by=w.day_of(camp.children_moved_by),
                work_by=w.day_of(camp.work_complete_by), steps=tuple(camp.steps),
                grouping=tuple(camp.grouping), cite=camp.cite))
            w.campaign_cite[c] = camp.cite
            w.switch_day[c] = min(w.switch_day[c], first)
    w.accepts = [_over_horizon(w, lambda d, p=i.county: rules.regional_accepts_all(rb, p, d),
                               routing.change_dates(rb, routing.ACCEPTS_READS, i.county))
                 for i in region.institutions]
    w.regional_rule = [_over_horizon(w, lambda d, p=code: rules.regional_accepts_all(rb, p, d),
                                     routing.change_dates(rb, routing.ACCEPTS_READS, code))
                       for code in w.counties]
    w.emergency = [_over_horizon(
        w, lambda d, p=code: rules.infant_destination(rb, p, d, night_or_emergency=True),
        routing.change_dates(rb, routing.INFANT_READS, code)) for code in w.counties]
    w.cite_lines = {what: [_over_horizon(w, lambda d, k=key, p=code: cite_of(
                        rb.resolve(k, p, d), k), rb.changes(key, code)) for code in w.counties]
                    for what, key in EVENT_KEYS.items()}
    w.teams = [plan.transfer_teams.get(c, region.process.transfer.team_capacity)
               for c in w.counties]


def _campaign(w, rb, plan: Plan, code: str):
    """The first model day of a county's campaign and the campaign, or None.

    Campaign dates are read from the documents as they finally stand (a later document may
    move a window); the campaign never starts before the rule that dates it is in force,
    nor before the year the plan hands the county over.
    """
    campaign = rules.transfer_campaign(rb, code)
    planned = plan.handover.get(code, "any") if plan.handover else "any"
    if campaign is None or planned is None:
        return None
    dated = rb.changes("transfer.window_start", code)
    first = max(w.day_of(campaign.start), w.day_of(dated[0]) if dated else 0)
    if planned != "any":
        first = max(first, w.day_of(date(planned, 1, 1)))
    return max(first, 0), campaign


def intake(w, scenario: Scenario, rb) -> None:
    """Each county's intake steps (with days and cites) and its coming-of-age rules by day."""
    process = scenario.region.process
    w.intake = [_over_horizon(w, lambda d, p=code: _intake_steps(rb, p, d, process),
                              routing.change_dates(rb, INTAKE_READS, code))
                for code in w.counties]
    w.leaving = []
    for code in w.counties:
        line = _over_horizon(w, lambda d, p=code: rules.aging_out(rb, p, d).value,
                             routing.change_dates(rb, routing.AGING_READS, code))
        for day, value in line.changes():
            for key, given in ((routing.AGE, value.age), (routing.LEAD,
                                                          value.assessment_lead_months)):
                if given is None:
                    rules.missing(rb, key, code, w.date_of(day), scenario)
        w.leaving.append(Timeline(line.days, tuple(
            (v.age * DAYS_PER_YEAR, v.assessment_lead_months * DAYS_PER_YEAR / 12)
            for v in line.values)))


def _intake_steps(rb, place: str, on: date, process) -> tuple[tuple[str, float, str], ...]:
    """(step, mean days, cite) in the order the rules in force give (the default order, and
    no announcement period, where no rule gives them)."""
    steps = rb.resolve("intake.steps", place, on)
    announcement = rb.resolve("intake.announcement_days", place, on)
    order = tuple(steps.value) if steps else INTAKE_STEPS
    timed = []
    for step in order:
        if step == "search_announcement":
            days = float(announcement.value) if announcement else 0.0
            timed.append((step, days, cite_of(announcement, "intake.announcement_days")))
        else:
            timed.append((step, float(process.intake.steps_days.get(step, 0.0)),
                          cite_of(steps, "intake.steps")))
    return tuple(timed)


def leaving_days(line: Timeline, birth: float) -> tuple[float, float]:
    """Model days on which a child born on ``birth`` is assessed and leaves care as an adult.

    Each is the first day on which the child is as old as the rule in force that day says
    (``line`` holds the aging-out age and the assessment lead, in days); before the horizon
    the first rule is taken to hold. ``inf`` when it does not fall inside the horizon.
    """
    if len(line.days) == 1:                      # one rule over the whole horizon
        age, lead = line.values[0]
        return birth + age - lead, birth + age

    def first(offset) -> float:
        days, values = line.days, line.values
        for n, (age, lead) in enumerate(values):
            begins = days[n] if n else -math.inf
            ends = days[n + 1] if n + 1 < len(days) else math.inf
            t = max(begins, birth + offset(age, lead))
            if t < ends:
                return t
        return math.inf

    return first(lambda age, lead: age - lead), first(lambda age, lead: age)
