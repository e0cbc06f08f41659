"""The scenario: a region, the policy documents that govern it, and the what-ifs to try.

A planner describes a prefecture city (its counties, institutions, the children in care
on the first day, how many children arrive, how long things take and what they cost) in a
*region file*, and a run of the planner in a *scenario file*: which region, which policy
documents (rulebooks), which dates, which rules to change for a what-if, how many
replications. Both are YAML. This module reads them once, at the boundary, into frozen
objects that the rules engine, the simulation, the optimizer and the reports read.

Every problem found is reported as ``FILE:LINE: key.path: what is wrong (what is
allowed)``; nothing past this module ever sees an invalid scenario. The module imports
nothing else from ``sim`` so that ``optimize`` and ``reports`` can read a scenario without
the simulation engine.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

# --- Vocabulary shared by every part of the planner ------------------------------------

NATIONAL_CODE = "100000"
CARE_LEVELS = ("self_care", "semi_self_care", "full_care")
AGE_BANDS = ("0-2", "3-5", "6-11", "12-14", "15-17")
GUARDIANSHIP_KINDS = ("long_term", "temporary", "awaiting_admission")
ARRIVAL_KINDS = ("infant", "long_term", "temporary")
INSTITUTION_KINDS = (
    "city_welfare_home", "county_welfare_home", "protection_center", "candidate_site",
)
STAFF_ROLES = ("caregiver", "professional", "other")
INTAKE_STEPS = (
    "police_report", "medical_exam", "search_announcement", "dna_comparison",
    "county_approval", "formal_admission", "hukou_registration",
)
TRANSFER_STEPS = (
    "arrange", "compile_child_records", "organise_archives", "handover_procedures", "summary",
)

CareLevel = Literal["self_care", "semi_self_care", "full_care"]
AgeBand = Literal["0-2", "3-5", "6-11", "12-14", "15-17"]
GuardianshipKind = Literal["long_term", "temporary", "awaiting_admission"]
ArrivalKind = Literal["infant", "long_term", "temporary"]
InstitutionKind = Literal["city_welfare_home", "county_welfare_home", "protection_center",
                          "candidate_site"]
StaffRole = Literal["caregiver", "professional", "other"]
TimedIntakeStep = Literal["police_report", "medical_exam", "dna_comparison", "county_approval",
                          "formal_admission", "hukou_registration"]
TransferStep = Literal["arrange", "compile_child_records", "organise_archives",
                       "handover_procedures", "summary"]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 2_000_000


# --- Problems and the error that carries them ------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    line: int
    path: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{text} ({self.allowed})" if self.allowed else text


class InputError(Exception):
    """Raised with every problem found in the input; the command line prints one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- Reading YAML while remembering where each value came from -------------------------

Positions = dict[tuple[str, ...], tuple[str, int]]


@dataclass
class Document:
    """Plain data read from YAML plus, for each key path, the file and line it came from."""

    data: Any
    positions: Positions

    def where(self, path: tuple) -> tuple[str, int, tuple[str, ...]]:
        """The file and line of the deepest existing prefix of ``path``."""
        key = tuple(str(p) for p in path)
        while key and key not in self.positions:
            key = key[:-1]
        file, line = self.positions.get(key) or self.positions[()]
        return file, line, key


def read_yaml(path: Path) -> Document:
    """Read one YAML file safely: size, encoding, depth, aliases and duplicates checked."""
    name = str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError as exc:
        raise InputError([Problem(name, 0, "", f"cannot read file: {exc.strerror}")]) from None
    if raw is None:
        raise InputError([Problem(name, 0, "", "file is too large",
                                  f"at most {MAX_FILE_BYTES // 1024 // 1024} MiB")])
    text = _decode(name, raw)
    try:
        _check_shape(name, text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise InputError([Problem(name, line, "", f"YAML syntax error: {exc.problem}")]) from None
    if node is None:
        raise InputError([Problem(name, 1, "", "file is empty", "a YAML mapping")])
    positions: Positions = {(): (name, node.start_mark.line + 1)}
    builder = _Builder(name, positions)
    data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return Document(data, positions)


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "", f"file is not UTF-8 (byte {exc.start})",
                                  "save the file as UTF-8")]) from None


