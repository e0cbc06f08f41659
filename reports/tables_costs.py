"""Tables of money and of the headline figures, all in yuan (shown in 万元 or million yuan).

Every amount is the mean over replications, in whole yuan by the controlled rounding of
``reports.budget``: the rows of a cost table add up to its total row, and the cost tables
agree with each home's budget to the yuan.
"""

from __future__ import annotations

import numpy as np

from reports import budget
from reports.inputs import Inputs
from reports.table import Column, Occurrence, Stat, Table
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
    means = budget.cube(x)[0].sum(axis=1)                                # [Y, C] whole yuan
    for y, year in enumerate(x.years):
        total = Stat.of(describe([r.costs[y].sum() for r in reps]))
        total = Stat(int(means[y].sum()), total.low, total.high)
        table.rows.append([str(year), *(means[y, COST_CATEGORIES.index(c)] for c in cats),
                           total])
    grand = Stat.of(x.kpis["total_cost_yuan"])
    grand = Stat(int(means.sum()), grand.low, grand.high)
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
    by_cat = budget.cube(x)[0].sum(axis=0)                               # [I, C] whole yuan
    wages = by_cat[:, COST_CATEGORIES.index("wages")]
    by_role = np.array([budget.largest_remainder(row, total) for row, total in zip(
        np.mean([r.wages.sum(axis=0) for r in reps], axis=0), wages, strict=True)])  # [I, R]
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
             "over_capacity_institution_days": "occurrence",
             "all_children_moved_by_deadline": "chance"}


def kpis(x: Inputs) -> Table:
    """The headline figures with their 95 % intervals (files: yuan, shares from 0 to 1); a
    rare outcome as the share of replications in which it happens, and its size then."""
    t = x.t
    units = {"money_stat": t("unit.yuan"), "share_stat": "0–1", "chance": "0–1", "stat": "",
             "occurrence": t("unit.share_of_replications")}
    table = Table("kpis", t("sec.kpis"), [Column(t("col.indicator")),
                                          Column(t("col.unit"), files_only=True),
                                          Column(t("col.value"), "stat")])
    for key, kind in KPI_KINDS.items():
        found = x.kpis.get(key)
        if found:
            name = t("kpi.total_cost_undiscounted") if key == "total_cost_yuan" else \
                t(f"kpi.{key}")
            value = Occurrence.of(found) if kind == "occurrence" else Stat.of(found, kind)
            table.rows.append([name, units[kind], value])
        if key == "total_cost_yuan":
            rate = x.region.costs.discount_rate
            table.rows.append([t("kpi.total_cost_discounted", rate=t.pct(rate, 1),
                                 year=x.years[0]), units[kind],
                               Stat.of(describe(discounted(x)), kind)])
    return table


def discounted(x: Inputs) -> list[float]:
    """Each replication's total cost discounted to the first year at the region's rate, as
    the optimizer discounts its objective."""
    rate = x.region.costs.discount_rate
    factors = np.array([(1 + rate) ** -y for y in range(len(x.years))])
    return [float(r.costs.sum(axis=(1, 2)) @ factors) for r in x.results.replications]


def totals_note(x: Inputs) -> str:
    return x.t("note.totals", rate=x.t.pct(x.region.costs.discount_rate, 1))
