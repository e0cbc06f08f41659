"""Compliance: each target in force, what the plan and the simulation measure, and the verdict.

The documents set targets for a jurisdiction (80 % of Zhejiang's townships with a
protection workstation by the end of 2025; every county home of Shaoxing transformed by
the end of 2022). Each target the region is held to is measured by its one function in
``sim.measures``, over its own jurisdiction, on its due date (or on the horizon's last day if
that comes first): in the plan (``sim.targets.planned``, the same figures plan.json holds)
and in every replication of the simulation (``sim.targets.simulated``, those of
summary.json; worked out again here by the same functions, for the plan given). The verdict
is taken on the simulated figure: the plan is what was meant,
the simulation what happened to it. A target is judged the day after its due date, so that
a value short on the last day counts as missed, not as not yet due.

A simulated figure that differs between replications is an ``Estimate`` with its 95 %
interval and is judged by the one rule (``sim.rules.verdict``): ``not_confirmed`` when the
interval straddles what the target requires. A "true or false" figure that differs between
replications (every county home transformed in time, in 19 of 20) is judged by its chance,
with its Wilson interval, against the scenario's transfer service level (0.95 when it sets
none). A target the model cannot measure is ``not_measured``, with the reason.

The rulebook's minimum standards (the living allowance) are judged here too: the level the
region file says is paid against the standard in force, on the first day of each standard.
The scenario's service levels are judged by ``sim.levels``, by the same rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sim import measures
from sim import targets as held_targets
from sim.rules import Estimate, Judgement, Resolved
from sim.rules.judging import meets

DEFAULT_LEVEL = 0.95


@dataclass(frozen=True)
class Check:
    """One target, where it holds in the region, what was measured and the verdict."""

    target: Resolved
    judgement: Judgement
    counties: tuple[str, ...]
    measured_on: date
    how: tuple[str, dict] = ("", {})      # a words key and its values: how it was measured
    planned: dict | None = None           # the plan's record (sim.targets.planned)
    simulated: dict | None = None         # the simulation's record (sim.targets.simulated)
    detail: dict = field(default_factory=dict)


def service_level(scenario, name: str) -> float:
    value = getattr(scenario.service_levels, name, None)
    return DEFAULT_LEVEL if value is None else value


def checks(scenario, rulebook, plan, results, simulated: list[dict] | None = None
           ) -> list[Check]:
    """Every target in force in the region at the end of the horizon, measured and judged,
    then the minimum standards the region pays against. ``simulated``: the records
    ``sim.targets.simulated`` gave for this plan and these results, when the caller has
    them (``Results.targets`` of a run of this plan)."""
    planned = {_ident(r): r for r in held_targets.planned(scenario, rulebook, plan)}
    if simulated is None:
        simulated = held_targets.simulated(scenario, rulebook, plan, results.world,
                                           results.replications)
    simulated = {_ident(r): r for r in simulated}
    out = []
    for held in held_targets.held(scenario, rulebook):
        ident = _ident(held_targets.ident(held.target))
        out.append(_check(scenario, held, planned.get(ident), simulated.get(ident)))
    return out + floors(scenario, rulebook)


def _ident(record: dict) -> tuple:
    return record["key"], record["jurisdiction"], record["due"], record["clause"]


def _check(scenario, held, planned: dict | None, simulated: dict | None) -> Check:
    target = held.target
    start, end = scenario.horizon.start, scenario.horizon.end
    due = target.due or end
    on = held_targets.measured_on(scenario, target)
    judged = due + timedelta(days=1) if due <= end else end
    measured, how, level = _measured(scenario, planned, simulated)
    if due < start:
        measured, how, level = None, ("note.before_horizon", {}), None
    if level is None:
        judgement = judge(target, measured, judged)
    else:
        # "every county home transformed" measured as the chance that it is: the chance must
        # reach the level, and the verdict keeps the target's own requirement
        asked = dataclasses.replace(target, value=level, compare="at_least")
        judgement = dataclasses.replace(judge(asked, measured, judged),
                                        required=target.value, compare=target.compare)
    detail = {"level": level} if level is not None else {}
    return Check(target, judgement, held.counties, on, how, planned, simulated, detail)


def judge(target: Resolved, measured: Any, on: date) -> Judgement:
    from sim.rules.judging import judge as rule

    return rule(target, measured, on)


def _measured(scenario, planned: dict | None,
              simulated: dict | None) -> tuple[Any, tuple, float | None]:
    """The figure the verdict is taken on (the simulation's: an ``Estimate`` where the
    replications differ), how it was measured, and the chance required of a yes/no figure
    that differs between replications (None for any other)."""
    record = simulated or planned
    if record is None:
        return None, ("note.not_modelled", {}), None
    if record["value"] is None and record.get("probability") is None:
        return None, (record["note"] or "note.not_modelled", _values(record)), None
    if record.get("probability") is not None:      # yes/no: judged by its chance, even
        level = service_level(scenario, "transfer_deadline_probability")   # when all agree
        chance = record["probability"]
        return Estimate(chance["p"], *chance["ci95"]), (
            "how.chance", {**_values(record), "chance": chance, "level": level}), level
    how = (record["how"], _values(planned or record))
    if record.get("estimate"):
        found = record["estimate"]
        return Estimate(found["mean"], *found["ci95"]), how, None
    return record["value"], how, None


def _values(record: dict) -> dict:
    """What a definition prints: numerator, denominator, place and date."""
    return {"num": record.get("numerator"), "den": record.get("denominator"),
            "place": record.get("place"), "date": record.get("on")}


# --- minimum standards ------------------------------------------------------------------

def floors(scenario, rulebook) -> list[Check]:
    """The allowance the region pays against each minimum standard in force in the horizon
    (allowance.institution_orphan_yuan_per_year), on the standard's first day there."""
    region = scenario.region
    out, seen = [], set()
    start, end = scenario.horizon.start, scenario.horizon.end
    for _, county in region.counties():
        days = [start, *(d for d in rulebook.changes(measures.ALLOWANCE, county.code)
                         if start < d <= end)]
        for day in days:
            rule = rulebook.resolve(measures.ALLOWANCE, county.code, day)
            if rule is None or (rule.source, rule.effective, rule.jurisdiction) in seen:
                continue
            seen.add((rule.source, rule.effective, rule.jurisdiction))
            paid = measures.allowance_paid(region, rulebook, county.code, day)
            status = "not_measured" if paid.value is None else \
                "met" if meets("at_least", paid.value, rule.value) else "missed"
            verdict = Judgement(rule.key, status, paid.value, rule.value, "at_least", None,
                                day, rule.source, rule.jurisdiction)
            out.append(Check(rule, verdict, (county.code,), day,
                             (paid.how or paid.note, {"date": day.isoformat(),
                                                     "num": paid.numerator})))
    return out
