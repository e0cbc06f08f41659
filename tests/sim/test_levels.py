"""Rare outcomes as they happen, the one judgement rule on every level, and replications that
adapt: checked on a city home whose beds run short in a share of replications known from
theory (``tests.crowded``: 27.1 %).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import sim
from sim import rules
from sim.adaptive import until_decided
from sim.levels import Verdict, needed_replications, service_verdicts
from sim.monitor import BEDS, BY_CARE
from sim.results import occurrence
from sim.scenario import load
from tests.crowded import SHORT, crowded_city


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    scenario = load(crowded_city(tmp_path_factory.mktemp("crowded"),
                                 "bed_capacity_probability: 0.7"))
    rulebook = rules.load(scenario)
    return scenario, rulebook, sim.run(scenario, rulebook, replications=120, seed=11,
                                       workers=1, events=False)


def test_a_bed_shortage_is_reported_by_the_share_of_replications_it_happens_in(crowded):
    _, _, results = crowded
    city = results.institutions()[0]
    assert city["institution"] == "c"
    found = city["over_capacity_days"]
    assert "mean" not in found                        # no mean ± t for a mostly-zero count
    assert found["ci95"][0] <= SHORT <= found["ci95"][1]
    days = np.array([r.over_capacity[0] for r in results.replications])
    assert found["happened"] == int((days > 0).sum())
    assert found["p"] == pytest.approx((days > 0).mean())
    assert found["when"]["p50"] == np.median(days[days > 0])
    assert found["when"]["p90"] == pytest.approx(np.percentile(days[days > 0], 90))
    # the first day over capacity, read back from the daily records
    firsts = [int(np.flatnonzero(r.daily[:, 0, BY_CARE].sum(axis=1) > r.daily[:, 0, BEDS])[0])
              for r in results.replications if r.over_capacity[0]]
    assert found["when"]["first_date"] == results.world.date_of(min(firsts)).isoformat()
    total = results.kpis()["over_capacity_institution_days"]
    assert "mean" not in total and total["happened"] == found["happened"]


def test_a_few_cases_are_each_listed_with_their_start():
    found = occurrence([0] * 18 + [438, 454], [-1] * 18 + [1320, 929])
    assert (found["happened"], found["n"], found["p"]) == (2, 20, 0.1)
    assert found["when"]["cases"] == [{"days": 454.0, "first_day": 929},
                                      {"days": 438.0, "first_day": 1320}]
    assert found["when"]["min"] == 438 and found["when"]["max"] == 454
    assert "cases" not in occurrence([5, 6, 7, 8, 0], [1, 2, 3, 4, -1])["when"]
    assert occurrence([0, 0, 0])["when"] is None


def test_the_bed_level_straddled_by_its_interval_is_not_confirmed(crowded):
    scenario, _, results = crowded
    [beds] = [v for v in service_verdicts(scenario, results)
              if v.figure == "bed_capacity_probability"]
    assert beds.place == "c" and beds.interval == "wilson"
    assert beds.estimate == pytest.approx(1 - results.institutions()[0]["over_capacity_days"]["p"])
    assert beds.low < 0.7 < beds.high                 # 1 - 27 % against a level of 70 %
    assert beds.verdict == "not_confirmed"
    looser = scenario.service_levels.model_copy(update={"bed_capacity_probability": 0.5})
    [met] = service_verdicts(scenario.model_copy(update={"service_levels": looser}), results)
    assert met.verdict == "met" and met.low >= 0.5


def test_twenty_replications_cannot_confirm_ninety_five_percent():
    assert needed_replications(0.95) == 73
    z = 1.959963984540054
    assert 72 / (72 + z * z) < 0.95 <= 73 / (73 + z * z)     # Wilson's lower end, all met
    assert needed_replications(0.8) == math.ceil(z * z * 4)


def _figure(n: int, decided_from: int) -> Verdict:
    """A figure that is not confirmed until ``decided_from`` replications, then met."""
    state = "met" if n >= decided_from else "not_confirmed"
    return Verdict("ratio_compliance_days", "c", 0.95, "at_least", 0.96, 0.9, 1.0, state, n)


def test_batches_stop_as_soon_as_every_verdict_is_decided():
    asked = []

    def simulate(indices):
        asked.append(indices)
        return list(indices)

    settings = type("Batches", (), {"min": 20, "batch": 20, "max": 200, "width": 0.01})
    done, record = until_decided(simulate, lambda reps: [_figure(len(reps), 50)], settings)
    assert done == list(range(60))                       # 20, 40, then 60 decides it
    assert asked == [range(0, 20), range(20, 40), range(40, 60)]
    assert (record.batches, record.stopped, record.undecided) == (3, "decided", [])
    done, record = until_decided(simulate, lambda reps: [_figure(len(reps), 10**6)], settings)
    assert len(done) == 200 and record.stopped == "cap"
    assert [(u["place"], u["narrow"]) for u in record.undecided] == [("c", False)]


def test_a_run_stopped_by_narrow_intervals_still_lists_what_is_not_confirmed():
    """An interval narrower than the width stops the batches (more would not tell more), but
    the verdict is still "not confirmed": the record says so, and is not "decided"."""
    def figures(reps):
        n = len(reps)
        narrow = Verdict("ratio_compliance_days", "n", 0.95, "at_least", 0.95, 0.947,
                         0.953 if n >= 40 else 0.99, "not_confirmed", n)
        return [narrow, _figure(n, 20)]

    settings = type("Batches", (), {"min": 20, "batch": 20, "max": 200, "width": 0.01})
    done, record = until_decided(list, figures, settings)
    assert len(done) == 40 and record.stopped == "narrow"
    assert [(u["place"], u["verdict"], u["narrow"]) for u in record.undecided] == \
        [("n", "not_confirmed", True)]


def test_an_adaptive_run_equals_a_fixed_run_of_the_same_size(tmp_path):
    path = crowded_city(tmp_path, "bed_capacity_probability: 0.6",
                        "replications: auto, seed: 5, adaptive: {min: 10, batch: 10, "
                        "max: 120, width: 0.02}")
    scenario = load(path)
    rulebook = rules.load(scenario)
    adaptive = sim.run(scenario, rulebook, workers=2, events=False)
    record = adaptive.manifest["adaptive"]
    n = len(adaptive.replications)
    assert record["replications"] == n and record["stopped"] == "decided" and n < 120
    assert all(v.decided(0.02) for v in service_verdicts(scenario, adaptive))
    # one batch fewer and the level was still open: the run stopped when it was decided
    fewer = sim.run(scenario, rulebook, replications=n - 10, workers=1, events=False)
    assert not all(v.decided(0.02) for v in service_verdicts(scenario, fewer))
    fixed = sim.run(scenario, rulebook, replications=n, workers=1, events=False)
    for a, b in zip(adaptive.replications, fixed.replications, strict=True):
        assert a.index == b.index
        assert np.array_equal(a.daily, b.daily) and np.array_equal(a.costs, b.costs)
    assert adaptive.kpis() == fixed.kpis()
