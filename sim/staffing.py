"""Caregivers and the day's accounts: hiring, attrition, redeployment, the ratios, the costs.

Once a day, for all institutions at once: hires whose lead time (recruitment plus the
criminal-record check the rules require) has run out start work; some staff leave (more
at a county home while it is being transformed); new hires are started wherever the staff
on roll plus those already being hired fall short of what the plan wants by the time a new
hire could start. Then the day is counted: the caregivers the ratios require for the
children present (by care level), those on roll, the beds in use against the plan's beds,
and what the day cost, by institution and category.

When a county home has handed over its children and becomes a protection center, the
staff it no longer needs are offered to the regional institution first (the rules require
that front-line work not break); those who do not move are laid off.
"""

from __future__ import annotations

import numpy as np

from sim.model import Replication
from sim.monitor import (
    AWAITING_FIELD,
    BEDS,
    BY_CARE,
    BY_KIND,
    COST_CATEGORIES,
    FOSTER,
    LONG_TERM_FIELD,
    REQUIRED,
    STAFF,
)

_C = {name: i for i, name in enumerate(COST_CATEGORIES)}


def daily_accounting(rep: Replication):
    """Each day: staff start, leave and are hired; the state of every institution is noted."""
    env, w, mon = rep.env, rep.w, rep.mon
    rng = rep.streams("staffing.attrition")
    for day in range(w.days):
        if day > env.now:
            yield env.timeout(day - env.now)
        _staff_today(rep, rng, day)
        record = mon.daily[day]
        record[:, BY_CARE] = rep.resident
        record[:, BY_KIND] = rep.kinds
        record[:, FOSTER] = rep.foster
        record[:, STAFF] = rep.staff
        if w.campaigns:
            mon.transfers[day] = rep.campaign_state


