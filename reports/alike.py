"""Targets judged alike at many places, shown once.

Each of a nation's 2,800 counties may set the same minimum standard and be judged alike on
it; the page's table of targets and the scorecard then show one row naming the places
("2,800 places: …") instead of 2,800 rows saying the same (the files keep a row each).
Targets that differ in anything but the jurisdiction that set them keep their own rows, so
a region whose targets all differ reads as before.
"""

from __future__ import annotations

import dataclasses

from reports.inputs import Inputs
from reports.table import Table
from reports.tables_sources import first_names

PLACE = 1       # the column of the table of targets that names the jurisdiction


def alike(checks) -> list[list[int]]:
    """The positions of the checks, in groups that differ only in their jurisdiction, in
    the order each group first appears."""
    groups: dict[str, list[int]] = {}
    for k, check in enumerate(checks):
        groups.setdefault(_key(check), []).append(k)
    return list(groups.values())


def _key(check) -> str:
    return repr((dataclasses.replace(check.target, jurisdiction=""),
                 dataclasses.replace(check.judgement, jurisdiction=""), check.measured_on,
                 check.how, check.planned, check.simulated, check.detail))


def places(x: Inputs, group: list[int]) -> str:
    """The jurisdictions of a group of checks: the one name, or how many and the first."""
    names = [x.place_name(x.checks[k].target.jurisdiction) for k in group]
    if len(names) == 1:
        return names[0]
    return x.t("fold.places", n=x.t.number(len(names)), names=first_names(x.t, names))


def compliance_page(x: Inputs, table: Table) -> Table:
    """The page's table of targets (``tables_sources.compliance``, a row per check): the
    targets alike at several places on one row."""
    groups = alike(x.checks)
    if len(groups) == len(table.rows):
        return table
    rows = []
    for group in groups:
        row = list(table.rows[group[0]])
        row[PLACE] = places(x, group)
        rows.append(row)
    return dataclasses.replace(table, rows=rows)
