"""Single-source facility location on CP-SAT: whole customers, integer data, exact proofs.

With single sourcing every decision is yes/no (open i; serve j from i), which suits CP-SAT's
portfolio of clause learning, LP relaxation and large-neighbourhood search. CP-SAT needs
integers: costs are scaled by the smallest power of ten that makes them whole, and so are
demands and capacities (by their own power of ten), so the model is the same problem, not
a rounded one, and its optimality proof is exact. When no power of ten up to 1e6 makes the
data whole, or the scaled costs could overflow, optimize.facility_compact (SCIP) is used.

The model is (1)-(7) of optimize.facility, in the same order: data, variables, constraints
(one helper per family), objective, solve, read-out after checking the status.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from optimize.facility import FacilityInstance, Solution, make_solution

_MAX_SCALE = 10**6
# Keep every scaled sum well inside int64 and exactly representable as a float.
_MAX_TOTAL = 2.0**52


def power_of_ten(values: np.ndarray) -> int | None:
    """Smallest 10**k (k <= 6) making every value a whole number; None if none does."""
    values = np.asarray(values, float)
    for power in range(7):
        scale = 10**power
        scaled = values * scale
        if np.allclose(scaled, np.round(scaled), rtol=0.0, atol=1e-6):
            return scale
    return None


def integer_data(instance: FacilityInstance):
    """(cost, fixed, demand, capacity) as int64 arrays, or None when CP-SAT cannot be exact."""
    money = power_of_ten(np.concatenate([instance.cost.ravel(), instance.fixed_cost]))
    amount = power_of_ten(np.concatenate([instance.demand, instance.usable_capacity]))
    if money is None or amount is None:
        return None
    worst = np.abs(instance.cost).max(axis=0).sum() + np.abs(instance.fixed_cost).sum()
    if worst * money > _MAX_TOTAL or instance.total_demand * amount > _MAX_TOTAL:
        return None
    return (
        _whole(instance.cost, money),
        _whole(instance.fixed_cost, money),
        _whole(instance.demand, amount),
        _whole(instance.usable_capacity, amount),
        money,
    )


def _whole(values, scale: int) -> np.ndarray:
    return np.round(np.asarray(values) * scale).astype(np.int64)


class SingleSourceModel:
    """CP-SAT model of (1)-(7) with x binary."""

    def __init__(self, instance: FacilityInstance, data):
        self.instance = instance
        self.cost, self.fixed, self.demand, self.capacity, self.scale = data
        self.model = cp_model.CpModel()
        m, n = instance.shape
        lower, upper = instance.status_bounds()
        # (6) forcing and (7) integrality: forced facilities get fixed domains.
        self.y = [
            self.model.new_int_var(int(lower[i]), int(upper[i]), f"open_{i}") for i in range(m)
        ]
        self.x = [[self.model.new_bool_var(f"serve_{i}_{j}") for j in range(n)] for i in range(m)]
        self.served_in_full()
        self.capacity_rows()
        self.enough_capacity()
        self.p_facilities()
        self.objective()

    def served_in_full(self) -> None:
        """(1) every customer from exactly one facility."""
        m, n = self.instance.shape
        for j in range(n):
            self.model.add_exactly_one(self.x[i][j] for i in range(m))

    def capacity_rows(self) -> None:
        """(2) load within capacity of open facilities, (3) serving only from open ones."""
        m, n = self.instance.shape
        for i in range(m):
            load = sum(int(self.demand[j]) * self.x[i][j] for j in range(n) if self.demand[j])
            self.model.add(load <= int(self.capacity[i]) * self.y[i])
            for j in range(n):
                if self.demand[j] > self.capacity[i]:
                    self.model.add(self.x[i][j] == 0)  # never fits: fix now, not in search
                else:
                    self.model.add_implication(self.x[i][j], self.y[i])

    def enough_capacity(self) -> None:
        """(4) the open facilities can hold the total demand."""
        total = int(self.demand.sum())
        self.model.add(sum(int(s) * y for s, y in zip(self.capacity, self.y, strict=True)) >= total)

    def p_facilities(self) -> None:
        """(5) exactly p open facilities."""
        if self.instance.p is not None:
            self.model.add(sum(self.y) == self.instance.p)

    def objective(self) -> None:
        m, n = self.instance.shape
        serving = [int(self.cost[i, j]) * self.x[i][j] for i in range(m) for j in range(n)]
        opening = [int(self.fixed[i]) * self.y[i] for i in range(m)]
        self.model.minimize(sum(serving) + sum(opening))

    def read_out(self, solver: cp_model.CpSolver) -> tuple[np.ndarray, np.ndarray]:
        """(open mask, assignment) from a solver that has a solution."""
        m, n = self.instance.shape
        open_mask = np.array([solver.value(self.y[i]) for i in range(m)], float)
        shares = np.array(
            [[solver.boolean_value(self.x[i][j]) for j in range(n)] for i in range(m)], float
        )
        return open_mask, shares


def solve_cpsat(
    instance: FacilityInstance,
    deadline: float,
    relative_gap: float,
    workers: int,
    seed: int,
    started: float,
) -> Solution | None:
    """Solve with CP-SAT; None when the data cannot be made whole exactly (use SCIP then)."""
    data = integer_data(instance)
    if data is None:
        return None
    model = SingleSourceModel(instance, data)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.relative_gap_limit = relative_gap
    solver.parameters.random_seed = seed
    # More of the model in CP-SAT's LP relaxation (measured: Holmberg p59 11 s against 28 s,
    # p66 19 s against 27 s, the rest about even).
    solver.parameters.linearization_level = 2
    status = solver.solve(model.model)
    if status == cp_model.INFEASIBLE:
        return make_solution(instance, None, None, np.inf, started, relative_gap, "cpsat")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return make_solution(instance, None, None, -np.inf, started, relative_gap, "cpsat")
    bound = solver.best_objective_bound / model.scale
    open_mask, shares = model.read_out(solver)
    return make_solution(instance, open_mask, shares, bound, started, relative_gap, "cpsat")
