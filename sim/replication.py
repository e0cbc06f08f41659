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
    daily = mon.daily
    residents = added(daily, BY_CARE)
    compliant, holding = ratio_compliance(daily, compliance_start(w))
    over = residents > daily[:, :, BEDS]
    return ReplicationResult(
        index=index,
        daily=daily.astype(np.int16),
        cost_to_date=mon.cost_to_date.astype(np.float32),
        transfers=mon.transfers.astype(np.int16),
        costs=mon.costs, wages=mon.wages, flows=flows, yearly=mon.yearly,
        campaigns=[_campaign(w, camp, rec) for camp, rec in zip(w.campaigns, records,
                                                                  strict=True)],
        compliant_days=compliant, holding_days=holding,
        professional=_professional(w, daily),
        over_capacity=over.sum(axis=0),
        over_capacity_from=np.where(over.any(axis=0), over.argmax(axis=0), -1),
        peak=residents.max(axis=0),
        events=_events(mon) if mon.keep_events else None,
        rules=[rule for rule, _ in sorted(mon.rules.items(), key=lambda kv: kv[1])],
        # daily.sum(axis=1): the same integers, in half the time
        totals=np.einsum("dif->df", daily, dtype=np.int64, casting="safe"),
        sums=np.stack([daily[first:last].sum(axis=0, dtype=np.int64)        # by year
                       for first, last in w.year_days]),
        snapshots={d: daily[d].astype(np.int16) for d in w.record_days},
    )


def _professional(w, daily: np.ndarray) -> np.ndarray:
    """Share of days, once the target is due, on which professionals are the share required."""
    staff = added(daily, STAFF)
    due = w.professional_share > 0
    ok = daily[:, :, PROFESSIONALS] >= np.ceil(w.professional_share * staff - 1e-9)
    days = due.sum(axis=0)
    return np.where(days > 0, (ok & due).sum(axis=0) / np.maximum(days, 1), 1.0)


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
