"""The report of a sensitivity run, from its record (``sensitivity.json``).

``build(record, region, folder, lang)`` writes sensitivity.html, sensitivity.md, charts/ and
tables/ into the folder the caller made. ``top_section`` is the section that names the three
inputs that matter most for each output; the run report shows it too when a sensitivity
run of the same scenario exists.
"""

from __future__ import annotations

from pathlib import Path

from reports import charts_sensitivity as charts
from reports import estimates as words
from reports import render
from reports.i18n import Lang, check, default_lang
from reports.render import Section, chart_png, view
from reports.table import Column, Table, write_csv


def build(record: dict, region, folder: Path, lang: str | None = None) -> Path:
    t = Lang(check(lang) or default_lang(region))
    folder = Path(folder)
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    labels = input_labels(record, t)
    tables = [top_table(record, region, t, labels), tornado_table(record, t, labels),
              global_table(record, t, labels), inputs_table(record, t, labels),
              left_table(record, t)]
    for table in tables:
        write_csv(table, folder / "tables", t)
    figures = {"tornado": charts.tornado(_tornado_panels(record, region, t, labels), t.code),
               "global_ranking": charts.ranking(_ranking_panels(record, region, t, labels),
                                                record["method"], t.code)}
    shown = {stem: chart_png(stem, fig) for stem, fig in figures.items()}
    for chart in shown.values():
        (folder / "charts" / f"{chart.stem}.png").write_bytes(chart.png)
    v = {table.name: view(table, t, "") for table in tables}
    sections = [
        top_section(record, region, t),
        Section("tornado", t("sec.sens_tornado"), blocks=[shown["tornado"],
                                                           v["sensitivity_tornado"]]),
        Section("global", t("sec.sens_global"), blocks=[shown["global_ranking"],
                                                         v["sensitivity_global"]]),
        Section("inputs", t("sec.sens_inputs"), [words.codes_explained(t)],
                [v["sensitivity_inputs"]]),
        Section("left_out", t("sec.sens_left"), blocks=[v["sensitivity_left_out"]]),
    ]
    context = {"lang": t.code, "title": t("title.sensitivity", scenario=t.part(record["scenario"])),
               "subtitle": _subtitle(record, t), "contents": t("sec.contents"),
               "sections": sections,
               "footer": t.plural("note.intervals", record["replications"])}
    (folder / "sensitivity.md").write_text(render.html("page.md.j2", **context),
                                           encoding="utf-8")
    page = folder / "sensitivity.html"
    page.write_text(render.page(**context), encoding="utf-8")
    return page


def _subtitle(record: dict, t: Lang) -> str:
    return t("subtitle.sensitivity", method=t(f"sens.method.{record['method']}"),
             plan=_plan(record, t), n=record["replications"], settings=record["settings"])


def _plan(record: dict, t: Lang) -> str:
    name = record["plan"]
    shown = t(f"plan.{name}") if f"plan.{name}" in t else name
    return t(f"sens.plan.{record['plan_mode']}", plan=shown)


def input_labels(record: dict, t: Lang) -> dict[str, str]:
    return {i["input"]: words.label(t, i["entry"], i["group"], i.get("part", ""))
            for i in record["inputs"]}


def top_section(record: dict, region, t: Lang) -> Section:
    """The three inputs that matter most for each output, in sentences."""
    labels = input_labels(record, t)
    sep = "、" if t.zh else "; "
    lines = [t("note.sens_method", method=t(f"sens.method.{record['method']}"),
               plan=_plan(record, t), **words.default_rule(t))]
    for out in record["outputs"]:
        name = _output_name(out, region, t)
        if out["top3"]:
            lines.append(t("sens.top", output=name,
                           inputs=sep.join(labels[i] for i in out["top3"])))
        else:
            lines.append(t("sens.none", output=name))
    if record.get("infeasible_settings"):
        lines.append(t("sens.infeasible", n=record["infeasible_settings"]))
    return Section("top", t("sec.sens_top"), lines,
                   [view(top_table(record, region, t, labels), t, "")])


def _output_name(out: dict, region, t: Lang) -> str:
    name = words.output_label(t, out["id"])
    inst = out.get("baseline_institution")
    if inst and region is not None:
        known = {i.id: i for i in region.institutions}
        where = t.name(known[inst]) if inst in known else inst
        name += f"（{t('out.lowest_at', institution=where)}）" if t.zh else \
            f" ({t('out.lowest_at', institution=where)})"
    return name


def top_table(record: dict, region, t: Lang, labels: dict[str, str]) -> Table:
    cols = [Column(t("col.output")), Column(t("col.value")), Column(t("col.first")),
            Column(t("col.second")), Column(t("col.third"))]
    table = Table("sensitivity_top", t("sec.sens_top"), cols)
    for out in record["outputs"]:
        top = [labels[i] for i in out["top3"]] + [""] * 3
        table.rows.append([_output_name(out, region, t),
                           words.output_value(t, out["id"], out["baseline"]), *top[:3]])
    return table


