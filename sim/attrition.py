"""Who leaves: one staff member drawn among a region's thousands, in time that does not grow
with the region.

The staff member who leaves is drawn in proportion to each one's attrition, as
``rng.choice(n, p=weights / weights.sum())`` draws it: one uniform number ``u``, and the
index at which the normalized cumulative sums of the weights first exceed ``u``. Done over
every role of every institution, that is a pass over the whole region for each departure,
and a nation has tens of thousands of departures a replication.

:class:`Departures` keeps the weights with the sums of blocks of them, so that the index is
found from the block sums and one block. Its cumulative sums are not numpy's to the last
bit (they are added in another order), so the index found is taken only when ``u`` lies
clearly inside its interval, farther from both ends than the rounding of either sum could
reach; otherwise (about two draws in a billion) the whole pass is made. Either way the
index is numpy's own, draw for draw, and so is every number the simulation derives from it.
"""

from __future__ import annotations

import math

import numpy as np

_EPS = 2.0 ** -53


def weighted_index(u: float, weights: np.ndarray) -> int:
    """The index ``rng.choice(len(weights), p=weights / weights.sum())`` draws with the
    uniform ``u`` (the same cumulative sums, the same comparison), without its checks of
    ``p``, which take as long as the draw for a region of thousands of institutions."""
    p = weights / weights.sum()
    cdf = p.cumsum()
    cdf /= cdf[-1]
    return int(cdf.searchsorted(u, side="right"))


class Departures:
    """The weights of a departure draw (heads × attrition per day, institution by role) and
    their block sums, updated where one person leaves."""

    def __init__(self, size: int):
        self.block = max(64, math.isqrt(size))
        self.weights = np.zeros(size)
        self.sums = np.zeros(-(-size // self.block))
        # numpy's sums and ours each err by at most a few units of the last place per term
        # added; 16 times that, and never less than 1e-9, is the margin a draw must clear
        self.margin = max(1e-9, 16 * (size + 64) * _EPS)

    def refresh(self, heads: np.ndarray, rate: np.ndarray) -> float:
        """All weights anew (heads [I, R], rate [I]); returns their sum."""
        self.weights = (heads * rate[:, None]).ravel()
        padded = np.zeros(self.sums.size * self.block)
        padded[:self.weights.size] = self.weights
        self.sums = padded.reshape(-1, self.block).sum(axis=1)
        return self.total()

    def total(self) -> float:
        """The departure rate: the weights' sum, as numpy adds the whole array."""
        return float(self.weights.sum())

    def leave(self, who: int, weight: float) -> None:
        """The weight at ``who`` becomes ``weight`` (one fewer on that institution's roll)."""
        self.weights[who] = weight
        b = who // self.block
        self.sums[b] = self.weights[b * self.block:(b + 1) * self.block].sum()

    def draw(self, u: float) -> int:
        """The index numpy's weighted choice gives for the uniform ``u``."""
        found = self._by_blocks(u)
        return weighted_index(u, self.weights) if found is None else found

    def _by_blocks(self, u: float) -> int | None:
        """The index from the block sums, or None when ``u`` is too near an end of it."""
        ends = self.sums.cumsum()
        whole = float(ends[-1])
        if not whole > 0:
            return None
        wanted = u * whole
        b = int(ends.searchsorted(wanted, side="right"))
        if b >= ends.size:
            return None
        before = float(ends[b - 1]) if b else 0.0
        start = b * self.block
        inside = before + self.weights[start:start + self.block].cumsum()
        j = int(inside.searchsorted(wanted, side="right"))
        if j >= inside.size:
            return None
        low = (float(inside[j - 1]) if j else before) / whole
        high = float(inside[j]) / whole
        if not (low + self.margin <= u < high - self.margin):
            return None
        return start + j