def _staff_today(rep: Replication, rng: np.random.Generator, day: int) -> None:
    """Hires start, people leave, and new hires are started if the roll will fall short.

    Departures form a Poisson process whose rate is the sum over staff of each one's yearly
    attrition (higher at a county home being transformed); the time to the next departure
    is drawn afresh whenever that rate changes, which the exponential's lack of memory
    allows. Most days nothing happens and nothing is computed.
    """
    w = rep.w
    changed = rep.staff_changed
    arriving = rep.pipeline.pop(day, None)
    if arriving is not None:
        rep.staff += arriving
        rep.pending -= arriving
        changed = True
    if changed:
        _redraw_departure(rep, rng, day)
    while rep.next_departure < day + 1:
        weights = (rep.staff * rep.attrition_rate[:, None]).ravel()
        who = int(rng.choice(weights.size, p=weights / weights.sum()))
        rep.staff.ravel()[who] -= 1
        rep.mon.event(rep.next_departure, "staff_left", None, who // 3, -1, "")
        _redraw_departure(rep, rng, rep.next_departure)
        changed = True
    ahead = int(w.year_idx[min(day + w.lead_days, w.days - 1)])
    if changed or ahead != rep.hiring_year:
        rep.hiring_year = ahead
        rep.staff_changed = False
        _hire(rep, day, ahead)


def _redraw_departure(rep: Replication, rng: np.random.Generator, now: float) -> None:
    w = rep.w
    rep.attrition_rate = np.where(rep.in_transition, w.attrition[1], w.attrition[0])
    total = float((rep.staff * rep.attrition_rate[:, None]).sum())
    rep.next_departure = now + rng.exponential(1 / total) if total > 0 else float("inf")


def _hire(rep: Replication, day: int, year: int) -> None:
    w = rep.w
    gap = np.maximum(target(rep, year) - rep.staff - rep.pending, 0)
    if not gap.any():
        return
    rep.pipeline[day + w.lead_days] = rep.pipeline.get(day + w.lead_days, 0) + gap
    rep.pending += gap
    for inst in np.flatnonzero(gap.sum(axis=1)):
        rep.mon.book(day, int(inst), "hiring", gap[inst].sum() * w.costs["hiring"])


def target(rep: Replication, year: int) -> np.ndarray:
    """Heads the plan wants per institution and role in a year.

    Staff the plan moves from a county home to its regional institution in the hand-over
    year stay at the home until the home's children have actually moved (the regional
    institution keeps their places instead of hiring); a home whose campaign runs later
    than the plan expected keeps its last county-home staff until then.
    """
    w = rep.w
    late = w.is_county_home & ~rep.transformed & (w.role[year] != w.county_home_role)
    wanted = np.where(late[:, None], w.staff_before, w.staff_target[year])
    for y, home, regional, role, heads in w.redeploy_plan:
        if y == year and not rep.transformed[home]:
            still = heads - rep.moved_with_children.get((home, role), 0)
            wanted[home, role] += still
            wanted[regional, role] -= still
    return wanted


def close_books(rep: Replication) -> None:
    """After the last day: caregivers required, and every day's costs, for all days at once."""
    w, mon = rep.w, rep.mon
    daily = mon.daily
    daily[:, :, BEDS] = w.beds[w.year_idx]
    residents = daily[:, :, BY_CARE].astype(float)
    by_ratio = np.ceil(np.einsum("dic,dic->di", residents, w.ratio_inv) - 1e-9)
    # where round-the-clock duty is required, any institution holding children needs a post
    holding = residents.sum(axis=2) > 0
    daily[:, :, REQUIRED] = np.maximum(by_ratio, np.where(holding, w.round_the_clock, 0))
    wages = daily[:, :, STAFF].astype(float) * w.wages[:, None, :]        # [D, I, R]
    # the living allowance is paid for children in long-term guardianship (foster included)
    children = daily[:, :, LONG_TERM_FIELD] + daily[:, :, AWAITING_FIELD] + daily[:, :, FOSTER]
    per_day = np.zeros((w.days, len(w.institutions), len(COST_CATEGORIES)))
    per_day[:, :, _C["wages"]] = wages.sum(axis=2)
    per_day[:, :, _C["allowance"]] = children * w.allowance
    per_day[:, :, _C["operations"]] = _operations(rep)
    per_day[:, :, _C["workstations"]] = w.workstation_cost[w.year_idx]
    for day, inst, category, yuan in mon.booked:
        per_day[day, inst, _C[category]] += yuan
    for day, items in w.capital.items():
        for inst, yuan in items:
            per_day[day, inst, _C["capital"]] += yuan
    years = int(w.year_idx[-1]) + 1
    for y in range(years):
        days = w.year_idx == y
        mon.costs[y] = per_day[days].sum(axis=0)
        mon.wages[y] = wages[days].sum(axis=0)
    mon.cost_to_date[:] = np.cumsum(per_day.sum(axis=2), axis=0)


def _operations(rep: Replication) -> np.ndarray:
    """Operating cost per day: a county home costs as a protection center once transformed."""
    w = rep.w
    ops = w.operating[w.year_idx].copy()
    for inst in np.flatnonzero(w.is_county_home):
        when = rep.transformed_day.get(int(inst), w.days)
        ops[:when, inst] = w.op_home[inst]
        ops[when:, inst] = w.op_pc[inst]
    return ops


def follow_children(rep: Replication, home: int, regional: int, share_moved: float) -> None:
    """Caregivers the plan moves with a county's children go as the children go: after each
    hand-over, the planned heads move in proportion to the children moved so far."""
    w = rep.w
    year = w.year_index(rep.env.now)
    for y, source, target_inst, role, heads in w.redeploy_plan:
        if y != year or source != home or target_inst != regional:
            continue
        due = int(heads * share_moved) - rep.moved_with_children.get((home, role), 0)
        due = min(due, int(rep.staff[home, role]))
        if due > 0:
            rep.staff[home, role] -= due
            rep.staff[regional, role] += due
            rep.moved_with_children[home, role] = rep.moved_with_children.get(
                (home, role), 0) + due
            rep.staff_changed = True
            rep.mon.book(rep.env.now, regional, "redeployment", due * w.costs["redeployment"])
            rep.mon.event(rep.env.now, "redeployed", None, home, regional,
                          w.cite("redeployed", int(w.inst_county[home]), rep.env.now))


def transform(rep: Replication, home: int, regional: int) -> None:
    """A county home becomes a protection center; staff it no longer needs move or go."""
    w, mon = rep.w, rep.mon
    rep.transformed[home] = True
    rep.transformed_day[home] = int(np.ceil(rep.env.now))
    rep.in_transition[home] = False
    rep.staff_changed = True
    year = w.year_index(rep.env.now)
    day = min(int(rep.env.now), w.days - 1)
    # the staff the plan gives the home as a protection center: its first such year
    later = [y for y in range(year, w.role.shape[0]) if w.role[y, home] != w.county_home_role]
    keep = w.staff_target[later[0] if later else year, home]
    surplus = np.maximum(rep.staff[home] - keep, 0)
    if not surplus.any():
        return
    rng = rep.streams("staffing.redeployment")
    movers = rng.binomial(surplus, w.redeploy_share)
    rep.staff[home] -= surplus
    rep.staff[regional] += movers
    mon.book(day, regional, "redeployment", movers.sum() * w.costs["redeployment"])
    mon.book(day, home, "layoff", (surplus - movers).sum() * w.costs["layoff"])
    mon.event(rep.env.now, "redeployed", None, home, regional,
              w.cite("redeployed", int(w.inst_county[home]), rep.env.now))
