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

from collections.abc import Callable

import numpy as np

from sim.model import Replication
from sim.monitor import (
    AWAITING_FIELD,
    BEDS,
    BY_CARE,
    COST_CATEGORIES,
    FOSTER,
    LONG_TERM_FIELD,
    REQUIRED,
    STAFF,
    added,
)

_C = {name: i for i, name in enumerate(COST_CATEGORIES)}


def daily_accounting(rep: Replication) -> Callable[[int], None]:
    """The step of each day (``sim.engine.Clock.every_day``): staff start, leave and are
    hired; the state of every institution is noted."""
    w, mon = rep.w, rep.mon
    rng = rep.streams("staffing.attrition")

    def account(day: int) -> None:
        _staff_today(rep, rng, day)
        mon.daily[day] = rep.state
        if w.campaigns:
            mon.transfers[day] = rep.campaign_state

    return account


def _staff_today(rep: Replication, rng: np.random.Generator, day: int) -> None:
    """Hires start, people leave, and new hires are started if the roll will fall short.

    Departures form a Poisson process whose rate is the sum over staff of each one's yearly
    attrition (higher at a county home being transformed); the time to the next departure
    is drawn afresh whenever that rate changes, which the exponential's lack of memory
    allows. Most days nothing happens and nothing is computed.
    """
    w = rep.w
    ahead = min(day + w.lead_days, w.days - 1)
    if not (rep.staff_changed or rep.next_departure < day + 1 or w.moves_of[ahead]
            or day in rep.pipeline):
        return
    moved = changed = rep.staff_changed      # moved by the plan or a transfer since last seen
    arriving = rep.pipeline.pop(day, None)
    if arriving is not None:
        rep.staff += arriving
        rep.pending -= arriving
        changed = True
    if changed:
        rep.attrition_rate = np.where(rep.in_transition, w.attrition[1], w.attrition[0])
        _next_departure(rep, rng, day, rep.departures.refresh(rep.staff, rep.attrition_rate))
    left = []
    while rep.next_departure < day + 1:
        who = rep.departures.draw(rng.random())
        left.append(who)
        inst, role = divmod(who, 3)
        rep.staff[inst, role] -= 1
        rep.departures.leave(who, rep.staff[inst, role] * rep.attrition_rate[inst])
        rep.mon.event(rep.next_departure, "staff_left", None, inst, -1, "")
        _next_departure(rep, rng, rep.next_departure, rep.departures.total())
        changed = True
    if changed or w.moves_of[ahead]:
        rep.staff_changed = False
        _hire(rep, day, ahead, None if moved else left)


def _next_departure(rep: Replication, rng: np.random.Generator, now: float,
                    rate: float) -> None:
    """The time of the next departure, drawn afresh at ``now`` for the day's ``rate``."""
    rep.next_departure = now + rng.exponential(1 / rate) if rate > 0 else float("inf")


def _hire(rep: Replication, day: int, ahead: int, left: list[int] | None = None) -> None:
    """Start the hires that bring the roll to the plan's heads on the day they could start.

    ``left``: the roles (``institution * 3 + role``) people left since the last hiring,
    when nothing else has moved the roll but hires starting (which keep the roll and the
    hires under way together as they were). No role is short after a hiring, so then only
    these can be, and only they are looked at."""
    w = rep.w
    key = (w.plan_since[ahead], rep.plan_changes)
    if rep.wanted_key != key:       # the plan's heads have moved since they were last asked
        rep.wanted, rep.wanted_key = target(rep, ahead), key
        left = None
    gap = _gap(rep) if left is None else _gap_where(rep, left)
    if gap is None:
        return
    rep.pipeline[day + w.lead_days] = rep.pipeline.get(day + w.lead_days, 0) + gap
    rep.pending += gap
    for inst in np.flatnonzero(gap.sum(axis=1)):
        rep.mon.book(day, int(inst), "hiring", gap[inst].sum() * w.costs["hiring"])


