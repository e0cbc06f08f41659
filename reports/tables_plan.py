"""Tables of the plan and of what the simulation made of it: roles, beds, staff, who goes
where, the transfer deadlines, and the caregivers each institution had against its needs.
"""

from __future__ import annotations

from datetime import date, timedelta

from reports import citing
from reports.inputs import Inputs
from reports.markup import Rich, ident, join
from reports.table import Column, Occurrence, Stat, Table
from sim.measures import compliance_start
from sim.plan import distance_km
from sim.scenario import STAFF_ROLES


def series_text(by_year: dict | None, show, t) -> str:
    """A by-year step series in a few words: "24", or "24 → 30 (2023)"."""
    if not by_year:
        return "–"
    steps = sorted(by_year.items())
    text, last = show(steps[0][1]), steps[0][1]
    for year, value in steps[1:]:
        if value != last:        # a plan may repeat a value every year; show the changes
            text += f" → {show(value)} ({year})"
            last = value
    return text


def plan_institutions(x: Inputs) -> Table:
    """Each institution's role, beds and staff as the plan sets them, changes marked."""
    t = x.t
    cols = [Column(t("col.id"), files_only=True), Column(t("col.institution")),
            Column(t("col.prefecture")), Column(t("col.county")), Column(t("col.kind")),
            Column(t("col.role")), Column(t("col.beds"))]
    cols += [Column(t(f"col.{r}")) for r in STAFF_ROLES]
    table = Table("plan_institutions", t("sec.plan"), cols)
    for inst in x.region.institutions:
        staff = x.plan.staff.get(inst.id, {})
        table.rows.append([
            inst.id, t.name(inst), t.name(x.region.prefecture_of(inst.county)),
            x.county_name(inst.county), t(f"kind.{inst.kind}"),
            series_text(x.plan.roles.get(inst.id), lambda r: t(f"role.{r}"), t),
            series_text(x.plan.beds.get(inst.id), str, t),
            *(series_text(staff.get(r), str, t) for r in STAFF_ROLES)])
    return table


def institutions(x: Inputs) -> Table:
    """Ids and names in both languages (files only: a comparison reads the names here)."""
    t = x.t
    cols = [Column(t("col.id")), Column("name_zh"), Column("name_pinyin"),
            Column(t("col.county")), Column(t("col.kind"))]
    table = Table("institutions", t("col.institution"), cols)
    table.rows = [[i.id, i.name_zh, i.name_pinyin, i.county, i.kind]
                  for i in x.region.institutions]
    return table


def plan_by_year(x: Inputs) -> Table:
    """Role, beds and planned staff per institution and year, one row each (for files)."""
    t = x.t
    cols = [Column(t("col.year"), "year"), Column(t("col.id")), Column(t("col.institution")),
            Column(t("col.role")), Column(t("col.beds"), "int")]
    cols += [Column(t(f"col.{r}"), "int") for r in STAFF_ROLES]
    table = Table("plan_by_year", t("sec.plan"), cols)
    for year in x.years:
        for inst in x.region.institutions:
            table.rows.append([year, inst.id, t.name(inst),
                               t(f"role.{x.plan.role(inst.id, year)}"),
                               x.plan.beds_in(inst.id, year),
                               *(x.plan.staff_in(inst.id, r, year) for r in STAFF_ROLES)])
    return table


def assignment(x: Inputs) -> Table:
    """Which regional institution each county's long-term children go to, and how many move."""
    t, w = x.t, x.world
    moved = {}
    for k, camp in enumerate(w.campaigns):
        values = [r.campaigns[k]["moved"] for r in x.results.replications]
        moved[w.counties[camp.county]] = sum(values) / len(values)
    cols = [Column(t("col.county")), Column(t("col.prefecture")), Column(t("col.regional")),
            Column(t("col.distance"), "number"), Column(t("col.children_moved"), "number"),
            Column(t("col.townships"), "int"), Column(t("col.workstations")),
            Column(t("col.center_entity"))]
    table = Table("assignment", t("sec.plan"), cols)
    for prefecture, county in x.region.counties():
        target = x.plan.assigned(county.code, x.years[-1])
        stations = x.plan.workstations.get(county.code) or {x.years[0]: county.workstations}
        entity = x.plan.protection_centers.get(county.code)
        table.rows.append([t.name(county), t.name(prefecture), x.name(target),
                           distance_km(x.scenario, county.code, target),
                           moved.get(county.code), county.townships,
                           series_text(stations, str, t),
                           series_text(entity, t.yes, t) if entity else "–"])
    return table


