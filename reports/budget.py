"""Each home's annual budget: cost by year, institution and category, in whole yuan.

A budget officer adds up a spreadsheet's cells and expects the totals printed beside them.
The simulated costs are means over replications, fractions of a yuan, so they are rounded
once, here, by *controlled rounding*: every cell goes to the whole yuan just below or just
above its exact value, chosen so that every sum the workbook prints (each home's year,
each year, each home over the horizon, each category in a year and in a home, the grand
total) is itself the exact sum rounded to a neighbouring whole yuan, and equals the sum of
the rounded cells it totals. Such a rounding always exists for the totals of a two-way
table (year by institution); the category sums are kept within one yuan where the
three-way table allows, and the rule says so when it does not. The choice is a small
integer program (OR-Tools CP-SAT, one worker, fixed seed, so the same run gives the same
cents-free figures every time).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from reports.inputs import Inputs
from reports.table import Column, Table
from sim.monitor import COST_CATEGORIES

TOLERANCE = 1e-6          # a sum this close to a whole yuan is that whole yuan


@functools.lru_cache(maxsize=4)
def _cube_of(means: bytes, shape: tuple[int, ...]) -> tuple[np.ndarray, int]:
    cube = np.frombuffer(means, dtype=float).reshape(shape)
    return controlled_round(cube)


def cube(x: Inputs) -> tuple[np.ndarray, int]:
    """The mean cost [year, institution, category] in whole yuan, and the largest amount
    (yuan) by which a category's sum differs from its exact value beyond one yuan (0 when
    every printed sum is within one yuan)."""
    means = np.mean([r.costs for r in x.results.replications], axis=0)
    return _cube_of(means.tobytes(), means.shape)


LARGE = 6_000      # cells (Zhejiang's 5 years, 101 homes, 10 categories: 5,050): a larger
#                    table, one program would not solve in time; it is rounded in two steps


def controlled_round(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Whole numbers next to ``values`` [Y, I, C] whose every margin is next to the exact
    margin: exactly so for the year-by-institution totals, as nearly as possible for the
    category sums."""
    if values.size > LARGE and values.shape[2] > 1:
        return _in_two_steps(values)
    from ortools.sat.python import cp_model

    low = np.floor(values + TOLERANCE)
    frac = values - low
    free = frac > TOLERANCE
    model = cp_model.CpModel()
    up = {tuple(map(int, idx)): model.NewBoolVar(f"u{n}")
          for n, idx in enumerate(zip(*np.nonzero(free), strict=True))}

    def margin(cells, hard: bool):
        exact = float(sum(values[c] for c in cells))
        base = int(sum(low[c] for c in cells))
        lo, hi = math.floor(exact + TOLERANCE), math.ceil(exact - TOLERANCE)
        ups = [up[c] for c in cells if c in up]
        if not ups:
            return None
        total = sum(ups)
        if hard:
            model.Add(total >= lo - base)
            model.Add(total <= hi - base)
            return None
        slack = model.NewIntVar(0, len(ups), "s")
        model.Add(total >= lo - base - slack)
        model.Add(total <= hi - base + slack)
        return slack

    years, insts, cats = values.shape
    every = [(y, i, c) for y in range(years) for i in range(insts) for c in range(cats)]
    groups = {
        "yi": lambda y, i, c: (y, i), "y": lambda y, i, c: y, "i": lambda y, i, c: i,
        "all": lambda y, i, c: 0, "yc": lambda y, i, c: (y, c), "ic": lambda y, i, c: (i, c),
        "c": lambda y, i, c: c}
    slacks = []
    for name, key in groups.items():
        cells: dict = {}
        for cell in every:
            cells.setdefault(key(*cell), []).append(cell)
        for members in cells.values():
            found = margin(members, hard=name in ("yi", "y", "i", "all"))
            if found is not None:
                slacks.append(found)
    model.Minimize(sum(slacks))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 20.0
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("no controlled rounding found")  # cannot happen: see docstring
    out = low.astype(np.int64)
    for cell, var in up.items():
        out[cell] += solver.Value(var)
    return out, int(max((solver.Value(s) for s in slacks), default=0))


def _in_two_steps(values: np.ndarray) -> tuple[np.ndarray, int]:
    """The rounding of a table too large for one program: first the two-way table of each
    home's year (every year, home and grand total next to its exact value, as before), then
    each home's year split over its categories by the largest remainders; the category sums
    are then as near as that leaves them, and the largest amount by which one misses its
    neighbouring whole yuan is returned, as the one program does."""
    totals = _two_way(values.sum(axis=2))
    years, insts, _ = values.shape
    out = np.empty(values.shape, np.int64)
    for y in range(years):
        for i in range(insts):
            out[y, i] = largest_remainder(values[y, i], int(totals[y, i]))
    excess = 0
    for axes in ((1,), (0,), (0, 1)):                # each year's, home's and the whole
        exact = values.sum(axis=axes)
        got = out.sum(axis=axes)
        below = np.floor(exact + TOLERANCE) - got
        above = got - np.ceil(exact - TOLERANCE)
        excess = max(excess, int(max(below.max(), above.max(), 0)))
    return out, excess


