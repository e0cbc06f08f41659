"""From a scenario file to a finished report, in one call.

The pipeline validates the scenario, resolves its rules, finds the cheapest plan that meets
the targets (unless told to keep the status quo), plays that plan out over the
replications, writes the output folder (summary, plan, tables, report) atomically, and
records the run in the run store. Each stage shows its progress. A run that does not end
normally is marked in the store as interrupted, failed or infeasible, never complete, and
leaves no output folder behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sim
from cwplan import inputs_record
from cwplan.outputs import atomic_folder, versions, write_json, write_simulation
from cwplan.progress import stage
from cwplan.store import Store
from sim import plan as plans
from sim import rules
from sim.results import Results
from sim.scenario import InputError, Problem, Scenario, load


@dataclass(frozen=True)
class RunOptions:
    replications: int | None = None
    seed: int | None = None
    workers: int | None = None
    out: Path | None = None
    lang: str | None = None
    optimize: bool = True
    store: Path | None = None
    scheduler: str | None = None
    robust: bool | None = None
    pdf: bool = False


@dataclass
class Outcome:
    run_id: str
    out: Path
    scenario: Scenario
    plan: plans.Plan
    results: Results


def run(path: Path, options: RunOptions) -> Outcome:
    scenario = load(path)
    if options.pdf:
        pdf_engine()                 # a missing printer is said now, before any work
    rulebook = rules.load(scenario)
    n = options.replications or scenario.run.replications
    seed = scenario.run.seed if options.seed is None else options.seed
    out = options.out or Path("out") / Path(path).stem
    with Store(options.store) as store:
        run_id = store.start(scenario, seed, n, versions(), out)
        try:
            plan = choose_plan(scenario, rulebook, options, n, seed)
            with stage("simulating replications", n) as progress:
                results = sim.run(scenario, rulebook, plan, n, seed, options.workers,
                                  on_done=progress, scheduler=options.scheduler)
            results.manifest.update(run_id=run_id, versions=versions())
            summary = results.summary()
            with stage("writing results and report"), atomic_folder(out) as folder:
                inputs = inputs_record.record(scenario, rulebook)
                write_simulation(folder, results, plan, summary, inputs)
                build_report(scenario, rulebook, plan, results, folder, options.lang,
                             store.sensitivity(scenario.content_hash), options.pdf)
                write_json(folder / "run.json", {"run_id": run_id, "store": str(store.path),
                                                 "scenario": str(Path(path).resolve()),
                                                 "seed": seed, "replications": n})
            names = {i.id: (i.name_zh, i.name_pinyin) for i in scenario.region.institutions}
            store.complete(run_id, summary, plan, results.staffing(), names, inputs)
        except KeyboardInterrupt:
            store.finish(run_id, "interrupted")
            raise
        except Exception as exc:
            store.finish(run_id, "infeasible" if type(exc).__name__ == "Infeasible"
                         else "failed")
            raise
    return Outcome(run_id, out, scenario, plan, results)


def choose_plan(scenario: Scenario, rulebook, options: RunOptions, replications: int,
                seed: int) -> plans.Plan:
    """The optimizer's plan (robust if asked), or the status quo when asked not to optimize."""
    if not options.optimize:
        return plans.status_quo(scenario)
    robust = scenario.robust if options.robust is None else options.robust
    if robust:
        from cwplan.cli import Infeasible
        from cwplan.robust import robust_plan, unmet

        found = robust_plan(scenario, rulebook, replications, seed, options.workers,
                            options.scheduler)
        if not found.met:
            raise Infeasible(unmet(found))
        return found.plan
    from cwplan.cmd_optimize import find_plan

    return find_plan(scenario, rulebook)


def build_report(scenario, rulebook, plan, results, folder: Path, lang: str | None,
                 sensitivity: dict | None = None, pdf: bool = False) -> None:
    """The report; with the latest sensitivity record of the same scenario, if any."""
    import reports

    builder = getattr(reports, "build", None)
    if builder is not None:
        builder(scenario, rulebook, plan, results, folder, lang, sensitivity, pdf)


def pdf_engine() -> str:
    """The browser that prints report.pdf; ``InputError`` (exit status 2) if there is none."""
    from reports.pdf import PdfUnavailable, engine

    try:
        return engine()
    except PdfUnavailable as exc:
        raise InputError([Problem("--pdf", 0, "", str(exc))]) from None