def capacity(x: Inputs) -> Table:
    """The renovations and new builds the plan starts (none in the status quo)."""
    t = x.t
    cols = [Column(t("col.institution")), Column(t("col.item"), page_only=True),
            Column(t("col.item"), files_only=True), Column(t("col.start"), "date"),
            Column(t("col.ready"), "date"), Column(t("col.beds_added"), "int"),
            Column(t("col.capital"), "money")]
    table = Table("capacity", t("col.option"), cols)
    table.rows = [[x.name(c.institution), _option(x, c.institution, c.option), c.option,
                   c.start, c.ready, c.beds_added, c.capital_cost_yuan]
                  for c in x.plan.capacity]
    return table


def _option(x: Inputs, institution: str, option: str) -> Rich:
    """An option by its kind in words, its id in the region file beside it."""
    kind = next((o.kind for o in x.region.institution(institution).options
                 if o.id == option), None)
    return join([x.t(f"member.{kind}"), ident(option)], " ") if kind else ident(option)


def deadlines(x: Inputs) -> Table:
    """Each county home's transfer: the deadlines and the chance of meeting them."""
    t, w = x.t, x.world
    cols = [Column(t("col.home")), Column(t("col.regional")), Column(t("col.deadline"), "date"),
            Column(t("col.p_moved"), "chance"), Column(t("col.status")),
            Column(t("col.work_by"), "date"), Column(t("col.p_work"), "chance"),
            Column(t("col.children"), "stat"), Column(t("col.all_moved"), "date"),
            Column(t("col.rule"), files_only=True)]
    rules = dict.fromkeys(d["rule"] for d in x.deadlines)
    note = t("note.deadline_rules", rules="") + citing.cites("; ".join(rules), t) \
        if rules else ""
    table = Table("deadlines", t("sec.deadlines"), cols, note=note)
    # a deadline is judged against the scenario's transfer level, by the one rule
    judged = {v.place: v.verdict for v in x.levels
              if v.figure == "transfer_deadline_probability"}
    for d in x.deadlines:
        done = d["all_moved_day"]
        verdict = judged.get(d["county"])
        table.rows.append([
            x.name(d["home"]), x.name(d["regional"]), date.fromisoformat(d["moved_by"]),
            Stat.of(d["probability_moved_by"]), t(f"status.{verdict}") if verdict else "–",
            date.fromisoformat(d["work_by"]), Stat.of(d["probability_work_by"]),
            Stat.of(d["children"]), w.date_of(round(done["mean"])) if done else None,
            d["rule"]])
    return table


def staffing_summary(x: Inputs) -> Table:
    """Per institution: caregivers required and on roll, and the share of days in ratio."""
    t = x.t
    required, on_roll = _caregiver_means(x)
    cols = [Column(t("col.id"), files_only=True), Column(t("col.institution")),
            Column(t("col.role")), Column(t("col.required_mean"), "number"),
            Column(t("col.on_roll_mean"), "number"),
            Column(t("col.ratio_share"), "share_stat"),
            Column(t("col.professional_share"), "share_stat"),
            Column(t("col.peak"), "stat"), Column(t("col.over_share"), "occurrence")]
    w = x.world
    first = w.start + timedelta(days=compliance_start(w))
    table = Table("staffing", t("sec.staffing"), cols,
                  note=t("note.ratio_compliance", first=first.isoformat()))
    for i, row in enumerate(x.institutions):
        inst = row["institution"]
        table.rows.append([
            inst, x.name(inst), t(f"role.{x.role_at_end(inst)}"), required[i], on_roll[i],
            Stat.of(row["ratio_compliance"]), Stat.of(row["professional_share_compliance"]),
            Stat.of(row["peak_census"]),
            Occurrence.of(row["over_capacity_days"], brief=True)])
    return table


def _caregiver_means(x: Inputs) -> tuple[list[float], list[float]]:
    """Mean over days and replications of caregivers required and on roll, per institution."""
    from sim.monitor import DAILY_FIELDS, REQUIRED

    on = DAILY_FIELDS.index("caregivers")
    reps = x.results.replications
    required = sum(r.mean(REQUIRED) for r in reps) / len(reps)
    roll = sum(r.mean(on) for r in reps) / len(reps)
    return [float(v) for v in required], [float(v) for v in roll]


def staffing_by_year(x: Inputs) -> Table:
    """Planned heads, mean on roll and mean required, per year, institution and staff role."""
    t = x.t
    cols = [Column(t("col.year"), "year"), Column(t("col.id")), Column(t("col.institution")),
            Column(t("col.staff_role")), Column(t("col.planned"), "int"),
            Column(t("col.on_roll_mean"), "number"), Column(t("col.required_mean"), "number")]
    table = Table("staffing_by_year", t("sec.staffing"), cols)
    for year, inst, role, planned, on_roll, required in x.staffing:
        table.rows.append([year, inst, x.name(inst), t(f"staff.{role}"), planned, on_roll,
                           required])
    return table
