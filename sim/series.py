"""A replication's day-by-day records on disk: one Parquet file per replication and table.

A national replication records every day of every institution: some three thousand
institutions over five years are six million rows, and a hundred replications would not
fit in memory. So, when a run is given a folder for them, each replication's daily counts,
transfer progress and event log are written there as soon as the replication ends (by the
worker process that ran it, or by this process for replications that come back from a
Dask cluster) and dropped from memory; what the summary needs stays in memory in compact
form (``ReplicationResult``: sums per year, totals per day, the days targets are measured
on). The report reads the few series it draws back from these files with DuckDB, and
``cwplan.outputs`` joins them, replication by replication in order, into the run's
``timeseries.parquet``, ``transfers.parquet`` and ``events.parquet``.

The rows and columns are those of the run's files, whichever way a replication is kept.
"""

from __future__ import annotations

import multiprocessing
import os
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np

from sim.measures import enough_caregivers
from sim.monitor import BEDS, BY_CARE, DAILY_FIELDS, TRANSFER_FIELDS, added

TABLES = ("timeseries", "transfers", "events")


def _dates(world) -> np.ndarray:
    return (np.datetime64(world.start, "D") + np.arange(world.days)).astype("datetime64[s]")


def timeseries_rows(world, rep) -> dict[str, np.ndarray]:
    """One row per day and institution of a replication."""
    days, n = world.days, len(world.institutions)
    daily = rep.daily
    columns = {
        "replication": np.full(days * n, rep.index, np.int32),
        "date": np.broadcast_to(_dates(world)[:, None], (days, n)).ravel(),
        "institution": np.broadcast_to(np.array(world.institutions, dtype=object)[None, :],
                                       (days, n)).ravel(),
    }
    for f, name in enumerate(DAILY_FIELDS):
        columns[name] = daily[:, :, f].ravel().astype(np.int32)
    residents = added(daily, BY_CARE)
    columns["over_capacity"] = (residents > daily[:, :, BEDS]).ravel()
    columns["ratio_compliant"] = enough_caregivers(daily).ravel()
    columns["cost_to_date_yuan"] = rep.cost_to_date.ravel()
    return columns


def transfers_rows(world, rep) -> dict[str, np.ndarray]:
    """One row per day and transfer campaign of a replication."""
    k = len(world.campaigns)
    days = world.days
    data = rep.transfers[:, :k, :]
    counties = np.array([world.counties[c.county] for c in world.campaigns], dtype=object)
    columns = {
        "replication": np.full(days * k, rep.index, np.int32),
        "date": np.broadcast_to(_dates(world)[:, None], (days, k)).ravel(),
        "county": np.broadcast_to(counties[None, :], (days, k)).ravel(),
    }
    for f, name in enumerate(TRANSFER_FIELDS):
        columns[name] = data[:, :, f].ravel().astype(np.int32)
    return columns


def events_rows(world, rep) -> dict[str, np.ndarray]:
    """One row per event of a replication, with the rule that drove it."""
    names = np.array([*world.institutions, ""], dtype=object)      # index -1 means "outside"
    counties = np.array([*world.counties, ""], dtype=object)
    ev = rep.events
    count = len(ev["day"])
    day = ev["day"].astype(float)
    return {
        "replication": np.full(count, rep.index, np.int32),
        "day": day,
        "event": ev["event"].astype(object),
        "child": ev["child"].astype(np.int64),
        "county": counties[ev["county"].astype(int)],
        "kind": ev["kind"].astype(np.int8),
        "care": ev["care"].astype(np.int8),
        "from_institution": names[ev["from_institution"].astype(int)],
        "to_institution": names[ev["to_institution"].astype(int)],
        "rule": np.array(rep.rules, dtype=object)[ev["rule"].astype(int)],
        "date": (np.datetime64(world.start, "D") + day.astype(np.int64)).astype(
            "datetime64[s]"),
    }


ROWS = {"timeseries": timeseries_rows, "transfers": transfers_rows, "events": events_rows}
# DuckDB takes most of the machine's memory for itself unless told otherwise; joining a
# nation's files in order needs little, and spills to disk beyond this
MEMORY = "1GB"
# How the files are encoded, by table: packed at zstd's fastest level (its default packs
# them some 2 % smaller, in 7 % more time), the daily counts without dictionaries (a day's
# counts change little from the day before, and zstd packs their plain values smaller
# than dictionary pages do, in less time), the event log with them, for its names.
PACKED = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1"
_PLAIN = ", DICTIONARY_SIZE_LIMIT 1"
_ENCODING = {"timeseries": _PLAIN, "transfers": _PLAIN, "events": ""}


def _groups(con, parts: list[str]) -> str:
    """The joined file's row groups: one a replication, when every replication has the
    same rows and they fit in one group's memory. DuckDB's own groups of 122,880 rows
    straddle the replications' files, and cutting and gluing them costs the join a tenth
    of its time; a nation's replication (six million rows) keeps them."""
    fewest, most = con.execute("SELECT min(num_rows), max(num_rows) "
                               "FROM parquet_file_metadata(?)", [parts]).fetchone()
    return f", ROW_GROUP_SIZE {int(most)}" if fewest == most and 0 < most <= _GROUP else ""


_GROUP = 1_000_000        # rows


def _copy(con, query: str, path: Path, options: str, parameters=None) -> None:
    """The rows of ``query`` written to ``path`` (any name: quotes are doubled)."""
    target = "'" + os.fspath(path).replace("'", "''") + "'"
    con.execute(f"COPY ({query}) TO {target} ({options})", parameters)


