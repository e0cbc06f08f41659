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

from reports import citing
from reports.citing import note
from reports.i18n import Lang
from reports.inputs import Inputs
from reports.markup import Rich, ident, join, quote
from reports.rulewords import unit_name, value_word
from reports.table import Column, Stat, Table
from sim.levels import Verdict, fold
from sim.measures import covers
from sim.results import Z95
from sim.scenario.model import CapacityOption

INSTITUTION_LEVELS = ("ratio_compliance_days", "bed_capacity_probability")


def rule_value(value: Any, unit: str, t: Lang, place=None) -> str:
    """A rule's value in the reader's words, with its unit: shares as percentages, yes or
    no, dates as dates, steps and items by their names, counties by theirs (``place``
    names a code)."""
    if isinstance(value, bool):
        return t.yes(value)
    if isinstance(value, int | float) and unit.startswith("share"):
        return t.pct(value, 0 if float(100 * value).is_integer() else 1)
    shown = _bare(value, unit, t, place)
    one = isinstance(value, int | float) and t.locale.plural_form(abs(value)) == "one"
    name = unit_name(unit, t.zh, one)
    if not name or isinstance(value, bool | date | str):
        return shown
    if isinstance(value, Mapping | list | tuple):
        return f"{shown}（{name}）" if t.zh else f"{shown} ({name})"
    return f"{shown}{name}" if t.zh else f"{shown} {name}"


def _bare(value: Any, unit: str, t: Lang, place) -> str:
    if isinstance(value, bool):
        return t.yes(value)
    if isinstance(value, Mapping):
        sep = "，" if t.zh else ", "
        return sep.join(f"{value_word(str(k), t.zh)} {_bare(v, unit, t, place)}"
                        for k, v in value.items())
    if isinstance(value, list | tuple):
        items = [_bare(v, unit, t, place) for v in value]
        return " → ".join(items) if unit.startswith("ordered") else t.join(items)
    if isinstance(value, date):
        return t.date(value)
    if isinstance(value, float) and not value.is_integer():
        return t.number(value, 2 if abs(value) < 1 else 1)
    if isinstance(value, int | float):
        return t.number(int(value))
    text = str(value)
    named = place(text) if place else None
    return named if named and named != text else value_word(text, t.zh)


def required_text(check, t: Lang, place=None) -> str:
    """What a target requires, and the chance required of a yes/no target."""
    target, compare = check.target, check.judgement.compare   # a minimum standard: at_least
    text = f"{t(f'compare.{compare}')} {rule_value(target.value, target.unit, t, place)}"
    level = check.detail.get("level")
    return text + t("fmt.chance_at_least", level=t.pct(level)) if level is not None else text


def compliance(x: Inputs) -> Table:
    """Each target: what the plan measures, what the simulation measures (the verdict's
    figure) and the definition it was measured by, with its numbers, place and date."""
    t = x.t
    cols = [Column(t("col.target")), Column(t("col.jurisdiction")), Column(t("col.due"), "date"),
            Column(t("col.required")), Column(t("col.measured_plan")),
            Column(t("col.measured")), Column(t("col.status")), Column(t("col.how")),
            Column(t("col.clause"), page_only=True), Column(t("col.clause"), files_only=True),
            Column(t("col.key"), files_only=True)]
    table = Table("compliance", t("sec.compliance"), cols)
    for check in x.checks:
        target, verdict = check.target, check.judgement
        table.rows.append([
            citing.described(target.description, t), x.place_name(target.jurisdiction),
            target.due or check.measured_on, required_text(check, t, x.place_name),
            _figure(check.planned, target.unit, t), measured_text(check, t),
            t(f"status.{verdict.status}"), how(x, check.how), cited(target.source, t),
            str(target.source), target.key])
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


# the region file's key a note names, printed as an identifier
NOTE_FIELDS = {"note.no_plan_record": "implementation_plans", "note.plan_undated": "issued"}


def how(x: Inputs, how: tuple[str, dict]) -> str | Rich:
    """A definition in words, with its numbers, place and date; a document's number and a
    key of the region file are cited as such."""
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
    if isinstance(shown.get("num"), str):        # the documents' numbers, not a count
        shown["num"] = citing.numbers(shown["num"].split(", "), t)
    for name in ("num", "den"):
        value = shown.get(name)
        if isinstance(value, float):
            shown[name] = t.number(value, 0 if value.is_integer() else 1)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown[name] = t.number(value)          # 27,768 yuan, as every amount reads
    if "date" in shown:
        shown["date"] = t.date(shown["date"])
    return t.rich(key, field=ident(NOTE_FIELDS.get(key, "")), **shown)


def cited(source, t: Lang):
    """A rule's source (a ``Source``) as a citation in the reader's language."""
    return citing.source(source.document, source.clause, t)


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
            t(f"status.{verdict.verdict}"), why(verdict, t),
            join([t("src.scenario_service_levels"), ident(f"service_levels.{verdict.figure}")],
                 " ")]


def places_text(x: Inputs, verdict: Verdict, places: list[str], most: int = 6,
                counted: bool = True) -> str:
    """"绍兴市儿童福利院", or "4个县：上虞区、新昌县、诸暨市、嵊州市" for places folded
    (without the count when not ``counted``)."""
    t = x.t
    names = [x.where(dataclasses.replace(verdict, place=p)) for p in places]
    shown = first_names(t, names, most)
    if len(names) == 1 or not counted:
        return shown
    key = "fold.institutions" if verdict.figure in INSTITUTION_LEVELS else "fold.counties"
    return t(key, n=len(names), names=shown)


