"""Robust plans: optimize, simulate, re-optimize until the plan holds with the chosen probability.

A plan staffed for the expected number of children is short of caregivers on many days,
and a plan with beds for the expected children is over capacity in some replications,
because children arrive at random. The planner states service levels in the scenario (for
example 95 % of days in ratio compliance at every institution, a 95 % chance of meeting each
transfer deadline, a 95 % chance of no day over capacity). The loop:

1. optimizes on expected demand;
2. simulates the plan and judges every level by the one rule (``sim.levels``): a level holds
   at a place only if the lower end of its interval reaches it (a share of compliant days
   on a t interval; a deadline's or the beds' probability on a Wilson interval, so enough
   replications are run for that to be possible: 73 when every replication meets a 95 %
   level). Days are counted from the first day a hire made on the first day could start
   work (recruitment and background check): before that, the staff are those on roll at the
   start, which no plan can change. Rounds judge ratio compliance on a 99 % interval, a
   margin for the final check;
3. where a level fails, staffs that institution to a higher quantile of the daily caregiver
   requirement the simulation measured (80 %, 90 %, 95 %, 98 %, 99.5 %, 100 %, then one or
   two more; a rung that asks for no more than the plan has is passed over), gives the
   county's transfer team one more member, or asks for beds at the same quantiles of the
   institution's peak number of children per year, as many as its capacity options can
   give by then (their lead times decide from which year); and re-optimizes with those
   floors, so that everything else stays as cheap as it can;
4. stops when every level holds or nothing more can be done, and then checks the plans on
   fresh random numbers the loop never saw; a plan that falls short there is tightened
   once more and checked again on numbers newer still (three checks at most).

Three plans are set side by side: the rule of thumb (the ratios applied to the children in
care on the first day, no optimizer), the expected-value optimum and the robust optimum.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

import optimize
import sim
from cwplan.cli import Infeasible
from cwplan.progress import stage
from sim import plan as plans
from sim.levels import needed_replications, service_verdicts
from sim.monitor import BEDS, BY_CARE, REQUIRED
from sim.results import Results
from sim.rules import MET
from sim.scenario import STAFF_ROLES

CAREGIVER = STAFF_ROLES.index("caregiver")

LADDER = (0.8, 0.9, 0.95, 0.98, 0.995, 1.0)
EXTRA = 2                  # caregivers beyond the highest quantile before giving up
MAX_ROUNDS = 12
CHECKS = 3                 # independent final checks at most (each on numbers never seen)
FRESH = 1_000_003          # added to the seed for a final check, so its numbers are new


@dataclass
class Round:
    number: int
    plan: str
    cost: dict
    compliance: dict            # institution -> describe() of its compliant share
    deadlines: dict             # county -> probability with interval
    failing: list[str]          # institution, "transfer:county" or "beds:institution"
    changes: list[dict] = field(default_factory=list)   # what the next round changes
    beds: dict = field(default_factory=dict)   # institution -> P(no day over capacity)
    replications: int = 0


@dataclass
class Robust:
    plan: plans.Plan
    rounds: list[Round]
    alternatives: list[dict]
    met: bool
    replications: int


@dataclass
class _Loop:
    """What the loop carries from round to round."""

    floors: dict[str, dict[int, int]] = field(default_factory=dict)
    steps: dict[str, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    bed_floors: dict[str, dict[int, int]] = field(default_factory=dict)
    bed_steps: dict[str, int] = field(default_factory=dict)


def replications_for(scenario, replications: int | None) -> int:
    """Replications per round: as many as asked (the first batch of an adaptive scenario),
    and at least as many as a Wilson interval needs to confirm the strictest probability."""
    levels = scenario.service_levels
    asked = replications or scenario.run.fixed or scenario.run.adaptive.min
    return max(asked, *(needed_replications(level) for level in
                        (levels.transfer_deadline_probability, levels.bed_capacity_probability)))


def robust_plan(scenario, rulebook, replications: int | None, seed: int,
                workers: int | None, scheduler: str | None = None) -> Robust:
    levels = scenario.service_levels
    n = replications_for(scenario, replications)
    run = {"n": n, "workers": workers, "scheduler": scheduler,
           "adaptive": _batches(scenario, n) if not (replications or scenario.run.fixed)
           else None}
    expected = _optimize(scenario, rulebook, None, "expected-value optimum")
    loop = _Loop(teams=dict(expected.transfer_teams))
    current = _rounds(scenario, rulebook, expected, seed, loop, run)
    thumb = plans.rule_of_thumb(scenario, rulebook)
    for attempt in range(1, CHECKS + 1):
        check_seed = seed + FRESH * attempt
        robust = dataclasses.replace(current, name="robust optimum")
        alternatives, results = _final_check(scenario, rulebook, [thumb, expected, robust],
                                             check_seed, levels, run)
        failing = alternatives[-1]["failing"]
        if not failing or attempt == CHECKS:
            break
        # short on numbers the loop never saw: those are now seen; tighten once more and
        # judge again on numbers newer still
        verdict = Round(len(loop.rounds) + 1, robust.name, alternatives[-1]["cost"],
                        alternatives[-1]["compliance"], alternatives[-1]["deadlines"], failing,
                        beds=alternatives[-1]["beds"],
                        replications=alternatives[-1]["replications"])
        verdict.changes = _tighten(verdict, results, scenario, loop)
        loop.rounds.append(verdict)
        if not verdict.changes:
            break
        current = _rounds(scenario, rulebook, _replan(scenario, rulebook, loop), check_seed,
                          loop, run)
    met = alternatives[-1]["meets_levels"]
    robust = _cheaper_rule_of_thumb(scenario, rulebook, robust, alternatives)
    robust = dataclasses.replace(robust, solver={**robust.solver, "robust": {
        "service_levels": levels.model_dump(), "replications": n, "met": met,
        "rounds": [dataclasses.asdict(r) for r in loop.rounds], "alternatives": alternatives,
        "final_check_seed": check_seed}})
    return Robust(robust, loop.rounds, alternatives, met, n)


def _batches(scenario, n: int):
    """An adaptive scenario's batches for the loop: at least ``n`` replications first."""
    batches = scenario.run.adaptive
    return batches.model_copy(update={"min": n, "max": max(batches.max, n)})


