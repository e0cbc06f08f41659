"""Comparing runs for a budget officer: costs and staffing side by side, and the differences.

``build(runs, folder, lang)`` writes, into the folder the caller made:

    compare.html     self-contained page: headline figures, difference charts and tables
    compare.xlsx     one sheet per table, amounts in yuan
    charts/*.png     the difference charts
    tables/*.csv     every table

The first run is the baseline; every other run is shown next to it and as its difference
from it, by year, cost category, institution and staff role.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np

from reports import charts_costs, compare_inputs, excel, render
from reports import compare_tables as ct
from reports.i18n import Lang, check
from reports.render import Section, chart_png, view
from reports.runs import RunData
from reports.table import Table, write_csv
from sim.monitor import COST_CATEGORIES
from sim.scenario import STAFF_ROLES

_CJK = re.compile(r"[\u3400-\u9fff]")
LONG = 60       # rows; a longer table shows only the rows that differ on the page


def default_lang(runs: list[RunData]) -> str:
    """Chinese when the runs' scenarios or institutions are named in Chinese."""
    texts = [r.scenario for r in runs] + [zh for r in runs for zh, _ in r.names.values()]
    return "zh" if any(_CJK.search(text) for text in texts) else "en"


def build(runs: list[RunData], folder: Path, lang: str | None = None) -> Path:
    """Write the comparison of ``runs`` (the first is the baseline); returns compare.html."""
    if len(runs) < 2:
        raise ValueError("a comparison needs at least two runs")
    t = Lang(check(lang) or default_lang(runs))
    names = ct.labels(runs)
    folder = Path(folder)
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    tables = _tables(runs, names, t)
    for table in tables.values():
        write_csv(table, folder / "tables", t)
    excel.write(folder / "compare.xlsx", [(tb.title, tb) for tb in tables.values()], t)
    charts = {stem: chart_png(stem, fig) for stem, fig in _charts(runs, names, t).items()}
    for chart in charts.values():
        (folder / "charts" / f"{chart.stem}.png").write_bytes(chart.png)
    page = folder / "compare.html"
    page.write_text(render.page(**_context(runs, names, t, tables, charts)), encoding="utf-8")
    return page


def _tables(runs: list[RunData], names: list[str], t: Lang) -> dict[str, Table]:
    made = [ct.runs_table(runs, names, t), ct.kpis(runs, names, t),
            compare_inputs.differences(runs, names, t),
            ct.cost_by_year(runs, names, t),
            ct.cost_by_institution(runs, names, t, by_category=False),
            ct.cost_by_institution(runs, names, t), ct.wages_by_role(runs, names, t),
            ct.staff_by_year(runs, names, t), ct.staff_by_institution(runs, names, t)]
    return {table.name: table for table in made}


def _charts(runs: list[RunData], names: list[str], t: Lang) -> dict:
    ys = ct.years(runs)
    costs = [_by_year(r, "by_year_category", "category", ys) for r in runs]
    staff = [{role: np.array([sum(r.planned(i, role, y) for i in r.institutions())
                              for y in ys], dtype=float) for role in STAFF_ROLES} for r in runs]
    cost_diffs, staff_diffs = [], []
    for k in range(1, len(runs)):
        title = t("chart.vs", run=names[k], run_name=t.part(runs[k].scenario), base=names[0])
        cost_diffs.append(charts_costs.Difference(title, _minus(costs[k], costs[0])))
        staff_diffs.append(charts_costs.Difference(title, _minus(staff[k], staff[0])))
    return {"cost_difference": charts_costs.cost_difference(ys, cost_diffs, t.code),
            "staff_difference": charts_costs.staff_difference(ys, staff_diffs, t.code)}


def _by_year(run: RunData, table: str, field: str, ys: list[int]) -> dict[str, np.ndarray]:
    out = {c: np.zeros(len(ys)) for c in COST_CATEGORIES}
    for row in run.costs[table]:
        if row["year"] in ys:
            out[row[field]][ys.index(row["year"])] += float(row["mean"])
    return out


def _minus(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """a − b for each key with any difference at all (an empty key only adds legend noise)."""
    diff = {k: a[k] - b[k] for k in a}
    return {k: v for k, v in diff.items() if np.any(np.abs(v) > 1e-9)}


def _context(runs, names, t: Lang, tables: dict[str, Table], charts: dict) -> dict:
    v = {name: view(_changed_only(table, len(runs), t), t) for name, table in tables.items()}
    sections = [
        Section("runs", t("sec.runs"), [t("note.money")], [v["compare_runs"], v["compare_kpis"]]),
        Section("inputs", t("sec.inputs_differ"), blocks=[v["compare_inputs"]]),
        Section("costs", t("sec.costs"),
                blocks=[charts["cost_difference"], v["compare_cost_by_year"],
                        v["compare_cost_by_institution"], v["compare_wages_by_role"]]),
        Section("staffing", t("sec.staffing"),
                blocks=[charts["staff_difference"], v["compare_staff_by_year"],
                        v["compare_staff_by_institution"]]),
    ]
    alike = len({r.scenario for r in runs}) < len(runs)
    described = " / ".join(f"{name} {t.part(r.scenario)}" + (f" · {r.plan_name}" if alike
                                                                else "")
                           for name, r in zip(names, runs, strict=True))
    return {"lang": t.code, "title": t("title.compare", names=described),
            "subtitle": "", "contents": t("sec.contents"), "sections": sections,
            "footer": t("note.compare_files")}


def _changed_only(table: Table, n_runs: int, t: Lang) -> Table:
    """A long table on the page keeps only the rows where some run differs from the
    baseline (the files keep every row)."""
    diffs = n_runs - 1
    if len(table.rows) <= LONG or not table.name.startswith("compare_") or diffs < 1:
        return table
    if table.name == "compare_inputs":         # every row differs: show the first ones
        note = t("note.changed_only", shown=LONG, n=len(table.rows))
        return dataclasses.replace(table, rows=table.rows[:LONG], note=note)
    rows = [row for row in table.rows
            if any(v is not None and abs(getattr(v, "value", v)) > 1e-9 for v in row[-diffs:])]
    note = t("note.changed_only", shown=len(rows), n=len(table.rows))
    return dataclasses.replace(table, rows=rows, note=note)
