"""optimize.facility: optima worked out by hand, forcing, infeasibility, method agreement."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from optimize.facility import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    FacilityInstance,
    solve,
)
from optimize.orlib_io import read_instance

DATA = Path(__file__).resolve().parents[1] / "data" / "orlib"


def tiny(**changes) -> FacilityInstance:
    """Two facilities, three customers; the optimum is worked out in the tests below.

    A: capacity 10, fixed 5;  B: capacity 8, fixed 8.  Demands 6, 6, 4 (total 16), so
    both must open. Costs are for a customer's whole demand; per unit they are
    A: 1, 2, 2 and B: 3, 1, 1.
    """
    instance = FacilityInstance(
        capacity=[10, 8],
        fixed_cost=[5, 8],
        demand=[6, 6, 4],
        cost=[[6, 12, 8], [18, 6, 4]],
    )
    return instance.replace(**changes) if changes else instance


def with_big_third(**changes) -> FacilityInstance:
    """``tiny`` plus C: capacity 20, fixed 30, 1.5 per unit for everybody."""
    base = tiny()
    instance = FacilityInstance(
        capacity=[*base.capacity, 20],
        fixed_cost=[*base.fixed_cost, 30],
        demand=base.demand,
        cost=[*base.cost, [9, 9, 6]],
    )
    return instance.replace(**changes) if changes else instance


def brute_force(instance: FacilityInstance) -> float:
    """Cheapest plan over every allowed set of open facilities, each priced by scipy's LP."""
    m, n = instance.shape
    lower, upper = instance.status_bounds()
    best = np.inf
    for mask in itertools.product((0, 1), repeat=m):
        y = np.array(mask, float)
        if (y < lower).any() or (y > upper).any() or not y.any():
            continue
        if instance.p is not None and y.sum() != instance.p:
            continue
        opened = np.flatnonzero(y)
        k = len(opened)
        a_eq = np.kron(np.ones(k), np.eye(n))
        a_ub = np.kron(np.eye(k), instance.demand[None, :])
        lp = linprog(
            instance.cost[opened].ravel(),
            A_ub=a_ub,
            b_ub=instance.capacity[opened],
            A_eq=a_eq,
            b_eq=np.ones(n),
            bounds=(0, 1),
            method="highs",
        )
        if lp.status == 0:
            best = min(best, instance.fixed_cost @ y + lp.fun)
    return best


def check_plan(instance: FacilityInstance, solution) -> None:
    """The plan serves everybody, within capacity, from open facilities, at its cost."""
    x = solution.assignment
    opened = np.zeros(instance.shape[0])
    opened[list(solution.open_facilities)] = 1.0
    assert np.allclose(x.sum(axis=0), 1.0, atol=1e-6)
    assert (x.sum(axis=1)[opened == 0] < 1e-9).all()
    assert (x @ instance.demand <= instance.capacity + 1e-6).all()
    assert solution.objective == pytest.approx(instance.plan_cost(opened, x), rel=1e-12)
    assert solution.bound <= solution.objective + 1e-9


def test_split_demand_optimum_worked_out_by_hand():
    # Both facilities open (fixed 5 + 8 = 13). Customer 1 goes to A (1 per unit, 6 units).
    # Customers 2 and 3 cost 1 per unit at B but B holds only 8 of their 10 units, so 2
    # units go to A at 2 per unit: 6 + 8 + 4 = 18, total 31.
    solution = solve(tiny())
    assert solution.status == OPTIMAL
    assert solution.objective == pytest.approx(31.0, abs=1e-9)
    assert solution.open_facilities == (0, 1)
    assert solution.assignment[1] @ tiny().demand == pytest.approx(8.0)
    check_plan(tiny(), solution)


def test_single_source_optimum_worked_out_by_hand():
    # Whole customers only: 2 and 3 cannot both go to B (10 > 8), and 1 must stay at A;
    # so 2 goes to B and 3 to A: 6 + 6 + 8 = 20, total 33.
    solution = solve(tiny(single_source=True))
    assert solution.status == OPTIMAL
    assert solution.objective == pytest.approx(33.0, abs=1e-9)
    assert set(np.unique(solution.assignment)) <= {0.0, 1.0}
    assert solution.assignment[:, 1].tolist() == [0.0, 1.0]
    check_plan(tiny(single_source=True), solution)


@pytest.mark.parametrize("method", ["auto", "lagrange", "benders", "compact"])
def test_every_method_finds_the_same_optimum(method):
    instance = with_big_third()
    solution = solve(instance, method=method)
    assert solution.status == OPTIMAL
    assert solution.objective == pytest.approx(brute_force(instance), rel=1e-9)
    check_plan(instance, solution)