def _simulate(scenario, rulebook, plan, seed: int, run: dict, label: str,
              confidence: float = 0.95) -> Results:
    """The plan on ``run["n"]`` replications, or, for an adaptive scenario, on as many as
    its levels need to be decided (a single short day in 73 replications proves nothing)."""
    total = run["adaptive"].max if run["adaptive"] else run["n"]
    with stage(label, total) as progress:
        return sim.run(scenario, rulebook, plan, None if run["adaptive"] else run["n"], seed,
                       run["workers"], events=False, on_done=progress,
                       scheduler=run["scheduler"], adaptive=run["adaptive"],
                       judge=lambda results: service_verdicts(scenario, results, confidence))


def _rounds(scenario, rulebook, current, seed: int, loop: _Loop, run: dict) -> plans.Plan:
    """Simulate, judge, tighten and re-optimize until every level holds or nothing changes."""
    while len(loop.rounds) < MAX_ROUNDS:
        number = len(loop.rounds) + 1
        results = _simulate(scenario, rulebook, current, seed, run,
                            f"robust round {number}: simulating", COMPLIANCE_MARGIN)
        done = _judge(number, current, results, scenario, COMPLIANCE_MARGIN)
        loop.rounds.append(done)
        if not done.failing:
            break
        done.changes = _tighten(done, results, scenario, loop)
        if not done.changes:
            break
        current = _replan(scenario, rulebook, loop)
    return current


def _replan(scenario, rulebook, loop: _Loop) -> plans.Plan:
    plan = _optimize(scenario, rulebook, loop.floors, "robust optimum", loop.bed_floors)
    return dataclasses.replace(plan, transfer_teams=dict(loop.teams))


def _cheaper_rule_of_thumb(scenario, rulebook, robust, alternatives) -> plans.Plan:
    """If the rule of thumb meets the levels for less, and no target it could miss is in
    force, it is the robust plan: the loop never recommends paying more than a plan known
    to hold."""
    thumb, _, found = alternatives
    if not (thumb["meets_levels"] and found["meets_levels"]):
        return robust
    if thumb["cost"]["mean"] >= found["cost"]["mean"] or optimize.held_targets(scenario,
                                                                                rulebook):
        return robust
    return dataclasses.replace(plans.rule_of_thumb(scenario, rulebook),
                               name="robust optimum (the rule of thumb holds)")


