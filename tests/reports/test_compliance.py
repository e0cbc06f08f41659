"""Compliance: what the plan and the simulation measure against each target, and the verdict.

Each test reads like a reviewer's check: give every township a workstation and the coverage
target is met; count Zhejiang's regional institutions only when the region is all of
Zhejiang; take "transformation complete" from the simulated transfer campaigns.
"""

from __future__ import annotations

import dataclasses

import pytest

from reports import compliance
from sim.scenario import series_at


def _by_key(checks, key, jurisdiction=None):
    found = [c for c in checks if c.target.key == key
             and (jurisdiction is None or c.target.jurisdiction == jurisdiction)]
    assert found, f"no check of {key}"
    return found


def _checks(run, plan=None):
    return compliance.checks(run.scenario, run.rulebook, plan or run.plan, run.results)


def test_township_workstation_coverage_is_workstations_over_townships(runs):
    run = runs["shaoxing"]
    [before] = _by_key(_checks(run), "targets.township_workstation_coverage")
    assert before.judgement.measured == 0.0           # no workstations at the start
    assert before.judgement.status == "missed"        # due 2022-12-31, inside the horizon
    counties = [c for _, c in run.scenario.region.counties()]
    half = {c.code: {2021: c.townships // 2, 2022: c.townships} for c in counties}
    planned = dataclasses.replace(run.plan, workstations=half)
    [after] = _by_key(_checks(run, planned), "targets.township_workstation_coverage")
    assert after.judgement.measured == pytest.approx(1.0)
    assert after.judgement.status == "met"
    assert after.measured_on.year == 2022


def test_protection_centers_operate_as_entities_as_the_plan_says(runs):
    """The rate counts one center per county and one for the city (市、县): Shaoxing has 7.
    A county home's center runs once the home has handed over; in the status quo the other
    centers only carry a name, and the city has none running."""
    run = runs["shaoxing"]
    checks = _by_key(_checks(run), "targets.protection_center_operation_rate")
    region = run.scenario.region
    centers = [i for i in region.institutions if i.kind == "protection_center"]
    assert all(not c.operating_as_entity for c in centers)   # named, not yet running
    for check in checks:
        assert check.planned["denominator"] == 7
        assert 0 <= check.judgement.measured < 1
    running = dataclasses.replace(run.plan, protection_centers={
        **{c.id: {2021: True} for c in centers}, "330600": {2021: True}})
    late = [c for c in _by_key(_checks(run, running), "targets.protection_center_operation_rate")
            if c.target.due.year == 2025]
    for check in late:            # every home has handed over by 2025 in every replication
        assert check.judgement.measured == pytest.approx(1.0)
        assert check.judgement.status == "met"


def test_a_province_wide_count_is_measured_only_when_the_region_is_the_province(runs):
    [shaoxing, *_] = _by_key(_checks(runs["shaoxing"]), "targets.regional_institutions")
    assert shaoxing.judgement.status == "not_measured"
    assert shaoxing.how[0] == "note.partial"
    zhejiang = _by_key(_checks(runs["zhejiang"]), "targets.regional_institutions")
    for check in zhejiang:
        assert check.judgement.measured == 11      # one per prefecture city
        assert check.judgement.status == "met"


def test_transformation_complete_comes_from_the_simulated_campaigns(runs):
    run = runs["shaoxing"]
    [check] = _by_key(_checks(run), "targets.transformation_complete")
    day = (check.measured_on - run.scenario.horizon.start).days
    done = [all(c["work_done_day"] is not None and c["work_done_day"] <= day
                for c in rep.campaigns) for rep in run.results.replications]
    chance = check.how[1]["chance"]
    assert chance["p"] == pytest.approx(sum(done) / len(done))
    # the chance with its Wilson interval is what is judged, against the transfer level,
    # even when every replication agrees
    measured = check.judgement.measured
    assert (measured.value, [measured.low, measured.high]) == (chance["p"], chance["ci95"])
    level = run.scenario.service_levels.transfer_deadline_probability
    if measured.low >= level:
        assert check.judgement.status == "met"
    elif measured.high < level:
        assert check.judgement.status == "missed"
    else:
        assert check.judgement.status == "not_confirmed"
    assert check.judgement.required is True             # the target's own requirement


def test_three_replications_confirm_no_chance_of_one_half(runs):
    """On three replications the Wilson interval of any share (0, 1, 2 or 3 in 3) straddles
    one half, so "every home transformed with a chance of at least 50 %" is not confirmed,
    even when every replication transformed in time."""
    run = runs["shaoxing"]
    assert len(run.results.replications) == 3
    half = run.scenario.service_levels.model_copy(update={"transfer_deadline_probability": 0.5})
    scenario = run.scenario.model_copy(update={"service_levels": half})
    [check] = _by_key(compliance.checks(scenario, run.rulebook, run.plan, run.results),
                      "targets.transformation_complete")
    assert check.judgement.status == "not_confirmed"
    assert check.judgement.measured.low < 0.5 < check.judgement.measured.high


def test_professional_share_is_measured_from_staff_on_roll(runs):
    run = runs["shaoxing"]
    [check] = _by_key(_checks(run), "staffing.professional_share_min")
    planned = sum(series_at(run.plan.staff[i][r], 2025) for i in run.plan.staff
                  for r in ("caregiver", "professional", "other"))
    professionals = sum(series_at(run.plan.staff[i]["professional"], 2025)
                        for i in run.plan.staff)
    measured = check.judgement.measured
    assert measured.value == pytest.approx(professionals / planned, abs=0.1)
    assert measured.low <= measured.value <= measured.high


def test_what_the_model_cannot_see_is_not_measured_with_a_reason(runs):
    from sim.measures import NOT_MODELLED

    seen = set()
    for check in _checks(runs["zhejiang"]):
        if check.target.key in NOT_MODELLED:
            assert check.judgement.status == "not_measured"
            assert check.how[0] == NOT_MODELLED[check.target.key]
            seen.add(check.target.key)
    assert {"targets.social_orgs_per_county", "targets.demo_childrens_home_coverage"} <= seen


def test_service_levels_are_judged_at_every_place_by_the_one_rule(runs):
    """Each institution holding children is held to the ratio level on its ratio compliance
    (the one statistic: days holding children, from the first day a hire can start); each
    county to the transfer level on the chance of its deadline; a figure whose interval
    straddles the level is not confirmed."""
    from sim.levels import service_verdicts

    run = runs["shaoxing"]
    results = run.results
    verdicts = service_verdicts(run.scenario, results)
    ratio = {v.place: v for v in verdicts if v.figure == "ratio_compliance_days"}
    shares = {i: c for i, c in results.ratio_compliance().items() if c}
    assert set(ratio) == set(shares)
    for inst, v in ratio.items():
        assert (v.estimate, v.low, v.high) == (shares[inst]["mean"], *shares[inst]["ci95"])
        expected = "met" if v.low >= 0.95 else "missed" if v.high < 0.95 else "not_confirmed"
        assert v.verdict == expected
    deadlines = [v for v in verdicts if v.figure == "transfer_deadline_probability"]
    assert {v.place for v in deadlines} == {d["county"] for d in results.deadlines()}
    # three replications can never confirm a 95 % chance: the verdict says how many can
    assert all(v.verdict != "met" and v.needed == 73 for v in deadlines
               if v.verdict == "not_confirmed")


def test_targets_judged_alike_at_many_places_are_one_row_of_the_page(runs):
    """A nation's counties each setting the same minimum standard, judged alike: the page
    and the scorecard show one row naming the places, the files a row each; a target
    judged otherwise keeps its own row."""
    from reports import tables_sources
    from reports.alike import alike, compliance_page
    from reports.figures import scorecard
    from reports.inputs import gather

    run = runs["shaoxing"]
    checks = _checks(run)
    counties = [c for _, c in run.scenario.region.counties()]
    floor = next(c for c in checks if c.target.key == compliance.measures.ALLOWANCE)

    def at(county, **changed):
        return dataclasses.replace(
            floor, target=dataclasses.replace(floor.target, jurisdiction=county.code),
            judgement=dataclasses.replace(floor.judgement, jurisdiction=county.code,
                                          **changed))

    alike_three = [at(c) for c in counties[:3]]      # alike with the province's own
    other = at(counties[3], status="missed" if floor.judgement.status != "missed" else "met")
    given = [*checks, *alike_three, other]
    assert sorted(len(g) for g in alike(given))[-1] == 4
    assert len(alike(given)) == len(given) - 3
    for lang, word in (("zh", "4个地区"), ("en", "4 places")):
        x = gather(run.scenario, run.rulebook, run.plan, run.results, lang, checks=given)
        files = tables_sources.compliance(x)
        page = compliance_page(x, files)
        assert len(files.rows) == len(given)
        assert len(page.rows) == len(given) - 3
        folded = [row for row in page.rows if word in str(row[1])]
        assert len(folded) == 1
        assert all(x.place_name(c.code) in str(folded[0][1]) for c in counties[:3])
        labels = [t.get_text() for t in scorecard(x).axes[0].get_yticklabels()]
        assert len(labels) == len(alike(given)) + len({v.figure for v in x.levels})
        assert sum(word in label.replace("\n", "") for label in labels) == 1


def test_targets_that_all_differ_keep_their_rows(runs):
    """A region whose targets all differ reads as before: the page's table is the files'."""
    from reports import tables_sources
    from reports.alike import compliance_page
    from reports.inputs import gather

    run = runs["shaoxing"]
    x = gather(run.scenario, run.rulebook, run.plan, run.results, "zh")
    files = tables_sources.compliance(x)
    assert compliance_page(x, files) is files
