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

from cwplan.outputs import atomic_folder
from cwplan.progress import stage, stdout
from sim import rules
from sim.scenario import InputError, Problem, load


def backtest(
    scenario: Annotated[Path, typer.Argument(help="scenario file whose region has an "
                                             "observed: block")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    replications: Annotated[int | None, typer.Option(
        "--replications", min=2, help="replications (default: the scenario's run.replications)")]
    = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="random seed (default: "
                                             "the scenario's run.seed)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="worker processes "
                                                "(default: all cores)")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en (default: zh when the "
                                             "region is named in Chinese)")] = None,
) -> None:
    """Simulate the observed years and compare them with the region's observed counts."""
    from reports import backtest as report
    from sim.backtest import backtest as run_backtest
    from sim.backtest import observations

    if lang not in (None, "zh", "en"):
        raise InputError([Problem("--lang", 0, "", f"{lang!r} is not a language", "zh or en")])
    loaded = load(scenario)
    observations(loaded)              # a region with nothing to compare stops here
    rulebook = rules.load(loaded)
    n = replications or loaded.run.replications
    with stage("simulating replications", n) as progress:
        result = run_backtest(loaded, rulebook, n, seed, workers, on_done=progress)
    with atomic_folder(out) as folder:
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
