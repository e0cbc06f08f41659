"""What one replication hands back: its records, condensed where a report needs no detail.

The accounting of each institution (children at the start, plus arrivals and transfers in,
equals exits, transfers out and children at the end) is kept with the end counted
independently, from the children actually there when time runs out, so that a mistake in
the model's bookkeeping shows up as an identity that does not balance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.measures import compliance_start, ratio_compliance
from sim.monitor import (
    BEDS,
    BY_CARE,
    EVENT_FIELDS,
    FLOW_FIELDS,
    PROFESSIONALS,
    STAFF,
    added,
)


@dataclass
class ReplicationResult:
    """One replication's records. The day-by-day ones (``daily``, ``cost_to_date``,
    ``transfers``, ``events``) are None once written to disk (``sim.series``); the compact
    ones (``totals``, ``sums``, ``snapshots`` and all below) always stay."""

    index: int
    daily: np.ndarray | None   # [D, I, DAILY_FIELDS] counts
    cost_to_date: np.ndarray | None  # [D, I] yuan
    transfers: np.ndarray | None     # [D, K, 3] pending, in progress, done per campaign
    costs: np.ndarray          # [Y, I, COST_CATEGORIES] yuan
    wages: np.ndarray          # [Y, I, STAFF_ROLES] yuan
    flows: np.ndarray          # [I, FLOW_FIELDS]
    yearly: np.ndarray         # [Y, C, YEARLY_FIELDS] long-term entries and exits by year
    campaigns: list[dict]
    compliant_days: np.ndarray  # [I] days holding children with enough caregivers on roll
    holding_days: np.ndarray   # [I] days holding children (both from the first day counted:
    #                            sim.measures.ratio_compliance)
    professional: np.ndarray   # [I] share of days (once due) with enough professionals
    over_capacity: np.ndarray  # [I] days with more children in residence than beds
    over_capacity_from: np.ndarray  # [I] first such day (-1: none)
    peak: np.ndarray           # [I] most children in residence on any day
    events: dict | None        # column name -> array, one row per event
    rules: list[str]           # the rule cited by each event's rule code
    totals: np.ndarray = None  # [D, DAILY_FIELDS] each day's counts over all institutions
    sums: np.ndarray = None    # [Y, I, DAILY_FIELDS] each year's daily counts added up
    snapshots: dict = None     # day -> [I, DAILY_FIELDS] on the days targets are measured
    on_disk: bool = False      # the day-by-day records are in files (sim.series)

    def on(self, day: int) -> np.ndarray:
        """The daily record [I, DAILY_FIELDS] of a day (kept, or one targets measure)."""
        if self.daily is not None:
            return self.daily[day]
        return self.snapshots[day]

    def mean(self, field: int) -> np.ndarray:
        """[I] a daily field's mean over the horizon's days."""
        days = self.totals.shape[0]
        return self.sums[:, :, field].sum(axis=0) / days


def summarize(rep, index: int, records) -> ReplicationResult:
    w, mon = rep.w, rep.mon
    flows = mon.flows.copy()
    end = np.zeros(len(w.institutions), np.int64)
    for child in rep.children.values():
        end[child.at] += 1
    flows[:, FLOW_FIELDS.index("end")] = end
    days = _DailyFigures(w, mon.daily)
    return ReplicationResult(
        index=index,
        daily=days.counts,
        cost_to_date=mon.cost_to_date.astype(np.float32),
        transfers=mon.transfers.astype(np.int16),
        costs=mon.costs, wages=mon.wages, flows=flows, yearly=mon.yearly,
        campaigns=[_campaign(w, camp, rec) for camp, rec in zip(w.campaigns, records,
                                                                  strict=True)],
        compliant_days=days.compliant, holding_days=days.holding,
        professional=np.where(days.due > 0, days.enough_professionals
                              / np.maximum(days.due, 1), 1.0),
        over_capacity=days.over, over_capacity_from=days.first_over, peak=days.peak,
        events=_events(mon) if mon.keep_events else None,
        rules=[rule for rule, _ in sorted(mon.rules.items(), key=lambda kv: kv[1])],
        totals=days.totals, sums=days.sums,
        snapshots={d: days.counts[d].copy() for d in w.record_days},
    )


class _DailyFigures:
    """What a replication keeps of its daily records [D, I, DAILY_FIELDS], worked out a few
    days at a time (``World.day_runs``): the counts as 16-bit numbers, each day's totals
    over the institutions and each year's sums; per institution the days over capacity and
    the first of them, the most children in residence, the days counted for the caregiver
    ratios (``sim.measures.ratio_compliance``) and, once the target is due, the days with
    the professionals' share. Every figure is a count, so adding the runs gives what one
    pass over all days gives."""

    def __init__(self, w, daily: np.ndarray):
        n, fields = daily.shape[1:]
        self.counts = np.empty(daily.shape, np.int16)
        self.totals = np.empty((daily.shape[0], fields), np.int64)
        self.sums = np.zeros((len(w.year_days), n, fields), np.int64)
        self.over, self.peak = np.zeros(n, np.int64), np.zeros(n, np.int64)
        self.first_over = np.full(n, -1, np.int64)
        self.compliant, self.holding = np.zeros(n, np.int64), np.zeros(n, np.int64)
        self.due, self.enough_professionals = np.zeros(n, np.int64), np.zeros(n, np.int64)
        counted_from = compliance_start(w)
        for y, runs in enumerate(w.day_runs(n * fields)):
            for first, last in runs:
                days = daily[first:last]
                self.counts[first:last] = days
                # days.sum(axis=1): the same integers, in half the time
                self.totals[first:last] = np.einsum("dif->df", days, dtype=np.int64,
                                                    casting="safe")
                self.sums[y] += days.sum(axis=0, dtype=np.int64)
                self._capacity(first, days)
                compliant, holding = ratio_compliance(days, counted_from - first)
                self.compliant += compliant
                self.holding += holding
                self._professionals(w.professional_share[first:last], days)

    def _capacity(self, first: int, days: np.ndarray) -> None:
        residents = added(days, BY_CARE)
        over = residents > days[:, :, BEDS]
        self.over += over.sum(axis=0)
        now = (self.first_over < 0) & over.any(axis=0)
        self.first_over[now] = first + over.argmax(axis=0)[now]
        np.maximum(self.peak, residents.max(axis=0), out=self.peak)

    def _professionals(self, share: np.ndarray, days: np.ndarray) -> None:
        """The days the professionals' share is due, and of those the days it is met."""
        due = share > 0
        ok = days[:, :, PROFESSIONALS] >= np.ceil(share * added(days, STAFF) - 1e-9)
        self.due += due.sum(axis=0)
        self.enough_professionals += (ok & due).sum(axis=0)


