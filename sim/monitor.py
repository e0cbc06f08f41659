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
                   "redeployment", "layoff", "workstations", "rule_work")
TRANSFER_FIELDS = ("pending", "in_progress", "done")
EVENT_FIELDS = ("day", "event", "child", "county", "kind", "care", "from_institution",
                "to_institution", "rule")
# per year and county of the child: children entering long-term guardianship (found infants
# formally admitted, direct cases, converted temporary cases) and long-term children leaving
# care (adopted, died, aged out)
YEARLY_FIELDS = ("long_term_entries", "long_term_exits")


def added(daily: np.ndarray, fields: slice) -> np.ndarray:
    """[..., I] a group of a daily record's fields added up: children in residence
    (``BY_CARE``), staff on the roll (``STAFF``). Integers come back as 64-bit ones, as
    numpy's ``sum`` gives them.

    The fields are added one after another. numpy's ``sum`` along so short a last axis adds
    them in the same order (floats bit for bit, up to seven fields), at several times the
    cost."""
    first, *rest = range(*fields.indices(daily.shape[-1]))
    out = daily[..., first].astype(np.int64 if daily.dtype.kind in "iu" else daily.dtype)
    for f in rest:
        out += daily[..., f]
    return out


_FLOW = {name: k for k, name in enumerate(FLOW_FIELDS)}
_YEARLY = {name: k for k, name in enumerate(YEARLY_FIELDS)}
_FLOWS, _YEARS = len(FLOW_FIELDS), len(YEARLY_FIELDS)


class Monitor:
    """Preallocated records of one replication."""

    def __init__(self, world, events: bool = True):
        days, n = world.days, len(world.institutions)
        years = int(world.year_idx[-1]) + 1
        self.daily = np.zeros((days, n, len(DAILY_FIELDS)), np.int32)
        self.cost_to_date = np.zeros((days, n), np.float64)
        self.costs = np.zeros((years, n, len(COST_CATEGORIES)))
        self.wages = np.zeros((years, n, 3))         # wages by staff role
        # counted in plain lists (an event adds one; numpy's element access costs more than
        # the count), read as arrays once the replication ends
        self._flows = [0] * (n * len(FLOW_FIELDS))
        self._yearly = [0] * (years * len(world.counties) * len(YEARLY_FIELDS))
        self._shapes = ((n, len(FLOW_FIELDS)), (years, len(world.counties), len(YEARLY_FIELDS)))
        self._counties = len(world.counties)
        self.year_idx = world.year_of_day
        self.transfers = np.zeros((days, max(len(world.campaigns), 1), len(TRANSFER_FIELDS)),
                                  np.int32)
        self.booked: list[tuple[int, int, str, float]] = []
        self.last_day = days - 1
        self.keep_events = events
        # numbers only, the event and its rule by code: EVENT_FIELDS after EVENT_FIELDS in
        # one flat list (made into a table at once when the replication ends)
        self.events: list[float] = []
        self.rules: dict[str, int] = {"": 0}
        self.kinds: dict[str, int] = {}     # event name -> code

    @property
    def flows(self) -> np.ndarray:
        """[I, FLOW_FIELDS] children in and out of each institution."""
        return np.array(self._flows, np.int64).reshape(self._shapes[0])

    @property
    def yearly(self) -> np.ndarray:
        """[Y, C, YEARLY_FIELDS] long-term entries and exits by year and county."""
        return np.array(self._yearly, np.int64).reshape(self._shapes[1])

    def flow(self, inst: int, name: str) -> None:
        self._flows[inst * _FLOWS + _FLOW[name]] += 1

    def tally(self, t: float, county: int, name: str) -> None:
        """Count a child entering or leaving long-term care in the year of day ``t``."""
        d, last = int(t), self.last_day
        year = self.year_idx[last if last < d else d]
        self._yearly[(year * self._counties + county) * _YEARS + _YEARLY[name]] += 1

    def event(self, t: float, what: str, child, src: int, dst: int, rule: str = "") -> None:
        if self.keep_events:
            rules, kinds = self.rules, self.kinds
            code = rules.get(rule)
            if code is None:
                code = rules[rule] = len(rules)
            kind = kinds.get(what)
            if kind is None:
                kind = kinds[what] = len(kinds)
            if child is None:
                self.events.extend((t, kind, -1, -1, -1, -1, src, dst, code))
            else:
                self.events.extend((t, kind, child.id, child.county, child.kind, child.care,
                                    src, dst, code))

    def book(self, day: float, inst: int, category: str, yuan: float) -> None:
        """A cost that falls on one day (a hire, a transfer, a layoff, a building)."""
        self.booked.append((min(int(day), self.last_day), inst, category, float(yuan)))
