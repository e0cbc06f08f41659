"""The rules engine: what the policy documents require, where, from when, and why.

The five policy documents of the reform (the national opinion, Zhejiang's plan, and the
implementing texts of Shaoxing, Yuncheng and Huangshan) are encoded as rulebooks in
``scenarios/policies/``: dated values of the rule keys of the project's catalogue, each with
its jurisdiction and the clause it comes from. ``load(scenario)`` reads the rulebooks a
scenario names and lays its adoptions, assumptions and what-ifs over them; ``load_books``
reads rulebooks alone. The resulting :class:`Rulebook` answers "which value holds at this
place on this day?" as a :class:`Resolved`, cheaply enough to be asked on every simulated
event. ``sim.rules.routing`` turns rules into decisions about children and staff.

    rb = load(scenario)
    rb.resolve("staffing.caregiver_ratio.self_care", "330681", date(2023, 3, 1)).value  # 4
    switch_date(rb, "140823").value                                          # 2021-12-30
"""

from sim.rules.engine import Rulebook
from sim.rules.judging import MET, MISSED, NOT_CONFIRMED, Estimate, verdict
from sim.rules.loading import bundled_books, load, load_books, scenario_lineage
from sim.rules.model import Judgement, Resolved, RuleInfo, Source, freeze, thaw
from sim.rules.places import Gazetteer, Place, bundled_places, structural_lineage
from sim.rules.routing import (
    AgingOut,
    Campaign,
    Decision,
    MissingRule,
    aging_out,
    caregiver_ratio,
    caregivers_required,
    county_home_takes_long_term,
    infant_destination,
    missing,
    professional_share_min,
    regional_accepts_all,
    switch_date,
    transfer_campaign,
    transformation_deadline,
)

__all__ = [
    "MET", "MISSED", "NOT_CONFIRMED", "AgingOut", "Campaign", "Decision", "Estimate",
    "Gazetteer", "Judgement", "MissingRule", "Place",
    "Resolved", "RuleInfo", "Rulebook", "Source", "aging_out", "bundled_books",
    "bundled_places", "caregiver_ratio", "caregivers_required", "county_home_takes_long_term",
    "freeze", "infant_destination", "load", "load_books", "missing", "professional_share_min",
    "regional_accepts_all", "scenario_lineage", "structural_lineage", "switch_date", "thaw",
    "transfer_campaign", "transformation_deadline", "verdict",
]
