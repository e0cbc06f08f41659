"""Children's journeys: arriving, the infant intake, temporary guardianship, long-term care.

Each journey is a SimPy process named for what the child goes through. Everything random
about a child (care level, age, whether found at night, whether the parents are found,
how long a temporary stay lasts, the whole course through long-term care) is drawn when
the child arrives, from the stream of its county and kind, in arrival order: the same
seed gives the same children whatever the plan does with them.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
import simpy

from sim import lifecourse
from sim.engine import Journey
from sim.lifecourse import BAND_ENDS, BAND_STARTS, DAYS_PER_YEAR
from sim.model import AWAITING, FULL_CARE, LONG_TERM, TEMPORARY, Child, Replication

KINDS = {"infant": AWAITING, "long_term": LONG_TERM, "temporary": TEMPORARY}


def arrivals(rep: Replication, county: int, kind: str):
    """Poisson arrivals of one kind in one county, the rate changing by calendar year."""
    w, env = rep.w, rep.env
    name = f"{w.counties[county]}.{kind}"
    clock, draws = rep.streams(f"arrivals.{name}"), rep.streams(f"children.{name}")
    for first, last, rate in w.arrival_segments[(county, kind)]:
        t = max(float(first), env.now)
        mean = 1.0 / rate if rate > 0 else 0.0
        while rate > 0:
            t += clock.exponential(mean)   # memoryless: restarting a segment is exact
            if t >= last:
                break
            yield env.timeout(t - env.now)
            Journey(_journey(rep, county, kind, draws))


def _journey(rep: Replication, county: int, kind: str, rng: np.random.Generator):
    now = rep.env.now
    if kind == "infant":
        return infant_intake(rep, county, rng, now)
    if kind == "long_term":
        return long_term_case(rep, county, rng, now)
    return temporary_guardianship(rep, county, rng, now)


def draw_age_days(rng: np.random.Generator, cdf: list[float]) -> float:
    band, last = bisect_right(cdf, rng.random()), len(cdf) - 1
    band = last if last < band else band                # min(), without its call
    return (BAND_STARTS[band] + rng.random() * (BAND_ENDS[band] - BAND_STARTS[band])) \
        * DAYS_PER_YEAR


def draw_care(rep: Replication, rng: np.random.Generator, kind: str, age: float) -> int:
    cdf = rep.w.care_cdf[kind]
    care, last = bisect_right(cdf, rng.random()), len(cdf) - 1
    care = last if last < care else care
    # an infant cannot look after itself: full care until the age the region sets
    return FULL_CARE if age < rep.w.hazards.full_care_days else care


def infant_intake(rep: Replication, county: int, rng: np.random.Generator, now: float):
    """A newly found infant: temporary care if found at night, then the intake steps."""
    w = rep.w
    night = rng.random() < w.night_share
    found = rng.random() < w.parent_found
    child = rep.new_child(county, AWAITING, FULL_CARE, birth=now)
    first = w.emergency_first(county, now)
    first_stop = night and first.value == "county_temporary_care" and w.temp_care_of[county] >= 0
    before = w.emergency_stay if first_stop else 0.0
    intake = w.intake_steps(county, now)      # the steps in force on the day it is found
    steps = [(s, d, c) for s, d, c in intake if s != "hukou_registration"]
    admitted = now + before + sum(d for _, d, _ in steps)
    course = lifecourse.course(rng, admitted, child.birth, FULL_CARE, False, w.days, w.hazards,
                               w.leaving_days(county, child.birth))
    if first_stop:
        rep.admit(child, w.temporary_care(county, now), "infant_emergency_care", first.cite)
        yield rep.env.timeout(before)
        dest, rule = rep.long_term_home(county, rep.env.now)
        rep.move(child, dest, "infant_to_institution", rule)
    else:
        dest, rule = rep.long_term_home(county, now)
        rep.admit(child, dest, "infant_found", rule)
    for step, days, rule in steps:
        yield rep.env.timeout(days)
        if step == "search_announcement" and found:
            rep.discharge(child, "parent_found", rule)
            return
        rep.mon.event(rep.env.now, step, child, child.at, child.at, rule)
    rep.become_long_term(child)
    dest, rule = rep.long_term_home(county, rep.env.now)
    rep.move(child, dest, "moved_after_admission", rule)
    registration = next((d for s, d, _ in intake if s == "hukou_registration"), None)
    if registration is not None:
        course = sorted([*course, (rep.env.now + registration, "hukou_registration", -1)])
    yield from live(rep, child, course, rep.env.now - admitted)


def long_term_case(rep: Replication, county: int, rng: np.random.Generator, now: float):
    """A child taken into long-term guardianship goes where the rules send it that day."""
    w = rep.w
    age = draw_age_days(rng, w.age_cdf["long_term"])
    care = draw_care(rep, rng, "long_term", age)
    child = rep.new_child(county, LONG_TERM, care, birth=now - age)
    rep.mon.tally(now, county, "long_term_entries")
    course = lifecourse.course(rng, now, child.birth, care, False, w.days, w.hazards,
                               w.leaving_days(county, child.birth))
    dest, rule = rep.long_term_home(county, now)
    waiting = place_long_term(rep, child, dest, rule, arriving=True)
    delay = 0.0 if waiting is None else (yield from waiting)
    yield from live(rep, child, course, delay)


def temporary_guardianship(rep: Replication, county: int, rng: np.random.Generator, now: float):
    """A short stay in the county's temporary care; some children then need long-term care."""
    w = rep.w
    low, high, rate, convert_share = w.temporary
    age = draw_age_days(rng, w.age_cdf["temporary"])
    care = draw_care(rep, rng, "temporary", age)
    stay = low + truncated_exponential(rng, rate, high - low)
    convert = rng.random() < convert_share
    child = rep.new_child(county, TEMPORARY, care, birth=now - age)
    course = (lifecourse.course(rng, now + stay, child.birth, care, False, w.days, w.hazards,
                                w.leaving_days(county, child.birth)) if convert else [])
    rep.admit(child, w.temporary_care(county, now), "temporary_guardianship",
              w.cite("temporary", county, now))
    yield rep.env.timeout(stay)
    if not convert:
        rep.discharge(child, "reunified", w.cite("temporary", county, rep.env.now))
        return
    rep.become_long_term(child)
    rep.mon.event(rep.env.now, "became_long_term", child, child.at, child.at,
                  w.cite("temporary", county, rep.env.now))
    dest, rule = rep.long_term_home(county, rep.env.now)
    waiting = place_long_term(rep, child, dest, rule, arriving=False)
    delay = 0.0 if waiting is None else (yield from waiting)
    yield from live(rep, child, course, delay)


