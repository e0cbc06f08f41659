"""``cwplan backtest``: the simulation set against the history a region file records.

The bundled national series (children in child welfare institutions, 2012-2021, from the
statistical bulletins and the ministry's press statements) must be reproduced: at least
80 % of the observed counts inside the simulated 90 % band. A planner's own region with an
``observed:`` block gets the same files; a region without one, or a row that names a place
outside the region, is bad input: one line, exit status 2, nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import rules
from sim.backtest import backtest
from sim.scenario import load

SCENARIOS = Path(__file__).parents[2] / "scenarios"

OBSERVED = """
observed:
  - {place: "330600", series: children_in_care, year: 2022, value: 80, plus_minus: 5,
     source: "test fixture"}
  - {place: "330600", series: long_term_admissions, year: 2022, value: 2, source: "test fixture"}
  - {place: "330681", series: long_term_exits, year: 2023, value: 1, source: "test fixture"}
  - {place: "330600", series: children_in_care, year: 2030, value: 50, source: "test fixture"}
"""


def _no_nan(text: str) -> dict:
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_the_national_series_lies_inside_the_simulated_band():
    scenario = load(SCENARIOS / "china-backtest.yaml")
    result = backtest(scenario, rules.load(scenario), replications=3, workers=1)
    compared = result.compared
    assert len(compared) == 5                   # 2012 is the starting census, not compared
    assert result.coverage >= 0.8, [(r.day, r.observed, r.low, r.high) for r in compared]
    assert result.mape < 0.05
    assert [r.not_compared for r in result.rows if r.inside is None] == ["before_horizon"]


@pytest.fixture
def observed_copy(shaoxing_copy):
    scenario, region = shaoxing_copy
    region.write_text(region.read_text(encoding="utf-8") + OBSERVED, encoding="utf-8")
    return scenario


def test_a_backtest_writes_strict_json_a_table_and_a_page_in_either_language(
        observed_copy, tmp_path, cwplan, capsys):
    out = tmp_path / "回测 out's"
    assert cwplan(["backtest", str(observed_copy), "--out", str(out), "--replications", "3",
                   "--workers", "1", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "lie inside the simulated 90 % band" in printed
    data = _no_nan((out / "backtest.json").read_text(encoding="utf-8"))
    assert data["compared"] == 3 and data["replications"] == 3
    assert 0 <= data["coverage"] <= 1 and data["mape"] >= 0
    rows = {(r["place"], r["series"], r["year"]): r for r in data["series"]}
    stock = rows[("330600", "children_in_care", 2022)]
    assert stock["low"] <= stock["mean"] <= stock["high"] and stock["day"] == "2022-12-31"
    assert rows[("330600", "children_in_care", 2030)]["not_compared"] == "after_horizon"
    assert {p["series"] for p in data["simulated"]} == {"children_in_care",
                                                         "long_term_admissions",
                                                         "long_term_exits"}
    page = (out / "backtest.html").read_text(encoding="utf-8")
    assert "Observed and simulated counts" in page and "data:image/png;base64," in page
    assert (out / "charts" / "backtest.png").stat().st_size > 1000
    assert "Shaoxing" in (out / "backtest.md").read_text(encoding="utf-8")
    zh = tmp_path / "zh"
    assert cwplan(["backtest", str(observed_copy), "--out", str(zh), "--replications", "2",
                   "--workers", "1"]) == 0
    assert "观测值与模拟值" in (zh / "backtest.html").read_text(encoding="utf-8")
    assert "绍兴市" in (zh / "backtest.csv").read_text(encoding="utf-8-sig")


def test_a_region_without_observed_counts_is_bad_input(shaoxing_copy, tmp_path, cwplan,
                                                       capsys):
    scenario, region = shaoxing_copy
    out = tmp_path / "out"
    assert cwplan(["backtest", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"{region}: observed: the region has no observed counts")
    assert not out.exists()


@pytest.mark.parametrize("row, message", [
    ('{place: "110000", series: children_in_care, year: 2022, value: 1, source: "x y z"}',
     "observed.0.place: place 110000 is not in region shaoxing"),
    ('{place: "330600", series: long_term_exits, year: 2022, value: 1, as_of: 2022-06-30, '
     'source: "x y z"}', "observed.0.as_of: long_term_exits counts a whole year"),
    ('{place: "330600", series: children_in_care, year: 2022, value: 1, as_of: 2023-06-30, '
     'source: "x y z"}', "observed.0.as_of: 2023-06-30 is not in 2022"),
    ('{place: "330600", series: in_care, year: 2022, value: 1, source: "x y z"}',
     "observed.0.series"),
])
def test_a_bad_observed_row_is_one_located_line(shaoxing_copy, tmp_path, cwplan, capsys,
                                                row, message):
    scenario, region = shaoxing_copy
    region.write_text(region.read_text(encoding="utf-8") + f"\nobserved:\n  - {row}\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    assert cwplan(["backtest", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith(f"{region}:")
    assert not out.exists()


def test_a_second_row_for_the_same_place_series_and_year_is_refused(shaoxing_copy, cwplan,
                                                                     capsys):
    scenario, region = shaoxing_copy
    row = '  - {place: "330600", series: children_in_care, year: 2022, value: 1, source: "a b"}'
    region.write_text(region.read_text(encoding="utf-8") + f"\nobserved:\n{row}\n{row}\n",
                      encoding="utf-8")
    assert cwplan(["validate", str(scenario)]) == 2
    assert "observed.1: a second children_in_care row for 330600 in 2022" in \
        capsys.readouterr().err


def test_an_unknown_language_is_bad_input(observed_copy, tmp_path, cwplan, capsys):
    assert cwplan(["backtest", str(observed_copy), "--out", str(tmp_path / "o"),
                   "--lang", "fr"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
