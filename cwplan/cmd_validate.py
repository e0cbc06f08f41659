"""``cwplan validate`` and ``cwplan schema``: is this file a planner can run, and its format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cwplan import options
from sim import scenario as sc
from sim.scenario.workbook_cells import is_workbook


def validate(
    files: Annotated[list[Path], typer.Argument(help="scenario or region files",
                                                show_default=False)],
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Check scenario and region files; print one line per valid file, one per problem."""
    problems: list[sc.Problem] = []
    for path in files:
        try:
            typer.echo(f"{path}: ok: {_summary(path, region_anywhere)}")
        except sc.InputError as exc:
            problems += exc.problems
    if problems:
        raise sc.InputError(problems)


# Keys only a region file has, and keys only a scenario file has: a file with a misspelt
# key is still recognised by the others, so its problems are reported against the right schema.
REGION_KEYS = {"provinces", "prefectures", "institutions", "census", "demand", "process", "costs"}
SCENARIO_KEYS = {"base", "region", "rulebooks", "adopt", "assume", "overrides", "horizon"}


def _is_region(path: Path, data: object) -> bool:
    if not isinstance(data, dict):
        return path.parent.name == "regions"
    keys = set(map(str, data))
    if keys & REGION_KEYS or keys & SCENARIO_KEYS:
        return len(keys & REGION_KEYS) > len(keys & SCENARIO_KEYS)
    return path.parent.name == "regions"


def _summary(path: Path, region_anywhere: bool) -> str:
    if is_workbook(path):
        return _region_summary(sc.load_region(path))
    doc = sc.read_yaml(path)
    if _is_region(path, doc.data):
        region = sc.load_region_document(doc)
        return _region_summary(region)
    scenario = sc.load(path, region_anywhere=region_anywhere)
    _check_rules(scenario)
    h = scenario.horizon
    return (f"{scenario.name}: {_region_summary(scenario.region)}; rulebooks "
            f"{', '.join(scenario.rulebooks)}; {h.start}..{h.end}")


def _region_summary(region: sc.Region) -> str:
    counties = sum(1 for _ in region.counties())
    children = sum(r.n for rows in region.census.children.values() for r in rows)
    return (f"region {region.id} ({region.name_zh}), {len(region.prefectures)} prefecture(s), "
            f"{counties} counties, {len(region.institutions)} institutions, {children} children")


def _check_rules(scenario: sc.Scenario) -> None:
    """Load the rulebooks too, so a bad rule key or override is caught before a run."""
    try:
        from sim import rules
    except ImportError:  # pragma: no cover - the rules engine ships with the package
        return
    loader = getattr(rules, "load", None)
    if loader is not None:
        loader(scenario)


def schema(
    region: Annotated[bool, typer.Option("--region", show_default="off: the scenario file's",
                                         help="print the region file's schema instead of "
                                              "the scenario file's")] = False,
) -> None:
    """Print the JSON Schema of scenario files (or region files) for editors."""
    typer.echo(json.dumps(json_schema(region), ensure_ascii=False, indent=2))


DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {False: ("scenario", "A cwplan scenario: a region, its rulebooks, what-ifs and run "
                  "settings\ncwplan 情景：区域、政策文件、假设情景和运行设置"),
          True: ("region", "A cwplan region: places, institutions, children, demand, process "
                 "and costs\ncwplan 区域：地区、机构、儿童、需求、流程和费用")}


def json_schema(region: bool = False) -> dict:
    """The JSON Schema of a scenario file (or a region file), as docs/ holds it.

    Every key carries its description in English and Chinese, taken from the models.
    """
    model = sc.Region if region else sc.ScenarioFile
    name, description = TITLES[region]
    body = model.model_json_schema(by_alias=True)
    body["description"] = description
    return {"$schema": DIALECT, "$id": f"urn:cwplan:schema:{name}", **body}
