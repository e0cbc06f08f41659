"""The uncertain figures of a region, listed once: for the sensitivity run, the report's list
of estimates and the workbook alike.

``ENTRIES`` names every kind of figure of a region file that may be estimated or assumed:
where it sits (its block and key, as a planner writes it under ``ranges:``), its unit, its
shape (a plain number, a count, a by-year series, a table scaled as a whole, one share of
a mix, the census), the words that find its provenance code in the block's ``source:``, and
whether only the optimizer reads it (beds, lead times and the discount rate: a plan held
fixed already decided what they decide).

``inputs(region)`` turns the entries into the region's inputs: one per entry, except that
the figures of institutions and of building options are grouped by kind (every county
home's operating cost is one input, each home keeping its own range), so that a province of
a hundred institutions still has a few dozen inputs. ``vary(region, settings)`` returns the
region with inputs moved within their ranges: 0 is each figure's low end, 1 its high end.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
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
    unit: str              # a unit word of the reports (``unit.*``)
    shape: str             # number | count | series | scaled | share | census
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
        e("process.temporary", "to_long_term_share", "share", "number", ("convert",),
          high=1.0),
        e("process.exits", "adoption_per_year", "per_year", "scaled", ("adoption",)),
        e("process.exits", "foster_per_year", "per_year", "scaled", ("foster",)),
        e("process.exits", "foster_return_per_year", "per_year", "number", ("foster",)),
        e("process.exits", "death_per_year", "per_year", "scaled", ("death",)),
        e("process.care", "mix_after_infancy.full_care", "share", "share", ("mix",), high=1.0),
        e("process.care", "full_care_until_age", "years", "count", ("infant",), high=18),
        *(e("demand", f"arrivals.{kind}", "per_year", "scaled", ("arrival", "rate"))
          for kind in ("infant", "long_term", "temporary")),
        *(e("demand", f"care_mix.{kind}.full_care", "share", "share", ("mix",), high=1.0)
          for kind in ("long_term", "temporary")),
        *(e("demand", f"age_mix.{kind}.0-2", "share", "share", ("mix",), high=1.0)
          for kind in ("long_term", "temporary")),
        e("demand", "night_or_emergency_share", "share", "number", ("night",), high=1.0),
        e("census", "children", "children", "census"),
        e("institutions", "operating_cost_yuan_per_year", "yuan_per_year", "number",
          ("operating cost", "cost")),
        e("institutions", "staff.caregiver", "heads", "count", ("staff",), high=10_000),
        e("institutions", "beds", "beds", "count", ("beds",), plan_only=True, high=10_000),
        e("options", "capital_cost_yuan", "yuan", "number", ("cost",)),
        e("options", "lead_time_days", "days", "count", ("lead", "time"), plan_only=True,
          high=3650),
    )


ENTRIES: tuple[Entry, ...] = _entries()
MIXES = {"process.care": ("mix_after_infancy",),
         "demand": ("care_mix.long_term", "care_mix.temporary", "age_mix.long_term",
                    "age_mix.temporary")}


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
        return float(round(x)) if self.entry.shape == "count" else x


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


def _items(region: Region) -> Iterator[tuple[Entry, str, Item]]:
    for entry in ENTRIES:
        if entry.block == "institutions":
            for n, inst in enumerate(region.institutions):
                yield entry, inst.kind, _item(entry, inst, ("institutions", n),
                                              f"institutions[{inst.id}]", entry.key)
        elif entry.block == "options":
            for n, inst in enumerate(region.institutions):
                for o, option in enumerate(inst.options):
                    yield entry, option.kind, _item(
                        entry, option, ("institutions", n, "options", o),
                        f"institutions[{inst.id}].options[{option.id}]", entry.key)
        else:
            block = _get(region, tuple(entry.block.split(".")))
            key = _mix_key(entry, block)
            yield entry, "", _item(entry, block, tuple(entry.block.split(".")), entry.block,
                                   key)


def _mix_key(entry: Entry, block: Any) -> str:
    """A mix varies through one share: the entry's, or the one the file gives a range for."""
    if entry.shape != "share":
        return entry.key
    mix = entry.key.rpartition(".")[0]
    given = [k for k in block.ranges if k.rpartition(".")[0] == mix]
    return given[0] if given else entry.key


