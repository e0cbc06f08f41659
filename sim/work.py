"""The work the rules create: visits, assessments and training, as staff time and its cost.

Several rules oblige someone to do something at a set interval: the institution visits every
child in a foster family once a month (hs-2023 二(一)2), assesses every child in the six
months before 18 (hs-2023 二(一)6), a village child director visits or calls every supported
child once a month (hs-2023 二(三)17), the heads of institutions and the township child
supervisors are trained every year (zj-14fyp 专栏6 item 1). Each is a :class:`Task`: the
rule that creates it, how often it recurs per child or per person, the hours it takes (an
assumption of the region file, ``process.work``) and whose time it is. The simulation books
the tasks' cost day by day from the children it actually has; the optimizer books the same
tasks from the expected children, by the same functions, so the two cost lines mean the same.

An hour of an institution's staff costs what the role that does it earns per working hour
(professionals: social workers, teachers, doctors); a child director's hour costs what the
region file says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FOSTER = "foster.visit_interval_days"
ASSESSMENT = "placement.assessment_lead_months"
CHILD_DIRECTOR = "community.child_director_visit_interval_days"
TRAINING = "training.annual_coverage"
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Task:
    """One kind of recurring work a rule creates at a place."""

    key: str              # the rule that creates it
    cite: str             # key (document clause)
    per_year: float       # times a year for each child or person it concerns (0: once)
    hours: float          # hours each time
    yuan_per_hour: float  # what an hour of it costs

    def yuan_per_year(self, subjects: float) -> float:
        """Cost a year of the task for ``subjects`` children or people it recurs for."""
        return subjects * self.per_year * self.hours * self.yuan_per_hour

    def yuan_each(self) -> float:
        """Cost of one occurrence (a one-off task, such as an assessment)."""
        return self.hours * self.yuan_per_hour


def tasks(rulebook, place: str, on: date, work, professional_wage: float) -> dict[str, Task]:
    """The tasks the rules in force at ``place`` on ``on`` create, by rule key.

    ``work`` is the region's ``process.work`` (None: no hours given, nothing is costed);
    ``professional_wage`` is a professional's yuan per year.
    """
    if work is None:
        return {}
    staff_hour = professional_wage / work.hours_per_staff_year
    out: dict[str, Task] = {}
    rule = rulebook.resolve(FOSTER, place, on)
    if rule is not None and float(rule.value) > 0:
        out[FOSTER] = Task(FOSTER, rule.cite, DAYS_PER_YEAR / float(rule.value),
                           work.foster_visit_hours, staff_hour)
    rule = rulebook.resolve(ASSESSMENT, place, on)
    if rule is not None:
        out[ASSESSMENT] = Task(ASSESSMENT, rule.cite, 0.0, work.assessment_hours, staff_hour)
    rule = rulebook.resolve(CHILD_DIRECTOR, place, on)
    if rule is not None and float(rule.value) > 0:
        out[CHILD_DIRECTOR] = Task(CHILD_DIRECTOR, rule.cite, DAYS_PER_YEAR / float(rule.value),
                                   work.child_director_contact_hours,
                                   work.child_director_yuan_per_hour)
    rule = rulebook.resolve(TRAINING, place, on)
    if rule is not None and float(rule.value) > 0:
        out[TRAINING] = Task(TRAINING, rule.cite, float(rule.value), work.training_hours,
                             staff_hour)
    return out


def supported_children(region, county_code: str) -> float:
    """Children a county's village child directors support (an estimate per resident)."""
    work = region.process.work
    if work is None:
        return 0.0
    return region.county(county_code).population * work.supported_children_per_million / 1e6


def trained(region, county_code: str) -> float:
    """People trained each year in a county: one head per institution, one child
    supervisor per township (the child directors of villages are not counted: the region
    file gives no villages)."""
    heads = sum(1 for i in region.institutions if i.county == county_code)
    return heads + region.county(county_code).townships


def community_yuan_per_year(region, county_code: str, found: dict[str, Task]) -> float:
    """A county's yearly cost of the tasks that do not follow children in institutions."""
    total = 0.0
    if CHILD_DIRECTOR in found:
        total += found[CHILD_DIRECTOR].yuan_per_year(supported_children(region, county_code))
    if TRAINING in found:
        total += found[TRAINING].yuan_per_year(trained(region, county_code))
    return total
