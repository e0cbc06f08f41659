"""``cwplan rules``: what holds at a place on a date, and why.

A reviewer asks "which rules apply in Zhuji on 1 January 2023, and which clause says so?".
The command answers with every parameter and target in force there and then: its value,
the day it took effect, the jurisdiction that set it, its source (document and clause), and
the less specific or older values it displaced. Without ``--scenario`` all bundled rulebooks
are loaded and jurisdiction alone decides; with one, the scenario's adoptions, assumptions
and what-ifs apply too. A terminal gets a table, a pipe plain lines, ``--json`` one array.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cwplan import options
from sim import rules as engine
from sim.jsonio import strict_json
from sim.rules import Gazetteer, Place, Resolved, Rulebook
from sim.rules.places import region_places
from sim.scenario import InputError, Problem
from sim.scenario import load as load_scenario

COMMAND = "cwplan rules"
SYMBOLS = {"at_least": ">=", "at_most": "<=", "equal": "=="}


def rules(
    place: Annotated[str, typer.Option(
        "--place", help="GB/T 2260 code or pinyin name, e.g. 330681, Zhuji, 'Zhuji Shi', China")],
    on: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="the day asked about")],
    as_json: Annotated[bool, typer.Option("--json", show_default="off: a table",
                                          help="print one JSON array instead of a table")]
    = False,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", show_default="the bundled rulebooks alone",
        help="also apply this scenario's adoptions, assumptions and what-ifs")] = None,
    region_anywhere: options.RegionAnywhere = False,
) -> None:
    """Print every rule and target in force at a place on a date, with its source."""
    when = parse_date(on)
    rulebook, gazetteer, books = _rulebook(scenario, region_anywhere)
    where = gazetteer.find(place)
    found = rulebook.in_force(where.code, when)
    if as_json:
        typer.echo(strict_json([record(r) for r in found]))
        return
    header = _header(rulebook, where, when, books, found)
    if sys.stdout.isatty():
        _table(header, found)
    else:
        typer.echo(header)
        for r in found:
            typer.echo(line(r))


def parse_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD; anything else is one line of bad input."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise InputError([Problem(COMMAND, 0, "--date", f"{text!r} is not a date",
                              "YYYY-MM-DD, e.g. 2023-01-01")])


def _rulebook(path: Path | None,
              region_anywhere: bool = False) -> tuple[Rulebook, Gazetteer, list[str]]:
    """The rulebook asked for, and the places one may name: regions' and rulebooks'."""
    if path is None:
        books = engine.bundled_books()
        gazetteer = Gazetteer(engine.bundled_places())
        rulebook = engine.load_books(books, gazetteer.lineage)
    else:
        scenario = load_scenario(path, region_anywhere=region_anywhere)
        books = scenario.rulebooks
        own = region_places(scenario.region.model_dump())
        gazetteer = Gazetteer([*own, *engine.bundled_places()])
        rulebook = engine.load(scenario)
    gazetteer.add(Place(code, "", "", tuple(engine.structural_lineage(code)))
                  for code in rulebook.jurisdictions())
    return rulebook, gazetteer, sorted(books)


# --- output ------------------------------------------------------------------------------

def record(r: Resolved) -> dict[str, Any]:
    """One rule in force as a JSON object (dates ISO, lists and mappings plain)."""
    out: dict[str, Any] = {
        "key": r.key, "value": plain(r.value), "kind": r.kind,
        "effective": r.effective.isoformat(), "jurisdiction": r.jurisdiction,
        "source": {"document": r.source.document, "clause": r.source.clause},
        "origin": r.origin, "unit": r.unit,
    }
    if r.kind == "target" or r.due is not None:
        out["due"] = r.due.isoformat() if r.due else None
    if r.compare:
        out["compare"] = r.compare
    if r.reason:
        out["reason"] = r.reason
    out["quote"] = r.quote
    out["overridden"] = [record(o) for o in r.overridden]
    return out


def plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def shown(value: Any) -> str:
    """A value as a planner reads it: true/false, ISO dates, lists and mappings unbracketed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def _claim(r: Resolved) -> str:
    unit = f" {r.unit}" if isinstance(r.value, int | float) and not isinstance(r.value, bool) \
        and "(" not in r.unit else ""
    if r.kind == "target":
        return f"{SYMBOLS[r.compare or 'equal']} {shown(r.value)}{unit} by {r.due}"
    due = f" (complete by {r.due})" if r.due else ""
    return f"= {shown(r.value)}{unit}{due}"


def _displaced(r: Resolved) -> str:
    if not r.overridden:
        return ""
    return "displaces " + "; ".join(
        f"{shown(o.value)}{f' by {o.due}' if o.due and o.kind == 'target' else ''} "
        f"({o.jurisdiction} {o.source})" for o in r.overridden)


def _origin(r: Resolved) -> str:
    return "" if r.origin == "document" else f"{r.origin}: {r.reason}" if r.reason else r.origin


def line(r: Resolved) -> str:
    """One rule in force as one plain line, for pipes and logs."""
    parts = [f"{r.key} {_claim(r)}", f"from {r.effective}", r.jurisdiction, str(r.source),
             _origin(r), _displaced(r)]
    return " | ".join(p for p in parts if p)


def _header(rb: Rulebook, where: Place, when: date, books: list[str],
            found: list[Resolved]) -> str:
    targets = sum(r.kind == "target" for r in found)
    return (f"{where.label} on {when}: {len(found) - targets} parameters, {targets} targets "
            f"(lineage {' > '.join(rb.lineage(where.code))}; rulebooks {', '.join(books)})")


def _table(header: str, found: list[Resolved]) -> None:
    from rich.table import Table

    from cwplan.progress import stdout

    table = Table(title=header, show_lines=False, title_justify="left")
    for name in ("rule", "value", "from", "jurisdiction", "source", "notes"):
        table.add_column(name, overflow="fold")
    for r in found:
        notes = "\n".join(p for p in (_origin(r), _displaced(r)) if p)
        table.add_row(r.key, _claim(r).lstrip("= "), str(r.effective), r.jurisdiction,
                      str(r.source), notes)
    stdout().print(table)
