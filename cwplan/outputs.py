"""Writing a run's output folder: all of it or nothing.

Everything is written into a hidden temporary folder beside the destination, which is
renamed into place only when every file is complete; an interrupted run leaves no
complete-looking folder behind. Tables go to Parquet through DuckDB (analysts can query
them with SQL straight from the files).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import duckdb
import numpy as np

from cwplan import replay
from sim.monitor import BEDS, BY_CARE, DAILY_FIELDS, REQUIRED, TRANSFER_FIELDS
from sim.plan import Plan
from sim.plan import write as write_plan
from sim.results import Results

PACKAGES = ("cwplan", "simpy", "numpy", "scipy", "ortools", "pydantic", "duckdb", "matplotlib")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


@contextlib.contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A temporary folder that becomes ``out`` when the block ends without an error."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        yield tmp
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n",
                    encoding="utf-8")


def _plain(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def write_simulation(folder: Path, results: Results, plan: Plan,
                     summary: dict | None = None, inputs: dict | None = None) -> None:
    """summary.json, plan.json, inputs.json (what went in, when given) and the daily,
    transfer and event tables of a simulation."""
    results.manifest.setdefault("versions", versions())
    write_json(folder / "summary.json", summary or results.summary())
    write_plan(plan, folder / "plan.json")
    if inputs is not None:
        write_json(folder / "inputs.json", inputs)
    con = duckdb.connect()
    _copy(con, "timeseries", _timeseries(results), folder / "timeseries.parquet")
    if results.world.campaigns:
        _copy(con, "transfers", _transfers(results), folder / "transfers.parquet")
    events = _events(results)
    if events is not None:
        _copy(con, "events", events, folder / "events.parquet")
    replay.write(folder, results)          # with timeseries.parquet: the report again


def _copy(con, name: str, columns: dict[str, np.ndarray], path: Path) -> None:
    con.register(name, columns)
    con.execute(f"COPY (SELECT * REPLACE (CAST(date AS DATE) AS date) FROM {name}) "
                f"TO '{path.as_posix()}' (FORMAT parquet, COMPRESSION zstd)")
    con.unregister(name)


def _dates(results: Results) -> np.ndarray:
    return (np.datetime64(results.world.start, "D") + np.arange(results.world.days)).astype(
        "datetime64[s]")


def _timeseries(results: Results) -> dict[str, np.ndarray]:
    w, reps = results.world, results.replications
    days, n = w.days, len(w.institutions)
    shape = (len(reps), days, n)
    daily = np.stack([r.daily for r in reps])
    columns = {
        "replication": np.broadcast_to(np.array([r.index for r in reps])[:, None, None],
                                       shape).ravel().astype(np.int32),
        "date": np.broadcast_to(_dates(results)[None, :, None], shape).ravel(),
        "institution": np.broadcast_to(np.array(w.institutions, dtype=object)[None, None, :],
                                       shape).ravel(),
    }
    for f, name in enumerate(DAILY_FIELDS):
        columns[name] = daily[:, :, :, f].ravel().astype(np.int32)
    residents = daily[:, :, :, BY_CARE].sum(axis=3)
    columns["over_capacity"] = (residents > daily[:, :, :, BEDS]).ravel()
    columns["ratio_compliant"] = (daily[:, :, :, DAILY_FIELDS.index("caregivers")]
                                  >= daily[:, :, :, REQUIRED]).ravel()
    columns["cost_to_date_yuan"] = np.stack([r.cost_to_date for r in reps]).ravel()
    return columns


def _transfers(results: Results) -> dict[str, np.ndarray]:
    w, reps = results.world, results.replications
    k = len(w.campaigns)
    shape = (len(reps), w.days, k)
    data = np.stack([r.transfers[:, :k, :] for r in reps])
    counties = np.array([w.counties[c.county] for c in w.campaigns], dtype=object)
    columns = {
        "replication": np.broadcast_to(np.array([r.index for r in reps])[:, None, None],
                                       shape).ravel().astype(np.int32),
        "date": np.broadcast_to(_dates(results)[None, :, None], shape).ravel(),
        "county": np.broadcast_to(counties[None, None, :], shape).ravel(),
    }
    for f, name in enumerate(TRANSFER_FIELDS):
        columns[name] = data[:, :, :, f].ravel().astype(np.int32)
    return columns


def _events(results: Results) -> dict[str, np.ndarray] | None:
    w, reps = results.world, results.replications
    if any(r.events is None for r in reps):
        return None
    names = np.array([*w.institutions, ""], dtype=object)      # index -1 means "outside"
    counties = np.array([*w.counties, ""], dtype=object)
    parts = []
    for r in reps:
        ev = r.events
        rules = np.array(r.rules, dtype=object)
        count = len(ev["day"])
        parts.append({
            "replication": np.full(count, r.index, np.int32),
            "day": ev["day"].astype(float),
            "event": ev["event"].astype(object),
            "child": ev["child"].astype(np.int64),
            "county": counties[ev["county"].astype(int)],
            "kind": ev["kind"].astype(np.int8),
            "care": ev["care"].astype(np.int8),
            "from_institution": names[ev["from_institution"].astype(int)],
            "to_institution": names[ev["to_institution"].astype(int)],
            "rule": rules[ev["rule"].astype(int)],
        })
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    start = np.datetime64(w.start, "D")
    columns["date"] = (start + columns["day"].astype(np.int64)).astype("datetime64[s]")
    return columns
