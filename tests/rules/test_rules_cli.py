"""``cwplan rules``: what a reviewer sees for a place and a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cwplan.cli import main

SHAOXING = str(Path(__file__).parent / "scenarios" / "shaoxing-adopts.yaml")
FIELDS = {"key", "value", "kind", "effective", "jurisdiction", "source", "overridden"}


def run_json(capsys, *args: str) -> list[dict]:
    assert main(["rules", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def by_key(records: list[dict], key: str) -> list[dict]:
    return [r for r in records if r["key"] == key]


def test_json_is_one_array_of_rules_with_sources(capsys) -> None:
    records = run_json(capsys, "--place", "Shaoxing", "--date", "2023-01-01")
    assert isinstance(records, list) and records
    for r in records:
        assert set(r) >= FIELDS, r["key"]
        assert r["kind"] in ("parameter", "target")
        assert set(r["source"]) >= {"document", "clause"}
        if r["kind"] == "target":
            assert len(r["due"]) == 10
    [coverage] = by_key(records, "targets.township_workstation_coverage")
    assert (coverage["value"], coverage["due"], coverage["effective"]) == \
        (1.0, "2022-12-31", "2022-08-03")
    assert coverage["source"] == {"document": "sx-2022-29", "clause": "二"}
    assert [(o["value"], o["due"], o["jurisdiction"]) for o in coverage["overridden"]] == \
        [(0.3, "2022-12-31", "330000"), (0.8, "2025-12-31", "330000")]


def test_json_keeps_booleans_numbers_and_dates_plain(capsys) -> None:
    records = run_json(capsys, "--place", "140823", "--date", "2022-01-01")
    assert by_key(records, "intake.county_accepts_long_term")[0]["value"] is False
    assert by_key(records, "transfer.window_start")[0]["value"] == "2022-05-01"
    assert by_key(records, "roles.multiple_regional_allowed")[0]["value"] == 1
    assert by_key(records, "transfer.steps")[0]["value"][0] == "arrange"


@pytest.mark.parametrize("name", ["Zhuji", "zhuji shi", "ZhujiShi", "330681", "诸暨市"])
def test_a_place_may_be_named_by_code_or_pinyin(capsys, name: str) -> None:
    assert main(["rules", "--place", name, "--date", "2023-01-01"]) == 0
    assert capsys.readouterr().out.startswith("诸暨市 Zhuji (330681) on 2023-01-01")


def test_the_nation_and_any_rulebook_jurisdiction_are_places(capsys) -> None:
    national = run_json(capsys, "--place", "China", "--date", "2023-01-01")
    assert {r["jurisdiction"] for r in national} == {"100000"}
    huangshan = run_json(capsys, "--place", "341000", "--date", "2023-01-01")
    assert by_key(huangshan, "staffing.caregiver_ratio.self_care")[0]["value"] == 4


def test_plain_lines_when_piped(capsys) -> None:
    assert main(["rules", "--place", "Shaoxing", "--date", "2023-01-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "targets.township_workstation_coverage >= 1.0 by 2022-12-31 | from 2022-08-03 | " \
           "330600 | sx-2022-29 二 | displaces 0.3 by 2022-12-31 (330000 zj-14fyp indicator " \
           "row 4); 0.8 by 2025-12-31 (330000 zj-14fyp indicator row 4)" in lines


def test_a_scenario_adds_its_adoptions_and_assumptions(capsys) -> None:
    records = run_json(capsys, "--place", "Shangyu", "--date", "2023-01-01",
                       "--scenario", SHAOXING)
    [ratio] = by_key(records, "staffing.caregiver_ratio.full_care")
    assert (ratio["value"], ratio["origin"], ratio["jurisdiction"]) == (1, "adopted", "341000")
    assert "nearest published standard" in ratio["reason"]
    [start] = by_key(records, "transfer.window_start")
    assert (start["value"], start["origin"]) == ("2022-08-03", "assumption")


def test_an_unknown_place_is_exit_2_and_one_line(capsys) -> None:
    assert main(["rules", "--place", "Atlantis", "--date", "2023-01-01"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("cwplan rules: --place: unknown place 'Atlantis'")
    assert len(err.splitlines()) == 1 and "Shaoxing 330600" in err


@pytest.mark.parametrize("bad", ["2023-13-01", "01/01/2023", "2023-1-1", "tomorrow"])
def test_a_bad_date_is_exit_2_and_one_line(capsys, bad: str) -> None:
    assert main(["rules", "--place", "Shaoxing", "--date", bad]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"cwplan rules: --date: {bad!r} is not a date (YYYY-MM-DD, e.g. 2023-01-01)"
