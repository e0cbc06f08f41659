"""``cwplan compare``: two or more runs side by side, for the budget officer.

Each run is named by its output folder (``cwplan simulate --out`` or ``cwplan run --out``) or
by its id in the run store (``cwplan runs`` lists them); the first is the baseline. The
comparison folder is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cwplan import options, outfolder
from cwplan.progress import stdout
from cwplan.store import default_path
from sim.scenario import InputError, Problem


def compare(
    runs: Annotated[list[str], typer.Argument(
        help="two or more run folders or run-store ids; the first is the baseline",
        show_default=False)],
    out: options.out_folder("a comparison"),
    lang: options.Lang = None,
    store: options.Store = None,
) -> None:
    """Compare the costs and staffing of runs: side by side and as differences."""
    from reports import compare as comparison
    from reports.runs import load_run

    options.check_lang(lang)
    if len(runs) < 2:
        raise InputError([Problem("cwplan compare", 0, "", "a comparison needs at least two "
                                  "runs", "two or more run folders")])
    folders = [Path(ref) for ref in runs if Path(ref).exists()]
    guarded = [outfolder.Guarded(f, "a run being compared") for f in folders]
    if len(folders) < len(runs):
        guarded.append(outfolder.Guarded(store or default_path(), "the run store"))
    target = outfolder.prepare(out, "compare", guarded)
    with target.writing() as folder:
        loaded = [load_run(ref) if Path(ref).exists() else _stored(ref, store) for ref in runs]
        comparison.build(loaded, folder, lang)
    stdout().print(f"written to {out}/compare.html")


def _stored(ref: str, store: Path | None):
    """A run named by its run-store id."""
    from cwplan.store import Store
    from reports.runs import from_store

    path = store or default_path()
    if not Path(path).is_file():
        raise InputError([Problem(ref, 0, "", "no such run folder, and no run store at "
                                  f"{path}", "a run folder or the id of a stored run")])
    with Store(path) as opened:
        figures = opened.figures(ref)
    if figures is None:
        raise InputError([Problem(ref, 0, "", f"no such run folder, nor a complete run with "
                                  f"this id in {path}", "see `cwplan runs`")])
    return from_store(ref, figures)