def truncated_exponential(rng: np.random.Generator, rate: float, span: float) -> float:
    u = rng.random()
    if rate * span < 1e-6:
        return u * span
    return -np.log1p(-u * -np.expm1(-rate * span)) / rate


def place_long_term(rep: Replication, child: Child, dest: int, rule: str, arriving: bool):
    """Put a long-term child in its institution: None when it is placed at once, else its
    wait for a bed (a process to ``yield from``, returning how long the child waited).

    A regional institution that must take every eligible child sent to it (the rule in
    force that day) admits the child at once: days over capacity are counted, never
    refused. Where no rule obliges it (before such a rule takes effect, or under a what-if)
    a child finding no free bed waits for one in its county's temporary care, and is
    admitted at the latest on the day a rule obliging the institution takes effect.
    """
    w, env = rep.w, rep.env
    decision = w.accepts_all(dest, env.now)
    if decision.value or dest == w.home_of[child.county]:
        (rep.admit if arriving else rep.move)(child, dest, "placed", rule)
        return None
    beds = rep.bed_resource(dest)
    request = beds.request()
    if request is None:                     # a free bed: no one waits
        child.bed = dest
        (rep.admit if arriving else rep.move)(child, dest, "placed", rule)
        return None
    waiting_at = w.temporary_care(child.county, env.now)
    (rep.admit if arriving else rep.move)(child, waiting_at, "waiting_for_bed", decision.cite)
    return _wait_for_bed(rep, child, dest, rule, beds, request)


def _wait_for_bed(rep: Replication, child: Child, dest: int, rule: str, beds, request):
    w, env = rep.w, rep.env
    asked = env.now
    accepting = w.accepting_from(dest, env.now)
    if accepting is None:
        yield request
    else:                       # a bed, or the day the institution must take the child
        yield request | simpy.Timeout(env, max(accepting - env.now, 0))
    if request.triggered:
        child.bed = dest
        rep.move(child, dest, "placed", rule)
    else:
        beds.cancel(request)
        rep.move(child, dest, "placed", w.accepts_all(dest, env.now).cite)
    return env.now - asked


def live(rep: Replication, child: Child, course: list, delay: float = 0.0):
    """Walk a child's drawn course through long-term care until it leaves or time ends."""
    env, w = rep.env, rep.w
    for t, what, care in course:
        wait = t + delay - env.now
        if wait > 0:
            yield env.timeout(wait)
        if child.id not in rep.children:
            return
        rule = w.cite(what, child.county, env.now)
        if what in ("adopted", "died", "aged_out"):
            rep.discharge(child, what, rule)
            return
        if what == "care_level":
            rep.change(child, care=care)
        elif what in ("foster_out", "foster_return"):
            rep.change(child, foster=what == "foster_out")
        elif what == "assessment":
            day = min(int(env.now), rep.w.days - 1)
            rep.mon.book(env.now, child.at, "rule_work", rep.w.assessment_work[day, child.at])
        rep.mon.event(env.now, what, child, child.at, child.at, rule)
