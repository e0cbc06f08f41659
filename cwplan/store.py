"""The run store: every run recorded in one DuckDB file, so that runs can be compared later.

A run is registered as ``running`` when it starts (one committed row, with the process id,
the host and a heartbeat the run renews every minute); its figures are written, and its
status set to ``complete``, in one transaction at the very end, before its output folder is
put in place. A run that is interrupted (Ctrl-C, SIGTERM) is marked ``interrupted``, one that
fails ``failed``; one whose process was killed outright is found ``abandoned`` by the next
command that reads or writes the store (its process is gone from this host, or its heartbeat
has stopped). None of these is ever ``complete``. Analysts can query the file with SQL; the
tables are documented in the README.

The file is opened only for each transaction and closed at once, so that several runs, and
``cwplan runs``, can use one store at the same time; a command that finds the file locked by
another tries again for a few seconds. A write that fails says why in one line (the disk is
full, permission denied).

The store lives in the user's data folder unless ``--store PATH`` or ``CWPLAN_STORE`` says
otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from cwplan.store_rows import insert as _insert
from sim.jsonio import strict_json
from sim.pids import alive
from sim.scenario import InputError, Problem

HEARTBEAT_S = 60                            # a running run renews its heartbeat this often
STALE = timedelta(minutes=10)               # a heartbeat this old means the run is gone
LOCK_WAIT_S = 20.0                          # how long to wait for another process's write


class StoreError(Exception):
    """The run store could not be read or written; the message says why, in one line."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, scenario VARCHAR, scenario_path VARCHAR,
    scenario_hash VARCHAR, seed BIGINT, replications INTEGER, plan VARCHAR,
    versions VARCHAR, started TIMESTAMP, finished TIMESTAMP, status VARCHAR,
    out_dir VARCHAR, optimizer_status VARCHAR, objective DOUBLE, bound DOUBLE, gap DOUBLE,
    plan_json VARCHAR, names_json VARCHAR, pid INTEGER, host VARCHAR, heartbeat TIMESTAMP);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS plan_json VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS names_json VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS host VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS heartbeat TIMESTAMP;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS inputs_json VARCHAR;
CREATE TABLE IF NOT EXISTS replication_values (
    run_id VARCHAR, name VARCHAR, replication INTEGER, value DOUBLE);
CREATE TABLE IF NOT EXISTS kpis (
    run_id VARCHAR, name VARCHAR, mean DOUBLE, ci_low DOUBLE, ci_high DOUBLE,
    p5 DOUBLE, p50 DOUBLE, p95 DOUBLE);
CREATE TABLE IF NOT EXISTS costs (
    run_id VARCHAR, year INTEGER, institution VARCHAR, category VARCHAR, role VARCHAR,
    mean_yuan DOUBLE, ci_low DOUBLE, ci_high DOUBLE);
CREATE TABLE IF NOT EXISTS staffing (
    run_id VARCHAR, year INTEGER, institution VARCHAR, role VARCHAR, planned INTEGER,
    on_roll_mean DOUBLE, required_mean DOUBLE);
CREATE TABLE IF NOT EXISTS deadlines (
    run_id VARCHAR, county VARCHAR, home VARCHAR, regional VARCHAR, moved_by DATE,
    probability DOUBLE, ci_low DOUBLE, ci_high DOUBLE);
CREATE TABLE IF NOT EXISTS sensitivity (
    scenario_hash VARCHAR, scenario VARCHAR, finished TIMESTAMP, out_dir VARCHAR,
    method VARCHAR, plan_mode VARCHAR, record_json VARCHAR);
CREATE TABLE IF NOT EXISTS compliance (
    run_id VARCHAR, institution VARCHAR, ratio_compliance DOUBLE, ci_low DOUBLE,
    ci_high DOUBLE, peak_census DOUBLE);
CREATE TABLE IF NOT EXISTS verdicts (
    run_id VARCHAR, figure VARCHAR, place VARCHAR, level VARCHAR, compare VARCHAR,
    estimate VARCHAR, ci_low DOUBLE, ci_high DOUBLE, interval_kind VARCHAR, verdict VARCHAR,
    replications INTEGER, due DATE, needed_replications INTEGER, source VARCHAR);
CREATE TABLE IF NOT EXISTS occurrences (
    run_id VARCHAR, figure VARCHAR, institution VARCHAR, replications INTEGER,
    happened INTEGER, share DOUBLE, ci_low DOUBLE, ci_high DOUBLE, days_p50 DOUBLE,
    days_p90 DOUBLE, days_min DOUBLE, days_max DOUBLE, first_date DATE);
