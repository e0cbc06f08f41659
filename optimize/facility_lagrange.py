"""Lagrangian relaxation of "each customer fully served": prices, bounds and facility fixing.

Give every customer j a price u_j and drop constraint (1) of optimize.facility. A facility
then sells service to whichever customers pay more than it costs to serve them, within its
capacity; its best sale is a continuous knapsack (customers by decreasing profit per unit)::

    kappa_i(u) = min { sum_j (c_ij - u_j) x_ij : sum_j d_j x_ij <= s_i, 0 <= x_ij <= 1 }

For ANY prices u and any set of open facilities y, weak duality gives the Benders cut used
by optimize.facility_benders::

    cost of serving everybody from y  >=  sum_j u_j + sum_i kappa_i(u) y_i          (B1)

Minimising f_i y_i + (B1) over y under (4) "enough capacity opens" (a covering knapsack,
solved exactly by dynamic programming when capacities are integers), (5) p and (6) forcing
gives the Lagrangian bound L(u); a subgradient method raises it. Every y it visits is a real
plan candidate (it satisfies (4)), so the phase also finds first plans. Probing then fixes a
facility when flipping it would push L(u) above the best plan's cost.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from optimize.facility import FacilityInstance

# Dynamic programming over capacity units is used while table size stays below this.
_DP_CELLS = 20_000_000


def facility_values(instance: FacilityInstance, prices: np.ndarray):
    """(kappa_i(u) for every facility, the knapsack shares x_ij that attain it)."""
    reduced = instance.cost - prices[None, :]
    take = reduced < 0
    shares = take.astype(float)
    kappa = np.where(take, reduced, 0.0).sum(axis=1)
    tight = np.flatnonzero(take.astype(float) @ instance.demand > instance.capacity)
    if tight.size:
        kappa[tight], shares[tight] = _continuous_knapsack(
            reduced[tight], instance.demand, instance.capacity[tight]
        )
    return kappa, shares


def _continuous_knapsack(reduced, demand, capacity) -> tuple[np.ndarray, np.ndarray]:
    # Most profitable per unit first; zero-demand customers cost no capacity, so go first.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(demand > 0, reduced / demand, -np.inf)
    ratio = np.where(reduced < 0, ratio, np.inf)
    order = np.argsort(ratio, axis=1, kind="stable")
    wanted = np.take_along_axis(ratio, order, 1) < np.inf  # the profitable customers
    size = np.where(wanted, demand[order], 0.0)
    before = np.cumsum(size, axis=1) - size
    room = (capacity[:, None] - before) / np.where(size > 0, size, 1.0)
    fraction = np.where(wanted, np.clip(room, 0.0, 1.0), 0.0)
    fraction = np.where(wanted & (size == 0), 1.0, fraction)
    shares = np.zeros_like(reduced)
    np.put_along_axis(shares, order, fraction, 1)
    return (reduced * shares).sum(axis=1), shares


def feasible_bounds(instance: FacilityInstance, lower, upper) -> bool:
    """Can any plan respect these fixings, (4) enough capacity and (5) p?"""
    if upper.sum() < 1 or instance.usable_capacity @ upper < instance.total_demand * (1 - 1e-12):
        return False
    return instance.p is None or lower.sum() <= instance.p <= upper.sum()


def choose_open(instance: FacilityInstance, value, lower, upper) -> np.ndarray | None:
    """Cheapest y under (4) enough capacity, (5) p and (6) bounds; None when none exists.

    With p given only (5) is kept (dropping (4) keeps it a relaxation). Otherwise every
    facility with negative value opens, and the capacity still missing is covered by an
    exact covering knapsack (integer capacities) or its LP relaxation (y fractional).
    """
    if not feasible_bounds(instance, lower, upper):
        return None
    free = np.flatnonzero(lower < upper)
    y = lower.copy()
    if instance.p is not None:
        extra = instance.p - int(lower.sum())
        y[free[np.argsort(value[free], kind="stable")[:extra]]] = 1.0
        return y
    y[free[value[free] < 0]] = 1.0
    missing = instance.total_demand - instance.usable_capacity @ y
    rest = free[value[free] >= 0]
    if missing > 0 and rest.size:
        # A facility larger than the shortfall covers it alone: cap sizes (keeps DP small).
        y[rest] = _cover(value[rest], np.minimum(instance.capacity[rest], missing), missing)
    if y.sum() == 0 and free.size:
        y[free[np.argmin(value[free])]] = 1.0  # at least one facility serves (D may be 0)
    return y


def _cover(value, size, need) -> np.ndarray:
    """min value @ z  s.t.  size @ z >= need,  z in {0,1} (DP) or [0,1] (LP fallback)."""
    integral = bool(np.isfinite(size).all() and np.allclose(size, np.round(size)))
    if integral:
        unit = math.gcd(*(int(s) for s in np.round(size))) or 1
        units = (np.round(size) // unit).astype(np.int64)
        goal = math.ceil(need / unit - 1e-9)
        if goal * len(size) <= _DP_CELLS:
            return _cover_dp(value, units, goal)
    return _cover_lp(value, size, need)


def _cover_dp(value, units, goal) -> np.ndarray:
    best = np.full(goal + 1, np.inf)
    best[0] = 0.0
    index = np.arange(goal + 1)
    taken = np.zeros((len(value), goal + 1), dtype=bool)
    for k in range(len(value)):
        candidate = best[np.maximum(index - units[k], 0)] + value[k]
        taken[k] = candidate < best
        best = np.where(taken[k], candidate, best)
    chosen = np.zeros(len(value))
    left = goal
    for k in range(len(value) - 1, -1, -1):
        if left > 0 and taken[k, left]:
            chosen[k], left = 1.0, max(0, left - int(units[k]))
    return chosen


def _cover_lp(value, size, need) -> np.ndarray:
    chosen = np.zeros(len(value))
    useful = np.flatnonzero(size > 0)
    for k in useful[np.argsort(value[useful] / size[useful], kind="stable")]:
        if need <= 0:
            break
        if not np.isfinite(size[k]) or size[k] >= need:
            chosen[k] = min(1.0, need / size[k]) if np.isfinite(size[k]) else 1.0
            break
        chosen[k], need = 1.0, need - size[k]
    return chosen


def lagrangian_bound(instance: FacilityInstance, prices, lower, upper):
    """L(u), the y attaining it, kappa(u) and the knapsack shares x(u); L = inf, y = None
    when the fixings admit no plan."""
    kappa, shares = facility_values(instance, prices)
    value = instance.fixed_cost + kappa
    y = choose_open(instance, value, lower, upper)
    if y is None:
        return np.inf, None, kappa, shares
    bound = float(prices.sum() + value @ y)
    # Above any plan's cost the fixings admit no plan (the prices diverge toward there).
    return (np.inf if bound > instance.cost_ceiling else bound), y, kappa, shares


@dataclass
class LagrangeResult:
    """What the subgradient phase learnt: bound, prices for cuts, the best plan it saw."""

    bound: float = -np.inf
    best_prices: np.ndarray | None = None
    prices: list[np.ndarray] = field(default_factory=list)
    incumbent: object = None
    upper: float = np.inf


class StepLength:
    """Subgradient step length: halved after ``patience`` steps without a better bound."""

    def __init__(self, length: float, patience: int):
        self.length, self.patience, self.stalled = length, patience, 0

    def update(self, improved: bool) -> None:
        self.stalled = 0 if improved else self.stalled + 1
        if self.stalled >= self.patience:
            self.length, self.stalled = self.length / 2, 0


def polyak_step(prices, bound: float, target: float, direction, length: float):
    """Move prices along the subgradient by length * (target - L) / |g|^2; None at a stop.

    Without a plan yet (target inf) aim 5% above the bound, as is customary.
    """
    norm = float(direction @ direction)
    if norm < 1e-12:
        return None  # every customer exactly served: the bound cannot rise this way
    if not np.isfinite(target):
        target = bound + 0.05 * abs(bound) + 1.0
    return prices + length * (target - bound) / norm * direction


def subgradient(
    instance: FacilityInstance,
    evaluate: Callable[[np.ndarray], object],
    lower: np.ndarray,
    upper: np.ndarray,
    deadline: float,
    iterations: int = 300,
    relative_gap: float = 1e-9,
) -> LagrangeResult:
    """Raise L(u) by subgradient steps (Polyak rule toward the best plan's cost).

    ``evaluate(y)`` prices a plan exactly and returns an object with ``.total`` (inf when
    infeasible) and ``.prices`` (transport duals, turned into cuts by the caller). Prices
    start at each customer's cheapest cost.
    """
    result, seen = LagrangeResult(), set()
    prices = instance.cost.min(axis=0).astype(float)
    step = StepLength(2.0, patience=20)
    for iteration in range(iterations):
        bound, y, _, shares = lagrangian_bound(instance, prices, lower, upper)
        if y is None or bound == np.inf:
            result.bound = np.inf  # no plan respects the forcing, or none serves everybody
            break
        result.prices.append(prices.copy())
        improved = bound > result.bound + 1e-12 * abs(bound)
        if improved or iteration % 5 == 0:
            # Rounding fractional y up keeps (4) satisfied, so the plan is feasible.
            _try_plan(result, evaluate, np.ceil(y - 1e-9), seen)
        if improved:
            result.bound, result.best_prices = bound, prices.copy()
        step.update(improved)
        closed = result.upper - result.bound <= relative_gap * max(1.0, abs(result.upper))
        if closed or step.length < 1e-4 or time.perf_counter() > deadline:
            break
        prices = polyak_step(prices, bound, result.upper, 1.0 - y @ shares, step.length)
        if prices is None:
            break
    return result


def _try_plan(result: LagrangeResult, evaluate, y: np.ndarray, seen: set) -> None:
    key = y.tobytes()
    if key in seen:
        return
    seen.add(key)
    plan = evaluate(y)
    if plan.prices is not None:
        result.prices.append(plan.prices)
    if plan.total < result.upper:
        result.upper, result.incumbent = plan.total, plan


def probe(instance: FacilityInstance, prices, lower, upper, best_cost: float):
    """Fix each facility whose flip would make L(u) exceed ``best_cost``; new (lower, upper)."""
    kappa, _ = facility_values(instance, prices)
    value = instance.fixed_cost + kappa
    base = choose_open(instance, value, lower, upper)
    margin = 1e-9 * max(1.0, abs(best_cost))
    lower, upper = lower.copy(), upper.copy()
    for i in np.flatnonzero(lower < upper) if base is not None else ():
        keep = 1.0 if base[i] > 0.5 else 0.0
        flipped_lower, flipped_upper = lower.copy(), upper.copy()
        flipped_lower[i] = flipped_upper[i] = 1.0 - keep
        y = choose_open(instance, value, flipped_lower, flipped_upper)
        if y is None or prices.sum() + value @ y > best_cost + margin:
            lower[i] = upper[i] = keep
    return lower, upper
