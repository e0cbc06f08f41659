"""What a run's output folder holds: summary, plan, and the tables as Parquet.

The folder itself is made, checked and put in place by ``cwplan.outfolder``. Tables go to
Parquet (``sim.series``), which analysts can query with SQL straight from the files.
JSON is strict: a NaN or an infinity never reaches a file.
"""

from __future__ import annotations

import contextlib
import platform
import shutil
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import numpy as np

from cwplan import replay
from sim.jsonio import NotANumber, strict_json
from sim.plan import Plan
from sim.plan import write as write_plan
from sim.results import Results
from sim.series import join

PACKAGES = ("cwplan", "simpy", "numpy", "scipy", "ortools", "pydantic", "duckdb", "pyarrow",
            "matplotlib")


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
    with tables_joined(folder, results):
        write_figures(folder, results, plan, summary, inputs)


def write_figures(folder: Path, results: Results, plan: Plan,
                  summary: dict | None = None, inputs: dict | None = None) -> None:
    """What a simulation writes besides its tables: summary.json, plan.json, inputs.json
    (what went in, when given) and replications.npz."""
    results.manifest.setdefault("versions", versions())
    write_json(folder / "summary.json", summary or results.summary())
    write_plan(plan, folder / "plan.json")
    if inputs is not None:
        write_json(folder / "inputs.json", inputs)
    replay.write(folder, results)      # with the Parquet files: the report again


@contextlib.contextmanager
def tables_joined(folder: Path, results: Results) -> Iterator[None]:
    """timeseries.parquet, transfers.parquet and events.parquet, written on a thread of
    their own while the body of the ``with`` does the rest of the writing; finished when it
    ends. An error in the body (Ctrl-C among them) stops the writing after the replication
    being written, and is the error that comes out.

    The tables are written a replication at a time, in replication order (from its files,
    ``sim.series``, when the run kept it on disk), so memory holds one replication's rows
    at most.
    """
    stop = threading.Event()
    # the time series on one thread, the others after each other on a second: the rest of
    # the writing is mostly numpy's, which lets go of Python's lock as Arrow does
    with ThreadPoolExecutor(max_workers=2) as writers:
        written = [writers.submit(join, table, results.world, results.replications,
                                  folder / f"{table}.parquet", results.series, stop)
                   for table in _tables(results)]
        try:
            yield
        except BaseException:
            stop.set()              # no next replication, and no next table
            raise
        for table in written:
            table.result()


def _tables(results: Results) -> list[str]:
    """The tables a run has: the time series; transfers, when there are campaigns; the
    event log, when every replication kept one."""
    tables = ["timeseries"]
    if results.world.campaigns:
        tables.append("transfers")
    if all(r.on_disk or r.events is not None for r in results.replications):
        tables.append("events")
    return tables


@contextlib.contextmanager
def series_folder(within: Path) -> Iterator[Path]:
    """A hidden folder inside the output folder being written, for the replications'
    day-by-day records while the run lasts (``sim.series``); removed however the run ends,
    before the output folder is put in place."""
    folder = Path(tempfile.mkdtemp(prefix=".series-", dir=within))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
