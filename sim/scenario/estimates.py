"""The uncertain figures of a region, listed once: for the sensitivity run, the report's list
of estimates and the workbook alike.

``ENTRIES`` names every kind of figure of a region file that may be estimated or assumed:
where it sits (its block and key, as a planner writes it under ``ranges:``), its unit, its
shape (a plain number, a count, a by-year series, a table scaled as a whole, one share of
a mix, the census), the words that find its provenance code in the block's ``source:``, and
whether only the optimizer reads it (beds, lead times and the discount rate: a plan held
fixed already decided what they decide). ``EXCLUDED`` names the numbers of a region file
that are not uncertain inputs, each with the reason; a test walks the region model and
fails on a number that is in neither.

``inputs(region)`` turns the entries into the region's inputs: one per entry, except that
the figures of institutions and of building options are grouped by kind (every county
home's operating cost is one input, each home keeping its own range), so that a province of
a hundred institutions still has a few dozen inputs. ``sim.scenario.varying`` moves them
within their ranges; ``sim.scenario.assumed`` adds the rule values a scenario assumes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from sim.scenario.model import AGE_BANDS, CARE_LEVELS, Region
from sim.scenario.ranges import Spread, default_spread, provenance


@dataclass(frozen=True)
class Entry:
    """One kind of uncertain figure: ``block`` and ``key`` as the region file names them."""

    block: str             # "costs", "process.staffing", "institutions", "options", ...
    key: str               # within the block, as written under ``ranges:``
    unit: str              # a unit word of the reports (``eu.*``)
    shape: str             # number | count | series | scaled | share | census | date
    hints: tuple[str, ...] = ()
    plan_only: bool = False
    low: float = 0.0       # the values the figure can take
    high: float = math.inf

    @property
    def name(self) -> str:
        return f"{self.block}.{self.key}"

    @property
    def relative_only(self) -> bool:
        """A table, a set of counties or the census moves as a whole, by a percentage."""
        return self.shape in ("scaled", "census")


def _entries() -> tuple[Entry, ...]:
    e = Entry
    work = ("foster_visit_hours", "assessment_hours", "child_director_contact_hours",
            "training_hours")
    return (
        *(e("costs", f"wages_yuan_per_year.{role}", "yuan_per_year", "series", ("wage",))
          for role in ("caregiver", "professional", "other")),
        e("costs", "hiring_cost_yuan", "yuan", "number", ("hiring",)),
        e("costs", "redeployment_cost_yuan", "yuan", "number", ("redeploy",)),
        e("costs", "layoff_cost_yuan", "yuan", "number", ("layoff",)),
        e("costs", "transport_yuan_per_child_km", "yuan_per_child_km", "number", ("transport",)),
        e("costs", "transfer_admin_yuan_per_child", "yuan_per_child", "number", ("admin",)),
        e("costs", "road_factor", "ratio", "number", ("road",), low=1.0, high=3.0),
        e("costs", "protection_center_yuan_per_year", "yuan_per_year", "number", ("center",)),
        e("costs", "workstation_yuan_per_year", "yuan_per_year", "number", ("workstation",)),
        e("costs", "discount_rate", "per_year", "number", ("discount",), plan_only=True,
          high=0.99),
        e("costs.allowance", "yuan_per_child_month", "yuan_per_child_month", "series"),
        e("process.staffing", "recruitment_days", "days", "number", ("recruit",)),
        e("process.staffing", "background_check_days", "days", "number", ("check",)),
        e("process.staffing", "attrition_per_year", "per_year", "number", ("attrition",)),
        e("process.staffing", "attrition_per_year_in_transition", "per_year", "number",
          ("attrition",)),
        e("process.staffing", "redeploy_share", "share", "number", ("redeploy",), high=1.0),
        e("process.staffing", "round_the_clock_caregivers", "heads", "count",
          ("round-the-clock", "round the clock"), high=50),
        e("process.transfer", "steps_days", "days", "scaled", ("batch", "step")),
        e("process.transfer", "team_capacity", "children", "count", ("team",), low=1,
          high=10_000),
        e("process.transfer", "duration_cv", "ratio", "number", ("spread",), high=2.0),
        e("process.intake", "steps_days", "days", "scaled"),
        e("process.intake", "parent_found_probability", "share", "number", ("parent",),
          high=1.0),
        e("process.intake", "emergency_stay_days", "days", "number", ("emergency",)),
        e("process.temporary", "mean_stay_days", "days", "number", ("mean",), low=1e-3),
        e("process.temporary", "min_stay_days", "days", "number", ("range",)),
        e("process.temporary", "max_stay_days", "days", "number", ("range",), low=1e-3),
        e("process.temporary", "to_long_term_share", "share", "number", ("convert",),
          high=1.0),
        e("process.exits", "adoption_per_year", "per_year", "scaled", ("adoption",)),
        e("process.exits", "foster_per_year", "per_year", "scaled", ("foster",)),
        e("process.exits", "foster_return_per_year", "per_year", "number", ("foster",)),
        e("process.exits", "death_per_year", "per_year", "scaled", ("death",)),
        e("process.care", "mix_after_infancy.full_care", "share", "share", ("mix",), high=1.0),
        e("process.care", "full_care_until_age", "years", "count", ("infant",), high=18),
        *(e("process.work", key, "hours", "number", (key.rpartition("_hours")[0]
                                                       .replace("_", " "),)) for key in work),
        e("process.work", "supported_children_per_million", "per_million", "number",
          ("supported",)),
        e("process.work", "hours_per_staff_year", "hours", "number", ("working hours",),
          low=1.0),
        e("process.work", "child_director_yuan_per_hour", "yuan_per_hour", "number",
          ("director's hour",)),
        *(e("demand", f"arrivals.{kind}", "per_year", "scaled", ("arrival", "rate"))
          for kind in ("infant", "long_term", "temporary")),
        *(e("demand", f"care_mix.{kind}.full_care", "share", "share", ("mix",), high=1.0)
          for kind in ("long_term", "temporary")),
        *(e("demand", f"age_mix.{kind}.0-2", "share", "share", ("mix",), high=1.0)
          for kind in ("long_term", "temporary")),
        e("demand", "night_or_emergency_share", "share", "number", ("night",), high=1.0),
        e("census", "children", "children", "census"),
        e("counties", "population", "persons", "count", ("population",), low=1,
          high=200_000_000),
        e("counties", "townships", "count", "count", ("townships",), low=1, high=10_000),
        e("counties", "workstations", "count", "count", ("workstations",), high=10_000),
        e("institutions", "operating_cost_yuan_per_year", "yuan_per_year", "number",
          ("operating cost", "cost")),
        *(e("institutions", f"staff.{role}", "heads", "count", ("staff",), high=10_000)
          for role in ("caregiver", "professional", "other")),
        e("institutions", "beds", "beds", "count", ("beds",), plan_only=True, high=10_000),
        e("options", "beds_added", "beds", "count", ("beds", "size"), plan_only=True, low=1,
          high=10_000),
        e("options", "capital_cost_yuan", "yuan", "number", ("cost",)),
        e("options", "lead_time_days", "days", "count", ("lead", "time"), plan_only=True,
          high=3650),
    )


ENTRIES: tuple[Entry, ...] = _entries()
MIXES = {"process.care": ("mix_after_infancy",),
         "demand": ("care_mix.long_term", "care_mix.temporary", "age_mix.long_term",
                    "age_mix.temporary")}
# Blocks that sit in lists: their figures are found item by item.
LISTED = ("counties", "institutions", "options")

# The numbers of a region file that are not uncertain inputs of a plan, and why; the model
# path names a list's items and a mapping's keys by ``*``.
EXCLUDED: dict[str, str] = {
    "prefectures.*.lat": "the city seat's position: distances follow from it, and their "
                         "uncertainty is costs.road_factor",
    "prefectures.*.lon": "the city seat's position (see lat)",
    "prefectures.*.counties.*.lat": "the county seat's position: distances follow from it, "
                                    "and their uncertainty is costs.road_factor",
    "prefectures.*.counties.*.lon": "the county seat's position (see lat)",
    "observed.*.year": "an observation's year: what the backtest compares with, not an input",
    "observed.*.value": "an observed count: what the backtest compares with, not an input",
    "observed.*.plus_minus": "the rounding of an observed count, already its range",
    "census.children.*.*.schooling": "yes or no, derived from age when omitted",
}


def excluded(path: tuple) -> str | None:
    """Why the number at a region path is not an uncertain input, or None when it is one."""
    parts = [str(p) for p in path]
    for pattern, reason in EXCLUDED.items():
        wanted = pattern.split(".")
        if len(wanted) == len(parts) and all(a in ("*", b) for a, b in zip(wanted, parts,
                                                                            strict=True)):
            return reason
    return None


_AT = {"counties": "prefectures.*.counties.*", "institutions": "institutions.*",
       "options": "institutions.*.options.*"}


def model_path(entry: Entry) -> str:
    """Where an entry's figures sit in the region model, list items and mapping keys as
    ``*``: ``institutions.*.staff.caregiver``, ``demand.arrivals.*.infant``, a mix's share
    as ``demand.care_mix.long_term.*``."""
    at, key = _AT.get(entry.block, entry.block), entry.key
    if entry.block == "demand" and key.startswith("arrivals."):
        return f"{at}.arrivals.*.{key.partition('.')[2]}"
    if entry.block == "census":
        return "census.children.*.*.n"
    if entry.shape == "share":
        key = key.rpartition(".")[0] + ".*"
    return f"{at}.{key}"


def entry_at(path: tuple) -> Entry | None:
    """The entry whose figure holds the value at a region path (a placeholder such as
    ``{item}`` stands for any list item or key): ``("institutions", "{item}", "beds")``."""
    parts = [str(p) for p in path]
    for entry in ENTRIES:
        pattern = model_path(entry).split(".")
        if len(pattern) <= len(parts) and all(
                a == "*" or a == b or b.startswith("{")
                for a, b in zip(pattern, parts, strict=False)):
            return entry
    return None


def block_name(block: tuple) -> str:
    """The block an owner path names: ``("institutions", 3, "options", 0)`` is options."""
    named = [str(p) for p in block if not str(p).isdigit() and str(p)[:1] not in ("{", "*")]
    return {"institutions.options": "options", "prefectures.counties": "counties"}.get(
        ".".join(named), ".".join(named))


def range_key(block: tuple, path: tuple) -> str | None:
    """The ``ranges:`` key, in the block at ``block``, of the figure at ``path`` (below it):
    the census's rows are ``children``, every county's infants ``arrivals.infant``, a wage
    of any year its role's ``wages_yuan_per_year.caregiver``; None where no range is given."""
    entry = entry_at(path)
    if entry is None:
        return None
    rel = [str(p) for p in path[len(block):]]
    if entry.block == "census":
        key = "children"
    elif entry.block == "demand" and rel[:1] == ["arrivals"]:
        key = f"arrivals.{rel[2]}"
    else:
        key = ".".join(rel[:len(split(entry.key))])
    return key if entry_for(block_name(block), key) is not None else None


