"""A replication's day-by-day records on disk: one file per replication and table.

A national replication records every day of every institution: some three thousand
institutions over five years are six million rows, and a hundred replications would not
fit in memory. So, when a run is given a folder for them, each replication's daily counts,
transfer progress and event log are written there as soon as the replication ends (by the
worker process that ran it, or, from the bytes a Dask worker sends back, by this process)
and dropped from memory; what the summary needs stays in memory in compact form
(``ReplicationResult``: sums per year, totals per day, the days targets are measured on).
The report reads the few series it draws back from these files a replication at a time,
and ``cwplan.outputs`` joins them, replication by replication in order, into the run's
``timeseries.parquet``, ``transfers.parquet`` and ``events.parquet``.

A replication's files are Arrow IPC files, packed by zstd: quick to write and to read
back, and written once more only as Parquet, the run's files (encoding Parquet is most of
the cost of writing a table, and a run's tables are encoded once). Names (institutions,
counties, events, rules) are dictionary columns, each name stored once. Files are opened
by their paths as given, never read as URLs, so any name a folder may have is no trouble.

The rows and columns are those of the run's files, whichever way a replication is kept.
"""

from __future__ import annotations

import os
from functools import cache, partial
from pathlib import Path

import numpy as np

from sim.measures import enough_caregivers
from sim.monitor import BEDS, BY_CARE, DAILY_FIELDS, TRANSFER_FIELDS, added

TABLES = ("timeseries", "transfers", "events")
# zstd's fastest level: its default packs the files some 2 % smaller, in 7 % more time
_LEVEL = 1
_GROUP = 1_000_000        # rows: a replication a row group, up to this many
# A page is then bounded by its size alone (1 MiB, Arrow's default), not also by Arrow's
# default of 20,000 rows: a nation's day is 3,100 rows, and zstd packs a page the better
# the more days it holds (a national replication's file: 22.7 MB in 20,000-row pages,
# 17.0 MB in pages of 1 MiB, written in 0.18 s instead of 0.31).
# the columns whose smallest and largest values each row group records, so that a query
# for some replications or some dates skips the rest; a group's other values span nearly
# everything (every institution, counts from nought), and recording them costs a quarter
# of the writing
_SKIPPED_BY = ("replication", "date", "day")
# fractions stored byte by byte (the first bytes of each value, then the second...),
# which zstd packs a tenth smaller, in the same time
_SPLIT = ("cost_to_date_yuan", "day")


@cache
def schemas() -> dict:
    """Each table's columns and their types (Arrow's; pyarrow is loaded when first
    needed, as most commands write no table). No column is ever empty (a Parquet
    "required" column: a fifth quicker to write than one that may be)."""
    import pyarrow as pa

    name, count = pa.dictionary(pa.int32(), pa.string()), pa.int32()

    def schema(*columns):
        return pa.schema([pa.field(column, kind, nullable=False) for column, kind in columns])

    return {
        "timeseries": schema(
            ("replication", pa.int32()), ("date", pa.date32()), ("institution", name),
            *((field, count) for field in DAILY_FIELDS),
            ("over_capacity", pa.bool_()), ("ratio_compliant", pa.bool_()),
            ("cost_to_date_yuan", pa.float32())),
        "transfers": schema(
            ("replication", pa.int32()), ("date", pa.date32()), ("county", name),
            *((field, count) for field in TRANSFER_FIELDS)),
        "events": schema(
            ("replication", pa.int32()), ("day", pa.float64()), ("event", name),
            ("child", pa.int64()), ("county", name), ("kind", pa.int8()), ("care", pa.int8()),
            ("from_institution", name), ("to_institution", name), ("rule", name),
            ("date", pa.date32())),
    }


def _names_of(table: str) -> list[str]:
    """The columns of names: dictionaries in the Parquet files too. The counts are plain
    (a day's counts change little from the day before, and zstd packs their plain values
    smaller than dictionary pages do, in less time)."""
    import pyarrow as pa

    return [f.name for f in schemas()[table] if pa.types.is_dictionary(f.type)]


def _names(codes: np.ndarray, names):
    """A column of names, given as positions in ``names``."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()),
                                          pa.array(list(names), pa.string()))


def _day_numbers(world, days: np.ndarray):
    """Dates of the horizon's days (``days``: 0 is its first)."""
    import pyarrow as pa

    first = int(np.datetime64(world.start, "D").astype(np.int64))
    return pa.array(np.asarray(days, np.int32) + np.int32(first), pa.int32()).cast(pa.date32())