def _gap(rep: Replication) -> np.ndarray | None:
    """Heads short of the plan's per institution and role, hires under way counted (None:
    none short)."""
    gap = np.maximum(rep.wanted - rep.staff - rep.pending, 0)
    return gap if gap.any() else None


def _gap_where(rep: Replication, left: list[int]) -> np.ndarray | None:
    """:func:`_gap` where it can differ from nought: at the roles in ``left``."""
    short = {}
    for who in left:
        inst, role = divmod(who, 3)
        need = (int(rep.wanted[inst, role]) - int(rep.staff[inst, role])
                - int(rep.pending[inst, role]))
        if need > 0:
            short[inst, role] = need
    if not short:
        return None
    gap = np.zeros(rep.staff.shape, np.result_type(rep.wanted, rep.staff, rep.pending))
    for cell, need in short.items():
        gap[cell] = need
    return gap


def target(rep: Replication, day: int) -> np.ndarray:
    """Heads the plan wants per institution and role on a day (a path runs through its year).

    Staff the plan moves from a county home to its regional institution in the hand-over
    year stay at the home until the home's children have actually moved (the regional
    institution keeps their places instead of hiring); a home whose campaign runs later
    than the plan expected keeps its last county-home staff until then, and one that has
    become a protection center before the year ends keeps no more than the plan gives it as
    one (and hires no more than the year's plan).
    """
    w = rep.w
    year = int(w.year_idx[day])
    home_year = w.role[year] == w.county_home_role
    late = w.is_county_home & ~rep.transformed & ~home_year
    early = w.is_county_home & rep.transformed & home_year
    wanted = np.where(late[:, None], w.staff_before, w.staff_daily[day])
    wanted = np.where(early[:, None], np.minimum(w.staff_after, wanted), wanted)
    for _, home, regional, role, heads in w.redeploy_by_year.get(year, ()):
        if not rep.transformed[home]:
            still = heads - rep.moved_with_children.get((home, role), 0)
            wanted[home, role] += still
            wanted[regional, role] -= still
    return wanted


def close_books(rep: Replication) -> None:
    """After the last day: caregivers required, and every day's costs, a few days at a time
    (a nation's days by institutions by cost categories do not fit in memory at once; a
    few days of them fit in the processor's caches). The sums are added day after day, as
    summing all days at once adds them."""
    w, mon = rep.w, rep.mon
    booked: dict[int, list] = {}      # day -> (institution, category, yuan), in booking order
    for day, inst, category, yuan in mon.booked:
        booked.setdefault(day, []).append((inst, _C[category], yuan))
    for day, items in w.capital.items():
        booked.setdefault(day, []).extend((inst, _C["capital"], yuan) for inst, yuan in items)
    to_date = np.zeros((1, len(w.institutions)))
    for y, runs in enumerate(w.day_runs(len(w.institutions) * len(COST_CATEGORIES))):
        costs = wages = None
        for first, last in runs:
            per_day, paid = _books(rep, first, last)
            for day in range(first, last):
                for inst, category, yuan in booked.get(day, ()):
                    per_day[day - first, inst, category] += yuan
            costs, wages = _added(costs, per_day), _added(wages, paid)
            running = np.cumsum(np.concatenate([to_date, per_day.sum(axis=2)]), axis=0)
            mon.cost_to_date[first:last] = running[1:]
            to_date = running[-1:]
        mon.costs[y], mon.wages[y] = costs, wages


def _added(total: np.ndarray | None, days: np.ndarray) -> np.ndarray:
    """``total`` plus each day's row of ``days``, one day after another (numpy adds the
    rows of an array along its first axis in order)."""
    if total is None:
        return days.sum(axis=0)
    return np.concatenate([total[None], days]).sum(axis=0)


