"""The rules in the reader's words: a short name for every rule key of the catalogue, every
unit the rulebooks use, and every word that stands inside a rule's value.

A reviewer reads "护理员配比（不能自理）" where the rulebook says
``staffing.caregiver_ratio.full_care``; the report prints the key beside the name in small
type, so that it can still be found in the rulebook. Descriptions stay in the rulebooks
("中文 — English"); these are the names that fit in a table cell or a chart label. A key, a
unit or a value word missing here is a test failure (tests/reports/test_rulewords.py), not
an English word in a Chinese report.
"""

from __future__ import annotations

RULE_NAMES: dict[str, tuple[str, str]] = {
    "allowance.institution_orphan_yuan_per_month_2020": ("2020年孤儿月平均补助标准",
                                                         "orphan allowance per month, 2020"),
    "allowance.institution_orphan_yuan_per_year": ("集中供养孤儿基本生活最低养育标准",
                                                   "minimum living standard of an orphan in care"),
    "community.child_director_visit_interval_days": ("儿童主任探访最长间隔",
                                                     "longest gap between child director visits"),
    "community.left_behind_update_interval_days": ("留守儿童信息更新最长间隔",
                                                   "longest gap between left-behind updates"),
    "community.outreach_per_year": ("政策宣讲进村（居）年度次数",
                                    "policy outreach visits per year"),
    "foster.visit_interval_days": ("寄养家庭走访最长间隔", "longest gap between foster visits"),
    "funding.allowance_ring_fenced": ("孤儿基本生活费专款专用", "orphan allowance ring-fenced"),
    "intake.announcement_days": ("寻亲公告期", "search announcement period"),
    "intake.centralized_care_extends_to": ("可集中养育的困境儿童类别",
                                           "children in difficulty who may be raised in care"),
    "intake.county_accepts_long_term": ("县级机构新增长期监护儿童", "county takes new long-term "
                                        "children"),
    "intake.emergency_temporary_care_at_county": ("发现地县级机构临时照料",
                                                  "emergency temporary care at the county"),
    "intake.regional_accepts_all_eligible": ("应收尽收、应养尽养",
                                             "regional institution takes every eligible child"),
    "intake.steps": ("弃婴（儿）入院步骤", "steps of an infant's intake"),
    "placement.adoption_by_assessment": ("经评估依法送养", "adoption after assessment"),
    "placement.aging_out_age": ("成年安置年龄", "age of coming of age"),
    "placement.assessment_lead_months": ("成年前评估提前月数",
                                         "months of assessment before coming of age"),
    "reporting.annual_progress_due": ("年度工作进展报送期限", "annual progress report due"),
    "roles.county_hub_may_remain": ("县级集中养育机构可保留", "county hub may remain"),
    "roles.county_transforms_to_protection": ("县级机构转型为未成年人救助保护机构",
                                              "county home becomes a protection center"),
    "roles.multiple_regional_allowed": ("每个地市区域性机构最多数量",
                                        "most regional institutions per prefecture"),
    "roles.protection_keeps_temporary_care": ("救助保护机构承担临时监护",
                                              "protection center keeps temporary care"),
    "roles.regional_takes_long_term": ("区域性机构收留长期监护儿童",
                                       "regional institution raises long-term children"),
    "staffing.background_check_before_hire": ("从业人员违法犯罪记录查询",
                                              "criminal-record check before hiring"),
    "staffing.caregiver_ratio.full_care": ("护理员配比（不能自理）",
                                           "caregiver ratio, full care"),
    "staffing.caregiver_ratio.self_care": ("护理员配比（自理）", "caregiver ratio, self-care"),
    "staffing.caregiver_ratio.semi_self_care": ("护理员配比（半自理）",
                                                "caregiver ratio, semi-self-care"),
    "staffing.professional_share_min": ("专业人才最低占比", "least share of professionals"),
    "staffing.round_the_clock_duty": ("24小时值班巡查", "round-the-clock duty"),
    "targets.county_protection_centers_operating": ("县级救助保护机构全部实体化运作",
                                                    "every county protection center operating"),
    "targets.demo_childrens_home_coverage": ("示范型儿童之家覆盖率",
                                             "model children's home coverage"),
    "targets.new_regional_institutions": ("新建、提升改造的区域性机构",
                                          "regional institutions built or renovated"),
    "targets.protection_center_operation_rate": ("救助保护机构实体化运行率",
                                                 "protection centers operating as entities"),
    "targets.protection_centers_built": ("新建、改扩建的救助保护机构",
                                         "protection centers built or extended"),
    "targets.provincial_implementation_plan": ("省级工作实施方案报送",
                                               "provincial implementation plan sent"),
    "targets.regional_institutions": ("区域性机构数量", "regional institutions"),
    "targets.regional_optimized_by": ("区域性机构全面优化提质", "regional institutions optimised"),
    "targets.social_orgs_per_county": ("每县儿童服务类社会组织数",
                                       "child-service organisations per county"),
    "targets.township_workstation_coverage": ("未成年人保护工作站覆盖率",
                                              "township workstation coverage"),
    "targets.transformation_complete": ("县级机构完成创新转型",
                                        "county institutions transformed"),
    "training.annual_coverage": ("年度培训覆盖率", "annual training coverage"),
    "transfer.children_moved_by": ("儿童移交期限", "children moved by"),
    "transfer.grouping": ("移交分组", "transfer groups"),
    "transfer.hukou_follows_child": ("户随人走", "household registration follows the child"),
    "transfer.no_gap": ("无缝对接", "no gap in the handover"),
    "transfer.sending_counties": ("移交县（市、区）及接收机构",
                                  "sending counties and receiving institution"),
    "transfer.staff_continuity": ("抚育人员工作不断线", "caregivers' work unbroken"),
    "transfer.steps": ("移交工作步骤", "steps of the transfer work"),
    "transfer.transformation_complete_by": ("转型完成期限", "transformation complete by"),
    "transfer.window_start": ("移交工作启动日期", "transfer campaign starts"),
    "transfer.with_archives_and_property": ("移交内容", "what a transfer moves"),
    "transfer.work_complete_by": ("移交工作结束日期", "transfer work complete by"),
}

