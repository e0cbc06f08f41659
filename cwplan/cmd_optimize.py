"""``cwplan optimize``: the cheapest plan that meets every target, with its proof of quality."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cwplan import options, outfolder
from cwplan.cli import Infeasible
from cwplan.outputs import write_json
from cwplan.progress import stage, stdout
from sim import rules
from sim.plan import Plan
from sim.plan import write as write_plan
from sim.scenario import load


def find_plan(scenario, rulebook, scheduler: str | None = None) -> Plan:
    """The optimizer's plan; no plan meeting every target ends the command with status 3."""
    import optimize  # here: the commands that only simulate never load it

    n = len(scenario.region.prefectures)
    with stage(f"optimizing {n} prefecture(s), time limit {scenario.optimizer.time_limit_s:g} s"
               " each") as progress:
        try:
            return optimize.plan(scenario, rulebook, on_done=progress, scheduler=scheduler)
        except optimize.Infeasible as exc:
            raise Infeasible(str(exc)) from None


def optimize_command(
    scenario: Annotated[Path, typer.Argument(help="scenario file", show_default=False)],
    out: options.out_folder("a plan", " for plan.json"),
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Find the least-cost plan meeting every target in force; write plan.json."""
    loaded = load(scenario, region_anywhere=region_anywhere)
    rulebook = rules.load(loaded)
    target = outfolder.prepare(out, "optimize", outfolder.inputs_of(loaded))
    with target.writing() as folder:
        plan = find_plan(loaded, rulebook)
        write_plan(plan, folder / "plan.json")
        write_json(folder / "costs.json", plan.costs)
    plan_table(plan)
    stdout().print(f"written to {out}/plan.json")


def plan_table(plan: Plan) -> None:
    """Objective, bound and gap, and the plan's costs by category over the horizon."""
    s = plan.solver
    table = Table(title=f"plan: {s.get('status')}  objective {s.get('objective', 0):,.0f}  "
                        f"bound {s.get('bound', 0):,.0f}  gap {s.get('gap', 0):.2e}  "
                        f"({s.get('seconds', 0):.2f} s)")
    years = sorted({y for by_year in plan.costs.values() for y in by_year})
    table.add_column("category 类别")
    for year in years:
        table.add_column(str(year), justify="right")
    table.add_column("total 合计", justify="right")
    for category, by_year in plan.costs.items():
        cells = [f"{by_year.get(y, 0) / 1e4:,.0f}" for y in years]
        table.add_row(category, *cells, f"{sum(by_year.values()) / 1e4:,.0f}")
    table.caption = "万元 (10,000 yuan), undiscounted; the objective is discounted"
    stdout().print(table)
