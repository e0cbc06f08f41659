"""How the model uses each rule of the catalogue: it drives behaviour, it is judged as a
target, or it is encoded but not modelled, and then the report says why.

Every key of the rulebooks is one of the three. A rule *drives* behaviour when the
simulation or the optimizer acts on its value (where a child goes, when a campaign runs, how
many caregivers a child needs, what the rules' visits cost); a rule is *judged* when a
measure of ``sim.measures`` holds the plan and the simulation against it (a target, or a
minimum standard); a rule is *encoded, not modelled* (按规则编码、未建模) when it is in the
rulebooks with its clause but the model cannot act on it, for the reason given: the region
file lacks what it would need, or the model always does what the rule asks. The words of
each use and reason are in ``reports/words.py`` under ``use.<key>``.
"""

from __future__ import annotations

from sim import measures

DRIVES = "drives"
JUDGED = "judged"
ENCODED = "encoded"

# the rules the simulation or the optimizer acts on (and where)
DRIVING = (
    "roles.regional_takes_long_term",            # routing: the regional institution takes all
    "roles.county_transforms_to_protection",     # a county home's last day of intake
    "roles.multiple_regional_allowed",           # the optimizer: regional institutions a city
    "intake.county_accepts_long_term",           # a county home stops taking long-term children
    "intake.regional_accepts_all_eligible",      # the city institution never refuses
    "intake.emergency_temporary_care_at_county",  # infants found at night stay in the county
    "transfer.window_start",                     # the campaign's first day
    "transfer.children_moved_by",                # the campaign's deadline, the hand-over year
    "transfer.work_complete_by",                 # the campaign's end
    "transfer.steps",                            # the campaign's steps
    "transfer.grouping",                         # the order children are taken in
    "transfer.transformation_complete_by",       # Shaoxing's deadline
    "intake.steps",                              # a found infant's intake steps
    "intake.announcement_days",                  # the search announcement's length
    "staffing.caregiver_ratio.self_care",        # caregivers per child
    "staffing.caregiver_ratio.semi_self_care",
    "staffing.caregiver_ratio.full_care",
    "staffing.professional_share_min",           # the professionals' path (also judged)
    "staffing.round_the_clock_duty",             # the fewest caregivers while holding children
    "staffing.background_check_before_hire",     # the hiring lead time
    "training.annual_coverage",                  # training hours and their cost (sim.work)
    "placement.aging_out_age",                   # leaving care
    "placement.assessment_lead_months",          # the assessment before 18 and its cost
    "foster.visit_interval_days",                # foster visits and their cost
    "community.child_director_visit_interval_days",  # child directors' contacts, their cost
    "allowance.institution_orphan_yuan_per_year",  # the floor of the allowance (also judged)
    "allowance.institution_orphan_yuan_per_month_2020",  # the allowance paid in 2020
    "reporting.annual_progress_due",             # the dates of the progress table
)

# the rules the model encodes without acting on them, each with its reason (use.<key>)
ENCODED_ONLY = (
    "roles.protection_keeps_temporary_care",     # every county's temporary care stays there
    "roles.county_hub_may_remain",               # keeping a county hub is no choice of the plan
    "intake.centralized_care_extends_to",        # arrival rates do not tell the groups apart
    "transfer.hukou_follows_child",              # registration always moves with the child
    "transfer.with_archives_and_property",       # the steps stand for the archive; no property
    "transfer.sending_counties",                 # the region file's county homes send
    "transfer.no_gap",                           # every campaign moves every child
    "transfer.staff_continuity",                 # a home's staff always go to the city first
    "placement.adoption_by_assessment",          # the region file's adoption rates stand for it
    "community.left_behind_update_interval_days",  # no count of left-behind children
    "community.outreach_per_year",               # the region file holds no villages
    "funding.allowance_ring_fenced",             # the allowance is its own cost line already
    *measures.NOT_MODELLED,                      # targets the model cannot measure
)


def use(key: str) -> str:
    """``drives``, ``judged`` or ``encoded`` (a key the catalogue does not know: KeyError)."""
    if key in measures.MEASURES and key not in DRIVING:
        return JUDGED
    if key in DRIVING:
        return DRIVES
    if key in ENCODED_ONLY:
        return ENCODED
    raise KeyError(f"{key}: the catalogue does not say how the model uses this rule")


def judged(key: str) -> bool:
    """Whether a measure holds the plan and the simulation against the rule."""
    return key in measures.MEASURES or key in measures.FLOORS