def _campaign(w, camp, rec) -> dict:
    moved = np.array(rec.moved)
    done = np.array(rec.steps_done)
    finished = not np.isnan(rec.all_moved)
    return {
        "county": w.counties[camp.county],
        "home": w.institutions[camp.home],
        "regional": w.institutions[camp.regional],
        "children": rec.children,
        "moved": len(moved),
        "moved_by_deadline": int((moved <= camp.moved_by).sum()),
        "all_moved_day": float(rec.all_moved) if finished else None,
        "work_done_day": None if np.isnan(rec.work_done) else float(rec.work_done),
        "met_moved_by": finished and rec.all_moved <= camp.moved_by,
        "met_work_by": (not np.isnan(rec.work_done)) and rec.work_done <= camp.work_by,
        "steps_total": rec.steps_total,
        "steps_by_work_deadline": int((done <= camp.work_by).sum()),
    }


def _events(mon) -> dict:
    """The event log as columns: one numeric table made at once, names looked up by code."""
    if not mon.events:
        return {name: np.array([]) for name in EVENT_FIELDS}
    table = np.array(mon.events, dtype=np.float64).reshape(-1, len(EVENT_FIELDS))
    names = np.array(list(mon.kinds), dtype=object)
    columns = {"day": table[:, 0], "event": names[table[:, 1].astype(np.int64)]}
    for k, name in enumerate(EVENT_FIELDS[2:], start=2):
        columns[name] = table[:, k].astype(np.int64)
    return columns
