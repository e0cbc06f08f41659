"""What a run's output folder holds: summary, plan, and the tables as Parquet.

The folder itself is made, checked and put in place by ``cwplan.outfolder``. Tables go to
Parquet through DuckDB's Python API (analysts can query them with SQL straight from the
files); a path reaches SQL text only as a literal with its quotes doubled (as DuckDB's own
writer quotes it), and a name never does. JSON is strict: a NaN or an infinity never
reaches a file.
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
from sim.series import Series, connect

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
    """timeseries.parquet, transfers.parquet and events.parquet, joined on DuckDB's threads
    while the body of the ``with`` does the rest of the writing; finished when it ends.
    An error in the body (Ctrl-C among them) stops the join at once.

    The tables are written a replication at a time (``sim.series``) and joined in
    replication order, so memory holds one replication's rows at most; a run whose
    replications already went to disk as they ended is only joined.
    """
    reps = results.replications
    with contextlib.ExitStack() as scratch:
        series = results.series
        if series is None or not all(r.on_disk for r in reps):
            series = Series(scratch.enter_context(series_folder(folder)))
            for rep in reps:
                series.write(results.world, rep)
        con = scratch.enter_context(connect())
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=1) as joiner:
            joined = joiner.submit(_join, series, results, folder, con, stop)
            try:
                yield
            except BaseException:
                stop.set()              # no next table, and the one being joined ends now
                con.interrupt()
                raise
            joined.result()


def _join(series: Series, results: Results, folder: Path, con, stop: threading.Event) -> None:
    """The run's tables, each joined from its replications' files in replication order."""
    reps = results.replications
    indices = [r.index for r in reps]
    tables = ["timeseries"]
    if results.world.campaigns:
        tables.append("transfers")
    if all(r.on_disk or r.events is not None for r in reps):
        tables.append("events")
    for table in tables:
        if stop.is_set():
            return
        series.join(table, indices, folder / f"{table}.parquet", con)


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