@dataclass(frozen=True)
class Item:
    """One figure of the region file, with the range it may lie in."""

    entry: Entry
    path: tuple                       # attribute names, list indices and dict keys
    where: str                        # dotted key path, e.g. institutions[sx-zhuji].beds
    value: float                      # the file's figure (1 for a table moved as a whole)
    low: float | None                 # None: not varied
    high: float | None
    range_from: str                   # "file", "default" or "none"
    code: str                         # provenance: S, GK, E or A
    source: str

    @property
    def varied(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def at(self, u: float) -> float:
        """The figure at ``u`` in [0, 1] of its range (0 low, 1 high)."""
        if not self.varied:
            return self.value
        x = self.low + u * (self.high - self.low)
        return float(round(x)) if self.entry.shape in ("count", "date") else x


@dataclass(frozen=True)
class Input:
    """What the sensitivity run varies as one: an entry, for all the figures it groups."""

    id: str
    entry: Entry
    group: str                         # the kind of institution or option, else ""
    items: tuple[Item, ...]

    @property
    def varied(self) -> bool:
        return any(item.varied for item in self.items)


def inputs(region: Region) -> list[Input]:
    """Every uncertain input of the region, in the order of ``ENTRIES``."""
    found: dict[str, list[Item]] = {}
    groups: dict[str, tuple[Entry, str]] = {}
    for entry, group, item in _items(region):
        ident = entry.name + (f"[{group}]" if group else "")
        found.setdefault(ident, []).append(item)
        groups[ident] = (entry, group)
    return [Input(ident, *groups[ident], tuple(items)) for ident, items in found.items()]


def blocks(region: Region, block: str) -> Iterator[tuple[tuple, str, str, Any]]:
    """(path, where, group, block) of every block of a kind: one, or one per item of a list
    (every county, institution or building option); an optional block left out gives none."""
    if block == "counties":
        for p, prefecture in enumerate(region.prefectures):
            for c, county in enumerate(prefecture.counties):
                yield ("prefectures", p, "counties", c), f"counties[{county.code}]", "", county
    elif block == "institutions":
        for n, inst in enumerate(region.institutions):
            yield ("institutions", n), f"institutions[{inst.id}]", inst.kind, inst
    elif block == "options":
        for n, inst in enumerate(region.institutions):
            for o, option in enumerate(inst.options):
                yield (("institutions", n, "options", o),
                       f"institutions[{inst.id}].options[{option.id}]", option.kind, option)
    else:
        at = tuple(block.split("."))
        found = get_in(region, at)
        if found is not None:
            yield at, block, "", found


def _items(region: Region) -> Iterator[tuple[Entry, str, Item]]:
    for entry in ENTRIES:
        for at, where, group, block in blocks(region, entry.block):
            key = entry.key if entry.block in LISTED else _mix_key(entry, block)
            yield entry, group, _item(entry, block, at, where, key)


def _mix_key(entry: Entry, block: Any) -> str:
    """A mix varies through one share: the entry's, or the one the file gives a range for."""
    if entry.shape != "share":
        return entry.key
    mix = entry.key.rpartition(".")[0]
    given = [k for k in block.ranges if k.rpartition(".")[0] == mix]
    return given[0] if given else entry.key


def _item(entry: Entry, block: Any, at: tuple, where: str, key: str) -> Item:
    path = (*at, *split(key))
    value = baseline(entry, get_in(block, split(key)))
    code = provenance(block.source, entry.hints)
    spread: Spread | None = block.ranges.get(key)
    range_from = "file" if spread is not None else "default"
    if spread is None:
        spread = default_spread(code)
        range_from = "default" if spread is not None else "none"
    low = high = None
    if spread is not None:
        low, high = spread.ends(value)
        if range_from == "default":
            low, high = within(entry, low, high)
    return Item(entry, path, f"{where}.{key}", value, low, high, range_from, code,
                block.source)


def within(entry: Entry, low: float, high: float) -> tuple[float, float]:
    """A default range kept to the values the figure can take, counts widened to whole
    numbers (5 ± 20 % is 4 to 6)."""
    low, high = max(low, entry.low), min(high, entry.high)
    if entry.shape in ("count", "date"):
        low, high = max(math.floor(low), math.ceil(entry.low)), math.ceil(high)
        high = min(high, entry.high)
    return low, high


def split(key: str) -> tuple[str, ...]:
    """"care_mix.long_term.0-2" -> ("care_mix", "long_term", "0-2")."""
    return tuple(key.split("."))


def baseline(entry: Entry, value: Any) -> float:
    """The figure an entry's range is about: 1 for a table moved as a whole, a series'
    first value (a series given as one number, or not given, is that number or 0)."""
    if entry.shape in ("scaled", "census"):
        return 1.0
    if entry.shape == "series" and isinstance(value, Mapping):
        return float(value[min(value)]) if value else 0.0
    return float(value)


def get_in(node: Any, path: tuple) -> Any:
    """The value at ``path`` (attribute names, list indices, mapping keys)."""
    for step in path:
        if isinstance(node, BaseModel):
            node = getattr(node, step)
        elif isinstance(node, list | tuple):
            node = node[step]
        else:
            node = node.get(step, 0.0) if isinstance(node, dict) else node
    return node


def entry_for(block: str, key: str) -> Entry | None:
    """The entry a ``ranges:`` key of a block names (a mix by any of its shares)."""
    for entry in ENTRIES:
        if entry.block != block:
            continue
        if entry.key == key:
            return entry
        if entry.shape == "share":
            mix, _, part = key.rpartition(".")
            if mix == entry.key.rpartition(".")[0] and part in (*CARE_LEVELS, *AGE_BANDS):
                return entry
    return None
