"""Benchmark the facility-location core (optimize.facility) on OR-Library, against a textbook MIP.

For every instance of the chosen families it solves the problem twice in the same run:

* ours      optimize.facility.solve (method "auto"), relative gap 1e-9;
* textbook  the plain strong model (1)-(3), (5), (6) of optimize.facility built with pywraplp
            one variable at a time and solved by SCIP with RELATIVE_MIP_GAP = 1e-9,

both with the same time limit, timed with time.perf_counter around everything (reading the
file excluded, building the model included). It prints one row per instance and a summary
per family: how many match the published optimum (to the precision it is published with),
how many are proven optimal, max and median seconds, and textbook seconds / our seconds.

    python bench/bench_orlib.py --family cap capabc --time-limit 60
    python bench/bench_orlib.py --family pmed --only pmed1 pmed2 --no-textbook

Families: cap (37 small capacitated, split demand), capabc (capa/b/c x 4 capacities),
holmberg (71 single-source), pmed (40 p-median; --pmed-max limits it), yang (20
single-source, published values partly best-known), orss (OR-Library single-source, 36).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
from ortools.linear_solver import pywraplp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimize.facility import FacilityInstance, solve
from optimize.orlib_io import read_instance

ROOT = Path("/work/shared/benchmarks/orlib")
CAPACITIES = {
    "a": (8000, 10000, 12000, 14000),
    "b": (5000, 6000, 7000, 8000),
    "c": (5000, 5750, 6500, 7250),
}
SMALL = [f"cap{g}{k}" for g in (4, 6, 7, 8, 9, 10, 11, 12, 13) for k in (1, 2, 3, 4)] + ["cap51"]
SMALL.sort(key=lambda name: (len(name), name))
FAMILIES = ("cap", "capabc", "holmberg", "pmed", "yang", "orss")


def optima() -> dict[tuple[str, str], str]:
    with open(ROOT / "optima.csv", newline="") as handle:
        return {(r["instance"], r["problem"]): r["optimal_value"] for r in csv.DictReader(handle)}


def instances(family: str, pmed_max: int):
    """(name, instance, published optimum as text) for every instance of a family."""
    best = optima()
    if family == "cap":
        for name in SMALL:
            yield name, read_instance(ROOT / f"cap/{name}.txt").instance, best[(name, "CFLP")]
    elif family in ("capabc", "orss"):
        yield from _large_and_single(family, best)
    elif family == "holmberg":
        for k in range(1, 72):
            inst = read_instance(ROOT / f"sscflp/holmberg/p{k}").instance
            yield f"holmberg-p{k}", inst, best[(f"holmberg-p{k}", "SSCFLP")]
    elif family == "yang":
        for k in range(1, 21):
            inst = read_instance(ROOT / f"sscflp/yang/p{k}").instance
            yield f"yang-p{k}", inst, best[(f"yang-p{k}", "SSCFLP")]
    elif family == "pmed":
        for k in range(1, pmed_max + 1):
            inst = read_instance(ROOT / f"pmed/pmed{k}.txt").instance
            yield f"pmed{k}", inst, best[(f"pmed{k}", "p-median")]


def _large_and_single(family: str, best):
    if family == "capabc":
        for letter, capacities in CAPACITIES.items():
            for capacity in capacities:
                inst = read_instance(ROOT / f"cap/cap{letter}.txt", "cap", capacity).instance
                name = f"cap{letter}-{capacity}"
                yield name, inst, best[(name, "CFLP")]
        return
    for (name, problem), value in best.items():
        if problem == "SSCFLP" and name.startswith("cap"):
            base, _, capacity = name.partition("-")
            inst = read_instance(ROOT / f"cap/{base}.txt", "cap", capacity or None).instance
            yield name, inst.replace(single_source=True), value


def textbook(inst: FacilityInstance, time_limit: float) -> dict:
    """The plain strong MIP with SCIP through pywraplp, gap 1e-9."""
    started = time.perf_counter()
    m, n = inst.shape
    solver = pywraplp.Solver.CreateSolver("SCIP")
    lower, upper = inst.status_bounds()
    y = [solver.IntVar(lower[i], upper[i], f"y{i}") for i in range(m)]
    make = solver.BoolVar if inst.single_source else (lambda name: solver.NumVar(0, 1, name))
    x = [[make(f"x{i}_{j}") for j in range(n)] for i in range(m)]
    for j in range(n):  # (1) served in full
        solver.Add(sum(x[i][j] for i in range(m)) == 1)
    for i in range(m):  # (2) capacity, (3) linking
        capacity = min(inst.capacity[i], inst.total_demand)
        solver.Add(sum(inst.demand[j] * x[i][j] for j in range(n)) <= capacity * y[i])
        for j in range(n):
            solver.Add(x[i][j] <= y[i])
    if inst.p is not None:  # (5)
        solver.Add(sum(y) == inst.p)
    objective = solver.Objective()
    for i in range(m):
        objective.SetCoefficient(y[i], inst.fixed_cost[i])
        for j in range(n):
            objective.SetCoefficient(x[i][j], inst.cost[i, j])
    objective.SetMinimization()
    solver.SetTimeLimit(int(time_limit * 1000))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 1e-9)
    status = solver.Solve(params)
    seconds = time.perf_counter() - started
    has = status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
    value = objective.Value() if has else None
    bound = objective.BestBound() if has else None
    names = {
        pywraplp.Solver.OPTIMAL: "OPTIMAL",
        pywraplp.Solver.FEASIBLE: "FEASIBLE",
        pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
    }
    gap = (value - bound) / max(1.0, abs(value)) if has else None
    return {
        "objective": value,
        "bound": bound,
        "gap": gap,
        "status": names.get(status, "NOT_SOLVED"),
        "seconds": seconds,
    }


def ours(inst: FacilityInstance, time_limit: float) -> dict:
    started = time.perf_counter()
    solution = solve(inst, time_limit_s=time_limit)
    row = solution.to_dict()
    row["seconds"] = time.perf_counter() - started
    return row


def matches(value: float | None, published: str) -> bool:
    """Equal to the published value to the precision it is printed with."""
    if value is None:
        return False
    decimals = max(0, -Decimal(published).as_tuple().exponent)
    tolerance = 0.5 * 10.0**-decimals + 1e-9 * abs(float(published))
    return abs(value - float(published)) <= tolerance


def fmt(value, width: int, digits: int = 4) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, float):
        return f"{value:.{digits}f}".rjust(width)
    return str(value).rjust(width)


HEADER = (
    f"{'instance':<14}{'optimum':>16} | {'ours':>17}{'gap':>9}{'s':>8} {'':2}"
    f"| {'textbook':>17}{'gap':>9}{'s':>8} {'':2}| {'tb/ours':>7}"
)


def _gap(value) -> str:
    return "-".rjust(9) if value is None else f"{value:9.1e}"


def line(name: str, published: str, mine: dict, book: dict | None) -> str:
    mark = "ok" if matches(mine["objective"], published) else "!!"
    text = (
        f"{name:<14}{published:>16} | {fmt(mine['objective'], 17)}{_gap(mine['gap'])}"
        f"{mine['seconds']:8.2f} {mark} |"
    )
    if book is None:
        return text
    tmark = "ok" if matches(book["objective"], published) else "!!"
    ratio = book["seconds"] / max(mine["seconds"], 1e-3)
    return (
        f"{text} {fmt(book['objective'], 17)}{_gap(book['gap'])}{book['seconds']:8.2f}"
        f" {tmark} | {ratio:7.1f}"
    )


def summary(family: str, rows: list[dict]) -> str:
    def stats(key: str) -> str:
        done = [row for row in rows if row.get(key)]
        if not done:
            return "not run"
        secs = [row[key]["seconds"] for row in done]
        matched = sum(matches(row[key]["objective"], row["optimum"]) for row in done)
        proven = sum(row[key]["status"] == "OPTIMAL" for row in done)
        return (
            f"matched {matched}/{len(done)}, proven {proven}/{len(done)}, "
            f"max {max(secs):.2f}s, median {statistics.median(secs):.2f}s, "
            f"total {sum(secs):.1f}s"
        )

    text = f"[{family}] ours: {stats('ours')}\n[{family}] textbook: {stats('textbook')}"
    both = [row for row in rows if row.get("textbook")]
    if both:
        ratios = [r["textbook"]["seconds"] / max(r["ours"]["seconds"], 1e-3) for r in both]
        total = sum(r["textbook"]["seconds"] for r in both)
        total /= max(sum(r["ours"]["seconds"] for r in both), 1e-3)
        text += (
            f"\n[{family}] textbook/ours seconds: median {statistics.median(ratios):.1f}x,"
            f" total {total:.1f}x (the textbook stops at the time limit when unproven)"
        )
    return text


def run(args) -> list[dict]:
    every = []
    for family in args.family:
        print(f"\n== {family} (time limit {args.time_limit:g}s)\n{HEADER}", flush=True)
        rows = []
        for name, inst, published in instances(family, args.pmed_max):
            if args.only and name not in args.only:
                continue
            row = {"family": family, "instance": name, "optimum": published}
            row["ours"] = ours(inst, args.time_limit)
            row["textbook"] = None if args.no_textbook else textbook(inst, args.time_limit)
            print(line(name, published, row["ours"], row["textbook"]), flush=True)
            rows.append(row)
        if rows:
            print(summary(family, rows), flush=True)
        every += rows
    return every


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--family", nargs="+", choices=FAMILIES, default=["cap", "capabc", "holmberg", "pmed"]
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", nargs="+", help="instance names, e.g. cap41 capb-6000")
    parser.add_argument("--pmed-max", type=int, default=40, help="pmed1..pmedK (default 40)")
    parser.add_argument("--no-textbook", action="store_true", help="skip the textbook MIP")
    parser.add_argument("--json", type=Path, help="also write every row to this JSON file")
    args = parser.parse_args(argv)
    rows = run(args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=float))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
