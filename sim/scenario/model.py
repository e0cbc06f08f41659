"""What scenario and region files hold: the vocabulary, value types and frozen models.

Each model validates one block of a file at the boundary; unknown keys are errors. Every
value that no policy document gives carries a ``source:`` saying where it comes from.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from sim.scenario.lookup import Index, found
from sim.scenario.ranges import RANGES_DESCRIPTION, RuleSpreadValue, SpreadValue

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
MIN_REPLICATIONS = 2          # an interval needs two; the same limits hold for the options
MAX_REPLICATIONS = 100_000
MAX_SEED = 2**63 - 1
MAX_WORKERS = 1024
FIRST_YEAR, LAST_YEAR = 1949, 2100   # calendar years a date of a rule or a plan may fall in


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
            if not isinstance(year, int) or isinstance(year, bool) or \
                    not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError(f"year {year!r} is not a calendar year "
                                 f"({FIRST_YEAR}-{LAST_YEAR})")
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
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]
Age = Annotated[int, Field(ge=0, le=18)]
Workers = Annotated[int, Field(gt=0, le=MAX_WORKERS)]
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
    # the docstring under a field is its description, in English then Chinese (a line each)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              use_attribute_docstrings=True)


# --- The region file ------------------------------------------------------------------

class Place(Strict):
    code: Code
    """GB/T 2260 code, six digits in quotes
    行政区划代码（GB/T 2260，六位，加引号）"""
    name_zh: str = Field(min_length=1)
    """name in Chinese
    中文名"""
    name_pinyin: str = Field(min_length=1)
    """name in pinyin
    拼音名"""


class County(Place):
    lat: Latitude
    """latitude of the county seat, degrees north
    县政府驻地纬度（北纬，度）"""
    lon: Longitude
    """longitude of the county seat, degrees east
    县政府驻地经度（东经，度）"""
    population: Population
    """residents of the county
    常住人口"""
    townships: PositiveCount = Field(description="townships and street offices (乡镇街道)"
                                             "\n乡镇（街道）数")
    workstations: Count = Field(0, description="township protection workstations at the start"
                                               "\n首日乡镇未成年人保护工作站数")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class Prefecture(Place):
    lat: Latitude
    """latitude of the city seat, degrees north
    市政府驻地纬度（北纬，度）"""
    lon: Longitude
    """longitude of the city seat, degrees east
    市政府驻地经度（东经，度）"""
    province: Code | None = Field(None, description="needed only when a region spans provinces"
                                                    "\n所属省份，仅在区域跨省时需要")
    source: Source
    """where the figures come from
    数据来源"""
    counties: list[County] = Field(min_length=1)
    """county-level divisions of the city
    下辖县级行政区"""


class Staff(Strict):
    caregiver: Count = 0
    """front-line caregivers
    护理员"""
    professional: Count = 0
    """teachers, doctors, nurses, social workers, psychologists, therapists
    专业技术人员（教师、医生、护士、社工、心理和康复人员）"""
    other: Count = 0
    """other staff
    其他人员"""


class CapacityOption(Strict):
    """A way to add beds: renovate an existing building or build a new one."""

    id: Slug
    """short id of the option
    方案编号"""
    kind: Literal["renovation", "new_build"]
    """renovation or new build
    改造或新建"""
    beds_added: PositiveCount
    """beds the option adds
    新增床位数"""
    capital_cost_yuan: NonNeg
    """capital cost, yuan
    投资（元）"""
    lead_time_days: Days
    """days from the decision until the beds are ready
    从决定到床位可用的天数"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class Institution(Strict):
    id: Slug
    """short id used in plans and tables
    机构编号（用于方案和表格）"""
    name_zh: str = Field(min_length=1)
    """name in Chinese
    机构中文名"""
    name_pinyin: str = Field(min_length=1)
    """name in pinyin
    机构拼音名"""
    kind: InstitutionKind
    """what the institution is on the first day
    首日机构类型"""
    county: Code
    """code of the county it lies in
    所在县级行政区代码"""
    beds: Count
    """beds on the first day
    首日床位数"""
    staff: Staff = Staff()
    """staff on roll on the first day, by role
    首日在编人员（按岗位）"""
    operating_cost_yuan_per_year: NonNeg
    """running cost besides wages, yuan per year
    除工资外的年运行费用（元）"""
    regional: bool = Field(False, description="already raises the long-term children of its "
                                             "prefecture (区域性儿童福利机构) on the first day"
                                             "\n首日已集中养育本市长期监护儿童（区域性儿童福利机构）")
    operating_as_entity: bool = Field(True, description="a protection center that runs with its "
                                                        "own staff and site (实体化运行)"
                                                        "\n未成年人救助保护机构有独立人员和场所（实体化运行）")
    options: list[CapacityOption] = []
    """ways to add beds here: renovation or new build
    增加床位的方案：改造或新建"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class CensusRow(Strict):
    age: AgeBand
    """age band in years
    年龄段（岁）"""
    care: CareLevel
    """care level
    生活自理程度"""
    kind: GuardianshipKind
    """guardianship: long-term, temporary or awaiting admission
    监护类型：长期、临时或待收留"""
    n: Count
    """number of children
    儿童人数"""
    placement: Literal["residential", "foster"] = "residential"
    """in the institution or in family foster care
    院内养育或家庭寄养"""
    schooling: bool | None = Field(None, description="in school; derived from age when omitted"
                                                     "\n是否在校；省略时按年龄推断")


class Census(Strict):
    """The children in each institution on the first day of the horizon."""

    as_of: date
    """the day the census counts
    统计日期"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)
    children: dict[Slug, list[CensusRow]]
    """rows of children by institution id
    按机构编号列出的在院儿童"""