UNITS: dict[str, tuple[str, str]] = {
    "boolean": ("", ""),            # a yes or a no says it all
    "boolean (all county institutions transformed)": ("", ""),
    "boolean (the regional institution is fully optimised)": ("", ""),
    "boolean (the province's implementation plan issued)": ("", ""),
    "date": ("", ""),
    "centers (city, county)": ("家", "centers"),
    "children per caregiver": ("名儿童/护理员", "children per caregiver"),
    "counties (GB/T 2260) and receiving institution": ("", ""),
    "days": ("天", "days"),
    "institutions (new, renovated)": ("家", "institutions"),
    "institutions in the province": ("家（全省）", "institutions in the province"),
    "institutions per prefecture": ("家/设区市", "per prefecture"),
    "list of child attributes": ("", ""),
    "list of child groups": ("", ""),
    "list of dates": ("", ""),
    "list of items moved": ("", ""),
    "months": ("个月", "months"),
    "ordered list of step ids": ("", ""),
    "organisations per county": ("个/县", "per county"),
    "share of centers (0-1)": ("", ""),
    "share of county centers (0-1)": ("", ""),
    "share of staff (0-1)": ("", ""),
    "share of townships (0-1)": ("", ""),
    "share trained per year (0-1)": ("", ""),
    "visits per village per year": ("次/村/年", "visits per village a year"),
    "years of age": ("周岁", "years of age"),
    "yuan per child per month": ("元/人/月", "yuan per child a month"),
    "yuan per child per year": ("元/人/年", "yuan per child a year"),
}

# The English unit after a count of one ("1 child per caregiver"), where it differs.
SINGULAR_EN: dict[str, str] = {
    "children per caregiver": "child per caregiver",
    "days": "day",
    "months": "month",
    "years of age": "year of age",
    "institutions": "institution",
    "centers": "center",
    "institutions in the province": "institution in the province",
    "visits per village a year": "visit per village a year",
}

VALUE_WORDS: dict[str, tuple[str, str]] = {
    # parts of a value given as a mapping
    "institution": ("机构集中养育", "in an institution"),
    "scattered": ("社会散居", "scattered"),
    "new": ("新建", "new"),
    "renovated": ("改扩建", "renovated"),
    "city": ("市级", "city"),
    "county": ("县级", "county"),
    "counties": ("移交县（市、区）", "counties"),
    "receiving_institution_zh": ("接收机构", "receiving institution"),
    "applicant": ("申请方", "applicant"),
    "county_civil_affairs_bureau": ("县级民政部门", "county civil-affairs bureau"),
    # intake steps
    "police_report": ("报警", "police report"),
    "medical_exam": ("体检", "medical examination"),
    "search_announcement": ("寻亲公告", "search announcement"),
    "dna_comparison": ("DNA比对", "DNA comparison"),
    "county_approval": ("县级审批", "county approval"),
    "formal_admission": ("正式入院", "formal admission"),
    "hukou_registration": ("户籍登记", "household registration"),
    # transfer steps
    "arrange": ("工作部署", "arrange the work"),
    "compile_child_records": ("建立儿童台账", "compile the children's records"),
    "organise_archives": ("整理档案", "organise the archives"),
    "handover_procedures": ("办理交接手续", "handover procedures"),
    "summary": ("总结", "summary"),
    # what moves, how children are grouped, who may be raised in care
    "child": ("儿童", "child"),
    "archive": ("档案", "archive"),
    "archive_copy_kept": ("留存档案复印件", "archive copy kept"),
    "property_in_trust": ("代管财产", "property in trust"),
    "age_band": ("年龄结构", "age band"),
    "placement": ("养育方式", "way of care"),
    "schooling": ("就学情况", "schooling"),
    "de_facto_unsupported": ("事实无人抚养儿童", "children de facto unsupported"),
    "severely_disabled": ("重度残疾儿童", "severely disabled children"),
}


def _pick(table: dict[str, tuple[str, str]], word: str, zh: bool) -> str | None:
    found = table.get(word)
    return None if found is None else found[0 if zh else 1]


def rule_name(key: str, zh: bool) -> str:
    """The short name of a rule key; the key itself for a key no one named yet."""
    return _pick(RULE_NAMES, key, zh) or key


def unit_name(unit: str, zh: bool, one: bool = False) -> str:
    """A rulebook's unit in the reader's words; "" where the value says it all. ``one``:
    after a count whose plural form is one, where English takes the singular."""
    found = _pick(UNITS, unit, zh)
    name = unit if found is None else found
    return SINGULAR_EN.get(name, name) if one and not zh else name


def value_word(word: str, zh: bool) -> str:
    """A word inside a rule's value (a step, an item, a part of a mapping)."""
    return _pick(VALUE_WORDS, word, zh) or word
