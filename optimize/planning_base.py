"""The planning model's shared pieces: settings, the model being built, solving it.

See ``optimize.planning`` for the formulation; ``optimize.planning_costs`` builds its
objective.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp

from optimize.planning_data import PrefectureData

CARE, PROF, OTHER = 0, 1, 2
PENALTY = 1e9          # yuan per unit of slack: no saving can ever pay for a missed target
BIG_STAFF = 10_000


@dataclass
class Settings:
    time_limit_s: float = 60.0
    relative_gap: float = 1e-6
    workers: int = 1
    seed: int = 0
    travel_weight: float = 1.0
    budget: float | None = None
    elastic: bool = False
    regional_standard_by: int | None = None   # a standard regional institution by this year
    attrition: float = 0.0
    redeploy_share: float = 0.0
    lead_days: int = 0                        # from starting a hire to the first day of work
    builds: dict = field(default_factory=dict)   # option kind -> institutions to have one
    builds_by: int | None = None              # ... ready and serving by this year


@dataclass
class Model:
    data: PrefectureData
    settings: Settings
    solver: pywraplp.Solver
    v: dict = field(default_factory=dict)          # family name -> {index tuple: variable}
    slack: dict = field(default_factory=dict)      # (target key, year) -> (variable, scale)
    costs: dict = field(default_factory=dict)      # (category, year) -> linear expression

    def var(self, family: str, index: tuple, lb: float = 0, ub: float = math.inf,
            integer: bool = False) -> pywraplp.Variable:
        name = f"{family}[{','.join(map(str, index))}]"
        made = (self.solver.IntVar if integer else self.solver.NumVar)(lb, ub, name)
        self.v.setdefault(family, {})[index] = made
        return made

    def add_cost(self, category: str, t: int, expr) -> None:
        self.costs[(category, t)] = self.costs.get((category, t), 0) + expr


def after(m: Model, c: str, t: int):
    """1 once county c's long-term children are in regional care (in or after hand-over)."""
    if c not in m.data.home_of:
        return 1
    return sum(m.v["hand"][c, tau] for tau in range(t + 1) if (c, tau) in m.v.get("hand", {}))


def regional_children(d: PrefectureData, c_index: int, t: int) -> tuple[np.ndarray, np.ndarray]:
    """A county's long-term children (once handed over) and its temporary cases that stay in
    its regional institution because it has no temporary care of its own, by care level."""
    c = d.counties[c_index]
    temporary = d.temporary[c_index, :, t] if d.temp_care[c] is None else np.zeros(3)
    return d.long_term[c_index, :, t], temporary


def slack(m: Model, key: str, year: int, scale: float) -> pywraplp.Variable:
    """A non-negative shortfall on a target, in the target's own unit times 1/scale."""
    if (key, year) not in m.slack:
        m.slack[key, year] = (m.var("slack", (key, year)), scale)
    return m.slack[key, year][0]


@dataclass
class Solved:
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    values: dict
    costs: dict
    shortfalls: list


def solve(m: Model) -> Solved:
    st, solver = m.settings, m.solver
    solver.SetTimeLimit(int(st.time_limit_s * 1000))
    solver.SetNumThreads(max(st.workers, 1))
    solver.SetSolverSpecificParametersAsString(f"randomization/randomseedshift = {st.seed}\n")
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, st.relative_gap)
    code = solver.Solve(params)
    seconds = solver.wall_time() / 1000
    if code not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return Solved("INFEASIBLE" if code == pywraplp.Solver.INFEASIBLE else "NOT_SOLVED",
                      math.nan, math.nan, math.nan, seconds, {}, {}, [])
    objective = solver.Objective().Value()
    bound = solver.Objective().BestBound()
    gap = abs(objective - bound) / max(abs(objective), 1e-9)
    status = "OPTIMAL" if code == pywraplp.Solver.OPTIMAL and gap <= st.relative_gap * 1.0001 \
        else "FEASIBLE"
    values = {fam: {k: var.solution_value() for k, var in vs.items()}
              for fam, vs in m.v.items()}
    costs = {key: _value(expr) for key, expr in m.costs.items()}
    shortfalls = [(key, year, var.solution_value() * scale)
                  for (key, year), (var, scale) in m.slack.items()
                  if var.solution_value() > 1e-6]
    return Solved(status, objective, bound, gap, seconds, values, costs, shortfalls)


def _value(expr) -> float:
    return float(expr) if isinstance(expr, int | float) else expr.solution_value()
