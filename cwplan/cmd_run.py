"""``cwplan run`` and ``cwplan runs``: the whole job in one command, and the runs recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cwplan import headline, options, pipeline
from cwplan.progress import stdout
from cwplan.store import Store


def run(
    scenario: Annotated[Path, typer.Argument(help="scenario file", show_default=False)],
    replications: options.Replications = None,
    seed: options.Seed = None,
    workers: options.Workers = None,
    out: Annotated[Path | None, typer.Option(
        "--out", show_default="out/<scenario file name>",
        help="output folder; an existing one is replaced only if it is a run cwplan wrote")]
    = None,
    lang: options.Lang = None,
    no_optimize: Annotated[bool, typer.Option(
        "--no-optimize", show_default="off: the optimizer's plan",
        help="simulate the status quo instead of the optimizer's plan")]
    = False,
    store: options.Store = None,
    scheduler: options.Scheduler = None,
    robust: Annotated[bool | None, typer.Option(
        "--robust/--expected", show_default="the scenario's robust setting",
        help="staff until the scenario's service levels hold, or plan for expected demand")]
    = None,
    region_anywhere: options.RegionAnywhere = False,
    pdf: options.Pdf = False,
) -> None:
    """Validate, resolve the rules, optimize, simulate and report, and record the run."""
    options.check_lang(lang)
    settings = pipeline.RunOptions(replications=replications, seed=seed, workers=workers,
                                   out=out, lang=lang, optimize=not no_optimize, store=store,
                                   scheduler=scheduler, robust=robust,
                                   region_anywhere=region_anywhere, pdf=pdf)
    outcome = pipeline.run(scenario, settings)
    headline.show(outcome.scenario, outcome.rulebook, outcome.results, outcome.verdicts, lang)
    plans_table(outcome.plan, headline.language(outcome.scenario, lang))
    report = outcome.out / "report.html"
    stdout().print(f"run {outcome.run_id}: {report if report.exists() else outcome.out}")


PLAN_NAMES = {"rule of thumb": "rule of thumb 经验法", "expected-value optimum":
              "expected value 期望值最优", "robust optimum": "robust 稳健最优"}


def plans_table(plan, t=None) -> None:
    """For a robust run: the three plans on the fresh random numbers of the final check,
    money in the report's unit (``t``, a ``reports.i18n.Lang``; 万元 by default)."""
    record = (plan.solver or {}).get("robust")
    if not record or not record.get("alternatives"):
        return
    if t is None:
        from reports.i18n import Lang

        t = Lang("zh")
    table = Table(title="plans on fresh random numbers 三种方案（新随机数检验）")
    table.add_column("plan 方案")
    table.add_column(f"cost 费用 ({t.money_unit})", justify="right")
    table.add_column("lowest ratio compliance 最低配比达标", justify="right")
    table.add_column("lowest chance in time 最低按期移交概率", justify="right")
    table.add_column("lowest chance within beds 最低不超床位概率", justify="right")
    table.add_column("meets levels 达标", justify="center")
    for alt in record["alternatives"]:
        low = min(alt["compliance"].values(), key=lambda s: s["mean"], default=None)
        late = min(alt["deadlines"].values(), key=lambda p: p["p"], default=None)
        full = min(alt.get("beds", {}).values(), key=lambda p: p["p"], default=None)
        table.add_row(
            PLAN_NAMES.get(alt["plan"], alt["plan"]), t.money(alt["cost"]["mean"]),
            f"{low['mean']:.1%} ({low['ci95'][0]:.1%} – {low['ci95'][1]:.1%})" if low else "",
            _chance(late), _chance(full), "yes 是" if alt["meets_levels"] else "no 否")
    stdout().print(table)


def _chance(p: dict | None) -> str:
    return f"{p['p']:.0%} ({p['ci95'][0]:.0%} – {p['ci95'][1]:.0%})" if p else ""


def runs(
    store: options.Store = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1_000_000,
                                       help="how many of the latest runs to list")] = 50,
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