def unmet(robust: Robust) -> str:
    """What the best plan found still misses, for the message of a failed robust run."""
    final = robust.alternatives[-1]
    lines = [f"no plan reaches the service levels after {len(robust.rounds)} rounds "
             f"(the last check on {final['replications']} replications):"]
    for item in final["failing"]:
        if item.startswith("transfer:"):
            county = item.split(":", 1)[1]
            p = final["deadlines"][county]
            lines.append(f"  transfer deadline of county {county}: probability {p['p']:.1%} "
                         f"(95% interval {p['ci95'][0]:.1%}-{p['ci95'][1]:.1%})")
        elif item.startswith("beds:"):
            inst = item.split(":", 1)[1]
            p = final["beds"][inst]
            lines.append(f"  {inst}: probability of no day over capacity {p['p']:.1%} "
                         f"(95% interval {p['ci95'][0]:.1%}-{p['ci95'][1]:.1%})")
        else:
            c = final["compliance"][item]
            lines.append(f"  {item}: days in ratio compliance {c['mean']:.1%} (95% interval "
                         f"{c['ci95'][0]:.1%}-{c['ci95'][1]:.1%})")
    return "\n".join(lines)


def _optimize(scenario, rulebook, floors, name: str, bed_floors=None) -> plans.Plan:
    try:
        return optimize.plan(scenario, rulebook, floors=floors, name=name,
                             bed_floors=bed_floors)
    except optimize.Infeasible as exc:
        raise Infeasible(str(exc)) from None


def compliance_from_lead(results: Results, confidence: float = 0.95) -> dict[str, dict]:
    """Each institution's ratio compliance, the one statistic of ``sim.measures``: its share
    of the days it holds children, from the first day a new hire can work, with the
    confidence interval asked for (in ``ci95`` for uniformity)."""
    return results.ratio_compliance(confidence)


COMPLIANCE_MARGIN = 0.99     # rounds judge ratio compliance on 99 % intervals


def _judge(number: int, plan, results: Results, scenario,
           confidence: float = 0.95) -> Round:
    """Which levels fail, by the one rule (``sim.levels``): every place whose verdict is not
    ``met``. ``confidence`` is that of the ratio-compliance intervals (rounds keep a margin
    with 99 %; the final check judges with 95 %, as the report does)."""
    verdicts = service_verdicts(scenario, results, confidence)
    failing = [_item(v) for v in verdicts if v.verdict != MET]
    compliance = compliance_from_lead(results, confidence)
    holding = {inst for inst, share in compliance.items() if share is not None}
    deadlines = {d["county"]: d["probability_moved_by"] for d in results.deadlines()}
    beds = results.never_over_capacity()
    cost = results.kpis()["total_cost_yuan"]
    return Round(number, plan.name, cost, {i: compliance[i] for i in holding}, deadlines,
                 failing, beds={i: beds[i] for i in results.holding()},
                 replications=len(results.replications))


def _item(v) -> str:
    """A failing level as the loop names it: the institution, or transfer:/beds: a place."""
    if v.figure == "transfer_deadline_probability":
        return f"transfer:{v.place}"
    if v.figure == "bed_capacity_probability":
        return f"beds:{v.place}"
    return v.place


def _tighten(done: Round, results: Results, scenario, loop: _Loop) -> list[dict]:
    """Raise the floors of failing institutions, the teams of failing counties and the beds
    of institutions too often over capacity; each change is a record the report words in
    its reader's language."""
    changes = []
    w = results.world
    required = np.stack([r.daily[:, :, REQUIRED] for r in results.replications])  # [R, D, I]
    for item in done.failing:
        if item.startswith("transfer:"):
            changes += _bigger_team(item.split(":", 1)[1], results, loop.teams)
            continue
        if item.startswith("beds:"):
            changes += _more_beds(item.split(":", 1)[1], results, scenario, loop)
            continue
        i = w.institutions.index(item)
        raised = _next_floors(w, required[:, :, i], loop.steps.get(item, -1),
                              loop.floors.get(item, {}), w.staff_target[:, i, CAREGIVER])
        if raised is None:
            continue
        step, need = raised
        loop.steps[item] = step
        q, extra = _rung(step)
        for year, heads in need.items():
            loop.floors.setdefault(item, {})[year] = max(
                loop.floors.get(item, {}).get(year, 0), heads)
        changes.append({"change": "caregivers", "institution": item, "quantile": q,
                        "extra": extra})
    return changes


