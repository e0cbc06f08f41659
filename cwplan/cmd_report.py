"""``cwplan report``: a stored run's report made again, without simulating again.

The run is named by its folder (``cwplan run --out``) or by its id in the run store (``cwplan
runs`` lists them; the store knows the folder). The scenario is read again from the file
the run was made from and must be the one the run simulated (its content hash is checked);
the plan comes from the folder's plan.json and every replication's figures from its
replications.npz and timeseries.parquet (``cwplan.replay``). The report is then built as
``cwplan run`` builds it, in the language asked for and, with ``--pdf``, printed.

Without ``--out`` (or with ``--out`` the run's own folder) the report inside the run's
folder is replaced: the folder is written again whole, its run files carried over unchanged,
and put in place only when the new report is complete. With ``--out`` the report goes to a
folder of its own. Either folder is written as ``cwplan.outfolder`` writes every output: a
run's folder is replaced only when cwplan wrote it and it holds nothing else, a report's
folder only when it is empty or an earlier report.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from cwplan import options, outfolder, pipeline, replay
from cwplan.progress import stage, stdout
from sim.scenario import InputError, Problem

REPORT = {"report.html", "report.md", "report.pdf", "costs.xlsx", "charts", "tables"}


def report(
    run: Annotated[str, typer.Argument(help="a run's folder, or its id in the run store",
                                       show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", show_default="the run's folder, its report replaced and its run files kept",
        help="folder for the report; an existing one is replaced only if it is a report "
             "cwplan wrote")] = None,
    lang: options.Lang = None,
    pdf: options.Pdf = False,
    store: options.Store = None,
) -> None:
    """Make a stored run's report again (another language, a PDF) without simulating."""
    from sim import plan as plans
    from sim import rules
    from sim.scenario import load
    from sim.world import build as world

    options.check_lang(lang)
    folder = Path(run) if Path(run).exists() else _stored(run, store)
    if not folder.is_dir():
        raise InputError([Problem(run, 0, "", "not a folder", replay.EXPECTED)])
    in_place = out is None or (out.exists() and out.resolve() == folder.resolve())
    if pdf:
        pipeline.pdf_engine()
    kept = replay.manifest_of(folder)
    manifest = kept["summary.json"].get("manifest") or {}
    scenario = load(_scenario_file(folder, kept["run.json"]))
    _same_scenario(scenario, manifest, folder)
    target = outfolder.prepare(folder if in_place else out, "run" if in_place else "report",
                               _guarded(scenario, folder, store, in_place))
    rulebook = rules.load(scenario)
    plan = plans.read(folder / "plan.json", scenario)
    with stage("reading the run"):
        results = replay.read(folder, world(scenario, rulebook, plan), manifest)
    sensitivity = _sensitivity(store or kept["run.json"].get("store"), scenario.content_hash)
    with stage("writing the report"), target.writing() as written:
        if in_place:
            _carry(folder, written)
        pipeline.build_report(scenario, rulebook, plan, results, written, lang, sensitivity,
                              pdf)
    stdout().print(f"written to {target.out / 'report.html'}")


def _guarded(scenario, folder: Path, store: Path | None, in_place: bool) -> list:
    """What the report's folder must neither be nor hold: the scenario's files, the run
    store, and (for a report of its own) the run it is made from."""
    guarded = outfolder.inputs_of(scenario)
    if store is not None:
        guarded.append(outfolder.Guarded(Path(store), "the run store"))
    if not in_place:
        guarded.append(outfolder.Guarded(folder, "the run the report is made from"))
    return guarded


def _stored(ref: str, store: Path | None) -> Path:
    from cwplan.store import Store, default_path

    path = store or default_path()
    if not Path(path).is_file():
        raise InputError([Problem(ref, 0, "", f"no such run folder, and no run store at {path}",
                                  "a run folder or the id of a stored run")])
    with Store(path) as opened:
        found = opened.run(ref)
    if found is None or found["status"] != "complete":
        raise InputError([Problem(ref, 0, "", f"no such run folder, nor a complete run with this "
                                  f"id in {path}", "see `cwplan runs`")])
    folder = Path(found["out_dir"] or "")
    if not (folder / "run.json").is_file():
        raise InputError([Problem(ref, 0, "", f"the run's folder {folder} is gone or holds no "
                                  "run", "a run whose folder is still there")])
    return folder


def _sensitivity(store, scenario_hash: str) -> dict | None:
    """The latest sensitivity record of the scenario, as the run's report showed it."""
    from cwplan.store import Store

    if not store or not Path(store).is_file():
        return None
    with Store(Path(store)) as opened:
        return opened.sensitivity(scenario_hash)


def _scenario_file(folder: Path, run: dict) -> Path:
    """The scenario the run was made from, as run.json names it (relative to the working
    folder for a run written before the path was kept whole)."""
    path = Path(str(run.get("scenario", "")))
    if not path.is_file():
        raise InputError([Problem(str(folder / "run.json"), 0, "scenario",
                                  f"the run's scenario {path} is not there any more",
                                  "the scenario file the run was made from")])
    return path


def _same_scenario(scenario, manifest: dict, folder: Path) -> None:
    kept = manifest.get("scenario_hash")
    if kept and kept != scenario.content_hash:
        raise InputError([Problem(str(scenario.path), 0, "", f"changed since the run in {folder} "
                                  f"was made (content hash {scenario.content_hash[:12]}, the run "
                                  f"{kept[:12]}); its report would not describe that run",
                                  "run it again with `cwplan run`")])


def _carry(old: Path, new: Path) -> None:
    """The run's own files, into the folder that replaces it (linked where possible)."""
    for item in old.iterdir():
        if item.name in REPORT or item.name == outfolder.MARKER:    # the marker is new
            continue
        if item.is_dir():
            shutil.copytree(item, new / item.name)
            continue
        try:
            os.link(item, new / item.name)
        except OSError:
            shutil.copy2(item, new / item.name)
