"""Tables of a robust plan: the three plans side by side, and the rounds of the loop.

The robust loop (``cwplan.robust``) leaves its record in the plan's solver notes: the rule of
thumb, the expected-value optimum and the robust optimum, each simulated on the same fresh
random numbers the loop never saw, and every round with what it changed.
"""

from __future__ import annotations

from reports.inputs import Inputs
from reports.table import Column, Stat, Table


def robust_record(x: Inputs) -> dict | None:
    return (x.plan.solver or {}).get("robust")


def three_plans(x: Inputs) -> Table:
    t = x.t
    cols = [Column(t("col.plan")), Column(t("col.sim_cost"), "money_stat"),
            Column(t("col.worst_compliance"), "share_stat"),
            Column(t("col.worst_deadline"), "chance"), Column(t("col.worst_beds"), "chance"),
            Column(t("col.meets_levels")), Column(t("col.short"))]
    table = Table("three_plans", t("sec.robust"), cols)
    for alt in (robust_record(x) or {}).get("alternatives", []):
        table.rows.append([
            t(f"plan.{alt['plan']}") if f"plan.{alt['plan']}" in t else alt["plan"],
            Stat.of(alt["cost"]), _lowest(alt["compliance"]), _lowest(alt["deadlines"]),
            _lowest(alt.get("beds", {})),
            t("word.yes") if alt["meets_levels"] else t("word.no"),
            ("、" if t.zh else ", ").join(_short(x, item) for item in alt["failing"])])
    return table


def _lowest(figures: dict) -> Stat | None:
    """The figure whose interval reaches lowest: the one the verdict hangs on."""
    found = sorted(figures.values(), key=lambda s: s["ci95"][0])
    return Stat.of(found[0]) if found else None


def rounds(x: Inputs) -> Table:
    t = x.t
    cols = [Column(t("col.round"), "int"), Column(t("man.replications"), "int"),
            Column(t("col.sim_cost"), "money_stat"), Column(t("col.short")),
            Column(t("col.changes"))]
    table = Table("robust_rounds", t("sec.robust_rounds"), cols)
    for r in (robust_record(x) or {}).get("rounds", []):
        table.rows.append([r["number"], r.get("replications"), Stat.of(r["cost"]),
                           ("、" if t.zh else ", ").join(_short(x, item) for item in r["failing"]),
                           (_sep(t)).join(change(x, c) for c in r["changes"])])
    return table


def change(x: Inputs, record: dict | str) -> str:
    """What a round of the loop changed, in the reader's words."""
    t = x.t
    if isinstance(record, str):          # a run stored before changes were records
        return record
    if record["change"] == "transfer_team":
        return t("robust.team", county=_place(x, record["county"]), before=record["before"],
                 after=record["after"])
    words = t("robust.caregivers", institution=x.name(record["institution"]),
              quantile=t.pct(record["quantile"], 1))
    extra = record.get("extra") or 0
    more = "robust.beds_extra" if record["change"] == "beds" else "robust.extra"
    return words + (t(more, n=extra) if extra else "")


def _sep(t) -> str:
    return "；" if t.zh else "; "


def _place(x: Inputs, county: str) -> str:
    place = x.region.places().get(county)
    return x.t.name(place) if place else county


def _short(x: Inputs, item: str) -> str:
    if item.startswith("transfer:"):
        county = item.split(":", 1)[1]
        place = x.region.places().get(county)
        return x.t("word.transfer_of", county=x.t.name(place) if place else county)
    if item.startswith("beds:"):
        return x.t("word.beds_of", place=x.name(item.split(":", 1)[1]))
    return x.name(item)
