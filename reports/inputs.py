"""What a report is made from, gathered once: the run's figures and the reader's language.

``Results`` computes its summaries (deadlines, costs, staffing, compliance per institution)
on each call; a report reads each of them several times, so they are computed here once and
handed to the tables and the charts together with the scenario, the plan and the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reports import compliance, verdicts
from reports.i18n import Lang
from sim.levels import LEVELS, Verdict
from sim.scenario import Institution


@dataclass
class Inputs:
    scenario: Any
    rulebook: Any
    plan: Any
    results: Any
    t: Lang
    kpis: dict
    deadlines: list[dict]
    institutions: list[dict]          # Results.institutions(), in the world's order
    costs: dict
    staffing: list[tuple]
    checks: list[compliance.Check]
    verdicts: list[Verdict]           # every judged figure: service levels, then targets
    years: list[int]
    sensitivity: dict | None = None   # the scenario's sensitivity record, if one exists

    @property
    def levels(self) -> list[Verdict]:
        """The verdicts on the scenario's service levels."""
        return [v for v in self.verdicts if v.figure in LEVELS]

    @property
    def region(self):
        return self.scenario.region

    @property
    def world(self):
        return self.results.world

    def institution(self, inst_id: str) -> Institution:
        return self.region.institution(inst_id)

    def name(self, inst_id: str) -> str:
        """An institution's name in the reader's language."""
        return self.t.name(self.region.institution(inst_id))

    def short(self, inst_id: str) -> str:
        """An institution's name alone, for a chart."""
        return self.t.short_name(self.region.institution(inst_id))

    def county_name(self, code: str) -> str:
        return self.t.name(self.region.county(code))

    def where(self, verdict: Verdict) -> str:
        """The place a verdict is about: an institution, a county or a jurisdiction."""
        if verdict.figure in ("ratio_compliance_days", "bed_capacity_probability"):
            return self.name(verdict.place)
        return self.place_name(verdict.place)

    def place_name(self, code: str) -> str:
        """Any jurisdiction's name: a place of the region, a bundled place, or its code."""
        place = self.region.places().get(code)
        return self.t.name(place) if place else place_names(self.t).get(code) or code

    def dates(self) -> np.ndarray:
        return np.datetime64(self.world.start, "D") + np.arange(self.world.days)

    @property
    def plan_name(self) -> str:
        """The plan's name, in the reader's language when it is one the planner gives."""
        name = self.plan.name
        return self.t(f"plan.{name}") if f"plan.{name}" in self.t else name

    def role_at_end(self, inst_id: str) -> str:
        return self.plan.role(inst_id, self.years[-1])


def gather(scenario, rulebook, plan, results, lang: str, sensitivity: dict | None = None,
           checks: list[compliance.Check] | None = None) -> Inputs:
    """``checks``: ``reports.compliance.checks`` of these results, when already made."""
    years = [results.world.first_year + y
             for y in range(results.replications[0].costs.shape[0])]
    if checks is None:
        checks = compliance.checks(scenario, rulebook, plan, results)
    return Inputs(
        scenario=scenario, rulebook=rulebook, plan=plan, results=results, t=Lang(lang),
        kpis=results.kpis(), deadlines=results.deadlines(),
        institutions=results.institutions(), costs=results.costs(),
        staffing=results.staffing(), checks=checks,
        verdicts=verdicts.every(scenario, rulebook, plan, results, checks), years=years,
        sensitivity=sensitivity)


_PLACES: dict[str, dict[str, str]] = {}


def place_names(t: Lang) -> dict[str, str]:
    """Names of every place the bundled region files know, and of the nation, by code."""
    if t.code not in _PLACES:
        from sim.rules import bundled_places
        from sim.rules.places import NATION

        _PLACES[t.code] = {p.code: (p.name_zh if t.zh else p.name_pinyin) or p.code
                           for p in [NATION, *bundled_places()]}
    return _PLACES[t.code]
