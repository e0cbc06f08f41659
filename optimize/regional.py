"""Planning a whole region: one model per prefecture, and the few targets that join them.

Every target but one binds each prefecture on its own (ratios, beds, workstation coverage
and protection-center operation rates, the provincial rates being passed down to each
city), so the region's plan is the union of the prefectures' plans, solved in parallel.
The exceptions are a province's counts: of regional institutions (浙江: 9 by 2022, 11 by
2025), and of regional institutions newly built and renovated (3 and 4 by 2025, zj-14fyp
专栏5 item 1). Each prefecture is solved once for each share of those counts it could carry
(a year by which it has a regional institution, if it has none yet; a new building, a
renovation, where it has such an option; or nothing), and a small master problem picks, at
the least total cost, one variant per prefecture so that every count is met. Because the
prefecture problems are solved to optimality for each choice, the combination is optimal
for the region.
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
BUILDS = "targets.new_regional_institutions"
KINDS = {"new": "new_build", "renovated": "renovation"}    # the target's counts -> options


@dataclass(frozen=True)
class Variant:
    """A prefecture's share of the province's counts: by which year it has a regional
    institution to standard (None: no requirement), and how many regional institutions it
    newly builds and renovates by the count's due year."""

    standard_by: int | None = None
    new: int = 0
    renovated: int = 0

    def builds(self) -> dict[str, int]:
        return {KINDS["new"]: self.new, KINDS["renovated"]: self.renovated}


@dataclass
class Outcome:
    data: PrefectureData
    solved: Solved
    variant: Variant


def _solve_one(job: tuple[PrefectureData, Settings]) -> Solved:
    data, settings = job
    return solve(build(data, settings))


def solve_all(datas: list[PrefectureData], settings: Settings, workers: int,
              on_done=None, scheduler: str | None = None) -> list[Outcome]:
    """Solve every prefecture (all variants the province counts need), then the master."""
    counts, builds = province_targets(datas, COUNT), province_targets(datas, BUILDS)
    jobs = [(n, v) for n, d in enumerate(datas) for v in _variants(d, counts, builds)]
    by = builds[0].year if builds else None
    work = [(_without_counts(datas[n]), dataclasses.replace(
        settings, regional_standard_by=v.standard_by, builds=v.builds(), builds_by=by))
        for n, v in jobs]
    solved = _map(work, workers, on_done, scheduler)
    options: dict[int, dict[Variant, Solved]] = {}
    for (n, v), result in zip(jobs, solved, strict=True):
        options.setdefault(n, {})[v] = result
    chosen = _master(datas, options, counts, builds) if counts or builds else \
        {n: Variant() for n in options}
    if not chosen:
        raise CountsUnreachable(_reachable(datas, options, counts, builds))
    return [Outcome(datas[n], options[n][v], v) for n, v in sorted(chosen.items())]


def _variants(d: PrefectureData, counts: list, builds: list) -> list[Variant]:
    years = [None, *sorted({t.year for t in counts})] if counts and not d.already_regional \
        else [None]
    news = range(_with_option(d, KINDS["new"]) + 1) if builds else [0]
    renovations = range(_with_option(d, KINDS["renovated"]) + 1) if builds else [0]
    return [Variant(y, a, b) for y in years for a in news for b in renovations]


def _with_option(d: PrefectureData, kind: str) -> int:
    """Institutions of the prefecture that could serve as regional with an option of a kind."""
    return len({inst for inst, option, *_ in d.options
                if inst in d.eligible and d.option_kind[option] == kind})


class CountsUnreachable(Exception):
    """No choice of variants gives the province its counts of regional institutions."""

    def __init__(self, reachable: list[tuple]):
        self.reachable = reachable          # (target, the count it names or "", reachable)
        super().__init__("province counts unreachable")


def _feasible(s: Solved) -> bool:
    return s.status in ("OPTIMAL", "FEASIBLE")


def _have(datas, n: int, v: Variant, target) -> float:
    """What variant ``v`` of prefecture ``n`` contributes to a count target."""
    if target.key == COUNT:
        return 1.0 if datas[n].already_regional or (
            v.standard_by is not None and v.standard_by <= target.year) else 0.0
    return 0.0


def _reachable(datas, options, counts, builds) -> list[tuple]:
    """For each count the province cannot reach, what it can reach."""
    out = []
    for target in counts:
        have = sum(max(_have(datas, n, v, target) for v, s in vs.items() if _feasible(s))
                   for n, vs in options.items() if any(_feasible(s) for s in vs.values()))
        if have < target.value:
            out.append((target, "", have))
    for target in builds:
        for name, wanted in target.value.items():
            have = sum(max((getattr(v, name) for v, s in vs.items() if _feasible(s)),
                           default=0) for vs in options.values())
            if have < wanted:
                out.append((target, name, have))
    return out


def _solve_job(_, job: tuple[PrefectureData, Settings]) -> Solved:
    return _solve_one(job)


def _map(work: list, workers: int, on_done, scheduler: str | None = None) -> list[Solved]:
    if scheduler:
        # the prefectures' problems as jobs on the cluster, by the runner that sends the
        # simulation's replications there (a job runner, not the simulation)
        from sim.runner import map_jobs

        return map_jobs(_solve_job, None, work, on_done=on_done, scheduler=scheduler)
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


def province_targets(datas: list[PrefectureData], key: str) -> list:
    """A province-wide count, when the region holds the whole province (several of its
    prefectures, and no other province)."""
    provinces = {d.province for d in datas}
    found = {}
    for d in datas:
        for t in d.targets:
            if t.key == key and sum(x.province == d.province for x in datas) > 1:
                found[(t.year, repr(t.value))] = t
    return list(found.values()) if len(provinces) == 1 else []


def _without_counts(d: PrefectureData) -> PrefectureData:
    return dataclasses.replace(d, targets=[t for t in d.targets if t.key not in (COUNT, BUILDS)])


def _master(datas, options: dict[int, dict[Variant, Solved]], counts,
            builds) -> dict[int, Variant]:
    """Pick each prefecture's variant so that every count is met at least cost."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    pick = {(n, v): solver.BoolVar(f"pick[{n},{k}]") for n, vs in options.items()
            for k, (v, s) in enumerate(vs.items()) if _feasible(s)}
    for n in options:
        solver.Add(sum(x for (m, _), x in pick.items() if m == n) == 1)
    for target in counts:
        solver.Add(sum(_have(datas, n, v, target) * x for (n, v), x in pick.items())
                   >= math.ceil(target.value))
    for target in builds:
        for name, wanted in target.value.items():
            solver.Add(sum(getattr(v, name) * x for (n, v), x in pick.items())
                       >= math.ceil(wanted))
    solver.Minimize(sum(options[n][v].objective * x for (n, v), x in pick.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return {}
    return {n: v for (n, v), x in pick.items() if x.solution_value() > 0.5}