class ArrivalRates(Strict):
    """Expected arrivals per year (Poisson means) of each kind in one county."""

    infant: RateSeries = Field(description="newly found infants, children per year (those "
                                           "whose parents are found leave during the intake)"
                                           "\n新发现婴儿，每年人数（公告期内找到父母的婴儿在收留中离开）")
    long_term: RateSeries = Field(
        description="children entering long-term guardianship per year other than found "
                    "infants; whether temporary cases that turn long-term are part of this "
                    "count is stated by demand.conversions"
                    "\n除新发现婴儿外每年进入长期监护的儿童；是否包含临时监护转长期者见 "
                    "demand.conversions")
    temporary: RateSeries = Field(description="temporary guardianship cases, per year"
                                              "\n临时监护儿童，每年人数")


class Demand(Strict):
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)
    arrivals: dict[Code, ArrivalRates]
    """expected arrivals per year, by county code
    各县每年预计新增儿童（按县代码）"""
    conversions: Literal["included", "separate"] = Field(
        "included",
        description="how the long_term rate counts temporary cases that turn long-term "
                    "(process.temporary.to_long_term_share): included - they are part of "
                    "long_term, so direct long-term cases arrive at long_term minus the "
                    "expected conversions; separate - they come on top of long_term"
                    "\n长期监护数是否包含临时监护转长期者：included 包含（直接长期监护数为"
                    "长期数减预计转化数）；separate 另计（在长期数之外）")
    care_mix: dict[Literal["long_term", "temporary"], CareMix]
    """shares of care levels among arrivals, summing to 1
    新增儿童的自理程度构成（合计为1）"""
    age_mix: dict[Literal["long_term", "temporary"], AgeMix]
    """shares of age bands among arrivals, summing to 1
    新增儿童的年龄构成（合计为1）"""
    night_or_emergency_share: Probability = Field(
        description="share of found infants first cared for by the county at night or in an "
                    "emergency\n夜间或紧急情况下先由县级临时照料的婴儿比例")


