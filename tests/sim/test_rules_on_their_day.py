"""A rule applies from the day it takes effect, not from the horizon's first day.

Yuncheng's plan (yc-2021-74) takes effect on 2021-12-30, inside the horizon, and the
national opinion (cn-2021-44) on 2021-05-11. The day before a rule takes effect the
simulation must act and cite as the rules then in force say; from that day on, as the new
rule says. Each routing rule that changes inside a bundled horizon is checked on the day
before and on the day itself, and then over simulated replications.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from sim import plan as plans
from sim import rules
from sim.journey_rules import leaving_days
from sim.lifecourse import DAYS_PER_YEAR
from sim.runner import run_replication
from sim.scenario import load
from sim.timeline import Timeline, timeline
from sim.world import build

SCENARIOS = Path(__file__).parents[2] / "scenarios"
NATIONAL, YUNCHENG = date(2021, 5, 11), date(2021, 12, 30)
WENXI, RUICHENG = "140823", "140830"


@pytest.fixture(scope="module")
def yuncheng():
    scenario = load(SCENARIOS / "yuncheng.yaml")
    rulebook = rules.load(scenario)
    return scenario, rulebook, build(scenario, rulebook, plans.status_quo(scenario))


def _day_before(day: date) -> date:
    return day - timedelta(days=1)


def test_a_timeline_holds_each_answer_from_its_change_day():
    line = timeline(lambda d: d >= date(2021, 12, 30), date(2021, 1, 1), 365 * 5,
                    [date(2021, 12, 30), date(2030, 1, 1)])
    assert line == Timeline((0, 363), (False, True))
    assert (line.at(362), line.at(363), line.at(-5), line.at(10**6)) == (False, True, False,
                                                                           True)
    assert line.first_day(bool) == 363 and line.first_day(bool, since=400) == 400


def test_the_city_home_must_take_every_child_from_the_national_opinion_on(yuncheng):
    _, _, w = yuncheng
    city = w.institutions.index("yc-city")
    before = w.accepts_all(city, w.day_of(_day_before(NATIONAL)))
    on = w.accepts_all(city, w.day_of(NATIONAL))
    assert before.value is False and "no rule" in before.cite
    assert on.value is True and "cn-2021-44" in on.cite
    # from Yuncheng's own plan on, its clause (应收尽收) is the one cited
    assert "cn-2021-44" in w.accepts_all(city, w.day_of(_day_before(YUNCHENG))).cite
    assert "yc-2021-74 三(一)1" in w.accepts_all(city, w.day_of(YUNCHENG)).cite


def test_an_infant_found_at_night_is_first_cared_for_by_its_county_from_2021_12_30(yuncheng):
    _, _, w = yuncheng
    county = w.counties.index(RUICHENG)
    before = w.emergency_first(county, w.day_of(_day_before(YUNCHENG)))
    on = w.emergency_first(county, w.day_of(YUNCHENG))
    assert before.value == "regional"
    assert on.value == "county_temporary_care"
    assert on.cite.startswith("intake.emergency_temporary_care_at_county (yc-2021-74 三(一)1)")


def test_events_cite_the_rule_in_force_on_their_own_day(yuncheng):
    _, _, w = yuncheng
    county = w.counties.index(RUICHENG)
    cite = lambda what, day: w.cite(what, county, w.day_of(day))  # noqa: E731
    assert cite("temporary", _day_before(NATIONAL)) == \
        "roles.protection_keeps_temporary_care (no rule)"
    assert "cn-2021-44" in cite("temporary", NATIONAL)
    assert "yc-2021-74 三(二)10" in cite("temporary", YUNCHENG)
    assert cite("hukou_registration", _day_before(NATIONAL)).endswith("(no rule)")
    assert "cn-2021-44" in cite("hukou_registration", NATIONAL)
    assert "yc-2021-74" in cite("hukou_registration", YUNCHENG)
    assert cite("died", YUNCHENG) == ""          # no rule drives a death


def test_the_wenxi_home_takes_long_term_children_until_the_day_before(yuncheng):
    _, _, w = yuncheng
    wenxi = w.counties.index(WENXI)
    assert w.switch_day[wenxi] == w.day_of(YUNCHENG)
    before = w.home_intake[wenxi].at(w.day_of(_day_before(YUNCHENG)))
    on = w.home_intake[wenxi].at(w.day_of(YUNCHENG))
    assert before.value is True and "cn-2021-44" in before.cite
    assert on.value is False and "yc-2021-74 二" in on.cite
    early = w.home_intake[wenxi].at(w.day_of(_day_before(NATIONAL)))
    assert early.value is True and early.cite.endswith("(no rule)")


@pytest.fixture
def later_adoption(shaoxing_copy):
    """Shaoxing with the Huangshan norms adopted only from 2022 and a 3-month assessment
    lead assumed before: the intake steps and the coming-of-age rules change in 2022."""
    scenario, _ = shaoxing_copy
    text = scenario.read_text(encoding="utf-8")
    text = text.replace("    effective: 2021-01-01\n", "    effective: 2022-01-01\n")
    text = text.replace("assume:\n", "assume:\n  placement.assessment_lead_months:\n"
                        "    - {value: 3, effective: 2021-01-01, source: \"test: 3 months\"}\n", 1)
    scenario.write_text(text, encoding="utf-8")
    loaded = load(scenario)
    rulebook = rules.load(loaded)
    return build(loaded, rulebook, plans.status_quo(loaded))


def test_an_infant_found_before_the_announcement_rule_has_no_announcement_period(
        later_adoption):
    w = later_adoption
    change = w.day_of(date(2022, 1, 1))
    before = dict((s, (d, c)) for s, d, c in w.intake_steps(0, change - 1))
    on = dict((s, (d, c)) for s, d, c in w.intake_steps(0, change))
    assert before["search_announcement"] == (0.0, "intake.announcement_days (no rule)")
    assert on["search_announcement"][0] == 60.0
    assert "hs-2023" in on["search_announcement"][1]


def test_the_assessment_before_18_follows_the_lead_in_force_on_its_day(later_adoption):
    w = later_adoption
    adult = 18 * DAYS_PER_YEAR
    change = w.day_of(date(2022, 1, 1))
    # turns 18 in mid-2021: assessed 3 months before, under the assumption then in force
    early = 200 - adult
    assert leaving_days(w.leaving[0], early) == pytest.approx(
        (early + adult - 3 * DAYS_PER_YEAR / 12, early + adult))
    # turns 18 in mid-2023: assessed 6 months before, under the adopted rule of 2022
    late = 900 - adult
    assessed, out = leaving_days(w.leaving[0], late)
    assert out == pytest.approx(late + adult)
    assert assessed == pytest.approx(late + adult - 6 * DAYS_PER_YEAR / 12)
    # 6 months before would be in 2021, when only 3 months applied: assessed the day the
    # new rule makes it due
    edge = change + 100 - adult
    assert leaving_days(w.leaving[0], edge)[0] == pytest.approx(change)


def _events(rep, w):
    ev = rep.events
    names = np.array(rep.rules)[ev["rule"].astype(int)]
    return ev, names


def test_yuncheng_counties_care_for_night_infants_only_from_the_plan_on(yuncheng):
    _, _, w = yuncheng
    change = w.day_of(YUNCHENG)
    counts = Counter()
    for index in range(4):
        ev, names = _events(run_replication(w, 7, index), w)
        night = ev["event"] == "infant_emergency_care"
        counts["before"] += int((night & (ev["day"] < change)).sum())
        counts["after"] += int((night & (ev["day"] >= change)).sum())
        assert all("yc-2021-74" in n for n in names[night])
    assert counts["before"] == 0 and counts["after"] > 0


def test_a_full_city_home_makes_children_wait_only_until_a_rule_obliges_it(yuncheng):
    """With two free beds and many more children the city home is soon full: before
    2021-05-11 no rule obliges it to take every child, so children wait for a bed; from that
    day every child sent to it is admitted."""
    _, _, w = yuncheng
    city = w.institutions.index("yc-city")
    small = w.beds.copy()
    small[:, city] = 2
    full = dataclasses.replace(w, beds=small, arrival_segments={
        key: [(a, b, r * (60 if key[1] == "long_term" else 1)) for a, b, r in segs]
        for key, segs in w.arrival_segments.items()})
    change = w.day_of(NATIONAL)
    waited = placed_late = 0
    for index in range(3):
        ev, _ = _events(run_replication(full, 3, index), full)
        waits = ev["event"] == "waiting_for_bed"
        assert not (waits & (ev["day"] >= change)).any()
        waiting = set(ev["child"][waits])
        waited += len(waiting)
        placed = {c: d for c, d, e, dst in zip(ev["child"], ev["day"], ev["event"],
                                               ev["to_institution"], strict=True)
                  if e == "placed" and dst == city and c in waiting}
        assert set(placed) == waiting                    # nobody is left waiting
        placed_late += sum(d <= change + 1e-9 for d in placed.values())
    assert waited > 0 and placed_late == waited


def test_wenxi_children_go_to_the_county_home_before_and_to_the_city_from_the_plan(
        yuncheng):
    _, _, w = yuncheng
    wenxi = w.counties.index(WENXI)
    home, city = int(w.county_home[wenxi]), w.institutions.index("yc-city")
    lt = dataclasses.replace(w, arrival_segments={
        key: [(a, b, r * (40 if key == (wenxi, "long_term") else 1)) for a, b, r in segs]
        for key, segs in w.arrival_segments.items()})
    ev, _ = _events(run_replication(lt, 5, 0), lt)
    mine = (ev["county"] == wenxi) & (ev["event"] == "placed") & (ev["from_institution"] < 0)
    day, dest = ev["day"][mine], ev["to_institution"][mine]
    change = w.day_of(YUNCHENG)
    assert set(dest[day < change]) == {home}
    assert set(dest[day >= change]) == {city}
