"""``cwplan simulate``: play a plan out over many replications and write what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

import sim
from cwplan.inputs_record import record
from cwplan.outputs import atomic_folder, write_simulation
from cwplan.progress import stage, stdout
from sim import plan as plans
from sim import rules
from sim.results import Results
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
    loaded = load(scenario)
    rulebook = rules.load(loaded)
    chosen = plans.read(plan, loaded) if plan else plans.status_quo(loaded)
    n = replications or loaded.run.replications
    with stage("simulating replications", n) as progress:
        results = sim.run(loaded, rulebook, chosen, n, seed, workers, on_done=progress)
    with atomic_folder(out) as folder:
        write_simulation(folder, results, chosen, inputs=record(loaded, rulebook))
    headline_table(results)
    stdout().print(f"written to {out}/")


def headline_table(results: Results) -> None:
    """The numbers a planner looks at first, with their 95 % intervals."""
    kpis = results.kpis()
    table = Table(title=f"{results.manifest.get('scenario', '')}: "
                        f"{len(results.replications)} replications")
    table.add_column("indicator 指标")
    table.add_column("mean 均值", justify="right")
    table.add_column("95% interval 区间", justify="right")
    for label, key, fmt in (
        ("total cost 总费用 (yuan)", "total_cost_yuan", "{:,.0f}"),
        ("peak children in residence 院内儿童峰值", "peak_children_in_residence", "{:.1f}"),
        ("days in ratio compliance 配比达标天数占比", "ratio_compliance_days", "{:.1%}"),
        ("institution-days over capacity 超床位天数", "over_capacity_institution_days", "{:.1f}"),
    ):
        stat = kpis[key]
        table.add_row(label, fmt.format(stat["mean"]),
                      f"{fmt.format(stat['ci95'][0])} – {fmt.format(stat['ci95'][1])}")
    for d in results.deadlines():
        p = d["probability_moved_by"]
        table.add_row(f"{d['home']} moved by 移交完成 {d['moved_by']}", f"{p['p']:.0%}",
                      f"{p['ci95'][0]:.0%} – {p['ci95'][1]:.0%}")
    balanced = all(row["balanced"] for row in results.accounting())
    table.add_row("accounting identity 核算恒等式", "balanced" if balanced else "NOT BALANCED", "")
    stdout().print(table)
