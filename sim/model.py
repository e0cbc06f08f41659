"""One replication of a region, day by day: children arrive, are cared for, move and leave.

Children arrive in each county as Poisson streams of three kinds. A newly found infant goes
through the intake steps (police report, medical exam, the announcement period, DNA
comparison, county approval, formal admission, household registration), first in county
temporary care if found at night or in an emergency. A long-term case goes where the rules
send it on that day: its county home before the county's switch date, the regional
institution the plan assigns to its county after. A temporary case stays a while at its
county's protection center and either goes home or becomes a long-term case. Each county
home's children move to the regional institution in a transfer campaign of five steps run
by a county team of limited size. Caregivers are hired with a lead time, leave at random,
and are redeployed when a county home transforms. Every day the model counts the children
by care level in each institution, the caregivers the ratios require and those on roll,
and what the day cost.

The children and their moves are SimPy processes; the daily accounting is one process that
works on whole arrays. Nothing here reads a file or a rule: ``sim.world`` answered those.
"""

from __future__ import annotations

import numpy as np

from sim.attrition import Departures
from sim.engine import Beds, Clock
from sim.monitor import BY_CARE, BY_KIND, DAILY_FIELDS, FOSTER, STAFF, Monitor
from sim.scenario import STAFF_ROLES
from sim.streams import Streams
from sim.world import World

LONG_TERM, TEMPORARY, AWAITING = 0, 1, 2
_CARE, _KIND = BY_CARE.start, BY_KIND.start     # the first field of each group
FULL_CARE = 2


class Child:
    __slots__ = ("at", "bed", "birth", "care", "county", "foster", "id", "kind")

    def __init__(self, cid: int, county: int, kind: int, care: int, birth: float):
        self.id, self.county, self.kind, self.care, self.birth = cid, county, kind, care, birth
        self.at = -1
        self.foster = False
        self.bed = None


class Replication:
    """The state of one replication and the processes that change it."""

    def __init__(self, world: World, seed: int, replication: int, events: bool = True):
        self.w = world
        self.env = Clock()
        self.streams = Streams(seed, replication)
        n = len(world.institutions)
        # what the day's record notes, kept as it changes (the columns of DAILY_FIELDS; beds
        # and caregivers required are filled in at the end): the record is one copy a day
        self.state = np.zeros((n, len(DAILY_FIELDS)), np.int64)
        # the same counts as single cells, for a child's moves (a numpy element costs twice
        # a memoryview's): [institution, field]
        self.cells = memoryview(self.state)
        self.children: dict[int, Child] = {}
        self.at: list[set[int]] = [set() for _ in range(n)]
        self.next_id = 0
        self.mon = Monitor(world, events)
        self.transformed = np.zeros(n, bool)
        self.transformed_day: dict[int, int] = {}
        self.in_transition = np.zeros(n, bool)
        self.beds_queue: dict[int, Beds] = {}
        self.staff = self.state[:, STAFF]                          # on roll by role
        self.staff[:] = world.staff_start
        self.pending = np.zeros_like(self.staff)                   # hires under way
        self.pipeline: dict[int, np.ndarray] = {}                  # start day -> heads
        self.staff_changed = True          # the departure rate or hiring needs a new look
        self.moved_with_children: dict[tuple[int, int], int] = {}   # (home, role) -> heads
        # the plan's heads (sim.staffing.target) change on the world's plan days and when a
        # home is transformed or staff move with its children (counted here); the last
        # answer is kept with the day and count it was asked at
        self.plan_changes = 0
        self.wanted, self.wanted_key = None, None
        self.next_departure = float("inf")
        self.attrition_rate = np.zeros(n)
        self.departures = Departures(n * len(STAFF_ROLES))     # who may leave, and how likely
        self.campaign_state = np.zeros((max(len(world.campaigns), 1), 3), np.int64)

    def bed_resource(self, inst: int) -> Beds:
        """Beds as servers, used only where a what-if lets an institution refuse children."""
        beds = self.beds_queue.get(inst)
        if beds is None:
            capacity = max(int(self.w.beds[0, inst]), 1)
            beds = self.beds_queue[inst] = Beds(self.env, capacity)
        return beds

    # --- where a child is -------------------------------------------------------------

    def new_child(self, county: int, kind: int, care: int, birth: float) -> Child:
        child = Child(self.next_id, county, kind, care, birth)
        self.next_id += 1
        self.children[child.id] = child
        return child

    def admit(self, child: Child, inst: int, why: str, rule: str = "") -> None:
        """A child comes into care at an institution (from outside the system)."""
        self._enter(child, inst)
        self.mon.flow(inst, "arrivals")
        self.mon.event(self.env.now, why, child, -1, inst, rule)

    def start_in(self, child: Child, inst: int) -> None:
        """A child already in an institution's care on the first day of the horizon."""
        self._enter(child, inst)
        self.mon.flow(inst, "start")

    def move(self, child: Child, inst: int, why: str, rule: str = "") -> None:
        """A child moves between two institutions (guardianship moves with the child)."""
        src = child.at
        if src == inst:
            return
        self._leave(child)
        self._enter(child, inst)
        self.mon.flow(src, "transfers_out")
        self.mon.flow(inst, "transfers_in")
        self.mon.event(self.env.now, why, child, src, inst, rule)

    def discharge(self, child: Child, why: str, rule: str = "") -> None:
        """A child leaves care: adoption, reunification, aging out, death."""
        src = child.at
        if child.kind == LONG_TERM:
            self.mon.tally(self.env.now, child.county, "long_term_exits")
        self._leave(child)
        del self.children[child.id]
        if child.bed is not None:
            self.beds_queue[child.bed].release()
        self.mon.flow(src, "exits")
        self.mon.event(self.env.now, why, child, src, -1, rule)

    def _enter(self, child: Child, inst: int) -> None:
        child.at = inst
        self.at[inst].add(child.id)
        cells = self.cells
        if child.foster:                        # a long-term child in a foster family
            cells[inst, FOSTER] += 1
        else:                                   # in residence, by care level and kind
            cells[inst, _CARE + child.care] += 1
            cells[inst, _KIND + child.kind] += 1

    def _leave(self, child: Child) -> None:
        inst = child.at
        self.at[inst].discard(child.id)
        cells = self.cells
        if child.foster:
            cells[inst, FOSTER] -= 1
        else:
            cells[inst, _CARE + child.care] -= 1
            cells[inst, _KIND + child.kind] -= 1

    def become_long_term(self, child: Child) -> None:
        """A child in intake or temporary guardianship enters long-term guardianship."""
        self.change(child, kind=LONG_TERM)
        self.mon.tally(self.env.now, child.county, "long_term_entries")

    def change(self, child: Child, care: int | None = None, kind: int | None = None,
               foster: bool | None = None) -> None:
        """Change a child's care level, guardianship kind or placement where it is."""
        self._leave(child)
        child.care = child.care if care is None else care
        child.kind = child.kind if kind is None else kind
        child.foster = child.foster if foster is None else foster
        self._enter(child, child.at)

    # --- routing ----------------------------------------------------------------------

    def long_term_home(self, county: int, day: float) -> tuple[int, str]:
        """Where a long-term child of a county goes on a day, and the rule in force that
        says so (its county home until the home's switch day, then the regional one)."""
        w = self.w
        home = w.home_of[county]
        if home >= 0 and day < w.switch_of[county] and not self.transformed[home]:
            return home, w.home_intake[county].at(day).cite
        return w.regional(county, day), w.to_regional_cite(county, day)
