"""Local search for a good plan: open, close or swap one facility at a time.

A good plan early lets probing fix more facilities and lets the tree search prune more.

* With capacities, pricing a plan exactly means solving a transportation LP, so neighbours
  are first *estimated* with the Benders cut of the current plan (optimize.facility_transport):
  its prices say what each customer would pay elsewhere. The estimate never exceeds the true
  cost, so neighbours estimated no cheaper than the current plan are skipped for good; only
  the few best are priced exactly, and the search moves to the best improving one.
* Without capacities (p-median, capacity >= total demand) a plan costs each customer's
  cheapest open facility, so every drop, add and swap is priced exactly at once from each
  customer's first and second choice; descent takes the best move. An iterated local
  search then "kicks" the best plan (two random swaps) and descends again.
"""

from __future__ import annotations

import time

import numpy as np

from optimize.facility import FacilityInstance
from optimize.facility_lagrange import subgradient
from optimize.facility_transport import cut_terms

# Neighbours priced exactly per round (each one is a transportation LP).
_TRIES = 6
# Facilities swapped at random by one kick of the iterated local search.
_KICK = 2
# Closed facilities whose swaps are scored at once (bounds memory to ~ open * 64 * n floats).
_CHUNK = 64
# Share of the time limit for the subgradient phase, and again for the local search.
_WARM_SHARE = 0.2


def neighbours(instance: FacilityInstance, mask, lower, upper) -> list[np.ndarray]:
    """Plans one move away that keep (4) enough capacity, (5) p and (6) forcing."""
    opened = np.flatnonzero((mask > 0.5) & (lower < 0.5))
    closed = np.flatnonzero((mask < 0.5) & (upper > 0.5))
    moves = [(i, None) for i in opened] + [(None, k) for k in closed]
    moves += [(i, k) for i in opened for k in closed]
    result = []
    for out, into in moves:
        if instance.p is not None and (out is None) != (into is None):
            continue
        plan = mask.copy()
        if out is not None:
            plan[out] = 0.0
        if into is not None:
            plan[into] = 1.0
        if plan.sum() >= 1 and instance.usable_capacity @ plan >= instance.total_demand:
            result.append(plan)
    return result


def improve(instance: FacilityInstance, book, lower, upper, deadline: float):
    """Descend from ``book.best`` while a neighbour priced exactly is cheaper."""
    if uncapacitated(instance):
        improve_uncapacitated(instance, book, lower, upper, deadline)
        return
    while book.best is not None and book.best.prices is not None:
        if time.perf_counter() > deadline:
            return
        current = book.best
        candidates = neighbours(instance, current.open_mask, lower, upper)
        if not candidates:
            return
        constant, coef = cut_terms(instance, current.prices)
        plans = np.array(candidates)
        estimate = plans @ (instance.fixed_cost + coef) + constant
        order = np.argsort(estimate, kind="stable")
        for index in order[:_TRIES]:
            if estimate[index] >= current.total:
                break
            book(plans[index])
        if book.best is current:
            return


def uncapacitated(instance: FacilityInstance) -> bool:
    """No capacity can bind: a plan's cost is each customer's cheapest open facility."""
    return bool((instance.capacity >= instance.total_demand).all())


def move_costs(instance: FacilityInstance, mask: np.ndarray):
    """Exact cost of every drop, add and swap when capacities cannot bind.

    Returns (drop[a], add[k], swap[a, k]) for a over open and k over closed facilities,
    using each customer's cheapest and second-cheapest open facility.
    """
    opened, closed = np.flatnonzero(mask > 0.5), np.flatnonzero(mask < 0.5)
    cost = instance.cost
    order = np.argsort(cost[opened], axis=0, kind="stable")
    first = np.take_along_axis(cost[opened], order[:1], 0)[0]
    second = np.take_along_axis(cost[opened], order[1:2], 0)[0] if opened.size > 1 else None
    fixed = instance.fixed_cost @ mask
    without = np.full((opened.size, cost.shape[1]), np.inf)
    if second is not None:
        # Closing open facility a sends its customers to their second choice.
        without = np.where(order[0][None, :] == np.arange(opened.size)[:, None], second, first)
    drop = fixed - instance.fixed_cost[opened] + without.sum(axis=1)
    add = fixed + instance.fixed_cost[closed] + np.minimum(first, cost[closed]).sum(axis=1)
    swap = np.empty((opened.size, closed.size))
    for start in range(0, closed.size, _CHUNK):
        block = closed[start : start + _CHUNK]
        served = np.minimum(without[:, None, :], cost[block][None, :, :]).sum(axis=2)
        swap[:, start : start + _CHUNK] = served + instance.fixed_cost[block][None, :]
    swap += fixed - instance.fixed_cost[opened][:, None]
    return opened, closed, drop, add, swap


