"""The rules engine and the discrete-event simulation of the consolidation.

``sim.run(scenario, rulebook, plan, replications, seed, workers)`` plays a plan out over the
scenario's horizon as many times as asked and returns the results with their confidence
intervals. Without a plan it plays the status quo.
"""

from __future__ import annotations


class WorkerLost(RuntimeError):
    """A worker process died before its replication finished (killed, out of memory)."""


def run(scenario, rulebook, plan=None, replications=None, seed=None, workers=None,
        events: bool = True, on_done=None, scheduler: str | None = None):
    """Simulate ``plan`` (default: the status quo) and return ``sim.results.Results``."""
    from sim import plan as plans
    from sim.results import Results
    from sim.runner import replications as run_replications
    from sim.world import build

    plan = plan or plans.status_quo(scenario)
    n = replications or scenario.run.replications
    seed = scenario.run.seed if seed is None else seed
    world = build(scenario, rulebook, plan)
    reps = run_replications(world, seed, range(n), workers or scenario.run.workers,
                            events=events, on_done=on_done, scheduler=scheduler)
    manifest = {"scenario": scenario.name, "scenario_hash": scenario.content_hash,
                "seed": seed, "replications": n, "plan": plan.name,
                "horizon": {"start": scenario.horizon.start.isoformat(),
                            "end": scenario.horizon.end.isoformat()}}
    from sim.targets import simulated

    return Results(world=world, seed=seed, replications=reps, manifest=manifest,
                   targets=simulated(scenario, rulebook, plan, world, reps))
