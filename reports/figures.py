"""The report's charts: each chart's plain inputs taken from the run, then the chart drawn.

A region may hold a hundred institutions (Zhejiang); a page of a hundred panels helps no
one, so the charts of institutions show those that matter most (the most children, the
most days short of caregivers, the fullest beds), at most twelve, and sum the others into
one panel. Tables in the report list every institution.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
from matplotlib.figure import Figure

from reports import (
    boundaries,
    charts_census,
    charts_costs,
    charts_flow,
    charts_map,
    charts_staff,
    citing,
)
from reports.alike import alike, places
from reports.charts_base import MAX_PANELS, Band
from reports.inputs import Inputs
from reports.table import Occurrence
from reports.tables_costs import used_categories
from reports.tables_sources import measured_text, required_text
from sim.monitor import BY_CARE, COST_CATEGORIES, DAILY_FIELDS, REQUIRED
from sim.results import probability

CAREGIVERS = DAILY_FIELDS.index("caregivers")
MAX_BARS = 15


def charts(x: Inputs) -> dict[str, Figure]:
    """Every chart of the report, by file stem, in the order the report shows them."""
    out = {"map": region_map(x)}
    if x.world.campaigns:
        out["transfers"] = transfers(x)
    out["census"] = census(x)
    out["caregivers"] = caregivers(x)
    out["beds"] = beds(x)
    out["costs_by_year"] = costs_by_year(x)
    out["costs_by_institution"] = costs_by_institution(x)
    out["compliance"] = scorecard(x)
    return out


def _ranked(scores: np.ndarray, keep: int = MAX_PANELS) -> tuple[list[int], list[int]]:
    """Indices with a positive score, highest first: the first ``keep - 1`` alone and the
    rest together, unless all fit in ``keep`` panels."""
    order = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > 0]
    if len(order) <= keep:
        return order, []
    return order[: keep - 1], order[keep - 1:]


def census(x: Inputs) -> Figure:
    peak = np.array([row["peak_census"]["mean"] for row in x.institutions])
    alone, rest = _ranked(peak)
    care = list(range(BY_CARE.start, BY_CARE.stop))
    summed = x.results.summed_each([[i] for i in alone] + ([rest] if rest else []), care)
    panels = [_census_panel(x.short(x.world.institutions[i]), found)
              for i, found in zip(alone, summed, strict=False)]
    if rest:
        panels.append(_census_panel(x.t("chart.others", n=len(rest)), summed[-1]))
    return charts_census.census_by_care(x.dates(), panels, x.t.code)


def _census_panel(name: str, summed: np.ndarray) -> charts_census.CensusPanel:
    """From the [replications, days, care levels] counts of its institutions."""
    by_care = {c: summed[:, :, k].mean(axis=0)
               for k, c in enumerate(charts_census.CARE_LEVELS)}
    return charts_census.CensusPanel(name, by_care, Band.of(summed.sum(axis=2)))


def caregivers(x: Inputs) -> Figure:
    """Caregivers required and on roll, each panel titled with the institution's ratio
    compliance (the one statistic the tables and the summary print)."""
    reps = x.results.replications
    compliance = [row["ratio_compliance"] for row in x.institutions]
    required = np.mean([r.mean(REQUIRED) for r in reps], axis=0)
    # the lowest compliance first; among institutions always compliant, the most needed
    short = np.array([1 - c["mean"] if c else 0.0 for c in compliance])
    score = short * 1e6 + required
    alone, _ = _ranked(np.where(required > 0, score, 0), keep=10**9)
    panels = []
    shown = alone[:MAX_PANELS]
    for i, series in zip(shown, x.results.summed_each([[i] for i in shown],
                                                      [REQUIRED, CAREGIVERS]), strict=True):
        req, roll = series[:, :, 0], series[:, :, 1]
        share = compliance[i]["mean"] if compliance[i] else None
        panels.append(charts_staff.StaffPanel(x.short(x.world.institutions[i]), Band.of(req),
                                              Band.of(roll), (roll < req).mean(axis=0),
                                              share))
    note = x.t("chart.staff_more", n=MAX_PANELS, total=len(alone)) \
        if len(alone) > MAX_PANELS else ""
    return charts_staff.caregivers(x.dates(), panels, x.t.code, note)


def beds(x: Inputs) -> Figure:
    first, last = x.years[0], x.years[-1]
    reps, t = x.results.replications, x.t
    rows = []
    for i, row in enumerate(x.institutions):
        inst = row["institution"]
        bed_end = x.plan.beds_in(inst, last)
        peak = row["peak_census"]
        if bed_end == 0 and peak["mean"] == 0:
            continue
        peaks = np.array([r.peak[i] for r in reps], dtype=float)
        found = Occurrence.of(row["over_capacity_days"])
        over = t("chart.over_reps", k=found.happened, n=found.replications,
                 days=found.sizes(t)) if found.happened else ""
        rows.append(charts_census.BedRow(
            x.short(inst), x.plan.beds_in(inst, first), bed_end, peak["mean"],
            peak["ci95"][0], peak["ci95"][1], float(np.percentile(peaks, 90)),
            float(peaks.max()), over))
    rows.sort(key=lambda r: -(r.peak_worst / max(r.beds_end, 1)))
    shown = rows if len(rows) <= MAX_BARS else \
        [r for r in rows if r.peak_worst >= 0.6 * r.beds_end][:20] or rows[:MAX_BARS]
    return charts_census.beds_vs_capacity(shown, x.t.code, omitted=len(rows) - len(shown))


def transfers(x: Inputs) -> Figure:
    w, reps = x.world, x.results.replications
    groups: dict[int, list[int]] = defaultdict(list)
    for k, camp in enumerate(w.campaigns):
        groups[camp.moved_by].append(k)
    out = []
    ordered = sorted(groups.items())
    summed = x.results.transfer_sums_each([ks for _, ks in ordered])
    for (moved_by, ks), by_replication in zip(ordered, summed, strict=True):
        shares = []
        for counts in by_replication:                                    # [D, 3] each
            total = counts.sum(axis=1).max()
            shares.append(counts[:, 2] / total if total else np.ones(len(counts)))
        met = sum(all(r.campaigns[k]["met_moved_by"] for k in ks) for r in reps)
        chance = probability(met, len(reps))
        out.append(charts_flow.TransferGroup(w.date_of(moved_by), len(ks), np.stack(shares),
                                             chance["p"], tuple(chance["ci95"])))
    return charts_flow.transfer_progress(x.dates(), out, x.t.code)


def region_map(x: Inputs) -> Figure:
    region, t, w = x.region, x.t, x.world
    counties = [charts_map.MapPoint(t.short_name(c), c.lat, c.lon)
                for _, c in region.counties()]
    # a protection center is named by its county's label; a county home still raising
    # children, and the regional institutions, by their own
    few = len(region.institutions) <= 20
    institutions = []
    for inst in region.institutions:
        seat = region.county(inst.county)
        role = x.role_at_end(inst.id)
        institutions.append(charts_map.MapInstitution(t.short_name(inst), seat.lat, seat.lon,
                                                      role, label=role == "regional" or
                                                      (few and role == "county_home")))
    moved = {w.counties[c.county]: np.mean([r.campaigns[k]["moved"]
                                            for r in x.results.replications])
             for k, c in enumerate(w.campaigns)}
    flows = []
    for _, county in region.counties():
        assigned = x.plan.assigned(county.code, x.years[-1])     # where they are in the end
        target = region.county(region.institution(assigned).county)
        flows.append(charts_map.MapFlow((county.lat, county.lon), (target.lat, target.lon),
                                        float(moved.get(county.code, 0.0))))
    found, why = boundaries.for_region(region)
    areas = [_middle(p, found, t) for p in region.prefectures] if len(region.prefectures) > 1 \
        else []
    return charts_map.region_map(counties, institutions, flows, t.code,
                                 label_counties=len(counties) <= 20, boundaries=found,
                                 areas=areas, fallback=why)


def _middle(prefecture, found, t) -> charts_map.MapPoint:
    """Where a prefecture's name goes: inside its outline, or at its seat."""
    if found is not None and prefecture.code in found.prefectures:
        point = found.prefectures[prefecture.code].representative_point()
        return charts_map.MapPoint(t.short_name(prefecture), point.y, point.x)
    return charts_map.MapPoint(t.short_name(prefecture), prefecture.lat, prefecture.lon)


