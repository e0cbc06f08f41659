"""Reading a stored run for a comparison: ``load_run(ref) -> RunData``.

A run is, for now, an output folder as ``cwplan simulate`` or ``cwplan run`` writes it: it
holds ``summary.json`` (KPIs, costs by year, category, institution and role, the manifest)
and ``plan.json`` (roles, beds and staff per institution and year). Institutions' names come
from the report's ``tables/institutions.csv`` when there is one; otherwise the comparison
names institutions by their ids. A run can also be named by its id in the run store
(``from_store``); either way the comparison never reads files itself.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.table import from_data
from sim.scenario import InputError, Problem, series_at

EXPECTED = "a folder with summary.json and plan.json, as `cwplan simulate` or `cwplan run` writes"


@dataclass(frozen=True)
class RunData:
    """What a comparison needs of one run."""

    ref: str                                  # how the user named the run
    manifest: dict
    kpis: dict
    costs: dict                               # summary.json "costs"
    plan: dict                                # plan.json as stored
    names: dict[str, tuple[str, str]] = field(default_factory=dict)   # id -> (zh, pinyin)
    per_replication: dict | None = None       # summary.json "per_replication"
    inputs: dict | None = None                # inputs.json: what went into the run

    @property
    def scenario(self) -> str:
        return str(self.manifest.get("scenario", self.ref))

    @property
    def plan_name(self) -> str:
        return str(self.plan.get("name", self.manifest.get("plan", "")))

    @property
    def years(self) -> list[int]:
        return sorted({int(row["year"]) for row in self.costs["by_year_category"]})

    def planned(self, institution: str, role: str, year: int) -> int:
        """Heads of ``role`` the plan gives ``institution`` in ``year``."""
        by_year = self.plan.get("staff", {}).get(institution, {}).get(role)
        if not by_year:
            return 0
        return int(series_at({int(y): n for y, n in by_year.items()}, year))

    def institutions(self) -> list[str]:
        return list(self.plan.get("roles", {}))


def load_run(ref: str | Path) -> RunData:
    """The run named by ``ref``; ``InputError`` (exit status 2) if it is not a usable run."""
    folder = Path(ref)
    if not folder.exists():
        raise InputError([Problem(str(ref), 0, "", "no such run folder", EXPECTED)])
    if not folder.is_dir():
        raise InputError([Problem(str(ref), 0, "", "not a folder", EXPECTED)])
    summary = _json(folder / "summary.json", ref)
    plan = _json(folder / "plan.json", ref)
    missing = _missing(summary, plan)
    if missing:
        raise InputError([Problem(str(ref), 0, "", f"not a run: {missing} is missing or "
                                  "malformed", EXPECTED)])
    inputs = _json(folder / "inputs.json", ref) if (folder / "inputs.json").is_file() else None
    return RunData(str(ref), summary.get("manifest") or {}, summary["kpis"], summary["costs"],
                   plan, _names(folder / "tables" / "institutions.csv"),
                   _per_replication(summary.get("per_replication")), inputs)


def _per_replication(found) -> dict | None:
    """The replication-by-replication figures, if the run kept them whole."""
    if not isinstance(found, dict) or not isinstance(found.get("kpis"), dict):
        return None
    indices = found.get("replication")
    if not isinstance(indices, list) or not all(
            isinstance(v, list) and len(v) == len(indices) for v in found["kpis"].values()):
        return None
    return found


def from_store(ref: str, figures: dict) -> RunData:
    """A run recorded in the run store (``cwplan.store.Store.figures``)."""
    plan = figures["plan"]
    missing = _missing({"costs": figures["costs"], "kpis": figures["kpis"]}, plan)
    if missing:
        raise InputError([Problem(ref, 0, "", f"run store entry lacks {missing}",
                                  "a run completed by `cwplan run`")])
    return RunData(ref, figures["manifest"], figures["kpis"], figures["costs"], plan,
                   figures.get("names", {}), _per_replication(figures.get("per_replication")),
                   figures.get("inputs"))


def _missing(summary: dict, plan: dict) -> str | None:
    """The first part a comparison reads that the files lack, named as a key path."""
    costs = summary.get("costs")
    if not isinstance(costs, dict):
        return "summary.json: costs"
    for key in ("by_year_category", "by_institution_category",
                "wages_by_year_institution_role"):
        rows = costs.get(key)
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "mean" in r
                                                 for r in rows):
            return f"summary.json: costs.{key}"
    if not isinstance(summary.get("kpis"), dict):
        return "summary.json: kpis"
    for key in ("staff", "roles"):
        if not isinstance(plan.get(key), dict):
            return f"plan.json: {key}"
    return None


def _json(path: Path, ref: Any) -> dict:
    if not path.is_file():
        raise InputError([Problem(str(ref), 0, "", f"not a run: {path.name} is missing",
                                  EXPECTED)])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), getattr(exc, "lineno", 0), "",
                                  f"cannot read {path.name}: {exc}", EXPECTED)]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), 0, "", f"{path.name} is not a JSON object",
                                  EXPECTED)])
    return data


def _names(path: Path) -> dict[str, tuple[str, str]]:
    """Institution names from a report's table, if the run has a report."""
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return {from_data(row[0]): (from_data(row[1]), from_data(row[2])) for row in rows[1:]
            if len(row) >= 3}
