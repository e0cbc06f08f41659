"""What a run's output folder holds: summary, plan, and the tables as Parquet.

The folder itself is made, checked and put in place by ``cwplan.outfolder``. Tables go to
Parquet through DuckDB's Python API (analysts can query them with SQL straight from the
files); no SQL text is ever built from a path or a name. JSON is strict: a NaN or an
infinity never reaches a file.
"""

from __future__ import annotations

import contextlib
import os
import platform
from importlib import metadata
from pathlib import Path

import duckdb
import numpy as np

from cwplan import replay
from sim.jsonio import NotANumber, strict_json
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


def write_json(path: Path, data) -> None:
    """``data`` as strict JSON; a NaN or an infinity anywhere in it is an error, never a file."""
    try:
        text = strict_json(data, default=_plain)
    except NotANumber as exc:
        raise NotANumber(f"{path.name}: {exc}") from None
    path.write_text(text + "\n", encoding="utf-8")


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
    _copy(con, results, _timeseries, folder / "timeseries.parquet")
    if results.world.campaigns:
        _copy(con, results, _transfers, folder / "transfers.parquet")
    if all(r.events is not None for r in results.replications):
        _copy(con, results, _events, folder / "events.parquet")
    replay.write(folder, results)          # with timeseries.parquet: the report again


CHUNK = 20     # replications turned into rows at a time: all 200 of a province are gigabytes


def _copy(con, results: Results, rows, path: Path) -> None:
    """One Parquet file of ``rows(results, replications)``, made chunk by chunk: each chunk
    of replications is written to a part file, and the parts are read back in order into
    the one file, so memory holds one chunk's rows at a time. Paths go to DuckDB as values,
    never as SQL text."""
    reps = results.replications
    parts = []
    for k in range(0, len(reps), CHUNK):
        part = path.with_name(f".{path.stem}-part-{k // CHUNK:05d}.parquet")
        con.register("chunk", rows(results, reps[k:k + CHUNK]))
        con.table("chunk").select("* REPLACE (CAST(date AS DATE) AS date)").write_parquet(
            os.fspath(part))
        con.unregister("chunk")
        parts.append(part)
    con.read_parquet([os.fspath(p) for p in parts]).write_parquet(os.fspath(path),
                                                                   compression="zstd")
    for part in parts:
        part.unlink()


def _dates(results: Results) -> np.ndarray:
    return (np.datetime64(results.world.start, "D") + np.arange(results.world.days)).astype(
        "datetime64[s]")


def _timeseries(results: Results, reps: list) -> dict[str, np.ndarray]:
    w = results.world
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


def _transfers(results: Results, reps: list) -> dict[str, np.ndarray]:
    w = results.world
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


def _events(results: Results, reps: list) -> dict[str, np.ndarray]:
    w = results.world
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