def costs_by_year(x: Inputs) -> Figure:
    reps = x.results.replications
    cats = used_categories(x)
    means = np.mean([r.costs.sum(axis=1) for r in reps], axis=0)        # [Y, C]
    totals = np.array([[r.costs[y].sum() for r in reps] for y in range(len(x.years))])
    from sim.results import describe

    interval = np.array([describe(row)["ci95"] for row in totals])
    by_cat = {c: means[:, COST_CATEGORIES.index(c)] for c in cats}
    return charts_costs.costs_by_year(x.years, by_cat, interval, x.t.code)


def costs_by_institution(x: Inputs) -> Figure:
    reps = x.results.replications
    cats = used_categories(x)
    by_inst = np.mean([r.costs.sum(axis=0) for r in reps], axis=0)      # [I, C]
    alone, rest = _ranked(by_inst.sum(axis=1), keep=MAX_BARS)
    names = [x.short(x.world.institutions[i]) for i in alone]
    rows = [by_inst[i] for i in alone]
    if rest:
        names.append(x.t("chart.others", n=len(rest)))
        rows.append(by_inst[rest].sum(axis=0))
    table = np.array(rows).reshape(len(rows), len(COST_CATEGORIES))
    by_cat = {c: table[:, COST_CATEGORIES.index(c)] for c in cats}
    return charts_costs.costs_by_institution(names, by_cat, x.t.code)


def scorecard(x: Inputs) -> Figure:
    t = x.t
    rows = []
    for group in alike(x.checks):          # targets judged alike at many places: one row
        check = x.checks[group[0]]
        target, verdict = check.target, check.judgement
        # place and due date first: they tell apart targets a long description would hide
        due = _due(target.due or check.measured_on, t)
        described = str(citing.described(target.description, t))
        label = f"{places(x, group)} {due}: {described}"
        rows.append(charts_staff.ScoreRow(label, verdict.status, measured_text(check, t),
                                          required_text(check, t, x.place_name)))
    for name in dict.fromkeys(v.figure for v in x.levels):
        judged = [v for v in x.levels if v.figure == name]
        # a level holds where every place holds it; the row shows the weakest place
        worst = min(judged, key=lambda v: (_RANK[v.verdict], v.low))
        rows.append(charts_staff.ScoreRow(
            t("words.scenario_level", name=t(f"sl.{name}")), worst.verdict,
            f"{x.where(worst)} {t.pct(worst.estimate)}", f"≥ {t.pct(worst.level)}"))
    return charts_staff.compliance_scorecard(rows, t.code)


_RANK = {"missed": 0, "not_confirmed": 1, "met": 2}


def _due(due: date | None, t) -> str:
    return t.date(due) if due else ""
