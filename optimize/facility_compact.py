"""The compact model (1)-(7) of optimize.facility, built at once from sparse arrays.

Every constraint family gets one helper that returns its rows as (row, column, value) triples
plus row bounds; the model is assembled with OR-Tools' model builder (numpy in, no Python
loop per variable) and solved by SCIP with the relative gap set explicitly. Variables are
numbered x_ij -> i * n + j, then y_i -> m * n + i.

It is what method="compact" runs, and the fallback for single-source demand when CP-SAT
cannot take the numbers exactly (optimize.facility_cpsat). Measured on the 71 Holmberg
single-source instances at 60 s each it proves 69 (CP-SAT with 8 workers: all 71); on
capa/b/c with split demand it proves none of the 12 in 60 s (the Lagrangian
branch-and-bound of optimize.facility_branch proves all 12 in under 10 s each).
"""

from __future__ import annotations

import time

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh
from scipy.sparse import coo_matrix

from optimize.facility import FacilityInstance, Solution, make_solution

_ROWS = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _block(rows, cols, vals, lower, upper) -> _ROWS:
    return (np.asarray(rows), np.asarray(cols), np.asarray(vals, float), lower, upper)


def served_in_full(m: int, n: int) -> _ROWS:
    """(1) sum_i x_ij = 1 for every customer j."""
    cols = np.arange(m * n)
    return _block(cols % n, cols, np.ones(m * n), np.ones(n), np.ones(n))


def capacity_rows(inst: FacilityInstance) -> _ROWS:
    """(2) sum_j d_j x_ij - s_i y_i <= 0; capacities above total demand are capped there."""
    m, n = inst.shape
    capped = inst.usable_capacity
    cols = np.arange(m * n)
    rows = np.concatenate([cols // n, np.arange(m)])
    allcols = np.concatenate([cols, m * n + np.arange(m)])
    vals = np.concatenate([np.tile(inst.demand, m), -capped])
    return _block(rows, allcols, vals, np.full(m, -np.inf), np.zeros(m))


def linking_rows(m: int, n: int) -> _ROWS:
    """(3) x_ij - y_i <= 0."""
    cols = np.arange(m * n)
    rows = np.concatenate([cols, cols])
    allcols = np.concatenate([cols, m * n + cols // n])
    vals = np.concatenate([np.ones(m * n), -np.ones(m * n)])
    return _block(rows, allcols, vals, np.full(m * n, -np.inf), np.zeros(m * n))


def enough_capacity(inst: FacilityInstance) -> _ROWS:
    """(4) sum_i s_i y_i >= total demand."""
    m, n = inst.shape
    capped = inst.usable_capacity
    demand = np.array([inst.total_demand])
    return _block(np.zeros(m), m * n + np.arange(m), capped, demand, np.array([np.inf]))


def p_facilities(inst: FacilityInstance) -> _ROWS:
    """(5) sum_i y_i = p (no row without p)."""
    m, n = inst.shape
    if inst.p is None:
        return _block([], [], [], np.zeros(0), np.zeros(0))
    p = np.array([float(inst.p)])
    return _block(np.zeros(m), m * n + np.arange(m), np.ones(m), p, p)


def build(inst: FacilityInstance) -> mbh.ModelBuilderHelper:
    """The whole model; (6) forcing and (7) integrality are variable bounds and types."""
    m, n = inst.shape
    blocks = [served_in_full(m, n), capacity_rows(inst), linking_rows(m, n)]
    blocks += [enough_capacity(inst), p_facilities(inst)]
    rows, cols, vals, lower, upper, offset = [], [], [], [], [], 0
    for r, c, v, lo, up in blocks:
        rows.append(r + offset)
        cols.append(c)
        vals.append(v)
        lower.append(lo)
        upper.append(up)
        offset += len(lo)
    matrix = coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(offset, m * n + m),
    ).tocsr()
    y_lower, y_upper = inst.status_bounds()
    model = mbh.ModelBuilderHelper()
    model.fill_model_from_sparse_data(
        np.concatenate([np.zeros(m * n), y_lower]),
        np.concatenate([np.ones(m * n), y_upper]),
        np.concatenate([inst.cost.ravel(), inst.fixed_cost]),
        np.concatenate(lower),
        np.concatenate(upper),
        matrix,
    )
    integer = range(m * n + m) if inst.single_source else range(m * n, m * n + m)
    for index in integer:
        model.set_var_integrality(index, True)
    return model


def solve_compact(
    instance: FacilityInstance,
    deadline: float,
    relative_gap: float,
    workers: int,
    seed: int,
    started: float,
) -> Solution:
    """SCIP on the compact model (SCIP in OR-Tools is single-threaded: ``workers`` unused)."""
    m, n = instance.shape
    model = build(instance)
    solver = mbh.ModelSolverHelper("scip")
    solver.set_time_limit_in_seconds(max(0.01, deadline - time.perf_counter()))
    solver.set_solver_specific_parameters(
        f"limits/gap = {relative_gap!r}\nlimits/absgap = 0\n"
        f"randomization/randomseedshift = {int(seed)}"
    )
    solver.solve(model)
    status = solver.status()
    if status == mbh.SolveStatus.INFEASIBLE:
        return make_solution(instance, None, None, np.inf, started, relative_gap, "compact")
    bound = solver.best_objective_bound() if solver.has_response() else -np.inf
    if not solver.has_solution():
        return make_solution(instance, None, None, bound, started, relative_gap, "compact")
    values = solver.variable_values()
    shares = np.clip(values[: m * n].reshape(m, n), 0.0, 1.0)
    if instance.single_source:
        shares = np.round(shares)
    open_mask = (values[m * n :] > 0.5).astype(float)
    return make_solution(instance, open_mask, shares, bound, started, relative_gap, "compact")
