"""Planning a whole region: one model per prefecture, and the few targets that join them.

Every target but one binds each prefecture on its own (ratios, beds, workstation coverage
and protection-center operation rates, the provincial rates being passed down to each
city), so the region's plan is the union of the prefectures' plans, solved in parallel.
The exception is a province's count of regional institutions (浙江: 9 by 2022, 11 by 2025):
each prefecture without one is solved once for each year by which it could have one (and
once without), and a small master problem picks, at the least total cost, which
prefectures upgrade by when so that every count is met. Because the prefecture problems
are solved to optimality for each choice, the combination is optimal for the region.
"""

from __future__ import annotations

import dataclasses
import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from optimize.planning import Settings, Solved, build, solve
from optimize.planning_data import PrefectureData

COUNT = "targets.regional_institutions"


@dataclass
class Outcome:
    data: PrefectureData
    solved: Solved
    variant: int | None          # the year by which it has a standard regional institution


def _solve_one(job: tuple[PrefectureData, Settings]) -> Solved:
    data, settings = job
    return solve(build(data, settings))


def solve_all(datas: list[PrefectureData], settings: Settings, workers: int,
              on_done=None) -> list[Outcome]:
    """Solve every prefecture (all variants the province counts need), then the master."""
    counts = _count_targets(datas)
    jobs: list[tuple[int, int | None]] = []
    for n, d in enumerate(datas):
        needs_choice = counts and not d.already_regional
        variants = [None, *sorted({t.year for t in counts})] if needs_choice else [None]
        jobs += [(n, v) for v in variants]
    work = [(_without_counts(datas[n]), dataclasses.replace(settings, regional_standard_by=v))
            for n, v in jobs]
    solved = _map(work, workers, on_done)
    options: dict[int, dict[int | None, Solved]] = {}
    for (n, v), result in zip(jobs, solved, strict=True):
        options.setdefault(n, {})[v] = result
    chosen = _master(datas, options, counts) if counts else {n: None for n in options}
    if not chosen:
        raise CountsUnreachable(_reachable(datas, options, counts))
    return [Outcome(datas[n], options[n][v], v) for n, v in sorted(chosen.items())]


class CountsUnreachable(Exception):
    """No choice of upgrades gives the province its count of regional institutions."""

    def __init__(self, reachable: list[tuple]):
        self.reachable = reachable          # (target, reachable count)
        super().__init__("province counts unreachable")


def _reachable(datas, options, counts) -> list[tuple]:
    """For each count target, how many regional institutions the province can have."""
    out = []
    for target in counts:
        have = sum(1 for d in datas if d.already_regional)
        have += sum(1 for n, vs in options.items() if not datas[n].already_regional and any(
            v is not None and v <= target.year and s.status in ("OPTIMAL", "FEASIBLE")
            for v, s in vs.items()))
        if have < target.value:
            out.append((target, have))
    return out


def _map(work: list, workers: int, on_done) -> list[Solved]:
    if workers <= 1 or len(work) == 1:
        out = []
        for job in work:
            out.append(_solve_one(job))
            if on_done:
                on_done(len(out))
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        out = []
        for result in pool.map(_solve_one, work):
            out.append(result)
            if on_done:
                on_done(len(out))
        return out


def _count_targets(datas: list[PrefectureData]) -> list:
    """Province-wide counts of regional institutions, when the region holds the province."""
    provinces = {d.province for d in datas}
    found = {}
    for d in datas:
        for t in d.targets:
            if t.key == COUNT and sum(x.province == d.province for x in datas) > 1:
                found[(t.year, t.value)] = t
    return list(found.values()) if len(provinces) == 1 else []


def _without_counts(d: PrefectureData) -> PrefectureData:
    return dataclasses.replace(d, targets=[t for t in d.targets if t.key != COUNT])


def _master(datas, options: dict[int, dict[int | None, Solved]], counts) -> dict[int, int | None]:
    """Pick each prefecture's upgrade year so that every count is met at least cost."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    pick = {(n, v): solver.BoolVar(f"pick[{n},{v}]") for n, vs in options.items()
            for v, s in vs.items() if s.status in ("OPTIMAL", "FEASIBLE")}
    for n in options:
        solver.Add(sum(x for (m, _), x in pick.items() if m == n) == 1)
    for target in counts:
        have = sum(1 for d in datas if d.already_regional)
        have += sum(x for (n, v), x in pick.items()
                    if not datas[n].already_regional and v is not None and v <= target.year)
        solver.Add(have >= math.ceil(target.value))
    solver.Minimize(sum(options[n][v].objective * x for (n, v), x in pick.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return {}
    return {n: v for (n, v), x in pick.items() if x.solution_value() > 0.5}