def _check_shape(name: str, text: str) -> None:
    """Refuse deeply nested documents before composing them (composition is recursive)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise InputError([Problem(name, line, "", "document is nested too deeply",
                                          f"at most {MAX_DEPTH} levels")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    """Turns composed YAML nodes into Python data, recording positions and duplicate keys."""

    def __init__(self, name: str, positions: Positions):
        self.name = name
        self.positions = positions
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple[str, ...]) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError([Problem(self.name, node.start_mark.line + 1, ".".join(path),
                                      "document expands to too many values (alias bomb?)",
                                      f"at most {MAX_NODES:,}")])
        self.positions.setdefault(path, (self.name, node.start_mark.line + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, str(i))) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: tuple[str, ...]) -> dict:
        self.constructor.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool | date) or key is None:
                self.problems.append(Problem(self.name, key_node.start_mark.line + 1,
                                             ".".join(path), "mapping key must be a scalar"))
                continue
            if key in out:
                self.problems.append(Problem(self.name, key_node.start_mark.line + 1,
                                             ".".join((*path, str(key))), "duplicate key",
                                             "each key once per mapping"))
            child = (*path, str(key))
            self.positions[child] = (self.name, key_node.start_mark.line + 1)
            out[key] = self.build(value_node, child)
        return out


def overlay(base: Document, top: Document) -> Document:
    """``top`` laid over ``base``: mappings merge key by key, anything else is replaced."""
    positions = dict(base.positions)

    def merge(b: Any, t: Any, path: tuple[str, ...]) -> Any:
        if isinstance(b, dict) and isinstance(t, dict):
            out = dict(b)
            for k, v in t.items():
                out[k] = merge(b.get(k), v, (*path, str(k))) if k in b else v
                if k not in b or not (isinstance(b[k], dict) and isinstance(v, dict)):
                    _drop_positions(positions, (*path, str(k)))
            return out
        return t

    data = merge(base.data, top.data, ())
    positions.update({k: v for k, v in top.positions.items() if k})
    positions[()] = top.positions[()]
    return Document(data, positions)


def _drop_positions(positions: Positions, prefix: tuple[str, ...]) -> None:
    for key in [k for k in positions if k[: len(prefix)] == prefix]:
        del positions[key]


# --- Value types ---------------------------------------------------------------------

def _code(value: Any) -> Any:
    """GB/T 2260 codes are six digits; YAML reads an unquoted code as an integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) != 6 or not value.isdigit():
        raise ValueError(f"{value!r} is not a GB/T 2260 code (six digits, e.g. \"330600\")")
    return value


