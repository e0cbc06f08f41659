"""``cwplan sensitivity``: which uncertain input moves the answer, and by how much.

Writes, all at once, a folder with sensitivity.json (inputs ranked per output, with their
low and high values and effects), sensitivity.html and .md, charts/ and tables/; records
the run in the run store so that the scenario's report can show each estimate's rank.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cwplan.progress import stage, stdout
from sim.scenario import InputError, Problem


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help="scenario file")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    method: Annotated[str, typer.Option("--method", help="global ranking: morris "
                                        "(elementary effects) or sobol (variance shares)")]
    = "morris",
    plan_mode: Annotated[str, typer.Option("--plan", help="fixed: hold the optimizer's plan "
                                           "and play it out; reoptimize: optimize every "
                                           "setting afresh")] = "fixed",
    plan_file: Annotated[Path | None, typer.Option("--plan-file", help="plan.json to hold "
                                                   "fixed instead of the optimizer's")] = None,
    replications: Annotated[int, typer.Option("--replications", min=1, max=1000,
                                              help="replications per setting")] = 4,
    samples: Annotated[int | None, typer.Option("--samples", min=2, max=4096, help="Morris "
                                                "trajectories (default 10) or Sobol base "
                                                "samples, a power of 2 (default 32)")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0)] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="address of a Dask "
                                                  "scheduler")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en")] = None,
    store: Annotated[Path | None, typer.Option("--store", help="run store file (default: "
                                               "$CWPLAN_STORE or the user's data folder)")]
    = None,
) -> None:
    """Vary every estimated or assumed input over its range: tornado and global ranking."""
    from cwplan import sensitivity as engine
    from cwplan.outputs import atomic_folder
    from sim import rules
    from sim.scenario import load

    _check_options(method, plan_mode, samples, lang, plan_file)
    _check_out(out)
    loaded = load(scenario)
    rulebook = rules.load(loaded)
    plan = _baseline_plan(loaded, rulebook, plan_mode, plan_file)
    options = engine.Options(method=method, mode=plan_mode, replications=replications,
                             samples=samples, seed=seed, workers=workers, scheduler=scheduler)
    total = engine.settings_count(loaded, method, plan_mode, samples)
    with stage(f"simulating {total} input settings × {replications} replications",
               total) as progress:
        record = engine.run(loaded, rulebook, plan, options, on_done=progress)
    record["out_dir"] = str(out)
    with stage("writing the sensitivity report"), atomic_folder(out) as folder:
        (folder / "sensitivity.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False) + "\n",
            encoding="utf-8")
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


def _check_out(out: Path) -> None:
    """Never replace a folder this command did not write."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and
                                              not (out / "sensitivity.json").is_file())):
        raise InputError([Problem(str(out), 0, "--out", "exists and was not written by "
                                  "cwplan sensitivity; nothing was changed",
                                  "a new folder, or one an earlier sensitivity run wrote")])


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
