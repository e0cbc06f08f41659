"""One verdict per figure, wherever a planner reads it: the terminal, the report, the
spreadsheet files, summary.json and the run store; and a terminal that names places, counts
money in the report's unit and folds rows that say the same thing."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest

import sim
from cwplan import headline
from reports import verdicts as judged
from reports.i18n import Lang
from sim import plan as plans
from sim import rules
from sim.scenario import load

ROOT = Path(__file__).parents[2]
SHAOXING = ROOT / "scenarios" / "shaoxing.yaml"
WORDS = {"met": "已达标", "missed": "未达标", "not_confirmed": "未能确认",
         "not_yet_due": "未到期", "not_measured": "未测量"}


def _strict(text: str):
    """JSON that a strict parser accepts: no NaN or Infinity."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def shaoxing_run(tmp_path_factory):
    """The status quo of Shaoxing on three replications, as `cwplan run` records it."""
    from cwplan.cli import main

    folder = tmp_path_factory.mktemp("verdicts")
    store, out = folder / "runs.duckdb", folder / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["run", str(SHAOXING), "--no-optimize", "--replications", "3",
                       "--workers", "1", "--store", str(store), "--out", str(out)])
    return status, out, store, printed.getvalue()


def test_a_run_whose_levels_fail_still_completes_with_status_zero(shaoxing_run):
    status, _, _, printed = shaoxing_run
    assert status == 0
    assert "✗ missed 未达标" in printed              # the status quo misses the ratios


def test_the_headline_names_the_scenario_in_the_report_language(shaoxing_run):
    _, _, _, printed = shaoxing_run
    assert "绍兴市基线: 3 replications" in printed and "Shaoxing baseline" not in printed


def test_summary_json_is_strict_and_holds_every_verdict(shaoxing_run):
    _, out, _, _ = shaoxing_run
    summary = _strict((out / "summary.json").read_text(encoding="utf-8"))
    verdicts = summary["verdicts"]
    figures = {v["figure"] for v in verdicts}
    assert {"ratio_compliance_days", "transfer_deadline_probability",
            "bed_capacity_probability"} <= figures
    assert any(f.startswith("targets.") for f in figures)
    for v in verdicts:
        assert v["verdict"] in WORDS and v["replications"] == 3
        assert set(v) >= {"figure", "place", "level", "compare", "estimate", "interval",
                          "verdict", "replications"}


def test_the_store_holds_the_same_verdicts_and_rare_outcomes(shaoxing_run):
    _, out, store, _ = shaoxing_run
    summary = _strict((out / "summary.json").read_text(encoding="utf-8"))
    run_id = _strict((out / "run.json").read_text(encoding="utf-8"))["run_id"]
    with duckdb.connect(str(store), read_only=True) as con:
        stored = con.execute("SELECT figure, place, verdict, ci_low, ci_high FROM verdicts "
                             "WHERE run_id = ?", [run_id]).fetchall()
        over = dict(con.execute("SELECT institution, happened FROM occurrences WHERE run_id = ? "
                                "AND figure = 'over_capacity_days'", [run_id]).fetchall())
    expected = [(v["figure"], v["place"], v["verdict"],
                 *(v["interval"] or (None, None))) for v in summary["verdicts"]]
    assert sorted(stored, key=repr) == sorted(expected, key=repr)
    assert over == {r["institution"]: r["over_capacity_days"]["happened"]
                    for r in summary["institutions"]}
    # read back for a comparison, as summary.json has it: a share of replications
    from cwplan.store import Store

    with Store(store) as opened:
        total = opened.figures(run_id)["kpis"]["over_capacity_institution_days"]
    written = summary["kpis"]["over_capacity_institution_days"]
    assert (total["happened"], total["n"], total["p"], total["ci95"]) == \
        (written["happened"], written["n"], written["p"], written["ci95"])
    assert "mean" not in total


