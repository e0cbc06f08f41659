"""Speed of the simulation, measured against baselines taken in the same run.

1. Events per second: the model's SimPy events per second against a bare SimPy loop (one
   process yielding timeouts) timed in the same process just before, so that the ratio
   holds whatever the machine's speed.
2. Wall time of a scenario (default Zhejiang, 5 years) at 1 and 2 worker processes, and
   the speedup; results must be identical at both.

    .venv/bin/python bench/bench_simulation.py [--scenario scenarios/zhejiang.yaml]
        [--replications 100] [--repeat 3]

Prints one table; every figure is a median over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import simpy

from sim import plan as plans
from sim import rules
from sim.runner import replications, run_replication
from sim.scenario import load
from sim.world import build


def bare_loop(events: int) -> float:
    """Seconds for a bare SimPy loop to process ``events`` timeouts."""
    env = simpy.Environment()

    def ticker(env):
        while True:
            yield env.timeout(1)

    env.process(ticker(env))
    started = time.perf_counter()
    env.run(until=events)
    return time.perf_counter() - started


def model_events(world, seed: int, index: int) -> tuple[int, float]:
    """Events one replication processes, and the seconds it took: the scheduled events its
    clock fires, and the day's steps (each of which a plain SimPy model spends an event
    on; ``sim.engine.Clock``)."""
    from sim import engine

    counted = [0]
    pop = engine.heappop

    def counting_pop(queue):
        counted[0] += 1
        return pop(queue)

    engine.heappop = counting_pop
    try:
        started = time.perf_counter()
        run_replication(world, seed, index)
        seconds = time.perf_counter() - started
    finally:
        engine.heappop = pop
    return counted[0] + world.days, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/zhejiang.yaml", type=Path)
    parser.add_argument("--replications", default=100, type=int)
    parser.add_argument("--repeat", default=3, type=int)
    args = parser.parse_args()

    scenario = load(args.scenario)
    world = build(scenario, rules.load(scenario), plans.status_quo(scenario))

    # 1. events per second, model against a bare loop in the same run
    counts, model_s, bare_s = [], [], []
    for index in range(args.repeat):
        n, seconds = model_events(world, 1, index)
        counts.append(n)
        model_s.append(n / seconds)
        bare_s.append(n / bare_loop(n))
    model_rate, bare_rate = statistics.median(model_s), statistics.median(bare_s)

    # 2. wall time at 1 and 2 workers; the same numbers either way
    walls: dict[int, list[float]] = {1: [], 2: []}
    outcome: dict[int, list] = {}
    for _ in range(args.repeat):
        for workers in (1, 2):
            started = time.perf_counter()
            outcome[workers] = replications(world, 1, range(args.replications), workers,
                                            events=True)
            walls[workers].append(time.perf_counter() - started)
    same = all(np.array_equal(a.daily, b.daily) and np.array_equal(a.costs, b.costs)
               for a, b in zip(outcome[1], outcome[2], strict=True))
    one, two = statistics.median(walls[1]), statistics.median(walls[2])

    print(f"scenario: {scenario.name} ({args.scenario}), {world.days} days, "
          f"{len(world.institutions)} institutions; medians of {args.repeat} runs")
    print(f"{'measure':<44}{'value':>14}")
    print(f"{'SimPy events per replication':<44}{statistics.median(counts):>14,.0f}")
    print(f"{'model events per second':<44}{model_rate:>14,.0f}")
    print(f"{'bare SimPy loop events per second':<44}{bare_rate:>14,.0f}")
    print(f"{'model / bare loop':<44}{model_rate / bare_rate:>14.3f}")
    print(f"{f'{args.replications} replications, 1 worker (s)':<44}{one:>14.2f}")
    print(f"{f'{args.replications} replications, 2 workers (s)':<44}{two:>14.2f}")
    print(f"{'speedup 2 workers / 1 worker':<44}{one / two:>14.2f}")
    print(f"{'identical results at 1 and 2 workers':<44}{same!s:>14}")


if __name__ == "__main__":
    main()
