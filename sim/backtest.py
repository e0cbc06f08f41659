"""The simulation set against history: a backtest of a region's observed yearly counts.

A region file may record what happened (``observed:``): how many long-term children were in
care on a day, how many entered or left long-term care in a year, in a county, a prefecture,
a province or the nation, each figure with its source. ``backtest`` plays the status quo
(the institutions as they were) over the scenario's horizon from its starting census, many
times, and sets every observation inside the horizon against the simulated mean and the
90 % band of the replications (their 5th to 95th percentile). An observation is inside the
band when the range its published figure stands for (``value ± plus_minus``) meets the band;
the share of observations inside and the mean absolute percentage error of the simulated
mean sum the comparison up.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np

from sim.monitor import AWAITING_FIELD, FOSTER, LONG_TERM_FIELD, YEARLY_FIELDS
from sim.scenario import InputError, Observation, Problem, Scenario

BAND = (5.0, 95.0)          # percentiles of the replications: the 90 % band
# children an institution raises: long-term children in residence, infants awaiting formal
# admission, long-term children in its foster families (temporary cases are not counted)
IN_CARE = [LONG_TERM_FIELD, AWAITING_FIELD, FOSTER]
SERIES_FIELD = {"long_term_admissions": "long_term_entries", "long_term_exits": "long_term_exits"}
# why an observation is not compared
BEFORE, AFTER, PART = "before_horizon", "after_horizon", "year_partly_outside_horizon"


@dataclass(frozen=True)
class Comparison:
    """One observed count against the simulation."""

    place: str
    series: str
    year: int
    day: date | None            # the day a count of children in care refers to
    observed: float
    plus_minus: float
    source: str
    mean: float | None = None
    low: float | None = None     # 5th percentile of the replications
    high: float | None = None    # 95th percentile
    inside: bool | None = None
    error: float | None = None   # |mean − observed| / observed
    not_compared: str = ""       # why, when it is not compared

    def as_dict(self) -> dict:
        out = asdict(self)
        out["day"] = self.day.isoformat() if self.day else None
        return out


@dataclass(frozen=True)
class Backtest:
    scenario: str
    start: date
    end: date
    replications: int
    seed: int
    rows: list[Comparison]
    # (place, series) -> the simulated series over the horizon, for charts: month ends for
    # children in care, whole years for admissions and exits; each point a Comparison
    paths: dict[tuple[str, str], list[Comparison]]

    @property
    def compared(self) -> list[Comparison]:
        return [r for r in self.rows if r.inside is not None]

    @property
    def coverage(self) -> float | None:
        """Share of compared observations inside the 90 % band (None: none compared)."""
        rows = self.compared
        return sum(r.inside for r in rows) / len(rows) if rows else None

    @property
    def mape(self) -> float | None:
        """Mean absolute percentage error of the simulated mean, over compared rows."""
        errors = [r.error for r in self.compared if r.error is not None]
        return float(np.mean(errors)) if errors else None

    def as_dict(self) -> dict:
        """Plain data for backtest.json: no NaN, dates as ISO strings."""
        return {"scenario": self.scenario,
                "horizon": {"start": self.start.isoformat(), "end": self.end.isoformat()},
                "replications": self.replications, "seed": self.seed, "band": "p5-p95",
                "compared": len(self.compared),
                "inside": sum(r.inside for r in self.compared),
                "coverage": self.coverage, "mape": self.mape,
                "series": [r.as_dict() for r in self.rows],
                "simulated": [{"place": place, "series": series,
                               "points": [{"day": c.day.isoformat() if c.day else None,
                                           "year": c.year, "mean": c.mean, "low": c.low,
                                           "high": c.high} for c in points]}
                              for (place, series), points in self.paths.items()]}


def observations(scenario: Scenario) -> list[Observation]:
    """The region's observed rows; a region without any cannot be backtested."""
    rows = scenario.region.observed
    if not rows:
        file = str(scenario.region_path)
        raise InputError([Problem(file, 0, "observed", "the region has no observed counts "
                                  "to compare with", "an observed: block of yearly counts, "
                                  "as in regions/china.yaml")])
    return list(rows)


