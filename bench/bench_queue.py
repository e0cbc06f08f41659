"""Customers per second on one M/M/c queue: the model against Ciw, in the same run.

The queue region of the tests (tests/sim/data/queue-region.yaml: one county, one city
home whose beds are the servers, long-term children arriving as a Poisson stream and
leaving by adoption at a constant rate, a what-if that lets the home make children wait)
is set to M/M/48 with 400 arrivals and a service rate of 10 a year (offered load 40) over
30 years. Each repeat times one replication of the model (the world built beforehand, as
every replication after the first finds it) and one Ciw simulation of the same queue over
the same time, one after the other in this process, and counts the customers that arrived.

    .venv/bin/pip install -e '.[bench]'      # Ciw
    .venv/bin/python bench/bench_queue.py [--repeat 5] [--servers 48] [--arrivals 400]

Prints the median customers per second of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "sim" / "data"
YEARS = 30


def queue_scenario(folder: Path, servers: int, arrivals: float) -> Path:
    """The test queue with ``servers`` beds and ``arrivals`` a year, written to ``folder``."""
    region = (DATA / "queue-region.yaml").read_text(encoding="utf-8")
    region = re.sub(r"kind: city_welfare_home,(\s+)county: \"330602\", beds: \d+",
                    rf'kind: city_welfare_home,\1county: "330602", beds: {servers}', region)
    region = region.replace("{infant: 0, long_term: 40, temporary: 0}",
                            f"{{infant: 0, long_term: {arrivals:g}, temporary: 0}}")
    (folder / "queue-region.yaml").write_text(region, encoding="utf-8")
    scenario = (DATA / "queue.yaml").read_text(encoding="utf-8")
    (folder / "queue.yaml").write_text(scenario, encoding="utf-8")
    return folder / "queue.yaml"


def model_rate(world, seed: int, index: int) -> tuple[int, float]:
    """Customers (children arriving) and seconds of one replication."""
    from sim.runner import run_replication

    started = time.perf_counter()
    result = run_replication(world, seed, index)
    seconds = time.perf_counter() - started
    return int(result.flows[:, 1].sum()), seconds


def ciw_rate(servers: int, arrivals: float, service: float, seed: int) -> tuple[int, float]:
    """Customers and seconds of Ciw on the same queue over the same years."""
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=arrivals)],
        service_distributions=[ciw.dists.Exponential(rate=service)],
        number_of_servers=[servers])
    ciw.seed(seed)
    started = time.perf_counter()
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(YEARS)
    seconds = time.perf_counter() - started
    served = len(simulation.get_all_records())
    waiting = sum(len(node.all_individuals) for node in simulation.transitive_nodes)
    return served + waiting, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--servers", type=int, default=48)
    parser.add_argument("--arrivals", type=float, default=400.0)
    parser.add_argument("--service", type=float, default=10.0)
    args = parser.parse_args()

    from sim import plan as plans
    from sim import rules
    from sim.scenario import load
    from sim.world import build

    with tempfile.TemporaryDirectory() as tmp:
        scenario = load(queue_scenario(Path(tmp), args.servers, args.arrivals))
        world = build(scenario, rules.load(scenario), plans.status_quo(scenario))
    assert world.beds[0, world.institutions.index("q-city")] == args.servers
    model, other, counted = [], [], []
    load = os.getloadavg()[0]
    for k in range(args.repeat):
        n, seconds = model_rate(world, 7, k)
        model.append(n / seconds)
        counted.append(n)
        m, seconds = ciw_rate(args.servers, args.arrivals, args.service, k)
        other.append(m / seconds)
    ours, theirs = statistics.median(model), statistics.median(other)
    print(f"M/M/{args.servers}, {args.arrivals:g} arrivals and {args.service:g} services a year, "
          f"{YEARS} years; medians of {args.repeat} runs; load average {load:.2f}")
    print(f"{'customers per replication (model)':<40}{statistics.median(counted):>12,.0f}")
    print(f"{'model customers per second':<40}{ours:>12,.0f}")
    print(f"{'Ciw customers per second':<40}{theirs:>12,.0f}")
    print(f"{'model / Ciw':<40}{ours / theirs:>12.2f}")


if __name__ == "__main__":
    main()
