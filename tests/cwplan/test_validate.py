"""``cwplan validate`` on broken files: one line per problem a planner can act on, exit 2.

Each case makes one small edit to a copy of the bundled Shaoxing scenario or region and
states the exact line(s) the planner sees: file, line, key path, what is wrong and what is
allowed. ``{s}`` stands for the scenario file, ``{r}`` for the region file, ``{d}`` for
the folder holding the scenario.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

MiB = 1024 * 1024
INSTITUTION_KEYS = ("id, name_zh, name_pinyin, kind, county, beds, staff, "
                    "operating_cost_yuan_per_year, regional, operating_as_entity, options, source, "
                    "ranges")
SCENARIO_KEYS = ("name, description, base, region, rulebooks, adopt, assume, overrides, horizon, "
                 "run, optimizer, service_levels, robust")
RULEBOOKS = "one of cn-2021-44, hs-2023, sx-2022-29, yc-2021-74, zj-14fyp"
COUNTIES = "one of 330602, 330603, 330604, 330624, 330681, 330683"


@dataclass(frozen=True)
class Case:
    name: str
    target: str                                   # "scenario" or "region": the file edited
    edit: tuple[str, str] | Callable[[Path, Path], Path]
    expected: tuple[str, ...]


def _write(name: str, data: bytes | str) -> Callable[[Path, Path], Path]:
    """Validate a new file with these contents, beside the scenario."""
    def make(scenario: Path, region: Path) -> Path:
        path = scenario.parent / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path
    return make


def _base_cycle(scenario: Path, region: Path) -> Path:
    (scenario.parent / "a.yaml").write_text("base: b.yaml\nname: a\n", encoding="utf-8")
    (scenario.parent / "b.yaml").write_text("base: a.yaml\nname: b\n", encoding="utf-8")
    return scenario.parent / "a.yaml"


def _reencode(encoding: str) -> Callable[[Path, Path], Path]:
    def make(scenario: Path, region: Path) -> Path:
        region.write_bytes(region.read_text(encoding="utf-8").encode(encoding))
        return region
    return make


def _folder(scenario: Path, region: Path) -> Path:
    (scenario.parent / "folder.yaml").mkdir()
    return scenario.parent / "folder.yaml"


def _nested(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"


ALIAS_BOMB = "".join(
    f"{a}: &{a} [" + ", ".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
    for p, a in zip(["", *"abcdefgh"], "abcdefghi", strict=True))

CASES = [
    # --- the file cannot be read as YAML at all --------------------------------------
    Case("unclosed bracket", "region",
         ('provinces: [{code: "330000", name_zh: 浙江省, name_pinyin: Zhejiang}]',
          'provinces: [{code: "330000", name_zh: 浙江省, name_pinyin: Zhejiang}'),
         ("{r}:8: YAML syntax error: the [ opened here lacks a ',' between items or its "
          "closing ] (items separated by commas, brackets closed)",)),
    Case("tab indentation", "scenario", ("\nhorizon:", "\n\thorizon:"),
         ("{s}:24: YAML syntax error: a tab character (indent with spaces)",)),
    Case("misaligned key", "region", ("    beds: 120", "   beds: 120"),
         ("{r}:43: YAML syntax error: indentation does not match the lines above "
          "(keys of one mapping start at the same column)",)),
    Case("unquoted colon", "scenario", ("name: 绍兴市基线 Shaoxing baseline",
                                        "name: Shaoxing: baseline"),
         ("{s}:3: YAML syntax error: unexpected ':' (quote a value that contains ': ')",)),
    Case("unclosed quote", "region", ('source: "coordinates S-pyecharts (city seat)"',
                                      'source: "coordinates S-pyecharts (city seat)'),
         ("{r}:16: YAML syntax error: a quoted value is never closed "
          "(close the quote on the same value)",)),
    Case("two documents", "scenario", ("\nhorizon:", "\n---\nhorizon:"),
         ("{s}:24: YAML syntax error: more than one YAML document ('---') "
          "(one document per file)",)),
    Case("empty file", "scenario", _write("empty.yaml", "# nothing here yet\n"),
         ("{d}/empty.yaml:1: file is empty (a YAML mapping)",)),
    Case("not a mapping", "scenario", _write("list.yaml", "- shaoxing\n- yuncheng\n"),
         ("{d}/list.yaml:1: expected a mapping (key: value), got a list",)),
    # --- the file itself ------------------------------------------------------------------
    Case("missing file", "scenario", lambda s, r: s.parent / "nowhere.yaml",
         ("{d}/nowhere.yaml: file not found",)),
    Case("a folder, not a file", "scenario", _folder,
         ("{d}/folder.yaml: is a folder, not a file",)),
    Case("not UTF-8 (GBK)", "region", _reencode("gbk"),
         ("{r}:1: file is not UTF-8 (byte 2) (save the file as UTF-8)",)),
    Case("UTF-16", "region", _reencode("utf-16"),
         ("{r}:1: file is UTF-16, not UTF-8 (save the file as UTF-8)",)),
    Case("control character", "scenario", ("name: 绍兴市基线", "name: 绍兴市\x07基线"),
         ("{s}:3: control character U+0007 is not allowed (plain text; remove the character)",)),
    Case("enormous file", "scenario", _write("huge.yaml", b"# " + b"x" * (8 * MiB)),
         ("{d}/huge.yaml: file is too large (at most 8 MiB)",)),
    Case("deeply nested", "scenario", _write("deep.yaml", _nested(60)),
         ("{d}/deep.yaml:41: document is nested too deeply (at most 40 levels)",)),
    Case("deeply nested brackets", "scenario",
         _write("brackets.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         ("{d}/brackets.yaml:1: document is nested too deeply (at most 40 levels)",)),
    Case("alias bomb", "scenario", _write("bomb.yaml", ALIAS_BOMB),
         ("{d}/bomb.yaml:6: f: aliases expand to too many values "
          "(at most 100,000 values from aliases)",)),
    Case("alias inside its own anchor", "scenario", _write("loop.yaml", "a: &a\n  b: *a\n"),
         ("{d}/loop.yaml:2: a.b: *a is used inside its own anchor &a "
          "(an alias may only repeat a finished value)",)),
    Case("alias without anchor", "region", ("    beds: 120", "    beds: *beds"),
         ("{r}:43: institutions.0.beds: alias *beds names no anchor "
          "(define &name before using *name)",)),
    Case("python tag", "scenario", ("seed: 20220803", "seed: !!python/object:os.system x"),
         ("{s}:25: run.seed: tag !!python/object:os.system is not supported "
          "(plain YAML values)",)),
    Case("duplicate key", "region", ("    beds: 120\n", "    beds: 120\n    beds: 140\n"),
         ("{r}:44: institutions.0.beds: duplicate key (each key once per mapping)",)),
    Case("a list as a key", "scenario", ("robust", "robust"),  # replaced below
         ()),
    # --- keys and types -------------------------------------------------------------------
    Case("near-miss key", "region", ("    beds: 120", "    bed: 120"),
         ("{r}:38: institutions.0.beds: required key is missing",
          "{r}:43: institutions.0.bed: unknown key; did you mean 'beds'? "
          f"(allowed: {INSTITUTION_KEYS})")),
    Case("misspelt top-level key", "scenario", ("rulebooks: [", "rulebook: ["),
         ("{s}:3: rulebooks: required key is missing",
          f"{{s}}:8: rulebook: unknown key; did you mean 'rulebooks'? (allowed: {SCENARIO_KEYS})")),
    Case("unknown key", "scenario", ("robust: false", "robust: false"),  # replaced below
         ()),
    Case("misspelt key of a region file", "region", ("\nprefectures:", "\nprefecture:"),
         ("{r}:5: prefectures: required key is missing",
          "{r}:10: prefecture: unknown key; did you mean 'prefectures'? (allowed: id, name_zh, "
          "name_pinyin, provinces, prefectures, institutions, census, demand, process, costs, "
          "implementation_plans, observed)")),
    Case("text for a number", "region", ("    beds: 120", "    beds: lots"),
         ("{r}:43: institutions.0.beds: expected an integer, got 'lots'",)),
    Case("fraction for a count", "region", ("    beds: 120", "    beds: 120.5"),
         ("{r}:43: institutions.0.beds: expected a whole number, got 120.5",)),
    Case("list for a mapping", "scenario",
         ("horizon: {start: 2021-01-01, end: 2025-12-31}", "horizon: [2021, 2025]"),
         ("{s}:24: horizon: expected a mapping (key: value), got a list",)),
    Case("misspelt choice", "region", ('kind: county_welfare_home\n    county: "330604"',
                                       'kind: county_home\n    county: "330604"'),
         ("{r}:56: institutions.1.kind: 'county_home' is not allowed; did you mean "
          "'county_welfare_home'? (one of 'city_welfare_home', 'county_welfare_home', "
          "'protection_center' or 'candidate_site')",)),
    Case("misspelt care level", "region",
         ("long_term: {self_care: 0.2,", "long_term: {selfcare: 0.2,"),
         ("{r}:169: demand.care_mix.long_term.selfcare: key 'selfcare' is not allowed; did you "
          "mean 'self_care'? (one of 'self_care', 'semi_self_care' or 'full_care')",)),
    Case("impossible date", "scenario", ("end: 2025-12-31", "end: 2025-02-30"),
         ("{s}:24: horizon.end: '2025-02-30' is not a date: day is out of range for month "
          "(a real date, YYYY-MM-DD)",)),
    Case("code too short", "region", ('"330602": {infant', '"33060": {infant'),
         ("{r}:162: demand.arrivals.33060: '33060' is not a GB/T 2260 code "
          "(six digits, e.g. \"330600\")",)),
    # --- values out of range --------------------------------------------------------------
    Case("negative beds", "region", ("    beds: 120", "    beds: -5"),
         ("{r}:43: institutions.0.beds: -5 is out of range (must be >= 0)",)),
    Case("huge beds", "region", ("    beds: 120", "    beds: 1200000"),
         ("{r}:43: institutions.0.beds: 1200000 is out of range (must be <= 10000)",)),
    Case("negative arrival rate", "region", ("{infant: 0.121, long_term: 0.213",
                                             "{infant: -0.121, long_term: 0.213"),
         ("{r}:162: demand.arrivals.330602.infant: -0.121 is out of range (must be >= 0)",)),
    Case("probability above 1", "region", ("parent_found_probability: 0.05",
                                           "parent_found_probability: 1.5"),
         ("{r}:180: process.intake.parent_found_probability: 1.5 is out of range "
          "(must be <= 1)",)),
    Case("negative probability", "region", ("night_or_emergency_share: 0.35",
                                            "night_or_emergency_share: -0.1"),
         ("{r}:174: demand.night_or_emergency_share: -0.1 is out of range (must be >= 0)",)),
    Case("not a number", "region", ("parent_found_probability: 0.05",
                                    "parent_found_probability: .nan"),
         ("{r}:180: process.intake.parent_found_probability: nan is not a finite number "
          "(a finite number)",)),
    Case("mix not summing to 1", "region", ("long_term: {self_care: 0.2,",
                                            "long_term: {self_care: 0.3,"),
         ("{r}:169: demand.care_mix.long_term: shares sum to 1.1, not 1",)),
    Case("more workstations than townships", "region",
         ("population: 1130600, townships: 17, workstations: 0",
          "population: 1130600, townships: 17, workstations: 20"),
         ("{r}:19: prefectures.0.counties.0.workstations: 20 workstations but only 17 townships "
          "(at most one workstation per township)",)),
    Case("end before start", "scenario", ("end: 2025-12-31", "end: 2020-12-31"),
         ("{s}:24: horizon.end: end 2020-12-31 is not after start 2021-01-01 "
          "(end later than start)",)),
    Case("horizon of centuries", "scenario", ("end: 2025-12-31", "end: 2199-12-31"),
         ("{s}:24: horizon.end: a horizon of 179 years (at most 50 years)",)),
    Case("replications neither a number nor auto", "scenario",
         ("replications: 20", "replications: many"),
         ("{s}:25: run.replications: 'many' is neither a number of replications nor auto "
          "(a whole number from 2 to 100000, or auto)",)),
    Case("adaptive cap below the first batch", "scenario",
         ("replications: 20,", "replications: auto, adaptive: {min: 40, max: 30},"),
         ("{s}:25: run.adaptive.max: at most 30 replications but at least 40 in the first "
          "batch (max >= min)",)),
    Case("adaptive width of a whole share", "scenario",
         ("replications: 20,", "replications: auto, adaptive: {width: 1.5},"),
         ("{s}:25: run.adaptive.width: 1.5 is out of range (must be <= 1)",)),
    Case("start before the census", "scenario", ("start: 2021-01-01", "start: 2020-01-01"),
         ("{s}:24: horizon.start: the census is dated 2021-01-01, after the start "
          "(a start on or after the census date)",)),
    # --- references to things that do not exist ------------------------------------------
    Case("unknown county of an institution", "region", ('county: "330604"', 'county: "330699"'),
         (f"{{r}}:57: institutions.1.county: county '330699' is not a county of this region "
          f"({COUNTIES})",)),
    Case("census of an unknown institution", "region", ("    sx-shangyu:\n",
                                                        "    sx-shangyu-home:\n"),
         ("{r}:129: census.children.sx-shangyu-home: institution 'sx-shangyu-home' does not "
          "exist (one of sx-city, sx-shangyu, sx-zhuji, sx-shengzhou, sx-xinchang, "
          "sx-yuecheng-pc, sx-keqiao-pc)",)),
    Case("arrivals of an unknown county", "region", ('"330602": {infant', '"330699": {infant'),
         ("{r}:161: demand.arrivals: county 330602 has no arrival rates (one entry per county)",
          f"{{r}}:162: demand.arrivals.330699: county '330699' is not in this region "
          f"({COUNTIES})")),
    Case("duplicate institution id", "region", ("id: sx-zhuji", "id: sx-shangyu"),
         ("{r}:62: institutions.2.id: duplicate institution id 'sx-shangyu' (each id once)",
          "{r}:136: census.children.sx-zhuji: institution 'sx-zhuji' does not exist "
          "(one of sx-city, sx-shangyu, sx-shengzhou, sx-xinchang, sx-yuecheng-pc, "
          "sx-keqiao-pc)")),
    Case("unknown rulebook", "scenario", ("rulebooks: [cn-2021-44,", "rulebooks: [cn-2021-45,"),
         ("{s}:8: rulebooks.0: rulebook 'cn-2021-45' does not exist; did you mean "
          f"'cn-2021-44'? ({RULEBOOKS})",)),
    Case("adoption from an unknown rulebook", "scenario", ("from: hs-2023", "from: hs-2024"),
         ("{s}:12: adopt.0.from: rulebook 'hs-2024' does not exist; did you mean 'hs-2023'? "
          f"({RULEBOOKS})",)),
    Case("assumption for a place outside the region", "scenario",
         ('jurisdiction: "330600",\n       source: "A: the campaign',
          'jurisdiction: "330699",\n       source: "A: the campaign'),
         ("{s}:19: assume.transfer.window_start.0.jurisdiction: place 330699 is not in region "
          "shaoxing (one of 100000, 330000, 330600, 330602, 330603, 330604, 330624, 330681, "
          "330683)",)),
    Case("region file not found", "scenario", ("region: regions/shaoxing.yaml",
                                               "region: regions/shaoxin.yaml"),
         ("{s}:7: region: region file 'regions/shaoxin.yaml' not found "
          "(a path relative to {d})",)),
    Case("errors inside the region, found from the scenario", "region",
         ("    beds: 120", "    beds: -5"),
         ("{r}:43: institutions.0.beds: -5 is out of range (must be >= 0)",)),
    Case("base cycle", "scenario", _base_cycle,
         ("{d}/b.yaml:1: base: base files form a cycle: a.yaml -> b.yaml -> a.yaml "
          "(a chain of bases that ends)",)),
    Case("missing base", "scenario", _write("what-if.yaml", "base: shaoxing-base.yaml\n"),
         ("{d}/what-if.yaml:1: base: base file 'shaoxing-base.yaml' not found "
          "(a path relative to {d})",)),
    Case("override of an unknown place in a what-if", "scenario",
         _write("what-if.yaml", "base: shaoxing.yaml\noverrides:\n"
                "  staffing.caregiver_ratio.self_care:\n"
                '    - {value: 3, effective: 2021-01-01, place: "330699"}\n'),
         ("{d}/what-if.yaml:4: overrides.staffing.caregiver_ratio.self_care.0.place: place "
          "330699 is not in region shaoxing (one of 100000, 330000, 330600, 330602, 330603, "
          "330604, 330624, 330681, 330683)",)),
    Case("override key that is not a rule key", "scenario",
         _write("what-if.yaml", "base: shaoxing.yaml\noverrides:\n"
                "  caregiver ratio:\n    - {value: 3, effective: 2021-01-01}\n"),
         ("{d}/what-if.yaml:3: overrides.caregiver ratio: 'caregiver ratio' is not a dotted "
          "rule key (e.g. staffing.caregiver_ratio.self_care)",)),
]
# Two edits need the bundled text around them; kept apart so the table above stays readable.
CASES[[c.name for c in CASES].index("a list as a key")] = Case(
    "a list as a key", "scenario", ("\nhorizon:", "\n[a, b]: 1\nhorizon:"),
    ("{s}:24: a key must be a name, not a list or mapping",))
CASES[[c.name for c in CASES].index("unknown key")] = Case(
    "unknown key", "scenario", ("\nhorizon:", "\ncolour: red\nhorizon:"),
    (f"{{s}}:24: colour: unknown key (allowed: {SCENARIO_KEYS})",))

# Cases where the scenario is validated although the region file was edited.
THROUGH_SCENARIO = {"errors inside the region, found from the scenario"}


def _prepare(case: Case, scenario: Path, region: Path) -> Path:
    if callable(case.edit):
        return case.edit(scenario, region)
    target = scenario if case.target == "scenario" else region
    old, new = case.edit
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the edit {old!r} must match exactly once"
    target.write_text(text.replace(old, new), encoding="utf-8")
    if case.name in THROUGH_SCENARIO:
        return scenario
    return target


def test_the_table_is_large_enough():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_malformed_input_gives_one_line_per_problem(case, shaoxing_copy, cwplan, capsys):
    scenario, region = shaoxing_copy
    path = _prepare(case, scenario, region)
    status = cwplan(["validate", str(path)])
    out, err = capsys.readouterr()
    names = {"s": scenario, "r": region, "d": scenario.parent}
    assert err.splitlines() == [line.format(**names) for line in case.expected]
    assert "Traceback" not in err and out == ""
    assert status == 2


def test_good_and_bad_files_together(shaoxing_copy, cwplan, capsys):
    """Valid files still get their summary line; the status says something was wrong."""
    scenario, region = shaoxing_copy
    status = cwplan(["validate", str(region), str(scenario.parent / "nowhere.yaml")])
    out, err = capsys.readouterr()
    assert out.startswith(f"{region}: ok: region shaoxing")
    assert err == f"{scenario.parent / 'nowhere.yaml'}: file not found\n"
    assert status == 2


def test_many_problems_are_capped(shaoxing_copy, cwplan, capsys):
    """A file broken everywhere lists the first 50 problems and says how many more there are."""
    _, region = shaoxing_copy
    text = region.read_text(encoding="utf-8")
    for figure in (", n: ", "{infant: ", "    beds: ", "temporary: 1"):  # 37 + 6 + 7 + 5
        text = text.replace(figure, figure.replace(": ", ": -"))
    region.write_text(text, encoding="utf-8")
    status = cwplan(["validate", str(region)])
    err = capsys.readouterr().err.splitlines()
    assert status == 2 and len(err) == 51
    assert err[-1] == f"{region}: 5 more problems not shown"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(shaoxing_copy, cwplan, capsys):
    _, region = shaoxing_copy
    region.chmod(0)
    status = cwplan(["validate", str(region)])
    assert capsys.readouterr().err == f"{region}: cannot read file: Permission denied\n"
    assert status == 2


def test_validation_writes_nothing(shaoxing_copy, cwplan, capsys):
    scenario, _ = shaoxing_copy
    before = sorted(p.name for p in scenario.parent.rglob("*"))
    assert cwplan(["validate", str(scenario)]) == 0
    assert sorted(p.name for p in scenario.parent.rglob("*")) == before