def _item(entry: Entry, block: Any, at: tuple, where: str, key: str) -> Item:
    path = (*at, *_split(key))
    value = _baseline(entry, _get_in(block, _split(key)))
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
            low, high = _within(entry, low, high)
    return Item(entry, path, f"{where}.{key}", value, low, high, range_from, code,
                block.source)


def _within(entry: Entry, low: float, high: float) -> tuple[float, float]:
    """A default range kept to the values the figure can take, counts widened to whole
    numbers (5 ± 20 % is 4 to 6)."""
    low, high = max(low, entry.low), min(high, entry.high)
    if entry.shape == "count":
        low, high = max(math.floor(low), math.ceil(entry.low)), math.ceil(high)
        high = min(high, entry.high)
    return low, high


def _split(key: str) -> tuple[str, ...]:
    """"care_mix.long_term.0-2" -> ("care_mix", "long_term", "0-2")."""
    return tuple(key.split("."))


def _baseline(entry: Entry, value: Any) -> float:
    if entry.shape in ("scaled", "census"):
        return 1.0
    if entry.shape == "series":
        return float(value[min(value)])
    return float(value)


def _get(model: Any, path: tuple) -> Any:
    return _get_in(model, path)


def _get_in(node: Any, path: tuple) -> Any:
    for step in path:
        if isinstance(node, BaseModel):
            node = getattr(node, step)
        elif isinstance(node, list | tuple):
            node = node[step]
        else:
            node = node.get(step, 0.0) if isinstance(node, dict) else node
    return node


# --- Moving figures within their ranges -----------------------------------------------

def vary(region: Region, settings: dict[str, float], found: list[Input] | None = None) -> Region:
    """The region with each input of ``settings`` (id -> u in [0, 1]) moved within its
    range; the other figures stay as the file gives them."""
    by_id = {i.id: i for i in (found if found is not None else inputs(region))}
    for ident, u in settings.items():
        for item in by_id[ident].items:
            if item.varied:
                region = _replace(region, _target(item), _change(item, item.at(u)))
    return region


def _target(item: Item) -> tuple:
    """The part of the region a change rewrites: a mix as a whole, a table as a whole."""
    if item.entry.shape == "share":
        return item.path[:-1]
    if item.entry.shape == "census":
        return item.path
    if item.entry.shape == "scaled" and item.entry.block == "demand":
        return item.path[:-1]           # demand.arrivals, each county's rates of one kind
    return item.path


def _change(item: Item, x: float) -> Callable[[Any], Any]:
    shape, last = item.entry.shape, item.path[-1]
    if shape in ("number", "count"):
        return lambda _: int(x) if shape == "count" else x
    if shape == "series":
        factor = x / item.value if item.value else 1.0
        return lambda series: {y: v * factor for y, v in series.items()}
    if shape == "share":
        return lambda mix: _share(mix, last, x, _members(item))
    if shape == "census":
        return lambda children: _census(children, x)
    if item.entry.block == "demand":     # arrivals of one kind in every county
        return lambda rates: {c: r.model_copy(update={last: _scaled(getattr(r, last), x)})
                              for c, r in rates.items()}
    return lambda table: _scaled(table, x)


def _members(item: Item) -> tuple[str, ...]:
    return CARE_LEVELS if item.path[-1] in CARE_LEVELS else AGE_BANDS


def _scaled(table: Any, factor: float) -> Any:
    if isinstance(table, dict):
        return {k: _scaled(v, factor) for k, v in table.items()}
    return table * factor


def _share(mix: dict, part: str, x: float, members: tuple[str, ...]) -> dict:
    """The mix with ``part`` at share ``x`` and the others keeping their proportions."""
    x = min(max(x, 0.0), 1.0)
    others = {k: v for k, v in mix.items() if k != part}
    rest = sum(others.values())
    if rest > 0:
        out = {k: v * (1 - x) / rest for k, v in others.items()}
    else:                                 # the part was the whole mix: share out the rest
        spare = [m for m in members if m != part]
        out = {k: (1 - x) / len(spare) for k in spare}
    return {**out, part: x}


