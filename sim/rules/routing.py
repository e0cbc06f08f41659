"""Routing and eligibility: where a child goes, when a county home stops, how many caregivers.

Each rule here is a small pure function of the rulebook, a place (and the child's facts) and
a date, and returns a :class:`Decision`: the answer with the rule key and clause that drove
it, so that the simulation's event log and the report can cite it ("intake.county_accepts_
long_term (yc-2021-74 二)"). Nothing here runs the simulation or reads a file. Where no rule
speaks, the decision says so (``source`` is ``None``) rather than invent an answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, NamedTuple, NoReturn

from sim.rules.engine import Rulebook
from sim.rules.model import Resolved, Source
from sim.scenario import CARE_LEVELS, InputError, Problem

REGIONAL = "roles.regional_takes_long_term"
TRANSFORMS = "roles.county_transforms_to_protection"
COUNTY_INTAKE = "intake.county_accepts_long_term"
ACCEPTS_ALL = "intake.regional_accepts_all_eligible"
EMERGENCY = "intake.emergency_temporary_care_at_county"
COMPLETE_BY = "transfer.transformation_complete_by"
SHARE = "staffing.professional_share_min"
AGE = "placement.aging_out_age"
LEAD = "placement.assessment_lead_months"
LATEST = date.max - timedelta(days=1)   # "as the documents stand now", for campaign dates

# The rule keys each decision reads: its answer can change only on a day one of them does.
ACCEPTS_READS = (ACCEPTS_ALL, REGIONAL)
INFANT_READS = (EMERGENCY, ACCEPTS_ALL, REGIONAL)
COUNTY_HOME_READS = (COUNTY_INTAKE, COMPLETE_BY, TRANSFORMS)
AGING_READS = (AGE, LEAD)


@dataclass(frozen=True)
class Decision:
    """An answer of a routing rule, with the rule that gave it (``source`` None: no rule)."""

    value: Any
    key: str
    source: Source | None
    reason: str
    origin: str | None = None
    also: tuple[Decision, ...] = ()

    @property
    def cite(self) -> str:
        """``key (document clause)``, then any supporting rules, separated by ``;``."""
        own = f"{self.key} ({self.source})" if self.source else f"{self.key} (no rule)"
        return "; ".join([own, *(d.cite for d in self.also if d.source)])


def decided(value: Any, rule: Resolved, reason: str, also: tuple[Decision, ...] = ()) -> Decision:
    """A decision driven by a resolved rule."""
    why = f"{reason} [{rule.origin}: {rule.reason}]" if rule.reason else reason
    return Decision(value, rule.key, rule.source, why, rule.origin, also)


def _silent(value: Any, key: str, reason: str) -> Decision:
    return Decision(value, key, None, reason)


def change_dates(rb: Rulebook, keys: tuple[str, ...], place: str) -> set[date]:
    """Every date on which the answer of one of ``keys`` at ``place`` may change."""
    return {day for key in keys for day in rb.changes(key, place)}


# --- where a child goes ----------------------------------------------------------------

def infant_destination(rb: Rulebook, county: str, on: date, night_or_emergency: bool) -> Decision:
    """Where a newly found infant is first cared for: ``county_temporary_care`` or ``regional``.

    yc-2021-74 三(一)1 sends a found infant to the city institution; only at night, in bad
    weather, a disaster or a public event may the county's temporary-care institution look
    after it first, until it is formally admitted by the regional institution. Without that
    rule the infant goes to the regional institution directly.
    """
    if night_or_emergency:
        rule = rb.resolve(EMERGENCY, county, on)
        if rule is not None and rule.value:
            return decided("county_temporary_care", rule, "found at night or in an emergency: "
                           "the county cares for it until the regional institution admits it")
    rule = rb.resolve(ACCEPTS_ALL, county, on) or rb.resolve(REGIONAL, county, on)
    if rule is None:
        return _silent("regional", REGIONAL, "no rule in force; sent to the regional institution")
    return decided("regional", rule, "a found infant is raised by the regional institution")


def regional_accepts_all(rb: Rulebook, place: str, on: date) -> Decision:
    """Whether the regional institution must take every eligible child sent to it (bool).

    yc-2021-74 三(一)1 says so outright (应收尽收、应养尽养); elsewhere cn-2021-44 一(二)
    makes the regional institution raise all long-term children of its area, which leaves
    it no ground to refuse one. A full institution is a capacity problem, not a refusal.
    """
    rule = rb.resolve(ACCEPTS_ALL, place, on) or rb.resolve(REGIONAL, place, on)
    if rule is None:
        return _silent(False, ACCEPTS_ALL, "no rule obliges the institution to take every child")
    return decided(bool(rule.value), rule, "the regional institution takes every eligible child")


def county_home_takes_long_term(rb: Rulebook, county: str, on: date) -> Decision:
    """Whether a county welfare home may still take a new long-term child on ``on`` (bool).

    How the documents are read: Yuncheng (yc-2021-74 二) stops the county homes of Wenxi
    (140823) and Xinjiang (140825), and every county bureau, from the day of issue,
    2021-12-30 (``intake.county_accepts_long_term`` false). No other document names a day
    on which intake stops, but a county institution becomes a protection institution that
    keeps only temporary care (cn-2021-44 一(二), 三(二)); so elsewhere a county home may take
    long-term children up to and including its transformation deadline
    (:func:`transformation_deadline`) and not from the day after.
    """
    rule = rb.resolve(COUNTY_INTAKE, county, on)
    if rule is not None:
        verb = "may take" if rule.value else "takes no"
        return decided(bool(rule.value), rule, f"the county home {verb} new long-term children")
    deadline = transformation_deadline(rb, county, on)
    if deadline.value is None:
        return Decision(True, deadline.key, None, "no rule ends the county home's intake")
    takes = on <= deadline.value
    words = "until" if takes else "no longer: transformed by"
    return Decision(takes, deadline.key, deadline.source,
                    f"the county home takes long-term children {words} {deadline.value}",
                    deadline.origin)


def transformation_deadline(rb: Rulebook, county: str, on: date) -> Decision:
    """The date by which the county's institution must have become a protection center.

    The prefecture's own deadline where it sets one (sx-2022-29 二: end of 2022), else the
    national one (cn-2021-44 一(三): end of 2025).
    """
    rule = rb.resolve(COMPLETE_BY, county, on)
    if rule is not None:
        return decided(rule.value, rule, "the county institution is transformed by this date")
    rule = rb.resolve(TRANSFORMS, county, on)
    if rule is not None and rule.value and rule.due is not None:
        return decided(rule.due, rule, "county institutions are transformed by this date")
    return _silent(None, TRANSFORMS, "no transformation deadline in force")


def intake_change_dates(rb: Rulebook, county: str) -> set[date]:
    """The days on which :func:`county_home_takes_long_term` may change its answer: a day a
    rule it reads takes effect, or the day after a transformation deadline."""
    days = change_dates(rb, COUNTY_HOME_READS, county)
    for day in list(days):
        deadline = transformation_deadline(rb, county, day).value
        if isinstance(deadline, date) and deadline < date.max:
            days.add(deadline + timedelta(days=1))
    return days


def switch_date(rb: Rulebook, county: str) -> Decision:
    """The first day on which the county's home may no longer take a long-term child.

    The answer can only change on a day a rule takes effect or the day after a deadline, so
    only those days are tried.
    """
    for day in sorted(intake_change_dates(rb, county)):
        decision = county_home_takes_long_term(rb, county, day)
        if decision.value is False:
            return Decision(day, decision.key, decision.source,
                            f"from {day}: {decision.reason}", decision.origin)
    return _silent(None, COUNTY_INTAKE, "no rule ends the county home's long-term intake")


# --- the transfer campaign -------------------------------------------------------------

@dataclass(frozen=True)
class Campaign:
    """A county's transfer of its long-term children to the regional institution.

    Dates are plain dates; ``why`` holds the decision behind each field (window_start,
    children_moved_by, work_complete_by, steps, grouping) for the report.
    """

    county: str
    start: date
    children_moved_by: date | None
    work_complete_by: date | None
    steps: tuple[str, ...]
    grouping: tuple[str, ...]
    why: Mapping[str, Decision] = field(default_factory=dict)

    @property
    def window_start(self) -> date:
        return self.start

    @property
    def cite(self) -> str:
        cites = [d.cite for d in self.why.values() if d.source is not None]
        return "; ".join(dict.fromkeys(cites))


def transfer_campaign(rb: Rulebook, county: str, on: date | None = None) -> Campaign | None:
    """The county's transfer campaign as the rules stand on ``on`` (default: the latest).

    Each date comes from the county's documents or, where they are silent, from the
    scenario's assumptions (Shaoxing's window start is an ``assume:`` entry). Where neither
    sets when the work ends, the county institution's transformation deadline bounds it, and
    the children must be moved by the time the work is done. ``None`` when nothing says when
    the campaign starts.
    """
    when = on or LATEST
    start = _param(rb, "transfer.window_start", county, when)
    if start.value is None:
        return None
    work = _param(rb, "transfer.work_complete_by", county, when)
    if work.value is None:
        work = transformation_deadline(rb, county, when)
    moved = _param(rb, "transfer.children_moved_by", county, when)
    if moved.value is None:
        moved = work
    steps = _param(rb, "transfer.steps", county, when)
    grouping = _param(rb, "transfer.grouping", county, when)
    why = {"window_start": start, "children_moved_by": moved, "work_complete_by": work,
           "steps": steps, "grouping": grouping}
    return Campaign(county=county, start=start.value, children_moved_by=moved.value,
                    work_complete_by=work.value, steps=tuple(steps.value or ()),
                    grouping=tuple(grouping.value or ()), why=why)


def _param(rb: Rulebook, key: str, place: str, on: date) -> Decision:
    rule = rb.resolve(key, place, on)
    if rule is None:
        return _silent(None, key, "no document or assumption gives it")
    return decided(rule.value, rule, rule.description.split(" — ")[-1])


# --- staffing and exits ----------------------------------------------------------------

def caregiver_ratio(rb: Rulebook, place: str, on: date, care_level: str) -> Decision:
    """Children of a care level one front-line caregiver may look after (hs-2023 二(三)15)."""
    if care_level not in CARE_LEVELS:
        raise ValueError(f"{care_level!r} is not a care level ({', '.join(CARE_LEVELS)})")
    key = f"staffing.caregiver_ratio.{care_level}"
    rule = rb.resolve(key, place, on)
    if rule is None:
        return _silent(None, key, "no caregiver ratio in force for this care level")
    return decided(rule.value, rule, f"1 caregiver per {rule.value} {care_level} children")


def caregivers_required(rb: Rulebook, place: str, on: date,
                        counts_by_care_level: Mapping[str, int]) -> int:
    """Front-line caregivers needed for the children present, by care level.

    Each child needs 1/ratio of a caregiver (1:4 self-care, 1:2 semi-self-care, 1:1 full
    care, hs-2023 二(三)15); the shares are summed exactly over all care levels and the total
    is rounded up once, so three self-care and two semi-self-care children need
    ceil(3/4 + 2/2) = 2 caregivers, not 1 + 1. A care level with no children needs no ratio;
    one with children and no ratio in force raises :class:`MissingRule`.
    """
    total = Fraction(0)
    for level, count in counts_by_care_level.items():
        if not count:
            continue
        ratio = caregiver_ratio(rb, place, on, level)
        if ratio.value is None:
            missing(rb, ratio.key, place, on)
        total += Fraction(count) / Fraction(str(ratio.value))
    return math.ceil(total)


def professional_share_min(rb: Rulebook, place: str, on: date) -> Decision:
    """The least share of an institution's staff who are professionals (zj-14fyp 专栏6 item 3).

    A target to be reached by its due date; the decision gives the share and says by when.
    """
    rule = rb.resolve(SHARE, place, on)
    if rule is None:
        return _silent(None, SHARE, "no professional share in force")
    return decided(rule.value, rule, f"at least {rule.value:.0%} professionals by {rule.due}")


class AgingOut(NamedTuple):
    """When a child leaves care as an adult, and how long before that it is assessed."""

    age: int | None
    assessment_lead_months: int | None


def aging_out(rb: Rulebook, place: str, on: date) -> Decision:
    """The age of leaving care and the assessment lead in months (hs-2023 二(一)6).

    The value is an :class:`AgingOut` (``age``, ``assessment_lead_months``); the decision
    cites the age rule and, in ``also``, the assessment rule.
    """
    age, lead = rb.resolve(AGE, place, on), rb.resolve(LEAD, place, on)
    value = AgingOut(age.value if age else None, lead.value if lead else None)
    also = (decided(lead.value, lead, "assessed this many months before coming of age"),) \
        if lead else ()
    if age is None:
        return Decision(value, AGE, None, "no rule gives the age of leaving care", None, also)
    return decided(value, age, f"leaves care at {age.value}", also)


class MissingRule(InputError):
    """The simulation needs a rule that neither the documents nor the scenario give."""


def missing(rb: Rulebook, key: str, place: str, on: date, scenario: Any = None) -> NoReturn:
    """Stop with a located message saying which rule is missing and how to supply one."""
    file, line = scenario.where("rulebooks") if scenario is not None else ("rules", 0)
    raise MissingRule([Problem(
        file, line, key, f"no rule gives {key} at {place} on {on}",
        "adopt it from a rulebook that has it (adopt:) or state an assumption (assume:)")])
