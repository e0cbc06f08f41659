"""The statistics every report quotes: means with intervals that make sense for what they count."""

import numpy as np
import pytest
from scipy import stats

from sim.results import describe, probability


def test_a_rare_count_has_no_interval_below_zero():
    # one replication in twenty with 300 days over capacity, the rest none
    days = [0] * 19 + [300]
    row = describe(days)
    assert row["mean"] == pytest.approx(15.0)
    assert row["ci95"][0] == 0.0
    assert row["ci95"][1] > row["mean"]


def test_a_share_has_no_interval_above_one():
    row = describe([1.0] * 18 + [0.5, 0.7], high=1.0)
    assert row["ci95"][1] == 1.0
    assert row["ci95"][0] < row["mean"] < 1.0


def test_inside_the_range_the_interval_is_students_t():
    x = np.random.default_rng(7).normal(100.0, 10.0, size=30)
    half = stats.t.ppf(0.975, 29) * x.std(ddof=1) / np.sqrt(30)
    assert describe(x)["ci95"] == pytest.approx([x.mean() - half, x.mean() + half])
    wider = describe(x, confidence=0.99)["ci95"]
    assert wider[0] < x.mean() - half and wider[1] > x.mean() + half


def test_a_probability_interval_stays_within_zero_and_one():
    assert probability(20, 20)["ci95"][1] == 1.0
    assert probability(0, 20)["ci95"][0] == 0.0
    assert 0.0 < probability(0, 20)["ci95"][1] < 0.2


@pytest.mark.parametrize("n", [1, 2, 7, 8, 9, 100, 129])
def test_each_row_described_at_once_is_described_as_alone(n):
    """A nation's cost tables describe their figures all at once: each row gets, to the
    last bit, the mean, interval and percentiles it gets described by itself."""
    from sim.results import describe_each

    rng = np.random.default_rng(n)
    samples = np.vstack([rng.lognormal(12, 2, (40, n)).round(2),
                         rng.integers(0, 3, (40, n)), rng.random((40, n))])
    for low, high, confidence in ((0.0, None, 0.95), (0.0, 1.0, 0.99), (None, None, 0.9)):
        for row, found in zip(samples, describe_each(samples, low, high, confidence),
                              strict=True):
            alone = describe(row.tolist(), low, high, confidence)
            assert repr(found) == repr(alone)
            half = (stats.t.ppf(0.5 + confidence / 2, n - 1) * row.std(ddof=1) / np.sqrt(n)
                    if n > 1 else 0.0)
            assert found["mean"] == pytest.approx(row.mean())
            assert found["ci95"][1] == pytest.approx(
                row.mean() + half if high is None else min(row.mean() + half, high))


def test_the_t_quantile_is_scipys():
    """The interval's t quantile is scipy.stats' to the last bit, for whole and fractional
    degrees of freedom (Welch's)."""
    from scipy import stats

    from sim.results import student_t

    for df in (1, 2, 4, 19, 99, 119, 1999, 7.3, 41.8):
        for p in (0.975, 0.95, 0.995):
            assert student_t(p, df) == float(stats.t.ppf(p, df))