def _table(table: str, columns: dict):
    """An Arrow table of ``columns`` (arrays of numpy's or Arrow's), in the table's types."""
    import pyarrow as pa

    schema = schemas()[table]
    return pa.Table.from_arrays(
        [columns[f.name] if isinstance(columns[f.name], pa.Array)
         else pa.array(columns[f.name], f.type) for f in schema], schema=schema)


def timeseries_rows(world, rep):
    """One row per day and institution of a replication."""
    days, n = world.days, len(world.institutions)
    daily = rep.daily
    columns = {
        "replication": np.full(days * n, rep.index, np.int32),
        "date": _day_numbers(world, np.repeat(np.arange(days), n)),
        "institution": _names(np.tile(np.arange(n, dtype=np.int32), days), world.institutions),
    }
    for f, name in enumerate(DAILY_FIELDS):
        columns[name] = daily[:, :, f].ravel().astype(np.int32)
    residents = added(daily, BY_CARE)
    columns["over_capacity"] = (residents > daily[:, :, BEDS]).ravel()
    columns["ratio_compliant"] = enough_caregivers(daily).ravel()
    columns["cost_to_date_yuan"] = rep.cost_to_date.ravel()
    return _table("timeseries", columns)


def transfers_rows(world, rep):
    """One row per day and transfer campaign of a replication."""
    k = len(world.campaigns)
    days = world.days
    data = rep.transfers[:, :k, :]
    counties = np.array([c.county for c in world.campaigns], np.int32)
    columns = {
        "replication": np.full(days * k, rep.index, np.int32),
        "date": _day_numbers(world, np.repeat(np.arange(days), k)),
        "county": _names(np.tile(counties, days), world.counties),
    }
    for f, name in enumerate(TRANSFER_FIELDS):
        columns[name] = data[:, :, f].ravel().astype(np.int32)
    return _table("transfers", columns)


def events_rows(world, rep):
    """One row per event of a replication, with the rule that drove it."""
    ev = rep.events
    count = len(ev["day"])
    day = ev["day"].astype(float)

    def named(key: str, names):                     # position -1 means "outside"
        codes = ev[key].astype(np.int64)
        return _names(np.where(codes < 0, len(names), codes), [*names, ""])

    events = np.asarray(ev["event"], dtype=object)
    kinds, codes = np.unique(events.astype(str), return_inverse=True) if count else ([], [])
    return _table("events", {
        "replication": np.full(count, rep.index, np.int32),
        "day": day,
        "event": _names(np.asarray(codes, np.int32), kinds),
        "child": ev["child"].astype(np.int64),
        "county": named("county", world.counties),
        "kind": ev["kind"].astype(np.int8),
        "care": ev["care"].astype(np.int8),
        "from_institution": named("from_institution", world.institutions),
        "to_institution": named("to_institution", world.institutions),
        "rule": _names(ev["rule"].astype(np.int32), rep.rules),
        "date": _day_numbers(world, day.astype(np.int64)),
    })


ROWS = {"timeseries": timeseries_rows, "transfers": transfers_rows, "events": events_rows}
# DuckDB takes most of the machine's memory for itself unless told otherwise; reading back
# a nation's files needs little, and spills to disk beyond this
MEMORY = "1GB"


def connect(threads: int | None = None):
    """A DuckDB connection for reading these files (on ``threads`` threads; default: one a
    core)."""
    import duckdb

    config = {"memory_limit": MEMORY}
    if threads:
        config["threads"] = threads
    return duckdb.connect(config=config)


def _packed_part(table):
    """A replication's table as the bytes of an Arrow IPC file (a buffer of pyarrow's)."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    sink = pa.BufferOutputStream()
    options = ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=_LEVEL))
    with ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _put(path: Path, data) -> None:
    """A file's bytes, put in place whole (a reader never finds half a file)."""
    unfinished = path.with_suffix(".partial")
    unfinished.write_bytes(data)
    unfinished.replace(path)


