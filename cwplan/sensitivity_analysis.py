"""From the simulated settings of a sensitivity run to its record: inputs ranked per output.

Each output is a mean over replications of a per-replication figure, so that the effect of
an input (the output at the high end of its range minus at the low end) gets an interval
from the paired replications of the two settings (``sim.differences``):

- total cost: yuan over the horizon, undiscounted, as the run's total;
- peak census: the most children in residence on any day, region-wide;
- lowest ratio compliance: the share of days with enough caregivers at the institution
  whose share is lowest (over institutions that hold children), as the run reports it;
- each deadline's probability: the share of replications in which every child of the
  counties with that deadline has moved by it.

The three inputs that matter most for an output are the first three of the global ranking
(Morris μ* or Sobol's total-order index) among inputs that move it at all.
"""

from __future__ import annotations

import math

import numpy as np

from cwplan.sensitivity import OUTPUTS
from sim.differences import difference
from sim.scenario.estimates import Input
from sim.scenario.ranges import DEFAULT_SPREAD

UNITS = {"total_cost": "yuan", "peak_census": "children", "lowest_compliance": "share"}


def analyse(scenario, plan, options, seed: int, chosen: list[Input], left: list,
            outcomes: list[dict], sample) -> dict:
    institutions = [i.id for i in scenario.region.institutions]
    base = outcomes[0]
    names = [*OUTPUTS, *(f"deadline:{d}" for d in (base.get("deadlines") or {}))]
    looked = [{n: _output(o, n, institutions) for n in names} for o in outcomes]
    outputs = []
    for name in names:
        tornado = _tornado(name, chosen, looked)
        ranking = _global(chosen, [v[name] for v in looked[1 + 2 * len(chosen):]],
                          options.method, sample, seed)
        moved = [r["input"] for r in ranking if (r["score"] or 0) > 0]
        baseline = looked[0][name]
        outputs.append({
            "id": name, "unit": UNITS.get(name, "probability"),
            "baseline": None if baseline is None else _num(baseline[0]),
            "baseline_institution": None if baseline is None else baseline[2],
            "tornado": tornado, "global": ranking, "top3": moved[:3]})
    return _clean({
        "scenario": scenario.name, "scenario_hash": scenario.content_hash,
        "region": scenario.region.id, "seed": seed, "replications": options.replications,
        "method": options.method, "plan_mode": options.mode, "plan": plan.name,
        "samples": options.samples, "default_rule": DEFAULT_SPREAD,
        "infeasible_settings": sum(not o["feasible"] for o in outcomes),
        "inputs": [_described(f) for f in chosen],
        "left_out": [{"input": f.id, "entry": f.entry.name, "group": f.group, "reason": why}
                     for f, why in left],
        "outputs": outputs})


def _output(outcome: dict, name: str, institutions: list[str]):
    """(mean, per-replication values, institution) of one output in one setting."""
    if not outcome["feasible"]:
        return None
    if name == "lowest_compliance":
        holding = outcome["holding"].any(axis=0)
        shares = outcome["compliance"].mean(axis=0)
        candidates = np.flatnonzero(holding) if holding.any() else np.arange(len(shares))
        worst = int(candidates[np.argmin(shares[candidates])])
        values = outcome["compliance"][:, worst]
        return float(values.mean()), values, institutions[worst]
    if name.startswith("deadline:"):
        values = outcome["deadlines"].get(name.partition(":")[2])
        return None if values is None else (float(values.mean()), values, None)
    values = outcome[name]
    return float(values.mean()), values, None


def _tornado(name: str, chosen: list[Input], looked: list[dict]) -> list[dict]:
    rows = []
    for j, found in enumerate(chosen):
        low, high = looked[1 + 2 * j][name], looked[2 + 2 * j][name]
        item = found.items[0]
        row = {"input": found.id, "input_low": item.low, "input_high": item.high,
               "input_value": item.value, "output_at_low": None, "output_at_high": None,
               "effect": None, "interval": None}
        if low is not None and high is not None:
            change = difference(low[1], high[1], paired=True,
                                binary=name.startswith("deadline:"))
            row.update(output_at_low=low[0], output_at_high=high[0], effect=high[0] - low[0],
                       interval=change["ci95"])
        rows.append(row)
    rows.sort(key=lambda r: -abs(r["effect"]) if r["effect"] is not None else math.inf)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _global(chosen: list[Input], looked: list, method: str, sample, seed: int) -> list[dict]:
    problem, x = sample
    if not chosen or any(v is None for v in looked):
        return []
    y = np.array([v[0] for v in looked], dtype=float)
    if method == "morris":
        from SALib.analyze import morris

        found = morris.analyze(problem, x, y, num_levels=4, seed=seed)
        rows = [{"input": f.id, "score": float(found["mu_star"][j]),
                 "score_conf": float(found["mu_star_conf"][j]),
                 "sigma": float(found["sigma"][j])} for j, f in enumerate(chosen)]
    else:
        from SALib.analyze import sobol

        if np.ptp(y) == 0:
            rows = [{"input": f.id, "score": 0.0, "score_conf": 0.0, "first_order": 0.0}
                    for f in chosen]
        else:
            found = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            rows = [{"input": f.id, "score": float(found["ST"][j]),
                     "score_conf": float(found["ST_conf"][j]),
                     "first_order": float(found["S1"][j])} for j, f in enumerate(chosen)]
    rows.sort(key=lambda r: -(r["score"] if math.isfinite(r["score"]) else -math.inf))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _described(found: Input) -> dict:
    first = found.items[0]
    return {"input": found.id, "entry": found.entry.name, "group": found.group,
            "part": str(first.path[-1]) if found.entry.shape == "share" else "",
            "unit": found.entry.unit, "shape": found.entry.shape, "figures": len(found.items),
            "value": first.value, "low": first.low, "high": first.high,
            "codes": sorted({i.code for i in found.items}),
            "range_from": sorted({i.range_from for i in found.items})}


def _num(x):
    return float(x) if x is not None else None


def _clean(value):
    """Plain JSON: numpy numbers as Python numbers, NaN and infinities as null."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value
