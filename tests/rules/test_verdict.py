"""The one judgement rule: met only when the whole interval clears the level."""

from datetime import date

import pytest

from sim.rules import Estimate, verdict
from sim.rules.judging import judge
from sim.rules.model import Resolved, Source

CASES = [
    # (value, low, high, compare, level, verdict)
    (0.97, 0.96, 0.98, "at_least", 0.95, "met"),
    (0.95, 0.76, 0.99, "at_least", 0.95, "not_confirmed"),   # the point estimate is no proof
    (1.00, 0.72, 1.00, "at_least", 0.95, "not_confirmed"),
    (0.86, 0.80, 0.90, "at_least", 0.95, "missed"),
    (0.95, 0.95, 0.95, "at_least", 0.95, "met"),             # a plain number on the level
    (3.0, 0.0, 9.0, "at_most", 5.0, "not_confirmed"),
    (2.0, 1.0, 4.0, "at_most", 5.0, "met"),
    (8.0, 6.0, 9.0, "at_most", 5.0, "missed"),
]


@pytest.mark.parametrize(("value", "low", "high", "compare", "level", "expected"), CASES)
def test_verdict_by_the_interval_not_the_point(value, low, high, compare, level, expected):
    assert verdict(Estimate(value, low, high), compare, level) == expected


def _target(due: date) -> Resolved:
    return Resolved(key="targets.protection_center_operation_rate", value=0.7, kind="target",
                    effective=date(2021, 5, 11), due=due, jurisdiction="330000",
                    source=Source("zj-14fyp", "indicator row 3"), quote="", origin="rulebook",
                    unit="share", description="", compare="at_least")


def test_a_target_judged_on_an_interval_waits_for_its_due_date():
    target = _target(date(2022, 12, 31))
    straddles = Estimate(0.7, 0.6, 0.8)
    assert judge(target, straddles, date(2022, 6, 30)).status == "not_yet_due"
    assert judge(target, straddles, date(2022, 12, 31)).status == "not_yet_due"
    assert judge(target, straddles, date(2023, 1, 1)).status == "not_confirmed"
    assert judge(target, Estimate(0.5, 0.4, 0.6), date(2023, 1, 1)).status == "missed"
    assert judge(target, Estimate(0.9, 0.8, 1.0), date(2022, 1, 1)).status == "met"
