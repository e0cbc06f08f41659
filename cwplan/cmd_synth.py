"""``cwplan synth``: write a synthetic national region and scenario for scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cwplan import owned, synthetic
from sim.scenario import InputError, Problem
from sim.scenario.model import MAX_SEED


def synth(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the two files into")],
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED,
                                      help="the same seed writes the same files")] = 0,
    counties: Annotated[int, typer.Option(min=1, help="county-level divisions")] = 2800,
    prefectures: Annotated[int, typer.Option(min=1, help="prefecture cities")] = 330,
) -> None:
    """Write national-region.yaml and national.yaml (every figure labelled E: synthetic).

    A file of those names that cwplan did not write, or that was changed since, is never
    replaced.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError([Problem(str(out_dir), 0, "", "is a file, not a folder",
                                  "a folder to write the two files into")])
    for name in synthetic.FILES:
        owned.refuse_unless_ours(out_dir / name, "OUT_DIR")
    try:
        scenario = synthetic.generate_national(seed, counties, prefectures, out_dir=out_dir)
    except ValueError as exc:
        raise InputError([Problem("--counties/--prefectures", 0, "", str(exc))]) from None
    except OSError as exc:
        raise InputError([Problem(str(out_dir), 0, "",
                                  f"cannot write here: {exc.strerror or exc}")]) from None
    typer.echo(f"wrote {scenario.parent / 'national-region.yaml'} and {scenario}")
