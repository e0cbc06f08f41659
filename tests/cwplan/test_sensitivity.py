"""``cwplan sensitivity`` on the two-county region: an input built to dominate comes first,
its effect is the one worked out by hand, and bad input changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

TINY = Path(__file__).resolve().parents[1] / "optimize" / "data"
LOW, HIGH = 1_000, 1_000_000         # the city home's operating cost, yuan a year


@pytest.fixture(scope="module")
def dominated(tmp_path_factory) -> tuple[Path, dict]:
    """The tiny scenario with a city home whose running cost is known only to lie between
    1,000 and 1,000,000 yuan a year: nothing else comes near."""
    folder = tmp_path_factory.mktemp("tiny")
    shutil.copy(TINY / "tiny.yaml", folder / "tiny.yaml")
    region = (TINY / "tiny-region.yaml").read_text(encoding="utf-8").replace(
        "operating_cost_yuan_per_year: 1000, source: \"test fixture\"}",
        "operating_cost_yuan_per_year: 1000, source: \"test fixture\",\n"
        f"     ranges: {{operating_cost_yuan_per_year: [{LOW}, {HIGH}]}}}}")
    assert "ranges:" in region
    (folder / "tiny-region.yaml").write_text(region, encoding="utf-8")
    out = folder / "sensitivity"
    status = run_cli(["sensitivity", str(folder / "tiny.yaml"), "--out", str(out),
                      "--replications", "2", "--samples", "4", "--workers", "2",
                      "--store", str(folder / "runs.duckdb"), "--lang", "en"])
    assert status == 0
    return out, json.loads((out / "sensitivity.json").read_text(encoding="utf-8"))


def _output(record: dict, name: str) -> dict:
    return next(o for o in record["outputs"] if o["id"] == name)


def test_the_input_built_to_dominate_ranks_first_in_both_rankings(dominated):
    _, record = dominated
    cost = _output(record, "total_cost")
    dominant = "institutions.operating_cost_yuan_per_year[city_welfare_home]"
    assert cost["top3"][0] == dominant
    assert cost["tornado"][0]["input"] == dominant and cost["global"][0]["input"] == dominant
    second = cost["tornado"][1]["effect"]
    assert abs(cost["tornado"][0]["effect"]) > 50 * abs(second)


def test_its_effect_is_the_cost_difference_worked_out_by_hand(dominated):
    _, record = dominated
    row = _output(record, "total_cost")["tornado"][0]
    days = 366 + 365                           # 2024 and 2025, the city home open throughout
    expected = (HIGH - LOW) / 365.25 * days
    assert (row["input_low"], row["input_high"]) == (LOW, HIGH)
    assert row["effect"] == pytest.approx(expected, rel=1e-6)
    low, high = row["interval"]
    assert low <= row["effect"] <= high


def test_the_run_writes_strict_json_charts_and_a_report_naming_the_top_three(dominated):
    out, record = dominated
    text = (out / "sensitivity.json").read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in strict JSON"))
    assert {p.stem for p in (out / "charts").glob("*.png")} == {"tornado", "global_ranking"}
    page = (out / "sensitivity.html").read_text(encoding="utf-8")
    assert "The three inputs that matter most" in page
    assert "total cost (undiscounted): operating cost per year (city welfare home)" in page
    left = {d["input"]: d["reason"] for d in record["left_out"]}
    assert left["institutions.beds[city_welfare_home]"] == "plan_only"
    assert record["plan_mode"] == "fixed" and record["replications"] == 2


@pytest.mark.parametrize("args, message", [
    (["--method", "fast"], "--method: 'fast' is not a method (morris or sobol)"),
    (["--plan", "best"], "--plan: 'best' is not a way to treat the plan"),
    (["--method", "sobol", "--samples", "6"], "--samples: 6 is not a power of 2"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    status = run_cli(["sensitivity", str(TINY / "tiny.yaml"), "--out", str(out), *args])
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1 and message in err
    assert not out.exists()


def test_a_folder_it_did_not_write_is_left_alone(tmp_path, capsys):
    out = tmp_path / "my files"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"not ours")
    status = run_cli(["sensitivity", str(TINY / "tiny.yaml"), "--out", str(out)])
    assert status == 2 and "exists and is not a folder cwplan wrote" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["budget.xlsx"]
