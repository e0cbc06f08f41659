"""``cwplan simulate``: play a plan out over many replications and write what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import sim
from cwplan import headline
from cwplan.inputs_record import record
from cwplan.outputs import atomic_folder, write_simulation
from cwplan.pipeline import simulating
from cwplan.progress import stage, stdout
from sim import plan as plans
from sim import rules
from sim.scenario import load


def simulate(
    scenario: Annotated[Path, typer.Argument(help="scenario file")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    plan: Annotated[Path | None, typer.Option("--plan", help="plan.json (default: status quo)")]
    = None,
    replications: Annotated[int | None, typer.Option("--replications", min=1)] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0)] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1)] = None,
) -> None:
    """Simulate a plan (default: the status quo) and write summary, time series and events."""
    from reports import verdicts as judged

    loaded = load(scenario)
    rulebook = rules.load(loaded)
    chosen = plans.read(plan, loaded) if plan else plans.status_quo(loaded)
    fixed = replications or loaded.run.fixed
    with stage(*simulating(loaded, fixed)) as progress:
        results = sim.run(loaded, rulebook, chosen, fixed, seed, workers, on_done=progress,
                          judge=judged.judge(loaded, rulebook, chosen))
    verdicts = judged.every(loaded, rulebook, chosen, results)
    with atomic_folder(out) as folder:
        write_simulation(folder, results, chosen,
                         results.summary() | {"verdicts": [v.to_json() for v in verdicts]},
                         inputs=record(loaded, rulebook))
    headline.show(loaded, rulebook, results, verdicts, None)
    stdout().print(f"written to {out}/")
