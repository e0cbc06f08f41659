"""Ranges beside ``source:``: how a planner writes them, the default rule for figures without
one, and moving a region's figures within them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import InputError, load
from sim.scenario.estimates import inputs
from sim.scenario.ranges import DEFAULT_SPREAD, Spread, provenance
from sim.scenario.varying import vary

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize("written, low, high, relative", [
    ([0.05, 0.12], 0.05, 0.12, False),
    ("±20%", -0.2, 0.2, True),
    ("+-15%", -0.15, 0.15, True),
    (["-20%", "+50%"], -0.2, 0.5, True),
])
def test_a_range_is_written_as_ends_or_percentages(written, low, high, relative):
    spread = Spread.model_validate(_parsed(written))
    assert (spread.low, spread.high, spread.relative) == pytest.approx((low, high, relative))


def _parsed(written):
    from sim.scenario.ranges import _spread

    return _spread(written)


@pytest.mark.parametrize("written", ["about 4", [3], [5, 2], ["10%", 4], ["+5%", "+10%"],
                                     ["-120%", "+10%"]])
def test_what_is_not_a_range_is_refused(written):
    with pytest.raises(ValueError):
        _parsed(written)


@pytest.mark.parametrize("source, hints, code", [
    ("population S-shaoxing2023; coordinates S-pyecharts; townships GK", ("townships",),
     "GK"),
    ("population S-shaoxing2023; coordinates S-pyecharts; townships GK", ("population",),
     "S"),
    ("name: sx-2022-29; located in 越城区 A; beds, staff, operating cost E",
     ("operating cost",), "E"),
    ("E (DATA_SOURCES.md: durations): mean 30 days, range 3-90 (S-swchina)", ("mean",), "E"),
    ("A: an infant cannot look after itself (full care); mix after infancy E", ("mix",), "E"),
    ("A: an infant cannot look after itself (full care); mix after infancy E", ("infant",),
     "A"),
    ("existence: sx-2022-29 三(一)1", (), "S"),
    ("test fixture", (), "A"),
])
def test_the_provenance_code_is_read_from_the_part_of_the_source_naming_the_figure(
        source, hints, code):
    assert provenance(source, hints) == code


def test_figures_without_a_range_get_the_default_rule_of_their_code():
    region = load(SCENARIOS / "shaoxing.yaml").region
    by_id = {i.id: i for i in inputs(region)}
    hiring = by_id["costs.hiring_cost_yuan"].items[0]
    assert (hiring.code, hiring.range_from) == ("E", "default")
    assert (hiring.low, hiring.high) == pytest.approx((8_000 * (1 - DEFAULT_SPREAD["E"]),
                                                       8_000 * (1 + DEFAULT_SPREAD["E"])))
    wage = by_id["costs.wages_yuan_per_year.caregiver"].items[0]
    assert (wage.range_from, wage.low, wage.high) == ("file", 80_000, 120_000)  # DATA_SOURCES
    posts = by_id["process.staffing.round_the_clock_caregivers"].items[0]
    assert (posts.low, posts.high) == (4, 6)          # whole caregivers
    infancy = by_id["process.care.full_care_until_age"].items[0]
    assert infancy.code == "A"                        # "A: an infant cannot look after itself"
    homes = by_id["institutions.operating_cost_yuan_per_year[county_welfare_home]"]
    assert len(homes.items) == 4                      # the four county homes move as one


def test_a_range_in_the_file_wins_over_the_default(shaoxing_copy):
    scenario, region = shaoxing_copy
    text = region.read_text(encoding="utf-8").replace(
        "    round_the_clock_caregivers: 5\n",
        "    round_the_clock_caregivers: 5\n    ranges: {attrition_per_year: [0.05, 0.12]}\n")
    region.write_text(text, encoding="utf-8")
    item = {i.id: i for i in inputs(load(scenario).region)}[
        "process.staffing.attrition_per_year"].items[0]
    assert (item.low, item.high, item.range_from) == (0.05, 0.12, "file")


@pytest.mark.parametrize("ranges, message", [
    ("{redeploy_share: [0.5, 1.2]}", "beyond the values this figure can take"),
    ("{recruitment_days: [60, 90]}", "does not contain the file's figure 45"),
    ("{wages: ±20%}", "'wages' is not a figure whose range this block can give"),
])
def test_a_wrong_range_is_one_line_naming_file_line_and_key(shaoxing_copy, ranges, message):
    scenario, region = shaoxing_copy
    text = region.read_text(encoding="utf-8").replace(
        "    round_the_clock_caregivers: 5\n",
        f"    round_the_clock_caregivers: 5\n    ranges: {ranges}\n")
    region.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(scenario)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{region}:")
    assert "process.staffing.ranges." in str(problem) and message in str(problem)


def test_varying_moves_only_the_inputs_named_and_keeps_mixes_whole():
    region = load(SCENARIOS / "shaoxing.yaml").region
    found = inputs(region)
    high = vary(region, {"demand.care_mix.long_term.full_care": 1.0,
                         "costs.wages_yuan_per_year.caregiver": 0.0,
                         "census.children": 1.0}, found)
    mix = high.demand.care_mix["long_term"]
    assert mix["full_care"] == pytest.approx(0.6) and sum(mix.values()) == pytest.approx(1.0)
    assert mix["self_care"] / mix["semi_self_care"] == pytest.approx(0.2 / 0.3)
    assert high.costs.wages_yuan_per_year["caregiver"] == pytest.approx(
        {2021: 80_000, 2023: 84_800, 2025: 89_600})
    children = sum(r.n for rows in high.census.children.values() for r in rows)
    before = sum(r.n for rows in region.census.children.values() for r in rows)
    assert children == round(1.2 * before)
    assert high.costs.wages_yuan_per_year["other"] == region.costs.wages_yuan_per_year["other"]
    assert high.process == region.process


# --- every estimate enumerated ------------------------------------------------------------

REGIONS = SCENARIOS / "regions"


def test_every_number_a_region_file_can_hold_is_an_uncertain_input_or_excluded_with_a_reason():
    from sim.scenario.estimates import entry_at, excluded
    from sim.scenario.model import Region
    from tests.model_walk import fields_of

    unlisted = [".".join(path) for path, tp in fields_of(Region)
                if tp in (int, float) and entry_at(path) is None and excluded(path) is None]
    assert unlisted == []


@pytest.mark.parametrize("name", sorted(p.stem for p in REGIONS.glob("*.yaml")))
def test_every_estimated_or_assumed_figure_of_a_bundled_region_is_an_input_it_varies(name):
    """Each number whose source says E, GK or A is an input of the sensitivity run (and of
    the report's estimates), or is excluded with a reason."""
    from sim.scenario import load_region
    from sim.scenario.estimates import entry_at, excluded
    from tests.model_walk import values_of

    region = load_region(REGIONS / f"{name}.yaml")
    codes: dict[str, set] = {}
    for found in inputs(region):
        codes.setdefault(found.entry.name, set()).update(item.code for item in found.items)
    weak = []
    for path, _, source in values_of(region):
        entry = entry_at(path)
        code = provenance(source, entry.hints if entry else ())
        if code == "S":
            continue
        if entry is None:
            assert excluded(path), ".".join(path)
            continue
        weak.append(entry.name)
        assert code in codes.get(entry.name, ()), ".".join(path)
    assert weak
