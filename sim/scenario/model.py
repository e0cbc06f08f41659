"""What scenario and region files hold: the vocabulary, value types and frozen models.

Each model validates one block of a file at the boundary; unknown keys are errors. Every
value that no policy document gives carries a ``source:`` saying where it comes from.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from sim.scenario.ranges import RANGES_DESCRIPTION, SpreadValue

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
MAX_ALIAS_VALUES = 100_000    # values reached again through aliases (*name)
MAX_BASES = 20                # scenario files in one chain of base: overlays
MAX_HORIZON_YEARS = 50


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
# Upper limits catch a slip of the keyboard (three zeros too many) before it makes a run
# last for days; each is far above anything a real prefecture holds.
Count = Annotated[int, Field(ge=0, le=10_000)]            # beds, staff, children, ...
PositiveCount = Annotated[int, Field(gt=0, le=10_000)]
# residents of one county, or of a whole province standing as one aggregate unit in a
# coarse region (the national backtest's)
Population = Annotated[int, Field(gt=0, le=200_000_000)]
Days = Annotated[int, Field(ge=0, le=3650)]
Seed = Annotated[int, Field(ge=0, lt=2**63)]
Age = Annotated[int, Field(ge=0, le=18)]
Workers = Annotated[int, Field(gt=0, le=1024)]
Rate = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]  # children per year
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Latitude = Annotated[float, Field(ge=3, le=54)]
Longitude = Annotated[float, Field(ge=73, le=136)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Source = Annotated[str, Field(min_length=3)]
Series = Annotated[dict[int, NonNeg], BeforeValidator(_series)]
RateSeries = Annotated[dict[int, Rate], BeforeValidator(_series)]
CareMix = Annotated[dict[CareLevel, Probability], AfterValidator(_mix)]
AgeMix = Annotated[dict[AgeBand, Probability], AfterValidator(_mix)]
Hazards = dict[CareLevel, dict[AgeBand, NonNeg]]
Ranges = dict[str, SpreadValue]


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
    population: Population
    townships: PositiveCount = Field(description="townships and street offices (乡镇街道)")
    workstations: Count = Field(0, description="township protection workstations at the start")
    source: Source


class Prefecture(Place):
    lat: Latitude
    lon: Longitude
    province: Code | None = Field(None, description="needed only when a region spans provinces")
    source: Source
    counties: list[County] = Field(min_length=1)


class Staff(Strict):
    caregiver: Count = 0
    professional: Count = 0
    other: Count = 0


class CapacityOption(Strict):
    """A way to add beds: renovate an existing building or build a new one."""

    id: Slug
    kind: Literal["renovation", "new_build"]
    beds_added: PositiveCount
    capital_cost_yuan: NonNeg
    lead_time_days: Days
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class Institution(Strict):
    id: Slug
    name_zh: str = Field(min_length=1)
    name_pinyin: str = Field(min_length=1)
    kind: InstitutionKind
    county: Code
    beds: Count
    staff: Staff = Staff()
    operating_cost_yuan_per_year: NonNeg
    regional: bool = Field(False, description="already raises the long-term children of its "
                                             "prefecture (区域性儿童福利机构) on the first day")
    operating_as_entity: bool = Field(True, description="a protection center that runs with its "
                                                        "own staff and site (实体化运行)")
    options: list[CapacityOption] = []
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class CensusRow(Strict):
    age: AgeBand
    care: CareLevel
    kind: GuardianshipKind
    n: Count
    placement: Literal["residential", "foster"] = "residential"
    schooling: bool | None = Field(None, description="in school; derived from age when omitted")


class Census(Strict):
    """The children in each institution on the first day of the horizon."""

    as_of: date
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)
    children: dict[Slug, list[CensusRow]]


class ArrivalRates(Strict):
    """Expected arrivals per year (Poisson means) of each kind in one county."""

    infant: RateSeries = Field(description="newly found infants, children per year (those "
                                           "whose parents are found leave during the intake)")
    long_term: RateSeries = Field(
        description="children entering long-term guardianship per year other than found "
                    "infants; whether temporary cases that turn long-term are part of this "
                    "count is stated by demand.conversions")
    temporary: RateSeries = Field(description="temporary guardianship cases, per year")


class Demand(Strict):
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)
    arrivals: dict[Code, ArrivalRates]
    conversions: Literal["included", "separate"] = Field(
        "included",
        description="how the long_term rate counts temporary cases that turn long-term "
                    "(process.temporary.to_long_term_share): included - they are part of "
                    "long_term, so direct long-term cases arrive at long_term minus the "
                    "expected conversions; separate - they come on top of long_term")
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
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class TemporaryProcess(Strict):
    mean_stay_days: Positive
    min_stay_days: NonNeg
    max_stay_days: Positive
    to_long_term_share: Probability
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class ExitProcess(Strict):
    """Yearly hazards of leaving care (or residential care), by care level and age band."""

    adoption_per_year: Hazards
    foster_per_year: Hazards
    foster_return_per_year: NonNeg
    death_per_year: dict[CareLevel, NonNeg]
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class CareProcess(Strict):
    full_care_until_age: Age = Field(description="infants need full care until this age")
    mix_after_infancy: CareMix
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class TransferProcess(Strict):
    """The county-to-city transfer campaign: step durations and each county team's size."""

    steps_days: dict[TransferStep, NonNeg]
    team_capacity: PositiveCount = Field(description="children a county team works on at once")
    duration_cv: Annotated[float, Field(ge=0, le=2)] = Field(
        description="spread of each step's duration: standard deviation over mean")
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class StaffingProcess(Strict):
    recruitment_days: NonNeg
    background_check_days: NonNeg
    attrition_per_year: NonNeg
    attrition_per_year_in_transition: NonNeg
    redeploy_share: Probability = Field(
        description="share of a transforming county home's caregivers willing to move")
    round_the_clock_caregivers: Annotated[int, Field(ge=0, le=50)] = Field(
        description="caregivers on roll that one post staffed day and night takes, where the "
                    "rules require round-the-clock duty")
    source: Source
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


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
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


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
    observed: list[Observation] = Field(
        default_factory=list,
        description="observed yearly counts (children in care, long-term admissions, exits) "
                    "with their sources, for cwplan backtest; one row per place, series and "
                    "year")

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
    replications: Annotated[int, Field(gt=0, le=100_000)] = 20
    seed: Seed = 0
    workers: Workers | None = Field(None, description="worker processes; default all cores")


class OptimizerSettings(Strict):
    time_limit_s: Positive = 60.0
    relative_gap: Annotated[float, Field(gt=0, lt=0.5)] = 1e-6
    workers: Workers = 2
    seed: Seed = 0
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


# The observed history's rows use this module's value types; imported last, then the models
# that hold them are completed.
from sim.scenario.observed import Observation  # noqa: E402

Region.model_rebuild()
Scenario.model_rebuild()
