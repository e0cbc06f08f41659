"""Facility location: which facilities to open, and which customers each one serves.

A planner has m candidate facilities (homes, warehouses, depots) and n customers (towns,
stores, children to place). Opening facility i costs ``fixed_cost[i]`` and lets it serve at
most ``capacity[i]`` units of demand; serving ALL of customer j's ``demand[j]`` from i costs
``cost[i, j]`` (a total, as in OR-Library, not a per-unit cost). Every customer must be
served in full. Some facilities may be forced open or closed; ``p`` fixes how many open
(p-median); ``single_source`` says each customer is served by exactly one facility.

Compact formulation (y_i = 1 if i opens, x_ij = share of j's demand served by i)::

    min  sum_i f_i y_i + sum_ij c_ij x_ij
    (1)  sum_i x_ij = 1                   each customer fully served
    (2)  sum_j d_j x_ij <= s_i y_i        capacity, and only at open facilities
    (3)  x_ij <= y_i                      linking; tightens (2), needed when d_j = 0
    (4)  sum_i s_i y_i >= sum_j d_j       enough capacity opens (valid, tightens bounds)
    (5)  sum_i y_i = p                    p-median only
    (6)  y_i = 1 forced open, y_i = 0 forced closed
    (7)  y binary; x in [0, 1] (splittable) or x binary (single source)

How it is solved, chosen by measurement (bench/bench_orlib.py, 2 cores, 60 s limit):

* splittable demand: a Lagrangian branch-and-bound (optimize.facility_branch). Relaxing (1)
  with customer prices gives, per facility, a continuous knapsack and, over y, a covering
  knapsack for (4); its bound beats the LP bound of (1)-(7). A subgradient phase, a local
  search and probing come first; each tree node then re-prices the customers. It proves
  all 12 capa/b/c (100 x 1000) in at most ~10 s, where the textbook model with SCIP proves
  1 of 12 in 60 s; the full strong LP alone takes 16-34 s (GLOP, CLP, HiGHS) and an LP
  cutting-plane loop re-solving from scratch was slower still. Benders decomposition with
  the same cuts (optimize.facility_benders: SCIP branch-and-cut through MathOpt with a
  lazy-cut callback) proved 10 of 12: a master with fixed cuts needs far larger trees.
* single source: the compact model on CP-SAT with 8 workers (optimize.facility_cpsat);
  all 71 Holmberg instances proven (max 51 s), against 69 for SCIP and 68 for CP-SAT with
  2 workers. SCIP (optimize.facility_compact) takes over when the data are not integers.
* p-median and other uncapacitated cases use the Lagrangian branch-and-bound too, where
  plans are priced in closed form and an exact swap local search finds the optimum.

Statuses: OPTIMAL, FEASIBLE (a plan, not proven optimal), INFEASIBLE (proven: no plan
exists), UNKNOWN (time ran out with neither a plan nor a proof). OPTIMAL means proven to
``relative_gap``: objective - bound <= relative_gap * max(1, |obj|),
with the objective recomputed from the returned plan. The default 1e-9 is below the 3
decimals OR-Library publishes; pywraplp's own default (1e-4) is not used anywhere.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

OPTIMAL, FEASIBLE, INFEASIBLE = "OPTIMAL", "FEASIBLE", "INFEASIBLE"
# Time ran out before any plan was found and before infeasibility was proven.
UNKNOWN = "UNKNOWN"
METHODS = ("auto", "lagrange", "benders", "compact", "cpsat")


def _frozen_array(values, name: str, ndim: int) -> np.ndarray:
    array = np.array(values, dtype=float)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class FacilityInstance:
    """One facility-location problem; arrays are copied and made read-only."""

    capacity: np.ndarray
    fixed_cost: np.ndarray
    demand: np.ndarray
    cost: np.ndarray
    force_open: tuple[int, ...] = ()
    force_closed: tuple[int, ...] = ()
    p: int | None = None
    single_source: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        for attr, ndim in (("capacity", 1), ("fixed_cost", 1), ("demand", 1), ("cost", 2)):
            object.__setattr__(self, attr, _frozen_array(getattr(self, attr), attr, ndim))
        for attr in ("force_open", "force_closed"):
            object.__setattr__(self, attr, tuple(sorted({int(i) for i in getattr(self, attr)})))
        self._validate()

    def _validate(self) -> None:
        m, n = self.cost.shape
        if self.capacity.shape != (m,) or self.fixed_cost.shape != (m,):
            raise ValueError(f"capacity and fixed_cost need {m} entries (rows of cost)")
        if self.demand.shape != (n,):
            raise ValueError(f"demand needs {n} entries (columns of cost)")
        if m == 0 or n == 0:
            raise ValueError("need at least one facility and one customer")
        if np.isnan(self.capacity).any() or (self.capacity < 0).any():
            raise ValueError("capacities must be non-negative (np.inf for unlimited)")
        for attr in ("fixed_cost", "demand", "cost"):
            if not np.isfinite(getattr(self, attr)).all():
                raise ValueError(f"{attr} must be finite")
        if (self.demand < 0).any():
            raise ValueError("demands must be non-negative")
        forced = self.force_open + self.force_closed
        if any(i < 0 or i >= m for i in forced):
            raise ValueError(f"forced facility indices must lie in 0..{m - 1}")
        if set(self.force_open) & set(self.force_closed):
            raise ValueError("a facility cannot be forced both open and closed")
        if self.p is not None and not 1 <= self.p <= m:
            raise ValueError(f"p must lie in 1..{m}")

    @property
    def shape(self) -> tuple[int, int]:
        """(facilities, customers)."""
        return self.cost.shape

    @property
    def total_demand(self) -> float:
        return float(self.demand.sum())

    @cached_property
    def usable_capacity(self) -> np.ndarray:
        """Capacities capped at total demand (finite, so ``usable_capacity @ y`` is safe)."""
        capped = np.minimum(self.capacity, max(self.total_demand, 1.0))
        capped.setflags(write=False)
        return capped

    def status_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bound of each y_i after forcing (6)."""
        lower, upper = np.zeros(self.shape[0]), np.ones(self.shape[0])
        lower[list(self.force_open)] = 1.0
        upper[list(self.force_closed)] = 0.0
        return lower, upper

    def plan_cost(self, open_mask: np.ndarray, assignment: np.ndarray) -> float:
        """Objective of a plan: fixed costs of the open facilities plus serving costs."""
        return float(self.fixed_cost @ open_mask + (self.cost * assignment).sum())

    @cached_property
    def cost_ceiling(self) -> float:
        """No plan costs more: every positive fixed cost plus each customer's dearest cost.
        A lower bound above it proves that no plan exists."""
        return float(np.maximum(self.fixed_cost, 0).sum() + self.cost.max(axis=0).sum())

    def integral_objective(self) -> bool:
        """Do optimal plans cost a whole number? True when all costs are integers and some
        optimal plan serves every customer from one facility (single source, or no
        capacity below total demand). Bounds may then be rounded up."""
        whole = np.array_equal(self.cost, np.round(self.cost)) and np.array_equal(
            self.fixed_cost, np.round(self.fixed_cost)
        )
        return whole and (self.single_source or bool((self.capacity >= self.total_demand).all()))

    def round_bound(self, bound: float) -> float:
        """``bound`` rounded up to a whole number when ``integral_objective()``."""
        if not np.isfinite(bound) or not self.integral_objective():
            return bound
        return float(np.ceil(bound - 1e-9 * max(1.0, abs(bound))))

    def replace(self, **changes) -> FacilityInstance:
        """A copy with some fields changed (e.g. force_open=(3,))."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, eq=False)
class Solution:
    """What ``solve`` found; ``assignment[i, j]`` is the share of customer j served by i."""

    status: str
    objective: float | None
    bound: float
    gap: float
    seconds: float
    open_facilities: tuple[int, ...] = ()
    assignment: np.ndarray | None = field(default=None, repr=False)
    method: str = ""

    def to_dict(self) -> dict:
        """JSON-ready summary (no assignment matrix)."""
        return {
            "objective": self.objective,
            "bound": None if not np.isfinite(self.bound) else self.bound,
            "gap": None if not np.isfinite(self.gap) else self.gap,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "open": list(self.open_facilities),
            "method": self.method,
        }


def relative_gap_of(objective: float | None, bound: float) -> float:
    """(objective - bound) / max(1, |objective|); inf without a plan or a bound."""
    if objective is None or not np.isfinite(bound):
        return float("inf")
    return max(0.0, objective - bound) / max(1.0, abs(objective))


def make_solution(
    instance: FacilityInstance,
    open_mask: np.ndarray | None,
    assignment: np.ndarray | None,
    bound: float,
    started: float,
    relative_gap: float,
    method: str,
) -> Solution:
    """Recompute the objective from the plan, then decide OPTIMAL / FEASIBLE / INFEASIBLE."""
    seconds = time.perf_counter() - started
    if open_mask is None or assignment is None:
        status = INFEASIBLE if bound == np.inf else UNKNOWN
        return Solution(status, None, bound, float("inf"), seconds, method=method)
    objective = instance.plan_cost(open_mask, assignment)
    bound = min(bound, objective)
    gap = relative_gap_of(objective, bound)
    status = OPTIMAL if gap <= relative_gap else FEASIBLE
    opened = tuple(int(i) for i in np.flatnonzero(open_mask > 0.5))
    return Solution(status, objective, bound, gap, seconds, opened, assignment, method)


def obviously_infeasible(instance: FacilityInstance) -> str | None:
    """A reason no plan can exist, found without search; None when none is found."""
    m = instance.shape[0]
    lower, upper = instance.status_bounds()
    usable = instance.capacity[upper > 0].sum()
    if usable < instance.total_demand:
        return f"total capacity {usable:g} of usable facilities < total demand"
    if upper.sum() == 0:
        return "every facility is forced closed"
    if instance.p is not None and not lower.sum() <= instance.p <= upper.sum():
        return f"p = {instance.p} cannot be met with the forced facilities (m = {m})"
    too_big = instance.demand[:, None] > instance.capacity[None, upper > 0]
    if instance.single_source and too_big.all(axis=1).any():
        return "a customer's demand exceeds every usable capacity (single source)"
    return None


def solve(
    instance: FacilityInstance,
    time_limit_s: float = 60.0,
    relative_gap: float = 1e-9,
    workers: int = 8,
    seed: int = 0,
    method: str = "auto",
) -> Solution:
    """Solve to proven optimality (``relative_gap``) or until ``time_limit_s`` runs out.

    ``method``: "auto" picks "cpsat" for single source (or "compact" when the data cannot
    be scaled to integers exactly) and "lagrange" for splittable demand. "lagrange"
    (Lagrangian branch-and-bound) and "benders" (SCIP branch-and-Benders-cut) need
    splittable demand, "cpsat" single source; "compact" is the model (1)-(7) on SCIP.
    ``workers`` is CP-SAT's number of search workers (8 beat 2 on a 2-core machine: its
    portfolio matters more than its threads); the other methods run single-threaded.
    ``seed`` makes randomised steps reproducible.
    """
    from optimize.facility_benders import solve_benders
    from optimize.facility_branch import solve_lagrange
    from optimize.facility_compact import solve_compact
    from optimize.facility_cpsat import solve_cpsat

    started = time.perf_counter()
    check_method(instance, method)
    if obviously_infeasible(instance):
        return make_solution(instance, None, None, np.inf, started, relative_gap, "presolve")
    deadline = started + max(0.0, time_limit_s)
    if method == "auto":
        method = "cpsat" if instance.single_source else "lagrange"
    solvers = {
        "lagrange": solve_lagrange,
        "benders": solve_benders,
        "compact": solve_compact,
        "cpsat": solve_cpsat,
    }
    solution = solvers[method](instance, deadline, relative_gap, workers, seed, started)
    if solution is None:  # CP-SAT cannot take these numbers exactly
        solution = solve_compact(instance, deadline, relative_gap, workers, seed, started)
    return solution


def check_method(instance: FacilityInstance, method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if method in ("lagrange", "benders") and instance.single_source:
        raise ValueError(f"method {method!r} needs splittable demand (single_source=False)")
    if method == "cpsat" and not instance.single_source:
        raise ValueError("method 'cpsat' needs single-source demand")
