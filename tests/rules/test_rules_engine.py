"""The rulebook as the simulation uses it: fast, read-only, strict about rule keys."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from sim import rules

RATIO = "staffing.caregiver_ratio.self_care"


@pytest.fixture(scope="module")
def rb() -> rules.Rulebook:
    return rules.load_books(rules.bundled_books())


def test_a_misspelled_key_is_an_error_with_a_suggestion(rb) -> None:
    hint = re.escape("did you mean 'staffing.caregiver_ratio.self_care'")
    with pytest.raises(KeyError, match=hint):
        rb.resolve("staffing.caregiver_ratio.selfcare", "341000", date(2023, 1, 1))


def test_a_known_key_without_a_value_here_is_simply_absent(tmp_path) -> None:
    only_national = rules.load_books({"cn-2021-44": rules.bundled_books()["cn-2021-44"]})
    assert only_national.resolve("transfer.steps", "140823", date(2023, 1, 1)) is None
    assert only_national.value("transfer.steps", "140823", date(2023, 1, 1), default=()) == ()
    with pytest.raises(LookupError):
        only_national.value("transfer.steps", "140823", date(2023, 1, 1))


def test_values_are_read_only(rb) -> None:
    steps = rb.value("transfer.steps", "140800", date(2022, 1, 1))
    assert isinstance(steps, tuple)
    counties = rb.value("transfer.sending_counties", "330600", date(2023, 1, 1))
    with pytest.raises(TypeError):
        counties["counties"] = ()


def test_a_datetime_is_read_as_its_day(rb) -> None:
    assert rb.value(RATIO, "341000", datetime(2023, 1, 1, 23, 59)) == 4


def test_in_force_lists_parameters_once_and_every_target(rb) -> None:
    found = rb.in_force("330600", date(2023, 1, 1))
    parameters = [r.key for r in found if r.kind == "parameter"]
    assert len(parameters) == len(set(parameters))
    targets = [(r.key, r.due) for r in found if r.kind == "target"]
    assert ("targets.regional_institutions", date(2022, 12, 31)) in targets
    assert ("targets.regional_institutions", date(2025, 12, 31)) in targets
    assert [r for r in rb.targets("330600", date(2023, 1, 1))] == \
        [r for r in found if r.kind == "target"]


def test_baselines_are_kept_for_targets(rb) -> None:
    assert rb.baseline("targets.regional_institutions", "330600") == (6, date(2020, 12, 31))
    assert rb.baseline("targets.regional_institutions", "140800") is None


def test_resolving_answers_from_the_precomputed_step_function(rb) -> None:
    """Repeated questions get the same answer object: worked out once per key and place."""
    first = rb.resolve(RATIO, "341000", date(2024, 3, 1))
    assert rb.resolve(RATIO, "341000", date(2024, 3, 1)) is first
    assert rb.resolve(RATIO, "341000", date(2025, 7, 9)) is first


def test_judging_a_parameter_is_refused(rb) -> None:
    ratio = rb.resolve(RATIO, "341000", date(2023, 1, 1))
    with pytest.raises(ValueError, match="only targets are judged"):
        rb.judge(ratio, 4, date(2023, 1, 1))


def test_a_judgement_cites_its_clause(rb) -> None:
    target = rb.resolve("targets.township_workstation_coverage", "330600", date(2023, 1, 1))
    verdict = rb.judge(target, 0.95, date(2023, 1, 1))
    assert (verdict.status, verdict.required, verdict.due) == ("missed", 1.0, date(2022, 12, 31))
    assert verdict.cite == "targets.township_workstation_coverage (sx-2022-29 二)"


def test_caregivers_round_up_once_on_the_total(rb) -> None:
    on = date(2023, 6, 1)
    assert rules.caregivers_required(rb, "341000", on, {"self_care": 1, "semi_self_care": 1}) == 1
    assert rules.caregivers_required(rb, "341000", on, {"self_care": 5}) == 2
    assert rules.caregivers_required(rb, "341000", on, {}) == 0


def test_caregivers_without_a_ratio_in_force_stop_with_a_located_message(rb) -> None:
    message = re.escape("no rule gives staffing.caregiver_ratio")
    with pytest.raises(rules.MissingRule, match=message):
        rules.caregivers_required(rb, "330600", date(2023, 6, 1), {"self_care": 3})
    with pytest.raises(ValueError, match="not a care level"):
        rules.caregiver_ratio(rb, "341000", date(2023, 6, 1), "bedridden")


def test_no_campaign_where_nothing_says_when_it_starts(rb) -> None:
    assert rules.transfer_campaign(rb, "330604") is None


def test_a_campaign_cites_each_rule_once(rb) -> None:
    campaign = rules.transfer_campaign(rb, "140825")
    assert campaign.window_start == date(2022, 5, 1)
    assert campaign.cite.split("; ") == [
        "transfer.window_start (yc-2021-74 三(二)8)",
        "transfer.children_moved_by (yc-2021-74 二)",
        "transfer.work_complete_by (yc-2021-74 三(二)8)",
        "transfer.steps (yc-2021-74 三(二)8)",
        "transfer.grouping (yc-2021-74 三(一)1)",
    ]


def test_a_dated_fact_holds_through_its_last_day_and_no_longer(rb) -> None:
    """Zhejiang's 2020 average allowance (zj-14fyp 一(一)4) is the level of 2020, not a rule
    for the years after it."""
    key = "allowance.institution_orphan_yuan_per_month_2020"
    in_2020 = rb.resolve(key, "330600", date(2020, 12, 31))
    assert in_2020.value["institution"] == 2200 and in_2020.until == date(2020, 12, 31)
    assert rb.resolve(key, "330600", date(2021, 1, 1)) is None
    assert date(2021, 1, 1) in rb.changes(key, "330600")
