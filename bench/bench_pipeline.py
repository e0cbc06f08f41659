"""Speed of the whole job and of the run store, with public tools only.

1. End-to-end wall time of ``cwplan run`` (validate, rules, optimize, simulate, report,
   store) for Shaoxing and Zhejiang at 1 and 2 worker processes, and the speedup, each a
   median over ``--repeat`` runs of a fresh process.
2. The run store: the time to record 100 runs (one real run's figures, recorded 100 times
   in transactions as ``cwplan run`` records them), to read all 100 back for a comparison,
   and ``cwplan compare`` of two runs by id in a store holding them all.

    .venv/bin/python bench/bench_pipeline.py [--repeat 3] [--replications 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(command: list[str], repeat: int) -> float:
    """Median seconds of a command run as a fresh process."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_times(args, tmp: Path) -> list[tuple[str, float, float]]:
    rows = []
    for name in ("shaoxing", "zhejiang"):
        seconds = {}
        for workers in (1, 2):
            seconds[workers] = wall(
                [sys.executable, "-m", "cwplan", "run", f"scenarios/{name}.yaml",
                 "--replications", str(args.replications), "--workers", str(workers),
                 "--store", str(tmp / "bench.duckdb"), "--out", str(tmp / f"{name}-{workers}")],
                args.repeat)
        rows.append((name, seconds[1], seconds[2]))
    return rows


def store_times(tmp: Path) -> tuple[float, float, float]:
    from cwplan.store import Store

    source = tmp / "bench.duckdb"
    with Store(source) as store:
        run_id = next(r[0] for r in store.runs() if r[1] == "complete")
        figures = store.figures(run_id)
    import json

    summary = json.loads((tmp / "shaoxing-2" / "summary.json").read_text(encoding="utf-8"))
    from sim.plan_file import from_json

    plan = from_json(figures["plan"])
    scenario = type("S", (), {"name": "bench", "path": "bench", "content_hash": "0"})()
    started = time.perf_counter()
    ids = []
    with Store(tmp / "hundred.duckdb") as store:
        for _ in range(100):
            ids.append(store.start(scenario, 1, 20, {}, tmp / "none"))
            store.complete(ids[-1], summary, plan, [], figures["names"])
    record = time.perf_counter() - started
    started = time.perf_counter()
    with Store(tmp / "hundred.duckdb") as store:
        loaded = [store.figures(i) for i in ids]
    read = time.perf_counter() - started
    assert all(f is not None for f in loaded)
    compare = wall([sys.executable, "-m", "cwplan", "compare", ids[0], ids[-1], "--store",
                    str(tmp / "hundred.duckdb"), "--out", str(tmp / "compare")], 3)
    return record, read, compare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--replications", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rows = run_times(args, tmp)
        record, read, compare = store_times(tmp)
    print(f"cwplan run, {args.replications} replications, medians of {args.repeat} runs")
    print(f"{'scenario':<12}{'1 worker (s)':>14}{'2 workers (s)':>15}{'speedup':>10}")
    for name, one, two in rows:
        print(f"{name:<12}{one:>14.2f}{two:>15.2f}{one / two:>10.2f}")
    print("run store")
    print(f"{'record 100 runs (s)':<44}{record:>10.2f}")
    print(f"{'read 100 runs back for a comparison (s)':<44}{read:>10.2f}")
    print(f"{'cwplan compare of two stored runs (s)':<44}{compare:>10.2f}")


if __name__ == "__main__":
    main()