def _read_part(path: Path, columns: list[str] | None = None):
    """A replication's table (or only some of its ``columns``), read back from its Arrow
    IPC file."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    with pa.memory_map(os.fspath(path)) as source:
        reader = ipc.open_file(source, options=ipc.IpcReadOptions(use_threads=False))
        if columns is not None:
            names = reader.schema.names
            reader = ipc.open_file(source, options=ipc.IpcReadOptions(
                use_threads=False, included_fields=[names.index(c) for c in columns]))
        return reader.read_all()


class Parquet:
    """One of a run's Parquet files, written a replication at a time (a row group each,
    up to a million rows)."""

    def __init__(self, table: str, path: Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.path = Path(path)
        self._sink = pa.OSFile(os.fspath(self.path), "wb")
        columns = schemas()[table].names
        self._writer = pq.ParquetWriter(
            self._sink, schemas()[table], compression="zstd", compression_level=_LEVEL,
            use_dictionary=_names_of(table),
            write_statistics=[c for c in _SKIPPED_BY if c in columns],
            use_byte_stream_split=[c for c in _SPLIT if c in columns],
            max_rows_per_page=_GROUP, store_schema=False)

    def add(self, rows) -> None:
        self._writer.write_table(rows, row_group_size=_GROUP)

    def close(self) -> None:
        try:
            self._writer.close()
        finally:
            self._sink.close()

    def __enter__(self) -> Parquet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def join(table: str, world, reps, path: Path, series: Series | None = None,
         stop=None) -> bool:
    """One Parquet file of a table's rows, replication after replication in ``reps``'
    order: from the replication's file in ``series`` once it went to disk, else from
    memory (False: no replication has such rows). A ``stop`` event set meanwhile ends it
    after the replication being written."""
    sources = []
    for rep in reps:
        if rep.on_disk:
            part = series.part(table, rep.index)
            if part.exists():
                sources.append(partial(_read_part, part))
        elif table in Series.tables(world, rep):
            sources.append(partial(ROWS[table], world, rep))
    if not sources:
        return False
    with Parquet(table, path) as out:
        for rows in sources:
            if stop is not None and stop.is_set():
                break
            out.add(rows())
    return True


def _dropped(rep) -> None:
    """A replication's day-by-day records let go, now that they are in files."""
    rep.daily = rep.cost_to_date = rep.transfers = rep.events = None
    rep.on_disk = True


class Series:
    """The folder of a run's per-replication files: written a replication at a time, read
    back by institution or campaign."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def part(self, table: str, index: int) -> Path:
        return self.folder / f"{table}-{index:06d}.arrow"

    def keep(self, world, rep) -> None:
        """Write a replication's records and drop them from it (its compact figures stay)."""
        self.write(world, rep)
        _dropped(rep)

    @staticmethod
    def packed(world, rep) -> dict[str, bytes]:
        """A replication's records as the bytes of its files, dropped from it: what a worker
        whose disk is not the run's sends back (compressed: a national replication's 18 MB
        against its arrays' 176)."""
        found = {table: _packed_part(ROWS[table](world, rep)).to_pybytes()
                 for table in Series.tables(world, rep)}
        _dropped(rep)
        return found

    def unpack(self, rep, packed: dict[str, bytes]) -> None:
        """Put the files ``packed`` made of a replication's records in place, each whole."""
        for table, data in packed.items():
            _put(self.part(table, rep.index), data)

    def write(self, world, rep) -> None:
        """Write a replication's records, one file per table."""
        for table in self.tables(world, rep):
            _put(self.part(table, rep.index), _packed_part(ROWS[table](world, rep)))

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
        """[groups, replications, days, fields]: :meth:`summed` of each group of names,
        reading only ``key`` and ``fields`` of each replication's file, one replication at
        a time (a nation's replication is six million rows; its hundred, six hundred
        million). A replication's rows are its days one after another, each day with a row
        for every name in the same order, so a group's sum is a sum over some positions in
        each day."""
        indices = list(indices)
        kept = self.replications(table, indices)
        out = np.zeros((len(groups), len(kept), days, len(fields)))
        if not kept or not any(groups):
            return out
        where = None                # each group's positions in a day: alike in every file
        for r, index in enumerate(kept):
            rows = _read_part(self.part(table, index), [key, *fields])
            width = len(rows) // days
            if where is None:
                named = rows.column(key).slice(0, width).combine_chunks()
                names = np.array(named.dictionary.to_pylist(), dtype=object)[
                    named.indices.to_numpy()]
                where = [np.flatnonzero(np.isin(names, np.array(g, dtype=object)))
                         for g in groups]
            for f, field in enumerate(fields):
                values = rows.column(field).to_numpy().reshape(days, width)
                for g, positions in enumerate(where):
                    out[g, r, :, f] = values[:, positions].sum(axis=1, dtype=np.int64)
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

    def summed_each(self, indices, days: int, groups: list[list[str]], fields: list[str],
                    table: str = "timeseries", key: str = "institution") -> np.ndarray:
        """:meth:`Series.summed_each`, read by DuckDB from the run's file in one pass."""
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
        return list(indices) if self.parts(table, indices) else []
