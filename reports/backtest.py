"""The backtest's output folder: the figures as strict JSON, a table and a page with a chart.

``build(result, scenario, folder, lang)`` writes, into the folder the caller made:

    backtest.json   every observation against the simulation, coverage and error (no NaN)
    backtest.html   self-contained page: the verdict, the chart, the table, the method
    backtest.md     the same, the chart referenced from charts/
    backtest.csv    the table, one row per observation
    charts/backtest.png
"""

from __future__ import annotations

import json
from pathlib import Path

from reports import render
from reports.charts_backtest import SeriesPanel, observed_and_simulated
from reports.citing import note
from reports.i18n import Lang, check, default_lang
from reports.render import Section, chart_png, view
from reports.table import Column, Table, write_csv
from sim.backtest import Backtest, strict
from sim.scenario import NATIONAL_CODE


def build(result: Backtest, scenario, folder: Path, lang: str | None = None) -> Path:
    """Write the backtest's files into ``folder``; returns the path of backtest.html."""
    t = Lang(check(lang) or default_lang(scenario.region))
    folder = Path(folder)
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    (folder / "backtest.json").write_text(
        json.dumps(strict(result.as_dict()), ensure_ascii=False, indent=2, allow_nan=False)
        + "\n", encoding="utf-8")
    names = place_names(scenario.region, t)
    table = comparison_table(result, names, t)
    write_csv(table, folder, t)
    chart = chart_png("backtest", observed_and_simulated(_panels(result, names, t), t.code))
    (folder / "charts" / "backtest.png").write_bytes(chart.png)
    context = _context(result, scenario, t, table, chart)
    (folder / "backtest.md").write_text(render.html("page.md.j2", **context), encoding="utf-8")
    page = folder / "backtest.html"
    page.write_text(render.page(**context), encoding="utf-8")
    return page


def place_names(region, t: Lang) -> dict[str, str]:
    """Each place code of the region by its name in the language, the nation included."""
    names = {code: t.name(place) for code, place in region.places().items()}
    names[NATIONAL_CODE] = t("bt.nation")
    return names


def summary_line(result: Backtest, t: Lang) -> str:
    """The verdict in one sentence: how many observations lie in the band, and the error."""
    compared = result.compared
    if not compared:
        return t("bt.none")
    return t("bt.summary", n=len(compared), inside=sum(r.inside for r in compared),
             coverage=t.pct(result.coverage), mape=t.pct(result.mape, 1)
             if result.mape is not None else "–")


def comparison_table(result: Backtest, names: dict[str, str], t: Lang) -> Table:
    columns = [Column(t("bt.col.place")), Column(t("bt.col.series")), Column(t("bt.col.when")),
               Column(t("bt.col.observed"), "int"), Column(t("bt.col.plus_minus"), "int"),
               Column(t("bt.col.mean"), "number"), Column(t("bt.col.low"), "number"),
               Column(t("bt.col.high"), "number"), Column(t("bt.col.inside")),
               Column(t("bt.col.error"), "number"), Column(t("bt.col.source")),
               Column(t("bt.col.note"))]
    rows = [[names.get(r.place, r.place), t(f"bt.series.{r.series}"),
             r.day.isoformat() if r.day else str(r.year), r.observed, r.plus_minus, r.mean,
             r.low, r.high, None if r.inside is None else t.yes(r.inside),
             None if r.error is None else 100 * r.error, note(r.source, t),
             t(f"bt.not.{r.not_compared}") if r.not_compared else ""]
            for r in result.rows]
    return Table("backtest", t("bt.sec.series"), columns, rows)


def _panels(result: Backtest, names: dict[str, str], t: Lang) -> list[SeriesPanel]:
    out = []
    for (place, series), points in result.paths.items():
        observed = [r for r in result.rows if (r.place, r.series) == (place, series)
                    and r.inside is not None]
        when = (lambda c: c.day) if series == "children_in_care" else (lambda c: c.year)
        out.append(SeriesPanel(
            title=f"{names.get(place, place)} · {t(f'bt.series.{series}')}",
            x=[when(p) for p in points], mean=[p.mean for p in points],
            low=[p.low for p in points], high=[p.high for p in points],
            observed_x=[when(r) for r in observed], observed=[r.observed for r in observed],
            plus_minus=[r.plus_minus for r in observed], inside=[r.inside for r in observed]))
    return out


def _context(result: Backtest, scenario, t: Lang, table: Table, chart) -> dict:
    sections = [
        Section("summary", t("bt.sec.summary"), [summary_line(result, t)], [chart]),
        Section("series", t("bt.sec.series"), blocks=[view(table, t)]),
        Section("method", t("bt.sec.method"), [t("bt.method")]),
    ]
    subtitle = t("bt.subtitle", region=t.name(scenario.region), start=result.start.isoformat(),
                 end=result.end.isoformat(), n=result.replications)
    return {"lang": t.code, "title": t("bt.title", scenario=t.part(scenario.name)),
            "subtitle": subtitle, "contents": t("sec.contents"), "sections": sections,
            "footer": t("bt.footer")}
