"""The living allowance is paid at the region's own level, never below the minimum standard,
and the report judges the level against the standard (zj-14fyp 一(一)4, indicator row 1)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import sim
from reports import compliance
from sim import rules
from sim.monitor import AWAITING_FIELD, COST_CATEGORIES, FOSTER, LONG_TERM_FIELD
from sim.scenario import load

SCENARIOS = Path(__file__).parents[2] / "scenarios"
ALLOWANCE = COST_CATEGORIES.index("allowance")


def _shaoxing(tmp_path: Path, level: str | None = None):
    (tmp_path / "regions").mkdir()
    shutil.copy(SCENARIOS / "shaoxing.yaml", tmp_path / "shaoxing.yaml")
    region = (SCENARIOS / "regions" / "shaoxing.yaml").read_text(encoding="utf-8")
    if level is not None:
        start = region.index("    yuan_per_child_month:")
        region = region[:start] + f"    yuan_per_child_month: {level}\n" + \
            region[region.index("\n", start) + 1:]
    (tmp_path / "regions" / "shaoxing.yaml").write_text(region, encoding="utf-8")
    scenario = load(tmp_path / "shaoxing.yaml")
    return scenario, rules.load(scenario)


def _per_child_day(results, year: int) -> float:
    w = results.world
    days = w.year_idx == year - w.first_year
    rep = results.replications[0]
    children = (rep.daily[days][:, :, LONG_TERM_FIELD] + rep.daily[days][:, :, AWAITING_FIELD]
                + rep.daily[days][:, :, FOSTER]).sum()
    return rep.costs[year - w.first_year, :, ALLOWANCE].sum() / children


def test_shaoxing_pays_zhejiangs_level_not_the_minimum_standard(tmp_path):
    scenario, rulebook = _shaoxing(tmp_path)
    results = sim.run(scenario, rulebook, replications=1, workers=1, events=False)
    assert _per_child_day(results, 2021) == pytest.approx(2314 * 12 / 365.25)
    assert _per_child_day(results, 2021) > 18000 / 365.25
    floors = compliance.floors(scenario, rulebook)
    assert [c.judgement.required for c in floors] == [18000, 21000, 25000]
    assert all(c.judgement.status == "met" for c in floors)


def test_a_level_below_the_standard_is_paid_at_the_standard_and_judged_missed(tmp_path):
    scenario, rulebook = _shaoxing(tmp_path, "1000")
    results = sim.run(scenario, rulebook, replications=1, workers=1, events=False)
    assert _per_child_day(results, 2021) == pytest.approx(18000 / 365.25)
    floors = compliance.floors(scenario, rulebook)
    assert {c.judgement.status for c in floors} == {"missed"}
    assert floors[0].judgement.measured == 12000
    assert floors[0].measured_on == date(2021, 1, 1)


def test_without_a_level_the_standard_is_paid_and_nothing_is_judged(tmp_path):
    scenario, rulebook = _shaoxing(tmp_path)
    region = scenario.region.model_copy(update={"costs": scenario.region.costs.model_copy(
        update={"allowance": None})})
    scenario = scenario.model_copy(update={"region": region})
    results = sim.run(scenario, rulebook, replications=1, workers=1, events=False)
    assert _per_child_day(results, 2021) == pytest.approx(18000 / 365.25)
    assert {c.judgement.status for c in compliance.floors(scenario, rulebook)} == \
        {"not_measured"}
    assert np.isfinite(results.kpis()["total_cost_yuan"]["mean"])
