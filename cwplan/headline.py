"""The terminal's account of a run: what a planner reads first, and every verdict.

The headline table gives money in the report's unit (万元 in a Chinese report, million yuan
in an English one), calls institutions and counties by their names in Chinese and pinyin,
and folds rows that say the same thing ("4 counties 4个县: 100% (84%–100%)" instead of four
rows). A rare outcome reads as it happens: in how many replications, for how long, from
when. Below the table, one line per service level and verdict and one per target in force
gives the verdict of the one judgement rule, the same verdict the report, summary.json and
the run store hold. A run that completes ends with status 0 whatever its verdicts say.
"""

from __future__ import annotations

from rich.table import Table

from cwplan.progress import stdout
from sim.levels import LEVELS, Verdict, fold, from_json

MARKS = {"met": "✓ met 已达标", "missed": "✗ missed 未达标",
         "not_confirmed": "? not confirmed 未能确认", "not_yet_due": "… not yet due 未到期",
         "not_measured": "· not measured 未测量"}
LEVEL_NAMES = {"ratio_compliance_days": "ratio compliance 配比达标天数占比",
               "transfer_deadline_probability": "transfer in time 按期移交概率",
               "bed_capacity_probability": "no day over capacity 不超床位概率"}
MOST = 3            # names listed in a folded row


class Names:
    """Places and institutions by their names in Chinese and pinyin."""

    def __init__(self, scenario):
        from sim.rules import bundled_places
        from sim.rules.places import NATION

        region = scenario.region
        self.known = {p.code: f"{p.name_zh} {p.name_pinyin}".strip()
                      for p in [NATION, *bundled_places(), *region.places().values()]
                      if p is not None}
        self.known |= {i.id: f"{i.name_zh} {i.name_pinyin}" for i in region.institutions}

    def __call__(self, ident: str) -> str:
        return self.known.get(ident, ident)

    def some(self, idents: list[str], what: str) -> str:
        """"上虞区 Shangyu Qu", or "4 counties 4个县 (上虞区 Shangyu Qu, …)"."""
        if len(idents) == 1:
            return self(idents[0])
        listed = ", ".join(self(i) for i in idents[:MOST]) + (", …" if len(idents) > MOST
                                                              else "")
        counted = {"counties": f"{len(idents)} counties {len(idents)}个县",
                   "institutions": f"{len(idents)} institutions {len(idents)}家机构",
                   "places": f"{len(idents)} places {len(idents)}地"}[what]
        return f"{counted} ({listed})"


def language(scenario, lang: str | None):
    """The report's language (``reports.i18n.Lang``): the one asked for, or the region's."""
    from reports.i18n import Lang, check, default_lang

    return Lang(check(lang) or default_lang(scenario.region))


def show(scenario, rulebook, results, verdicts: list[Verdict], lang: str | None) -> None:
    """Print the headline table and the verdict lines of a run."""
    t = language(scenario, lang)
    names = Names(scenario)
    console = stdout()
    console.print(headline_table(results, t, names))
    console.print(f"verdicts 判定 ({replications_note(results)}): met only when the whole "
                  "95% interval clears the level 区间下限达到要求才算达标", soft_wrap=True)
    for line in verdict_lines(rulebook, verdicts, names):     # one verdict, one line
        console.print(line, highlight=False, soft_wrap=True)
    for line in undecided_lines(results, names):
        console.print(line, highlight=False, soft_wrap=True)


def replications_note(results) -> str:
    record = results.manifest.get("adaptive")
    n = len(results.replications)
    if not record:
        return f"{n} replications 次重复模拟"
    k = len(record["undecided"])
    ended = {"decided": "none left not confirmed 无未能确认项",
             "narrow": f"stopped with {k} not confirmed 项未能确认, every interval narrower "
                       f"than {record['width']:.0%} 区间均已窄于{record['width']:.0%}",
             "cap": f"cap reached 达到上限, {k} undecided 项未判定"}[record["stopped"]]
    return f"{n} replications 次重复模拟 in {record['batches']} batches 批, {ended}"


def undecided_lines(results, names: Names) -> list[str]:
    """The figures an adaptive run left not confirmed when it stopped, one line each: at
    its cap with an interval still wide, or with one too narrow for more replications to
    decide."""
    record = results.manifest.get("adaptive") or {}
    width = f"{record.get('width', 0):.0%}"
    lines = []
    for u in record.get("undecided", []):
        name = LEVEL_NAMES.get(u["figure"]) or (u.get("description") or u["figure"]).partition(
            " — ")[0]
        why = (f"not confirmed 未能确认, interval narrower than {width} 区间窄于{width}"
               if u.get("narrow") else
               f"undecided at the cap 达到上限仍未判定, interval wider than {width} "
               f"区间宽于{width}")
        lines.append(f"  {why}: {name} {names(u['place'])}: {_estimate(from_json(u))}")
    return lines