class IntakeProcess(Strict):
    """Durations in days of an infant's intake steps; the announcement period is a rule."""

    steps_days: dict[TimedIntakeStep, NonNeg]
    """days each intake step takes
    收留各环节所需天数"""
    parent_found_probability: Probability
    """chance that a parent is found during the announcement
    公告期内找到父母的概率"""
    emergency_stay_days: NonNeg
    """days a county cares for an infant in an emergency
    县级应急临时照料天数"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class TemporaryProcess(Strict):
    mean_stay_days: Positive
    """mean days of a temporary stay
    临时监护平均天数"""
    min_stay_days: NonNeg
    """shortest temporary stay, days
    临时监护最短天数"""
    max_stay_days: Positive
    """longest temporary stay, days
    临时监护最长天数"""
    to_long_term_share: Probability
    """share of temporary cases that become long-term
    临时监护转为长期监护的比例"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class ExitProcess(Strict):
    """Yearly hazards of leaving care (or residential care), by care level and age band."""

    adoption_per_year: Hazards
    """yearly adoption hazard by care level and age band
    按自理程度和年龄段的年收养率"""
    foster_per_year: Hazards
    """yearly hazard of moving to family foster care
    转入家庭寄养的年概率"""
    foster_return_per_year: NonNeg
    """yearly hazard of a foster child returning
    寄养儿童回院的年概率"""
    death_per_year: dict[CareLevel, NonNeg]
    """yearly death hazard by care level
    按自理程度的年死亡率"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class CareProcess(Strict):
    full_care_until_age: Age = Field(description="infants need full care until this age"
                                                 "\n婴儿在此年龄前需要全护理")
    mix_after_infancy: CareMix
    """care levels of children after infancy, summing to 1
    婴儿期后的自理程度构成（合计为1）"""
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class TransferProcess(Strict):
    """The county-to-city transfer campaign: step durations and each county team's size."""

    steps_days: dict[TransferStep, NonNeg]
    """days each transfer step takes
    移交各环节所需天数"""
    team_capacity: PositiveCount = Field(description="children a county team works on at once"
                                                     "\n县移交工作组同时办理的儿童人数")
    duration_cv: Annotated[float, Field(ge=0, le=2)] = Field(
        description="spread of each step's duration: standard deviation over mean"
                    "\n各环节用时的离散程度：标准差与均值之比")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class StaffingProcess(Strict):
    recruitment_days: NonNeg
    """days to recruit a caregiver
    招聘护理员所需天数"""
    background_check_days: NonNeg
    """days of the background check before a hire starts
    入职前背景审查天数"""
    attrition_per_year: NonNeg
    """share of staff leaving per year
    年人员流失率"""
    attrition_per_year_in_transition: NonNeg
    """share leaving per year at a home being transformed
    转型机构的年人员流失率"""
    redeploy_share: Probability = Field(
        description="share of a transforming county home's caregivers willing to move"
                    "\n转型县级机构中愿意转岗的护理员比例")
    round_the_clock_caregivers: Annotated[int, Field(ge=0, le=50)] = Field(
        description="caregivers on roll that one post staffed day and night takes, where the "
                    "rules require round-the-clock duty"
                    "\n规则要求24小时值守时，一个昼夜岗位所需在编护理员数")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class RuleWork(Strict):
    """Hours that the work the rules create takes: visits, assessments, training."""

    foster_visit_hours: NonNeg = Field(description="an institution's on-site visit to a "
                                                   "child in a foster family, travel included"
                                                   "\n机构上门探访一名寄养儿童的工时（含路程）")
    assessment_hours: NonNeg = Field(description="staff hours of one assessment for return "
                                                 "to society before 18, with its plan"
                                                 "\n成年前回归社会评估及安置计划的工时")
    child_director_contact_hours: NonNeg = Field(description="a child director's visit or "
                                                             "call to a supported child"
                                                             "\n儿童主任探访或致电一名受助儿童的工时")
    training_hours: NonNeg = Field(description="a year's training of one head of an "
                                               "institution or one township child supervisor"
                                               "\n一名院长或乡镇儿童督导员一年的培训工时")
    supported_children_per_million: NonNeg = Field(
        description="children in the villages covered by basic living support (orphans "
                    "outside institutions, de-facto-unsupported children) per million residents"
                    "\n每百万常住人口中享受基本生活保障的村居儿童（散居孤儿、事实无人抚养儿童）")
    hours_per_staff_year: Positive = Field(description="working hours of one full-time post"
                                                       "\n一个全职岗位的年工时")
    child_director_yuan_per_hour: NonNeg = Field(description="what an hour of a village "
                                                             "child director's time costs"
                                                             "\n村居儿童主任每小时的费用（元）")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class Process(Strict):
    intake: IntakeProcess
    """intake of a newly found infant
    新发现婴儿的收留程序"""
    temporary: TemporaryProcess
    """temporary guardianship stays
    临时监护期限"""
    exits: ExitProcess
    """leaving care: adoption, foster care, death
    离院：收养、寄养、死亡"""
    care: CareProcess
    """care needs as children grow
    儿童成长中的照料需求"""
    transfer: TransferProcess
    """the county-to-city transfer campaign
    县级向市级移交工作"""
    staffing: StaffingProcess
    """recruitment, checks, attrition and redeployment
    招聘、审查、流失和转岗"""
    work: RuleWork | None = Field(None, description="hours the rules' visits, assessments "
                                                    "and training take; without it, not costed"
                                                    "\n规则规定的探访、评估和培训所需工时；"
                                                    "省略则不计成本")


