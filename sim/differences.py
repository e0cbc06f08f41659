"""How sure a difference between two runs is: paired replications, or independent ones.

Replication i of two runs played with the same seed draws the same arrivals, children and
durations wherever the runs' inputs agree (common random numbers, ``sim.streams``); the
difference of the two runs' figures, replication by replication, then varies far less
than either figure, and its interval is correspondingly narrow. Runs with different seeds
or replications share nothing, and their difference gets the wider interval of two
independent samples. ``difference`` chooses and says which it used.

Means get Student's t (paired: on the differences; independent: Welch). Shares of
replications in which something happened (0/1 per replication) get Newcombe's hybrid score
interval, paired or independent, which stays sensible when every replication agrees.
"""

from __future__ import annotations

import math

import numpy as np

from sim.results import student_t, wilson


def difference(a, b, paired: bool, binary: bool = False) -> dict:
    """b − a with its 95 % interval: ``{"mean", "ci95", "n", "method"}``.

    ``paired`` says replication i of ``a`` and of ``b`` share their random numbers (same
    seed, same replication index); ``binary`` that each value is 0 or 1.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if paired and len(a) != len(b):
        raise ValueError("paired replications come in equal numbers")
    if binary:
        low, high = (_paired_shares if paired else _independent_shares)(a, b)
    else:
        low, high = (_paired_means if paired else _welch)(a, b)
    return {"mean": float(b.mean() - a.mean()), "ci95": [low, high],
            "n": [len(a), len(b)], "method": "paired" if paired else "unpaired"}


def _t(df: float) -> float:
    return student_t(0.975, df) if df > 0 else math.inf


def _paired_means(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    d = b - a
    n = len(d)
    if n < 2:
        return -math.inf, math.inf
    half = _t(n - 1) * d.std(ddof=1) / math.sqrt(n)
    return float(d.mean() - half), float(d.mean() + half)


def _welch(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return -math.inf, math.inf
    va, vb = a.var(ddof=1) / na, b.var(ddof=1) / nb
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1)) if se > 0 else na + nb - 2
    centre = b.mean() - a.mean()
    return float(centre - _t(df) * se), float(centre + _t(df) * se)


def _newcombe(pa: float, a_ends: tuple, pb: float, b_ends: tuple,
              phi: float) -> tuple[float, float]:
    """Newcombe (1998) hybrid score interval of pb − pa (method 10; phi 0 when independent)."""
    la, ua = a_ends
    lb, ub = b_ends
    theta = pb - pa
    below = math.sqrt(max((pb - lb) ** 2 - 2 * phi * (pb - lb) * (ua - pa) + (ua - pa) ** 2, 0))
    above = math.sqrt(max((ub - pb) ** 2 - 2 * phi * (ub - pb) * (pa - la) + (pa - la) ** 2, 0))
    return max(-1.0, theta - below), min(1.0, theta + above)


def _paired_shares(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    n = len(a)
    both = float(np.sum((a > 0) & (b > 0)))
    only_a = float(np.sum((a > 0) & (b == 0)))
    only_b = float(np.sum((a == 0) & (b > 0)))
    neither = n - both - only_a - only_b
    denominator = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    phi = (both * neither - only_a * only_b) / math.sqrt(denominator) if denominator else 0.0
    sa, sb = both + only_a, both + only_b
    return _newcombe(sa / n, wilson(sa, n), sb / n, wilson(sb, n), phi)


def _independent_shares(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    sa, sb = float(np.sum(a > 0)), float(np.sum(b > 0))
    return _newcombe(sa / len(a), wilson(sa, len(a)), sb / len(b), wilson(sb, len(b)), 0.0)