def tornado_table(record: dict, t: Lang, labels: dict[str, str]) -> Table:
    cols = [Column(t("col.output")), Column(t("col.rank"), "int"), Column(t("col.input")),
            Column(t("col.low")), Column(t("col.high")), Column(t("col.at_low")),
            Column(t("col.at_high")), Column(t("col.effect")), Column(t("col.effect_interval"))]
    table = Table("sensitivity_tornado", t("sec.sens_tornado"), cols)
    described = {i["input"]: i for i in record["inputs"]}
    for out in record["outputs"]:
        o = out["id"]
        for row in out["tornado"]:
            d = described[row["input"]]
            interval = row["interval"] or [None, None]
            table.rows.append([
                words.output_label(t, o), row["rank"], labels[row["input"]],
                words.value(t, d["unit"], d["shape"], row["input_low"]),
                words.value(t, d["unit"], d["shape"], row["input_high"]),
                words.output_value(t, o, row["output_at_low"]),
                words.output_value(t, o, row["output_at_high"]), words.effect(t, o, row["effect"]),
                t.interval(words.effect(t, o, interval[0]), words.effect(t, o, interval[1]))])
    return table


def global_table(record: dict, t: Lang, labels: dict[str, str]) -> Table:
    method = record["method"]
    cols = [Column(t("col.output")), Column(t("col.rank"), "int"), Column(t("col.input")),
            Column(t(f"col.score.{method}")), Column(t("col.score_conf"))]
    table = Table("sensitivity_global", t("sec.sens_global"), cols)
    for out in record["outputs"]:
        o = out["id"]
        for row in out["global"]:
            table.rows.append([words.output_label(t, o), row["rank"], labels[row["input"]],
                               _score(t, o, method, row["score"]),
                               _score(t, o, method, row["score_conf"])])
    return table


def _score(t: Lang, output: str, method: str, x: float | None) -> str:
    """μ* in the output's unit (shares in percentage points); Sobol's index as a number."""
    if method == "morris":
        return words.effect(t, output, x).lstrip("+")
    return f"{x:.3f}" if x is not None else "–"


def inputs_table(record: dict, t: Lang, labels: dict[str, str]) -> Table:
    cols = [Column(t("col.input")), Column(t("col.key"), files_only=True),
            Column(t("col.code")), Column(t("col.value")), Column(t("col.low")),
            Column(t("col.high")), Column(t("col.unit")), Column(t("col.range_from")),
            Column(t("col.figures"), "int")]
    table = Table("sensitivity_inputs", t("sec.sens_inputs"), cols)
    for d in record["inputs"]:
        fmt = lambda x, d=d: words.value(t, d["unit"], d["shape"], x)  # noqa: E731
        table.rows.append([labels[d["input"]], d["input"], "/".join(d["codes"]),
                           fmt(d["value"]), fmt(d["low"]), fmt(d["high"]),
                           words.unit_word(t, d["unit"], d["shape"]),
                           "/".join(t(f"range.{r}") for r in d["range_from"]), d["figures"]])
    return table


def left_table(record: dict, t: Lang) -> Table:
    cols = [Column(t("col.input")), Column(t("col.key"), files_only=True),
            Column(t("col.why"))]
    table = Table("sensitivity_left_out", t("sec.sens_left"), cols)
    for d in record["left_out"]:
        table.rows.append([words.label(t, d["entry"], d["group"], ""), d["input"],
                           t(f"left.{d['reason']}")])
    return table


def _tornado_panels(record: dict, region, t: Lang, labels: dict[str, str]) -> list:
    out = []
    for o in record["outputs"]:
        rows = [(labels[r["input"]], r["output_at_low"], r["output_at_high"])
                for r in o["tornado"] if r["effect"] is not None]
        if o["baseline"] is None or not rows:
            continue
        money = o["id"] == "total_cost"
        share = o["id"] not in ("total_cost", "peak_census")
        out.append(charts.TornadoPanel(
            _output_name(o, region, t), o["baseline"] * (100 if share else 1),
            [(n, lo * (100 if share else 1), hi * (100 if share else 1)) for n, lo, hi in rows],
            t.money_scale if money else 1.0,
            t.money_unit if money else ("%" if share else t("unit.children"))))
    return out


def _ranking_panels(record: dict, region, t: Lang, labels: dict[str, str]) -> list:
    return [charts.RankingPanel(_output_name(o, region, t),
                                [(labels[r["input"]], r["score"] or 0.0, r["score_conf"] or 0.0)
                                 for r in o["global"]])
            for o in record["outputs"] if o["global"]]
