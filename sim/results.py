"""Results across replications: every figure with its confidence interval.

A key performance indicator is reported as the mean over replications with a 95 %
confidence interval (Student's t) and the 5th, 50th and 95th percentiles; the probability
of meeting a deadline as the share of replications that met it with a 95 % Wilson interval
(which stays inside [0, 1] when every replication met it). A count that is zero in most
replications (days over capacity) has no meaningful mean: a mean of 44.6 days "(0.0-108.9)"
hides that 18 replications in 20 had none and two had more than 400. Such a figure is
described as it is (:func:`occurrence`): the share of replications in which it happens, with
its Wilson interval, how large it is when it happens, and from which day. The accounting
identity of every institution in every replication is listed so that a reviewer can check
that no child was lost or counted twice.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from sim.heap import uncollected
from sim.monitor import (
    BY_CARE,
    COST_CATEGORIES,
    DAILY_FIELDS,
    FLOW_FIELDS,
    REQUIRED,
    STAFF,
    TRANSFER_FIELDS,
)
from sim.replication import ReplicationResult
from sim.scenario import STAFF_ROLES
from sim.series import Series
from sim.world import World


@functools.cache
def student_t(p: float, df: float) -> float:
    """Student's t quantile (asked for thousands of figures with the same few arguments):
    ``scipy.stats.t.ppf(p, df)``, from the special function it calls (scipy.stats takes
    three times as long to import)."""
    from scipy import special  # here, not at import: the command line starts faster

    return float(special.stdtrit(df, p))


def describe(values, low: float | None = 0.0, high: float | None = None,
             confidence: float = 0.95) -> dict:
    """Mean, confidence interval of the mean (95 % unless asked; kept under ``ci95``) and
    percentiles of a sample.

    The interval is Student's t, intersected with the values the quantity can take: by
    default ``low=0``, since every figure the simulation describes is a count, a cost or a
    share (shares also pass ``high=1``). The true mean lies in that range, so the
    intersection keeps the interval's coverage; without it a rare event (a few
    replications with days over capacity, most with none) would show an interval reaching
    below zero.
    """
    x = np.asarray(values, dtype=float)
    if not len(x):
        nan = float("nan")
        return _described(nan, 0.0, (nan, nan, nan), low, high)
    return describe_each(x[None, :], low, high, confidence)[0]


def describe_each(samples, low: float | None = 0.0, high: float | None = None,
                  confidence: float = 0.95) -> list[dict]:
    """:func:`describe` of each row of ``samples`` ([figures, replications], at least one
    replication), worked out for all rows at once: a nation's costs are some hundred
    thousand figures. Each row's figures are those ``describe`` gives it, to the last bit
    (the same reductions along a row, the same arithmetic after)."""
    x = np.ascontiguousarray(samples, dtype=float)
    n = x.shape[1]
    mean = x.mean(axis=1)
    half = (student_t(0.5 + confidence / 2, n - 1) * x.std(axis=1, ddof=1) / math.sqrt(n)
            if n > 1 else np.zeros(len(x)))
    ends = np.percentile(x, [5, 50, 95], axis=1).T
    return [_described(m, h, p, low, high)
            for m, h, p in zip(mean.tolist(), half.tolist(), ends.tolist(), strict=True)]


def _described(mean: float, half: float, ends, low: float | None,
               high: float | None) -> dict:
    lower, upper = mean - half, mean + half
    if low is not None:
        lower, upper = max(lower, low), max(upper, low)
    if high is not None:
        lower, upper = min(lower, high), min(upper, high)
    p5, p50, p95 = ends
    return {"mean": mean, "ci95": [lower, upper], "p5": p5, "p50": p50, "p95": p95}


Z95 = 1.959963984540054      # the standard normal's 97.5th percentile: 95 % two-sided


def probability(successes: int, n: int) -> dict:
    """A share with its 95 % Wilson score interval."""
    if n == 0:
        return {"p": float("nan"), "ci95": [0.0, 1.0], "n": 0}
    return {"p": successes / n, "ci95": list(wilson(successes, n)), "n": n}


def wilson(successes: float, n: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of ``successes`` in ``n`` (n > 0)."""
    z, p = Z95, successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