"""
# A zero-inflated count has no mean worth storing; stores made before it moved to the
# occurrences table keep the old column, which new runs leave empty.
COMPLIANCE = ("run_id", "institution", "ratio_compliance", "ci_low", "ci_high", "peak_census")


def default_path() -> Path:
    configured = os.environ.get("CWPLAN_STORE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "cwplan" / "runs.duckdb"


class Store:
    """The run store at ``path``; each method is one short transaction of its own."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"run store {self.path}: cannot make its folder: "
                             f"{_why(exc)}") from None
        with self._transaction() as con:
            con.execute(SCHEMA)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        pass        # nothing is held between transactions

    @contextlib.contextmanager
    def _transaction(self, doing: str = "read or write it",
                     patience: float = LOCK_WAIT_S) -> Iterator:
        """A connection inside one transaction, committed on success, closed at once."""
        con = self._connect(patience)
        try:
            con.begin()
            yield con
            con.commit()
        except duckdb.Error as exc:
            raise StoreError(f"run store {self.path}: cannot {doing}: {_why(exc)}") from None
        finally:
            with contextlib.suppress(duckdb.Error):
                con.close()     # an unfinished transaction is rolled back with it

    def _connect(self, patience: float):
        deadline = time.monotonic() + patience
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.Error as exc:
                text = str(exc)
                if "lock" in text.lower() and time.monotonic() < deadline:
                    time.sleep(pause)             # another process is writing: wait a little
                    pause = min(pause * 2, 0.5)
                    continue
                if "not a valid DuckDB" in text or "database file" in text.lower() \
                        or "Is a directory" in text:
                    raise InputError([Problem(str(self.path), 0, "", "is not a cwplan run "
                                              "store", "a DuckDB file that cwplan made, or a "
                                              "new file name")]) from None
                raise StoreError(f"run store {self.path}: cannot open it: {_why(exc)}") \
                    from None

    # --- a run's life -------------------------------------------------------------------

    def start(self, scenario, seed: int, replications: int, versions: dict,
              out_dir: Path) -> str:
        """Register a run as running; returns its id."""
        run_id = datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        now = datetime.now()
        with self._transaction("register the run") as con:
            con.execute(
                "INSERT INTO runs (run_id, scenario, scenario_path, scenario_hash, seed, "
                "replications, versions, started, status, out_dir, pid, host, heartbeat) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)",
                [run_id, scenario.name, str(scenario.path), scenario.content_hash, seed,
                 replications, json.dumps(versions), now, str(out_dir), os.getpid(),
                 socket.gethostname(), now])
        return run_id

    def beat(self, run_id: str) -> None:
        """Say that the run's process is still at work."""
        with self._transaction("renew the run's heartbeat") as con:
            con.execute("UPDATE runs SET heartbeat = ? WHERE run_id = ? AND status = 'running'",
                        [datetime.now(), run_id])

    @contextlib.contextmanager
    def heartbeat(self, run_id: str) -> Iterator[None]:
        """Renew the run's heartbeat in the background while the block runs."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT_S):
                with contextlib.suppress(StoreError, InputError):
                    self.beat(run_id)

        thread = threading.Thread(target=beat, name="cwplan-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()

    def finish(self, run_id: str, status: str, patience: float = LOCK_WAIT_S) -> None:
        """Mark a run that did not complete (interrupted, failed, infeasible)."""
        with self._transaction(f"mark the run {status}", patience) as con:
            con.execute("UPDATE runs SET status = ?, finished = ? WHERE run_id = ?",
                        [status, datetime.now(), run_id])

    def complete(self, run_id: str, summary: dict, plan, staffing_rows: list[tuple],
                 names: dict[str, tuple[str, str]] | None = None,
                 inputs: dict | None = None) -> None:
        """Write every figure of a run and mark it complete, all in one transaction."""
        solver = plan.solver or {}
        with self._transaction("record the run") as con:
            self._figures(con, run_id, summary, staffing_rows)
            con.execute(
                "UPDATE runs SET status = 'complete', finished = ?, plan = ?, "
                "optimizer_status = ?, objective = ?, bound = ?, gap = ?, plan_json = ?, "
                "names_json = ?, inputs_json = ?, replications = ? WHERE run_id = ?",
                [datetime.now(), plan.name, solver.get("status"), solver.get("objective"),
                 solver.get("bound"), solver.get("gap"),
                 strict_json(plan.to_json(), indent=None),
                 strict_json(names or {}, indent=None),
                 strict_json(inputs, indent=None) if inputs else None,
                 summary["manifest"].get("replications"), run_id])

    def abandon_gone(self) -> None:
        """Mark ``abandoned`` the running runs whose process is gone or has fallen silent."""
        here, now = socket.gethostname(), datetime.now()
        with self._transaction("check on running runs") as con:
            rows = con.execute("SELECT run_id, pid, host, heartbeat, started FROM runs "
                               "WHERE status = 'running'").fetchall()
            gone = [run_id for run_id, pid, host, beat, started in rows
                    if (host == here and pid is not None and not alive(pid))
                    or now - (beat or started) > STALE]
            for run_id in gone:
                con.execute("UPDATE runs SET status = 'abandoned' WHERE run_id = ? "
                            "AND status = 'running'", [run_id])

    def _figures(self, con, run_id: str, summary: dict, staffing_rows: list[tuple]) -> None:
        rows = [(run_id, name, s["mean"], s["ci95"][0], s["ci95"][1], s["p5"], s["p50"],
                 s["p95"]) for name, s in summary["kpis"].items() if s and "mean" in s]
        _insert(con, "kpis", rows)
        costs = summary["costs"]
        _insert(con, "costs", [
            (run_id, r["year"], r["institution"], "wages", r["role"], r["mean"], *r["ci95"])
            for r in costs["wages_by_year_institution_role"]])
        _insert(con, "costs", [
            (run_id, r["year"], None, r["category"], None, r["mean"], *r["ci95"])
            for r in costs["by_year_category"]])
        _insert(con, "costs", [
            (run_id, None, r["institution"], r["category"], None, r["mean"], *r["ci95"])
            for r in costs["by_institution_category"]])
        _insert(con, "staffing", [(run_id, *row) for row in staffing_rows])
        per = summary.get("per_replication") or {}
        _insert(con, "replication_values", [
            (run_id, name, index, value) for name, values in per.get("kpis", {}).items()
            for index, value in zip(per.get("replication", []), values, strict=True)])
        _insert(con, "deadlines", [
            (run_id, d["county"], d["home"], d["regional"], d["moved_by"],
             d["probability_moved_by"]["p"], *d["probability_moved_by"]["ci95"])
            for d in summary["deadlines"]])
        none = {"mean": None, "ci95": [None, None]}     # an institution never holding children
        _insert(con, "compliance", [
            (run_id, r["institution"], (r["ratio_compliance"] or none)["mean"],
             *(r["ratio_compliance"] or none)["ci95"], r["peak_census"]["mean"])
            for r in summary["institutions"]], COMPLIANCE)
        _insert(con, "verdicts", [_verdict_row(run_id, v) for v in summary.get("verdicts", [])])
        total = summary["kpis"].get("over_capacity_institution_days")
        _insert(con, "occurrences", [
            _occurrence_row(run_id, "over_capacity_days", r["institution"],
                            r["over_capacity_days"]) for r in summary["institutions"]]
            + ([_occurrence_row(run_id, "over_capacity_institution_days", None, total)]
               if total else []))

    def runs(self, limit: int = 50) -> list[tuple]:
        """The latest runs, newest first; runs whose process is gone show as abandoned."""
        self.abandon_gone()
        with self._transaction() as con:
            return con.execute(
                "SELECT run_id, status, scenario, seed, replications, plan, started, finished, "
                "out_dir FROM runs ORDER BY started DESC LIMIT ?", [limit]).fetchall()

    def figures(self, run_id: str) -> dict | None:
        """A complete run's manifest, KPIs, cost tables and plan, as a run folder holds them."""
        with self._transaction() as con:
            return _figures_of(con, run_id)

    def record_sensitivity(self, scenario, record: dict) -> None:
        """Keep a sensitivity run's record, found again by its scenario's content hash."""
        with self._transaction("record the sensitivity analysis") as con:
            con.execute(
                "INSERT INTO sensitivity VALUES (?, ?, ?, ?, ?, ?, ?)",
                [scenario.content_hash, scenario.name, datetime.now(), record.get("out_dir"),
                 record["method"], record["plan_mode"], strict_json(record, indent=None)])

    def sensitivity(self, scenario_hash: str) -> dict | None:
        """The latest sensitivity record of a scenario with this content hash, if any."""
        with self._transaction() as con:
            row = con.execute(
                "SELECT record_json, finished FROM sensitivity WHERE scenario_hash = ? "
                "ORDER BY finished DESC LIMIT 1", [scenario_hash]).fetchone()
        if row is None:
            return None
        return {**json.loads(row[0]), "finished": row[1].isoformat(timespec="minutes")}

    def run(self, run_id: str) -> dict | None:
        with self._transaction() as con:
            return _run_row(con, run_id)

    def verdicts(self, run_id: str) -> list[dict]:
        """A run's verdicts as summary.json lists them (level and estimate as JSON text)."""
        with self._transaction() as con:
            cursor = con.execute("SELECT * EXCLUDE (run_id) FROM verdicts WHERE run_id = ?",
                                 [run_id])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _verdict_row(run_id: str, v: dict) -> tuple:
    """A verdict of summary.json as a row: level and estimate, which may be a count of
    several kinds or yes/no, as JSON text; the interval's ends as numbers."""
    low, high = v["interval"] or (None, None)
    return (run_id, v["figure"], v["place"], strict_json(v["level"], indent=None),
            v["compare"], strict_json(v["estimate"], indent=None), low, high,
            v["interval_kind"], v["verdict"], v["replications"], v["due"],
            v["needed_replications"], v["source"])


