"""Tables of how the plan meets its targets: the professionals' path and what it costs, the
plan's dated staff steps and why, the targets it does not plan for, the progress on each
reporting date, and how the model uses each rule (drives, judged, encoded but not modelled).
"""

from __future__ import annotations

from datetime import date

from reports import citing
from reports.inputs import Inputs
from reports.table import Column, Table
from sim import catalogue, measures
from sim import targets as held_targets
from sim.plan import JUMP_HEADS, JUMP_SHARE
from sim.scenario import STAFF_ROLES

PROFESSIONAL = STAFF_ROLES.index("professional")


def professional_path(x: Inputs) -> Table:
    """Per year: professionals on 1 January and 31 December, hired along the path, their
    share of all staff at the year's end, their wages (simulated mean) and the clause (the
    same every year: on the page it is said once, under the table)."""
    t, plan = x.t, x.plan
    cols = [Column(t("col.year"), "year"), Column(t("col.path_start"), "int"),
            Column(t("col.path_end"), "int"), Column(t("col.path_hired"), "int"),
            Column(t("col.path_share"), "share"), Column(t("col.path_wages"), "money"),
            Column(t("col.path_more"), "money"), Column(t("col.clause"), files_only=True)]
    cited = "; ".join(sorted({p["rule"] for p in plan.paths if p["role"] == "professional"}))
    note = t("note.professional_path")
    if cited:
        note += " " + t.rich("note.deadline_rules", rules=citing.cites(cited, t))
    table = Table("professional_path", t("sec.professional_path"), cols, note=note)
    if not plan.paths:
        return table
    wages = _professional_wages(x)
    before = None
    for y, year in enumerate(x.years):
        first = max(date(year, 1, 1), x.scenario.horizon.start)
        start = sum(plan.heads_on(i, "professional", first) for i in plan.staff)
        end = sum(plan.staff_in(i, "professional", year) for i in plan.staff)
        staff = sum(plan.staff_in(i, r, year) for i in plan.staff for r in STAFF_ROLES)
        hired = sum(max(p["to"] - p["from"], 0) for p in plan.paths
                    if p["role"] == "professional" and p["year"] == year)
        more = None if before is None else wages[y] - before
        table.rows.append([year, start, end, hired, end / staff if staff else None, wages[y],
                           more, cited])
        before = wages[y]
    return table


def _professional_wages(x: Inputs) -> list[float]:
    reps = x.results.replications
    return [float(sum(r.wages[y, :, PROFESSIONAL].sum() for r in reps) / len(reps))
            for y in range(len(x.years))]


def staff_changes(x: Inputs) -> Table:
    """The plan's dated staff steps with the reason for each (files: all; page: jumps)."""
    t = x.t
    cols = [Column(t("col.date"), "date"), Column(t("col.id"), files_only=True),
            Column(t("col.institution")), Column(t("col.staff_role")),
            Column(t("col.from"), "int"), Column(t("col.to"), "int"), Column(t("col.why")),
            Column(t("col.rule"), page_only=True), Column(t("col.rule"), files_only=True)]
    table = Table("staff_changes", t("sec.staff_changes"), cols,
                  note=t("note.staff_changes", share=t.pct(JUMP_SHARE), heads=JUMP_HEADS))
    for c in x.plan.staff_changes:
        table.rows.append([date.fromisoformat(c["date"]), c["institution"],
                           x.name(c["institution"]), t(f"staff.{c['role']}"), c["from"],
                           c["to"], t(f"why.{c['why']}"), citing.cites(c["rule"], t), c["rule"]])
    return table


def unplanned(x: Inputs) -> Table:
    """The targets in force the plan is not held to, and why."""
    t = x.t
    cols = [Column(t("col.target")), Column(t("col.jurisdiction")), Column(t("col.due"), "date"),
            Column(t("col.reason")), Column(t("col.clause"), page_only=True),
            Column(t("col.clause"), files_only=True), Column(t("col.key"), files_only=True)]
    table = Table("unplanned", t("sec.unplanned"), cols)
    for u in x.plan.unplanned:
        info = x.rulebook.info(u["key"])
        document, _, where = u["clause"].partition(" ")
        table.rows.append([citing.described(info.description, t),
                           x.place_name(u["jurisdiction"]),
                           date.fromisoformat(u["due"]) if u["due"] else None,
                           t.rich(u["reason"], place=x.place_name(u["jurisdiction"])),
                           citing.source(document, where, t), u["clause"], u["key"]])
    return table


def progress(x: Inputs) -> Table:
    """Each measurable target in the plan (and simulated) on each reporting date."""
    t = x.t
    dates = held_targets.reporting_dates(x.scenario, x.rulebook)
    cols = [Column(t("col.target")), Column(t("col.jurisdiction")), Column(t("col.due"), "date")]
    cols += [Column(t.date(d)) for d in dates]
    cols.append(Column(t("col.key"), files_only=True))
    rule = x.rulebook.resolve(held_targets.PROGRESS, x.region.prefectures[0].code,
                              x.scenario.horizon.end)
    table = Table("progress", t("sec.progress"), cols,
                  note=t.rich("note.progress", clause=citing.source(
                      rule.source.document, rule.source.clause, t)) if rule else "")
    if not dates:
        return table
    from reports.tables_sources import rule_value

    rows = held_targets.progress(x.scenario, x.rulebook, x.plan, x.world,
                                 x.results.replications)
    for row in rows:
        info = x.rulebook.info(row["key"])
        if all(cell["plan"] is None for cell in row["dates"].values()):
            continue          # not measurable here (a province count from one city)
        cells = []
        for d in dates:
            cell = row["dates"][d.isoformat()]
            shown = "" if cell["plan"] is None else rule_value(cell["plan"], info.unit, t)
            simulated = cell.get("simulated")
            if simulated is not None and simulated != cell["plan"]:
                value = t.pct(simulated) if isinstance(cell["plan"], bool) else \
                    rule_value(simulated, info.unit, t)
                if value != shown:      # 19.3% beside 19.3% tells the reader nothing
                    shown += t("words.simulated_as", value=value)
            cells.append(shown)
        table.rows.append([citing.described(info.description, t),
                           x.place_name(row["jurisdiction"]),
                           date.fromisoformat(row["due"]) if row["due"] else None, *cells,
                           row["key"]])
    return table


def rule_use(x: Inputs, encoded_only: bool = False) -> Table:
    """How the model uses each rule of the scenario's rulebooks, with what it drives, how
    it is judged or why it is not modelled: on the page each rule by its name, in the files
    by its key."""
    t = x.t
    # the encoded rules' page table says their use in its title, not on every row
    cols = [Column(t("col.key"), page_only=True), Column(t("col.key"), files_only=True),
            Column(t("col.description")), Column(t("col.use"), files_only=encoded_only),
            Column(t("col.reason"))]
    name = "encoded" if encoded_only else "rule_use"
    table = Table(name, t("sec.encoded" if encoded_only else "sec.rule_use"), cols)
    keys = x.rulebook.keys()
    for key in keys:
        use = catalogue.use(key)
        if encoded_only and use != catalogue.ENCODED:
            continue
        why = measures.NOT_MODELLED.get(key, f"use.{key}")
        described = citing.described(x.rulebook.info(key).description, t)
        table.rows.append([citing.rule(key, t), key, described, t(f"use.{use}"), t.rich(why)])
    return table