def connect(threads: int | None = None):
    """A DuckDB connection for these files (on ``threads`` threads; default: one a core)."""
    import duckdb

    config = {"memory_limit": MEMORY}
    if threads:
        config["threads"] = threads
    return duckdb.connect(config=config)


_WRITER: list = []


@contextmanager
def _writer():
    """A connection for writing a replication's files. A worker process keeps its own for
    all its replications (a new connection costs as much as writing a province's
    replication); the main process closes each, since a process that forks workers must
    not hold DuckDB's threads."""
    if multiprocessing.parent_process() is None:
        con = connect(threads=1)
        try:
            yield con
        finally:
            con.close()
        return
    if not _WRITER:
        _WRITER.append(connect(threads=1))
    yield _WRITER[0]


class Series:
    """The folder of a run's per-replication files: written a replication at a time, read
    back by institution or campaign."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def part(self, table: str, index: int) -> Path:
        return self.folder / f"{table}-{index:06d}.parquet"

    def keep(self, world, rep) -> None:
        """Write a replication's records and drop them from it (its compact figures stay)."""
        self.write(world, rep)
        rep.daily = rep.cost_to_date = rep.transfers = rep.events = None
        rep.on_disk = True

    def write(self, world, rep) -> None:
        """Write a replication's records, one file per table."""
        with _writer() as con:
            for table in self.tables(world, rep):
                con.register("part", ROWS[table](world, rep))
                path = self.part(table, rep.index)
                partial = path.with_suffix(".partial")
                _copy(con, "SELECT * REPLACE (CAST(date AS DATE) AS date) FROM part", partial,
                      PACKED + _ENCODING[table])
                con.unregister("part")
                partial.replace(path)

    def join(self, table: str, indices, path: Path, con=None) -> bool:
        """One file of a table's rows, replication after replication in ``indices``' order
        (False: no replication has such rows), on ``con`` (default: a connection of its
        own)."""
        parts = [os.fspath(p) for p in self.parts(table, indices)]
        if not parts:
            return False
        with ExitStack() as own:
            if con is None:
                con = own.enter_context(connect())
            _copy(con, "SELECT * FROM read_parquet(?)", path,
                  PACKED + _ENCODING[table] + _groups(con, parts), [parts])
        return True

    @staticmethod
    def tables(world, rep) -> list[str]:
        out = ["timeseries"]
        if world.campaigns:
            out.append("transfers")
        if rep.events is not None:
            out.append("events")
        return out

    def parts(self, table: str, indices) -> list[Path]:
        return [self.part(table, i) for i in indices if self.part(table, i).exists()]

    def summed(self, indices, days: int, names: list[str], fields: list[str],
               table: str = "timeseries", key: str = "institution") -> np.ndarray:
        """[replications, days, fields]: each field summed over the rows whose ``key`` is
        one of ``names``, day by day, read back from the files."""
        return self.summed_each(indices, days, [names], fields, table, key)[0]

    def summed_each(self, indices, days: int, groups: list[list[str]], fields: list[str],
                    table: str = "timeseries", key: str = "institution") -> np.ndarray:
        """[groups, replications, days, fields]: :meth:`summed` of each group of names, all
        read in one pass over the files (a nation's hundred replications are some five
        hundred million rows)."""
        indices = list(indices)
        kept = self.replications(table, indices)
        out = np.zeros((len(groups), len(kept), days, len(fields)))
        if not kept or not any(groups):
            return out
        rows = _grouped(self.parts(table, indices), groups, fields, key)
        if not len(rows["date"]):
            return out
        where = {index: r for r, index in enumerate(kept)}
        rep = np.array([where[i] for i in rows["replication"].tolist()], dtype=np.int64)
        dates = rows["date"].astype("datetime64[D]")
        day = (dates - dates.min()).astype(np.int64)    # every day has a row for each name
        for f, name in enumerate(fields):
            out[rows["grp"], rep, day, f] = rows[name]
        return out

    def replications(self, table: str, indices: list[int]) -> list[int]:
        """The replications whose rows the files hold, in the order of ``indices``."""
        return [i for i in indices if self.part(table, i).exists()]


def _grouped(paths: list[Path], groups: list[list[str]], fields: list[str],
             key: str) -> dict[str, np.ndarray]:
    """Each field of the files summed over the rows whose ``key`` is one of a group's names,
    by group, replication and date, in that order (names and paths go to DuckDB as
    values; a name may be in several groups)."""
    con = connect()
    try:
        pairs = [(name, g) for g, names in enumerate(groups) for name in names]
        con.register("wanted", {"name": np.array([n for n, _ in pairs], dtype=object),
                                "grp": np.array([g for _, g in pairs], dtype=np.int64)})
        sums = ", ".join(f'sum(p."{f}")::DOUBLE AS "{f}"' for f in fields)
        return con.execute(
            f"SELECT w.grp, p.replication, p.date, {sums} FROM read_parquet(?) p "
            f"JOIN wanted w ON p.{key} = w.name GROUP BY w.grp, p.replication, p.date "
            "ORDER BY w.grp, p.replication, p.date",
            [[os.fspath(path) for path in paths]]).fetchnumpy()
    finally:
        con.close()


class Joined(Series):
    """A run's joined files (``timeseries.parquet``, ``transfers.parquet`` in its output
    folder), read back as the per-replication files are: what a report made again from a
    finished run reads, without holding its days in memory."""

    def parts(self, table: str, indices) -> list[Path]:
        path = self.folder / f"{table}.parquet"
        return [path] if path.exists() else []

    def replications(self, table: str, indices: list[int]) -> list[int]:
        return list(indices) if self.parts(table, indices) else []