def first_names(t: Lang, names: list[str], most: int = 6) -> str:
    """The first ``most`` names of a list, and "…" when there are more."""
    sep = "、" if t.zh else ", "
    return sep.join(names[:most]) + (f"{sep}…" if len(names) > most else "")


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
        value = rule_value(r.value, r.unit, t, x.place_name)
        table.rows.append([
            citing.rule(r.key, t), citing.described(r.description, t), value, r.unit, value,
            r.effective, r.due, x.place_name(where) if where else t("words.each_place"),
            r.source.document, r.source.clause, cited(r.source, t), t(f"origin.{r.origin}"),
            quote(r.quote)])
    return table


def assumptions(x: Inputs) -> Table:
    """Every assumed value, one row each: rules adopted or assumed, and region sources."""
    t = x.t
    cols = [Column(t("col.origin")), Column(t("col.where")), Column(t("col.item")),
            Column(t("col.value")), Column(t("col.source")), Column(t("col.reason"))]
    table = Table("assumptions", t("sec.assumptions"), cols)
    for r, _ in rules_in_force(x, assumed_only=True):
        table.rows.append([t(f"origin.{r.origin}"), citing.rule(r.key, t),
                           citing.described(r.description, t),
                           rule_value(r.value, r.unit, t, x.place_name),
                           cited(r.source, t), note(r.reason, t)])
    for where, item, source in region_sources(x.region, t):
        table.rows.append([t("origin.region"), where, item, "", note(source, t), ""])
    return table


def assumptions_grouped(x: Inputs) -> Table:
    """The assumptions as the page lists them: the items that share a source (and a reason)
    on one row, so that fifty-eight protection centers described alike take one line."""
    t = x.t
    sep = "、" if t.zh else ", "
    groups: dict[tuple, list] = {}
    for r, _ in rules_in_force(x, assumed_only=True):
        key = (t(f"origin.{r.origin}"), r.source.document, r.reason)
        open_, close = ("（", "）") if t.zh else (" (", ")")
        item = join([citing.rule(r.key, t), " = ",
                     rule_value(r.value, r.unit, t, x.place_name), open_,
                     citing.where(r.source.document, r.source.clause, t), close])
        groups.setdefault(key, []).append(item)
    for _, item, source in region_sources(x.region, t):
        groups.setdefault((t("origin.region"), source, ""), []).append(item)
    cols = [Column(t("col.origin")), Column(t("col.item")), Column(t("col.source")),
            Column(t("col.reason"))]
    table = Table("assumptions_grouped", t("sec.assumptions"), cols, note=t("note.quoted"))
    for (origin, source, reason), items in groups.items():
        more = t("fmt.and_more", n=len(items)) if len(items) > 12 else ""
        shown = join(items[:12], sep) + (f"{sep}{more}" if more else "")
        document = citing.source(source, "", t) if origin != t("origin.region") else \
            note(source, t)
        table.rows.append([origin, shown, document, note(reason, t)])
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


def _item(node: BaseModel, path: str, t: Lang) -> str | Rich:
    if hasattr(node, "name_zh") and hasattr(node, "name_pinyin"):
        return t.name(node)
    if isinstance(node, CapacityOption):   # by its kind in words, its id beside it
        return join([t(f"member.{node.kind}"), ident(node.id)], " ")
    last = path.rsplit(".", 1)[-1]
    block = f"block.{last.split('[', 1)[0]}"
    return join([t(block), ident(last)], " ") if block in t else ident(last)


def _objective(x: Inputs) -> str:
    """The optimizer's objective, named as discounted (the report's totals are not)."""
    objective = x.plan.solver.get("objective")
    if objective is None:
        return ""
    t = x.t
    rate = t.pct(x.region.costs.discount_rate, 1)
    amount = f"{t.number(round(objective))}{t('unit.yuan')}" if t.zh else \
        f"{t.number(round(objective))} {t('unit.yuan')}"
    return f"{amount}（{t('note.discounted', rate=rate)}）" if t.zh else \
        f"{amount} ({t('note.discounted', rate=rate)})"


def _plain(value: Any) -> str:
    """A solver's figure as the solver gives it, without float noise (134208638, 0.041)."""
    return format(value, ".10g") if isinstance(value, float) else str(value)


def manifest(x: Inputs) -> Table:
    t, m = x.t, x.results.manifest
    table = Table("manifest", t("sec.manifest"), [Column(t("col.item")), Column(t("col.value"))])
    horizon = m.get("horizon", {})
    versions = m.get("versions", {})
    solver = [f"{k} {_plain(v)}" for k, v in x.plan.solver.items()
              if not isinstance(v, dict | list)]
    rows = [("man.scenario", t.part(m.get("scenario", x.scenario.name))),
            ("man.hash", ident(m.get("scenario_hash", x.scenario.content_hash))),
            ("man.seed", ident(str(int(m.get("seed", x.results.seed))))),  # a name, not a count
            ("man.replications", t.number(int(m.get("replications",
                                                    len(x.results.replications))))),
            ("man.plan", x.plan_name),
            ("man.horizon", t("fmt.date_range", start=t.date(horizon.get("start")),
                              end=t.date(horizon.get("end"))) if horizon else ""),
            ("man.run_id", ident(m.get("run_id", ""))),
            ("man.versions", join([ident(f"{k} {v}") for k, v in versions.items()], ", ")),
            ("man.objective", _objective(x)),
            ("man.solver", join([ident(s) for s in solver], ", ")),
            ("man.generated", t.locale.get_display_name(t.locale))]
    table.rows = [[t(key), value] for key, value in rows if value not in ("", None) and
                  (not hasattr(value, "parts") or value)]
    return table