FEW = 3     # an occurrence in at most this many replications lists each case


def occurrence(sizes, first_days=None) -> dict:
    """A count that is zero in most replications: in how many replications it happens (with
    the 95 % Wilson interval of that share, under ``p`` and ``ci95``), its median, 90th
    percentile, least and greatest size in those replications, and the earliest and median
    first day (0 is the horizon's first day) on which it happens there; when it happens in
    a few replications only, each case (size and first day)."""
    x = np.asarray(sizes, dtype=float)
    happened = x > 0
    share = probability(int(happened.sum()), len(x))
    out = {"measure": "occurrence", "happened": int(happened.sum()), **share, "when": None}
    if happened.any():
        when = x[happened]
        out["when"] = {"p50": float(np.median(when)), "p90": float(np.percentile(when, 90)),
                       "min": float(when.min()), "max": float(when.max())}
        if first_days is not None:
            first = np.asarray(first_days)[happened]
            out["when"] |= {"first_day": int(first.min()),
                            "first_day_median": float(np.median(first))}
            if len(first) <= FEW:       # a handful of cases: each one, in order of start
                out["when"]["cases"] = [{"days": float(d), "first_day": int(f)}
                                        for f, d in sorted(zip(first, when, strict=True))]
    return out


@dataclass
class Results:
    """Everything a run produced, in replication order."""

    world: World
    seed: int
    replications: list[ReplicationResult]
    manifest: dict = field(default_factory=dict)
    targets: list[dict] = field(default_factory=list)   # sim.targets.simulated
    series: Series | None = None     # where the day-by-day records went (sim.series)

    def summed(self, institutions: list[int], fields: list[int]) -> np.ndarray:
        """[replications, days, fields]: daily fields summed over some institutions, from
        the records in memory or, once on disk, from the files."""
        return self.summed_each([institutions], fields)[0]

    def summed_each(self, groups: list[list[int]], fields: list[int]) -> list[np.ndarray]:
        """:meth:`summed` of each group of institutions (on disk, read in one pass)."""
        reps = self.replications
        if all(r.daily is not None for r in reps):
            return [np.stack([r.daily[:, g][:, :, fields].sum(axis=1, dtype=float)
                              for r in reps]) for g in groups]
        w = self.world
        return list(self.series.summed_each(
            [r.index for r in reps], w.days, [[w.institutions[i] for i in g] for g in groups],
            [DAILY_FIELDS[f] for f in fields]))

    def transfer_sums(self, campaigns: list[int]) -> np.ndarray:
        """[replications, days, 3]: pending, in progress and done summed over campaigns."""
        return self.transfer_sums_each([campaigns])[0]

    def transfer_sums_each(self, groups: list[list[int]]) -> list[np.ndarray]:
        """:meth:`transfer_sums` of each group of campaigns (on disk, read in one pass)."""
        reps = self.replications
        if all(r.transfers is not None for r in reps):
            return [np.stack([r.transfers[:, g, :].sum(axis=1).astype(float) for r in reps])
                    for g in groups]
        w = self.world
        return list(self.series.summed_each(
            [r.index for r in reps], w.days,
            [[w.counties[w.campaigns[k].county] for k in g] for g in groups],
            list(TRANSFER_FIELDS), table="transfers", key="county"))

    def accounting(self) -> list[dict]:
        rows = []
        for rep in self.replications:
            for i, inst in enumerate(self.world.institutions):
                f = dict(zip(FLOW_FIELDS, (int(v) for v in rep.flows[i]), strict=True))
                balanced = (f["start"] + f["arrivals"] + f["transfers_in"]
                            == f["exits"] + f["transfers_out"] + f["end"])
                rows.append({"replication": rep.index, "institution": inst, **f,
                             "balanced": balanced})
        return rows

    def deadlines(self) -> list[dict]:
        w, out = self.world, []
        for k, camp in enumerate(w.campaigns):
            runs = [rep.campaigns[k] for rep in self.replications]
            n = len(runs)
            done = [r["all_moved_day"] for r in runs if r["all_moved_day"] is not None]
            out.append({
                "county": w.counties[camp.county], "home": w.institutions[camp.home],
                "regional": w.institutions[camp.regional], "rule": camp.cite,
                "start": w.date_of(camp.start).isoformat(),
                "moved_by": w.date_of(camp.moved_by).isoformat(),
                "work_by": w.date_of(camp.work_by).isoformat(),
                "probability_moved_by": probability(sum(r["met_moved_by"] for r in runs), n),
                "probability_work_by": probability(sum(r["met_work_by"] for r in runs), n),
                "children": describe([r["children"] for r in runs]),
                "moved_by_deadline": describe([r["moved_by_deadline"] for r in runs]),
                "steps_by_work_deadline": describe(
                    [r["steps_by_work_deadline"] / max(r["steps_total"], 1) for r in runs]),
                "all_moved_day": describe(done) if done else None,
            })
        return out

    def ratio_compliance(self, confidence: float = 0.95) -> dict[str, dict | None]:
        """Each institution's ratio compliance (``sim.measures.ratio_compliance``): the share
        of the days it holds children, from the first day a hire made on the first day can
        start, on which it has the caregivers the ratios require; mean over the
        replications in which it holds children at all, with its interval (kept under
        ``ci95`` whatever the confidence). None for one that never holds children."""
        out = {}
        for i, inst in enumerate(self.world.institutions):
            shares = [r.compliant_days[i] / r.holding_days[i] for r in self.replications
                      if r.holding_days[i] > 0]
            out[inst] = describe(shares, high=1.0, confidence=confidence) if shares else None
        return out

    def institutions(self) -> list[dict]:
        reps = self.replications
        compliance = self.ratio_compliance()
        return [{
            "institution": inst,
            "ratio_compliance": compliance[inst],
            "professional_share_compliance": describe([r.professional[i] for r in reps],
                                                      high=1.0),
            "over_capacity_days": self._dated(occurrence(
                [r.over_capacity[i] for r in reps], [r.over_capacity_from[i] for r in reps])),
            "peak_census": describe([r.peak[i] for r in reps]),
        } for i, inst in enumerate(self.world.institutions)]

    def holding(self) -> list[str]:
        """The institutions with children in residence on some day of some replication."""
        peak = np.max([r.peak for r in self.replications], axis=0)
        return [inst for inst, p in zip(self.world.institutions, peak, strict=True) if p > 0]

    def never_over_capacity(self) -> dict[str, dict]:
        """Each institution's probability (Wilson) of no day with more children than beds."""
        reps = self.replications
        return {inst: probability(sum(int(r.over_capacity[i] == 0) for r in reps), len(reps))
                for i, inst in enumerate(self.world.institutions)}

    def _dated(self, found: dict) -> dict:
        """An occurrence with its first days also as dates."""
        when = found["when"]
        if when and "first_day" in when:
            when["first_date"] = self.world.date_of(when["first_day"]).isoformat()
            when["first_date_median"] = self.world.date_of(
                round(when["first_day_median"])).isoformat()
            for case in when.get("cases", []):
                case["first_date"] = self.world.date_of(case["first_day"]).isoformat()
        return found

    def costs(self) -> dict:
        """Cost tables (mean over replications, with intervals), in yuan."""
        w, reps = self.world, self.replications
        years = [w.first_year + y for y in range(reps[0].costs.shape[0])]
        # each sum over one axis of a replication's [year, institution, category] costs, as
        # a sum along the contiguous last axis (the very sum of that axis' slice)
        by_year = _each(np.stack([_summed(r.costs.transpose(0, 2, 1)) for r in reps]))
        by_inst = _each(np.stack([_summed(np.moveaxis(r.costs, 0, -1)) for r in reps]))
        by_role = _each(np.stack([r.wages for r in reps]))
        cats = list(enumerate(COST_CATEGORIES))
        return {"by_year_category": [
                    {"year": year, "category": cat, **by_year[y * len(cats) + c]}
                    for y, year in enumerate(years) for c, cat in cats],
                "by_institution_category": [
                    {"institution": inst, "category": cat, **by_inst[i * len(cats) + c]}
                    for i, inst in enumerate(w.institutions) for c, cat in cats],
                "wages_by_year_institution_role": [
                    {"year": year, "institution": inst, "role": role, **described}
                    for (year, inst, role), described in zip(
                        ((year, inst, role) for year in years for inst in w.institutions
                         for role in STAFF_ROLES), by_role, strict=True)]}

    def staffing(self) -> list[tuple]:
        """Per year, institution and role: heads planned, mean on roll, mean required."""
        w, reps = self.world, self.replications
        rows = []
        for y in range(w.staff_target.shape[0]):
            days = int((w.year_idx == y).sum())
            # every replication has the same days: the mean over all is the mean of means,
            # each the year's daily counts added up (whole numbers, exact) over its days
            on_roll = sum(r.sums[y, :, STAFF] / days for r in reps) / len(reps)
            required = sum(r.sums[y, :, REQUIRED] / days for r in reps) / len(reps)
            for i, inst in enumerate(w.institutions):
                for k, role in enumerate(STAFF_ROLES):
                    rows.append((w.first_year + y, inst, role, int(w.staff_target[y, i, k]),
                                 float(on_roll[i, k]),
                                 float(required[i]) if role == "caregiver" else None))
        return rows

    def kpi_values(self) -> dict[str, list[float]]:
        """Each key figure in each replication (in replication order): what ``kpis``
        describes, and what a comparison pairs replication by replication. Meeting every
        deadline is 1 or 0; it is absent when no county has a deadline."""
        reps = self.replications
        residents = [r.totals[:, BY_CARE].sum(axis=1) for r in reps]
        values = {
            "total_cost_yuan": [float(r.costs.sum()) for r in reps],
            "peak_children_in_residence": [float(x.max()) for x in residents],
            "children_in_care_at_end": [float(r.flows[:, -1].sum()) for r in reps],
            "ratio_compliance_days": [_pooled_compliance(r) for r in reps],
            "over_capacity_institution_days": [float(r.over_capacity.sum()) for r in reps],
        }
        if self.world.campaigns:
            values["all_children_moved_by_deadline"] = [
                float(all(c["met_moved_by"] for c in r.campaigns)) for r in reps]
        return values

    def kpis(self) -> dict:
        v = self.kpi_values()
        met = v.get("all_children_moved_by_deadline")
        return {
            "total_cost_yuan": describe(v["total_cost_yuan"]),
            "peak_children_in_residence": describe(v["peak_children_in_residence"]),
            "children_in_care_at_end": describe(v["children_in_care_at_end"]),
            "ratio_compliance_days": describe(v["ratio_compliance_days"], high=1.0),
            "over_capacity_institution_days": self._dated(occurrence(
                v["over_capacity_institution_days"],
                [_first(r.over_capacity_from) for r in self.replications])),
            "all_children_moved_by_deadline": probability(int(sum(met)), len(met))
            if met is not None else None,
        }

    def per_replication(self) -> dict:
        """The key figures replication by replication, with the seed and indices that say
        whether another run's replications share their random numbers."""
        return {"seed": self.seed, "replication": [r.index for r in self.replications],
                "kpis": self.kpi_values()}

    @uncollected
    def summary(self) -> dict:
        accounting = self.accounting()
        return {
            "manifest": self.manifest,
            "kpis": self.kpis(),
            "deadlines": self.deadlines(),
            "institutions": self.institutions(),
            "costs": self.costs(),
            "per_replication": self.per_replication(),
            "accounting": accounting,
            "accounting_balanced": all(row["balanced"] for row in accounting),
            "targets": self.targets,
        }


def _summed(costs: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(costs).sum(axis=-1)


def _each(per_replication: np.ndarray) -> list[dict]:
    """:func:`describe_each` of the figures of a [replications, ...] array, in the order of
    its other axes."""
    return describe_each(np.moveaxis(per_replication, 0, -1).reshape(
        -1, per_replication.shape[0]))


def _first(days: np.ndarray) -> int:
    """The earliest of first days (-1 where none), or -1 when there is none at all."""
    found = days[days >= 0]
    return int(found.min()) if len(found) else -1


def _pooled_compliance(rep: ReplicationResult) -> float:
    """The region's ratio compliance in one replication: of all the days on which its
    institutions hold children (from the first day counted), the share with enough
    caregivers."""
    holding = int(rep.holding_days.sum())
    return float(rep.compliant_days.sum() / holding) if holding else 1.0
