"""The summary for decision-makers: five short paragraphs with the headline numbers.

Each sentence carries its number's 95 % interval, because a director deciding on a budget
should see at once whether "100 %" rests on five replications or on five hundred. Days over
capacity are said as they happen (in how many replications, where, from when, how long),
and the last paragraph gives the verdicts on the service levels and the targets, why a
figure is not confirmed when too few replications are the reason, and how many
replications the run took.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from reports import citing
from reports.inputs import Inputs
from reports.markup import Rich, ident, join
from reports.table import Occurrence
from reports.tables_sources import places_text
from reports.tables_sources import why as why_text
from sim.levels import Verdict, from_json
from sim.measures import compliance_start
from sim.monitor import COST_CATEGORIES


def sentences(x: Inputs) -> list[str]:
    verdicts = _joined(x, [s for s in (levels(x), targets(x), replications(x)) if s])
    return [transfer(x), cost(x), staffing(x), beds(x), verdicts]


def _joined(x: Inputs, said: list[str | Rich]) -> str | Rich:
    """Sentences of one paragraph: no space between Chinese sentences."""
    sep = "" if x.t.zh else " "
    if not any(isinstance(s, Rich) for s in said):
        return sep.join(s.strip() for s in said)
    return join([s.strip() if isinstance(s, str) else s for s in said], sep)


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
             (("met", "met"), ("missed", "missed"), ("open", "not_confirmed"),
              ("due", "not_yet_due"), ("unmeasured", "not_measured"))]
    return t.plural("sum.targets", len(x.checks), parts=t.join(parts))


def levels(x: Inputs) -> str:
    """How the service levels fare, and which are not confirmed for want of replications."""
    if not x.levels:
        return ""
    t = x.t
    counts = Counter(v.verdict for v in x.levels)
    text = t("sum.levels", n=len(x.levels), met=counts["met"], missed=counts["missed"],
             open=counts["not_confirmed"])
    short: dict[tuple[str, str], tuple[Verdict, list[str]]] = {}
    for v in x.levels:
        if v.needed:       # the same reason said once for every place it holds at
            short.setdefault((v.figure, why_text(v, t)), (v, []))[1].append(v.place)
    if short:
        why = ("；" if t.zh else "; ").join(_reason(x, v, places)
                                           for v, places in list(short.values())[:3])
        text += t("sum.levels_why", k=sum(len(p) for _, p in short.values()), why=why)
    return text


def _reason(x: Inputs, v: Verdict, places: list[str]) -> str:
    t = x.t
    name, why = t(f"sl.{v.figure}"), why_text(v, t)
    where = places_text(x, v, places, 4, counted=len(places) > 4)
    why = why.rstrip("。.")
    return f"{name}（{where}）：{why}" if t.zh else f"{name} ({where}): {why}"


def beds(x: Inputs, most: int = 3) -> str:
    """Days over capacity as they happen: in how many replications, where, from when, how
    long; never as a mean over replications that are mostly zero."""
    t, n = x.t, len(x.results.replications)
    over = sorted((row for row in x.institutions if row["over_capacity_days"]["happened"]),
                  key=lambda row: -row["over_capacity_days"]["happened"])
    if not over:
        return t("occ.none", n=n)
    said = [_over(x, row) for row in over[:most]]
    if len(over) > most:
        said.append(t.plural("occ.more", len(over) - most))
    return _joined(x, said)


def _over(x: Inputs, row: dict) -> str:
    t, found = x.t, Occurrence.of(row["over_capacity_days"])
    when = found.when
    start = date.fromisoformat(when["first_date"])
    values = {"n": found.replications, "k": found.happened, "place": x.name(row["institution"]),
              "beds": x.plan.beds_in(row["institution"], start.year), "start": t.date(start),
              "share": t.pct(found.share),
              "interval": t.interval(t.pct(found.low), t.pct(found.high))}
    cases = when.get("cases")
    if not cases:
        return t("occ.many", median=t.date(when["first_date_median"]),
                 p50=t.number(when["p50"], 0),
                 p90=t.number(when["p90"], 0), **values)
    days = dict(zip("abc", (t.number(c["days"], 0) for c in cases), strict=False))
    starts = dict(zip(("start2", "start3"), (t.date(c["first_date"]) for c in cases[1:]),
                      strict=False))
    return t(("occ.one", "occ.two", "occ.three")[len(cases) - 1],
             days=t.plural("occ.days", int(cases[0]["days"])), **days, **starts, **values)


def replications(x: Inputs) -> str:
    """How many replications the run took, and why that many."""
    t, m = x.t, x.results.manifest
    record = m.get("adaptive")
    if not record:
        return t.rich("note.fixed", n=len(x.results.replications),
                      option=ident("--replications"))
    text = t("note.adaptive", n=record["replications"], batches=record["batches"],
             width=t.pct(record["width"]), max=record["max"])
    for narrow in (False, True):       # still wide at the cap; too narrow to decide
        found = [u for u in record["undecided"] if bool(u.get("narrow")) == narrow]
        if found:
            key = "note.adaptive_narrow" if narrow else "note.adaptive_open"
            text = _joined(x, [text, t(key, k=len(found), items=_listed(x, found),
                                       width=t.pct(record["width"]))])
    if record["stopped"] == "decided":
        text = _joined(x, [text, t("note.adaptive_decided")])
    return text


def _listed(x: Inputs, found: list[dict], most: int = 6) -> str:
    """Judged figures by name and place: "a (place), b (place), …"."""
    sep = "、" if x.t.zh else ", "
    items = sep.join(f"{_figure(x, u['figure'])}（{x.where(from_json(u))}）" if x.t.zh else
                     f"{_figure(x, u['figure'])} ({x.where(from_json(u))})"
                     for u in found[:most])
    return items + (f"{sep}…" if len(found) > most else "")


def _figure(x: Inputs, figure: str) -> str:
    """A judged figure's name: a service level's, or the description of a target."""
    if f"sl.{figure}" in x.t:
        return x.t(f"sl.{figure}")
    found = next((c.target for c in x.checks if c.target.key == figure), None)
    return str(citing.described(found.description, x.t)) if found else figure




def _count(t, key: str, n: int) -> str:
    """"one county welfare home" or "4 county welfare homes"."""
    return t(f"{key}_1") if n == 1 else t(f"{key}_n", n=n)
