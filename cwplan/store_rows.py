"""Rows into a table of the run store, a column at a time.

A nation's run writes some hundred thousand rows (costs by year, institution and role, the
staffing plan, the occurrences of every institution); one ``INSERT`` a row took half a
minute. Each column goes to DuckDB as a numpy array instead, missing numbers by a mask, and
is cast to its table column's type in one ``INSERT ... SELECT``; every value comes back as
it was given (a NaN stays a NaN, a missing value missing). A table whose values are not all
of their column's kind is written a row at a time, as the database takes them.
"""

from __future__ import annotations

import numpy as np


def insert(con, table: str, rows: list[tuple], columns: tuple[str, ...] = ()) -> None:
    """Rows into a table in one statement, column by column (see above); a table whose
    values are not all of its columns' kinds goes a row at a time."""
    if not rows:
        return
    declared = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [table]).fetchall())
    names = list(columns or declared)
    marks = ", ".join("?" * len(rows[0]))
    named = f" ({', '.join(names)})" if columns else ""
    found = _columns(list(zip(*rows, strict=True)), [declared[n] for n in names])
    if found is None:
        con.executemany(f"INSERT INTO {table}{named} VALUES ({marks})", rows)
        return
    data, select = found
    con.register("inserted", data)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)} "
                    "FROM inserted")
    finally:
        con.unregister("inserted")


_NUMBERS = {"DOUBLE": (float, int, np.floating, np.integer), "INTEGER": (int, np.integer),
            "BIGINT": (int, np.integer)}


def _columns(values: list[tuple], kinds: list[str]) -> tuple[dict, list[str]] | None:
    """Each column as a numpy array and how to read it back as its table column (a
    number's missing values by a mask), or None if a value is not of its column's kind."""
    data, select = {}, []
    for k, (column, kind) in enumerate(zip(values, kinds, strict=True)):
        if kind in _NUMBERS:
            if not all(v is None or (isinstance(v, _NUMBERS[kind]) and not isinstance(v, bool))
                       for v in column):
                return None
            data[f"v{k}"] = np.array([0 if v is None else v for v in column],
                                     dtype=float if kind == "DOUBLE" else np.int64)
            if kind == "DOUBLE" and np.isnan(data[f"v{k}"]).any():
                return None             # a NaN would be read as missing
            data[f"m{k}"] = np.array([v is None for v in column])
            select.append(f"CAST(CASE WHEN m{k} THEN NULL ELSE v{k} END AS {kind})")
        elif kind in ("VARCHAR", "DATE"):
            if not all(v is None or isinstance(v, str) for v in column):
                return None
            data[f"v{k}"] = np.array(column, dtype=object)
            select.append(f"CAST(v{k} AS {kind})")
        else:
            return None
    return data, select