def _books(rep: Replication, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """Days ``first`` to ``last`` (of one year): caregivers required and beds into the daily
    record; the days' costs [D, I, COST_CATEGORIES] before costs booked on a day, and the
    wages [D, I, R]."""
    w, daily = rep.w, rep.mon.daily[first:last]
    year = w.year_idx[first:last]
    daily[:, :, BEDS] = w.beds[year]
    residents = daily[:, :, BY_CARE].astype(float)
    by_ratio = np.ceil(np.einsum("dic,dic->di", residents, w.ratio_inv[first:last]) - 1e-9)
    # where round-the-clock duty is required, any institution holding children needs a post
    holding = added(daily, BY_CARE) > 0
    daily[:, :, REQUIRED] = np.maximum(by_ratio,
                                       np.where(holding, w.round_the_clock[first:last], 0))
    wages = daily[:, :, STAFF].astype(float) * w.wages[first:last, None, :]      # [D, I, R]
    # the living allowance is paid for children in long-term guardianship (foster included)
    children = daily[:, :, LONG_TERM_FIELD] + daily[:, :, AWAITING_FIELD] + daily[:, :, FOSTER]
    per_day = np.zeros((last - first, len(w.institutions), len(COST_CATEGORIES)))
    per_day[:, :, _C["wages"]] = added(wages, slice(None))   # over the roles
    per_day[:, :, _C["allowance"]] = children * w.allowance[first:last]
    per_day[:, :, _C["operations"]] = _operations(rep, first, last) + w.center_cost[year]
    per_day[:, :, _C["workstations"]] = w.workstation_cost[year]
    # the visits the rules require for children in foster families, and the community's
    # child directors and training (assessments are booked when they happen)
    per_day[:, :, _C["rule_work"]] = (daily[:, :, FOSTER] * w.foster_work[first:last]
                                      + w.community_work[first:last])
    return per_day, wages


def _operations(rep: Replication, first: int, last: int) -> np.ndarray:
    """Operating cost per day: a county home costs as a protection center once transformed."""
    w = rep.w
    ops = w.operating[w.year_idx[first:last]]
    homes = np.flatnonzero(w.is_county_home)
    when = np.array([rep.transformed_day.get(int(inst), w.days) for inst in homes], int)
    before = np.arange(first, last)[:, None] < when[None, :]
    ops[:, homes] = np.where(before, w.op_home[homes], w.op_pc[homes])
    return ops


def follow_children(rep: Replication, home: int, regional: int, share_moved: float) -> None:
    """Caregivers the plan moves with a county's children go as the children go: after each
    hand-over, the planned heads move in proportion to the children moved so far."""
    w = rep.w
    year = w.year_index(rep.env.now)
    for _, _, target_inst, role, heads in w.redeploy_from.get((year, home), ()):
        if target_inst != regional:
            continue
        due = int(heads * share_moved) - rep.moved_with_children.get((home, role), 0)
        due = min(due, int(rep.staff[home, role]))
        if due > 0:
            rep.staff[home, role] -= due
            rep.staff[regional, role] += due
            rep.moved_with_children[home, role] = rep.moved_with_children.get(
                (home, role), 0) + due
            rep.staff_changed = True
            rep.plan_changes += 1
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
    rep.plan_changes += 1
    day = min(int(rep.env.now), w.days - 1)
    keep = w.staff_after[home]
    surplus = np.maximum(rep.staff[home] - keep, 0)
    if not surplus.any():
        return
    rng = rep.streams("staffing.redeployment")
    # those willing move as far as the regional institution has places for them under the
    # plan; a move beyond that would leave it over its plan, so the others are laid off
    room = np.maximum(target(rep, day)[regional] - rep.staff[regional] - rep.pending[regional],
                      0)
    movers = np.minimum(rng.binomial(surplus, w.redeploy_share), room)
    rep.staff[home] -= surplus
    rep.staff[regional] += movers
    mon.book(day, regional, "redeployment", movers.sum() * w.costs["redeployment"])
    mon.book(day, home, "layoff", (surplus - movers).sum() * w.costs["layoff"])
    mon.event(rep.env.now, "redeployed", None, home, regional,
              w.cite("redeployed", int(w.inst_county[home]), rep.env.now))
