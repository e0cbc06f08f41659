"""Tables of money and of the headline figures, all in yuan (shown in 万元 or million yuan).

Every amount is the mean over replications; sums of means are means of sums, so the rows of
a cost table add up to its total row, and the total row to the run's total cost.
"""

from __future__ import annotations

import numpy as np

from reports.inputs import Inputs
from reports.table import Column, Stat, Table
from sim.monitor import COST_CATEGORIES
from sim.results import describe
from sim.scenario import STAFF_ROLES


def used_categories(x: Inputs) -> list[str]:
    """The cost categories with any cost in any year (a column of zeros says nothing)."""
    totals = sum(r.costs.sum(axis=(0, 1)) for r in x.results.replications)
    return [c for c, v in zip(COST_CATEGORIES, totals, strict=True) if abs(v) > 0]


def costs_by_year(x: Inputs) -> Table:
    """Cost per year by category, with the year's total and its 95 % interval."""
    t, reps = x.t, x.results.replications
    cats = used_categories(x)
    cols = [Column(t("col.year"), "year")] + [Column(t(f"cost.{c}"), "money") for c in cats]
    cols.append(Column(t("col.total"), "money_stat"))
    table = Table("costs_by_year", t("sec.cost_year"), cols)
    means = np.mean([r.costs.sum(axis=1) for r in reps], axis=0)       # [Y, C]
    for y, year in enumerate(x.years):
        total = Stat.of(describe([r.costs[y].sum() for r in reps]))
        table.rows.append([str(year), *(means[y, COST_CATEGORIES.index(c)] for c in cats),
                           total])
    grand = Stat.of(x.kpis["total_cost_yuan"])
    table.rows.append([t("col.total"), *(means[:, COST_CATEGORIES.index(c)].sum()
                                         for c in cats), grand])
    return table


def costs_by_institution(x: Inputs) -> Table:
    """Cost per institution over the horizon by category, and its wages split by staff role."""
    t, reps = x.t, x.results.replications
    cats = used_categories(x)
    cols = [Column(t("col.id"), files_only=True), Column(t("col.institution"))]
    cols += [Column(t(f"cost.{c}"), "money") for c in cats]
    cols.append(Column(t("col.total"), "money"))
    cols += [Column(f"{t('cost.wages')}：{t(f'staff.{r}')}" if t.zh else
                    f"{t('cost.wages')}: {t(f'staff.{r}')}", "money") for r in STAFF_ROLES]
    table = Table("costs_by_institution", t("sec.cost_inst"), cols)
    by_cat = np.mean([r.costs.sum(axis=0) for r in reps], axis=0)       # [I, C]
    by_role = np.mean([r.wages.sum(axis=0) for r in reps], axis=0)      # [I, R]
    picked = [COST_CATEGORIES.index(c) for c in cats]
    for i, inst in enumerate(x.world.institutions):
        table.rows.append([inst, x.name(inst), *by_cat[i, picked], by_cat[i].sum(),
                           *by_role[i]])
    table.rows.append(["", t("col.total"), *by_cat[:, picked].sum(axis=0), by_cat.sum(),
                       *by_role.sum(axis=0)])
    return table


def wages_by_role(x: Inputs) -> Table:
    """Wages per year and staff role over all institutions, with 95 % intervals."""
    t, reps = x.t, x.results.replications
    cols = [Column(t("col.year"), "year"), Column(t("col.staff_role")),
            Column(t("cost.wages"), "money_stat")]
    table = Table("wages_by_role", t("sec.cost_role"), cols)
    for y, year in enumerate(x.years):
        for k, role in enumerate(STAFF_ROLES):
            stat = describe([r.wages[y, :, k].sum() for r in reps])
            table.rows.append([year, t(f"staff.{role}"), Stat.of(stat)])
    return table


KPI_KINDS = {"total_cost_yuan": "money_stat", "peak_children_in_residence": "stat",
             "children_in_care_at_end": "stat", "ratio_compliance_days": "share_stat",
             "over_capacity_institution_days": "stat",
             "all_children_moved_by_deadline": "chance"}


def kpis(x: Inputs) -> Table:
    """The headline figures with their 95 % intervals (files: yuan, shares from 0 to 1)."""
    t = x.t
    units = {"money_stat": t("unit.yuan"), "share_stat": "0–1", "chance": "0–1", "stat": ""}
    table = Table("kpis", t("sec.kpis"), [Column(t("col.indicator")),
                                          Column(t("col.unit"), files_only=True),
                                          Column(t("col.value"), "stat")])
    for key, kind in KPI_KINDS.items():
        if x.kpis.get(key):
            table.rows.append([t(f"kpi.{key}"), units[kind], Stat.of(x.kpis[key], kind)])
    return table
