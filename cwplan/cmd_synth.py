"""``cwplan synth``: write a synthetic national region and scenario for scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cwplan import synthetic
from sim.scenario import InputError, Problem


def synth(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the two files into")],
    seed: Annotated[int, typer.Option(help="the same seed writes the same files")] = 0,
    counties: Annotated[int, typer.Option(help="county-level divisions")] = 2800,
    prefectures: Annotated[int, typer.Option(help="prefecture cities")] = 330,
) -> None:
    """Write national-region.yaml and national.yaml (every figure labelled E: synthetic)."""
    if seed < 0:
        raise InputError([Problem("--seed", 0, "", f"{seed} is negative", "a seed >= 0")])
    try:
        scenario = synthetic.generate_national(seed, counties, prefectures, out_dir=out_dir)
    except ValueError as exc:
        raise InputError([Problem("--counties/--prefectures", 0, "", str(exc))]) from None
    except OSError as exc:
        raise InputError([Problem(str(out_dir), 0, "",
                                  f"cannot write here: {exc.strerror or exc}")]) from None
    typer.echo(f"wrote {scenario.parent / 'national-region.yaml'} and {scenario}")
