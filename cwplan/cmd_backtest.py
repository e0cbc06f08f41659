"""``cwplan backtest``: how well the simulation reproduces the history a region file records.

The region's ``observed:`` block holds yearly counts with their sources (children in care,
long-term admissions, exits); the command simulates the status quo over the scenario's
horizon and sets every observation inside it against the simulated mean and 90 % band.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cwplan import options, outfolder
from cwplan.progress import stage, stdout
from sim import rules
from sim.scenario import load


def backtest(
    scenario: Annotated[Path, typer.Argument(help="scenario file whose region has an "
                                             "observed: block", show_default=False)],
    out: options.out_folder("a backtest"),
    replications: options.Replications = None,
    seed: options.Seed = None,
    workers: options.Workers = None,
    lang: options.Lang = None,
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Simulate the observed years and compare them with the region's observed counts."""
    from reports import backtest as report
    from sim.backtest import backtest as run_backtest
    from sim.backtest import observations

    options.check_lang(lang)
    loaded = load(scenario, region_anywhere=region_anywhere)
    observations(loaded)              # a region with nothing to compare stops here
    rulebook = rules.load(loaded)
    target = outfolder.prepare(out, "backtest", outfolder.inputs_of(loaded))
    with target.writing() as folder:
        n = replications or loaded.run.fixed or loaded.run.adaptive.min
        with stage("simulating replications", n) as progress:
            result = run_backtest(loaded, rulebook, n, seed, workers, on_done=progress)
        report.build(result, loaded, folder, lang)
    _print(result, loaded)
    stdout().print(f"written to {out}/backtest.html")


def _print(result, scenario) -> None:
    from reports.backtest import place_names, summary_line
    from reports.i18n import Lang

    t = Lang("en")
    names = place_names(scenario.region, t)
    table = Table(title=f"{scenario.name}: backtest 历史回测, {result.replications} "
                        "replications")
    for heading, justify in (("place 地区", "left"), ("series 指标", "left"),
                             ("day or year 日期", "left"), ("observed 观测", "right"),
                             ("simulated 模拟均值", "right"), ("90% band 区间", "right"),
                             ("inside 区间内", "center"), ("error 误差", "right")):
        table.add_column(heading, justify=justify)
    for r in result.rows:
        when = r.day.isoformat() if r.day else str(r.year)
        pm = f" ± {r.plus_minus:,.0f}" if r.plus_minus else ""
        if r.inside is None:
            table.add_row(names.get(r.place, r.place), r.series, when,
                          f"{r.observed:,.0f}{pm}", "", "", r.not_compared.replace("_", " "),
                          "")
            continue
        table.add_row(names.get(r.place, r.place), r.series, when, f"{r.observed:,.0f}{pm}",
                      f"{r.mean:,.1f}", f"{r.low:,.0f} – {r.high:,.0f}",
                      "yes 是" if r.inside else "NO 否",
                      "" if r.error is None else f"{r.error:.1%}")
    console = stdout()
    console.print(table)
    console.print(summary_line(result, t))
