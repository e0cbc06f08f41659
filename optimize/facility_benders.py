"""Benders decomposition for facility location with splittable demand.

Once the open facilities y are chosen, serving the customers is a transportation problem:
T(y) = min { sum_ij c_ij x_ij : (1), (2), (3) of optimize.facility } over x only. So the
whole problem is  min_y  f.y + T(y)  subject to (4)-(6), and the *master problem* keeps
only the m open/closed decisions plus one variable theta standing for T(y):

    min  f.y + theta
    (B1) theta >= sum_j u_j + sum_i kappa_i(u) y_i     for every price vector u generated
    (B2) sum_i s_i y_i >= sum_j d_j,  sum_i y_i >= 1   exactly the plans that can serve all
    (B3) sum_i y_i = p (p-median),  (B4) forcing as bounds,  y binary

(B1) holds for every u (see optimize.facility_lagrange), so the cuts never remove a plan.
The cuts are added in three waves:

1. the subgradient phase's prices (a strong start: the Lagrangian bound);
2. probing fixes facilities that cannot be in a plan cheaper than the best one seen;
3. branch-and-Benders-cut: SCIP (through MathOpt) branches on y; whenever it proposes a plan,
   a callback solves the transportation LP (GLOP) and, if theta underestimates T(y), adds the
   cut built from the LP duals, *lifted*: a customer served whole by one facility is priced
   at its next-best open option, which stays optimal for this y and tells the master what
   closing that facility would really cost.

The objective reported is recomputed from the final plan's transportation LP.
"""

from __future__ import annotations

import datetime
import logging
import time

import numpy as np
from ortools.math_opt.python import mathopt

from optimize.facility import FacilityInstance, Solution, relative_gap_of
from optimize.facility_lagrange import probe
from optimize.facility_search import improve, warm_start
from optimize.facility_transport import Plan, PlanBook, cut_terms

_log = logging.getLogger(__name__)

# Subgradient prices kept as starting cuts (the last ones are the best).
_START_CUTS = 100
# Rounds of probing + branch-and-cut; a round ends early when a plan beats the incumbent
# by this share of the incumbent-to-bound gap (a better incumbent fixes more facilities).
_ROUNDS = 4
_RESTART_GAIN = 0.05
# Relative tolerance for "theta underestimates T(y)" in the callback (SCIP's own feasibility
# tolerance, 1e-6 relative to a row's size, only ever makes its bound weaker, never wrong).
_FEASTOL = 1e-9


class Master:
    """The master problem (B1)-(B4) on MathOpt/SCIP with a lazy-cut callback."""

    def __init__(self, instance: FacilityInstance, lower, upper, book: PlanBook):
        self.instance, self.book = instance, book
        self.fixed = np.where(lower == upper, lower, 0.0)
        self.free = np.flatnonzero(lower < upper)
        self.model = mathopt.Model(name="facility_master")
        self.y = {i: self.model.add_binary_variable(name=f"open_{i}") for i in self.free}
        floor = float(instance.cost.min(axis=0).sum())  # T(y) >= each customer's cheapest cost
        self.theta = self.model.add_variable(lb=floor, name="theta")
        self.repeats: dict[bytes, int] = {}
        self.stop_below: float | None = None
        self.stopped = False
        self._add_structure()

    def linear(self, coef: np.ndarray):
        """coef @ y with fixed facilities folded into the constant."""
        terms = [float(coef[i]) * self.y[i] for i in self.free if coef[i] != 0]
        return mathopt.fast_sum(terms) + float(coef @ self.fixed)

    def _add_structure(self) -> None:
        inst = self.instance
        demand = inst.total_demand
        self.model.add_linear_constraint(
            self.linear(inst.usable_capacity) >= demand, name="B2_capacity"
        )
        self.model.add_linear_constraint(self.linear(np.ones(inst.shape[0])) >= 1, name="B2_one")
        if inst.p is not None:
            self.model.add_linear_constraint(
                self.linear(np.ones(inst.shape[0])) == inst.p, name="B3_p"
            )
        self.model.minimize(self.linear(inst.fixed_cost) + self.theta)

    def add_cut(self, prices: np.ndarray) -> None:
        """(B1) as a permanent constraint."""
        constant, coef = cut_terms(self.instance, prices)
        self.model.add_linear_constraint(self.theta - self.linear(coef) >= constant)

    def y_vector(self, values) -> np.ndarray:
        y = self.fixed.copy()
        for i, var in self.y.items():
            y[i] = 1.0 if values[var] > 0.5 else 0.0
        return y

    def callback(self, data: mathopt.CallbackData) -> mathopt.CallbackResult:
        result = mathopt.CallbackResult()
        y = self.y_vector(data.solution)
        theta = data.solution[self.theta]
        best = self.book.best
        if best is not None and self.instance.fixed_cost @ y + theta >= best.total:
            # Even if theta is exact this plan is no better than the best one: no need to
            # price it; accepting it cannot lower SCIP's bound below the true optimum.
            return result
        plan = self.book(y)
        if self.stop_below is not None and plan.total < self.stop_below:
            self.stopped = result.terminate = True
            return result
        slack = _FEASTOL * max(1.0, abs(plan.transport) if plan.prices is not None else 1.0)
        if plan.prices is None:
            result.add_lazy_constraint(self._no_good(y))
        elif theta < plan.transport - slack and self._first_repeats(y):
            for prices in (plan.prices, plan.plain_prices):
                constant, coef = cut_terms(self.instance, prices)
                if constant + coef @ y > theta + slack:
                    result.add_lazy_constraint(self.theta - self.linear(coef) >= constant)
                    break
        return result

    def _first_repeats(self, y: np.ndarray) -> bool:
        # A plan proposed again after its cut was added sits within SCIP's tolerance: accept.
        key = y.tobytes()
        self.repeats[key] = self.repeats.get(key, 0) + 1
        return self.repeats[key] <= 3

    def _no_good(self, y: np.ndarray):
        # Only reached if (B2) let an unservable plan through: forbid exactly this plan.
        flips = [self.y[i] if y[i] < 0.5 else 1 - self.y[i] for i in self.free]
        return mathopt.fast_sum(flips) >= 1

    def solve(self, seconds: float, relative_gap: float, seed: int, hint: Plan | None):
        params = mathopt.SolveParameters(
            time_limit=datetime.timedelta(seconds=max(0.01, seconds)),
            relative_gap_tolerance=relative_gap,
            absolute_gap_tolerance=0.0,
            random_seed=seed,
        )
        model_params = None
        if hint is not None:
            values = {var: float(hint.open_mask[i]) for i, var in self.y.items()}
            values[self.theta] = hint.transport
            model_params = mathopt.ModelSolveParameters(
                solution_hints=[mathopt.SolutionHint(variable_values=values)]
            )
        registration = mathopt.CallbackRegistration(
            events={mathopt.Event.MIP_SOLUTION}, add_lazy_constraints=True
        )
        return mathopt.solve(
            self.model,
            mathopt.SolverType.GSCIP,
            params=params,
            model_params=model_params,
            cb=self.callback,
            callback_reg=registration,
        )


