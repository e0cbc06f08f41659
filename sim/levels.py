"""Service levels: what a scenario asks a plan to hold, judged on the simulation by one rule.

A scenario's ``service_levels`` ask that

- every institution holding children meets the caregiver ratios on at least a share of the
  days it holds children (``ratio_compliance_days``, the one statistic of
  ``sim.measures.ratio_compliance``), counted from the first day a hire made on the first
  day could start work: before it the staff are those on roll at the start, which no plan
  can change;
- each county's long-term children have all moved by its deadline with at least a
  probability (``transfer_deadline_probability``);
- each institution holding children has no day with more children in residence than beds
  with at least a probability (``bed_capacity_probability``).

Each figure is judged by :func:`sim.rules.verdict` on its 95 % interval (Student's t for a
share of days, Wilson for a probability): ``met`` when the interval's lower end reaches the
level, ``missed`` when its upper end falls short, ``not_confirmed`` when it straddles the
level. A Wilson interval on few replications is wide: when every one of 20 replications
meets a deadline, the interval is 84 %-100 %, so a level of 95 % cannot be confirmed with
fewer than 73 replications (:func:`needed_replications`); a verdict says so. The same
:class:`Verdict` records the judgement of the targets in force (``reports.verdicts``), so
that the terminal, the report, ``summary.json`` and the run store read one list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sim.results import Z95
from sim.rules import MET, MISSED, NOT_CONFIRMED, Estimate, thaw, verdict

LEVELS = ("ratio_compliance_days", "transfer_deadline_probability", "bed_capacity_probability")
DECIDED = (MET, MISSED, "not_yet_due", "not_measured")


@dataclass(frozen=True)
class Verdict:
    """One judged figure: a service level at one place, or a target in force."""

    figure: str                  # a service level's name or a target's rule key
    place: str                   # institution id, county code or jurisdiction code
    level: Any                   # the level, or the value the target requires
    compare: str                 # at_least, at_most or equal
    estimate: Any                # the figure (None when it cannot be measured)
    low: float | None            # its 95 % interval (None for a figure without one)
    high: float | None
    verdict: str                 # met, missed, not_confirmed, not_yet_due, not_measured
    replications: int
    interval: str = "t"          # t, wilson or exact: how the interval was made
    due: date | None = None
    needed: int | None = None    # fewest replications that could confirm the level, if more
    source: str = ""             # where the level comes from
    places: tuple[str, ...] = field(default=())   # a target's counties in the region
    unit: str = "share"          # the unit of the estimate (a target's own unit)
    description: str = ""        # a target's description ("中文 — English")

    @property
    def width(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low

    def decided(self, width: float) -> bool:
        """Whether more replications would not tell more: the verdict is reached, or the
        interval is already narrower than ``width``."""
        return self.verdict in DECIDED or (self.width is not None and self.width < width)

    def to_json(self) -> dict:
        """Plain JSON data (dates as ISO text, the interval as [low, high] or null)."""
        out = {name: thaw(value) for name, value in asdict(self).items()}
        out["level"], out["estimate"] = _plain(out["level"]), _plain(out["estimate"])
        out["interval"] = None if self.low is None else [self.low, self.high]
        out["interval_kind"] = self.interval
        out["due"] = self.due.isoformat() if self.due else None
        out["places"] = list(self.places)
        out["needed_replications"] = out.pop("needed")
        for name in ("low", "high"):
            del out[name]
        return out


def from_json(found: dict) -> Verdict:
    """A verdict read back from ``Verdict.to_json`` (summary.json, an adaptive run's record)."""
    low, high = found["interval"] or (None, None)
    due = found.get("due")
    return Verdict(found["figure"], found["place"], found["level"], found["compare"],
                   found["estimate"], low, high, found["verdict"], found["replications"],
                   found["interval_kind"], date.fromisoformat(due) if due else None,
                   found.get("needed_replications"), found.get("source", ""),
                   tuple(found.get("places", ())), found.get("unit", "share"),
                   found.get("description", ""))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def needed_replications(level: float | None) -> int:
    """Fewest replications whose Wilson interval can show a probability of at least level
    (every replication meeting it): 73 for 95 %, 19 for 80 %."""
    if not level or level >= 1:
        return 1          # a certainty can never be shown; the verdict stays not confirmed
    return math.ceil(Z95 * Z95 * level / (1 - level))


def service_verdicts(scenario, results, compliance_confidence: float = 0.95) -> list[Verdict]:
    """Every service level the scenario sets, judged at every institution or county.

    ``compliance_confidence`` widens the interval of ratio compliance (the robust loop's
    rounds keep a margin with 99 %); everything else is judged on 95 % intervals.
    """
    levels, n = scenario.service_levels, len(results.replications)
    source = "scenario service_levels"
    out: list[Verdict] = []
    level = levels.ratio_compliance_days
    if level is not None:       # the one statistic of ratio compliance (sim.measures)
        shares = results.ratio_compliance(compliance_confidence)
        out += [_judged("ratio_compliance_days", inst, level, share["mean"], share["ci95"], n,
                        "t", source=source) for inst, share in shares.items() if share]
    level = levels.transfer_deadline_probability
    if level is not None:
        out += [_judged("transfer_deadline_probability", d["county"], level,
                        d["probability_moved_by"]["p"], d["probability_moved_by"]["ci95"], n,
                        "wilson", date.fromisoformat(d["moved_by"]), source)
                for d in results.deadlines()]
    level = levels.bed_capacity_probability
    if level is not None:
        chances = results.never_over_capacity()
        out += [_judged("bed_capacity_probability", inst, level, chances[inst]["p"],
                        chances[inst]["ci95"], n, "wilson", source=source)
                for inst in results.holding()]
    return out


def _judged(figure: str, place: str, level: float, value: float, interval, n: int, kind: str,
            due: date | None = None, source: str = "") -> Verdict:
    low, high = (float(v) for v in interval)
    found = verdict(Estimate(float(value), low, high), "at_least", level)
    needed = needed_replications(level) if kind == "wilson" else None
    return Verdict(figure, place, level, "at_least", float(value), low, high, found, n, kind,
                   due, needed if needed and needed > n and found == NOT_CONFIRMED else None,
                   source)


def undecided(verdicts: Iterable[Verdict], width: float) -> list[Verdict]:
    return [v for v in verdicts if not v.decided(width)]


def fold(verdicts: Iterable[Verdict]) -> list[tuple[Verdict, list[str]]]:
    """Verdicts that say the same thing about several places, as one entry with its places,
    in the order they first appear: 32 deadlines met alike are one line, not 32."""
    groups: dict[tuple, tuple[Verdict, list[str]]] = {}
    for v in verdicts:
        key = (v.figure, repr(v.level), v.compare, v.due, v.verdict, repr(v.estimate), v.low,
               v.high, v.needed, v.source)
        groups.setdefault(key, (v, []))[1].append(v.place)
    return list(groups.values())