def _two_way(values: np.ndarray) -> np.ndarray:
    """A controlled rounding of a two-way table [Y, I]: every cell, row and column sum and
    the total next to its exact value. It always exists (Bacharach 1966) and is a feasible
    flow: from the years to the homes, one unit for each cell rounded up, each year's and
    each home's number of cells rounded up between what its sum's two neighbours allow
    (max flow with lower bounds, OR-Tools)."""
    from ortools.graph.python import max_flow

    low = np.floor(values + TOLERANCE)
    free = (values - low) > TOLERANCE
    years, insts = values.shape

    def bounds(exact, floors) -> tuple[int, int]:
        return (math.floor(exact + TOLERANCE) - int(floors),
                math.ceil(exact - TOLERANCE) - int(floors))

    source, sink = years + insts, years + insts + 1
    arcs = []                                   # (tail, head, lower, upper)
    for y in range(years):
        arcs.append((source, y, *bounds(values[y].sum(), low[y].sum())))
    for i in range(insts):
        arcs.append((years + i, sink, *bounds(values[:, i].sum(), low[:, i].sum())))
    arcs.append((sink, source, *bounds(values.sum(), low.sum())))
    cells = [(y, i) for y, i in zip(*np.nonzero(free), strict=True)]
    arcs += [(int(y), years + int(i), 0, 1) for y, i in cells]
    flow = max_flow.SimpleMaxFlow()
    excess = np.zeros(sink + 3, np.int64)
    ids = []
    for tail, head, lower, upper in arcs:
        ids.append(flow.add_arc_with_capacity(tail, head, max(upper - lower, 0)))
        excess[head] += lower
        excess[tail] -= lower
    start, end = sink + 1, sink + 2
    for node in range(sink + 1):
        if excess[node] > 0:
            flow.add_arc_with_capacity(start, node, int(excess[node]))
        elif excess[node] < 0:
            flow.add_arc_with_capacity(node, end, int(-excess[node]))
    if flow.solve(start, end) != flow.OPTIMAL or \
            flow.optimal_flow() != int(excess[excess > 0].sum()):
        raise RuntimeError("no controlled rounding found")  # cannot happen: see docstring
    out = low.astype(np.int64)
    first = len(arcs) - len(cells)
    for (y, i), arc in zip(cells, ids[first:], strict=True):
        out[y, i] += flow.flow(arc)
    return out


def budget(x: Inputs) -> Table:
    """Each home's budget: one row per year and institution, a total row for each year and
    one for the horizon; categories with no cost in any year are left out."""
    t = x.t
    amounts, excess = cube(x)
    used = [c for c in range(len(COST_CATEGORIES)) if amounts[:, :, c].any()]
    cols = [Column(t("col.year"), "year"), Column(t("col.id")), Column(t("col.institution"))]
    cols += [Column(t(f"cost.{COST_CATEGORIES[c]}"), "money") for c in used]
    cols.append(Column(t("col.total"), "money"))
    table = Table("budget", t("sec.budget"), cols, note=rounding_rule(t, excess))
    for y, year in enumerate(x.years):
        for i, inst in enumerate(x.world.institutions):
            cells = [int(amounts[y, i, c]) for c in used]
            table.rows.append([year, inst, x.name(inst), *cells, int(amounts[y, i].sum())])
        table.rows.append([year, "", t("col.total"),
                           *(int(amounts[y, :, c].sum()) for c in used), int(amounts[y].sum())])
    table.rows.append(["", "", t("words.horizon_total"),
                       *(int(amounts[:, :, c].sum()) for c in used), int(amounts.sum())])
    return table


def rounding_rule(t, excess: int) -> str:
    text = t("note.rounding")
    return text + (" " + t("note.rounding_excess", n=excess) if excess else "")


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers next to ``values`` adding up to ``total`` (itself next to their sum):
    each value rounded down, then one more to those with the largest remainders."""
    low = np.floor(values + TOLERANCE).astype(np.int64)
    short = int(total - low.sum())
    order = np.argsort(-(values - low), kind="stable")
    low[order[:max(short, 0)]] += 1
    return low


def readme(x: Inputs, sheets: list[tuple[str, str]]) -> Table:
    """What the workbook holds: the run, its scenario hash and plan, units and rounding."""
    t, m = x.t, x.results.manifest
    horizon = m.get("horizon", {})
    rows = [(t("man.run_id"), m.get("run_id", "")),
            (t("man.scenario"), t.part(m.get("scenario", x.scenario.name))),
            (t("man.hash"), m.get("scenario_hash", x.scenario.content_hash)),
            (t("man.plan"), x.plan_name),
            (t("man.replications"), m.get("replications", len(x.results.replications))),
            (t("man.seed"), m.get("seed", x.results.seed)),
            (t("man.horizon"), f"{horizon.get('start', x.scenario.horizon.start)} – "
                               f"{horizon.get('end', x.scenario.horizon.end)}"),
            (t("readme.units"), t("readme.units_text")),
            (t("readme.rounding"), rounding_rule(t, cube(x)[1]))]
    rows += [(f"{t('readme.sheets')} {n}", name) for n, (name, _) in enumerate(sheets, 1)]
    table = Table("readme", t("sec.readme"), [Column(t("col.item")), Column(t("col.value"))])
    table.rows = [[item, str(value)] for item, value in rows if value not in ("", None)]
    return table
