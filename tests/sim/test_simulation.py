"""The simulation as a planner relies on it: balanced books, reproducible, monotone, lawful."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import plan as plans
from sim import rules
from sim.runner import replications, run_replication
from sim.scenario import load
from sim.streams import Streams
from sim.world import build

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(scope="module")
def shaoxing():
    scenario = load(SCENARIOS / "shaoxing.yaml")
    return scenario, rules.load(scenario)


@pytest.mark.parametrize("name", ["shaoxing", "yuncheng", "huangshan"])
def test_every_child_is_accounted_for_in_every_replication(name):
    """start + arrivals + transfers in = exits + transfers out + end, per institution."""
    scenario = load(SCENARIOS / f"{name}.yaml")
    results = sim.run(scenario, rules.load(scenario), replications=3, seed=5, workers=1)
    rows = results.accounting()
    assert rows and all(row["balanced"] for row in rows), [r for r in rows if not r["balanced"]]
    moved_out = sum(r["transfers_out"] for r in rows)
    moved_in = sum(r["transfers_in"] for r in rows)
    assert moved_in == moved_out


def test_same_seed_same_numbers_whatever_the_number_of_workers(shaoxing):
    scenario, rulebook = shaoxing
    world = build(scenario, rulebook, plans.status_quo(scenario))
    one = replications(world, 3, range(4), workers=1)
    two = replications(world, 3, range(4), workers=2)
    for a, b in zip(one, two, strict=True):
        assert a.index == b.index
        assert np.array_equal(a.daily, b.daily)
        assert np.array_equal(a.costs, b.costs)
        assert a.campaigns == b.campaigns


def test_a_new_stream_leaves_the_others_draws_unchanged():
    alone = Streams(42, 3)
    first = alone("arrivals.330602.infant").random(5)
    crowded = Streams(42, 3)
    crowded("something.new").random(100)
    assert np.array_equal(crowded("arrivals.330602.infant").random(5), first)
    assert not np.array_equal(Streams(42, 4)("arrivals.330602.infant").random(5), first)


def _more_caregivers(plan: plans.Plan, extra: int) -> plans.Plan:
    staff = {inst: {role: ({y: n + extra for y, n in by.items()} if role == "caregiver" else by)
                    for role, by in roles.items()} for inst, roles in plan.staff.items()}
    return dataclasses.replace(plan, staff=staff, name=f"{plan.name} +{extra} caregivers")


def test_the_same_children_arrive_and_leave_whatever_the_staffing(shaoxing):
    """Common random numbers: plans differing in staff see identical children's lives."""
    scenario, rulebook = shaoxing
    base = plans.status_quo(scenario)
    a = run_replication(build(scenario, rulebook, base), 9, 0)
    b = run_replication(build(scenario, rulebook, _more_caregivers(base, 5)), 9, 0)
    children = a.events["child"] >= 0
    assert np.array_equal(a.events["event"][children], b.events["event"][b.events["child"] >= 0])
    assert np.array_equal(a.daily[:, :, 0:7], b.daily[:, :, 0:7])


def test_more_caregivers_never_give_more_days_short_of_the_ratio(shaoxing):
    scenario, rulebook = shaoxing
    base = plans.status_quo(scenario)
    for index in range(3):
        few = run_replication(build(scenario, rulebook, base), 4, index)
        many = run_replication(build(scenario, rulebook, _more_caregivers(base, 10)), 4, index)
        assert np.array_equal(many.holding_days, few.holding_days)   # the same children
        assert np.all(many.compliant_days >= few.compliant_days)
        assert many.compliant_days.sum() > few.compliant_days.sum()


def test_a_later_deadline_is_never_less_likely_to_be_met(shaoxing):
    scenario, rulebook = shaoxing
    plan = plans.status_quo(scenario)
    world = build(scenario, rulebook, plan)
    tight = dataclasses.replace(world, campaigns=[
        dataclasses.replace(c, moved_by=c.start + 20) for c in world.campaigns])
    loose = dataclasses.replace(world, campaigns=[
        dataclasses.replace(c, moved_by=c.start + 60) for c in world.campaigns])
    met_tight = [r.campaigns for r in replications(tight, 2, range(6), workers=1)]
    met_loose = [r.campaigns for r in replications(loose, 2, range(6), workers=1)]
    for t_rep, l_rep in zip(met_tight, met_loose, strict=True):
        for t, lo in zip(t_rep, l_rep, strict=True):
            assert lo["met_moved_by"] >= t["met_moved_by"]
            assert lo["moved_by_deadline"] >= t["moved_by_deadline"]


def test_wenxi_long_term_child_stays_in_the_county_home_until_the_document_is_issued():
    """yc-2021-74 二: from 2021-12-30 Wenxi's home takes no new long-term child; the day
    before, the rule in force is the national one (a county home takes long-term children
    until it is transformed), and the decision cites it, not the later document."""
    scenario = load(SCENARIOS / "yuncheng.yaml")
    rulebook = rules.load(scenario)
    world = build(scenario, rulebook, plans.status_quo(scenario))
    from sim.model import Replication

    rep = Replication(world, 1, 0)
    wenxi = world.counties.index("140823")
    home = world.institutions[int(world.county_home[wenxi])]
    city = world.institutions[world.regional(wenxi, world.day_of(date(2021, 12, 30)))]
    before, rule_before = rep.long_term_home(wenxi, world.day_of(date(2021, 12, 29)))
    after, rule_after = rep.long_term_home(wenxi, world.day_of(date(2021, 12, 30)))
    assert world.institutions[before] == home
    assert "cn-2021-44" in rule_before and "yc-2021-74" not in rule_before
    assert world.institutions[after] == city
    assert "yc-2021-74 二" in rule_after


def test_a_departure_is_drawn_as_numpys_weighted_choice_draws_it():
    """The staff member who leaves is the one numpy's choice would pick, draw for draw."""
    from sim.attrition import weighted_index

    for seed in range(50):
        weights = np.random.default_rng(seed).integers(0, 30, 900) * np.where(
            np.random.default_rng(seed + 1).random(900) < 0.1, 0.25, 0.08)
        ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
        for _ in range(10):
            picked = weighted_index(ours.random(), weights)
            assert picked == int(numpys.choice(weights.size, p=weights / weights.sum()))
            weights[picked] = max(weights[picked] - 0.08, 0.0)


def test_a_replication_summed_up_a_few_days_at_a_time_is_summed_up_as_in_one_pass(
        shaoxing, monkeypatch):
    """A nation's days are summed up a few at a time (``World.day_runs``); a region's fit in
    one run a year. Runs of a few days give every figure a run of a year gives: first days
    over capacity, compliance counted from its first day, the professionals' share, each
    year's sums, the costs day by day."""
    scenario, rulebook = shaoxing
    world = build(scenario, rulebook, plans.status_quo(scenario))
    world.beds = world.beds // 2                    # so that some institutions overflow
    assert all(len(runs) == 1 for runs in world.day_runs(len(world.institutions) * 12))
    whole = run_replication(world, 5, 1)
    monkeypatch.setattr("sim.world.DAY_RUN", 7 * len(world.institutions) * 12)
    assert len(world.day_runs(len(world.institutions) * 12)[0]) > 40
    runs = run_replication(world, 5, 1)
    assert whole.over_capacity.any() and (whole.over_capacity_from > 0).any()
    for f in dataclasses.fields(whole):
        a, b = getattr(whole, f.name), getattr(runs, f.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b), f.name
        elif isinstance(a, dict) and f.name == "snapshots":
            assert a.keys() == b.keys() and all(np.array_equal(a[d], b[d]) for d in a)