class Allowance(Strict):
    """The living allowance a centrally raised child actually gets, by year (the rulebook's
    minimum standard is a floor: the simulation pays the higher of the two, the report
    judges the level against the floor)."""

    yuan_per_child_month: Series = Field(description="yuan per child per month, by year"
                                                     "\n每名儿童每月金额（元，按年）")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class Costs(Strict):
    wages_yuan_per_year: dict[StaffRole, Series]
    """wage per head and year by role, yuan, from a year on
    各岗位人均年工资（元，自某年起）"""
    hiring_cost_yuan: NonNeg
    """cost of one hire, yuan
    每招聘一人的费用（元）"""
    redeployment_cost_yuan: NonNeg
    """cost of moving one caregiver to another institution, yuan
    每转岗一人的费用（元）"""
    layoff_cost_yuan: NonNeg
    """cost of one layoff, yuan
    每减员一人的费用（元）"""
    transport_yuan_per_child_km: NonNeg
    """transport cost per child and km, yuan
    每名儿童每公里交通费（元）"""
    transfer_admin_yuan_per_child: NonNeg
    """paperwork of one transfer, yuan per child
    每名儿童移交手续费（元）"""
    road_factor: Annotated[float, Field(ge=1, le=3)] = Field(
        description="road distance over straight-line distance\n道路距离与直线距离之比")
    protection_center_yuan_per_year: NonNeg
    """running cost of a protection center, yuan per year
    未成年人救助保护机构年运行费（元）"""
    workstation_yuan_per_year: NonNeg
    """running cost of a township workstation, yuan per year
    乡镇工作站年运行费（元）"""
    discount_rate: Annotated[float, Field(ge=0, lt=1)]
    """yearly discount rate of future costs
    未来费用的年贴现率"""
    allowance: Allowance | None = Field(
        None, description="the allowance actually paid; without it, the minimum standard"
                          "\n实际发放的基本生活费；省略则按最低标准")
    source: Source
    """where the figures come from
    数据来源"""
    ranges: Ranges = Field({}, description=RANGES_DESCRIPTION)


class ImplementationPlan(Strict):
    """A province's implementation plan of the national opinion (cn-2021-44), as issued."""

    province: Code
    """code of the province that issued it
    发文省份代码"""
    number: str = Field(min_length=1, description="document number, e.g. 浙民福〔2021〕228号"
                                                  "\n文号")
    title_zh: str | None = None
    """title in Chinese
    文件标题"""
    issued: date | None = Field(None, description="date of issue; unknown: leave out"
                                                  "\n印发日期；不详则省略")
    source: Source
    """where it was found
    文件出处"""