def _series(value: Any) -> Any:
    """A number, or a mapping from year to number meaning 'from that year on'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {0: value}
    if isinstance(value, dict) and value:
        for year in value:
            if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2100:
                raise ValueError(f"year {year!r} is not a calendar year (1949-2100)")
        return value
    raise ValueError("expected a number or a mapping of year to number, e.g. {2021: 1.5}")


def _mix(mix: dict) -> dict:
    total = sum(mix.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"shares sum to {total:.6g}, not 1")
    return mix


Code = Annotated[str, BeforeValidator(_code)]
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegInt = Annotated[int, Field(ge=0)]
PositiveInt = Annotated[int, Field(gt=0)]
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Latitude = Annotated[float, Field(ge=3, le=54)]
Longitude = Annotated[float, Field(ge=73, le=136)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Source = Annotated[str, Field(min_length=3)]
Series = Annotated[dict[int, NonNeg], BeforeValidator(_series)]
CareMix = Annotated[dict[CareLevel, Probability], AfterValidator(_mix)]
AgeMix = Annotated[dict[AgeBand, Probability], AfterValidator(_mix)]
Hazards = dict[CareLevel, dict[AgeBand, NonNeg]]


def series_at(series: dict[int, float], year: int) -> float:
    """The value of a by-year step series in ``year`` (the first value before its start)."""
    keys = sorted(series)
    chosen = keys[0]
    for key in keys:
        if key <= year:
            chosen = key
    return series[chosen]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- The region file ------------------------------------------------------------------

class Place(Strict):
    code: Code
    name_zh: str = Field(min_length=1)
    name_pinyin: str = Field(min_length=1)


class County(Place):
    lat: Latitude
    lon: Longitude
    population: PositiveInt
    townships: PositiveInt = Field(description="townships and street offices (乡镇街道)")
    workstations: NonNegInt = Field(0, description="township protection workstations at the start")
    source: Source


class Prefecture(Place):
    lat: Latitude
    lon: Longitude
    province: Code | None = Field(None, description="needed only when a region spans provinces")
    source: Source
    counties: list[County] = Field(min_length=1)


class Staff(Strict):
    caregiver: NonNegInt = 0
    professional: NonNegInt = 0
    other: NonNegInt = 0


class CapacityOption(Strict):
    """A way to add beds: renovate an existing building or build a new one."""

    id: Slug
    kind: Literal["renovation", "new_build"]
    beds_added: PositiveInt
    capital_cost_yuan: NonNeg
    lead_time_days: NonNegInt
    source: Source


class Institution(Strict):
    id: Slug
    name_zh: str = Field(min_length=1)
    name_pinyin: str = Field(min_length=1)
    kind: InstitutionKind
    county: Code
    beds: NonNegInt
    staff: Staff = Staff()
    operating_cost_yuan_per_year: NonNeg
    regional: bool = Field(False, description="already raises the long-term children of its "
                                             "prefecture (区域性儿童福利机构) on the first day")
    operating_as_entity: bool = Field(True, description="a protection center that runs with its "
                                                        "own staff and site (实体化运行)")
    options: list[CapacityOption] = []
    source: Source


class CensusRow(Strict):
    age: AgeBand
    care: CareLevel
    kind: GuardianshipKind
    n: NonNegInt
    placement: Literal["residential", "foster"] = "residential"
    schooling: bool | None = Field(None, description="in school; derived from age when omitted")


class Census(Strict):
    """The children in each institution on the first day of the horizon."""

    as_of: date
    source: Source
    children: dict[Slug, list[CensusRow]]


class ArrivalRates(Strict):
    """Expected arrivals per year (Poisson means) of each kind in one county."""

    infant: Series = Field(description="newly found infants, children per year")
    long_term: Series = Field(description="other long-term guardianship cases, per year")
    temporary: Series = Field(description="temporary guardianship cases, per year")


class Demand(Strict):
    source: Source
    arrivals: dict[Code, ArrivalRates]
    care_mix: dict[Literal["long_term", "temporary"], CareMix]
    age_mix: dict[Literal["long_term", "temporary"], AgeMix]
    night_or_emergency_share: Probability = Field(
        description="share of found infants first cared for by the county at night or in an "
                    "emergency")


class IntakeProcess(Strict):
    """Durations in days of an infant's intake steps; the announcement period is a rule."""

    steps_days: dict[TimedIntakeStep, NonNeg]
    parent_found_probability: Probability
    emergency_stay_days: NonNeg
    source: Source


class TemporaryProcess(Strict):
    mean_stay_days: Positive
    min_stay_days: NonNeg
    max_stay_days: Positive
    to_long_term_share: Probability
    source: Source


class ExitProcess(Strict):
    """Yearly hazards of leaving care (or residential care), by care level and age band."""

    adoption_per_year: Hazards
    foster_per_year: Hazards
    foster_return_per_year: NonNeg
    death_per_year: dict[CareLevel, NonNeg]
    source: Source


class CareProcess(Strict):
    full_care_until_age: NonNegInt = Field(description="infants need full care until this age")
    mix_after_infancy: CareMix
    source: Source


class TransferProcess(Strict):
    """The county-to-city transfer campaign: step durations and each county team's size."""

    steps_days: dict[TransferStep, NonNeg]
    team_capacity: PositiveInt = Field(description="children a county team works on at once")
    source: Source


