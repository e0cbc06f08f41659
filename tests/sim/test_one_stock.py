"""One stock, counted once: children enter long-term care at the rate the region file states.

A region file's arrival rates mean what ``demand.conversions`` says: temporary cases that
turn long-term are inside the long-term rate (the bundled regions) or on top of it. The
simulation and the optimizer's demand projection read the one definition
(``sim.scenario.long_term_entries``); a planner checks that the simulated entries match the
file, that both models see the same stock, and that the stock follows the documented
national trend instead of growing.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import optimize
import sim
from sim import rules
from sim.monitor import AWAITING_FIELD, FOSTER, LONG_TERM_FIELD, YEARLY_FIELDS
from sim.scenario import InputError, load, long_term_entries

SCENARIOS = Path(__file__).parents[2] / "scenarios"
BUNDLED = ["shaoxing", "yuncheng", "huangshan", "zhejiang"]
ENTRIES = YEARLY_FIELDS.index("long_term_entries")
NATIONAL_PACE = 0.69 ** 0.25       # the national stock fell 31 % from 2017 to 2021


def _stated(scenario) -> float:
    """Children a year entering long-term care in the whole region, as its file states."""
    region, year = scenario.region, scenario.horizon.start.year
    return sum(long_term_entries(region, c.code, year).long_term for _, c in region.counties())


@pytest.fixture(scope="module", params=BUNDLED)
def bundled(request):
    scenario = load(SCENARIOS / f"{request.param}.yaml")
    rulebook = rules.load(scenario)
    results = sim.run(scenario, rulebook, replications=40, seed=3, workers=1, events=False)
    return request.param, scenario, rulebook, results


def test_simulated_long_term_entries_equal_the_rate_the_region_file_states(bundled):
    """Entries a year (found infants formally admitted, direct cases, converted temporary
    cases), from the second year on (the first lacks infants found before the start):
    the stated rate lies in the 99.9 % interval of the simulated mean."""
    _, scenario, _, results = bundled
    per_rep = np.array([r.yearly[1:, :, ENTRIES].sum(axis=1).mean() for r in results.replications])
    mean = per_rep.mean()
    half = 3.3 * per_rep.std(ddof=1) / math.sqrt(len(per_rep))
    assert abs(mean - _stated(scenario)) <= half, (mean, half, _stated(scenario))


def test_converted_temporary_cases_are_not_added_on_top_of_the_long_term_rate(bundled):
    """With conversions inside the long-term rate, direct cases arrive at long_term minus
    the expected conversions, and the total is the stated rate, not rate plus conversions."""
    _, scenario, _, _ = bundled
    region = scenario.region
    assert region.demand.conversions == "included"
    for _, county in region.counties():
        e = long_term_entries(region, county.code, scenario.horizon.start.year)
        stated = region.demand.arrivals[county.code].long_term
        assert e.direct + e.converted == pytest.approx(next(iter(stated.values())))
        assert e.long_term == pytest.approx(e.admitted_infants + e.direct + e.converted)


def _stock(results) -> np.ndarray:
    """Children in long-term care per day (residence, foster families, awaiting admission),
    mean over replications."""
    fields = [LONG_TERM_FIELD, AWAITING_FIELD, FOSTER]
    return np.mean([r.daily[:, :, fields].sum(axis=(1, 2)) for r in results.replications],
                   axis=0)


def test_the_long_term_stock_falls_at_the_national_pace(bundled):
    """Yearly mean stock, first year to last: within a few points of -8.9 % a year (the
    national stock fell 31 % from 2017 to 2021), and never growing from one year to the next."""
    name, _, _, results = bundled
    w = results.world
    stock = _stock(results)
    yearly = np.array([stock[w.year_idx == y].mean() for y in range(w.year_idx[-1] + 1)])
    pace = (yearly[-1] / yearly[0]) ** (1 / (len(yearly) - 1))
    assert np.all(np.diff(yearly) < 0), (name, yearly)
    assert abs(pace - NATIONAL_PACE) < 0.04, (name, pace)


def test_the_optimizer_projects_the_stock_the_simulation_produces(bundled):
    """The demand projection reads the same definition of entries: its yearly mean of
    long-term children agrees with the simulated one within 5 %."""
    _, scenario, rulebook, results = bundled
    w = results.world
    projected = optimize.project(scenario, optimize.intake_days(scenario, rulebook))
    expected = projected.long_term.sum(axis=(0, 1)) + projected.foster.sum(axis=0)
    stock = _stock(results)
    simulated = np.array([stock[w.year_idx == y].mean() for y in range(len(expected))])
    assert np.allclose(expected, simulated, rtol=0.05), (expected, simulated)


def test_a_long_term_rate_smaller_than_the_conversions_it_includes_is_refused(shaoxing_copy):
    _, region = shaoxing_copy
    text = region.read_text(encoding="utf-8")
    line = next(s for s in text.splitlines() if '"330602": {infant:' in s)
    region.write_text(text.replace(line, '    "330602": {infant: 0.1, long_term: 0.05, '
                                         'temporary: 16.96}'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(shaoxing_copy[0])
    (problem,) = caught.value.problems
    assert problem.path == "demand.arrivals.330602.long_term"
    assert "0.1696 temporary cases expected to turn long-term" in problem.message
    assert "demand.conversions: separate" in problem.allowed
