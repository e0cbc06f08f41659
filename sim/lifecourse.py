"""A child's course through care, drawn once when the child enters long-term care.

Once in long-term guardianship a child may move into a foster family and back, be adopted,
die, change care level when infancy ends, and finally age out at 18 after an assessment.
The yearly hazards of these events depend on the child's age band and care level only, so
the whole course can be drawn at entry, piece by piece between the birthdays where a
hazard changes (competing exponential risks are exact within each piece); the days of the
assessment and of leaving care follow the rules in force on those days. Drawing it up
front from the child's own stream means that two plans run with the same seed see the
same children leave care on the same days: only where they live and who cares for them
differ.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from sim.scenario import AGE_BANDS, CARE_LEVELS

DAYS_PER_YEAR = 365.25
BAND_STARTS = (0, 3, 6, 12, 15)     # the lower ages of AGE_BANDS, in years
BAND_ENDS = (3, 6, 12, 15, 18)
_LAST_BAND = len(BAND_ENDS) - 1


@dataclass(frozen=True)
class Hazards:
    """Per-day hazards indexed [care level, age band] (adoption, foster) or [care level]."""

    adoption: np.ndarray
    foster: np.ndarray
    foster_return: float
    death: np.ndarray
    full_care_until_age: float
    mix_after_infancy: np.ndarray    # probabilities over CARE_LEVELS

    def __post_init__(self):
        # the same hazards as plain numbers, read once per piece of a course: for each care
        # level, age band and placement, the three rates, their sum and its inverse
        adoption, foster, death = self.adoption.tolist(), self.foster.tolist(), self.death.tolist()
        pieces = {}
        for care in range(len(CARE_LEVELS)):
            for band in range(len(BAND_ENDS)):
                for placed in (False, True):
                    rates = (adoption[care][band],
                             self.foster_return if placed else foster[care][band], death[care])
                    total = sum(rates)
                    pieces[care, band, placed] = (rates, total, 1 / total if total > 0 else 0.0)
        object.__setattr__(self, "_pieces", pieces)
        object.__setattr__(self, "full_care_days", self.full_care_until_age * DAYS_PER_YEAR)
        # ... and the ages at which they change, closed by infinity (no change after)
        object.__setattr__(self, "_marks", (*_boundaries(self.full_care_until_age), math.inf))

    @classmethod
    def from_region(cls, exits, care) -> Hazards:
        def table(rates: dict) -> np.ndarray:
            return np.array([[rates[c][b] for b in AGE_BANDS] for c in CARE_LEVELS]) / DAYS_PER_YEAR

        return cls(
            adoption=table(exits.adoption_per_year),
            foster=table(exits.foster_per_year),
            foster_return=exits.foster_return_per_year / DAYS_PER_YEAR,
            death=np.array([exits.death_per_year[c] for c in CARE_LEVELS]) / DAYS_PER_YEAR,
            full_care_until_age=float(care.full_care_until_age),
            mix_after_infancy=np.array([care.mix_after_infancy.get(c, 0.0) for c in CARE_LEVELS]),
        )


def band_of(age_days: float) -> int:
    """The age band of an age in days (the first whose end is above it; the last after)."""
    band = bisect_right(BAND_ENDS, age_days / DAYS_PER_YEAR)
    return _LAST_BAND if band > _LAST_BAND else band    # min(), without its call


@functools.cache
def _boundaries(full_care_until_age: float) -> tuple[float, ...]:
    """The ages (days) at which some hazard or the care level may change, in order."""
    return tuple(sorted(a * DAYS_PER_YEAR for a in (*BAND_STARTS[1:], full_care_until_age)))


def _next_boundary(age_days: float, h: Hazards) -> float:
    """The next age (days) at which some hazard or the care level may change."""
    return h._marks[bisect_right(h._marks, age_days + 1e-9)]


def course(rng: np.random.Generator, start: float, birth: float, care: int, foster: bool,
           until: float, h: Hazards, leaving: tuple[float, float]
           ) -> list[tuple[float, str, int]]:
    """Events (time in days, what, new care level or -1) from ``start`` to an exit or ``until``.

    ``what`` is one of: care_level, foster_out, foster_return, adopted, died, assessment,
    aged_out. Times are on the model clock (days since the horizon starts); ``birth`` is
    on the same clock (negative for children born before it). ``leaving`` gives the days of
    the assessment before coming of age and of leaving care as an adult, as the rules in
    force on those days set them (``World.leaving_days``).
    """
    events: list[tuple[float, str, int]] = []
    t = start
    assess_at, out_at = leaving
    assessed = t >= assess_at
    while t < until:
        age = t - birth
        if t >= out_at:
            events.append((t, "aged_out", -1))
            return events
        if not assessed and t >= assess_at:
            events.append((t, "assessment", -1))
            assessed = True
        rates, total, mean_step = h._pieces[care, band_of(age), foster]
        end = birth + _next_boundary(age, h)
        if until < end:                                 # min(), without its call
            end = until
        for mark in leaving:
            if t + 1e-9 < mark < end:
                end = mark
        step = rng.exponential(mean_step) if total > 0 else math.inf
        if t + step >= end:
            t = end
            care = _maybe_reassess(rng, t - birth, care, h, events, t)
            continue
        t += step
        what = ("adopted", "foster_return" if foster else "foster_out", "died")[
            _pick(rng, rates, total)]
        events.append((t, what, -1))
        if what in ("adopted", "died"):
            return events
        foster = not foster
    return events


def _pick(rng: np.random.Generator, rates: tuple[float, ...], total: float) -> int:
    u = rng.random() * total
    for i, rate in enumerate(rates):
        u -= rate
        if u < 0:
            return i
    return len(rates) - 1


def _maybe_reassess(rng, age: float, care: int, h: Hazards, events: list, t: float) -> int:
    """When infancy ends, a child's care level is assessed anew (infants need full care)."""
    if abs(age - h.full_care_until_age * DAYS_PER_YEAR) > 1e-6 or care != 2:
        return care
    new = int(rng.choice(len(CARE_LEVELS), p=h.mix_after_infancy))
    if new != care:
        events.append((t, "care_level", new))
    return new
