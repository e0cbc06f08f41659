"""The staff member who leaves, found from block sums, is the one numpy's choice picks."""

from __future__ import annotations

import numpy as np

from sim.attrition import Departures, weighted_index


def _region(seed: int, institutions: int) -> tuple[np.ndarray, np.ndarray]:
    """Heads [I, 3] and a day's attrition [I], some institutions in transition."""
    rng = np.random.default_rng(seed)
    heads = rng.integers(0, 40, (institutions, 3))
    heads[rng.random(institutions) < 0.2] = 0            # closed homes, empty roles
    rate = np.where(rng.random(institutions) < 0.1, 0.25 / 365.25, 0.08 / 365.25)
    return heads, rate


def test_every_departure_is_numpys_weighted_choice_as_people_leave():
    """A nation-sized roll: draw after draw, with the roll shrinking by the one who left,
    the index and the departure rate are numpy's to the last bit."""
    for seed, institutions in ((1, 9300), (2, 700), (3, 6)):
        heads, rate = _region(seed, institutions)
        departures = Departures(heads.size)
        total = departures.refresh(heads, rate)
        ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
        for _ in range(min(300, int(heads.sum()))):
            weights = (heads * rate[:, None]).ravel()
            assert total == float((heads * rate[:, None]).sum())
            who = departures.draw(ours.random())
            assert who == int(numpys.choice(weights.size, p=weights / weights.sum()))
            inst, role = divmod(who, 3)
            assert heads[inst, role] > 0                     # nobody leaves an empty post
            heads[inst, role] -= 1
            departures.leave(who, heads[inst, role] * rate[inst])
            total = departures.total()


def test_a_draw_too_near_an_interval_end_takes_the_whole_pass():
    """With ``u`` on the edge of an interval the block sums cannot decide, the index is
    still numpy's: found by the whole pass."""
    heads, rate = _region(4, 2000)
    departures = Departures(heads.size)
    departures.refresh(heads, rate)
    weights = (heads * rate[:, None]).ravel()
    cdf = np.cumsum(weights / weights.sum())
    cdf /= cdf[-1]
    for k in (10, 999, 4000, 5998):
        edge = float(cdf[k])
        for u in (np.nextafter(edge, 0), edge, np.nextafter(edge, 1)):
            assert departures._by_blocks(u) is None
            assert departures.draw(u) == weighted_index(u, weights) == int(
                cdf.searchsorted(u, side="right"))
    inside = [m for m in range(1, weights.size) if weights[m] > 0][::500]
    for m in inside:                # well inside an interval: the block sums decide alone
        assert departures._by_blocks(0.5 * (cdf[m - 1] + cdf[m])) == m
