"""Building the report folder of one run: the page, its Markdown twin, charts, spreadsheet.

``build`` is the only place in ``reports`` that writes files. It writes into the folder the
caller made (``cwplan`` hands it a temporary folder that becomes the output only when
everything is written):

    report.html     self-contained page (inline style, embedded charts, prints on A4)
    report.md       the same sections, charts referenced from charts/
    report.pdf      when asked: the page printed on A4 with a title page, the contents
                    with page numbers and the charts at print resolution (reports.pdf)
    charts/*.png    every chart
    costs.xlsx      a read-me (run, scenario hash, plan, units, rounding), each home's budget
                    by year and category, costs by year and category, by institution and
                    role, the staffing plan, the assumptions with their sources and the rules
                    with their clauses, all amounts in whole yuan
    tables/*.csv    every table of the report, amounts in yuan
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reports import budget, excel, figures, render, summary, tables_robust
from reports import tables_costs as costs
from reports import tables_estimates as estimated
from reports import tables_plan as plan_tables
from reports import tables_sources as sources
from reports import tables_targets as targets
from reports.alike import compliance_page
from reports.i18n import check, default_lang
from reports.inputs import Inputs, gather
from reports.render import Chart, Section, chart_png, view
from reports.sensitivity import top_section as sensitivity_section
from reports.table import Table, write_csv

CONCISE_ABOVE = 40      # institutions; above this the page lists the protection centers once


def build(scenario, rulebook, plan, results, folder: Path, lang: str | None = None,
          sensitivity: dict | None = None, pdf: bool = False, checks=None) -> Path:
    """Write the report of ``results`` into ``folder``; returns the path of report.html.

    ``lang`` is "zh" or "en"; by default Chinese when the region's names are Chinese.
    ``sensitivity`` is the record of a sensitivity run of the same scenario, if any: the
    list of estimates then shows each input's rank, and the report names the inputs that
    matter most. With ``pdf``, report.pdf too (``reports.pdf.PdfUnavailable`` if it cannot
    be printed here). ``checks``: the run's ``reports.compliance.checks``, when made.
    """
    lang = check(lang) or default_lang(scenario.region)
    x = gather(scenario, rulebook, plan, results, lang, sensitivity, checks)
    folder = Path(folder)
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    charts = {stem: chart_png(stem, fig, printed=pdf)
              for stem, fig in figures.charts(x).items()}
    for chart in charts.values():
        (folder / "charts" / f"{chart.stem}.png").write_bytes(chart.png)
    tables = _tables(x)
    for table in tables.values():
        write_csv(table, folder / "tables", x.t)
    excel.write(folder / "costs.xlsx", _sheets(x, tables), x.t, whole_yuan=True)
    context = _page(x, charts, tables)
    (folder / "report.md").write_text(render.html("page.md.j2", **context), encoding="utf-8")
    page = folder / "report.html"
    page.write_text(render.page(**context), encoding="utf-8")
    if pdf:
        from reports import pdf as printing

        cover = _cover(x)
        printing.write(lambda pages: render.page(printed=True, cover=cover, pages=pages,
                                                 **context),
                       [(s.id, s.title) for s in context["sections"]], folder / "report.pdf")
    return page


def _cover(x: Inputs) -> list[tuple[str, str]]:
    """The title page: what the report is about and which run it reports."""
    from datetime import date

    t, m = x.t, x.results.manifest
    start, end = x.scenario.horizon.start, x.scenario.horizon.end
    rows = [(t("cover.region"), t.name(x.region)), (t("cover.scenario"), t.part(x.scenario.name)),
            (t("cover.plan"), x.plan_name),
            (t("cover.horizon"), t("fmt.date_range", start=t.date(start), end=t.date(end))),
            (t("cover.run"), m.get("run_id") or t("cover.no_run")),
            (t("cover.date"), t.date(date.today()))]
    return rows


def _tables(x: Inputs) -> dict[str, Table]:
    made = [costs.kpis(x), plan_tables.institutions(x), plan_tables.plan_institutions(x),
            plan_tables.plan_by_year(x), plan_tables.capacity(x),
            plan_tables.assignment(x), plan_tables.deadlines(x),
            plan_tables.staffing_summary(x), plan_tables.staffing_by_year(x),
            budget.budget(x), costs.costs_by_year(x), costs.costs_by_institution(x),
            costs.wages_by_role(x),
            sources.compliance(x), sources.service_levels(x), sources.rules(x),
            sources.assumptions(x), sources.assumptions_grouped(x), sources.manifest(x),
            targets.professional_path(x), targets.staff_changes(x), targets.unplanned(x),
            targets.progress(x), targets.rule_use(x), targets.rule_use(x, encoded_only=True),
            estimated.estimates(x), estimated.estimate_items(x)]
    if tables_robust.robust_record(x):
        made += [tables_robust.three_plans(x), tables_robust.rounds(x)]
    return {table.name: table for table in made}


def _sheets(x: Inputs, tables: dict[str, Table]) -> list[tuple[str, Table]]:
    """The spreadsheet's sheets, in the order a budget officer reads them, after a read-me
    that names the run, its scenario hash, plan, units and rounding rule."""
    order = ("budget", "costs_by_year", "costs_by_institution", "wages_by_role",
             "staffing_by_year", "staffing", "plan_by_year", "staff_changes",
             "professional_path", "deadlines", "compliance", "service_levels", "unplanned",
             "progress", "estimate_items", "assumptions", "rules", "rule_use", "kpis",
             "manifest")
    sheets = [(tables[name].title if name != "plan_by_year" else x.t("col.role") + " · " +
               x.t("col.beds"), tables[name]) for name in order]
    readme = budget.readme(x, [(title, table.title) for title, table in sheets])
    return [(readme.title, readme), *sheets]


def _page(x: Inputs, charts: dict[str, Chart], tables: dict[str, Table]) -> dict:
    t = x.t
    v = {name: view(table, t) for name, table in tables.items()}
    sections = [
        Section("summary", t("sec.summary"), summary.sentences(x),
                [view(tables["kpis"], t, title="")]),
        Section("region", t("sec.map"), blocks=[charts["map"]]),
        Section("plan", t("sec.plan"), blocks=[view(_concise(x, tables["plan_institutions"]),
                                                    t, ""),
                                               view(tables["assignment"], t, ""),
                                               *_nonempty(t, tables["capacity"]),
                                               *_nonempty(t, tables["professional_path"]),
                                               *_nonempty(t, _jumps(x, tables["staff_changes"])),
                                               *_nonempty(t, tables["unplanned"])]),
        *([Section("robust", t("sec.robust"), [t("note.robust")],
                   [view(tables["three_plans"], t, ""), v["robust_rounds"]])]
          if "three_plans" in tables else []),
        Section("deadlines", t("sec.deadlines"),
                blocks=[*_some(charts, "transfers"), v["deadlines"]]),
        Section("census", t("sec.census"), blocks=[charts["census"]]),
        Section("staffing", t("sec.staffing"),
                blocks=[charts["caregivers"], charts["beds"],
                        view(_concise(x, tables["staffing"]), t)]),
        Section("costs", t("sec.costs"), [t("note.money"), costs.totals_note(x)],
                [charts["costs_by_year"], v["costs_by_year"], charts["costs_by_institution"],
                 v["costs_by_institution"], v["wages_by_role"]]),
        Section("compliance", t("sec.compliance"), [t("note.judgement")],
                blocks=[charts["compliance"], view(compliance_page(x, tables["compliance"]), t),
                        view(sources.service_levels_page(x), t),
                        *_nonempty(t, tables["progress"])]),
        Section("rules", t("sec.rules"), blocks=[view(tables["rules"], t, "")]),
        Section("encoded", t("sec.encoded"), blocks=[view(tables["encoded"], t, "")]),
        Section("assumptions", t("sec.assumptions"),
                blocks=[view(tables["assumptions_grouped"], t, "")]),
        Section("estimates", t("sec.estimates"), estimated.notes(x),
                [view(tables["estimates"], t, "")]),
        *([sensitivity_section(x.sensitivity, x.region, t)] if x.sensitivity else []),
        Section("manifest", t("sec.manifest"), blocks=[view(tables["manifest"], t, "")]),
    ]
    n = len(x.results.replications)
    return {"lang": t.code, "title": t("title.report", scenario=t.part(x.scenario.name)),
            "subtitle": t.plural("subtitle", n, region=t.name(x.region), plan=x.plan_name,
                                 start=t.date(x.scenario.horizon.start),
                                 end=t.date(x.scenario.horizon.end)),
            "contents": t("sec.contents"), "sections": sections,
            "footer": t.plural("note.intervals", n)}


def _concise(x: Inputs, table: Table) -> Table:
    """For a large region, the page's table of institutions without the protection centers
    that are that and nothing else over the whole horizon (the files keep every row).

    The table's first column must hold the institution's id.
    """
    if len(x.region.institutions) <= CONCISE_ABOVE:
        return table
    plain = {i.id for i in x.region.institutions if i.kind == "protection_center" and
             set(x.plan.roles.get(i.id, {}).values()) <= {"protection_center"}}
    rows = [row for row in table.rows if row[0] not in plain]
    if len(rows) == len(table.rows):
        return table
    return dataclasses.replace(table, rows=rows,
                               note=x.t.plural("note.not_listed", len(table.rows) - len(rows)))


def _jumps(x: Inputs, table: Table) -> Table:
    """The page's list of the plan's staff steps: only the jumps (the files list all)."""
    from sim.plan import is_jump

    rows = [row for row in table.rows if is_jump(row[5] - row[4], _staff_before(x, row))]
    if len(rows) == len(table.rows):
        return table
    return dataclasses.replace(table, rows=rows, note=table.note + " " + x.t(
        "note.jumps_only", shown=len(rows), n=len(table.rows)))


def _staff_before(x: Inputs, row: list) -> float:
    """All staff the plan has at an institution on the day before a step (for the share)."""
    from datetime import timedelta

    day, inst = row[0] - timedelta(days=1), row[1]
    return sum(x.plan.heads_on(inst, r, max(day, x.scenario.horizon.start))
               for r in ("caregiver", "professional", "other"))


def _nonempty(t, table: Table) -> list:
    return [view(table, t)] if table.rows else []


def _some(charts: dict[str, Chart], stem: str) -> list[Chart]:
    return [charts[stem]] if stem in charts else []
