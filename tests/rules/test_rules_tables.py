"""The rule tables in ``tables/*.yaml``, row by row.

Each table is a readable list of cases (name, place, date, rule or decision, expected value,
and optionally the source, due date, origin, jurisdiction, what was displaced). This module
only runs them: a planner or a reviewer can add a case without reading Python.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest
import yaml

from sim import rules
from sim import scenario as sc

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
TABLES = sorted((HERE / "tables").glob("*.yaml"))


def _cases():
    for path in TABLES:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in table["rows"]:
            yield pytest.param(table["table"], table.get("scenario"), row,
                               id=f"{path.stem}: {row['name']}")


@functools.cache
def rulebook(scenario: str | None) -> rules.Rulebook:
    if scenario is None:
        return rules.load_books(rules.bundled_books())
    return rules.load(sc.load(ROOT / scenario))


def shown(value) -> str:
    """A value as the tables write it: true/false, ISO dates, lists joined by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def displaced(r: rules.Resolved) -> str:
    due = f" by {r.due}" if r.kind == "target" else ""
    return f"{shown(r.value)}{due} ({r.jurisdiction})"


def check_rule(rb: rules.Rulebook, row: dict) -> None:
    found = rb.resolve(row["key"], row["place"], row["date"])
    if row["expected"] is None:
        assert found is None, f"expected no rule, got {found.value!r} ({found.source})"
        return
    assert found is not None, "no rule in force"
    assert rules.thaw(found.value) == row["expected"]
    for column, actual in (("due", found.due), ("source", str(found.source)),
                           ("origin", found.origin), ("jurisdiction", found.jurisdiction)):
        if column in row:
            assert actual == row[column], column
    if "displaces" in row:
        assert [displaced(o) for o in found.overridden] == row["displaces"]
    if "reason_contains" in row:
        assert row["reason_contains"] in found.reason


def check_decision(rb: rules.Rulebook, row: dict) -> None:
    name, place, on = row["decision"], row["place"], row.get("date")
    if name == "switch_date":
        decision = rules.switch_date(rb, place)
    elif name == "transfer_campaign":
        campaign = rules.transfer_campaign(rb, place)
        got = {k: rules.thaw(getattr(campaign, k)) for k in row["expected"]}
        assert got == row["expected"]
        return
    elif name == "caregivers_required":
        assert rules.caregivers_required(rb, place, on, row["counts"]) == row["expected"]
        return
    elif name == "infant_destination":
        decision = rules.infant_destination(rb, place, on, row["night_or_emergency"])
    elif name == "caregiver_ratio":
        decision = rules.caregiver_ratio(rb, place, on, row["care_level"])
    else:
        decision = getattr(rules, name)(rb, place, on)
    assert rules.thaw(decision.value) == row["expected"]
    if "cite" in row:
        assert decision.cite == row["cite"]


def check_judgement(rb: rules.Rulebook, row: dict) -> None:
    target = rb.resolve(row["key"], row["place"], row["date"])
    verdict = rb.judge(target, row["measured"], row["date"])
    assert verdict.status == row["expected"]
    assert verdict.required == target.value and verdict.source == target.source


CHECKS = {"rules": check_rule, "routing": check_decision, "judging": check_judgement}


@pytest.mark.parametrize(("kind", "scenario", "row"), list(_cases()))
def test_table_row(kind: str, scenario: str | None, row: dict) -> None:
    CHECKS[kind](rulebook(scenario), row)


def test_the_catalogue_table_covers_every_catalogue_key() -> None:
    catalogue = [line.split()[0] for line in (HERE / "catalogue_keys.txt").read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
    table = yaml.safe_load((HERE / "tables" / "catalogue.yaml").read_text(encoding="utf-8"))
    covered = {row["key"] for row in table["rows"]}
    assert sorted(set(catalogue) - covered) == []


def test_every_row_has_a_name_place_and_expected_value() -> None:
    for path in TABLES:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert table["table"] in CHECKS, path.name
        for row in table["rows"]:
            assert {"name", "place", "expected"} <= set(row), (path.name, row)
            assert isinstance(row["place"], str), f"{row['name']}: quote the place code"
            assert "date" not in row or isinstance(row["date"], date), row["name"]
