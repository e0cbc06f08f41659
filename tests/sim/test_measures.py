"""The measures the targets are judged on, checked as a reviewer would check them by hand on
Shaoxing (6 counties, 103 townships; 4 county homes; centers at Yuecheng and Keqiao)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sim import measures
from sim.measures import State
from sim.monitor import BY_CARE, DAILY_FIELDS, REQUIRED, STAFF, added
from sim.scenario import ImplementationPlan, load_region

REGIONS = Path(__file__).parents[2] / "scenarios" / "regions"
ON = date(2022, 12, 31)
HOMES = {"330604": "sx-shangyu", "330681": "sx-zhuji", "330683": "sx-shengzhou",
         "330624": "sx-xinchang"}


@pytest.fixture(scope="module")
def shaoxing():
    return load_region(REGIONS / "shaoxing.yaml")


def _state(region, **changes) -> State:
    base = State(on=ON, roles={i.id: "county_home" if i.kind == "county_welfare_home" else
                               "regional" if i.regional else "protection_center"
                               for i in region.institutions},
                 centers={}, handed_over=frozenset(), workstations={}, built=(),
                 staff={i.id: (i.staff.caregiver, i.staff.professional, i.staff.other)
                        for i in region.institutions}, homes=HOMES)
    return replace(base, **changes)


def test_workstation_coverage_is_townships_with_a_workstation_over_townships(shaoxing):
    found = measures.workstation_coverage(shaoxing, "330600",
                                          _state(shaoxing, workstations={"330602": 17}))
    assert (found.numerator, found.denominator) == (17, 103)
    assert found.value == pytest.approx(17 / 103)


def test_the_operation_rate_counts_a_center_per_county_and_one_for_the_city(shaoxing):
    """Seven centers: six counties and the city. A county home that has handed over is its
    county's center; the others run as entities only where set up as such."""
    state = _state(shaoxing, handed_over=frozenset({"sx-shangyu", "sx-zhuji"}),
                   centers={"330602": True, "330600": False})
    rate = measures.operation_rate(shaoxing, "330600", state)
    assert (rate.numerator, rate.denominator) == (3, 7)
    county = measures.county_centers_operating(shaoxing, "330600", state)
    assert (county.numerator, county.denominator) == (3, 6)
    everything = replace(state, handed_over=frozenset(HOMES.values()),
                         centers={"330602": True, "330603": True, "330600": True})
    assert measures.operation_rate(shaoxing, "330600", everything).value == 1.0


def test_a_province_count_is_not_taken_from_one_city(shaoxing):
    found = measures.regional_institutions(shaoxing, "330000", _state(shaoxing))
    assert found.value is None and found.note == "note.partial"
    assert measures.regional_institutions(shaoxing, "330600", _state(shaoxing)).value == 1


def test_new_and_renovated_count_regional_institutions_with_a_building_ready(shaoxing):
    ready = _state(shaoxing, built=(("sx-city", "renovation"),))
    assert measures.new_regional_institutions(shaoxing, "330600", ready).value == \
        {"new": 0, "renovated": 1}
    closed = replace(ready, roles={**ready.roles, "sx-city": "closed"})
    assert measures.new_regional_institutions(shaoxing, "330600", closed).value == \
        {"new": 0, "renovated": 0}


def test_professional_share_is_professionals_over_staff_of_open_institutions(shaoxing):
    state = _state(shaoxing)
    open_ = [i for i in shaoxing.institutions]
    total = sum(i.staff.caregiver + i.staff.professional + i.staff.other for i in open_)
    professionals = sum(i.staff.professional for i in open_)
    found = measures.professional_share(shaoxing, "330000", state)
    assert (found.numerator, found.denominator) == (professionals, total)
    closed = replace(state, roles={**state.roles, "sx-city": "closed"})
    assert measures.professional_share(shaoxing, "330000", closed).denominator == total - 46


def test_transformation_is_complete_when_every_county_home_has_handed_over(shaoxing):
    three = _state(shaoxing, handed_over=frozenset(list(HOMES.values())[:3]))
    assert measures.transformation_complete(shaoxing, "330600", three).value is False
    four = _state(shaoxing, handed_over=frozenset(HOMES.values()))
    assert measures.transformation_complete(shaoxing, "330600", four).value is True


def test_the_implementation_plan_is_judged_on_its_date_of_issue(shaoxing):
    on = date(2021, 8, 31)
    state = _state(shaoxing, on=on)
    undated = measures.implementation_plan(shaoxing, "100000", state)
    assert undated.value is None and undated.note == "note.plan_undated"
    [record] = shaoxing.implementation_plans
    for issued, expected in ((date(2021, 8, 20), True), (date(2021, 9, 15), False)):
        dated = shaoxing.model_copy(update={"implementation_plans": [
            ImplementationPlan(**{**record.model_dump(), "issued": issued})]})
        assert measures.implementation_plan(dated, "100000", state).value is expected
    none = shaoxing.model_copy(update={"implementation_plans": []})
    assert measures.implementation_plan(none, "100000", state).note == "note.no_plan_record"


def test_ratio_compliance_counts_only_days_with_children_from_the_first_day_counted():
    """Ten days at one institution: no child on days 0-3, children from day 4; enough
    caregivers on days 4-6 and 9. Counted from day 2: 4 of the 6 days holding children."""
    daily = np.zeros((10, 1, len(DAILY_FIELDS)), np.int32)
    daily[4:, 0, BY_CARE.start] = 3
    daily[:, 0, REQUIRED] = 2
    daily[[4, 5, 6, 9], 0, measures.CAREGIVERS] = 2
    compliant, holding = measures.ratio_compliance(daily, first_day=2)
    assert (int(compliant[0]), int(holding[0])) == (4, 6)


def test_a_records_fields_are_added_as_numpy_sums_them():
    """Children in residence and staff on the roll, added field by field, are numpy's sums
    to the bit: the same type for counts, the same rounding for yuan (up to seven fields)."""
    rng = np.random.default_rng(3)
    daily = rng.integers(0, 40, (30, 7, len(DAILY_FIELDS))).astype(np.int32)
    for fields in (BY_CARE, STAFF):
        got, want = added(daily, fields), daily[:, :, fields].sum(axis=2)
        assert got.dtype == want.dtype and np.array_equal(got, want)
    yuan = rng.random((30, 7, 7)) * 10.0 ** rng.integers(-3, 7, (30, 7, 7))
    for k in range(1, 8):
        assert np.array_equal(added(yuan, slice(0, k)), yuan[:, :, :k].sum(axis=2))
    assert not np.array_equal(added(yuan, slice(0, 7)), yuan[:, :, ::-1].sum(axis=2))