class StaffingProcess(Strict):
    recruitment_days: NonNeg
    background_check_days: NonNeg
    attrition_per_year: NonNeg
    attrition_per_year_in_transition: NonNeg
    redeploy_share: Probability = Field(
        description="share of a transforming county home's caregivers willing to move")
    source: Source


class Process(Strict):
    intake: IntakeProcess
    temporary: TemporaryProcess
    exits: ExitProcess
    care: CareProcess
    transfer: TransferProcess
    staffing: StaffingProcess


class Costs(Strict):
    wages_yuan_per_year: dict[StaffRole, Series]
    hiring_cost_yuan: NonNeg
    redeployment_cost_yuan: NonNeg
    layoff_cost_yuan: NonNeg
    transport_yuan_per_child_km: NonNeg
    transfer_admin_yuan_per_child: NonNeg
    road_factor: Annotated[float, Field(ge=1, le=3)] = Field(
        description="road distance over straight-line distance")
    protection_center_yuan_per_year: NonNeg
    workstation_yuan_per_year: NonNeg
    discount_rate: Annotated[float, Field(ge=0, lt=1)]
    source: Source


class Region(Strict):
    id: Slug
    name_zh: str
    name_pinyin: str
    provinces: list[Place] = Field(min_length=1)
    prefectures: list[Prefecture] = Field(min_length=1)
    institutions: list[Institution] = Field(min_length=1)
    census: Census
    demand: Demand
    process: Process
    costs: Costs

    def counties(self) -> Iterator[tuple[Prefecture, County]]:
        for prefecture in self.prefectures:
            for county in prefecture.counties:
                yield prefecture, county

    def county(self, code: str) -> County:
        return next(c for _, c in self.counties() if c.code == code)

    def prefecture_of(self, county_code: str) -> Prefecture:
        return next(p for p, c in self.counties() if c.code == county_code)

    def institution(self, institution_id: str) -> Institution:
        return next(i for i in self.institutions if i.id == institution_id)

    def province_of(self, prefecture: Prefecture) -> Place:
        code = prefecture.province or self.provinces[0].code
        return next(p for p in self.provinces if p.code == code)

    def places(self) -> dict[str, Place]:
        """Every place of the region by code: provinces, prefectures and counties."""
        out: dict[str, Place] = {p.code: p for p in self.provinces}
        for prefecture in self.prefectures:
            out[prefecture.code] = prefecture
            out.update({c.code: c for c in prefecture.counties})
        return out

    def lineage(self, code: str) -> list[str]:
        """The codes that govern a place, most specific first, ending with the nation."""
        for prefecture in self.prefectures:
            province = self.province_of(prefecture).code
            if code == prefecture.code:
                return [code, province, NATIONAL_CODE]
            if any(c.code == code for c in prefecture.counties):
                return [code, prefecture.code, province, NATIONAL_CODE]
        return [code, NATIONAL_CODE] if code != NATIONAL_CODE else [code]


# --- The scenario file ----------------------------------------------------------------

class DatedValue(Strict):
    """A what-if value of a rule, from a date on (optionally only at one place)."""

    value: Any
    effective: date
    place: Code | None = None
    due: date | None = None


class Adoption(Strict):
    """Take rules from another jurisdiction's document where this region's are silent."""

    keys: list[str] = Field(min_length=1, description="rule keys or key prefixes ending in .*")
    from_: str = Field(alias="from")
    effective: date | None = Field(None, description="apply from this date rather than from "
                                                     "the date the other document took effect")
    reason: str = Field(min_length=3)


class Assumption(Strict):
    """A value of a rule key that no document gives for this region, with its source."""

    value: Any
    effective: date
    jurisdiction: Code | None = None
    due: date | None = None
    source: Source


class Horizon(Strict):
    start: date
    end: date


class RunSettings(Strict):
    replications: PositiveInt = 20
    seed: NonNegInt = 0
    workers: PositiveInt | None = Field(None, description="worker processes; default all cores")


