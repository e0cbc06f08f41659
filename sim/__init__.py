"""The rules engine and the discrete-event simulation of the consolidation.

``sim.run(scenario, rulebook, plan, replications, seed, workers)`` plays a plan out over the
scenario's horizon as many times as asked and returns the results with their confidence
intervals. Without a plan it plays the status quo. Without a number of replications it
takes the scenario's: a fixed number, or ``auto`` (``sim.adaptive``), batches until every
judged figure is decided; ``judge`` says which figures those are (by default the scenario's
service levels; the command line adds the targets in force).
"""

from __future__ import annotations


class WorkerLost(RuntimeError):
    """A worker process died before its replication finished (killed, out of memory)."""


def run(scenario, rulebook, plan=None, replications=None, seed=None, workers=None,
        events: bool = True, on_done=None, scheduler: str | None = None, judge=None,
        adaptive=None):
    """Simulate ``plan`` (default: the status quo) and return ``sim.results.Results``.

    ``judge(results) -> list[sim.levels.Verdict]`` decides when an adaptive run may stop;
    ``adaptive`` (min, batch, max, width) replaces the scenario's batches.
    """
    from sim import levels
    from sim import plan as plans
    from sim.adaptive import until_decided
    from sim.results import Results
    from sim.runner import replications as run_replications
    from sim.targets import simulated
    from sim.world import build

    plan = plan or plans.status_quo(scenario)
    n = replications or scenario.run.fixed
    seed = scenario.run.seed if seed is None else seed
    world = build(scenario, rulebook, plan)
    manifest = {"scenario": scenario.name, "scenario_hash": scenario.content_hash,
                "seed": seed, "replications": n, "plan": plan.name,
                "horizon": {"start": scenario.horizon.start.isoformat(),
                            "end": scenario.horizon.end.isoformat()}}

    def simulate(indices, before: int = 0):
        done = (lambda k: on_done(before + k)) if on_done else None
        return run_replications(world, seed, indices, workers or scenario.run.workers,
                                events=events, on_done=done, scheduler=scheduler)

    def results(reps) -> Results:
        return Results(world=world, seed=seed, replications=reps, manifest=manifest,
                       targets=simulated(scenario, rulebook, plan, world, reps))

    if n:
        return results(simulate(range(n)))
    judge = judge or (lambda found: levels.service_verdicts(scenario, found))
    reps, record = until_decided(
        lambda indices: simulate(indices, indices.start),
        lambda done: judge(Results(world=world, seed=seed, replications=done,
                                   manifest=manifest)),
        adaptive or scenario.run.adaptive)
    manifest.update(replications=len(reps), adaptive=record.to_json())
    return results(reps)
