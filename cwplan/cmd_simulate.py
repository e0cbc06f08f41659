"""``cwplan simulate``: play a plan out over many replications and write what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import sim
from cwplan import headline, options, outfolder
from cwplan.inputs_record import record
from cwplan.outputs import series_folder, tables_joined, write_figures
from cwplan.pipeline import simulating
from cwplan.progress import stage, stdout
from sim import plan as plans
from sim import rules
from sim.scenario import load


def simulate(
    scenario: Annotated[Path, typer.Argument(help="scenario file", show_default=False)],
    out: options.out_folder("a simulation"),
    plan: Annotated[Path | None, typer.Option(
        "--plan", show_default="the status quo",
        help="plan.json written by cwplan optimize or cwplan run for this region")] = None,
    replications: options.Replications = None,
    seed: options.Seed = None,
    workers: options.Workers = None,
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Simulate a plan (default: the status quo) and write summary, time series and events."""
    from reports import verdicts as judged

    loaded = load(scenario, region_anywhere=region_anywhere)
    rulebook = rules.load(loaded)
    guarded = outfolder.inputs_of(loaded)
    if plan:
        guarded.append(outfolder.Guarded(plan, "the plan file"))
    target = outfolder.prepare(out, "simulate", guarded)
    with target.writing() as folder, series_folder(folder) as series:
        chosen = plans.read(plan, loaded) if plan else plans.status_quo(loaded)
        fixed = replications or loaded.run.fixed
        with stage(*simulating(loaded, fixed)) as progress:
            results = sim.run(loaded, rulebook, chosen, fixed, seed, workers,
                              on_done=progress, judge=judged.judge(loaded, rulebook, chosen),
                              series=series)
        with tables_joined(folder, results):
            _, verdicts = judged.of_run(loaded, rulebook, chosen, results)
            write_figures(folder, results, chosen,
                          results.summary() | {"verdicts": [v.to_json() for v in verdicts]},
                          inputs=record(loaded, rulebook))
    headline.show(loaded, rulebook, results, verdicts, None)
    stdout().print(f"written to {out}/")