class Region(Strict):
    id: Slug
    """short name of the region, used in file names and messages
    区域简称（用于文件名和提示）"""
    name_zh: str
    """name of the region in Chinese
    区域中文名"""
    name_pinyin: str
    """name of the region in pinyin
    区域拼音名"""
    provinces: list[Place] = Field(min_length=1)
    """the provinces the region lies in
    区域所在省份"""
    prefectures: list[Prefecture] = Field(min_length=1)
    """the prefecture cities of the region, each with its counties
    区域内的地级市及其县（市、区）"""
    institutions: list[Institution] = Field(min_length=1)
    """child welfare institutions and candidate sites
    儿童福利机构及备选场地"""
    census: Census
    """children in each institution on the first day
    首日各机构在院儿童"""
    demand: Demand
    """how many children arrive, and of which kind
    新增儿童数量与类型"""
    process: Process
    """how long intake, stays, transfers and staffing take
    收留、安置、移交和人员配置所需时间"""
    costs: Costs
    """wages, running costs and prices
    工资、运行费用和单价"""
    implementation_plans: list[ImplementationPlan] = Field(
        [], description="each province's implementation plan of cn-2021-44"
                        "\n各省落实 cn-2021-44 的实施方案")
    observed: list[Observation] = Field(
        default_factory=list,
        description="observed yearly counts (children in care, long-term admissions, exits) "
                    "with their sources, for cwplan backtest; one row per place, series and "
                    "year\n观测到的历年数据（在院儿童、长期监护新增、离开）及来源，"
                    "供 cwplan backtest 使用；每个地区、指标和年份一行")

    def counties(self) -> Iterator[tuple[Prefecture, County]]:
        for prefecture in self.prefectures:
            for county in prefecture.counties:
                yield prefecture, county

    @cached_property
    def _index(self) -> Index:
        """Places and institutions by code, built once: a national region has thousands, and
        a lookup that scanned them would make every stage grow with the square of its size."""
        return Index.of(self, NATIONAL_CODE)

    def county(self, code: str) -> County:
        return found(self._index.county, code)

    def prefecture(self, code: str) -> Prefecture:
        return found(self._index.prefecture, code)

    def prefecture_of(self, county_code: str) -> Prefecture:
        return found(self._index.prefecture_of, county_code)

    def institution(self, institution_id: str) -> Institution:
        return found(self._index.institution, institution_id)

    def institutions_in(self, *county_codes: str) -> list[Institution]:
        """The institutions seated in these counties, in the order of the region file."""
        at = self._index.at_county
        if len(county_codes) == 1:
            return list(at.get(county_codes[0], ()))
        found = [i for code in dict.fromkeys(county_codes) for i in at.get(code, ())]
        order = self._index.position
        return sorted(found, key=lambda i: order[id(i)])

    def province_of(self, prefecture: Prefecture) -> Place:
        return found(self._index.province, prefecture.province or self.provinces[0].code)

    def places(self) -> dict[str, Place]:
        """Every place of the region by code: provinces, prefectures and counties."""
        out: dict[str, Place] = {p.code: p for p in self.provinces}
        for prefecture in self.prefectures:
            out[prefecture.code] = prefecture
            out.update({c.code: c for c in prefecture.counties})
        return out

    def lineage(self, code: str) -> list[str]:
        """The codes that govern a place, most specific first, ending with the nation."""
        found = self._index.lineage.get(code)
        if found is not None:
            return list(found)
        for prefecture in self.prefectures:       # a place the index could not place
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
    """the what-if value
    假设取值"""
    effective: date
    """from this day on
    生效日期"""
    place: Code | None = None
    """place it holds for (GB/T 2260 code); everywhere when omitted
    适用地区（行政区划代码），省略则处处适用"""
    due: date | None = None
    """for a target: the day by which it is reached
    目标的完成期限"""


class Adoption(Strict):
    """Take rules from another jurisdiction's document where this region's are silent."""

    keys: list[str] = Field(min_length=1, description="rule keys or key prefixes ending in .*"
                                                      "\n规则键，或以 .* 结尾的键前缀")
    from_: str = Field(alias="from")
    """id of the rulebook the rules are taken from
    被借用规则的政策文件编号"""
    effective: date | None = Field(None, description="apply from this date rather than from "
                                                     "the date the other document took effect"
                                                     "\n自此日起适用，而非自原文件生效之日起")
    reason: str = Field(min_length=3)
    """why this region takes these rules
    借用理由"""


class Assumption(Strict):
    """A value of a rule key that no document gives for this region, with its source."""

    value: Any
    """the value assumed
    假设取值"""
    effective: date
    """from this day on
    生效日期"""
    jurisdiction: Code | None = None
    """place it holds for (GB/T 2260 code); everywhere when omitted
    适用地区（行政区划代码），省略则处处适用"""
    due: date | None = None
    """for a target: the day by which it is reached
    目标的完成期限"""
    source: Source
    """where the value comes from
    取值来源"""
    range: RuleSpreadValue | None = Field(
        None, description="the range the value may lie in, for cwplan sensitivity: for a "
                          "number [low, high], ±20% or [-20%, +50%], for a date "
                          "[2022-07-01, 2022-09-30], ±30d or [-10d, +30d]; omitted: the default "
                          "rule of the source's code (A ±50% or ±60 days, E and GK ±20% or ±30 "
                          "days)\n取值范围（供敏感性分析）：数值写 [下限, 上限]、±20% 或 "
                          "[-20%, +50%]，日期写 [2022-07-01, 2022-09-30]、±30d 或 [-10d, +30d]；"
                          "省略则按来源代码的默认规则（A ±50% 或 ±60天，E、GK ±20% 或 ±30天）")


class Horizon(Strict):
    start: date
    """first day simulated
    模拟开始日期"""
    end: date
    """last day simulated
    模拟结束日期"""


Replications = Annotated[int, Field(ge=MIN_REPLICATIONS, le=MAX_REPLICATIONS)]


def _replications(value: Any) -> Any:
    if value == "auto" or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{value!r} is neither a number of replications nor auto "
                     f"(a whole number from {MIN_REPLICATIONS} to {MAX_REPLICATIONS}, or auto)")


