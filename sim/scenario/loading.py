"""Loading a scenario: bases overlaid, validated, cross-checked, rulebooks located."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sim.heap import uncollected
from sim.scenario.checks import _at, _check_against_region, _check_region, _check_scenario, _one_of
from sim.scenario.errors import _did_you_mean, validate
from sim.scenario.model import MAX_BASES, Region, Scenario, ScenarioFile
from sim.scenario.paths import BUNDLED, available_rulebooks
from sim.scenario.problems import InputError, Problem
from sim.scenario.workbook import load_workbook_region
from sim.scenario.workbook_cells import is_workbook
from sim.scenario.yamlio import Document, _capped, overlay, read_yaml

# --- Loading -------------------------------------------------------------------------



@uncollected
def load(path: str | Path, region_anywhere: bool = False) -> Scenario:
    """Read, overlay, validate and cross-check a scenario file and the region it names.

    The region file must lie in the folder of the scenario file that names it, or below it
    (or among the bundled scenarios), unless ``region_anywhere`` (``--region-anywhere``)
    allows otherwise: a scenario received from someone else cannot make the planner read,
    and quote, any file of the machine.
    """
    path = Path(path)
    doc = _read_with_bases(path, ())
    spec = validate(ScenarioFile, doc)
    problems = list(_check_scenario(spec, doc, path))
    region_file, _ = doc.positions.get(("region",), (str(path), 0))
    region_path = Path(region_file).parent / spec.region
    file, line, _ = doc.where(("region",))
    if not region_anywhere and not _inside(region_path, Path(region_file).parent) \
            and not _inside(region_path, BUNDLED):
        raise InputError([*problems, Problem(
            file, line, "region", f"region file {spec.region!r} is outside the scenario's "
            f"folder {Path(file).parent}", "a region file in that folder or below it, or "
            "--region-anywhere")])
    if not (_is_file(region_path) or (is_workbook(region_path) and region_path.is_dir())):
        raise InputError([*problems, Problem(file, line, "region",
                                             f"region file {spec.region!r} not found",
                                             f"a path relative to {Path(file).parent}")])
    try:
        region, region_doc = read_region(region_path)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    problems += _check_against_region(spec, doc, region)
    rulebooks = _locate_rulebooks(spec, doc, path, problems)
    if problems:
        raise InputError(problems)
    return Scenario(
        name=spec.name, description=spec.description, path=path, region_path=region_path,
        region=region, rulebooks=rulebooks, adopt=spec.adopt, assume=spec.assume,
        overrides=spec.overrides, horizon=spec.horizon, run=spec.run,
        optimizer=spec.optimizer, service_levels=spec.service_levels, robust=spec.robust,
        content_hash=_content_hash(spec, region, rulebooks),
        positions={".".join(k): v for k, v in {**region_doc.positions, **doc.positions}.items()},
    )


def load_region(path: str | Path) -> Region:
    """A region from its YAML file, its workbook (.xlsx) or its folder of CSV files."""
    return read_region(Path(path))[0]


def read_region(path: Path) -> tuple[Region, Document]:
    """A region and the document it was read from (cells or lines, for messages)."""
    if is_workbook(path):
        found = load_workbook_region(path)
        return found.region, found.document
    doc = read_yaml(path)
    _looks_like_region(doc)
    return load_region_document(doc), doc


def load_region_document(doc: Document) -> Region:
    region = validate(Region, doc)
    problems = list(_check_region(region, doc))
    if problems:
        raise InputError(_capped(sorted(problems, key=lambda p: (p.file, p.line))))
    return region




def _read_with_bases(path: Path, chain: tuple[Path, ...]) -> Document:
    doc = read_yaml(path)
    if not isinstance(doc.data, dict) or doc.data.get("base") is None:
        return doc
    base = doc.data["base"]
    file, line, _ = doc.where(("base",))
    if not isinstance(base, str) or not base.strip():
        raise InputError([Problem(file, line, "base", "expected a file name",
                                  "a path relative to this file")])
    base_path = path.parent / base
    if not _is_file(base_path):
        raise InputError([Problem(file, line, "base", f"base file {base!r} not found",
                                  f"a path relative to {path.parent}")])
    here, there = path.resolve(), base_path.resolve()
    if there in chain or there == here:
        names = " -> ".join(p.name for p in (*chain, here, there))
        raise InputError([Problem(file, line, "base", f"base files form a cycle: {names}",
                                  "a chain of bases that ends")])
    if len(chain) >= MAX_BASES:
        raise InputError([Problem(file, line, "base", "too many bases in a chain",
                                  f"at most {MAX_BASES}")])
    merged = overlay(_read_with_bases(base_path, (*chain, here)), doc)
    merged.data.pop("base", None)
    return merged


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, lies in ``folder`` or below."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _looks_like_region(doc: Document) -> None:
    """Refuse, without quoting it, a file that holds none of a region file's keys."""
    keys = set(map(str, doc.data)) if isinstance(doc.data, dict) else set()
    if not keys & set(Region.model_fields):
        file, line, _ = doc.where(())
        raise InputError([Problem(file, line, "", "is not a region file",
                                  "a YAML mapping with " + ", ".join(Region.model_fields))])


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _locate_rulebooks(spec: ScenarioFile, doc: Document, path: Path,
                      problems: list[Problem]) -> dict[str, Path]:
    available = available_rulebooks(path)
    found: dict[str, Path] = {}
    for n, name in enumerate(spec.rulebooks):
        if name in found:
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} is listed twice"))
        elif name not in available:
            hint = _did_you_mean(name, list(available))
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} does not exist{hint}",
                                _one_of(available) if available else "none: no policies/ folder"))
        else:
            found[name] = available[name]
    for adoption in spec.adopt:
        if adoption.from_ in available:
            found.setdefault(adoption.from_, available[adoption.from_])
    return found


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError([Problem(str(path), 0, "", f"cannot read rulebook: {exc.strerror}")]) \
            from None


def _content_hash(spec: ScenarioFile, region: Region, rulebooks: dict[str, Path]) -> str:
    """A digest of everything that determines a run's numbers."""
    payload = {
        "scenario": spec.model_dump(mode="json", by_alias=True, exclude={"base", "region"}),
        "region": region.model_dump(mode="json"),
        "rulebooks": {k: _file_digest(p) for k, p in sorted(rulebooks.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
