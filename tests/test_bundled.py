"""Every scenario and region shipped in scenarios/ is one a planner can run as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))
REGION_FILES = sorted((SCENARIOS / "regions").glob("*.yaml"))


def test_the_bundle_holds_every_region_the_project_promises():
    names = {p.stem for p in REGION_FILES}
    assert {"shaoxing", "yuncheng", "huangshan", "zhejiang"} <= names
    assert {"shaoxing", "yuncheng", "huangshan", "zhejiang"} <= {p.stem for p in SCENARIO_FILES}


@pytest.mark.parametrize("path", SCENARIO_FILES + REGION_FILES, ids=lambda p: p.name)
def test_bundled_file_validates_with_one_summary_line(path, cwplan, capsys):
    status = cwplan(["validate", str(path)])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: ok: ")
    assert re.search(r"\d+ prefecture\(s\), \d+ counties, \d+ institutions, \d+ children", lines[0])


@pytest.mark.parametrize("path", REGION_FILES, ids=lambda p: p.name)
def test_every_figure_of_a_bundled_region_says_where_it_comes_from(path):
    """Each block with figures carries `source:` with a provenance tag (S-, GK, E or A)."""
    text = path.read_text(encoding="utf-8")
    sources = re.findall(r'source: "([^"]*)"', text)
    assert sources, "no source: strings"
    tagged = re.compile(r"\b(S-[a-z0-9-]+|GK|E|A)\b")
    assert [s for s in sources if not tagged.search(s)] == []
    assert not re.search(r"\bdraft\b|research report|S-report", text, re.IGNORECASE)


def test_zhejiang_reuses_shaoxing_exactly():
    """Shaoxing's counties, institutions and census inside the province file are unchanged."""
    from sim.scenario import load_region

    province = load_region(SCENARIOS / "regions" / "zhejiang.yaml")
    city = load_region(SCENARIOS / "regions" / "shaoxing.yaml")
    inside = next(p for p in province.prefectures if p.code == "330600")
    assert inside == city.prefectures[0]
    ids = {i.id for i in city.institutions}
    assert [i for i in province.institutions if i.id in ids] == list(city.institutions)
    assert {k: v for k, v in province.census.children.items() if k in ids} == city.census.children
    assert {k: v for k, v in province.demand.arrivals.items() if k.startswith("3306")} \
        == city.demand.arrivals


def test_zhejiang_matches_the_plan_indicators_of_2020():
    """6 regional city homes, 30% of protection centers running, 90 counties (zj-14fyp)."""
    from sim.scenario import load_region

    region = load_region(SCENARIOS / "regions" / "zhejiang.yaml")
    assert len(region.prefectures) == 11 and sum(1 for _ in region.counties()) == 90
    kinds = [i.kind for i in region.institutions]
    assert kinds.count("city_welfare_home") == 11
    assert sum(i.regional for i in region.institutions) == 6
    centers = [i for i in region.institutions if i.kind == "protection_center"]
    assert round(sum(i.operating_as_entity for i in centers) / len(centers), 1) == 0.3
    options = [o.kind for i in region.institutions if i.id != "sx-city" for o in i.options]
    assert (options.count("new_build"), options.count("renovation")) == (3, 4)
    homes = kinds.count("county_welfare_home")
    assert 0.25 <= homes / 90 <= 0.4  # about a third, like 881 of ~2,800 nationally


def test_synthetic_nation_is_deterministic_and_valid(tmp_path, cwplan, capsys):
    """`cwplan synth` writes the same files for the same seed, and they validate."""
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert cwplan(["synth", str(out), "--seed", "7", "--counties", "120",
                       "--prefectures", "12"]) == 0
    assert (first / "national-region.yaml").read_bytes() \
        == (second / "national-region.yaml").read_bytes()
    capsys.readouterr()
    assert cwplan(["validate", str(first / "national.yaml")]) == 0
    out = capsys.readouterr().out
    assert "12 prefecture(s), 120 counties" in out


@pytest.mark.slow
def test_synthetic_nation_at_full_scale_is_a_valid_scenario(tmp_path):
    """The full-scale set loads as a scenario with its rules (its speed is benchmarked)."""
    from cwplan.synthetic import generate_national
    from sim import rules
    from sim.scenario import load

    loaded = load(generate_national(1, out_dir=tmp_path))
    assert rules.load(loaded).resolve("staffing.caregiver_ratio.full_care", "110101",
                                      loaded.horizon.start).value == 1
    codes = {p.code[:2] for p in loaded.region.provinces}
    assert len(loaded.region.prefectures) == 330 and len(codes) == 31
    assert sum(1 for _ in loaded.region.counties()) == 2800
    for prefecture in loaded.region.prefectures:
        assert prefecture.code[:2] == prefecture.province[:2]
        assert all(c.code[:4] == prefecture.code[:4] for c in prefecture.counties)


def test_synth_refuses_counts_it_cannot_code(tmp_path, cwplan, capsys):
    assert cwplan(["synth", str(tmp_path), "--counties", "10", "--prefectures", "20"]) == 2
    assert capsys.readouterr().err == ("--counties/--prefectures: counties must be between the "
                                       "number of prefectures (20) and 99 per prefecture "
                                       "(1980)\n")


def test_synth_writes_again_over_its_own_files_but_never_over_an_edited_one(
        tmp_path, cwplan, capsys):
    """A planner who edits a synthetic file keeps the edit: the files carry the digest of
    what synth wrote, as `cwplan import`'s do."""
    args = ["synth", str(tmp_path), "--counties", "40", "--prefectures", "4"]
    assert cwplan(args) == 0
    assert cwplan([*args, "--seed", "3"]) == 0               # its own, unchanged: replaced
    region = tmp_path / "national-region.yaml"
    edited = region.read_text(encoding="utf-8").replace("Synthetic County 0001",
                                                        "My County 0001")
    region.write_text(edited, encoding="utf-8")
    before = (tmp_path / "national.yaml").read_bytes()
    capsys.readouterr()
    assert cwplan(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{region}: ") and "not replaced" in err and err.count("\n") == 1
    assert region.read_text(encoding="utf-8") == edited
    assert (tmp_path / "national.yaml").read_bytes() == before   # nothing written half-way