class OptimizerSettings(Strict):
    time_limit_s: Positive = 60.0
    relative_gap: Annotated[float, Field(gt=0, lt=0.5)] = 1e-6
    workers: PositiveInt = 2
    seed: NonNegInt = 0
    travel_weight: NonNeg = Field(1.0, description="weight of child-km in yuan-equivalent terms")
    budget_cap_yuan: NonNeg | None = None


class ServiceLevels(Strict):
    ratio_compliance_days: Probability | None = None
    transfer_deadline_probability: Probability | None = None


class ScenarioFile(Strict):
    """What a scenario YAML file holds once ``base:`` overlays are resolved."""

    name: str = Field(min_length=1)
    description: str = ""
    base: str | None = None
    region: str
    rulebooks: list[str] = Field(min_length=1)
    adopt: list[Adoption] = []
    assume: dict[str, list[Assumption]] = {}
    overrides: dict[str, list[DatedValue]] = {}
    horizon: Horizon
    run: RunSettings = RunSettings()
    optimizer: OptimizerSettings = OptimizerSettings()
    service_levels: ServiceLevels = ServiceLevels()
    robust: bool = False


class Scenario(Strict):
    """A validated scenario with its region loaded and its rulebooks located."""

    name: str
    description: str
    path: Path
    region_path: Path
    region: Region
    rulebooks: dict[str, Path]
    adopt: list[Adoption]
    assume: dict[str, list[Assumption]]
    overrides: dict[str, list[DatedValue]]
    horizon: Horizon
    run: RunSettings
    optimizer: OptimizerSettings
    service_levels: ServiceLevels
    robust: bool
    content_hash: str
    positions: dict[str, tuple[str, int]] = Field(default_factory=dict, repr=False)

    def where(self, dotted: str) -> tuple[str, int]:
        """File and line of a scenario key path, for messages about it."""
        key = dotted
        while key and key not in self.positions:
            key = key.rpartition(".")[0]
        return self.positions.get(key, (str(self.path), 0))


# --- Loading -------------------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parent.parent / "scenarios"


def load(path: str | Path) -> Scenario:
    """Read, overlay, validate and cross-check a scenario file and the region it names."""
    path = Path(path)
    doc = _read_with_bases(path, ())
    spec = validate(ScenarioFile, doc)
    problems = list(_check_scenario(spec, doc, path))
    region_file, _ = doc.positions.get(("region",), (str(path), 0))
    region_path = Path(region_file).parent / spec.region
    region_doc: Document | None = None
    try:
        region_doc = read_yaml(region_path)
        region = load_region_document(region_doc)
    except InputError as exc:
        file, line, _ = doc.where(("region",))
        if not region_path.exists():
            raise InputError([*problems, Problem(file, line, "region",
                                                 f"region file {spec.region!r} not found",
                                                 f"a path relative to {file}")]) from None
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
    return load_region_document(read_yaml(Path(path)))


def load_region_document(doc: Document) -> Region:
    region = validate(Region, doc)
    problems = list(_check_region(region, doc))
    if problems:
        raise InputError(problems)
    return region


def available_rulebooks(scenario_path: Path) -> dict[str, Path]:
    """Rulebooks a scenario can name: ``policies/`` beside it, then the bundled ones."""
    found: dict[str, Path] = {}
    for folder in (BUNDLED / "policies", scenario_path.parent / "policies"):
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found


def _read_with_bases(path: Path, chain: tuple[Path, ...]) -> Document:
    doc = read_yaml(path)
    if not isinstance(doc.data, dict) or doc.data.get("base") is None:
        return doc
    base = doc.data["base"]
    file, line, _ = doc.where(("base",))
    if not isinstance(base, str):
        raise InputError([Problem(file, line, "base", "expected a file name",
                                  "a path relative to this file")])
    base_path = path.parent / base
    if base_path.resolve() in chain or base_path.resolve() == path.resolve():
        names = " -> ".join(str(p) for p in (*chain, path.resolve(), base_path.resolve()))
        raise InputError([Problem(file, line, "base", f"base files form a cycle: {names}",
                                  "a chain of bases that ends")])
    if not base_path.is_file():
        raise InputError([Problem(file, line, "base", f"base file {base!r} not found",
                                  f"a path relative to {path.parent}")])
    merged = overlay(_read_with_bases(base_path, (*chain, path.resolve())), doc)
    merged.data.pop("base", None)
    return merged


