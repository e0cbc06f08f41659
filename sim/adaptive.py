"""Replications that adapt: simulate in batches until every judged figure is decided.

Twenty replications cannot confirm a 95 % chance of meeting a deadline (the Wilson interval
of 20 successes in 20 reaches down to 84 %), and a share of days at 94 % against a level of
95 % needs more replications than one at 70 %. With ``run: {replications: auto}`` a run
simulates a first batch (``adaptive.min``), judges every level and target, and adds
batches (``adaptive.batch``) while some figure is still undecided: not met, not missed, and
with an interval wider than ``adaptive.width``; it stops at ``adaptive.max`` at the latest.
It says why it stopped and which figures were still not confirmed when it did: at the cap
(``cap``), or because every open interval was already narrower than the width, so that more
replications would not tell more (``narrow``); only when every figure is met or missed is
the run ``decided``.

Replication i always draws the same random numbers (they derive from the seed and i alone),
and the decision to add a batch reads only the results, so an adaptive run that took N
replications gives exactly the numbers of a fixed run of N, on any number of workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sim.levels import DECIDED, Verdict, undecided


@dataclass
class Record:
    """How an adaptive run went: what it was told, how many batches, why it stopped."""

    min: int
    batch: int
    max: int
    width: float
    replications: int = 0
    batches: int = 0
    stopped: str = ""                       # "decided", "narrow" or "cap"
    # every figure not met or missed at the stop, "narrow" when its interval was narrower
    # than the width (more replications would not decide it)
    undecided: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"mode": "auto", "min": self.min, "batch": self.batch, "max": self.max,
                "width": self.width, "replications": self.replications,
                "batches": self.batches, "stopped": self.stopped,
                "undecided": self.undecided}


def until_decided(simulate: Callable[[range], list], judge: Callable[[list], list[Verdict]],
                  settings) -> tuple[list, Record]:
    """Replications in batches until ``judge`` finds every figure decided, or the cap.

    ``simulate(range)`` runs the replications of those indices; ``judge(replications)``
    returns the verdicts on all replications so far; ``settings`` holds min, batch, max and
    width (``sim.scenario.AdaptiveSettings``).
    """
    record = Record(settings.min, settings.batch, settings.max, settings.width)
    done: list = []
    while True:
        want = settings.min if not done else len(done) + settings.batch
        done += simulate(range(len(done), min(want, settings.max)))
        record.batches += 1
        verdicts = judge(done)
        left = undecided(verdicts, settings.width)
        if not left or len(done) >= settings.max:
            break
    still = [v for v in verdicts if v.verdict not in DECIDED]
    record.replications = len(done)
    record.stopped = "cap" if left else "narrow" if still else "decided"
    record.undecided = [{**v.to_json(), "narrow": v.decided(settings.width)} for v in still]
    return done, record