def test_report_terminal_and_files_give_the_same_verdict(shaoxing_run):
    _, out, _, printed = shaoxing_run
    summary = _strict((out / "summary.json").read_text(encoding="utf-8"))
    scenario = load(SHAOXING)
    names = {i.id: i.name_zh for i in scenario.region.institutions}
    with (out / "tables" / "service_levels.csv").open(encoding="utf-8-sig") as stream:
        levels = list(csv.DictReader(stream))
    with (out / "tables" / "compliance.csv").open(encoding="utf-8-sig") as stream:
        targets = list(csv.DictReader(stream))
    lines = printed.splitlines()
    for v in summary["verdicts"]:
        word = WORDS[v["verdict"]]
        if v["figure"] in headline.LEVEL_NAMES:
            where = names.get(v["place"]) or scenario.region.places()[v["place"]].name_zh
            [row] = [r for r in levels if where in r["地点"] and
                     r["指标"] == _level_word(v["figure"])]
            assert row["结论"] == word
            assert any(line.startswith(headline.MARKS[v["verdict"]]) and
                       headline.LEVEL_NAMES[v["figure"]] in line for line in lines)
        else:
            rows = [r for r in targets if r["规则"] == v["figure"] and r["期限"] == v["due"]]
            assert rows and {r["结论"] for r in rows} == {word}
            description = v["description"].partition(" — ")[0]
            assert any(line.startswith(headline.MARKS[v["verdict"]]) and description in line
                       for line in lines)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "区间下限达到要求为“已达标”" in html        # the rule is stated in the report


def _level_word(figure: str) -> str:
    return Lang("zh")(f"sl.{figure}")


def test_the_terminal_names_places_and_counts_money_in_the_reports_unit(shaoxing_run):
    _, _, _, printed = shaoxing_run
    assert "total cost 总费用 (万元)" in printed
    assert "绍兴市儿童福利院 Shaoxing Shi Ertong Fuliyuan" in printed
    assert not re.search(r"\bsx-[a-z]+", printed)          # no internal ids
    assert "replications over capacity 超床位的重复模拟" in printed
    assert re.search(r"\d+ of 3 \(\d+%\)", printed)


def test_identical_deadline_rows_fold_into_one(capsys):
    """Zhejiang's 32 county homes on two replications: the deadlines met alike are one row
    per deadline date and chance, naming how many counties it stands for."""
    scenario = load(ROOT / "scenarios" / "zhejiang.yaml")
    rulebook = rules.load(scenario)
    results = sim.run(scenario, rulebook, replications=2, workers=1, events=False)
    verdicts = judged.every(scenario, rulebook, plans.status_quo(scenario), results)
    headline.show(scenario, rulebook, results, verdicts, "en")
    printed = capsys.readouterr().out
    rows = [line for line in printed.splitlines() if "moved by 移交完成" in line]
    deadlines = results.deadlines()
    groups = {(d["moved_by"], d["probability_moved_by"]["p"]) for d in deadlines}
    assert len(deadlines) == 32 and len(rows) == len(groups) < 32
    counted = sum(int(m.group(1)) if (m := re.search(r"(\d+) counties", row)) else 1
                  for row in rows)
    assert counted == 32
    assert "total cost 总费用 (million yuan)" in printed       # --lang en: the English unit
    levels = [line for line in printed.splitlines() if "transfer in time" in line]
    assert levels and all("73 needed" in line for line in levels
                          if line.startswith(headline.MARKS["not_confirmed"]))


def test_a_run_stopped_at_its_cap_says_which_verdicts_stayed_undecided(tmp_path):
    """The city home's beds suffice with a chance of 72.9 %, against a level of 73 %: no
    30 replications decide it. The terminal and the report say the run stopped at its cap
    with that verdict open, and never that every verdict was decided."""
    from cwplan.cli import main
    from tests.crowded import crowded_city

    path = crowded_city(tmp_path, "bed_capacity_probability: 0.73",
                        "replications: auto, seed: 5, adaptive: {min: 10, batch: 10, "
                        "max: 30, width: 0.01}")
    out = tmp_path / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["run", str(path), "--no-optimize", "--workers", "1", "--out", str(out),
                       "--store", str(tmp_path / "runs.duckdb")])
    assert status == 0
    summary = _strict((out / "summary.json").read_text(encoding="utf-8"))
    record = summary["manifest"]["adaptive"]
    open_ = [v for v in summary["verdicts"] if v["verdict"] == "not_confirmed"]
    assert open_ and record["stopped"] == "cap" and record["replications"] == 30
    assert len(record["undecided"]) == len(open_)
    text = printed.getvalue()
    assert f"cap reached 达到上限, {len(open_)} undecided 项未判定" in text
    assert "均已判定" not in text and "none left" not in text
    assert ("undecided at the cap 达到上限仍未判定, interval wider than 1% 区间宽于1%: "
            "no day over capacity 不超床位概率") in text
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"达到上限时仍有{len(open_)}项未能判定：任一天均不超床位的概率" in page
    assert "没有未能确认" not in page and "no service level or target was left" not in page