def validate(model: type[BaseModel], doc: Document) -> Any:
    """Validate plain data against a model, turning pydantic's errors into Problems."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(_problems_from(exc, doc, model)) from None


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for err in exc.errors(include_url=False):
        if err["type"] == "none_required":
            continue
        keys, is_key_error = _data_keys(doc.data, err["loc"], err["type"])
        file, line, _ = doc.where(tuple(keys))
        dotted = ".".join(str(k) for k in keys)
        message, allowed = _describe(err, model, keys, is_key_error)
        problems.setdefault(dotted, Problem(file, line, dotted, message, allowed))
    return list(problems.values())


def _data_keys(data: Any, loc: tuple, kind: str) -> tuple[list, bool]:
    """The part of a pydantic location that names real keys of the data."""
    keys: list = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]":
            return keys, True
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and str(part) in map(str, node):
            node = next(v for k, v in node.items() if str(k) == str(part))
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif kind == "missing" and i == len(loc) - 1:
            pass
        else:
            continue
        keys.append(part)
    return keys, False


_KINDS = {"int": "an integer", "float": "a number", "bool": "true or false", "string": "text",
          "date": "a date (YYYY-MM-DD)", "list": "a list", "dict": "a mapping",
          "model": "a mapping"}


def _describe(err: dict, model: type[BaseModel], keys: list, is_key: bool) -> tuple[str, str]:
    kind, ctx, got = err["type"], err.get("ctx", {}), err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    if is_key:
        return f"key {keys[-1]!r} is not allowed", f"one of {ctx.get('expected', '?')}"
    if kind == "missing":
        return "required key is missing", ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, keys[:-1])
        close = difflib.get_close_matches(str(keys[-1]), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown key{hint}", "allowed: " + ", ".join(allowed)
    bounds = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=",
              "less_than": "<"}
    if kind in bounds:
        limit = next(iter(ctx.values()))
        return f"{shown} is out of range", f"must be {bounds[kind]} {limit}"
    if kind == "literal_error":
        return f"{shown} is not allowed", f"one of {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), ""
    if kind == "string_pattern_mismatch":
        return f"{shown} is not a valid identifier", "lower-case letters, digits, - and _"
    if kind == "too_short":
        return "must not be empty", f"at least {ctx.get('min_length', 1)} item(s)"
    if kind == "finite_number":
        return f"{shown} is not a finite number", "a finite number"
    prefix = kind.split("_")[0]
    if prefix in _KINDS and kind.endswith(("_type", "_parsing")):
        return f"expected {_KINDS[prefix]}, got {shown}", ""
    return f"{err['msg']} (got {shown})", ""


def _allowed_keys(model: Any, keys: list) -> list[str]:
    """Field names accepted at a key path, found by walking the model's annotations."""
    kind = model
    for key in keys:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(key)) or next(
                (f for f in kind.model_fields.values() if f.alias == key), None)
            kind = field.annotation if field else None
        elif getattr(kind, "__origin__", None) in (list, dict):
            kind = kind.__args__[-1]
        else:
            return []
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [f.alias or name for name, f in kind.model_fields.items()]
    return []


def _unwrap(kind: Any) -> Any:
    """Strip Annotated[...] and Optional[...] around a type."""
    while True:
        args = getattr(kind, "__args__", ())
        if getattr(kind, "__metadata__", None) is not None:
            kind = kind.__origin__
        elif args and type(None) in args:
            kind = next(a for a in args if a is not type(None))
        else:
            return kind


# --- Cross-checks that a schema alone cannot express ---------------------------------

def _at(doc: Document, keys: tuple, message: str, allowed: str = "") -> Problem:
    file, line, _ = doc.where(keys)
    return Problem(file, line, ".".join(str(k) for k in keys), message, allowed)


