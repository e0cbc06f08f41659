"""The command line and the file formats follow the conventions a planner's tools expect.

``cwplan --version``; help text with its default for every option of every command; shell
completion; a description in English and Chinese on every key of scenario and region files;
the JSON Schemas in docs/ current, so that editors offer them on a fresh clone.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
import typer

from cwplan import cli
from cwplan.cmd_validate import json_schema
from sim.scenario import model

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


def _command():
    cli.main(["--version"])           # registers every command
    return typer.main.get_command(cli.app)


def test_version_prints_the_package_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"cwplan {metadata.version('cwplan')}\n"


def test_shell_completion_is_offered():
    names = {p.name for p in _command().params}
    assert {"install_completion", "show_completion"} <= names


def _options():
    group = _command()
    for name, command in sorted(group.commands.items()):
        for param in command.params:
            if param.param_type_name == "option":
                yield name, param


@pytest.mark.parametrize("name, option", list(_options()),
                         ids=lambda x: x if isinstance(x, str) else x.opts[0])
def test_every_option_has_help_and_says_its_default(name, option):
    assert option.help and len(option.help) > 10, f"{name} {option.opts}: no help"
    said = isinstance(option.show_default, str) or (
        option.show_default is not False and option.default is not None
        and not option.is_flag)
    assert option.required or said, f"cwplan {name} {option.opts[0]}: no default shown"


def test_help_of_run_shows_the_defaults_of_the_options_asked_about(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    assert cli.main(["run", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--replications", "--seed", "--workers"):
        assert option in text
    for said in ("the scenario's run.replications, 20 when it gives none",
                 "the scenario's run.seed, 0 when it gives none",
                 "the scenario's run.workers, else one per core"):
        assert re.search(r"\[default: \(?" + re.escape(said), text), said


def _models(root: type, seen: set[type]) -> None:
    if root in seen:
        return
    seen.add(root)
    for field in root.model_fields.values():
        for kind in _inside(field.annotation):
            _models(kind, seen)


def _inside(kind):
    if isinstance(kind, type) and issubclass(kind, model.Strict):
        yield kind
    for arg in getattr(kind, "__args__", ()) or ():
        yield from _inside(arg)
    if getattr(kind, "__metadata__", None) is not None:
        yield from _inside(kind.__origin__)


def _every_key():
    seen: set[type] = set()
    _models(model.Region, seen)
    _models(model.ScenarioFile, seen)
    for kind in sorted(seen, key=lambda k: k.__name__):
        for name, field in kind.model_fields.items():
            yield f"{kind.__name__}.{field.alias or name}", field.description or ""


def test_every_scenario_and_region_key_is_described_in_english_and_chinese():
    """A field added to the models without its two descriptions fails here: write the
    docstring under the field, English on its first line, Chinese on the next."""
    keys = list(_every_key())
    assert len(keys) > 150
    missing = [key for key, text in keys if not (CJK.search(text) and LATIN.search(text))]
    assert missing == []


@pytest.mark.parametrize("region", [False, True], ids=["scenario", "region"])
def test_the_schema_names_its_dialect_and_describes_every_property(region):
    schema = json_schema(region)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:cwplan:schema:")
    blocks = [schema, *schema.get("$defs", {}).values()]
    properties = [(name, p) for block in blocks for name, p in block.get("properties", {}).items()]
    assert len(properties) > 20
    bare = [name for name, p in properties if not CJK.search(p.get("description", ""))]
    assert bare == []


@pytest.mark.parametrize("region, name", [(False, "scenario"), (True, "region")])
def test_the_schema_files_in_docs_are_current(region, name, capsys):
    """docs/*.schema.json are committed for editors; `make schema` writes them again."""
    assert cli.main(["schema", *(["--region"] if region else [])]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "docs" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == printed, f"run `make schema`: docs/{name}.schema.json is out of date"
    assert json.loads(committed) == json_schema(region)


def test_bundled_scenarios_point_editors_at_a_schema_that_exists():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found = re.search(r"\$schema=(\S+)", first)
        assert found, path.name
        assert (path.parent / found.group(1)).resolve() == ROOT / "docs" / "scenario.schema.json"
