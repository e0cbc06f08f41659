"""The comparison's tables: each run's stored numbers side by side, and each run minus the
first (the baseline), by year, cost category, institution and staff role.

Differences are taken between the numbers the runs stored (the means over replications in
``summary.json`` and the heads in ``plan.json``), so a budget officer who opens the two
runs' files finds exactly the amounts this comparison subtracts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reports.i18n import Lang
from reports.runs import RunData
from reports.table import Column, Stat, Table
from sim.monitor import COST_CATEGORIES
from sim.scenario import STAFF_ROLES

KPIS = (("total_cost_yuan", "money_stat"), ("peak_children_in_residence", "stat"),
        ("children_in_care_at_end", "stat"), ("ratio_compliance_days", "share_stat"),
        ("over_capacity_institution_days", "stat"),
        ("all_children_moved_by_deadline", "chance"))


# counts that are zero in most replications: compared by the share of replications in
# which they happen, never by their mean
OCCURRENCES = ("over_capacity_institution_days",)


def labels(runs: list[RunData]) -> list[str]:
    """A letter per run (A is the baseline): short column headings; ``runs_table`` says
    which run each letter stands for."""
    return [_letter(k) for k in range(len(runs))]


def _letter(k: int) -> str:
    return chr(ord("A") + k) if k < 26 else f"R{k + 1}"


def runs_table(runs: list[RunData], names: list[str], t: Lang) -> Table:
    cols = [Column(t("col.run")), Column(t("man.scenario")), Column(t("man.plan")),
            Column(t("man.hash")), Column(t("man.seed")), Column(t("man.replications")),
            Column(t("col.source"))]
    table = Table("compare_runs", t("sec.runs"), cols)
    for name, run in zip(names, runs, strict=True):
        m = run.manifest
        table.rows.append([name, t.part(run.scenario), run.plan_name,
                           str(m.get("scenario_hash", ""))[:12], str(m.get("seed", "")),
                           str(m.get("replications", "")), run.ref])
    return table


def years(runs: list[RunData]) -> list[int]:
    return sorted({y for r in runs for y in r.years})


def _side_by_side(name: str, title: str, keys: list[Column], runs: list[RunData],
                  names: list[str], kind: str, value: Callable[[RunData, tuple], float | None],
                  rows: list[tuple], shown: list, t: Lang) -> Table:
    """A table with the key columns, then one column per run, then run minus baseline."""
    cols = [*keys, *(Column(n, kind) for n in names)]
    cols += [Column(t("col.difference", run=n, base=names[0]), kind) for n in names[1:]]
    table = Table(name, title, cols)
    for key, visible in zip(rows, shown, strict=True):
        values = [value(r, key) for r in runs]
        base = values[0]
        diffs = [None if v is None or base is None else v - base for v in values[1:]]
        table.rows.append([*visible, *values, *diffs])
    return table


def _index(rows: list[dict], *fields: str) -> dict[tuple, float]:
    return {tuple(row[f] for f in fields): float(row["mean"]) for row in rows}


def cost_by_year(runs: list[RunData], names: list[str], t: Lang) -> Table:
    found = [_index(r.costs["by_year_category"], "year", "category") for r in runs]
    ys = years(runs)
    keys = [(y, c) for y in ys for c in COST_CATEGORIES
            if any(abs(f.get((y, c), 0.0)) > 0 for f in found)]
    lookup = dict(zip((r.ref for r in runs), found, strict=True))
    return _side_by_side(
        "compare_cost_by_year", t("sec.cost_year"),
        [Column(t("col.year"), "year"), Column(t("col.category"))], runs, names, "money",
        lambda r, k: lookup[r.ref].get(k) if k[0] in r.years else None,
        keys, [[y, t(f"cost.{c}")] for y, c in keys], t)


def cost_by_institution(runs: list[RunData], names: list[str], t: Lang,
                        by_category: bool = True) -> Table:
    found = [_index(r.costs["by_institution_category"], "institution", "category")
             for r in runs]
    if not by_category:
        found = [_sum_over(f, 0) for f in found]
    insts = list(dict.fromkeys(i for r in runs for i in r.institutions()))
    cats = COST_CATEGORIES if by_category else ("",)
    keys = [(i, c) if by_category else (i,) for i in insts for c in cats
            if any(abs(f.get((i, c) if by_category else (i,), 0.0)) > 0 for f in found)]
    lookup = dict(zip((r.ref for r in runs), found, strict=True))
    head = [Column(t("col.id")), Column(t("col.institution"))]
    if by_category:
        head.append(Column(t("col.category")))
    visible = [[k[0], institution_name(runs, k[0], t), *([t(f"cost.{k[1]}")]
                                                         if by_category else [])]
               for k in keys]
    name = "compare_cost_by_institution" + ("_category" if by_category else "")
    title = t("sec.cost_inst") if by_category else t("sec.cost_inst_total")
    return _side_by_side(name, title, head, runs, names, "money",
                         lambda r, k: lookup[r.ref].get(k, 0.0), keys, visible, t)


def _sum_over(found: dict[tuple, float], keep: int) -> dict[tuple, float]:
    out: dict[tuple, float] = defaultdict(float)
    for key, value in found.items():
        out[(key[keep],)] += value
    return dict(out)


def wages_by_role(runs: list[RunData], names: list[str], t: Lang) -> Table:
    found = []
    for r in runs:
        sums: dict[tuple, float] = defaultdict(float)
        for row in r.costs["wages_by_year_institution_role"]:
            sums[(row["year"], row["role"])] += float(row["mean"])
        found.append(dict(sums))
    keys = [(y, role) for y in years(runs) for role in STAFF_ROLES]
    lookup = dict(zip((r.ref for r in runs), found, strict=True))
    return _side_by_side(
        "compare_wages_by_role", t("sec.cost_role"),
        [Column(t("col.year"), "year"), Column(t("col.staff_role"))], runs, names, "money",
        lambda r, k: lookup[r.ref].get(k) if k[0] in r.years else None,
        keys, [[y, t(f"staff.{role}")] for y, role in keys], t)


def staff_by_year(runs: list[RunData], names: list[str], t: Lang) -> Table:
    keys = [(y, role) for y in years(runs) for role in STAFF_ROLES]
    return _side_by_side(
        "compare_staff_by_year", t("sec.staff_year"),
        [Column(t("col.year"), "year"), Column(t("col.staff_role"))], runs, names, "int",
        lambda r, k: sum(r.planned(i, k[1], k[0]) for i in r.institutions())
        if k[0] in r.years else None,
        keys, [[y, t(f"staff.{role}")] for y, role in keys], t)


def staff_by_institution(runs: list[RunData], names: list[str], t: Lang) -> Table:
    """Planned heads per institution and role in the last year of the comparison."""
    last = years(runs)[-1]
    insts = list(dict.fromkeys(i for r in runs for i in r.institutions()))
    keys = [(i, role) for i in insts for role in STAFF_ROLES
            if any(r.planned(i, role, last) for r in runs)]
    return _side_by_side(
        "compare_staff_by_institution", f"{t('sec.staff_inst')} ({last})",
        [Column(t("col.id")), Column(t("col.institution")), Column(t("col.staff_role"))],
        runs, names, "int", lambda r, k: r.planned(k[0], k[1], last), keys,
        [[i, institution_name(runs, i, t), t(f"staff.{role}")] for i, role in keys], t)


def kpis(runs: list[RunData], names: list[str], t: Lang) -> Table:
    """Headline figures per run with intervals; each run's difference from the baseline
    with its 95 % interval, from paired replications where the runs share their random
    numbers (same seed, same replications), else from independent samples, as the last
    columns say."""
    units = {"money_stat": t("unit.yuan"), "share_stat": "0–1", "chance": "0–1", "stat": ""}
    plain = {"money_stat": "diff_money", "share_stat": "diff_points", "chance": "diff_points",
             "stat": "diff_number"}
    cols = [Column(t("col.indicator")), Column(t("col.unit"), files_only=True)]
    cols += [Column(n, "stat") for n in names]
    cols += [Column(t("col.difference", run=n, base=names[0]), "stat") for n in names[1:]]
    cols += [Column(t("col.interval_from", run=n), "text") for n in names[1:]]
    table = Table("compare_kpis", t("sec.kpis"), cols, note=t("note.paired"))
    for key, kind in KPIS:
        # a rare outcome is the share of replications in which it happens, not a mean
        stats = [Stat.of(found, "chance" if found.get("measure") == "occurrence" else kind)
                 if (found := r.kpis.get(key)) else None for r in runs]
        if all(s is None for s in stats):
            continue
        found = [kpi_difference(runs[0], r, key) for r in runs[1:]]
        diffs = []
        for s, (change, _) in zip(stats[1:], found, strict=True):
            if s is None or stats[0] is None or s.kind != stats[0].kind:
                diffs.append(None)
            elif change is None:
                diffs.append(Stat(s.mean - stats[0].mean, None, None, plain[s.kind or kind]))
            else:
                diffs.append(Stat(change["mean"], *change["ci95"], plain[s.kind or kind]))
        table.rows.append([t(f"kpi.{key}"), units[kind], *stats, *diffs,
                           *(t(f"diff.{why}") for _, why in found)])
    return table


def kpi_difference(base: RunData, other: RunData, key: str) -> tuple[dict | None, str]:
    """``other − base`` of a key figure with its interval, and how the interval was had:
    "paired", "seeds" or "replications" (they differ: unpaired), or "missing"."""
    from sim.differences import difference

    a, b = base.per_replication, other.per_replication
    if not a or not b or key not in a["kpis"] or key not in b["kpis"]:
        return None, "missing"
    why = "paired" if a.get("seed") == b.get("seed") and \
        a["replication"] == b["replication"] else \
        "seeds" if a.get("seed") != b.get("seed") else "replications"
    if key in OCCURRENCES:        # a rare outcome: did it happen in the replication
        return difference([float(v > 0) for v in a["kpis"][key]],
                          [float(v > 0) for v in b["kpis"][key]], paired=why == "paired",
                          binary=True), why
    binary = key == "all_children_moved_by_deadline"
    return difference(a["kpis"][key], b["kpis"][key], paired=why == "paired",
                      binary=binary), why


def institution_name(runs: list[RunData], inst: str, t: Lang) -> str:
    for r in runs:
        if inst in r.names:
            zh, pinyin = r.names[inst]
            return zh if t.zh else pinyin
    return inst
