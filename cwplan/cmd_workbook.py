"""``cwplan template`` and ``cwplan import``: a region in a workbook, out and back in.

A bureau keeps its institutions, children and staff in spreadsheets. ``template`` writes the
workbook it fills in (blank, or holding a region's data); ``import`` checks a filled-in
workbook, or a folder of CSV files with the same columns, with the rules of ``cwplan
validate`` and writes the region file, every value with its source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cwplan.owned import refuse_unless_ours, write_atomic, yaml_text
from sim import scenario as sc
from sim.scenario.regionfile import comments, dump
from sim.scenario.workbook import load_workbook_region
from sim.scenario.workbook_cells import is_workbook


def template(
    out: Annotated[Path, typer.Argument(help="the workbook to write (.xlsx)")],
    region: Annotated[Path | None, typer.Option(
        "--region", show_default="blank, with examples",
        help="fill it with this region (a region file or workbook)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="language of the sheet names and "
                                      "explanations: zh or en (headings are in both)")] = "zh",
) -> None:
    """Write the workbook a bureau fills in: one sheet per part of a region."""
    from reports import region_book

    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"{lang!r} is not a language", param_hint="--lang zh|en")
    if out.suffix.lower() != ".xlsx":
        raise sc.InputError([sc.Problem(str(out), 0, "", "a workbook's name ends in .xlsx",
                                        "e.g. shaoxing.xlsx")])
    refuse_unless_ours(out, "OUT")
    loaded, notes, lost = _region(region) if region else (None, [], [])
    write_atomic(out, lambda tmp: region_book.write(tmp, loaded, lang, notes))
    what = f"region {loaded.id} ({loaded.name_zh})" if loaded else "blank, with examples"
    typer.echo(f"{out}: written: {what}")
    if lost:
        typer.echo(f"{len(lost)} comment(s) of {region} are not carried into the workbook "
                   "(the comments at the top are, on its notes sheet):")
        for line, text in lost:
            typer.echo(f"  {region}:{line}: {text}")


def _region(path: Path) -> tuple[sc.Region, list[str], list[tuple[int, str]]]:
    if is_workbook(path):
        imported = load_workbook_region(path)
        return imported.region, imported.notes, []
    region = sc.load_region(path)
    head, others = comments(path.read_text(encoding="utf-8-sig"))
    return region, head, others


def import_region(
    workbook: Annotated[Path, typer.Argument(help="the filled-in workbook (.xlsx), or a "
                                             "folder of CSV files with the same columns")],
    out: Annotated[Path, typer.Option("--out", help="the region file to write (.yaml)")],
    allow_unsourced: Annotated[bool, typer.Option(
        "--allow-unsourced", show_default="off: a figure without a source is refused",
        help="write figures without a source, labelled "
        "'A (unsourced, entered by NAME)', instead of refusing them")] = False,
    entered_by: Annotated[str, typer.Option("--entered-by", help="NAME for that label "
                                            "(default: who last saved the workbook, else the "
                                            "login name)")] = "",
) -> None:
    """Check a region workbook with the rules of `cwplan validate` and write the region file."""
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise sc.InputError([sc.Problem(str(out), 0, "--out", "a region file's name ends in "
                                        ".yaml", "e.g. regions/shaoxing.yaml")])
    refuse_unless_ours(out, "--out")
    imported = load_workbook_region(workbook, allow_unsourced, entered_by)
    text = yaml_text(dump(imported.region, imported.notes), workbook.name)
    write_atomic(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    region = imported.region
    counties = sum(1 for _ in region.counties())
    children = sum(r.n for rows in region.census.children.values() for r in rows)
    typer.echo(f"{out}: written: region {region.id} ({region.name_zh}), {counties} counties, "
               f"{len(region.institutions)} institutions, {children} children")
    if imported.unsourced:
        typer.echo(f"{len(imported.unsourced)} row(s) without a source, labelled "
                   "'A (unsourced, …)'; the report lists them with the assumptions:")
        for line in imported.unsourced:
            typer.echo(f"  {line}")
