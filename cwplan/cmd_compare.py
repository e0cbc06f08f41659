"""``cwplan compare``: two or more runs side by side, for the budget officer.

Each run is named by its output folder (``cwplan simulate --out`` or ``cwplan run --out``);
the first is the baseline. The comparison folder is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cwplan.outputs import atomic_folder
from sim.scenario import InputError, Problem


def compare(
    runs: Annotated[list[str], typer.Argument(help="two or more run folders; the first is "
                                              "the baseline")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en (default: zh when "
                                             "the runs' names are Chinese)")] = None,
) -> None:
    """Compare the costs and staffing of runs: side by side and as differences."""
    from reports import compare as comparison
    from reports.runs import load_run

    if lang not in (None, "zh", "en"):
        raise InputError([Problem("--lang", 0, "", f"{lang!r} is not a language", "zh or en")])
    if len(runs) < 2:
        raise InputError([Problem("cwplan compare", 0, "", "a comparison needs at least two "
                                  "runs", "two or more run folders")])
    loaded = [load_run(ref) for ref in runs]
    with atomic_folder(out) as folder:
        comparison.build(loaded, folder, lang)
    Console().print(f"written to {out}/compare.html")
