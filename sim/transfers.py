"""The transfer campaign: a county home hands its long-term children to the city.

The campaign runs the five steps the documents name, in order: the county arranges the
work; then, child by child, a member of the county's transfer team compiles the child's
records, organises the archive and completes the handover (the child moves, with its
archive and household registration); when no long-term child is left, the county writes
its summary and the home becomes a protection center. Children are taken in groups by age
band, care level and schooling. The team works on at most as many children at once as the
plan gives it members, so a large home or a small team can miss the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.lifecourse import band_of
from sim.model import LONG_TERM, Child, Replication
from sim.staffing import follow_children, transform
from sim.world import Campaign

# schooling starts at six (义务教育法 第十一条); used only to group children for transfer
SCHOOL_AGE_DAYS = 6 * 365.25


@dataclass
class CampaignRecord:
    """What one replication's campaign did, in model days."""

    county: int
    started: float = float("nan")
    children: int = 0
    moved: list[float] = field(default_factory=list)
    steps_done: list[float] = field(default_factory=list)
    steps_total: int = 0
    all_moved: float = float("nan")
    work_done: float = float("nan")


def county_transfer_campaign(rep: Replication, k: int, camp: Campaign, record: CampaignRecord):
    env, w = rep.env, rep.w
    rng = rep.streams(f"transfer.{w.counties[camp.county]}")
    if camp.start > env.now:
        yield env.timeout(camp.start - env.now)
    record.started = env.now
    rep.in_transition[camp.home] = True
    rep.staff_changed = True
    rep.mon.event(env.now, "campaign_arrange", None, camp.home, camp.home, camp.cite)
    yield env.timeout(_duration(rng, w, "arrange"))
    record.steps_done.append(env.now)
    team = simpy.Resource(env, capacity=int(w.teams[camp.county]))
    while True:
        group = sorted((rep.children[i] for i in rep.at[camp.home]
                        if rep.children[i].kind == LONG_TERM),
                       key=lambda c: _group(c, env.now, camp.grouping))
        if not group:
            break
        record.children += len(group)
        record.steps_total += 3 * len(group)
        state = rep.campaign_state[k]
        state[0] += len(group)
        yield env.all_of([env.process(child_transfer(rep, k, camp, c, team, rng, record))
                          for c in group])
    record.all_moved = env.now
    rep.mon.event(env.now, "campaign_summary", None, camp.home, camp.home, camp.cite)
    yield env.timeout(_duration(rng, w, "summary"))
    record.steps_total += 2
    record.steps_done.append(env.now)
    record.work_done = env.now
    transform(rep, camp.home, w.regional(camp.county, env.now))


def _group(child: Child, now: float, grouping: tuple[str, ...]) -> tuple:
    """The order children are taken in: group by group, as the rule on grouping says.

    Yuncheng plans transfers by age structure, way of care and schooling (yc-2021-74
    三(一)1); where no rule says how to group, children go by age band and care level.
    """
    age = now - child.birth
    attributes = {
        "age_band": band_of(age),
        "placement": child.foster,
        "schooling": age >= SCHOOL_AGE_DAYS,
        "care_level": child.care,
    }
    order = grouping or ("age_band", "care_level")
    return (*(attributes.get(name, 0) for name in order), child.id)


def child_transfer(rep: Replication, k: int, camp: Campaign, child: Child,
                   team: simpy.Resource, rng: np.random.Generator, record: CampaignRecord):
    env, w, state = rep.env, rep.w, rep.campaign_state[k]
    with team.request() as turn:
        yield turn
        state[0] -= 1
        state[1] += 1
        for step in ("compile_child_records", "organise_archives", "handover_procedures"):
            yield env.timeout(_duration(rng, w, step))
            record.steps_done.append(env.now)
        regional = w.regional(camp.county, env.now)
        if child.id in rep.children and child.at == camp.home:
            rep.move(child, regional, "transferred", camp.cite)
            rep.mon.book(env.now, regional, "transfers",
                         w.km(camp.county, regional) * w.costs["transport_per_child_km"]
                         + w.costs["transfer_admin"])
            record.moved.append(env.now)
            follow_children(rep, camp.home, regional, len(record.moved) / max(record.children, 1))
        state[1] -= 1
        state[2] += 1


def _duration(rng: np.random.Generator, w, step: str) -> float:
    """A step's duration: gamma distributed around the region's mean with its spread."""
    mean = w.transfer_days[step]
    if mean <= 0:
        return 0.0
    if w.duration_cv <= 0:
        return mean
    shape = 1.0 / w.duration_cv**2
    return float(rng.gamma(shape, mean / shape))


def regional_reassignment(rep: Replication):
    """When the plan sends a county to another regional institution from a new year on, the
    county's long-term children there move with it (their registration follows them)."""
    env, w = rep.env, rep.w
    for y in range(1, w.regional_by_year.shape[0]):
        day = int(np.argmax(w.year_idx == y))
        changed = np.flatnonzero(w.regional_by_year[y] != w.regional_by_year[y - 1])
        if not len(changed):
            continue
        if day > env.now:
            yield env.timeout(day - env.now)
        for county in changed:
            old, new = int(w.regional_by_year[y - 1, county]), int(w.regional_by_year[y, county])
            for child in [rep.children[i] for i in list(rep.at[old])]:
                if child.county == county and child.kind == LONG_TERM:
                    rep.move(child, new, "reassigned", "plan: county assignment")
                    rep.mon.book(env.now, new, "transfers",
                                 w.km(county, new) * w.costs["transport_per_child_km"]
                                 + w.costs["transfer_admin"])
