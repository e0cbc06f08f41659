"""What a replication records: daily counts per institution, flows, costs and the event log.

Records are flat and their field names are the report's column names. The daily arrays are
filled by the daily accounting process; the event log has one record per event, naming the
rule (key and clause) that drove it.
"""

from __future__ import annotations

import numpy as np

DAILY_FIELDS = (
    "self_care", "semi_self_care", "full_care",            # residential children by care level
    "long_term", "temporary", "awaiting_admission",        # residential children by kind
    "foster", "beds", "caregivers_required", "caregivers", "professionals", "other_staff",
)
# where each group of fields sits in a daily record
BY_CARE, BY_KIND, FOSTER, BEDS, REQUIRED, STAFF = (
    slice(0, 3), slice(3, 6), 6, 7, 8, slice(9, 12))
LONG_TERM_FIELD, AWAITING_FIELD = 3, 5
PROFESSIONALS = 10
FLOW_FIELDS = ("start", "arrivals", "transfers_in", "exits", "transfers_out", "end")
COST_CATEGORIES = ("allowance", "wages", "operations", "capital", "transfers", "hiring",
                   "redeployment", "layoff", "workstations")
TRANSFER_FIELDS = ("pending", "in_progress", "done")
EVENT_FIELDS = ("day", "event", "child", "county", "kind", "care", "from_institution",
                "to_institution", "rule")
# per year and county of the child: children entering long-term guardianship (found infants
# formally admitted, direct cases, converted temporary cases) and long-term children leaving
# care (adopted, died, aged out)
YEARLY_FIELDS = ("long_term_entries", "long_term_exits")


class Monitor:
    """Preallocated records of one replication."""

    def __init__(self, world, events: bool = True):
        days, n = world.days, len(world.institutions)
        years = int(world.year_idx[-1]) + 1
        self.daily = np.zeros((days, n, len(DAILY_FIELDS)), np.int32)
        self.cost_to_date = np.zeros((days, n), np.float64)
        self.costs = np.zeros((years, n, len(COST_CATEGORIES)))
        self.wages = np.zeros((years, n, 3))         # wages by staff role
        self.flows = np.zeros((n, len(FLOW_FIELDS)), np.int64)
        self.yearly = np.zeros((years, len(world.counties), len(YEARLY_FIELDS)), np.int64)
        self.year_idx = world.year_idx
        self.transfers = np.zeros((days, max(len(world.campaigns), 1), len(TRANSFER_FIELDS)),
                                  np.int32)
        self.booked: list[tuple[int, int, str, float]] = []
        self.last_day = days - 1
        self.keep_events = events
        self.events: list[tuple] = []
        self.rules: dict[str, int] = {"": 0}

    def flow(self, inst: int, name: str) -> None:
        self.flows[inst, FLOW_FIELDS.index(name)] += 1

    def tally(self, t: float, county: int, name: str) -> None:
        """Count a child entering or leaving long-term care in the year of day ``t``."""
        year = self.year_idx[min(int(t), self.last_day)]
        self.yearly[year, county, YEARLY_FIELDS.index(name)] += 1

    def event(self, t: float, what: str, child, src: int, dst: int, rule: str = "") -> None:
        if self.keep_events:
            code = self.rules.setdefault(rule, len(self.rules))
            self.events.append((t, what, child.id if child is not None else -1,
                                child.county if child is not None else -1,
                                child.kind if child is not None else -1,
                                child.care if child is not None else -1, src, dst, code))

    def book(self, day: float, inst: int, category: str, yuan: float) -> None:
        """A cost that falls on one day (a hire, a transfer, a layoff, a building)."""
        self.booked.append((min(int(day), self.last_day), inst, category, float(yuan)))