def headline_table(results, t, names: Names) -> Table:
    """The numbers a planner looks at first, with their 95 % intervals."""
    kpis = results.kpis()
    table = Table(title=f"{t.part(results.manifest.get('scenario', ''))}: "
                        f"{len(results.replications)} replications")
    table.add_column("indicator 指标")
    table.add_column("value 数值", justify="right")
    table.add_column("95% interval 区间", justify="right")
    cost = kpis["total_cost_yuan"]
    table.add_row(f"total cost 总费用 ({t.money_unit})", t.money(cost["mean"]),
                  f"{t.money(cost['ci95'][0])} – {t.money(cost['ci95'][1])}")
    for label, key, show in (
        ("peak children in residence 院内儿童峰值", "peak_children_in_residence",
         lambda v: t.number(v, 1)),
        ("days in ratio compliance 配比达标天数占比", "ratio_compliance_days",
         lambda v: t.pct(v, 1)),
    ):
        stat = kpis[key]
        table.add_row(label, show(stat["mean"]),
                      f"{show(stat['ci95'][0])} – {show(stat['ci95'][1])}")
    table.add_row(*_over_capacity(kpis["over_capacity_institution_days"], t))
    for label, p in _deadlines(results, names):
        table.add_row(label, t.pct(p["p"]), f"{t.pct(p['ci95'][0])} – {t.pct(p['ci95'][1])}")
    balanced = all(row["balanced"] for row in results.accounting())
    table.add_row("accounting identity 核算恒等式", "balanced" if balanced else "NOT BALANCED", "")
    return table


def _over_capacity(found: dict, t) -> tuple[str, str, str]:
    """Days over capacity as they happen: the share of replications, then their size."""
    label = "replications over capacity 超床位的重复模拟"
    share = f"{found['happened']} of {found['n']} ({t.pct(found['p'])})"
    interval = f"{t.pct(found['ci95'][0])} – {t.pct(found['ci95'][1])}"
    when = found["when"]
    if when:
        cases = when.get("cases")
        days = (" and ".join(f"{c['days']:.0f}" for c in cases) if cases else
                f"median {when['p50']:.0f}, 90th percentile {when['p90']:.0f}")
        label += f"\n  {days} institution-days 机构天 when it happens, from {when['first_date']}"
    return label, share, interval


def _deadlines(results, names: Names) -> list[tuple[str, dict]]:
    """Deadline rows, those with the same date and the same chance folded into one."""
    groups: dict[tuple, tuple[dict, list[str]]] = {}
    for d in results.deadlines():
        p = d["probability_moved_by"]
        key = (d["moved_by"], p["p"], *p["ci95"])
        groups.setdefault(key, (p, []))[1].append(d["county"])
    return [(f"{names.some(counties, 'counties')} moved by 移交完成 {key[0]}", p)
            for key, (p, counties) in groups.items()]


def verdict_lines(rulebook, verdicts: list[Verdict], names: Names) -> list[str]:
    """One line per service level and verdict (places folded), one per target in force."""
    lines = []
    for name in LEVELS:
        judged = [v for v in verdicts if v.figure == name]
        for verdict in ("missed", "not_confirmed", "met"):
            found = [v for v in judged if v.verdict == verdict]
            if found:
                lines.append(_level_line(name, verdict, found, names))
    for v, places in fold(v for v in verdicts if v.figure not in LEVELS):
        lines.append(_target_line(rulebook, v, places, names))
    return lines


def _level_line(name: str, verdict: str, found: list[Verdict], names: Names) -> str:
    """"✗ missed 未达标  ratio compliance ≥ 95%: 5 institutions (…); lowest …"."""
    what = "institutions" if name != "transfer_deadline_probability" else "counties"
    level = found[0].level
    worst = min(found, key=lambda v: v.estimate)
    text = (f"{MARKS[verdict]}  {LEVEL_NAMES[name]} ≥ {level:.0%}: "
            f"{names.some([v.place for v in found], what)}")
    text += f"; lowest 最低 {names(worst.place)} " if len(found) > 1 else ": "
    text += _estimate(worst)
    needed = max((v.needed or 0 for v in found), default=0)
    if needed:
        n = worst.replications
        text += (f" — with {n} replications no result can confirm {level:.0%}; {needed} "
                 f"needed 重复模拟次数不足，至少需要{needed}次")
    return text


def _target_line(rulebook, v: Verdict, places: list[str], names: Names) -> str:
    description = (v.description or rulebook.info(v.figure).description).partition(" — ")[0]
    due = f" by 期限 {v.due.isoformat()}" if v.due else ""
    where = names.some(places, "places")
    measured = "" if v.estimate is None else f": {_estimate(v)}"
    return f"{MARKS[v.verdict]}  {description} ({where}{due}){measured}"


def _estimate(v: Verdict) -> str:
    """A judged figure with its interval: shares and chances in per cent, counts whole."""
    value = v.estimate
    if isinstance(value, dict):
        return ", ".join(f"{k} {n}" for k, n in value.items())
    if isinstance(value, bool):
        return "yes 是" if value else "no 否"
    if not isinstance(value, int | float):
        return str(value)
    kind = "share" if v.unit.startswith("share") else \
        "count" if float(value).is_integer() and v.low in (None, v.high) else "number"
    if v.low is None or v.low == v.high:
        return _number(value, kind)
    return f"{_number(value, kind)} ({_number(v.low, kind)} – {_number(v.high, kind)})"


def _number(x: float, kind: str) -> str:
    return {"share": f"{x:.1%}", "count": f"{x:,.0f}"}.get(kind, f"{x:,.1f}")
