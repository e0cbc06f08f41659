"""Expected demand: how many children of each county will be in care, by care level and year.

The optimizer plans for the expected number of children (or, when the robust loop asks, a
higher quantile measured by the simulation). The expectation is projected month by month
with the same yearly hazards the simulation draws from: a child in long-term care is in
one of 30 states (care level x age band x residential or foster), leaves by adoption,
death or aging out, moves between residential care and a foster family, grows into the
next age band (an infant's care level is assessed anew when infancy ends); newly found
infants, other long-term cases and converted temporary cases flow in, each at the rate the
region file defines (``sim.scenario.long_term_entries``, the definition the simulation
uses, so that converted temporary cases are counted once). The census of the first day
gives the starting state. Temporary cases and infants in intake are short stays whose
expected number follows from Little's law (arrival rate times mean stay).

All quantities are expected head counts averaged over the days of a year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

from sim.scenario import AGE_BANDS, CARE_LEVELS, Scenario, long_term_entries

BAND_YEARS = np.array([3.0, 3.0, 6.0, 3.0, 3.0])   # widths of AGE_BANDS
FULL = CARE_LEVELS.index("full_care")
K, B = len(CARE_LEVELS), len(AGE_BANDS)
STEPS_PER_YEAR = 12


@dataclass(frozen=True)
class Demand:
    """Expected children per county, care level and year (residential, in beds)."""

    counties: tuple[str, ...]
    years: tuple[int, ...]
    long_term: np.ndarray    # [C, K, T] long-term children in residence (and infants in intake)
    foster: np.ndarray       # [C, T] long-term children in foster families
    temporary: np.ndarray    # [C, K, T] temporary cases, at the county's temporary care

    def scaled(self, factor: np.ndarray) -> Demand:
        """Demand multiplied per county and year (the robust loop's quantile over mean)."""
        return Demand(self.counties, self.years, self.long_term * factor[:, None, :],
                      self.foster * factor, self.temporary * factor[:, None, :])


MONTHS = 18 * STEPS_PER_YEAR                    # age classes, one per month of age
BAND_OF_MONTH = np.repeat(np.arange(B), (BAND_YEARS * STEPS_PER_YEAR).astype(int))


def _monthly(scenario: Scenario) -> np.ndarray:
    """One month's transitions [band, 6, 6] between (care, placement) states, exits dropped."""
    exits = scenario.region.process.exits
    out = np.zeros((B, K * 2, K * 2))
    for b, band in enumerate(AGE_BANDS):
        q = np.zeros((K * 2, K * 2))
        for k, c in enumerate(CARE_LEVELS):
            for f in (0, 1):
                s = k * 2 + f
                move = exits.foster_return_per_year if f else exits.foster_per_year[c][band]
                q[s, k * 2 + 1 - f] += move
                q[s, s] -= move + exits.adoption_per_year[c][band] + exits.death_per_year[c]
        out[b] = expm(q / STEPS_PER_YEAR)
    return out


def project(scenario: Scenario, intake_days: float | Mapping[int, float]) -> Demand:
    """Expected demand per county from the census and the arrival rates.

    Children are held by month of age, so they grow older exactly; ``intake_days`` is a
    found infant's intake up to formal admission, announcement period included (from the
    rules: one figure, or one per year).
    """
    region = scenario.region
    counties = tuple(c.code for _, c in region.counties())
    years = tuple(range(scenario.horizon.start.year, scenario.horizon.end.year + 1))
    step = _monthly(scenario)[BAND_OF_MONTH]                 # [MONTHS, 6, 6]
    after = np.array([region.process.care.mix_after_infancy.get(c, 0.0) for c in CARE_LEVELS])
    infancy = int(region.process.care.full_care_until_age * STEPS_PER_YEAR)
    lt = np.zeros((len(counties), K, len(years)))
    fo = np.zeros((len(counties), len(years)))
    tmp = np.zeros((len(counties), K, len(years)))
    start = _census(scenario, counties)
    for c, code in enumerate(counties):
        stock = start[c]
        for t, year in enumerate(years):
            inflow = _inflow(scenario, code, year) / STEPS_PER_YEAR
            months = []
            for _ in range(STEPS_PER_YEAR):
                stock = _age_one_month(np.einsum("as,ast->at", stock, step), after, infancy)
                stock += inflow
                months.append(stock)
            mean = np.mean(months, axis=0).reshape(MONTHS, K, 2)
            lt[c, :, t] = mean[:, :, 0].sum(axis=0)
            fo[c, t] = mean[:, :, 1].sum()
            days = intake_days.get(year, 0.0) if isinstance(intake_days, Mapping) \
                else intake_days
            temporary, infants = _short_stays(scenario, code, year, days)
            tmp[c, :, t] = temporary
            lt[c, FULL, t] += infants        # infants in intake wait where long-term go
    return Demand(counties, years, lt, fo, tmp)


def _age_one_month(stock: np.ndarray, after: np.ndarray, infancy: int) -> np.ndarray:
    """Everyone a month older; the oldest age out; infancy's end reassesses care."""
    older = np.zeros_like(stock)
    older[1:] = stock[:-1]
    if 0 < infancy < MONTHS:
        cohort = older[infancy].reshape(K, 2)
        full = cohort[FULL].copy()
        cohort[FULL] = 0
        cohort += after[:, None] * full[None, :]
        older[infancy] = cohort.ravel()
    return older


def _cell(age_band: int, care: int, foster: int) -> tuple[slice, int]:
    first = int(BAND_YEARS[:age_band].sum() * STEPS_PER_YEAR)
    width = int(BAND_YEARS[age_band] * STEPS_PER_YEAR)
    return slice(first, first + width), care * 2 + foster


def _census(scenario: Scenario, counties: tuple[str, ...]) -> np.ndarray:
    """First-day long-term children by month of age, spread evenly over their age band."""
    region = scenario.region
    out = np.zeros((len(counties), MONTHS, K * 2))
    for inst_id, rows in region.census.children.items():
        c = counties.index(region.institution(inst_id).county)
        for row in rows:
            if row.kind == "temporary":
                continue
            ages, s = _cell(AGE_BANDS.index(row.age), CARE_LEVELS.index(row.care),
                            int(row.placement == "foster"))
            out[c, ages, s] += row.n / (ages.stop - ages.start)
    return out


def _inflow(scenario: Scenario, county: str, year: int) -> np.ndarray:
    """Children entering long-term care per year, by month of age and state."""
    region = scenario.region
    demand, process = region.demand, region.process
    entries = long_term_entries(region, county, year)
    inflow = np.zeros((MONTHS, K * 2))
    inflow[0, FULL * 2] += entries.admitted_infants
    infancy = int(process.care.full_care_until_age * STEPS_PER_YEAR)
    for kind, count in (("long_term", entries.direct), ("temporary", entries.converted)):
        care_mix = np.array([demand.care_mix[kind].get(c, 0.0) for c in CARE_LEVELS])
        for b, band in enumerate(AGE_BANDS):
            ages, _ = _cell(b, 0, 0)
            per_month = count * demand.age_mix[kind].get(band, 0.0) / (ages.stop - ages.start)
            for month in range(ages.start, ages.stop):
                mix = np.eye(K)[FULL] if month < infancy else care_mix
                inflow[month, 0::2] += per_month * mix
    return inflow.reshape(MONTHS, K * 2)


def _short_stays(scenario: Scenario, county: str, year: int,
                 intake_days: float) -> tuple[np.ndarray, float]:
    """Temporary cases (by care level) and infants in intake on an average day (Little)."""
    region = scenario.region
    entries = long_term_entries(region, county, year)
    temp = entries.temporary * region.process.temporary.mean_stay_days / 365.25
    mix = np.array([region.demand.care_mix["temporary"].get(c, 0.0) for c in CARE_LEVELS])
    infants = entries.infants * intake_days / 365.25
    return temp * mix, infants
