"""Every estimated or assumed input of the region, with its value, range, unit and source,
and its rank in the scenario's sensitivity run when there is one.

The inputs are those ``sim.scenario.estimates`` lists (the sensitivity run varies the same
ones): the page shows one row per input (a group of institutions' figures is one row), the
workbook and the CSV file one row per figure as well.
"""

from __future__ import annotations

from reports import estimates as words
from reports.citing import note
from reports.inputs import Inputs
from reports.table import Column, Table
from sim.scenario.estimates import Input, inputs


def listed(x: Inputs) -> list[Input]:
    """The inputs that are estimated or assumed, or that the file gives a range."""
    return [i for i in inputs(x.region)
            if any(item.code != "S" or item.range_from == "file" for item in i.items)]


def ranks(x: Inputs) -> dict[str, dict[str, int]]:
    """Input id -> {output: rank} of the global ranking of the scenario's sensitivity run."""
    record = x.sensitivity or {}
    out: dict[str, dict[str, int]] = {}
    for output in record.get("outputs", []):
        for row in output.get("global") or output.get("tornado", []):
            out.setdefault(row["input"], {})[output["id"]] = row["rank"]
    return out


def estimates(x: Inputs) -> Table:
    """One row per input, as the page lists them."""
    t = x.t
    cols = [Column(t("col.input")), Column(t("col.where"), files_only=True),
            Column(t("col.code")), Column(t("col.value")), Column(t("col.low")),
            Column(t("col.high")), Column(t("col.unit")), Column(t("col.range_from")),
            Column(t("col.figures"), "int"), Column(t("col.source"))]
    if x.sensitivity:
        cols += [Column(t("col.rank_cost"), "int"), Column(t("col.rank_compliance"), "int")]
    table = Table("estimates", t("sec.estimates"), cols)
    ranked = ranks(x)
    for found in listed(x):
        items = found.items
        first = items[0]
        shape, unit = found.entry.shape, found.entry.unit
        fmt = lambda v, s=shape, u=unit: words.value(t, u, s, v)  # noqa: E731
        values = sorted({item.value for item in items})
        shown = fmt(values[0]) if len(values) == 1 else f"{fmt(values[0])}–{fmt(values[-1])}"
        lows = [item.low for item in items if item.low is not None]
        highs = [item.high for item in items if item.high is not None]
        sources = list(dict.fromkeys(item.source for item in items))
        row = [words.label(t, found.entry.name, found.group, words.part_of(first)), found.id,
               "/".join(sorted({item.code for item in items})), shown,
               _span(fmt, lows), _span(fmt, highs),
               words.unit_word(t, unit, shape),
               "/".join(t(f"range.{r}") for r in sorted({i.range_from for i in items})),
               len(items), note(sources[0], t) + (f" (+{len(sources) - 1})" if len(sources) > 1
                                                 else "")]
        if x.sensitivity:
            rank = ranked.get(found.id, {})
            row += [rank.get("total_cost"), rank.get("lowest_compliance")]
        table.rows.append(row)
    return table


def _span(fmt, ends: list[float]) -> str:
    if not ends:
        return "–"
    ends = sorted(set(ends))
    return fmt(ends[0]) if len(ends) == 1 else f"{fmt(ends[0])}–{fmt(ends[-1])}"


def estimate_items(x: Inputs) -> Table:
    """One row per figure, for the workbook: where it sits in the region file."""
    t = x.t
    cols = [Column(t("col.where")), Column(t("col.input")), Column(t("col.key")),
            Column(t("col.code")), Column(t("col.value"), "number"),
            Column(t("col.low"), "number"), Column(t("col.high"), "number"),
            Column(t("col.unit")), Column(t("col.range_from")), Column(t("col.source"))]
    table = Table("estimate_items", t("sec.estimates"), cols)
    for found in listed(x):
        name = words.label(t, found.entry.name, found.group, words.part_of(found.items[0]))
        for item in found.items:
            table.rows.append([item.where, name, found.id, item.code, item.value, item.low,
                               item.high, words.unit_word(t, found.entry.unit,
                                                          found.entry.shape),
                               t(f"range.{item.range_from}"), note(item.source, t)])
    return table


def notes(x: Inputs) -> list[str]:
    """The paragraph that explains the codes and the default rule (and the ranks)."""
    t = x.t
    out = [t("note.estimates", codes=words.codes_explained(t), **words.default_rule(t))]
    if x.sensitivity:
        out.append(t("note.estimates_rank", when=x.sensitivity.get("finished", "")))
    return out