def backtest(scenario: Scenario, rulebook, replications: int | None = None,
             seed: int | None = None, workers: int | None = None, on_done=None) -> Backtest:
    """Simulate the status quo over the horizon and compare it with every observation."""
    import sim
    from sim import plan as plans

    rows = observations(scenario)
    results = sim.run(scenario, rulebook, plans.status_quo(scenario), replications, seed,
                      workers, events=False, on_done=on_done)
    w = results.world
    region = scenario.region
    inst_places = [region.lineage(i.county) for i in region.institutions]
    county_places = [region.lineage(code) for code in w.counties]
    reps = results.replications
    out = [_compare(row, w, reps, inst_places, county_places) for row in rows]
    paths = {key: [_compare(point, w, reps, inst_places, county_places)
                   for point in _path_points(*key, scenario)]
             for key in sorted({(r.place, r.series) for r in rows})}
    return Backtest(scenario.name, scenario.horizon.start, scenario.horizon.end,
                    len(reps), results.seed, out, paths)


def _path_points(place: str, series: str, scenario: Scenario) -> list[Observation]:
    """The days (month ends) or years at which a chart shows the simulated series."""
    start, end = scenario.horizon.start, scenario.horizon.end
    if series != "children_in_care":
        years = range(start.year + (start > date(start.year, 1, 1)),
                      end.year + (end >= date(end.year, 12, 31)))
        return [Observation(place=place, series=series, year=y, value=0, source="simulated")
                for y in years]
    days = [start]
    year, month = start.year, start.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, 1) - timedelta(days=1)
        if day > end:
            break
        days.append(day)
    if days[-1] != end:
        days.append(end)
    return [Observation(place=place, series=series, year=d.year, value=0, as_of=d,
                        source="simulated") for d in days]


def _compare(row: Observation, w, reps, inst_places, county_places) -> Comparison:
    base = Comparison(place=row.place, series=row.series, year=row.year,
                      day=row.day if row.series == "children_in_care" else None,
                      observed=float(row.value), plus_minus=float(row.plus_minus),
                      source=row.source)
    samples, why = _samples(row, w, reps, inst_places, county_places)
    if samples is None:
        return _replace(base, not_compared=why)
    low, high = (float(v) for v in np.percentile(samples, BAND))
    mean = float(np.mean(samples))
    inside = high >= row.value - row.plus_minus and low <= row.value + row.plus_minus
    error = abs(mean - row.value) / row.value if row.value > 0 else None
    return _replace(base, mean=mean, low=low, high=high, inside=bool(inside), error=error)


def _samples(row: Observation, w, reps, inst_places, county_places):
    """The simulated count of each replication, or (None, why it cannot be compared)."""
    if row.series == "children_in_care":
        day = w.day_of(row.day)
        if day < 0 or day >= w.days:
            return None, BEFORE if day < 0 else AFTER
        where = [i for i, lineage in enumerate(inst_places) if row.place in lineage]
        return np.array([int(r.daily[day, where][:, IN_CARE].sum()) for r in reps]), ""
    first, last = w.day_of(date(row.year, 1, 1)), w.day_of(date(row.year, 12, 31))
    if last < 0:
        return None, BEFORE
    if first >= w.days:
        return None, AFTER
    if first < 0 or last >= w.days:
        return None, PART
    year = row.year - w.first_year
    field = YEARLY_FIELDS.index(SERIES_FIELD[row.series])
    where = [c for c, lineage in enumerate(county_places) if row.place in lineage]
    return np.array([int(r.yearly[year, where, field].sum()) for r in reps]), ""


def _replace(c: Comparison, **changes) -> Comparison:
    from dataclasses import replace

    return replace(c, **changes)


def strict(value):
    """A value for strict JSON: NaN and infinities become None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strict(v) for v in value]
    return value