def _census(children: dict, factor: float) -> dict:
    """Every institution's children scaled by ``factor``, the total rounded to whole
    children and shared by largest remainders so that small rows are not all rounded away."""
    rows = [(inst, n, row) for inst, rs in children.items() for n, row in enumerate(rs)]
    wanted = [row.n * factor for _, _, row in rows]
    counts = [math.floor(w) for w in wanted]
    short = round(sum(wanted)) - sum(counts)
    for k in sorted(range(len(rows)), key=lambda k: counts[k] - wanted[k])[:max(short, 0)]:
        counts[k] += 1
    out: dict = {inst: list(rs) for inst, rs in children.items()}
    for (inst, n, row), count in zip(rows, counts, strict=True):
        out[inst][n] = row.model_copy(update={"n": count})
    return out


def _replace(node: Any, path: tuple, change: Callable[[Any], Any]) -> Any:
    """A copy of ``node`` with the value at ``path`` replaced by ``change(value)``."""
    if not path:
        return change(node)
    step, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        return node.model_copy(update={step: _replace(getattr(node, step), rest, change)})
    if isinstance(node, list | tuple):
        out = list(node)
        out[step] = _replace(node[step], rest, change)
        return type(node)(out) if isinstance(node, tuple) else out
    return {**node, step: _replace(node.get(step, 0.0), rest, change)}


# --- Checking the ranges a region file gives ------------------------------------------

def range_problems(region: Region) -> Iterator[tuple[tuple, str, str]]:
    """(key path, what is wrong, what is allowed) for every range the file gives amiss."""
    for at, block, entries in _blocks(region):
        mixes: dict[str, str] = {}
        for key, spread in block.ranges.items():
            where = (*at, "ranges", key)
            entry = _entry_for(entries, key)
            if entry is None:
                names = [e.key for e in entries]
                yield where, f"{key!r} is not a figure whose range this block can give", \
                    "one of " + ", ".join(names) if names else "no ranges here"
                continue
            if entry.shape == "share":
                mix = key.rpartition(".")[0]
                if mix in mixes:
                    yield where, f"the mix {mix} already varies through {mixes[mix]}", \
                        "one share per mix; the others keep their proportions"
                mixes[mix] = key
            yield from _range_problem(where, entry, spread, block, key)


def _blocks(region: Region) -> Iterator[tuple[tuple, Any, list[Entry]]]:
    named = sorted({e.block for e in ENTRIES} - {"institutions", "options"})
    for name in named:
        at = tuple(name.split("."))
        yield at, _get(region, at), [e for e in ENTRIES if e.block == name]
    own = [e for e in ENTRIES if e.block == "institutions"]
    options = [e for e in ENTRIES if e.block == "options"]
    for n, inst in enumerate(region.institutions):
        yield ("institutions", n), inst, own
        for o, option in enumerate(inst.options):
            yield ("institutions", n, "options", o), option, options


def _entry_for(entries: list[Entry], key: str) -> Entry | None:
    for entry in entries:
        if entry.key == key:
            return entry
        if entry.shape == "share":
            mix, _, part = key.rpartition(".")
            if mix == entry.key.rpartition(".")[0] and part in (*CARE_LEVELS, *AGE_BANDS):
                return entry
    return None


def _range_problem(where: tuple, entry: Entry, spread: Spread, block: Any,
                   key: str) -> Iterator[tuple[tuple, str, str]]:
    if entry.relative_only and not spread.relative:
        yield where, f"{key} moves as a whole, so its range is a percentage", \
            "e.g. ±20% or [-20%, +30%]"
        return
    value = _baseline(entry, _get_in(block, _split(key)))
    low, high = spread.ends(value)
    allowed = f"from {entry.low:g} to {entry.high:g}" if math.isfinite(entry.high) else \
        f"at least {entry.low:g}"
    if low < entry.low - 1e-12 or high > entry.high + 1e-12:
        yield where, f"the range {spread.text()} reaches {low:g} to {high:g}, beyond the " \
            "values this figure can take", allowed
    elif not spread.relative and not low <= value <= high:
        yield where, f"the range {spread.text()} does not contain the file's figure {value:g}", \
            "a range around the figure"
