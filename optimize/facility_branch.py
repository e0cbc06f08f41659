"""Branch-and-bound over open/closed decisions, bounded by the Lagrangian relaxation.

Each node of the search tree fixes some facilities open or closed. Its lower bound is the
Lagrangian bound L(u) of optimize.facility_lagrange under those fixings, with the customer
prices u re-optimised for the node by a short subgradient run that starts from the parent's
prices (a child differs from its parent by one facility, so few steps are needed). This is
the scheme of Görtz & Klose (2012, INFORMS J. Computing 24:597), which re-prices customers at
every node; a Benders master keeps its cuts fixed and needed far larger trees on capb/capc.

A node is pruned when its bound reaches the best plan's cost less the allowed gap; probing
then fixes more facilities inside the node; the search branches on the facility whose
averaged Lagrangian decision is most undecided, and always expands the node with the lowest
bound (best first), so the smallest open bound is the proven lower bound at any moment.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import time
from dataclasses import dataclass, field

import numpy as np

from optimize.facility import FacilityInstance, relative_gap_of
from optimize.facility_lagrange import StepLength, lagrangian_bound, polyak_step, probe
from optimize.facility_search import improve_uncapacitated, kicks, uncapacitated, warm_start
from optimize.facility_transport import PlanBook

_log = logging.getLogger(__name__)

# Subgradient steps per node, the first step length, and stalls before halving it.
_NODE_STEPS = 40
_NODE_STEP = 0.5
_STALL = 5
# Every this many nodes the node's own Lagrangian plan is priced exactly (a heuristic);
# without capacities every node's plan is, and a local search starts from those within
# this factor of the best plan's cost.
_PRICE_EVERY = 10
_NEAR = 1.005
# Without capacities the search runs in stretches of this share of the time limit, with
# local-search kicks (this share) in between.
_SEARCH_SHARE = 0.1
_KICK_SHARE = 0.05


@dataclass(order=True)
class Node:
    """Open subproblem: fixings ``lower <= y <= upper`` and its parent's prices."""

    bound: float
    order: int
    lower: np.ndarray = field(compare=False)
    upper: np.ndarray = field(compare=False)
    prices: np.ndarray = field(compare=False)


def restrict(instance: FacilityInstance, keep: np.ndarray) -> FacilityInstance:
    """The same customers with only facilities ``keep`` (forcing travels in the bounds)."""
    return FacilityInstance(
        capacity=instance.capacity[keep],
        fixed_cost=instance.fixed_cost[keep],
        demand=instance.demand,
        cost=instance.cost[keep],
        p=instance.p,
    )


def node_bound(instance, prices, lower, upper, target: float, cutoff: float):
    """Short subgradient run: (best L, its prices, averaged decisions, last decisions)."""
    best, best_prices, average, y = -np.inf, prices, None, None
    step = StepLength(_NODE_STEP, patience=_STALL)
    for _ in range(_NODE_STEPS):
        bound, y, _, shares = lagrangian_bound(instance, prices, lower, upper)
        if y is None:
            return np.inf, prices, None, None
        average = y if average is None else 0.8 * average + 0.2 * y
        step.update(bound > best)
        if bound > best:
            best, best_prices = bound, prices
        if best >= cutoff:
            break
        prices = polyak_step(prices, bound, target, 1.0 - y @ shares, step.length)
        if prices is None:
            break
    return best, best_prices, average, y


