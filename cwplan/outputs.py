"""Writing a run's output folder: all of it or nothing.

Everything is written into a hidden temporary folder beside the destination, which is
renamed into place only when every file is complete; an interrupted run leaves no
complete-looking folder behind. Tables go to Parquet through DuckDB (analysts can query
them with SQL straight from the files).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import shutil
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import duckdb
import numpy as np

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
    """Strict JSON: a number that is not one (NaN, infinity) is written as null."""
    text = json.dumps(_finite(data), ensure_ascii=False, indent=2, default=_plain,
                      allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def _finite(value):
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, np.ndarray):
        return _finite(value.tolist())
    return value


def _plain(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.ndarray):
        return _finite(value.tolist())
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


CHUNK = 20     # replications turned into rows at a time: all 200 of a province are gigabytes


def _copy(con, results: Results, rows, path: Path) -> None:
    """One Parquet file of ``rows(results, replications)``, made chunk by chunk: each chunk
    of replications is written to a part file, and the parts are read back in order into
    the one file, so memory holds one chunk's rows at a time."""
    reps = results.replications
    parts = []
    for k in range(0, len(reps), CHUNK):
        part = path.with_name(f".{path.stem}-part-{k // CHUNK:05d}.parquet")
        con.register("chunk", rows(results, reps[k:k + CHUNK]))
        con.execute(f"COPY (SELECT * REPLACE (CAST(date AS DATE) AS date) FROM chunk) "
                    f"TO {_literal(part)} (FORMAT parquet)")
        con.unregister("chunk")
        parts.append(part)
    listed = ", ".join(_literal(p) for p in parts)
    con.execute(f"COPY (SELECT * FROM read_parquet([{listed}])) "
                f"TO {_literal(path)} (FORMAT parquet, COMPRESSION zstd)")
    for part in parts:
        part.unlink()


def _literal(path: Path) -> str:
    """A path as an SQL string literal: a quote in a folder's name is doubled."""
    return "'" + path.as_posix().replace("'", "''") + "'"


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
