"""The summary for decision-makers: three or four plain sentences with the headline numbers.

Each sentence carries its number's 95 % interval, because a director deciding on a budget
should see at once whether "100 %" rests on five replications or on five hundred.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from reports.inputs import Inputs
from sim.measures import compliance_start
from sim.monitor import COST_CATEGORIES


def sentences(x: Inputs) -> list[str]:
    return [transfer(x), cost(x), staffing(x), targets(x)]


def transfer(x: Inputs) -> str:
    t, w = x.t, x.world
    plan = x.plan_name
    if not w.campaigns:
        return t("sum.no_transfer", plan=plan)
    homes = {c.home for c in w.campaigns}
    regional = {c.regional for c in w.campaigns}
    deadlines = sorted({w.date_of(c.moved_by) for c in w.campaigns})
    chance = x.kpis["all_children_moved_by_deadline"]
    return t("sum.transfer", plan=plan, homes=_count(t, "sum.homes", len(homes)),
             regional=_count(t, "sum.regional", len(regional)),
             deadline=t.join([t.date(d) for d in deadlines]),
             p=t.pct(chance["p"]),
             interval=t.interval(t.pct(chance["ci95"][0]), t.pct(chance["ci95"][1])))


def cost(x: Inputs) -> str:
    t = x.t
    total = x.kpis["total_cost_yuan"]
    wages = sum(r.costs[:, :, COST_CATEGORIES.index("wages")].sum()
                for r in x.results.replications) / len(x.results.replications)
    share = wages / total["mean"] if total["mean"] else 0.0
    return t("sum.cost", start=x.years[0], end=x.years[-1], total=t.money(total["mean"]),
             unit=t.money_unit, wages=t.pct(share),
             interval=t.interval(t.money(total["ci95"][0]), t.money(total["ci95"][1])))


def staffing(x: Inputs) -> str:
    """The region's ratio compliance and the institution with the lowest, by the one
    statistic (``sim.measures.ratio_compliance``): days holding children, from the first day
    a new hire can start; judged against the service level where the scenario sets one."""
    t = x.t
    ratio = x.kpis["ratio_compliance_days"]
    wanted = x.scenario.service_levels.ratio_compliance_days
    share = {row["institution"]: row["ratio_compliance"]["mean"] for row in x.institutions
             if row["ratio_compliance"] is not None}
    interval = t.interval(t.pct(ratio["ci95"][0]), t.pct(ratio["ci95"][1]))
    w = x.results.world
    first = w.start + timedelta(days=compliance_start(w))
    worst = min(share, key=share.get) if share else None
    if worst is None:
        return t("sum.staff_none", share=t.pct(ratio["mean"]), interval=interval)
    if wanted is None:
        return t("sum.staff", share=t.pct(ratio["mean"]), interval=interval,
                 first=t.date(first), worst=x.name(worst), worst_share=t.pct(share[worst]))
    return t("sum.staff_level", share=t.pct(ratio["mean"]), interval=interval,
             first=t.date(first), worst=x.name(worst), worst_share=t.pct(share[worst]),
             level=t.pct(wanted))


def targets(x: Inputs) -> str:
    t = x.t
    counts = Counter(check.judgement.status for check in x.checks)
    parts = [t.plural(f"sum.t_{word}", counts[status]) for word, status in
             (("met", "met"), ("missed", "missed"), ("due", "not_yet_due"),
              ("unmeasured", "not_measured"))]
    return t.plural("sum.targets", len(x.checks), parts=t.join(parts))


def _count(t, key: str, n: int) -> str:
    """"one county welfare home" or "4 county welfare homes"."""
    return t(f"{key}_1") if n == 1 else t(f"{key}_n", n=n)
