"""Reading a plan file (``plan.json``) that a planner hands to ``cwplan simulate --plan``.

A plan file may have been written by the optimizer, edited by hand or made for another
region; it is checked completely before anything is simulated. Every head count and bed
count is a whole number from 0 to 10,000 (JSON ``5``, not ``5.0``, ``"5"`` or ``true``);
years are calendar years of the scenario's horizon; every institution, county and option
named exists in the scenario's region, and every institution has a role and every county a
receiving institution. A plan made for another region (the optimizer writes the region's
id into the file) is refused as such. Each problem is one line naming the file and the key
path, as a scenario's problems are.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.plan import ROLES, CapacityChoice, Plan
from sim.scenario import InputError, Problem, Scenario, StaffRole
from sim.scenario.errors import validate
from sim.scenario.model import FIRST_YEAR, LAST_YEAR, NonNeg
from sim.scenario.yamlio import Document

Heads = Annotated[int, Field(ge=0, le=10_000, strict=True)]
Team = Annotated[int, Field(ge=1, le=10_000, strict=True)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Role = Literal["regional", "county_home", "protection_center", "closed"]
ByYear = dict[Year, Heads]


class _Loose(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CapacityRow(_Loose):
    institution: str
    option: str
    start: date
    ready: date
    beds_added: Annotated[int, Field(ge=1, le=10_000, strict=True)]
    capital_cost_yuan: NonNeg


class PlanFile(_Loose):
    """What a plan.json holds; the read-outs of the optimizer pass through unchecked."""

    name: str = Field(min_length=1)
    region: str = ""
    roles: dict[str, dict[Year, Role]]
    beds: dict[str, ByYear]
    staff: dict[str, dict[StaffRole, ByYear]]
    assignment: dict[str, str | dict[Year, str]]
    transfer_teams: dict[str, Team] = {}
    protection_centers: dict[str, dict[Year, Annotated[bool, Field(strict=True)]]] = {}
    workstations: dict[str, ByYear] = {}
    capacity: list[CapacityRow] = []
    costs: dict[str, Any] = {}
    solver: dict[str, Any] = {}
    redeployments: list[Any] = []
    measures: list[Any] | dict[str, Any] = []
    handover: dict[str, Year | None] = {}
    paths: list[dict[str, Any]] = []
    staff_changes: list[Any] = []
    unplanned: list[Any] = []


def read(path: Path, scenario: Scenario) -> Plan:
    """Read and check a plan file against the scenario; ``InputError`` lists every problem."""
    name = str(path)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "msg", None) or str(exc)
        raise InputError([Problem(name, getattr(exc, "lineno", 0), "",
                                  f"cannot read the plan: {reason}",
                                  "the plan.json written by cwplan optimize")]) from None
    if isinstance(raw, dict) and raw.get("region") and raw["region"] != scenario.region.id:
        raise InputError([Problem(name, 0, "region", f"the plan was made for region "
                                  f"{raw['region']!r}, not {scenario.region.id!r}",
                                  "a plan of this scenario's region")])
    checked = validate(PlanFile, Document(raw, {(): (name, 0)}))
    problems = list(_against(checked, scenario, name))
    if problems:
        raise InputError(problems[:50])
    return from_json(checked.model_dump())


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def _against(plan: PlanFile, scenario: Scenario, file: str):
    """Names and years that must exist in the scenario."""
    region = scenario.region
    ids = {i.id for i in region.institutions}
    options = {(i.id, o.id) for i in region.institutions for o in i.options}
    counties = {c.code for _, c in region.counties()}
    first, last = scenario.horizon.start.year, scenario.horizon.end.year
    allowed = ", ".join(sorted(ids))
    for inst in sorted(ids - set(plan.roles)):
        yield Problem(file, 0, f"roles.{inst}", "institution has no role", "one role per year")
    for block in ("roles", "beds", "staff"):
        for inst in getattr(plan, block):
            if inst not in ids:
                yield Problem(file, 0, f"{block}.{inst}", "not an institution of the region",
                              allowed)
    for county in sorted(counties - set(plan.assignment)):
        yield Problem(file, 0, f"assignment.{county}", "county is not assigned",
                      "a regional institution")
    places = set(region.places())
    for block, known, what in (("assignment", counties, "county"),
                               ("transfer_teams", counties, "county"),
                               ("protection_centers", places, "place"),
                               ("workstations", places, "place"),
                               ("handover", counties, "county")):
        for code in getattr(plan, block):
            if code not in known:
                yield Problem(file, 0, f"{block}.{code}", f"not a {what} of the region",
                              _some(known))
    for county, chosen in plan.assignment.items():
        for inst in [chosen] if isinstance(chosen, str) else chosen.values():
            if inst not in ids:
                yield Problem(file, 0, f"assignment.{county}", f"unknown institution {inst!r}",
                              allowed)
    for n, row in enumerate(plan.capacity):
        if (row.institution, row.option) not in options:
            yield Problem(file, 0, f"capacity.{n}", f"{row.institution} has no option "
                          f"{row.option!r}", "an option listed under the institution")
    for where, year in _years(plan):
        if not first <= year <= last:
            yield Problem(file, 0, f"{where}.{year}", f"{year} is outside the horizon",
                          f"a year from {first} to {last}")


def _some(codes: set[str], limit: int = 12) -> str:
    shown = sorted(codes)
    more = f", ... ({len(shown)} in all)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _years(plan: PlanFile):
    for block in ("roles", "beds", "protection_centers", "workstations"):
        for key, by_year in getattr(plan, block).items():
            yield from ((f"{block}.{key}", y) for y in by_year)
    for inst, roles in plan.staff.items():
        for role, by_year in roles.items():
            yield from ((f"staff.{inst}.{role}", y) for y in by_year)
    for county, chosen in plan.assignment.items():
        if isinstance(chosen, dict):
            yield from ((f"assignment.{county}", y) for y in chosen)


def _by_year(mapping: dict) -> dict[int, Any]:
    return {int(year): value for year, value in mapping.items()}


def from_json(raw: dict) -> Plan:
    """A Plan from the plain data of a plan file (as checked above, or as the store holds)."""
    return Plan(
        name=str(raw["name"]),
        region=str(raw.get("region") or ""),
        roles={i: _by_year(v) for i, v in raw["roles"].items()},
        beds={i: {y: int(b) for y, b in _by_year(v).items()} for i, v in raw["beds"].items()},
        staff={i: {r: {y: int(n) for y, n in _by_year(by).items()} for r, by in roles.items()}
               for i, roles in raw["staff"].items()},
        assignment={c: v if isinstance(v, str) else _by_year(v)
                    for c, v in raw["assignment"].items()},
        transfer_teams={c: int(n) for c, n in raw.get("transfer_teams", {}).items()},
        protection_centers={c: {y: bool(b) for y, b in _by_year(v).items()}
                            for c, v in raw.get("protection_centers", {}).items()},
        workstations={c: {y: int(n) for y, n in _by_year(v).items()}
                      for c, v in raw.get("workstations", {}).items()},
        capacity=tuple(CapacityChoice(**{**c, "start": _date(c["start"]),
                                         "ready": _date(c["ready"])})
                       for c in raw.get("capacity", [])),
        costs=raw.get("costs", {}),
        solver=raw.get("solver", {}),
        redeployments=list(raw.get("redeployments", [])),
        measures=raw["measures"] if isinstance(raw.get("measures"), list) else [],
        handover={c: (None if y is None else int(y)) for c, y in raw.get("handover", {}).items()},
        paths=[{**p, "year": int(p["year"])} for p in raw.get("paths", [])],
        staff_changes=list(raw.get("staff_changes", [])),
        unplanned=list(raw.get("unplanned", [])),
    )


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


__all__ = ["ROLES", "PlanFile", "from_json", "read"]
