"""Speed of the planning model on the bundled regions and the synthetic nation.

Solves each bundled scenario and the national synthetic set (about 2,800 counties in 330
prefectures, generated with ``cwplan synth``) at 1 and 2 worker processes and prints the
wall time, the status, the worst prefecture gap and the speedup.

    .venv/bin/python bench/bench_planning.py [--nation-seed 1] [--skip-nation]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import optimize
from cwplan.synthetic import generate_national
from sim import rules
from sim.scenario import load

ROOT = Path(__file__).resolve().parents[1]


def solve(path: Path, workers: int) -> tuple[float, dict]:
    scenario = load(path)
    rulebook = rules.load(scenario)
    started = time.perf_counter()
    plan = optimize.plan(scenario, rulebook, workers=workers)
    return time.perf_counter() - started, plan.solver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nation-seed", type=int, default=1)
    parser.add_argument("--skip-nation", action="store_true")
    args = parser.parse_args()
    cases = [(name, ROOT / "scenarios" / f"{name}.yaml")
             for name in ("shaoxing", "yuncheng", "huangshan", "zhejiang")]
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_nation:
            cases.append(("nation", generate_national(args.nation_seed, out_dir=Path(folder))))
        print(f"{'scenario':<12}{'prefectures':>12}{'1 worker (s)':>14}{'2 workers (s)':>15}"
              f"{'speedup':>9}{'status':>10}{'worst gap':>11}")
        for name, path in cases:
            one, solver = solve(path, 1)
            two, _ = solve(path, 2)
            worst = max(p["gap"] for p in solver["prefectures"].values())
            print(f"{name:<12}{len(solver['prefectures']):>12}{one:>14.2f}{two:>15.2f}"
                  f"{one / two:>9.2f}{solver['status']:>10}{worst:>11.1e}")


if __name__ == "__main__":
    main()