def _occurrence_row(run_id: str, figure: str, institution: str | None, o: dict) -> tuple:
    when = o["when"] or {}
    return (run_id, figure, institution, o["n"], o["happened"], o["p"], *o["ci95"],
            when.get("p50"), when.get("p90"), when.get("min"), when.get("max"),
            when.get("first_date"))


def _occurrence(con, run_id: str, figure: str) -> dict | None:
    """A rare outcome of all institutions as summary.json gives it."""
    found = con.execute(
        "SELECT replications, happened, share, ci_low, ci_high, days_p50, days_p90, "
        "days_min, days_max, first_date FROM occurrences WHERE run_id = ? AND figure = ? "
        "AND institution IS NULL", [run_id, figure]).fetchone()
    if not found:
        return None
    n, k, p, lo, hi, p50, p90, least, most, first = found
    when = {"p50": p50, "p90": p90, "min": least, "max": most,
            "first_date": first.isoformat() if first else None} if k else None
    return {"measure": "occurrence", "happened": k, "p": p, "ci95": [lo, hi], "n": n,
            "when": when}


def _run_row(con, run_id: str) -> dict | None:
    row = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        return None
    names = [d[0] for d in con.description]
    return dict(zip(names, row, strict=True))


def _figures_of(con, run_id: str) -> dict | None:
    """A complete run's manifest, KPIs, cost tables and plan, as a run folder holds them."""
    run = _run_row(con, run_id)
    if run is None or run["status"] != "complete":
        return None
    q = con.execute
    kpis = {name: {"mean": m, "ci95": [lo, hi], "p5": p5, "p50": p50, "p95": p95}
            for name, m, lo, hi, p5, p50, p95 in q(
                "SELECT name, mean, ci_low, ci_high, p5, p50, p95 FROM kpis "
                "WHERE run_id = ?", [run_id]).fetchall()}
    over = _occurrence(con, run_id, "over_capacity_institution_days")
    if over:
        kpis["over_capacity_institution_days"] = over
    rows = q("SELECT year, institution, category, role, mean_yuan, ci_low, ci_high FROM "
             "costs WHERE run_id = ?", [run_id]).fetchall()

    def cost(row, **keys):
        return {**keys, "mean": row[4], "ci95": [row[5], row[6]]}

    costs = {
        "by_year_category": [cost(r, year=r[0], category=r[2]) for r in rows
                             if r[1] is None and r[3] is None],
        "by_institution_category": [cost(r, institution=r[1], category=r[2]) for r in rows
                                    if r[0] is None],
        "wages_by_year_institution_role": [cost(r, year=r[0], institution=r[1], role=r[3])
                                           for r in rows if r[3] is not None],
    }
    manifest = {"run_id": run_id, "scenario": run["scenario"],
                "scenario_hash": run["scenario_hash"], "seed": run["seed"],
                "replications": run["replications"], "plan": run["plan"],
                "versions": json.loads(run["versions"] or "{}")}
    per: dict = {"seed": run["seed"], "replication": [], "kpis": {}}
    for name, index, value in q("SELECT name, replication, value FROM replication_values "
                                "WHERE run_id = ? ORDER BY name, replication",
                                [run_id]).fetchall():
        per["kpis"].setdefault(name, []).append(value)
        if name == "total_cost_yuan":
            per["replication"].append(index)
    return {"manifest": manifest, "kpis": kpis, "costs": costs, "per_replication": per,
            "inputs": json.loads(run["inputs_json"] or "null"),
            "plan": json.loads(run["plan_json"] or "{}"),
            "names": {k: tuple(v) for k, v in json.loads(run["names_json"] or "{}").items()}}


def _why(exc: BaseException) -> str:
    """The reason of a failed write in a planner's words, on one line."""
    text = str(exc)
    for marker, reason in (("No space left", "the disk is full"),
                           ("Disk quota", "the disk quota is used up"),
                           ("Permission denied", "permission denied"),
                           ("Read-only file system", "the file system is read-only")):
        if marker in text:
            return reason
    return " ".join(text.split())[:300]
