"""When no plan meets every target: which targets cannot be met, by how much, and why.

The model is solved again with every target made elastic (a shortfall is allowed at a price
far above any cost), so the solver finds the plan that misses the targets by as little as
possible; each shortfall left is reported with the target's clause, what the region can
reach and what is required, e.g.
``targets.township_workstation_coverage 2022-12-31 (sx-2022-29 二): reachable 0.64,
required 1.00``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from optimize.planning import Settings, build, regional_children, solve
from optimize.planning_data import PrefectureData


@dataclass(frozen=True)
class Shortfall:
    place: str
    key: str
    due: str
    cite: str
    reachable: float
    required: float

    def __str__(self) -> str:
        return (f"{self.key} {self.due} ({self.cite}) at {self.place}: "
                f"reachable {self.reachable:,.2f}, required {self.required:,.2f}")


class Infeasible(Exception):
    """No plan meets every target; ``shortfalls`` says which and by how much."""

    def __init__(self, shortfalls: list[Shortfall]):
        self.shortfalls = shortfalls
        lines = ["no plan meets every target:"] + [f"  {s}" for s in shortfalls]
        super().__init__("\n".join(lines))


def explain(scenario, datas: list[PrefectureData], settings: Settings) -> list[Shortfall]:
    names = {p.code: f"{p.name_zh} {p.name_pinyin}" for p in scenario.region.prefectures}
    found: list[Shortfall] = []
    for d in datas:
        solved = solve(build(d, dataclasses.replace(settings, elastic=True)))
        for key, year, amount in solved.shortfalls:
            found.append(_shortfall(d, names.get(d.code, d.code), key, year, amount, solved,
                                    settings))
    return found or [Shortfall("region", "model", "", "no plan found within the time limit",
                               0.0, 0.0)]


def counts_shortfalls(scenario, reachable: list[tuple]) -> list[Shortfall]:
    """Province-wide counts of regional institutions (all, new-built, renovated) that no
    choice of variants reaches."""
    province = scenario.region.provinces[0]
    place = f"{province.name_zh} {province.name_pinyin}"
    return [Shortfall(place, f"{target.key} ({name})" if name else target.key,
                      target.due.isoformat(), target.cite, float(have),
                      float(target.value[name] if name else target.value))
            for target, name, have in reachable]


def _shortfall(d: PrefectureData, place: str, key: str, year: int, amount: float, solved,
               settings: Settings) -> Shortfall:
    target = next((t for t in d.targets if t.key == key and t.year == year), None)
    if target is not None:
        return Shortfall(place, key, target.due.isoformat(), target.cite,
                         max(target.value - amount, 0.0), target.value)
    if key.startswith("beds."):
        inst = key.split(".", 1)[1]
        needed = _beds_needed(d, inst, solved, year)
        return Shortfall(place, f"beds at {inst}", f"{year}-12-31",
                         "roles.regional_takes_long_term: every long-term child is taken in",
                         needed - amount, needed)
    cap = settings.budget or 0.0
    return Shortfall(place, "budget", f"{year}-12-31", "optimizer.budget_cap_yuan",
                     cap, cap + amount)


def _beds_needed(d: PrefectureData, inst: str, solved, year: int) -> float:
    t = d.years.index(year)
    total = 0.0
    for n, c in enumerate(d.counties):
        long_term, temporary = regional_children(d, n, t)
        total += (solved.values["w"][c, inst, t] * long_term.sum()
                  + solved.values["a"][c, inst, t] * temporary.sum())
    return float(total)
