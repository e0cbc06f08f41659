"""The run store: every run recorded in one DuckDB file, so that runs can be compared later.

A run is registered as ``running`` when it starts (one committed row); its figures are
written, and its status set to ``complete``, in one transaction at the very end. A run that
is interrupted is marked ``interrupted``; one whose process is killed outright stays
``running``; neither is ever ``complete``. Analysts can query the file with SQL; the tables
are documented in the README.

The store lives in the user's data folder unless ``--store PATH`` or ``CWPLAN_STORE`` says
otherwise.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path

import duckdb

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, scenario VARCHAR, scenario_path VARCHAR,
    scenario_hash VARCHAR, seed BIGINT, replications INTEGER, plan VARCHAR,
    versions VARCHAR, started TIMESTAMP, finished TIMESTAMP, status VARCHAR,
    out_dir VARCHAR, optimizer_status VARCHAR, objective DOUBLE, bound DOUBLE, gap DOUBLE,
    plan_json VARCHAR, names_json VARCHAR);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS plan_json VARCHAR;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS names_json VARCHAR;
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
    ci_high DOUBLE, over_capacity_days DOUBLE, peak_census DOUBLE);
"""


def default_path() -> Path:
    configured = os.environ.get("CWPLAN_STORE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "cwplan" / "runs.duckdb"


class Store:
    """A connection to the run store; use as a context manager."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        self.con.execute(SCHEMA)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()

    def start(self, scenario, seed: int, replications: int, versions: dict,
              out_dir: Path) -> str:
        """Register a run as running; returns its id."""
        run_id = datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        self.con.execute(
            "INSERT INTO runs (run_id, scenario, scenario_path, scenario_hash, seed, "
            "replications, versions, started, status, out_dir) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, 'running', ?)",
            [run_id, scenario.name, str(scenario.path), scenario.content_hash, seed,
             replications, json.dumps(versions), datetime.now(), str(out_dir)])
        return run_id

    def finish(self, run_id: str, status: str) -> None:
        """Mark a run that did not complete (interrupted, failed, infeasible)."""
        self.con.execute("UPDATE runs SET status = ?, finished = ? WHERE run_id = ?",
                         [status, datetime.now(), run_id])

    def complete(self, run_id: str, summary: dict, plan, staffing_rows: list[tuple],
                 names: dict[str, tuple[str, str]] | None = None,
                 inputs: dict | None = None) -> None:
        """Write every figure of a run and mark it complete, all in one transaction."""
        solver = plan.solver or {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._figures(run_id, summary, staffing_rows)
            self.con.execute(
                "UPDATE runs SET status = 'complete', finished = ?, plan = ?, "
                "optimizer_status = ?, objective = ?, bound = ?, gap = ?, plan_json = ?, "
                "names_json = ?, inputs_json = ? WHERE run_id = ?",
                [datetime.now(), plan.name, solver.get("status"), solver.get("objective"),
                 solver.get("bound"), solver.get("gap"),
                 json.dumps(plan.to_json(), ensure_ascii=False, default=str),
                 json.dumps(names or {}, ensure_ascii=False),
                 json.dumps(inputs, ensure_ascii=False, default=str) if inputs else None,
                 run_id])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _figures(self, run_id: str, summary: dict, staffing_rows: list[tuple]) -> None:
        rows = [(run_id, name, s["mean"], s["ci95"][0], s["ci95"][1], s["p5"], s["p50"],
                 s["p95"]) for name, s in summary["kpis"].items() if s and "mean" in s]
        self._insert("kpis", rows)
        costs = summary["costs"]
        self._insert("costs", [
            (run_id, r["year"], r["institution"], "wages", r["role"], r["mean"], *r["ci95"])
            for r in costs["wages_by_year_institution_role"]])
        self._insert("costs", [
            (run_id, r["year"], None, r["category"], None, r["mean"], *r["ci95"])
            for r in costs["by_year_category"]])
        self._insert("costs", [
            (run_id, None, r["institution"], r["category"], None, r["mean"], *r["ci95"])
            for r in costs["by_institution_category"]])
        self._insert("staffing", [(run_id, *row) for row in staffing_rows])
        per = summary.get("per_replication") or {}
        self._insert("replication_values", [
            (run_id, name, index, value) for name, values in per.get("kpis", {}).items()
            for index, value in zip(per.get("replication", []), values, strict=True)])
        self._insert("deadlines", [
            (run_id, d["county"], d["home"], d["regional"], d["moved_by"],
             d["probability_moved_by"]["p"], *d["probability_moved_by"]["ci95"])
            for d in summary["deadlines"]])
        self._insert("compliance", [
            (run_id, r["institution"], r["ratio_compliance"]["mean"],
             *r["ratio_compliance"]["ci95"], r["over_capacity_days"]["mean"],
             r["peak_census"]["mean"]) for r in summary["institutions"]])

    def _insert(self, table: str, rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def runs(self, limit: int = 50) -> list[tuple]:
        return self.con.execute(
            "SELECT run_id, status, scenario, seed, replications, plan, started, finished, "
            "out_dir FROM runs ORDER BY started DESC LIMIT ?", [limit]).fetchall()

    def figures(self, run_id: str) -> dict | None:
        """A complete run's manifest, KPIs, cost tables and plan, as a run folder holds them."""
        run = self.run(run_id)
        if run is None or run["status"] != "complete":
            return None
        q = self.con.execute
        kpis = {name: {"mean": m, "ci95": [lo, hi], "p5": p5, "p50": p50, "p95": p95}
                for name, m, lo, hi, p5, p50, p95 in q(
                    "SELECT name, mean, ci_low, ci_high, p5, p50, p95 FROM kpis "
                    "WHERE run_id = ?", [run_id]).fetchall()}
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

    def record_sensitivity(self, scenario, record: dict) -> None:
        """Keep a sensitivity run's record, found again by its scenario's content hash."""
        self.con.execute(
            "INSERT INTO sensitivity VALUES (?, ?, ?, ?, ?, ?, ?)",
            [scenario.content_hash, scenario.name, datetime.now(), record.get("out_dir"),
             record["method"], record["plan_mode"], json.dumps(record, ensure_ascii=False)])

    def sensitivity(self, scenario_hash: str) -> dict | None:
        """The latest sensitivity record of a scenario with this content hash, if any."""
        row = self.con.execute(
            "SELECT record_json, finished FROM sensitivity WHERE scenario_hash = ? "
            "ORDER BY finished DESC LIMIT 1", [scenario_hash]).fetchone()
        if row is None:
            return None
        return {**json.loads(row[0]), "finished": row[1].isoformat(timespec="minutes")}

    def run(self, run_id: str) -> dict | None:
        row = self.con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None:
            return None
        names = [d[0] for d in self.con.description]
        return dict(zip(names, row, strict=True))