@pytest.mark.parametrize("method", ["auto", "cpsat", "compact"])
def test_single_source_methods_agree(method):
    instance = with_big_third(single_source=True)
    solution = solve(instance, method=method)
    assert solution.status == OPTIMAL
    assert solution.objective == pytest.approx(33.0)  # C alone costs 54; A and B as in tiny
    check_plan(instance, solution)


@pytest.mark.parametrize(
    ("changes", "opened"),
    [
        ({}, (0, 1)),
        ({"force_closed": (1,)}, (2,)),
        ({"force_open": (0, 2)}, (0, 2)),
        ({"force_open": (2,), "force_closed": (0,)}, (2,)),
    ],
)
def test_forced_facilities_are_respected(changes, opened):
    instance = with_big_third(**changes)
    solution = solve(instance)
    assert solution.status == OPTIMAL
    assert solution.open_facilities == opened
    assert solution.objective == pytest.approx(brute_force(instance), rel=1e-9)
    check_plan(instance, solution)


def test_forcing_changes_the_single_source_plan_too():
    instance = with_big_third(single_source=True, force_open=(0, 2))
    solution = solve(instance)
    assert solution.status == OPTIMAL
    assert {0, 2} <= set(solution.open_facilities)


def test_p_median_on_a_line():
    # Points 0, 1, 2, 10, 11 on a line, two medians: 1 and 10 (or 11) cost 1 + 1 + 1 = 3.
    points = np.array([0.0, 1.0, 2.0, 10.0, 11.0])
    distance = np.abs(points[:, None] - points[None, :])
    instance = FacilityInstance(
        capacity=np.full(5, np.inf),
        fixed_cost=np.zeros(5),
        demand=np.ones(5),
        cost=distance,
        p=2,
    )
    solution = solve(instance)
    assert solution.status == OPTIMAL
    assert solution.objective == 3.0
    assert len(solution.open_facilities) == 2 and 1 in solution.open_facilities


@pytest.mark.parametrize(
    "instance",
    [
        tiny(demand=[6, 6, 7]),  # 19 units of demand, 18 of capacity
        tiny(force_closed=(1,)),  # 10 units of capacity left for 16
        tiny(p=1),  # one facility cannot hold 16
        FacilityInstance(  # fits in total (10 <= 10) but 4 + 4 + 2 cannot be packed in 5 + 5
            capacity=[5, 5],
            fixed_cost=[1, 1],
            demand=[4, 4, 2],
            cost=np.ones((2, 3)),
            single_source=True,
        ),
    ],
    ids=["demand>capacity", "forced-closed", "p-too-small", "single-source-packing"],
)
def test_infeasible_instances_say_so(instance):
    solution = solve(instance, time_limit_s=10)
    assert solution.status == INFEASIBLE
    assert solution.objective is None and solution.assignment is None


def test_no_time_gives_an_honest_status():
    instance = read_instance(DATA / "cap123.txt").instance
    solution = solve(instance, time_limit_s=0.0)
    assert solution.status in (OPTIMAL, FEASIBLE, UNKNOWN)
    if solution.status == FEASIBLE:
        assert solution.gap > 1e-9


def test_the_gap_is_closed_where_a_default_gap_would_stop_early():
    # pywraplp's default relative gap (1e-4) lets SCIP stop at 895306.9976 on cap123.
    instance = read_instance(DATA / "cap123.txt").instance
    solution = solve(instance)
    assert solution.status == OPTIMAL and solution.gap <= 1e-9
    assert solution.objective == pytest.approx(895302.325, abs=5e-4)
    check_plan(instance, solution)


def test_invalid_instances_are_rejected():
    with pytest.raises(ValueError, match="demand needs 3"):
        FacilityInstance(capacity=[1], fixed_cost=[1], demand=[1, 1], cost=[[1, 2, 3]])
    with pytest.raises(ValueError, match="both open and closed"):
        tiny(force_open=(0,), force_closed=(0,))
    with pytest.raises(ValueError, match="non-negative"):
        tiny(demand=[6, -1, 4])
    with pytest.raises(ValueError, match="p must lie"):
        tiny(p=3)
    with pytest.raises(ValueError, match="splittable"):
        solve(tiny(single_source=True), method="lagrange")
    with pytest.raises(ValueError, match="single-source"):
        solve(tiny(), method="cpsat")


def test_instances_are_read_only():
    instance = tiny()
    with pytest.raises(ValueError):
        instance.cost[0, 0] = 0.0
    assert instance.usable_capacity.tolist() == [10.0, 8.0]