class AdaptiveSettings(Strict):
    """How a run with ``replications: auto`` decides how many replications it needs."""

    min: Replications = 20
    """replications of the first batch
    第一批重复模拟次数"""
    batch: Replications = 20
    """replications added by each further batch
    此后每批追加的重复模拟次数"""
    max: Replications = 200
    """at most this many replications in all
    重复模拟次数上限"""
    width: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = 0.05
    """a share whose 95 % interval is narrower than this (0-1) is decided, even across its level
    95%区间宽度小于此值（0-1）的占比或概率即视为已判定"""


class RunSettings(Strict):
    replications: Annotated[Replications | Literal["auto"],
                            BeforeValidator(_replications)] = 20
    """replications, or auto: batches until every level and target is decided (see adaptive)
    重复模拟次数，或 auto：分批模拟直至每项服务水平和目标均已判定（见 adaptive）"""
    adaptive: AdaptiveSettings = AdaptiveSettings()
    """the batches of a run with replications: auto
    replications 为 auto 时的分批设置"""
    seed: Seed = 0
    """seed of the random numbers; the same seed gives the same results
    随机种子（相同种子结果相同）"""
    workers: Workers | None = Field(None, description="worker processes; default all cores"
                                                      "\n工作进程数；默认每个处理器核心一个")

    @property
    def fixed(self) -> int | None:
        """The number of replications the scenario fixes, or None when it adapts."""
        return None if self.replications == "auto" else self.replications


class OptimizerSettings(Strict):
    time_limit_s: Positive = 60.0
    """solver time limit per prefecture, seconds
    每个地级市的求解时限（秒）"""
    relative_gap: Annotated[float, Field(gt=0, lt=0.5)] = 1e-6
    """the solver stops when its proven gap is below this
    求解器达到此相对间隙即停止"""
    workers: Workers = 2
    """solver threads
    求解线程数"""
    seed: Seed = 0
    """solver seed
    求解器随机种子"""
    travel_weight: NonNeg = Field(1.0, description="weight of child-km in yuan-equivalent terms"
                                                   "\n儿童公里数折算为元的权重")
    budget_cap_yuan: NonNeg | None = None
    """most the plan may cost, yuan; no cap when omitted
    方案费用上限（元），省略则不设上限"""


class ServiceLevels(Strict):
    """What the plan must hold with confidence, judged on the simulation's 95 % intervals."""

    ratio_compliance_days: Probability | None = None
    """share of the days it holds children on which each institution meets the ratios
    各机构有儿童在院的天数中达到护理员配比的比例（自新聘人员可上岗之日起）"""
    transfer_deadline_probability: Probability | None = None
    """chance each transfer deadline is met
    按期完成移交的概率"""
    bed_capacity_probability: Probability | None = None
    """chance that an institution never has more children in residence than beds
    各机构任一天在院儿童均不超过床位数的概率"""


class ScenarioFile(Strict):
    """What a scenario YAML file holds once ``base:`` overlays are resolved."""

    name: str = Field(min_length=1)
    """name of the scenario, shown in reports; "中文 — English" gives each report its own
    情景名称（显示在报告中）；写作“中文 — English”时，各语言的报告只显示本语言的名称"""
    description: str = ""
    """what the scenario asks
    情景说明"""
    base: str | None = None
    """scenario file this one changes (a what-if), relative to this file
    本情景所基于的情景文件（相对路径）"""
    region: str
    """region file, relative to this file's folder
    区域文件（相对于本文件所在文件夹）"""
    rulebooks: list[str] = Field(min_length=1)
    """ids of the policy documents that govern the region
    适用的政策文件编号"""
    adopt: list[Adoption] = []
    """rules taken from another jurisdiction's document
    借用其他地区文件的规则"""
    assume: dict[str, list[Assumption]] = {}
    """rule values no document gives, each with its source
    文件未规定的假设值（注明来源）"""
    overrides: dict[str, list[DatedValue]] = {}
    """what-if values of rules, from a date on
    假设情景下的规则取值（自某日起）"""
    horizon: Horizon
    """first and last day simulated
    模拟起止日期"""
    run: RunSettings = RunSettings()
    """replications, seed and worker processes
    重复模拟次数、随机种子和进程数"""
    optimizer: OptimizerSettings = OptimizerSettings()
    """settings of the planning model
    优化模型设置"""
    service_levels: ServiceLevels = ServiceLevels()
    """levels a robust plan must reach
    稳健方案须达到的服务水平"""
    robust: bool = False
    """staff until the service levels hold
    按服务水平配置人员"""


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
