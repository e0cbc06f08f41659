"""A run kept so that its report can be made again without simulating again.

The report reads every replication's figures, not only their means: the daily counts of
each institution and the transfer progress (in ``timeseries.parquet`` and
``transfers.parquet``, as the analysts query them; read back from there a few series at a
time, ``sim.series.Joined``, so a nation's days never fill memory) and, per replication,
the costs by year, institution and category, the wages by role, the accounting, the sums
per year and totals per day the summary is made from, the days targets are measured on and
each transfer campaign's outcome. These last are kept in ``replications.npz`` (plain
numeric arrays, no pickled objects), beside the Parquet files. ``read`` puts them back
together with the world the scenario, its rulebooks and the plan define
(``sim.world.build`` is a function of those three alone), giving the ``Results`` the run
had: a report made from it is the report the run made.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import duckdb
import numpy as np

from sim.replication import ReplicationResult
from sim.results import Results
from sim.scenario import InputError, Problem
from sim.series import Joined

FILE = "replications.npz"
# every array of a replication but those the Parquet file holds (or the report never reads):
# a field added to ReplicationResult is kept without a change here
ELSEWHERE = {"index", "daily", "cost_to_date", "transfers", "campaigns", "events", "rules",
             "snapshots", "on_disk"}
ARRAYS = tuple(f.name for f in dataclasses.fields(ReplicationResult) if f.name not in ELSEWHERE)
CAMPAIGN = {"children": int, "moved": int, "moved_by_deadline": int, "all_moved_day": float,
            "work_done_day": float, "met_moved_by": bool, "met_work_by": bool,
            "steps_total": int, "steps_by_work_deadline": int}
EXPECTED = "a folder `cwplan run` wrote (with replications.npz and timeseries.parquet)"


def write(folder: Path, results: Results) -> None:
    """Every replication's figures that the Parquet files do not hold."""
    reps = results.replications
    arrays = {name: np.stack([getattr(r, name) for r in reps]) for name in ARRAYS}
    arrays["index"] = np.array([r.index for r in reps], dtype=np.int64)
    for key in CAMPAIGN:
        values = [[_number(c[key]) for c in r.campaigns] for r in reps]
        arrays[f"campaign_{key}"] = np.array(values, dtype=float).reshape(len(reps), -1)
    days = sorted(reps[0].snapshots) if reps else []
    arrays["snapshot_days"] = np.array(days, dtype=np.int64)
    arrays["snapshots"] = np.array([[r.snapshots[d] for d in days] for r in reps])
    arrays["seed"] = np.array(results.seed, dtype=np.int64)
    _savez(folder / FILE, arrays)


def _savez(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` at zlib's fastest level: its default packs a run's arrays a
    fifth smaller in three times as long. ``np.load`` reads it alike."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, array in arrays.items():
            with book.open(f"{name}.npy", "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, np.asanyarray(array), allow_pickle=False)


def _number(value) -> float:
    return np.nan if value is None else float(value)


def read(folder: Path, world, manifest: dict) -> Results:
    """The run's ``Results`` from its folder and its ``world`` (``sim.world.build``)."""
    folder = Path(folder)
    try:
        with np.load(folder / FILE, allow_pickle=False) as stored:
            kept = {name: stored[name] for name in stored.files}
    except (OSError, ValueError) as exc:
        raise InputError([Problem(str(folder / FILE), 0, "", f"cannot read: {exc}",
                                  EXPECTED)]) from None
    _check(folder, world, len(kept["index"]))
    days = [int(d) for d in kept["snapshot_days"]]
    reps = []
    for r, index in enumerate(kept["index"]):
        campaigns = [_campaign(world, k, {key: kept[f"campaign_{key}"][r, k]
                                          for key in CAMPAIGN})
                     for k in range(len(world.campaigns))]
        reps.append(ReplicationResult(
            index=int(index), daily=None, cost_to_date=None, transfers=None,
            campaigns=campaigns, events=None, rules=[], on_disk=True,
            snapshots={d: kept["snapshots"][r, k] for k, d in enumerate(days)},
            **{name: kept[name][r] for name in ARRAYS}))
    return Results(world=world, seed=int(kept["seed"]), replications=reps,
                   manifest=dict(manifest), series=Joined(folder))


def _campaign(world, k: int, values: dict) -> dict:
    camp = world.campaigns[k]
    out = {"county": world.counties[camp.county], "home": world.institutions[camp.home],
           "regional": world.institutions[camp.regional]}
    for key, kind in CAMPAIGN.items():
        value = values[key]
        out[key] = None if np.isnan(value) else kind(value)
    return out


def _check(folder: Path, world, n: int) -> None:
    """timeseries.parquet is there and holds every day of every institution of the run."""
    path = folder / "timeseries.parquet"
    if not path.is_file():
        raise InputError([Problem(str(path), 0, "", "is missing", EXPECTED)])
    con = duckdb.connect()
    try:
        rows, names = con.read_parquet(str(path)).aggregate(
            "count(*), list(DISTINCT institution)").fetchall()[0]
    finally:
        con.close()
    if not set(names) <= set(world.institutions):
        raise InputError([Problem(str(path), 0, "", "names institutions the scenario does "
                                  "not have", EXPECTED)])
    if rows != n * world.days * len(world.institutions):
        raise InputError([Problem(str(path), 0, "", "does not hold every day of every "
                                  "replication of the run", EXPECTED)])


def manifest_of(folder: Path) -> dict:
    """summary.json's manifest and run.json, which say what run the folder holds."""
    out = {}
    for name in ("summary.json", "run.json"):
        path = Path(folder) / name
        try:
            out[name] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError([Problem(str(path), 0, "", "is missing", EXPECTED)]) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError([Problem(str(path), getattr(exc, "lineno", 0), "",
                                      f"cannot read: {exc}", EXPECTED)]) from None
    return out
