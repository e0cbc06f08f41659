"""A run's numbers in brief: what the test of unchanged results compares.

The small Shaoxing scenario of tests/data is planned by the optimizer and simulated over a
few replications with a fixed seed; its output folder (summary.json, plan.json, the time
series, transfers and events) is reduced to a readable record: per file its rows, columns,
the sum of each numeric column and a SHA-256 of its rows in file order; for the JSON files
a digest of each section and a few headline figures. A faster simulation must give the
same record to the last digit.

Run as a script to write the record (``tests/data/same-numbers.json`` is made this way):

    .venv/bin/python tests/same_numbers.py OUT.json [--workers N]

It uses only the public entry points (``optimize.plan``, ``sim.run``,
``cwplan.outputs.write_simulation``), so the same file can be run against an older tree:
``cd OLD && .venv/bin/python /path/to/tests/same_numbers.py OUT.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tempfile
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "data" / "shaoxing" / "shaoxing.yaml"
SEED, REPLICATIONS = 7, 4
TABLES = ("timeseries", "transfers", "events")
VOLATILE = {"versions", "run_id", "seconds"}   # how long and on what, never what


def outputs(folder: Path, workers: int = 1, scheduler: str | None = None,
            series: Path | None = None) -> Path:
    """Plan and simulate the fixture into ``folder`` (with ``series``, the replications'
    records go to that folder as they end, as in ``cwplan run``); returns ``folder``."""
    import optimize
    import sim
    from cwplan.outputs import write_simulation
    from sim import rules
    from sim.scenario import load

    scenario = load(FIXTURE)
    rulebook = rules.load(scenario)
    plan = optimize.plan(scenario, rulebook, scheduler=scheduler)
    kwargs = {"scheduler": scheduler} if scheduler else {}
    if series is not None:
        kwargs["series"] = series
    results = sim.run(scenario, rulebook, plan, REPLICATIONS, SEED, workers, **kwargs)
    write_simulation(folder, results, plan)
    return folder


def _stable(value):
    """JSON without what only says how long a run took or which versions ran it."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _json_record(path: Path) -> dict:
    data = _stable(json.loads(path.read_text(encoding="utf-8")))
    return {"sha256": _digest(data),
            "sections": {key: _digest(value) for key, value in sorted(data.items())}}


def _table_record(path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    rel = con.read_parquet(str(path))
    columns = [f"{name} {kind}" for name, kind in zip(rel.columns, rel.types, strict=True)]
    digest = hashlib.sha256()
    rows = 0
    # file order; every value as text, so that a float differs if any digit differs
    cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
    while batch := cursor.fetchmany(50_000):
        for row in batch:
            digest.update(repr(row).encode())
            digest.update(b"\n")
        rows += len(batch)
    # integers summed by DuckDB (exact whatever the order); fractions by math.fsum, which
    # rounds once, so that a sum does not depend on how the file's rows are grouped (the
    # rows' digest is what says they are the same)
    kinds = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    whole = [n for n, t in kinds.items() if t in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT")]
    sums = {}
    if whole:
        found = con.execute("SELECT " + ", ".join(f'sum("{n}")::DOUBLE' for n in whole)
                            + " FROM read_parquet(?)", [str(path)]).fetchone()
        sums = {n: float(v) if v is not None else None
                for n, v in zip(whole, found, strict=True)}
    for name in (n for n, t in kinds.items() if t in ("DOUBLE", "FLOAT")):
        values = con.execute(f'SELECT "{name}" FROM read_parquet(?) WHERE "{name}" IS NOT NULL',
                             [str(path)]).fetchnumpy()[name]
        sums[name] = math.fsum(values.astype(float).tolist()) if len(values) else None
    sums = {n: sums[n] for n in kinds if n in sums}
    return {"rows": rows, "columns": columns, "sums": sums, "sha256": digest.hexdigest()}


def record(folder: Path) -> dict:
    """The record of an output folder."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    kpis = summary["kpis"]
    out = {
        "headline": {"total_cost_yuan": kpis["total_cost_yuan"]["mean"],
                     "peak_children_in_residence": kpis["peak_children_in_residence"]["mean"],
                     "children_in_care_at_end": kpis["children_in_care_at_end"]["mean"]},
        "summary.json": _json_record(folder / "summary.json"),
        "plan.json": _json_record(folder / "plan.json"),
    }
    for name in TABLES:
        path = folder / f"{name}.parquet"
        out[f"{name}.parquet"] = _table_record(path) if path.exists() else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    sys.path.insert(0, str(Path.cwd()))
    with tempfile.TemporaryDirectory() as tmp:
        found = record(outputs(Path(tmp), args.workers))
    found = {"made": args.note, "scenario": "tests/data/shaoxing/shaoxing.yaml",
             "seed": SEED, "replications": REPLICATIONS, **found}
    args.out.write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
