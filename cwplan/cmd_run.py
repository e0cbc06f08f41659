"""``cwplan run`` and ``cwplan runs``: the whole job in one command, and the runs recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cwplan import pipeline
from cwplan.cmd_simulate import headline_table
from cwplan.progress import stdout
from cwplan.store import Store


def run(
    scenario: Annotated[Path, typer.Argument(help="scenario file")],
    replications: Annotated[int | None, typer.Option("--replications", min=1)] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0)] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="output folder "
                                              "(default out/<scenario name>)")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en")] = None,
    no_optimize: Annotated[bool, typer.Option("--no-optimize",
                                              help="simulate the status quo")] = False,
    store: Annotated[Path | None, typer.Option("--store", help="run store file "
                                               "(default: $CWPLAN_STORE or the user's data "
                                               "folder)")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="address of a Dask "
                                                  "scheduler to run replications on")] = None,
    robust: Annotated[bool | None, typer.Option("--robust/--expected", help="staff until the "
                                                "scenario's service levels hold (default: the "
                                                "scenario's robust setting)")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="also write report.pdf (A4, printed by "
                                      "the headless Chromium on this machine)")] = False,
) -> None:
    """Validate, resolve the rules, optimize, simulate and report, and record the run."""
    if lang not in (None, "zh", "en"):
        raise typer.BadParameter(f"{lang!r} is not a language", param_hint="--lang zh|en")
    options = pipeline.RunOptions(replications=replications, seed=seed, workers=workers,
                                  out=out, lang=lang, optimize=not no_optimize, store=store,
                                  scheduler=scheduler, robust=robust, pdf=pdf)
    outcome = pipeline.run(scenario, options)
    headline_table(outcome.results)
    plans_table(outcome.plan)
    report = outcome.out / "report.html"
    stdout().print(f"run {outcome.run_id}: {report if report.exists() else outcome.out}")


PLAN_NAMES = {"rule of thumb": "rule of thumb 经验法", "expected-value optimum":
              "expected value 期望值最优", "robust optimum": "robust 稳健最优"}


def plans_table(plan) -> None:
    """For a robust run: the three plans on the fresh random numbers of the final check."""
    record = (plan.solver or {}).get("robust")
    if not record or not record.get("alternatives"):
        return
    table = Table(title="plans on fresh random numbers 三种方案（新随机数检验）")
    table.add_column("plan 方案")
    table.add_column("cost 费用 (yuan)", justify="right")
    table.add_column("lowest ratio compliance 最低配比达标", justify="right")
    table.add_column("lowest chance in time 最低按期移交概率", justify="right")
    table.add_column("meets levels 达标", justify="center")
    for alt in record["alternatives"]:
        low = min(alt["compliance"].values(), key=lambda s: s["mean"], default=None)
        late = min(alt["deadlines"].values(), key=lambda p: p["p"], default=None)
        table.add_row(
            PLAN_NAMES.get(alt["plan"], alt["plan"]), f"{alt['cost']['mean']:,.0f}",
            f"{low['mean']:.1%} ({low['ci95'][0]:.1%} – {low['ci95'][1]:.1%})" if low else "",
            f"{late['p']:.0%} ({late['ci95'][0]:.0%} – {late['ci95'][1]:.0%})" if late else "",
            "yes 是" if alt["meets_levels"] else "no 否")
    stdout().print(table)


def runs(
    store: Annotated[Path | None, typer.Option("--store", help="run store file")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
) -> None:
    """List the runs recorded in the run store, newest first."""
    with Store(store) as opened:
        rows = opened.runs(limit)
    console = stdout()
    if not console.is_terminal:       # plain tab-separated lines for scripts
        print("run\tstatus\tscenario\tseed\treplications\tplan\tstarted\toutput")
        for run_id, status, scenario, seed, reps, plan, started, _finished, out in rows:
            print(f"{run_id}\t{status}\t{scenario}\t{seed}\t{reps}\t{plan or ''}\t"
                  f"{started:%Y-%m-%d %H:%M:%S}\t{out or ''}")
        return
    table = Table(title=f"runs in {store or 'the run store'}")
    for column in ("run", "status", "scenario", "seed", "replications", "plan", "started",
                   "output"):
        table.add_column(column)
    for run_id, status, scenario, seed, reps, plan, started, _finished, out in rows:
        table.add_row(run_id, status, scenario, str(seed), str(reps), plan or "",
                      f"{started:%Y-%m-%d %H:%M}", out or "")
    console.print(table)
