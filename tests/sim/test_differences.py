"""A difference between two runs and its interval: paired replications (common random
numbers) against independent ones, on a case whose true difference is known."""

from __future__ import annotations

import numpy as np
import pytest

from sim.differences import difference

TRUE = 3.0          # run B's figure is run A's plus this, replication by replication


def _runs(seed: int, n: int = 20):
    """Replication i's figure: a large share common to both runs (the same children and
    arrivals), a small share of its own, and B's true excess."""
    rng = np.random.default_rng(seed)
    common = rng.normal(100, 20, n)
    a = common + rng.normal(0, 1, n)
    b = common + TRUE + rng.normal(0, 1, n)
    return a, b


def test_the_paired_interval_is_narrower_and_contains_the_true_difference():
    a, b = _runs(1)
    paired = difference(a, b, paired=True)
    unpaired = difference(a, b, paired=False)
    assert paired["method"] == "paired" and unpaired["method"] == "unpaired"
    width = [d["ci95"][1] - d["ci95"][0] for d in (paired, unpaired)]
    assert width[0] < width[1] / 5
    assert paired["ci95"][0] <= TRUE <= paired["ci95"][1]
    assert paired["mean"] == pytest.approx(unpaired["mean"])


def test_paired_intervals_cover_the_true_difference_about_95_times_in_100():
    covered = sum(d["ci95"][0] <= TRUE <= d["ci95"][1]
                  for d in (difference(*_runs(seed), paired=True) for seed in range(400)))
    assert 0.92 <= covered / 400 <= 0.98


def test_shares_of_replications_get_an_interval_even_when_all_agree():
    met = np.ones(20)
    same = difference(met, met, paired=True, binary=True)
    assert same["mean"] == 0 and same["ci95"][0] < 0 < same["ci95"][1]
    assert same["ci95"][1] < 0.2
    worse = np.array([1.0] * 10 + [0.0] * 10)
    paired = difference(met, worse, paired=True, binary=True)
    assert paired["ci95"][0] <= -0.5 <= paired["ci95"][1] and paired["ci95"][1] < 0
