"""Which assumption moves the answer: every uncertain input varied over its range.

The inputs are those ``sim.scenario.estimates`` lists, with the ranges their region file
gives or the default rule of their provenance code. Two designs are simulated:

- one at a time (the tornado): each input at the low and at the high end of its range, all
  others at the file's figures;
- global: every input at once, by Morris's elementary effects (``--method morris``, μ*
  ranks) or Sobol's variance shares (``--method sobol``, total-order index ranks), sampled
  and analysed by SALib.

Every setting is played with the same seed and the same replication indices (common random
numbers), so a difference between two settings comes from the inputs, not from the dice.
Settings run in parallel on the process pool or the Dask cluster that runs replications.

The plan. ``fixed`` (the default) asks "how robust is this plan?": the plan the optimizer
finds for the file's figures (or a plan given with ``--plan-file``) is held fixed, and each
setting only plays it out; prices still follow the inputs (wages, running and building
costs). Inputs only the optimizer reads (beds, building lead times, the discount rate) then
change nothing and are left out, as the record says. ``reoptimize`` asks "how does the
cheapest plan move?": each setting is optimized afresh, then played out; a setting for which
no plan meets the targets is recorded as such.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from sim.scenario.estimates import Input, inputs
from sim.scenario.varying import vary

OUTPUTS = ("total_cost", "peak_census", "lowest_compliance")
PLAN_MODES = ("fixed", "reoptimize")
METHODS = ("morris", "sobol")
MORRIS_LEVELS = 4


@dataclass(frozen=True)
class Shared:
    """What every worker needs once: the scenario, its rules, the plan and the inputs."""

    scenario: object
    rulebook: object
    plan: object
    mode: str
    seed: int
    replications: int
    inputs: tuple[Input, ...]


def varied_inputs(scenario, mode: str) -> tuple[list[Input], list[tuple[Input, str]]]:
    """The inputs a run varies, and those it leaves out with the reason."""
    chosen, left = [], []
    for found in inputs(scenario.region):
        if not found.varied:
            left.append((found, "no_range"))
        elif mode == "fixed" and found.entry.plan_only:
            left.append((found, "plan_only"))
        else:
            chosen.append(found)
    return chosen, left


def design(chosen: list[Input], method: str, samples: int, seed: int) -> tuple[list, object]:
    """The settings to simulate (input id -> u in [0, 1]) and the global sample.

    The first setting is the baseline (every figure as the file gives it), then the low and
    the high end of each input in turn, then the global method's sample.
    """
    settings: list[dict[str, float]] = [{}]
    for found in chosen:
        settings += [{found.id: 0.0}, {found.id: 1.0}]
    problem = {"num_vars": len(chosen), "names": [f.id for f in chosen],
               "bounds": [[0.0, 1.0]] * len(chosen)}
    if method == "morris":
        from SALib.sample import morris

        sample = morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        from SALib.sample import sobol

        sample = sobol.sample(problem, samples, calc_second_order=False, seed=seed)
    settings += [dict(zip(problem["names"], (float(u) for u in row), strict=True))
                 for row in sample]
    return settings, (problem, sample)


def evaluate(shared: Shared, setting: dict[str, float]) -> dict:
    """Play one setting out over the replications: each replication's figures."""
    import sim.world
    from sim.results import Results
    from sim.runner import run_replication

    region = vary(shared.scenario.region, setting, list(shared.inputs))
    scenario = shared.scenario.model_copy(update={"region": region})
    plan = _plan_for(shared, scenario)
    if plan is None:
        return {"feasible": False}
    world = sim.world.build(scenario, shared.rulebook, plan)
    reps = [run_replication(world, shared.seed, i, events=False)
            for i in range(shared.replications)]
    results = Results(world=world, seed=shared.seed, replications=reps)
    return {"feasible": True, **figures(results)}


def figures(results) -> dict:
    """Each replication's total cost, peak census, compliance per institution, and whether
    it met each deadline (campaigns grouped by their deadline)."""
    from sim.monitor import BY_CARE

    reps, w = results.replications, results.world
    groups: dict[str, list[int]] = {}
    for k, camp in enumerate(w.campaigns):
        groups.setdefault(w.date_of(camp.moved_by).isoformat(), []).append(k)
    return {
        "total_cost": np.array([r.costs.sum() for r in reps]),
        "peak_census": np.array([r.totals[:, BY_CARE].sum(axis=1).max() for r in reps],
                                dtype=float),
        # ratio compliance as sim.measures defines it: days holding children, from the
        # first day a hire can start (a replication in which it holds none: never short)
        "compliance": np.array([np.where(r.holding_days > 0, r.compliant_days
                                         / np.maximum(r.holding_days, 1), 1.0) for r in reps],
                               dtype=float),
        "holding": np.array([r.holding_days > 0 for r in reps]),
        "deadlines": {day: np.array([all(r.campaigns[k]["met_moved_by"] for k in ks)
                                     for r in reps], dtype=float)
                      for day, ks in sorted(groups.items())},
    }


def _plan_for(shared: Shared, scenario):
    if shared.mode == "fixed":
        return repriced(shared.plan, scenario.region)
    import optimize

    try:
        return optimize.plan(scenario, shared.rulebook, workers=1)
    except optimize.Infeasible:
        return None


def repriced(plan, region):
    """A fixed plan's building works at the region's (varied) capital costs."""
    cost = {(inst.id, o.id): o.capital_cost_yuan for inst in region.institutions
            for o in inst.options}
    works = tuple(dataclasses.replace(c, capital_cost_yuan=cost.get(
        (c.institution, c.option), c.capital_cost_yuan)) for c in plan.capacity)
    return dataclasses.replace(plan, capacity=works)


@dataclass(frozen=True)
class Options:
    method: str = "morris"
    mode: str = "fixed"
    replications: int = 4
    samples: int | None = None
    seed: int | None = None
    workers: int | None = None
    scheduler: str | None = None


def run(scenario, rulebook, plan, options: Options, on_done=None) -> dict:
    """Simulate every setting and analyse them: the record ``sensitivity.json`` holds."""
    from cwplan.sensitivity_analysis import analyse
    from sim.runner import map_jobs

    started = time.monotonic()
    seed = scenario.run.seed if options.seed is None else options.seed
    chosen, left = varied_inputs(scenario, options.mode)
    samples = options.samples or (10 if options.method == "morris" else 32)
    settings, sample = design(chosen, options.method, samples, seed)
    shared = Shared(scenario, rulebook, plan, options.mode, seed, options.replications,
                    tuple(chosen))
    outcomes = map_jobs(evaluate, shared, settings, options.workers or scenario.run.workers,
                        on_done, options.scheduler)
    record = analyse(scenario, plan, options, seed, chosen, left, outcomes, sample)
    record["settings"] = len(settings)
    record["seconds"] = round(time.monotonic() - started, 1)
    return record


def settings_count(scenario, method: str, mode: str, samples: int | None) -> int:
    """How many settings a run simulates (for its progress bar)."""
    chosen, _ = varied_inputs(scenario, mode)
    k = len(chosen)
    if method == "morris":
        return 1 + 2 * k + (samples or 10) * (k + 1)
    return 1 + 2 * k + (samples or 32) * (k + 2)
