"""From a scenario file to a finished report, in one call.

The pipeline validates the scenario, resolves its rules, finds the cheapest plan that meets
the targets (unless told to keep the status quo), plays that plan out over the
replications (a fixed number, or batches until every level and target is decided),
judges every level and target once by the one rule, writes the output folder (summary
with its verdicts, plan, tables, report) atomically, and records the run and its verdicts
in the run store. The output folder is checked before any work (it never
replaces what cwplan did not write, nor holds an input or the store) and is put in place
only after the store has recorded the run complete. Each stage shows its progress. A run
that does not end normally is marked in the store as interrupted, failed or infeasible,
never complete, and leaves no output folder behind.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import sim
from cwplan import inputs_record, outfolder
from cwplan.options import check_scheduler
from cwplan.outputs import series_folder, tables_joined, versions, write_figures, write_json
from cwplan.progress import stage
from cwplan.store import Store, StoreError, default_path
from sim import plan as plans
from sim import rules
from sim.levels import Verdict
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
    region_anywhere: bool = False
    pdf: bool = False


@dataclass
class Outcome:
    run_id: str
    out: Path
    scenario: Scenario
    rulebook: rules.Rulebook
    plan: plans.Plan
    results: Results
    verdicts: list[Verdict]


def run(path: Path, options: RunOptions) -> Outcome:
    """Validate, check the output folder and the options, then do the work and record it."""
    from reports import verdicts as judged  # here: the command line starts faster

    scenario = load(path, region_anywhere=options.region_anywhere)
    if options.pdf:
        pdf_engine()                 # a missing printer is said now, before any work
    rulebook = rules.load(scenario)
    fixed = options.replications or scenario.run.fixed
    seed = scenario.run.seed if options.seed is None else options.seed
    out = options.out or Path("out") / Path(path).stem
    store_path = Path(options.store) if options.store else default_path()
    guarded = [*outfolder.inputs_of(scenario), outfolder.Guarded(store_path, "the run store")]
    outfolder.Target(out, "run", guarded).check()
    check_scheduler(options.scheduler)
    target = outfolder.prepare(out, "run", guarded)
    try:
        store = Store(store_path)
        run_id = store.start(scenario, seed, fixed or scenario.run.adaptive.max, versions(),
                             out)
    except BaseException:
        target.discard()
        raise
    try:
        with store.heartbeat(run_id), target.writing() as folder, \
                series_folder(folder) as series:
            plan = choose_plan(scenario, rulebook, options, fixed, seed)
            with stage(*simulating(scenario, fixed)) as progress:
                results = sim.run(scenario, rulebook, plan, fixed, seed, options.workers,
                                  on_done=progress, scheduler=options.scheduler,
                                  judge=judged.judge(scenario, rulebook, plan), series=series)
            results.manifest.update(run_id=run_id, versions=versions())
            with stage("writing results and report"), tables_joined(folder, results):
                checks, verdicts = judged.of_run(scenario, rulebook, plan, results)
                summary = results.summary() | {"verdicts": [v.to_json() for v in verdicts]}
                inputs = inputs_record.record(scenario, rulebook)
                write_figures(folder, results, plan, summary, inputs)
                build_report(scenario, rulebook, plan, results, folder, options.lang,
                             store.sensitivity(scenario.content_hash), options.pdf, checks)
                write_json(folder / "run.json", {"run_id": run_id, "store": str(store.path),
                                                 "scenario": str(Path(path).resolve()),
                                                 "seed": seed,
                                                 "replications": len(results.replications)})
            names = {i.id: (i.name_zh, i.name_pinyin) for i in scenario.region.institutions}
            # recorded complete before the folder is put in place, so that no folder looks
            # complete for a run the store does not hold
            store.complete(run_id, summary, plan, results.staffing(), names, inputs)
    except KeyboardInterrupt:
        _mark(store, run_id, "interrupted")
        raise
    except Exception as exc:
        _mark(store, run_id, "infeasible" if type(exc).__name__ == "Infeasible" else "failed")
        raise
    return Outcome(run_id, out, scenario, rulebook, plan, results, verdicts)


def simulating(scenario: Scenario, fixed: int | None) -> tuple[str, int]:
    """The progress label and total of the simulation stage."""
    if fixed:
        return "simulating replications", fixed
    adaptive = scenario.run.adaptive
    return (f"simulating replications in batches of {adaptive.batch} until every verdict is "
            f"decided or its interval is narrower than {adaptive.width * 100:g} points "
            f"(at most {adaptive.max})"), adaptive.max


def _mark(store: Store, run_id: str, status: str) -> None:
    """Record how a run ended; a store that cannot take it does not hide the first error."""
    with contextlib.suppress(StoreError):
        store.finish(run_id, status, patience=2.0)


def choose_plan(scenario: Scenario, rulebook, options: RunOptions, replications: int | None,
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

    return find_plan(scenario, rulebook, options.scheduler)


def build_report(scenario, rulebook, plan, results, folder: Path, lang: str | None,
                 sensitivity: dict | None = None, pdf: bool = False, checks=None) -> None:
    """The report; with the latest sensitivity record of the same scenario, if any (and
    the run's targets judged, ``reports.compliance.checks``, when already made)."""
    import reports

    builder = getattr(reports, "build", None)
    if builder is not None:
        builder(scenario, rulebook, plan, results, folder, lang, sensitivity, pdf, checks)


def pdf_engine() -> str:
    """The browser that prints report.pdf; ``InputError`` (exit status 2) if there is none."""
    from reports.pdf import PdfUnavailable, engine

    try:
        return engine()
    except PdfUnavailable as exc:
        raise InputError([Problem("--pdf", 0, "", str(exc))]) from None
