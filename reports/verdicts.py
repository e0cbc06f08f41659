"""Every judged figure of a run in one list: the service levels and the targets in force.

The terminal, the report, the workbook, ``summary.json`` and the run store all read this
list, so a figure has one verdict wherever it is shown. Service levels are judged by
``sim.levels``; targets by ``reports.compliance``; both by the one rule
(``sim.rules.verdict``).
"""

from __future__ import annotations

from reports import compliance
from sim.levels import Verdict, needed_replications, service_verdicts
from sim.rules import NOT_CONFIRMED, Estimate


def every(scenario, rulebook, plan, results, checks=None) -> list[Verdict]:
    """The scenario's service levels, then the targets in force (``checks`` if computed)."""
    if checks is None:
        checks = compliance.checks(scenario, rulebook, plan, results)
    n = len(results.replications)
    return service_verdicts(scenario, results) + [of_check(check, n) for check in checks]


def of_run(scenario, rulebook, plan, results) -> tuple[list[compliance.Check], list[Verdict]]:
    """The targets judged and every verdict of a finished run of ``plan``, its targets as
    the run measured them (``Results.targets``, which ``sim.run`` made for this plan)."""
    checks = compliance.checks(scenario, rulebook, plan, results, results.targets)
    return checks, every(scenario, rulebook, plan, results, checks)


def judge(scenario, rulebook, plan):
    """What an adaptive run is judged by: ``results -> every(...)``."""
    return lambda results: every(scenario, rulebook, plan, results)


def of_check(check: compliance.Check, replications: int) -> Verdict:
    """A target's judgement as a verdict: a simulated figure with its interval, a figure
    counted from the plan as exact."""
    j, target = check.judgement, check.target
    measured, level = j.measured, check.detail.get("level")
    low = high = None
    kind = "exact"
    if isinstance(measured, Estimate):
        kind = "wilson" if level is not None else "t"
        measured, low, high = measured.value, measured.low, measured.high
    elif isinstance(measured, int | float) and not isinstance(measured, bool):
        low = high = float(measured)
    needed = needed_replications(level) if kind == "wilson" else None
    if not (needed and needed > replications and j.status == NOT_CONFIRMED):
        needed = None
    return Verdict(target.key, target.jurisdiction, level if level is not None else j.required,
                   "at_least" if level is not None else j.compare, measured, low, high,
                   j.status, replications, kind, target.due or check.measured_on, needed,
                   str(target.source),
                   check.counties, "share" if kind == "wilson" else target.unit,
                   target.description)
