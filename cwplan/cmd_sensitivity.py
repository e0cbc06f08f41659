"""``cwplan sensitivity``: which uncertain input moves the answer, and by how much.

Writes, all at once, a folder with sensitivity.json (inputs ranked per output, with their
low and high values and effects), sensitivity.html and .md, charts/ and tables/; records
the run in the run store so that the scenario's report can show each estimate's rank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cwplan import options
from cwplan.outputs import write_json
from cwplan.progress import stage, stdout
from sim.scenario import InputError, Problem


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="scenario file", show_default=False)],
    out: options.out_folder("a sensitivity analysis"),
    method: Annotated[str, typer.Option("--method", help="global ranking: morris "
                                        "(elementary effects) or sobol (variance shares)")]
    = "morris",
    plan_mode: Annotated[str, typer.Option("--plan", help="fixed: hold the optimizer's plan "
                                           "and play it out; reoptimize: optimize every "
                                           "setting afresh")] = "fixed",
    plan_file: Annotated[Path | None, typer.Option(
        "--plan-file", show_default="the optimizer's plan",
        help="plan.json to hold fixed instead of the optimizer's")] = None,
    replications: Annotated[int, typer.Option("--replications", min=1, max=1000,
                                              help="replications per setting")] = 4,
    samples: Annotated[int | None, typer.Option(
        "--samples", min=2, max=4096, show_default="10 for Morris, 32 for Sobol",
        help="Morris trajectories or Sobol base samples (a power of 2)")] = None,
    seed: options.Seed = None,
    workers: options.Workers = None,
    scheduler: options.Scheduler = None,
    lang: options.Lang = None,
    store: options.Store = None,
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Vary every estimated or assumed input over its range: tornado and global ranking."""
    from cwplan import outfolder
    from cwplan import sensitivity as engine
    from cwplan.options import check_scheduler
    from cwplan.store import default_path
    from sim import rules
    from sim.scenario import load

    _check_options(method, plan_mode, samples, lang, plan_file)
    loaded = load(scenario, region_anywhere=region_anywhere)
    rulebook = rules.load(loaded)
    guarded = [*outfolder.inputs_of(loaded),
               outfolder.Guarded(store or default_path(), "the run store")]
    if plan_file is not None:
        guarded.append(outfolder.Guarded(plan_file, "the plan file"))
    outfolder.Target(out, "sensitivity", tuple(guarded)).check()
    check_scheduler(scheduler)
    target = outfolder.prepare(out, "sensitivity", guarded)
    try:
        plan = _baseline_plan(loaded, rulebook, plan_mode, plan_file)
    except BaseException:
        target.discard()
        raise
    options = engine.Options(method=method, mode=plan_mode, replications=replications,
                             samples=samples, seed=seed, workers=workers, scheduler=scheduler)
    total = engine.settings_count(loaded, method, plan_mode, samples)
    with stage(f"simulating {total} input settings × {replications} replications",
               total) as progress:
        record = engine.run(loaded, rulebook, plan, options, on_done=progress)
    record["out_dir"] = str(out)
    with stage("writing the sensitivity report"), target.writing() as folder:
        write_json(folder / "sensitivity.json", record)
        from reports.sensitivity import build

        build(record, loaded.region, folder, lang)
        _record(store, loaded, record)
    _print_top(record)
    stdout().print(f"written to {out}/sensitivity.html ({record['seconds']:.0f} s)")


def _check_options(method: str, plan_mode: str, samples: int | None, lang: str | None,
                   plan_file: Path | None) -> None:
    from cwplan.sensitivity import METHODS, PLAN_MODES

    problems = []
    if method not in METHODS:
        problems.append(Problem("--method", 0, "", f"{method!r} is not a method",
                                " or ".join(METHODS)))
    if plan_mode not in PLAN_MODES:
        problems.append(Problem("--plan", 0, "", f"{plan_mode!r} is not a way to treat the "
                                "plan", " or ".join(PLAN_MODES)))
    if method == "sobol" and samples is not None and samples & (samples - 1):
        problems.append(Problem("--samples", 0, "", f"{samples} is not a power of 2",
                                "Sobol's samples: 2, 4, 8, 16, 32, ..."))
    if lang not in (None, "zh", "en"):
        problems.append(Problem("--lang", 0, "", f"{lang!r} is not a language", "zh or en"))
    if plan_file is not None and plan_mode == "reoptimize":
        problems.append(Problem("--plan-file", 0, "", "a plan file is held fixed; it cannot "
                                "be re-optimized", "--plan fixed with --plan-file"))
    if problems:
        raise InputError(problems)


def _baseline_plan(scenario, rulebook, plan_mode: str, plan_file: Path | None):
    from sim import plan as plans

    if plan_file is not None:
        return plans.read(plan_file, scenario)
    if plan_mode == "reoptimize":
        return plans.status_quo(scenario)      # each setting finds its own plan
    from cwplan.cmd_optimize import find_plan

    return find_plan(scenario, rulebook)


def _record(store_path: Path | None, scenario, record: dict) -> None:
    from cwplan.store import Store

    with Store(store_path) as store:
        store.record_sensitivity(scenario, record)


def _print_top(record: dict) -> None:
    console = stdout()
    labels = {i["input"]: i["input"] for i in record["inputs"]}
    for out in record["outputs"]:
        top = ", ".join(labels[i] for i in out["top3"]) or "none moves it"
        console.print(f"{out['id']}: {top}", markup=False)
