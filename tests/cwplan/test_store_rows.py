"""The run store keeps every figure as it was given, however many rows a run writes."""

from __future__ import annotations

import math

import duckdb

from cwplan.store import SCHEMA
from cwplan.store_rows import insert

ROWS = [
    ("r1", 2021, "sx-城区 'a'", "wages", "caregiver", 1234.5, 1000.0, 1500.0),
    ("r1", None, None, "food", None, 0.1 + 0.2, None, 2.0),
    ("r1", 2022, "sx-zhuji", "care", None, 7, 6.0, 8.0),      # a whole number of yuan
]


def _stored(rows, table: str = "costs", columns=()) -> list[tuple]:
    with duckdb.connect() as con:
        con.execute(SCHEMA)
        insert(con, table, rows, columns)
        return con.execute(f"SELECT * FROM {table}").fetchall()


def test_rows_come_back_as_written_in_order():
    """Missing values stay missing, names keep their quotes and Chinese, numbers every bit."""
    assert _stored(ROWS) == [tuple(float(v) if isinstance(v, int) and k >= 5 else v
                                   for k, v in enumerate(row)) for row in ROWS]


def test_dates_a_nan_and_named_columns():
    deadlines = [("r1", "330602", "sx-home", "sx-city", "2025-12-31", 0.95, 0.9, 1.0),
                 ("r1", "330603", "sx-h2", "sx-city", None, math.nan, 0.0, 1.0)]
    found = _stored(deadlines, "deadlines")
    assert str(found[0][4]) == "2025-12-31" and found[1][4] is None
    assert math.isnan(found[1][5])                 # a NaN is not taken for a missing value
    compliance = [("r1", "sx-city", None, None, None, 12.0)]
    columns = ("run_id", "institution", "ratio_compliance", "ci_low", "ci_high",
               "peak_census")
    assert _stored(compliance, "compliance", columns) == compliance


def test_a_value_not_of_its_column_kind_is_still_stored():
    """A number where text is kept goes in as the database would take it, row by row."""
    found = _stored([("r1", 2021, 17, "wages", "caregiver", 1.0, 0.5, 1.5)])
    assert found == [("r1", 2021, "17", "wages", "caregiver", 1.0, 0.5, 1.5)]