def _bigger_team(county: str, results: Results, teams: dict[str, int]) -> list[dict]:
    w = results.world
    children = max((r.campaigns[k]["children"] for r in results.replications
                    for k, c in enumerate(w.campaigns) if w.counties[c.county] == county),
                   default=0)
    if teams.get(county, 1) >= max(children, 1):
        return []
    teams[county] = teams.get(county, 1) + 1
    return [{"change": "transfer_team", "county": county, "before": teams[county] - 1,
             "after": teams[county]}]


def _more_beds(inst: str, results: Results, scenario, loop: _Loop) -> list[dict]:
    """The next rung of beds: each year's peak number of children at a higher quantile over
    the replications, as far as the institution's capacity options can reach by then."""
    w = results.world
    i = w.institutions.index(inst)
    residents = np.stack([r.daily[:, i, BY_CARE].sum(axis=1) for r in results.replications])
    beds = np.stack([r.daily[:, i, BEDS] for r in results.replications]).max(axis=0)   # [D]
    peaks = np.stack([residents[:, w.year_idx == y].max(axis=1)
                      for y in range(w.staff_target.shape[0])], axis=1)             # [R, Y]
    planned = np.array([beds[w.year_idx == y].max() for y in range(peaks.shape[1])])
    reachable = optimize.reachable_beds(scenario, inst)
    step, floors = loop.bed_steps.get(inst, -1), loop.bed_floors.get(inst, {})
    while step + 1 < len(LADDER) + EXTRA:
        step += 1
        q, extra = _rung(step)
        need = {w.first_year + y: min(math.ceil(np.quantile(peaks[:, y], q)) + extra,
                                      reachable[w.first_year + y])
                for y in range(peaks.shape[1])}
        if any(beds_ > max(floors.get(year, 0), int(planned[year - w.first_year]))
               for year, beds_ in need.items()):
            loop.bed_steps[inst] = step
            loop.bed_floors[inst] = {y: max(floors.get(y, 0), b) for y, b in need.items()}
            return [{"change": "beds", "institution": inst, "quantile": q, "extra": extra}]
    return []


def _rung(step: int) -> tuple[float, int]:
    """The quantile of daily need and the caregivers beyond it that a rung of the ladder
    asks for: the quantiles first, then the highest plus one, plus two..."""
    return LADDER[min(step, len(LADDER) - 1)], max(step - len(LADDER) + 1, 0)


def _next_floors(w, required: np.ndarray, step: int, floors: dict[int, int],
                 planned: np.ndarray) -> tuple[int, dict[int, int]] | None:
    """The next rung of the ladder that asks for more caregivers than the plan has in at
    least one year, with the floor it sets per year; None when the ladder is used up.

    Rungs that would ask for no more than the plan already gives are passed over: at a small
    institution the 95 % and the 99.5 % quantiles of the daily need are often the same
    number of caregivers, and a round that changes nothing would be a round wasted.
    """
    while step + 1 < len(LADDER) + EXTRA:
        step += 1
        q, extra = _rung(step)
        need = {w.first_year + y: math.ceil(np.quantile(required[:, w.year_idx == y], q)) + extra
                for y in range(w.staff_target.shape[0])}
        if any(heads > max(floors.get(year, 0), int(planned[year - w.first_year]))
               for year, heads in need.items()):
            return step, need
    return None


def _final_check(scenario, rulebook, candidates, seed, levels, run):
    """Each plan simulated on the same fresh random numbers: cost and service levels.
    Returns the plans' records and the last plan's results."""
    out = []
    for plan in candidates:
        results = _simulate(scenario, rulebook, plan, seed, run,
                            f"final check on fresh random numbers: {plan.name}")
        verdict = _judge(0, plan, results, scenario)
        out.append({"plan": plan.name, "replications": len(results.replications),
                    "cost": verdict.cost,
                    "compliance": verdict.compliance, "deadlines": verdict.deadlines,
                    "beds": verdict.beds,
                    "failing": verdict.failing, "meets_levels": not verdict.failing,
                    "planned_cost": sum(sum(v.values()) for v in plan.costs.values())
                    if plan.costs else None})
    return out, results
