"""How each stage of a run grows with the size of the region.

Synthetic regions of 300, 1,000 and 2,800 counties (``cwplan synth``, prefectures in
proportion, 330 for the nation) are taken through every stage of ``cwplan run`` one after
another, each size in a fresh process: loading the files, the rules, the demand
projection, the per-prefecture data of the planning model, the optimization set-up (the
models built, not solved) and the solve, the world build, the simulation (replications in
this process), the results (summary.json's figures), the Parquet files and the report. For
each stage the script prints its seconds at each size and the growth exponent b fitted to
seconds = a * counties ** b (1: linear), and for each size the peak memory of the process.

    .venv/bin/python bench/bench_scale.py [--sizes 300 1000 2800] [--replications 2]
        [--repeat 1] [--data DIR] [--skip report] [--json OUT]

On a shared machine one measurement of a size can be a third slower than the next, which
moves an exponent by 0.15 either way: ``--repeat N`` measures every size N times, the sizes
taken in turn (300, 1,000, 2,800, 300, ...) so that a slow spell falls on all of them, and
fits the exponents to each stage's median.

``--data DIR`` takes regions already written there (``DIR/N/national.yaml``), so that two
versions of the program can be timed on the same files; otherwise they are written into a
temporary folder first. The machine's load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("loading", "rules", "demand projection", "prefecture data", "optimization set-up",
          "optimization solve", "world build", "simulation", "results", "parquet", "report")


def prefectures_for(counties: int) -> int:
    """The nation's 330 prefectures for 2,800 counties, in proportion."""
    return max(1, round(330 * counties / 2800))


def _timed(times: dict, name: str, work):
    started = time.perf_counter()
    value = work()
    times[name] = time.perf_counter() - started
    return value


def one_size(scenario_path: Path, replications: int, skip: set[str]) -> dict:
    """Every stage once, in this process; seconds per stage and the peak memory."""
    import optimize
    import sim
    from cwplan.outputs import write_simulation
    from optimize.demand import project
    from optimize.planning import build as build_model
    from optimize.planning_data import prefecture_data
    from sim import rules
    from sim.scenario import load
    from sim.world import build

    times: dict[str, float] = {}
    scenario = _timed(times, "loading", lambda: load(scenario_path))
    rulebook = _timed(times, "rules", lambda: rules.load(scenario))
    demand = _timed(times, "demand projection",
                    lambda: project(scenario, optimize.intake_days(scenario, rulebook)))
    datas = _timed(times, "prefecture data", lambda: [
        prefecture_data(scenario, rulebook, demand, p.code) for p in scenario.region.prefectures])
    settings = optimize._settings(scenario, rulebook, None)
    _timed(times, "optimization set-up", lambda: [build_model(d, settings) for d in datas])
    plan = _timed(times, "optimization solve",
                  lambda: optimize.plan(scenario, rulebook, demand, workers=1))
    _timed(times, "world build", lambda: build(scenario, rulebook, plan))
    results = _timed(times, "simulation", lambda: sim.run(
        scenario, rulebook, plan, replications, scenario.run.seed, 1))
    summary = _timed(times, "results", results.summary)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        _timed(times, "parquet", lambda: write_simulation(Path(tmp), results, plan, summary))
        if "report" not in skip:
            import reports

            _timed(times, "report", lambda: reports.build(scenario, rulebook, plan, results,
                                                          Path(tmp), "en"))
    # sim.run builds its own world: the simulation's own share is the run less the build
    times["simulation"] -= times["world build"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": times, "peak_mib": peak,
            "institutions": len(scenario.region.institutions)}


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) on log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-4)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    top = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return top / sum((x - mx) ** 2 for x in xs)


def medians(measured: list[dict]) -> dict:
    """A size's measurements in one: each stage's median seconds, the largest peak, the
    mean load, and every measurement as it was."""
    return {"seconds": {stage: statistics.median(m["seconds"][stage] for m in measured)
                        for stage in measured[0]["seconds"]},
            "peak_mib": max(m["peak_mib"] for m in measured),
            "institutions": measured[0]["institutions"],
            "load": statistics.fmean(m["load"] for m in measured),
            "measured": measured}


def write_regions(folder: Path, sizes: list[int]) -> None:
    for n in sizes:
        if not (folder / str(n) / "national.yaml").exists():
            subprocess.run([sys.executable, "-m", "cwplan", "synth", str(folder / str(n)),
                            "--counties", str(n), "--prefectures", str(prefectures_for(n))],
                           check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 2800])
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--skip", nargs="*", default=[], choices=["report"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.replications, set(args.skip))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-scale-data-") as tmp:
        data = args.data or Path(tmp)
        write_regions(data, args.sizes)
        rounds: dict[int, list[dict]] = {n: [] for n in args.sizes}
        for _ in range(max(args.repeat, 1)):
            for n in args.sizes:
                load = os.getloadavg()[0]
                out = subprocess.run(
                    [sys.executable, __file__, "--one", str(data / str(n) / "national.yaml"),
                     "--replications", str(args.replications), "--skip", *args.skip],
                    capture_output=True, text=True, cwd=ROOT)
                if out.returncode:
                    sys.exit(f"{n} counties failed:\n{out.stderr[-3000:]}")
                rounds[n].append(json.loads(out.stdout.strip().splitlines()[-1]) | {"load": load})
    found = {n: medians(measured) for n, measured in rounds.items()}
    _print(args, found)
    if args.json:
        args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


def _print(args, found: dict) -> None:
    sizes = sorted(found)
    stages = [s for s in STAGES if all(s in found[n]["seconds"] for n in sizes)]
    times = "" if args.repeat <= 1 else f", median of {args.repeat} measurements"
    print(f"stages of a run by counties, {args.replications} replications, seconds{times} "
          f"(fresh process per size; tree {ROOT})")
    print(f"{'stage':<22}" + "".join(f"{n:>10}" for n in sizes) + f"{'exponent':>10}")
    for stage in stages:
        seconds = [found[n]["seconds"][stage] for n in sizes]
        b = exponent(sizes, seconds) if len(sizes) > 1 else float("nan")
        print(f"{stage:<22}" + "".join(f"{s:>10.2f}" for s in seconds) + f"{b:>10.2f}")
    print(f"{'institutions':<22}" + "".join(f"{found[n]['institutions']:>10}" for n in sizes))
    print(f"{'peak memory (MiB)':<22}" + "".join(f"{found[n]['peak_mib']:>10.0f}"
                                                for n in sizes))
    print(f"{'load average (1 min)':<22}" + "".join(f"{found[n]['load']:>10.2f}"
                                                   for n in sizes))


if __name__ == "__main__":
    main()
