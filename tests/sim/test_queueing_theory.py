"""The simulation against queueing theory.

Under a what-if that lets the city home make children wait for a free bed, a one-county
region with Poisson arrivals and exponential stays is an M/M/c queue with the beds as
servers. Over seeded replications, with the first two years cut as warm-up, the model must
reproduce Erlang C's probability of waiting and the mean number of children in the system,
and Little's law must hold between the time-average census and the children's times in care.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import rules
from sim.scenario import load

DATA = Path(__file__).parent / "data"
WARM_UP_DAYS = 2 * 365


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival waits in an M/M/c queue with offered load λ/μ."""
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    return top / (sum(load**k / math.factorial(k) for k in range(servers)) + top)


@pytest.fixture(scope="module")
def queue_run():
    scenario = load(DATA / "queue.yaml")
    results = sim.run(scenario, rules.load(scenario), replications=24, seed=11, workers=1)
    return scenario, results


def _per_replication(results, statistic) -> np.ndarray:
    return np.array([statistic(rep) for rep in results.replications])


def _waited(rep) -> float:
    """Share of children arriving after the warm-up and placed who had to wait for a bed
    (a child who finds a free bed is placed at once; one who does not waits first)."""
    ev = rep.events
    day, event, child = ev["day"], ev["event"], ev["child"]
    asked = {c: d for c, d, e in zip(child, day, event, strict=True) if e == "waiting_for_bed"}
    placed = {c: d for c, d, e in zip(child, day, event, strict=True) if e == "placed"}
    late = [c for c in placed if asked.get(c, placed[c]) >= WARM_UP_DAYS]
    return float(np.mean([c in asked and placed[c] > asked[c] + 1e-9 for c in late]))


def _in_system(rep) -> float:
    """Time-average number of children waiting or in a bed, after the warm-up."""
    return float(rep.daily[WARM_UP_DAYS:, :, 0:3].sum(axis=(1, 2)).mean())


def test_probability_of_waiting_is_erlang_c(queue_run):
    scenario, results = queue_run
    c = scenario.region.institution("q-city").beds
    a = 40 / 10
    waited = _per_replication(results, _waited)
    theory = erlang_c(c, a)
    half = 3 * waited.std(ddof=1) / math.sqrt(len(waited))
    assert abs(waited.mean() - theory) < max(half, 0.02), (waited.mean(), theory)


def test_mean_number_in_system_is_erlang_c(queue_run):
    scenario, results = queue_run
    c = scenario.region.institution("q-city").beds
    a, rho = 40 / 10, 40 / 10 / c
    theory = erlang_c(c, a) * rho / (1 - rho) + a          # L = Lq + λ/μ
    in_system = _per_replication(results, _in_system)
    half = 3 * in_system.std(ddof=1) / math.sqrt(len(in_system))
    assert abs(in_system.mean() - theory) < max(half, 0.03 * theory), (in_system.mean(), theory)


def test_littles_law_holds_on_the_census(queue_run):
    """L = λW: the time-average census equals the arrival rate times the mean time in care."""
    _, results = queue_run
    for rep in results.replications:
        ev = rep.events
        rows = list(zip(ev["child"], ev["day"], ev["event"], strict=True))
        # a child arrives either waiting for a bed or placed at once
        start: dict = {}
        for c, d, e in rows:
            if e in ("waiting_for_bed", "placed"):
                start.setdefault(c, d)
        end = {c: d for c, d, e in rows if e == "adopted"}
        horizon = rep.daily.shape[0]
        window = horizon - WARM_UP_DAYS
        arrived = [c for c, s in start.items() if s >= WARM_UP_DAYS]
        lam = len(arrived) / window
        # sojourns of children who arrived in the window and left before it closed
        sojourns = [end[c] - start[c] for c in arrived if c in end]
        assert len(sojourns) > 0.9 * len(arrived)
        assert _in_system(rep) == pytest.approx(lam * np.mean(sojourns), rel=0.1)
