"""Tables a reviewer checks: compliance with each target, the rules in force with their
clauses, the assumptions with their sources, and the run's manifest.

The assumptions are every value no policy document gives for the region: the rules the
scenario adopts from another jurisdiction or assumes (from the rulebook), and every
``source:`` of the region file, found by walking the file's whole structure so that a field
added to the schema later is listed without a change here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from reports.i18n import Lang
from reports.inputs import Inputs
from reports.table import Column, Stat, Table
from sim.levels import Z95, Verdict, fold
from sim.measures import covers

INSTITUTION_LEVELS = ("ratio_compliance_days", "bed_capacity_probability")


def rule_value(value: Any, unit: str, t: Lang) -> str:
    """A rule's value in words: shares as percentages, true/false as yes/no."""
    if isinstance(value, bool):
        return t.yes(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {rule_value(v, unit, t)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(rule_value(v, unit, t) for v in value)
    if isinstance(value, int | float) and unit.startswith("share"):
        return t.pct(value, 0 if float(100 * value).is_integer() else 1)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def required_text(check, t: Lang) -> str:
    """What a target requires, and the chance required of a yes/no target."""
    target, compare = check.target, check.judgement.compare   # a minimum standard: at_least
    text = f"{t(f'compare.{compare}')} {rule_value(target.value, target.unit, t)}"
    level = check.detail.get("level")
    return text + t("fmt.chance_at_least", level=t.pct(level)) if level is not None else text


def compliance(x: Inputs) -> Table:
    """Each target: what the plan measures, what the simulation measures (the verdict's
    figure) and the definition it was measured by, with its numbers, place and date."""
    t = x.t
    cols = [Column(t("col.target")), Column(t("col.jurisdiction")), Column(t("col.due"), "date"),
            Column(t("col.required")), Column(t("col.measured_plan")),
            Column(t("col.measured")), Column(t("col.status")), Column(t("col.how")),
            Column(t("col.clause")), Column(t("col.key"), files_only=True)]
    table = Table("compliance", t("sec.compliance"), cols)
    for check in x.checks:
        target, verdict = check.target, check.judgement
        table.rows.append([
            t.part(target.description), x.place_name(target.jurisdiction),
            target.due or check.measured_on, required_text(check, t),
            _figure(check.planned, target.unit, t), measured_text(check, t),
            t(f"status.{verdict.status}"), how(x, check.how), str(target.source), target.key])
    return table


def _figure(record: dict | None, unit: str, t: Lang) -> str:
    if not record or record.get("value") is None:
        return ""
    return rule_value(record["value"], unit, t)


def measured_text(check, t: Lang) -> str:
    """The simulation's figure: its mean with the interval over the replications, the share
    of replications for a yes-or-no figure, or the figure every replication gave."""
    record, unit = check.simulated, check.target.unit
    if record is None:
        measured = check.judgement.measured
        return "" if measured is None else rule_value(measured, unit, t)
    if record.get("estimate"):
        low, high = record["estimate"]["ci95"]
        return f"{rule_value(record['value'], unit, t)} " + t.interval(
            rule_value(low, unit, t), rule_value(high, unit, t))
    if record.get("probability") and record.get("value") is None:
        chance = record["probability"]
        return t("words.share_of_runs", p=t.pct(chance["p"]))
    return _figure(record, unit, t)


def how(x: Inputs, how: tuple[str, dict]) -> str:
    """A definition in words, with its numbers, place and date."""
    key, values = how
    if not key:
        return ""
    t, shown = x.t, dict(values)
    if "chance" in shown:
        chance = shown.pop("chance")
        shown["p"] = t.pct(chance["p"])
        shown["interval"] = t.interval(t.pct(chance["ci95"][0]), t.pct(chance["ci95"][1]))
    if "level" in shown:
        shown["level"] = t.pct(shown["level"])
    if shown.get("place"):
        code = shown["place"]
        whole = covers(x.region, code) or not key.startswith("how.")
        shown["place"] = x.place_name(code) if whole else \
            t("words.region_part", place=x.place_name(code))
    for name in ("num", "den"):
        if isinstance(shown.get(name), float):
            value = shown[name]
            shown[name] = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return t(key, **shown)


def service_levels(x: Inputs) -> Table:
    """Each service level at every place, one row each (the files' table)."""
    table = _levels_table(x)
    for verdict in x.levels:
        table.rows.append(_level_row(x, verdict, [verdict.place]))
    return table


def service_levels_page(x: Inputs) -> Table:
    """The page's table of service levels: places that hold a level on one row with the
    lowest of them, places that miss it or are not confirmed each on their own row (those
    alike folded), so that a province's hundred institutions take a few rows."""
    table = _levels_table(x)
    for name in dict.fromkeys(v.figure for v in x.levels):
        judged = [v for v in x.levels if v.figure == name]
        for verdict, places in fold(v for v in judged if v.verdict != "met"):
            table.rows.append(_level_row(x, verdict, places))
        met = [v for v in judged if v.verdict == "met"]
        if met:
            lowest = min(met, key=lambda v: (v.low, v.estimate))
            row = _level_row(x, lowest, [v.place for v in met])
            if len(met) > 1:
                row[1] += x.t("fold.lowest", name=x.where(lowest))
            table.rows.append(row)
    return table


def _levels_table(x: Inputs) -> Table:
    t = x.t
    cols = [Column(t("col.indicator")), Column(t("col.places")), Column(t("col.due"), "date"),
            Column(t("col.required"), "share"), Column(t("col.measured"), "share_stat"),
            Column(t("col.status")), Column(t("col.level_note")), Column(t("col.source"))]
    return Table("service_levels", t("sec.service_levels"), cols)


def _level_row(x: Inputs, verdict: Verdict, places: list[str]) -> list:
    t = x.t
    return [t(f"sl.{verdict.figure}"), places_text(x, verdict, places), verdict.due,
            verdict.level, Stat(verdict.estimate, verdict.low, verdict.high),
            t(f"status.{verdict.verdict}"), why(verdict, t), t("src.scenario_service_levels")]


def places_text(x: Inputs, verdict: Verdict, places: list[str], most: int = 6,
                counted: bool = True) -> str:
    """"绍兴市儿童福利院", or "4个县：上虞区、新昌县、诸暨市、嵊州市" for places folded
    (without the count when not ``counted``)."""
    t = x.t
    names = [x.where(dataclasses.replace(verdict, place=p)) for p in places]
    sep = "、" if t.zh else ", "
    shown = sep.join(names[:most]) + (f"{sep}…" if len(names) > most else "")
    if len(names) == 1 or not counted:
        return shown
    key = "fold.institutions" if verdict.figure in INSTITUTION_LEVELS else "fold.counties"
    return t(key, n=len(names), names=shown)


def why(verdict: Verdict, t: Lang) -> str:
    """Why a figure is not confirmed: too few replications to confirm the level at all, a
    certainty no simulation can confirm, or an interval that straddles the level."""
    if verdict.verdict != "not_confirmed":
        return ""
    if verdict.needed:
        n = verdict.replications
        best = n / (n + Z95 * Z95)        # the Wilson lower end when every replication succeeds
        return t("note.too_few", n=n, best=t.pct(best), level=t.pct(verdict.level),
                 needed=verdict.needed)
    if verdict.interval == "wilson" and verdict.level >= 1:
        return t("note.certainty")
    return t("note.straddles")


def _dates(scenario) -> list[date]:
    start, end = scenario.horizon.start, scenario.horizon.end
    return sorted({start, end, *(date(y, 1, 1) for y in range(start.year + 1, end.year + 1))})


def rules_in_force(x: Inputs, assumed_only: bool = False) -> list:
    """Distinct rules in force at any county of the region on 1 January of each year and on
    the horizon's last day; a value that holds "wherever asked" is listed once."""
    return rules_of(x.scenario, x.rulebook, assumed_only)


def rules_of(scenario, rulebook, assumed_only: bool = False) -> list:
    """``rules_in_force`` of a scenario and its rulebook: (rule, where) pairs, where is ""
    for a value that holds at each place it is asked about."""
    seen: dict[tuple, Any] = {}
    places = [c.code for _, c in scenario.region.counties()]
    for on in _dates(scenario):
        for place in places:
            found = rulebook.assumed(place, on) if assumed_only else \
                rulebook.in_force(place, on)
            for r in found:
                where = "" if r.jurisdiction == place else r.jurisdiction
                ident = (r.key, where, r.effective, r.due, str(r.source), repr(r.value))
                seen.setdefault(ident, (r, where))
    return sorted(seen.values(), key=lambda rw: (rw[0].key, rw[0].effective, rw[1]))


def rules(x: Inputs) -> Table:
    t = x.t
    cols = [Column(t("col.key")), Column(t("col.description")),
            Column(t("col.value"), files_only=True), Column(t("col.unit"), files_only=True),
            Column(t("col.value"), page_only=True), Column(t("col.effective"), "date"),
            Column(t("col.due"), "date"), Column(t("col.jurisdiction")),
            Column(t("col.document"), files_only=True), Column(t("col.clause"), files_only=True),
            Column(t("col.source"), page_only=True), Column(t("col.origin")),
            Column(t("col.quote"))]
    table = Table("rules", t("sec.rules"), cols, note=t("note.rules_when"))
    for r, where in rules_in_force(x):
        value = rule_value(r.value, r.unit, t)
        table.rows.append([
            r.key, t.part(r.description), value, r.unit, f"{value} ({r.unit})", r.effective,
            r.due, x.place_name(where) if where else t("words.each_place"),
            r.source.document, r.source.clause, str(r.source), t(f"origin.{r.origin}"),
            r.quote])
    return table


def assumptions(x: Inputs) -> Table:
    """Every assumed value, one row each: rules adopted or assumed, and region sources."""
    t = x.t
    cols = [Column(t("col.origin")), Column(t("col.where")), Column(t("col.item")),
            Column(t("col.value")), Column(t("col.source")), Column(t("col.reason"))]
    table = Table("assumptions", t("sec.assumptions"), cols)
    for r, _ in rules_in_force(x, assumed_only=True):
        table.rows.append([t(f"origin.{r.origin}"), r.key, t.part(r.description),
                           f"{rule_value(r.value, r.unit, t)} ({r.unit})", str(r.source),
                           r.reason])
    for where, item, source in region_sources(x.region, t):
        table.rows.append([t("origin.region"), where, item, "", source, ""])
    return table


def assumptions_grouped(x: Inputs) -> Table:
    """The assumptions as the page lists them: the items that share a source (and a reason)
    on one row, so that fifty-eight protection centers described alike take one line."""
    t = x.t
    sep = "、" if t.zh else ", "
    groups: dict[tuple, list[str]] = {}
    for r, _ in rules_in_force(x, assumed_only=True):
        key = (t(f"origin.{r.origin}"), r.source.document, r.reason)
        item = f"{r.key} = {rule_value(r.value, r.unit, t)}"
        groups.setdefault(key, []).append(f"{item} ({r.source.clause})")
    for _, item, source in region_sources(x.region, t):
        groups.setdefault((t("origin.region"), source, ""), []).append(item)
    cols = [Column(t("col.origin")), Column(t("col.item")), Column(t("col.source")),
            Column(t("col.reason"))]
    table = Table("assumptions_grouped", t("sec.assumptions"), cols)
    for (origin, source, reason), items in groups.items():
        shown = sep.join(items[:12]) + (f"{sep}… ({len(items)})" if len(items) > 12 else "")
        table.rows.append([origin, shown, source, reason])
    return table


def region_sources(region: BaseModel, t: Lang) -> Iterator[tuple[str, str, str]]:
    """(key path, item name, source) for every ``source:`` anywhere in the region file."""
    stack: list[tuple[Any, str]] = [(region, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, BaseModel):
            source = getattr(node, "source", None)
            if isinstance(source, str):
                yield path or "region", _item(node, path, t), source
            children = [(getattr(node, f, None), f"{path}.{f}" if path else f)
                        for f in type(node).model_fields if f != "source"]
        elif isinstance(node, list | tuple):
            children = [(v, f"{path}[{_ident(v, i)}]") for i, v in enumerate(node)]
        elif isinstance(node, Mapping):
            children = [(v, f"{path}.{k}") for k, v in node.items()]
        else:
            continue
        stack.extend(reversed(children))


def _ident(node: Any, index: int) -> str:
    return str(getattr(node, "id", None) or getattr(node, "code", None) or index)


def _item(node: BaseModel, path: str, t: Lang) -> str:
    if hasattr(node, "name_zh") and hasattr(node, "name_pinyin"):
        return t.name(node)
    return path.rsplit(".", 1)[-1]


def _objective(x: Inputs) -> str:
    """The optimizer's objective, named as discounted (the report's totals are not)."""
    objective = x.plan.solver.get("objective")
    if objective is None:
        return ""
    rate = x.t.pct(x.region.costs.discount_rate, 1)
    return f"{objective:,.0f} {x.t('unit.yuan')} ({x.t('note.discounted', rate=rate)})"


def manifest(x: Inputs) -> Table:
    t, m = x.t, x.results.manifest
    table = Table("manifest", t("sec.manifest"), [Column(t("col.item")), Column(t("col.value"))])
    horizon = m.get("horizon", {})
    rows = [("man.scenario", m.get("scenario", x.scenario.name)),
            ("man.hash", m.get("scenario_hash", x.scenario.content_hash)),
            ("man.seed", m.get("seed", x.results.seed)),
            ("man.replications", m.get("replications", len(x.results.replications))),
            ("man.plan", m.get("plan", x.plan.name)),
            ("man.horizon", f"{horizon.get('start', '')} – {horizon.get('end', '')}"),
            ("man.run_id", m.get("run_id", "")),
            ("man.versions", ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items())),
            ("man.objective", _objective(x)),
            ("man.solver", ", ".join(f"{k} {v}" for k, v in x.plan.solver.items()
                                     if not isinstance(v, dict | list))),
            ("man.generated", x.t.code)]
    table.rows = [[t(key), str(value)] for key, value in rows if value not in ("", None)]
    return table
