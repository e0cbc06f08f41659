"""The work the rules create, in the plan's costs: the same tasks the simulation books.

``sim.work`` defines each task (the rule, how often it recurs, its hours and what an hour
costs). The plan books them for the children it expects: foster visits for the expected
children in foster families, an assessment for every child expected to reach the
assessment age (18 less the lead, six months) in care, and the community's child directors
and training in each county. The children reaching the assessment age are counted from the
first day's census and the arrivals by their ages, without the few who leave care before
(adoption and death are rare after twelve); the simulation counts the assessments it
actually makes.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sim import work
from sim.scenario import AGE_BANDS, STAFF_ROLES, series_at

BAND_YEARS = ((0, 3), (3, 6), (6, 12), (12, 15), (15, 18))   # the ages of AGE_BANDS


def rule_work(scenario, rulebook, demand, counties: list[str], rows: list[int],
              years: list[int]) -> np.ndarray:
    """Yuan per year of the rule-created work in these counties."""
    region = scenario.region
    out = np.zeros(len(years))
    if region.process.work is None:
        return out
    wages = region.costs.wages_yuan_per_year[STAFF_ROLES[1]]
    for n, county in zip(rows, counties, strict=True):
        for t, year in enumerate(years):
            on = max(date(year, 1, 1), scenario.horizon.start)
            found = work.tasks(rulebook, county, on, region.process.work,
                               series_at(wages, year))
            if work.FOSTER in found:
                out[t] += found[work.FOSTER].yuan_per_year(float(demand.foster[n, t]))
            if work.ASSESSMENT in found:
                lead = float(rulebook.value(work.ASSESSMENT, county, on))
                age = 18 - lead / 12
                out[t] += found[work.ASSESSMENT].yuan_each() * reaching(
                    scenario, county, age, year)
            out[t] += work.community_yuan_per_year(region, county, found)
    return out


def reaching(scenario, county: str, age: float, year: int) -> float:
    """Children of a county expected to reach ``age`` in care during ``year``: those in
    care on the first day and those arriving, each at an age spread evenly over its band."""
    region = scenario.region
    start = scenario.horizon.start
    t0 = start.year + (start - date(start.year, 1, 1)).days / 365.25
    total = 0.0
    for inst, rows in region.census.children.items():
        if region.institution(inst).county != county:
            continue
        for row in rows:
            if row.kind != "temporary":
                total += row.n * _crossing(*BAND_YEARS[AGE_BANDS.index(row.age)], age,
                                           year - t0, year + 1 - t0)
    rates, mix = region.demand.arrivals[county], region.demand.age_mix["long_term"]
    for arrival in range(start.year, year + 1):
        arriving = series_at(rates.long_term, arrival)
        first, last = max(arrival, t0), arrival + 1.0
        for band, share in mix.items():
            low, high = BAND_YEARS[AGE_BANDS.index(band)]
            # arriving evenly through the year at an age spread over the band
            for k in range(12):
                when = first + (last - first) * (k + 0.5) / 12
                total += arriving * share / 12 * _crossing(low, high, age, year - when,
                                                           year + 1 - when)
    return total


def _crossing(low: float, high: float, age: float, after: float, before: float) -> float:
    """Share of children aged evenly in [low, high) now who reach ``age`` between ``after``
    and ``before`` years from now."""
    if high <= low:
        return 0.0
    a, b = max(low, age - before), min(high, age - max(after, 0.0))
    return max(b - a, 0.0) / (high - low)