@dataclass
class Search:
    """The tree search; ``evaluate(y)`` prices a plan of the restricted instance exactly."""

    instance: FacilityInstance
    evaluate: object
    best_total: object
    relative_gap: float
    pruned: float = np.inf
    nodes: int = 0
    heap: list = field(default_factory=list)
    whole: bool = False

    def __post_init__(self) -> None:
        self.whole = self.instance.integral_objective()

    def cutoff(self) -> float:
        """Nodes bounded at or above this cannot hold a plan worth finding."""
        best = self.best_total()
        if not np.isfinite(best):
            return np.inf
        # Half the allowed gap: the final gap, recomputed in floating point, stays inside it.
        allowed = 0.5 * self.relative_gap * max(1.0, abs(best))
        if self.whole:
            # Plans cost whole numbers: a bound above best - 1 leaves nothing cheaper.
            allowed = max(allowed, 1.0 - 1e-9 * max(1.0, abs(best)))
        return best - allowed

    def _prune(self, bound: float) -> None:
        self.pruned = min(self.pruned, self.instance.round_bound(bound))

    def bound(self) -> float:
        """Proven lower bound: no plan outside the open nodes beats ``pruned``."""
        open_min = self.instance.round_bound(self.heap[0].bound) if self.heap else np.inf
        return min(self.pruned, open_min, self.best_total())

    def run(self, deadline: float) -> float:
        """Expand nodes, lowest bound first, until none is left or ``deadline``."""
        while self.heap and time.perf_counter() < deadline:
            node = heapq.heappop(self.heap)
            if node.bound >= self.cutoff():
                self._prune(node.bound)
                continue
            self._expand(node)
        return self.bound()

    def _expand(self, node: Node) -> None:
        self.nodes += 1
        inst = self.instance
        bound, prices, average, y = node_bound(
            inst, node.prices, node.lower, node.upper, self.best_total(), self.cutoff()
        )
        bound = max(bound, node.bound)
        if y is not None and (self.whole or self.nodes % _PRICE_EVERY == 1):
            self.evaluate(np.ceil(y - 1e-9))
        if y is None:
            return  # no plan satisfies this node's fixings
        if bound >= self.cutoff():
            self._prune(bound)
            return
        lower, upper = probe(inst, prices, node.lower, node.upper, self.best_total())
        free = np.flatnonzero(lower < upper)
        if free.size == 0:
            # Every facility is decided: the plan's exact cost is this leaf's bound.
            self.pruned = min(self.pruned, self.evaluate(lower).total)
            return
        pick = free[np.argmin(np.abs(average[free] - 0.5))]
        for value in (0.0, 1.0):
            child_lower, child_upper = lower.copy(), upper.copy()
            child_lower[pick] = child_upper[pick] = value
            child = Node(bound, self.nodes * 2 + int(value), child_lower, child_upper, prices)
            heapq.heappush(self.heap, child)


def solve_lagrange(
    instance: FacilityInstance,
    deadline: float,
    relative_gap: float,
    workers: int,
    seed: int,
    started: float,
):
    """Warm start, root probing, then the best-first Lagrangian branch-and-bound.

    Single-threaded (``workers`` unused); ``seed`` drives the random kicks of the local
    search when there are no capacities, so a run is reproducible.
    """
    book = PlanBook(instance)
    lagrange, bound = warm_start(instance, book, started, deadline, relative_gap)
    bound = instance.round_bound(bound)
    best = book.best_total()
    if relative_gap_of(best, bound) <= relative_gap or lagrange.best_prices is None:
        return book.solution(bound, started, relative_gap, "lagrange")
    lower, upper = instance.status_bounds()
    if np.isfinite(best):
        lower, upper = probe(instance, lagrange.best_prices, lower, upper, best)
    # Facilities probing closed for good leave the tree's instance altogether.
    keep = np.flatnonzero(upper > 0)
    pricer = KeptPricer(instance, book, keep, deadline)
    search = Search(restrict(instance, keep), pricer, book.best_total, relative_gap)
    search.heap = [Node(bound, 0, lower[keep], upper[keep], lagrange.best_prices)]
    bound = _alternate(instance, book, search, bound, (started, deadline), relative_gap, seed)
    _log.info(
        "branch-and-bound: %d nodes, bound %.6f, %.2fs",
        search.nodes,
        bound,
        time.perf_counter() - started,
    )
    return book.solution(bound, started, relative_gap, "lagrange")


class KeptPricer:
    """Prices a plan of the kept facilities as a plan of the whole instance.

    Without capacities pricing is cheap, so a local search also starts from every new plan
    within ``_NEAR`` of the best one.
    """

    def __init__(self, instance: FacilityInstance, book: PlanBook, keep, deadline: float):
        self.instance, self.book, self.keep, self.deadline = instance, book, keep, deadline
        self.cheap = uncapacitated(instance)
        self.lower, self.upper = instance.status_bounds()

    def __call__(self, y_kept: np.ndarray):
        y = np.zeros(self.instance.shape[0])
        y[self.keep] = y_kept
        known = y.tobytes() in self.book.plans
        plan = self.book(y)
        if self.cheap and not known and plan.total < _NEAR * self.book.best_total():
            improve_uncapacitated(
                self.instance, self.book, self.lower, self.upper, self.deadline, plan
            )
        return plan


def _alternate(instance, book, search: Search, bound, window, relative_gap, seed) -> float:
    """Run the tree search; without capacities, interleave it with local-search kicks.

    Easy instances finish within the first stretch; when the tree stalls it is usually for
    want of the optimal plan, which the kicks of the iterated local search often find.
    """
    started, deadline = window
    stretch = deadline - started
    cheap = uncapacitated(instance)
    for round_ in itertools.count():
        until = min(deadline, time.perf_counter() + _SEARCH_SHARE * stretch) if cheap else deadline
        bound = max(bound, search.run(until))
        done = relative_gap_of(book.best_total(), bound) <= relative_gap or not search.heap
        if done or time.perf_counter() >= deadline:
            break
        kick_until = min(deadline, time.perf_counter() + _KICK_SHARE * stretch)
        kicks(instance, book, bound, relative_gap, kick_until, seed + round_)
    return bound