def _check_region(region: Region, doc: Document) -> Iterator[Problem]:
    yield from _check_codes(region, doc)
    counties = {c.code for _, c in region.counties()}
    ids = [i.id for i in region.institutions]
    for n, inst in enumerate(region.institutions):
        if ids.count(inst.id) > 1:
            yield _at(doc, ("institutions", n, "id"), f"duplicate institution id {inst.id!r}")
        if inst.county not in counties:
            yield _at(doc, ("institutions", n, "county"),
                      f"county {inst.county!r} is not a county of this region",
                      "one of " + ", ".join(sorted(counties)))
    for inst_id, rows in region.census.children.items():
        if inst_id not in ids:
            yield _at(doc, ("census", "children", inst_id),
                      f"institution {inst_id!r} does not exist", "one of " + ", ".join(ids))
        elif region.institution(inst_id).kind == "candidate_site" and any(r.n for r in rows):
            yield _at(doc, ("census", "children", inst_id),
                      "a candidate site holds no children on the first day")
    yield from _check_demand(region, doc, counties)
    yield from _check_process(region, doc)


def _check_codes(region: Region, doc: Document) -> Iterator[Problem]:
    provinces = [p.code for p in region.provinces]
    for n, code in enumerate(provinces):
        if not code.endswith("0000") or code == NATIONAL_CODE:
            yield _at(doc, ("provinces", n, "code"), f"{code} is not a province code",
                      "six digits ending in 0000")
    seen: set[str] = set()
    for p, prefecture in enumerate(region.prefectures):
        if prefecture.province is None and len(provinces) > 1:
            yield _at(doc, ("prefectures", p), "say which province this prefecture is in",
                      "province: one of " + ", ".join(provinces))
            continue
        if prefecture.province is not None and prefecture.province not in provinces:
            yield _at(doc, ("prefectures", p, "province"),
                      f"province {prefecture.province} is not listed under provinces",
                      "one of " + ", ".join(provinces))
            continue
        province = region.province_of(prefecture).code
        code = prefecture.code
        if code[:2] != province[:2] or not code.endswith("00") or code == province:
            yield _at(doc, ("prefectures", p, "code"),
                      f"{code} is not a prefecture of province {province}",
                      f"{province[:2]}xx00")
        for c, county in enumerate(prefecture.counties):
            if county.code[:4] != code[:4] or county.code.endswith("00"):
                yield _at(doc, ("prefectures", p, "counties", c, "code"),
                          f"{county.code} is not a county of prefecture {code}",
                          f"{code[:4]}xx")
            if county.code in seen:
                yield _at(doc, ("prefectures", p, "counties", c, "code"),
                          f"duplicate county code {county.code}")
            seen.add(county.code)


def _check_demand(region: Region, doc: Document, counties: set[str]) -> Iterator[Problem]:
    for code in region.demand.arrivals:
        if code not in counties:
            yield _at(doc, ("demand", "arrivals", code), f"county {code!r} is not in this region",
                      "one of " + ", ".join(sorted(counties)))
    for code in sorted(counties - set(region.demand.arrivals)):
        yield _at(doc, ("demand", "arrivals"), f"county {code} has no arrival rates",
                  "one entry per county")
    for kind in ("long_term", "temporary"):
        for block in ("care_mix", "age_mix"):
            if kind not in getattr(region.demand, block):
                yield _at(doc, ("demand", block), f"no {block} for {kind} arrivals",
                          "long_term and temporary")


def _complete(doc: Document, keys: tuple, given: dict, wanted: tuple) -> Iterator[Problem]:
    missing = [w for w in wanted if w not in given]
    if missing:
        yield _at(doc, keys, "missing " + ", ".join(missing), "one value for each")


