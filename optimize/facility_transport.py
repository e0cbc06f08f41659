"""Pricing a plan: serve the customers from a given set of open facilities at least cost.

With the open facilities fixed, constraints (1)-(3) of optimize.facility leave a
transportation problem: ship each customer's demand from open facilities, within capacity,
at least cost. When no capacity binds, each customer simply goes to its cheapest open
facility; otherwise GLOP solves the LP (built at once from sparse arrays).

Its duals are customer prices u_j and capacity prices w_i. Any prices give a Benders cut
(B1) (see optimize.facility_lagrange); the cut is exact at the plan that produced it. The
prices are then *lifted*: a customer served whole by one facility may be priced at its
next-best open option without changing the plan's value, which makes the cut tell what
closing that facility would really cost (as in Benders cuts for p-median).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh
from scipy.sparse import coo_matrix

from optimize.facility import FacilityInstance, make_solution
from optimize.facility_lagrange import facility_values


@dataclass(frozen=True, eq=False)
class Plan:
    """A set of open facilities, priced exactly (``total`` is inf when it cannot serve all)."""

    open_mask: np.ndarray
    total: float  # fixed costs plus transport
    transport: float  # T(y)
    prices: np.ndarray | None  # lifted customer prices: the cut (B1) exact at this plan
    plain_prices: np.ndarray | None  # the LP's own customer duals (also exact here)
    assignment: np.ndarray | None  # share of customer j served by facility i


def transport(instance: FacilityInstance, opened: np.ndarray):
    """T(y) for open facility indices: (cost, duals u, capacity duals w, shares) or None."""
    cost, demand = instance.cost[opened], instance.demand
    if instance.capacity[opened].sum() < instance.total_demand * (1 - 1e-12):
        return None
    nearest = cost.argmin(axis=0)
    load = np.bincount(nearest, weights=demand, minlength=len(opened))
    if (load <= instance.capacity[opened]).all():
        # Nobody competes for capacity: every customer goes to its cheapest open facility.
        shares = np.zeros_like(cost)
        shares[nearest, np.arange(cost.shape[1])] = 1.0
        duals = cost[nearest, np.arange(cost.shape[1])]
        return float(duals.sum()), duals, np.zeros(len(opened)), shares
    return _transport_lp(cost, demand, instance.capacity[opened])


def _transport_lp(cost, demand, capacity):
    k, n = cost.shape
    count = k * n
    columns = np.arange(count)
    rows = np.concatenate([columns % n, n + columns // n])
    values = np.concatenate([np.ones(count), np.tile(demand, k)])
    matrix = coo_matrix((values, (rows, np.tile(columns, 2))), shape=(n + k, count)).tocsr()
    model = mbh.ModelBuilderHelper()
    model.fill_model_from_sparse_data(
        np.zeros(count),
        np.ones(count),
        cost.ravel(),
        np.concatenate([np.ones(n), np.full(k, -np.inf)]),
        np.concatenate([np.ones(n), capacity]),
        matrix,
    )
    solver = mbh.ModelSolverHelper("glop")
    solver.solve(model)
    if solver.status() != mbh.SolveStatus.OPTIMAL:
        return None
    duals = solver.dual_values()
    shares = np.clip(solver.variable_values().reshape(k, n), 0.0, 1.0)
    return float((cost * shares).sum()), duals[:n], np.maximum(0.0, -duals[n:]), shares


def lift(instance: FacilityInstance, opened, duals, capacity_duals, shares) -> np.ndarray:
    """Raise u_j of customers served whole by one facility to their next-best open option."""
    n = instance.shape[1]
    option = instance.cost[opened] + instance.demand[None, :] * capacity_duals[:, None]
    main = shares.argmax(axis=0)
    whole = shares[main, np.arange(n)] >= 1.0 - 1e-9
    others = option.copy()
    others[main, np.arange(n)] = np.inf
    second = others.min(axis=0)
    second = np.where(np.isfinite(second), second, instance.cost.max(axis=0))
    return np.where(whole, np.maximum(duals, second), duals)


class PlanBook:
    """Prices plans exactly, remembering each one (SCIP proposes the same plan often)."""

    def __init__(self, instance: FacilityInstance):
        self.instance = instance
        self.plans: dict[bytes, Plan] = {}
        self.best: Plan | None = None

    def __call__(self, y: np.ndarray) -> Plan:
        mask = (np.asarray(y) > 0.5).astype(float)
        key = mask.tobytes()
        if key not in self.plans:
            self.plans[key] = self._price(mask)
            if self.best is None or self.plans[key].total < self.best.total:
                self.best = self.plans[key]
        return self.plans[key]

    def _price(self, mask: np.ndarray) -> Plan:
        inst = self.instance
        opened = np.flatnonzero(mask)
        lower, upper = inst.status_bounds()
        allowed = (lower <= mask).all() and (mask <= upper).all()
        allowed = allowed and (inst.p is None or opened.size == inst.p)
        found = transport(inst, opened) if opened.size and allowed else None
        if found is None:
            return Plan(mask, np.inf, np.inf, None, None, None)
        value, duals, capacity_duals, shares = found
        assignment = np.zeros(inst.shape)
        assignment[opened] = shares
        lifted = lift(inst, opened, duals, capacity_duals, shares)
        total = float(inst.fixed_cost @ mask + value)
        return Plan(mask, total, value, lifted, duals, assignment)

    def solution(self, bound: float, started: float, relative_gap: float, method: str):
        """The best plan as a Solution (INFEASIBLE when ``bound`` is inf and none exists)."""
        best = self.best
        if best is None or not np.isfinite(best.total):
            return make_solution(self.instance, None, None, bound, started, relative_gap, method)
        return make_solution(
            self.instance, best.open_mask, best.assignment, bound, started, relative_gap, method
        )

    def best_total(self) -> float:
        return self.best.total if self.best is not None else np.inf


def cut_terms(instance: FacilityInstance, prices: np.ndarray) -> tuple[float, np.ndarray]:
    """(B1) for prices u: theta >= constant + coef @ y."""
    kappa, _ = facility_values(instance, prices)
    return float(prices.sum()), kappa