def improve_uncapacitated(
    instance: FacilityInstance, book, lower, upper, deadline: float, start=None
) -> None:
    """Best-improvement drop/add/swap descent from ``start`` (default: the best plan), every
    move priced exactly by ``move_costs``; each plan reached goes into ``book``."""
    current = start if start is not None else book.best
    while current is not None and time.perf_counter() < deadline:
        move = _best_move(instance, current.open_mask, lower, upper)
        if move is None or move[0] >= current.total - 1e-9 * max(1.0, abs(current.total)):
            return
        current = book(move[1])


def _best_move(instance: FacilityInstance, mask, lower, upper):
    """(cost, plan) of the cheapest allowed drop, add or swap; None when there is none."""
    opened, closed, drop, add, swap = move_costs(instance, mask)
    drop[lower[opened] > 0.5] = np.inf
    add[upper[closed] < 0.5] = np.inf
    swap[lower[opened] > 0.5, :] = np.inf
    swap[:, upper[closed] < 0.5] = np.inf
    if instance.p is not None:  # (5): only swaps keep p facilities open
        drop[:], add[:] = np.inf, np.inf
    costs = [drop.min(initial=np.inf), add.min(initial=np.inf), swap.min(initial=np.inf)]
    kind = int(np.argmin(costs))
    if not np.isfinite(costs[kind]):
        return None
    plan = mask.copy()
    if kind == 0:
        plan[opened[np.argmin(drop)]] = 0.0
    elif kind == 1:
        plan[closed[np.argmin(add)]] = 1.0
    else:
        out, into = np.unravel_index(np.argmin(swap), swap.shape)
        plan[opened[out]], plan[closed[into]] = 0.0, 1.0
    return costs[kind], plan


def kicks(instance: FacilityInstance, book, bound: float, gap: float, deadline: float, seed: int):
    """Iterated local search (no capacities only): swap two random facilities of the best
    plan for closed ones, descend again, repeat until the bound is met or time is up."""
    rng = np.random.default_rng(seed)
    lower, upper = instance.status_bounds()
    while book.best is not None and time.perf_counter() < deadline:
        if book.best.total - instance.round_bound(bound) <= gap * max(1.0, abs(book.best.total)):
            return
        mask = book.best.open_mask.copy()
        movable_out = np.flatnonzero((mask > 0.5) & (lower < 0.5))
        movable_in = np.flatnonzero((mask < 0.5) & (upper > 0.5))
        count = min(_KICK, movable_out.size, movable_in.size)
        if count == 0:
            return
        mask[rng.choice(movable_out, count, replace=False)] = 0.0
        mask[rng.choice(movable_in, count, replace=False)] = 1.0
        improve_uncapacitated(instance, book, lower, upper, deadline, book(mask))


def warm_start(instance: FacilityInstance, book, started: float, deadline: float, gap: float):
    """Subgradient phase then local search: (LagrangeResult, its bound).

    Each gets a share of the time limit; both feed ``book`` with exactly priced plans.
    """
    lower, upper = instance.status_bounds()
    share = _WARM_SHARE * (deadline - started)
    lagrange = subgradient(instance, book, lower, upper, started + share, relative_gap=gap)
    if time.perf_counter() < deadline:
        improve(instance, book, lower, upper, time.perf_counter() + share)
    return lagrange, lagrange.bound