def _check_process(region: Region, doc: Document) -> Iterator[Problem]:
    pr = region.process
    timed = tuple(s for s in INTAKE_STEPS if s != "search_announcement")
    yield from _complete(doc, ("process", "intake", "steps_days"), pr.intake.steps_days, timed)
    yield from _complete(doc, ("process", "transfer", "steps_days"), pr.transfer.steps_days,
                         TRANSFER_STEPS)
    yield from _complete(doc, ("costs", "wages_yuan_per_year"), region.costs.wages_yuan_per_year,
                         STAFF_ROLES)
    yield from _complete(doc, ("process", "exits", "death_per_year"), pr.exits.death_per_year,
                         CARE_LEVELS)
    for name in ("adoption_per_year", "foster_per_year"):
        table = getattr(pr.exits, name)
        yield from _complete(doc, ("process", "exits", name), table, CARE_LEVELS)
        for care, bands in table.items():
            yield from _complete(doc, ("process", "exits", name, care), bands, AGE_BANDS)
    t = pr.temporary
    if not t.min_stay_days <= t.mean_stay_days <= t.max_stay_days:
        yield _at(doc, ("process", "temporary", "mean_stay_days"),
                  f"mean stay {t.mean_stay_days} is outside [{t.min_stay_days}, "
                  f"{t.max_stay_days}]", "min_stay_days <= mean_stay_days <= max_stay_days")


def _check_scenario(spec: ScenarioFile, doc: Document, path: Path) -> Iterator[Problem]:
    if spec.horizon.end <= spec.horizon.start:
        yield _at(doc, ("horizon", "end"),
                  f"end {spec.horizon.end} is not after start {spec.horizon.start}",
                  "end later than start")
    available = available_rulebooks(path)
    for n, adoption in enumerate(spec.adopt):
        if adoption.from_ not in available:
            yield _at(doc, ("adopt", n, "from"), f"rulebook {adoption.from_!r} does not exist",
                      "one of " + ", ".join(available))
    for key in [*spec.overrides, *spec.assume]:
        parts = key.split(".")
        if len(parts) < 2 or not all(p.replace("_", "").isalnum() for p in parts):
            block = "overrides" if key in spec.overrides else "assume"
            yield _at(doc, (block, key), f"{key!r} is not a dotted rule key",
                      "e.g. staffing.caregiver_ratio.self_care")


def _check_against_region(spec: ScenarioFile, doc: Document, region: Region) -> list[Problem]:
    problems = []
    places = region.places() | {NATIONAL_CODE: None}
    for block, table, field in (("overrides", spec.overrides, "place"),
                                ("assume", spec.assume, "jurisdiction")):
        for key, values in table.items():
            for n, value in enumerate(values):
                code = getattr(value, field)
                if code is not None and code not in places:
                    problems.append(_at(doc, (block, key, n, field),
                                        f"place {code} is not in region {region.id}",
                                        "one of " + ", ".join(sorted(places))))
    if region.census.as_of > spec.horizon.start:
        problems.append(_at(doc, ("horizon", "start"),
                            f"the census is dated {region.census.as_of}, after the start",
                            "a start on or after the census date"))
    return problems


def _locate_rulebooks(spec: ScenarioFile, doc: Document, path: Path,
                      problems: list[Problem]) -> dict[str, Path]:
    available = available_rulebooks(path)
    found: dict[str, Path] = {}
    for n, name in enumerate(spec.rulebooks):
        if name in found:
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} is listed twice"))
        elif name not in available:
            close = difflib.get_close_matches(name, available, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(_at(doc, ("rulebooks", n), f"rulebook {name!r} does not exist{hint}",
                                "one of " + (", ".join(available) or "none: no policies/ folder")))
        else:
            found[name] = available[name]
    for adoption in spec.adopt:
        if adoption.from_ in available:
            found.setdefault(adoption.from_, available[adoption.from_])
    return found


def _content_hash(spec: ScenarioFile, region: Region, rulebooks: dict[str, Path]) -> str:
    """A digest of everything that determines a run's numbers."""
    payload = {
        "scenario": spec.model_dump(mode="json", by_alias=True, exclude={"base", "region"}),
        "region": region.model_dump(mode="json"),
        "rulebooks": {k: hashlib.sha256(p.read_bytes()).hexdigest()
                      for k, p in sorted(rulebooks.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