def solve_benders(
    instance: FacilityInstance,
    deadline: float,
    relative_gap: float,
    workers: int,
    seed: int,
    started: float,
) -> Solution:
    """Warm start, then rounds of probing and branch-and-Benders-cut in SCIP.

    A round's branch-and-cut stops early when it finds a clearly better plan, so that the
    next round probes with it and fixes more facilities. SCIP runs single-threaded here.
    """
    book = PlanBook(instance)
    lagrange, bound = warm_start(instance, book, started, deadline, relative_gap)
    lower, upper = instance.status_bounds()
    for round_ in range(_ROUNDS):
        if _closed(book, bound, relative_gap) or time.perf_counter() >= deadline:
            break
        if book.best is None or lagrange.best_prices is None:
            break
        if round_:
            improve(instance, book, lower, upper, deadline)
        master, incumbent = _round_master(instance, book, lagrange, lower, upper, started)
        last = round_ == _ROUNDS - 1
        master.stop_below = None if last else incumbent - _RESTART_GAIN * (incumbent - bound)
        result = master.solve(deadline - time.perf_counter(), relative_gap, seed, book.best)
        _log.info(
            "master: %s dual %.6f plans %d %.2fs",
            result.termination.reason.name,
            result.termination.objective_bounds.dual_bound,
            len(book.plans),
            time.perf_counter() - started,
        )
        if not master.stopped:
            bound = max(bound, _master_bound(master, result, incumbent))
            break
    return book.solution(bound, started, relative_gap, "benders")


def _round_master(instance, book: PlanBook, lagrange, lower, upper, started: float):
    incumbent = book.best.total
    lower, upper = probe(instance, lagrange.best_prices, lower, upper, incumbent)
    _log.info(
        "probing: %d facilities free %.2fs",
        int((lower < upper).sum()),
        time.perf_counter() - started,
    )
    master = Master(instance, lower, upper, book)
    plans = [plan.prices for plan in book.plans.values() if plan.prices is not None]
    for prices in lagrange.prices[-_START_CUTS:] + plans:
        master.add_cut(prices)
    return master, incumbent


def _master_bound(master: Master, result, incumbent: float) -> float:
    """The master's lower bound; plans cut off by probing all cost more than ``incumbent``."""
    if result.has_primal_feasible_solution():
        master.book(master.y_vector(result.variable_values()))
    if result.termination.reason == mathopt.TerminationReason.INFEASIBLE:
        return incumbent
    dual = result.termination.objective_bounds.dual_bound
    return min(dual, incumbent) if np.isfinite(dual) else -np.inf


def _best(book: PlanBook) -> float:
    return book.best.total if book.best is not None else np.inf


def _closed(book: PlanBook, bound: float, relative_gap: float) -> bool:
    best = book.best
    return best is not None and relative_gap_of(best.total, bound) <= relative_gap
