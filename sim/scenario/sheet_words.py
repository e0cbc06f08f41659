"""The words of the region workbook: each column's heading, meaning, unit and use.

Keyed by ``sheet.column`` (or by the column alone where it means the same on every sheet,
or by the dotted key of a parameter). A column heading is short and carries the unit; the
meaning is one sentence for the column-by-column explanation sheet. Where the region model
itself describes a value in both languages, that description wins (``sheets.meaning``), so
these words fill in only what the model does not say.

Each entry: (Chinese heading, English heading, Chinese meaning, English meaning, use), where
``use`` names the part of the planner that reads the value (``USES``).
"""

from __future__ import annotations

USES: dict[str, tuple[str, str]] = {
    "names": ("报告中的名称", "names in the report"),
    "refs": ("表间引用：其他工作表用此标识指向本行",
             "the id other sheets use to refer to this row"),
    "map": ("地图；移交距离与交通费用（Costs.road_factor）",
            "the map; transfer distances and travel cost (road_factor)"),
    "population": ("不直接参与计算：估算来院率的依据（docs/DATA_SOURCES.md）",
                   "not computed with: the basis of the arrival-rate estimates (DATA_SOURCES.md)"),
    "workstations": ("规划与目标：乡镇工作站覆盖率（targets.workstation_coverage）",
                     "plan and target: township workstation coverage"),
    "roles": ("规划：机构角色（区域性机构、救助保护机构、关闭）；儿童去向规则",
              "plan: each institution's role; the routing rules for children"),
    "capacity": ("规划：床位约束；仿真：超床位天数",
                 "plan: bed capacity; simulation: days over beds"),
    "staff": ("仿真起点的在编人员；护理员配比（staffing.caregiver_ratio.*）与专业人员占比",
              "staff on the first day; caregiver ratios and the professional share"),
    "operations": ("费用：运行费用", "costs: operations"),
    "protection": ("目标：救助保护机构实体化运行率", "target: protection centers run as entities"),
    "options": ("规划：扩容（改造或新建）的床位、投资与工期",
                "plan: added beds, capital cost, lead time"),
    "census": ("仿真第一天的在院儿童", "the children in care on the simulation's first day"),
    "arrivals": ("仿真：来院儿童（泊松过程）；规划：需求",
                 "simulation: arrivals (Poisson); plan: demand"),
    "mix": ("仿真：新来院儿童的照料等级与年龄", "simulation: care level and age of arrivals"),
    "intake": ("仿真：弃婴接收流程（intake.steps 规则）",
               "simulation: infant intake (rule intake.steps)"),
    "temporary": ("仿真：临时监护的停留与转为长期监护",
                  "simulation: temporary stays and conversions"),
    "exits": ("仿真：收养、家庭寄养、死亡；规划：需求",
              "simulation: adoption, foster care, deaths"),
    "care": ("仿真：照料等级的变化", "simulation: changes of care level"),
    "transfer": ("仿真：县级机构向区域性机构移交儿童", "simulation: county-to-city transfers"),
    "hiring": ("仿真：招聘、背景审查、流失与转岗", "simulation: hiring, checks, attrition, moves"),
    "wages": ("费用：人员工资（规划与仿真）", "costs: wages (plan and simulation)"),
    "costs": ("费用核算（规划目标函数与仿真）", "cost accounts (plan objective and simulation)"),
    "discount": ("规划：目标函数的折现（报告中的合计不折现）",
                 "plan: discounting of the objective (report totals are undiscounted)"),
    "sources": ("报告：假设及其来源", "report: assumptions and their sources"),
    "history": ("回测：观测值与仿真值对照", "backtest: observed against simulated"),
    "allowance": ("费用：生活费（不低于最低标准，报告评判）",
                  "costs: the allowance (never below the standard, judged in the report)"),
    "plans": ("目标：省级实施方案的报送期限（cn-2021-44）",
              "target: the implementation plan's deadline (cn-2021-44)"),
    "ranges": ("敏感性分析：输入项的变动范围（cwplan sensitivity；报告的估计值一节）",
               "sensitivity analysis: how far the input varies (cwplan sensitivity; the "
               "report's estimates)"),
    "work": ("费用：规则规定的走访、评估与培训的工时", "costs: hours of the visits, assessments "
             "and training the rules require"),
}

W = tuple[str, str, str, str, str]

# The words of a range column, from its figure's heading: (zh heading, en heading, zh
# meaning, en meaning).
RANGE_WORDS = (
    "{zh}范围", "{en} range",
    "“{zh}”的取值范围，供敏感性分析：[下限, 上限]（与数值同单位）、±20% 或 [-20%, +50%]；"
    "整表变动的数值（各县来院数、在院儿童、离院率表、步骤天数）只写百分比；同一项只需在一行填写，"
    "多行填写须一致；留空则按来源代码的默认规则（E、GK ±20%，A ±50%，S 不变动）",
    "the range the {en} may lie in, for the sensitivity analysis: [low, high] in its unit, "
    "±20% or [-20%, +50%]; a figure that moves as a whole (every county's arrivals, the "
    "children in care, a table of hazards or step durations) takes a percentage only; give "
    "it on one row (rows that repeat it must agree); blank: the default rule of its source "
    "code (E, GK ±20%, A ±50%, S not varied)")

WORDS: dict[str, W] = {
    # places and names, on every sheet
    "code": ("行政区划代码",
             "GB/T 2260 code", "六位国家标准行政区划代码", "six-digit GB/T 2260 code",
             "refs"),
    "name_zh": ("中文名称",
                "name in Chinese", "中文名称，报告中文版使用", "name in Chinese characters",
                "names"),
    "name_pinyin": ("拼音名称", "name in pinyin", "拼音或英文名称，报告英文版使用",
                    "name in pinyin, used by the English report", "names"),
    "lat": ("纬度", "latitude", "驻地纬度（北纬）", "latitude of the seat, degrees north", "map"),
    "lon": ("经度", "longitude", "驻地经度（东经）", "longitude of the seat, degrees east", "map"),
    "source": ("来源", "source", "本行数字的来源：S-… 已发表来源，GK 常识，E 估计，A 待确认的假设",
               "where this row's figures come from: S-… published, GK general knowledge, "
               "E estimate, A assumption to confirm", "sources"),
    "note": ("备注", "note", "自由填写，不导入", "free text, not imported", "names"),
    # references between sheets
    "province": ("所属省份代码", "province code", "所属省份的代码（只有一个省份时可空）",
                 "code of the province (may be blank when there is one)", "refs"),
    "prefecture": ("所属地市代码", "prefecture code", "所属地级市的代码（“地市”表）",
                   "code of the prefecture on sheet Prefectures", "refs"),
    "county": ("县区代码", "county code", "县（市、区）的代码（“县区”表）",
               "code of a county on sheet Counties", "refs"),
    "institution": ("机构标识", "institution id", "机构的标识（“机构”表）",
                    "id of an institution on sheet Institutions", "refs"),
    # counties
    "counties.population": ("常住人口",
                            "residents", "常住人口", "resident population", "population"),
    "counties.townships": ("乡镇（街道）数", "townships", "乡镇和街道办事处的个数",
                           "townships and street offices", "workstations"),
    "counties.workstations": ("工作站数", "workstations", "第一天已有的乡镇未成年人保护工作站",
                              "township protection workstations on the first day", "workstations"),
    # institutions
    "institutions.id": ("机构标识", "institution id", "机构的简短标识：小写字母、数字、- 和 _",
                        "a short id: lower-case letters, digits, - and _", "refs"),
    "institutions.kind": ("机构类型", "kind", "机构类型", "kind of institution", "roles"),
    "institutions.county": ("所在县区代码", "county code", "机构所在县（市、区）的代码",
                            "code of the county the institution is in", "roles"),
    "institutions.beds": ("床位数", "beds", "第一天的床位数", "beds on the first day", "capacity"),
    "institutions.operating_cost_yuan_per_year": (
        "年运行费用", "operating cost", "除工资外的年运行费用", "yearly running cost besides wages",
        "operations"),
    "institutions.regional": ("已是区域性机构", "regional already",
                              "第一天起已集中养育本市长期监护儿童（区域性儿童福利机构）",
                              "already raises the prefecture's long-term children on day one",
                              "roles"),
    "institutions.operating_as_entity": ("实体化运行", "runs as an entity",
                                         "救助保护机构有独立人员和场所（实体化运行）",
                                         "a protection center with its own staff and site",
                                         "protection"),
    # staff on roll
    "staff.role": ("岗位", "role", "岗位：护理员、专业人员（社工、康复、医护、特教）、其他人员",
                   "role: caregiver, professional (social work, therapy, medical, teaching), other",
                   "staff"),
    "staff.n": ("在编人数", "staff", "第一天在编（含聘用）人数", "staff on roll on the first day",
                "staff"),
    # capacity options
    "options.id": ("方案标识", "option id", "扩容方案的标识（与机构标识不同）",
                   "id of the option (different from every institution id)", "options"),
    "options.kind": ("方式", "kind", "改造（renovation）或新建（new_build）",
                     "renovation or new build", "options"),
    "options.beds_added": ("新增床位", "beds added", "方案新增的床位数", "beds the option adds",
                           "options"),
    "options.capital_cost_yuan": ("投资", "capital cost", "一次性基建投资", "one-off capital cost",
                                  "options"),
    "options.lead_time_days": ("工期", "lead time", "从决定到床位可用的天数",
                               "days from the decision until the beds can be used", "options"),
    # children in care
    "children.age": ("年龄段", "age band", "年龄段（岁）", "age band, years", "census"),
    "children.care": ("照料等级", "care level", "自理、半自理、不能自理",
                      "self-care, semi-self-care, full care", "census"),
    "children.kind": ("监护类型", "guardianship", "长期监护、临时监护、待入院",
                      "long-term, temporary, awaiting admission", "census"),
    "children.placement": ("安置方式", "placement", "院内养育或家庭寄养（空 = 院内）",
                           "residential or foster (blank = residential)", "census"),
    "children.schooling": ("在学", "in school", "是否在学（空 = 按年龄推定）",
                           "in school (blank = from age)", "census"),
    "children.n": ("人数", "children", "该类儿童人数", "children of this kind", "census"),
    # arrivals
    "arrivals.kind": ("来院类型", "kind", "弃婴、其他长期监护、临时监护",
                      "found infants, other long-term cases, temporary cases", "arrivals"),
    "arrivals.year": ("起始年份", "from year", "自该年起适用（空 = 每年相同）",
                      "from this year on (blank = every year)", "arrivals"),
    "arrivals.rate": ("年均来院数", "arrivals per year", "每年平均来院儿童数（泊松均值）",
                      "expected arrivals per year (Poisson mean)", "arrivals"),
    # wages
    "wages.role": ("岗位", "role", "岗位", "staff role", "wages"),
    "wages.year": ("起始年份", "from year", "自该年起适用（空 = 每年相同）",
                   "from this year on (blank = every year)", "wages"),
    "wages.wage": ("人均年工资", "wage per year", "每人每年工资（含社会保险）",
                   "yearly wage per person, social insurance included", "wages"),
    # leaving care
    "exits.care": ("照料等级", "care level", "照料等级", "care level", "exits"),
    "exits.age": ("年龄段", "age band", "年龄段（岁）", "age band, years", "exits"),
    "exits.adoption": ("收养率", "adoption rate", "每名儿童每年被收养的风险率",
                       "yearly hazard of adoption per child", "exits"),
    "exits.foster": ("寄养率", "foster rate", "每名儿童每年转入家庭寄养的风险率",
                     "yearly hazard of going to foster care per child", "exits"),
    # observed history for the backtest
    "history.series": ("观测项目", "series", "观测的数量（如在院儿童数）", "what was counted",
                       "history"),
    "history.place": ("地区代码", "place code", "观测所属地区的代码", "code of the place counted",
                      "history"),
    "history.year": ("年份", "year", "观测年份", "year of the count", "history"),
    "history.value": ("观测值", "observed", "该年的观测值", "the count in that year", "history"),
    "history.plus_minus": ("取整范围（±）", "rounding (±)",
                           "公布数字代表的范围的一半（如0.1万取整为500）",
                           "half the range a rounded figure stands for (500 for 0.1万)",
                           "history"),
    "history.as_of": ("统计日期", "as of", "在院儿童数的统计日（空 = 当年12月31日）",
                      "the day a count of children in care refers to (blank = 31 December)",
                      "history"),
    # parameters
    "key": ("项目", "item", "参数的键（不要修改）", "the parameter's key (do not change)", "refs"),
    "meaning": ("含义", "meaning", "参数的含义", "what the parameter means", "names"),
    "unit": ("单位", "unit", "单位", "unit", "names"),
    "allowed": ("允许值", "allowed", "允许的取值", "allowed values", "names"),
    "value": ("数值", "value", "参数的值", "the parameter's value", "names"),
    "range": ("范围", "range", "该数值的取值范围，供敏感性分析：[下限, 上限]（与数值同单位）、"
              "±20% 或 [-20%, +50%]；留空则按来源代码的默认规则（E、GK ±20%，A ±50%，S 不变动）；"
              "灰色行不能给出范围",
              "the range the value may lie in, for the sensitivity analysis: [low, high] in "
              "the value's unit, ±20% or [-20%, +50%]; blank: the default rule of its source "
              "code (E, GK ±20%, A ±50%, S not varied); grey rows take no range", "ranges"),
    "example": ("示例（绍兴）", "example (Shaoxing)", "绍兴市的取值，仅供参考，不导入",
                "Shaoxing's value, for reference, not imported", "names"),
    "id": ("地区标识", "region id", "地区的简短标识：小写字母、数字、- 和 _",
           "the region's short id: lower-case letters, digits, - and _", "names"),
    "census.as_of": ("在院儿童统计日期",
                     "census date", "“在院儿童”表的统计日期（不晚于规划起始日）",
                     "the day the children-in-care sheet counts (on or before the horizon's "
                     "start)", "census"),
    "demand.care_mix": ("来院照料等级构成", "care mix of arrivals", "新来院儿童中各照料等级的比例",
                        "share of arrivals at each care level", "mix"),
    "demand.age_mix": ("来院年龄构成", "age mix of arrivals", "新来院儿童中各年龄段的比例",
                       "share of arrivals in each age band", "mix"),
    "demand.night_or_emergency_share": (
        "夜间或紧急情况比例", "night or emergency share",
        "发现的弃婴中夜间或紧急情况下由县级先行照料的比例",
        "share of found infants first cared for by the county at night or in an emergency",
        "intake"),
    "demand.conversions": (
        "长期监护来院数是否含临时转长期", "conversions in the long-term rate",
        "included：长期监护来院数已包含由临时监护转为长期监护的儿童；separate：另行计入",
        "included: the long-term rate holds the temporary cases that turn long-term; "
        "separate: they come on top", "temporary"),
    "process.intake.steps_days": ("接收步骤时长", "intake step", "弃婴接收各步骤的平均天数",
                                  "mean days of each intake step", "intake"),
    "process.intake.parent_found_probability": (
        "找到父母的概率", "parent found", "公告期内找到父母的概率",
        "chance that a parent is found during the announcement", "intake"),
    "process.intake.emergency_stay_days": ("紧急照料天数", "emergency stay", "县级紧急照料的天数",
                                           "days of emergency care at the county", "intake"),
    "process.temporary.mean_stay_days": ("平均停留", "mean stay", "临时监护平均天数",
                                         "mean days of a temporary stay", "temporary"),
    "process.temporary.min_stay_days": ("最短停留", "shortest stay", "临时监护最短天数",
                                        "shortest temporary stay", "temporary"),
    "process.temporary.max_stay_days": ("最长停留", "longest stay", "临时监护最长天数",
                                        "longest temporary stay", "temporary"),
    "process.temporary.to_long_term_share": ("转长期比例", "to long-term",
                                             "临时监护转为长期监护的比例",
                                             "share of temporary cases that become long-term",
                                             "temporary"),
    "process.exits.foster_return_per_year": ("寄养返回率", "foster return",
                                             "寄养儿童每年返回机构的风险率",
                                             "yearly hazard of a foster child's return",
                                             "exits"),
    "process.exits.death_per_year": ("死亡率", "death rate", "每名儿童每年的死亡风险率",
                                     "yearly hazard of death per child", "exits"),
    "process.care.full_care_until_age": ("婴幼儿不能自理至", "full care until",
                                         "婴幼儿在此年龄前均为不能自理",
                                         "infants need full care until this age", "care"),
    "process.care.mix_after_infancy": ("婴幼期后照料等级", "care after infancy",
                                       "婴幼期后各照料等级的比例",
                                       "share at each care level after infancy", "care"),
    "process.transfer.steps_days": ("移交步骤时长", "transfer step", "移交各步骤的平均天数",
                                    "mean days of each transfer step", "transfer"),
    "process.transfer.team_capacity": ("工作组同时处理", "team capacity",
                                       "一个县工作组同时处理的儿童数",
                                       "children one county team works on at once", "transfer"),
    "process.transfer.duration_cv": ("时长离散系数", "duration spread",
                                     "各步骤时长的标准差与均值之比",
                                     "standard deviation over mean of each step", "transfer"),
    "process.staffing.recruitment_days": ("招聘天数", "recruitment", "招聘一名人员的天数",
                                          "days to recruit a person", "hiring"),
    "process.staffing.background_check_days": ("背景审查天数", "background check",
                                               "入职前背景审查的天数",
                                               "days of the background check before a hire",
                                               "hiring"),
    "process.staffing.attrition_per_year": ("年流失率", "attrition", "人员每年的流失率",
                                            "yearly attrition of staff", "hiring"),
    "process.staffing.attrition_per_year_in_transition": (
        "转型期年流失率", "attrition in transition", "转型中机构人员每年的流失率",
        "yearly attrition at an institution in transition", "hiring"),
    "process.staffing.redeploy_share": ("愿意转岗比例", "redeploy share",
                                        "转型县级机构护理员中愿意转到区域性机构的比例",
                                        "share of a transforming home's caregivers willing to move",
                                        "hiring"),
    "process.staffing.round_the_clock_caregivers": (
        "24小时岗位所需护理员", "round-the-clock post", "一个昼夜值守岗位所需的在编护理员数",
        "caregivers on roll that one post staffed day and night takes", "staff"),
    "costs.hiring_cost_yuan": ("招聘费用", "hiring cost", "每招聘一人的费用", "cost of one hire",
                               "costs"),
    "costs.redeployment_cost_yuan": ("转岗费用", "redeployment cost", "每转岗一人的费用",
                                     "cost of moving one person", "costs"),
    "costs.layoff_cost_yuan": ("分流补偿", "layoff cost", "每分流一人的补偿",
                               "compensation per person laid off", "costs"),
    "costs.transport_yuan_per_child_km": ("交通费用", "transport", "移交每名儿童每公里的交通费用",
                                          "transport per child and km", "costs"),
    "costs.transfer_admin_yuan_per_child": ("移交办理费用", "transfer admin",
                                            "移交每名儿童的办理费用",
                                            "administration per child transferred", "costs"),
    "costs.road_factor": ("道路系数", "road factor", "道路距离与直线距离之比",
                          "road distance over straight-line distance", "map"),
    "costs.protection_center_yuan_per_year": ("救助保护机构年费用", "protection center",
                                              "转型为救助保护机构后每年的运行费用",
                                              "yearly cost of a transformed protection center",
                                              "costs"),
    "costs.workstation_yuan_per_year": ("工作站年费用", "workstation", "每个乡镇工作站每年的费用",
                                        "yearly cost of one township workstation", "costs"),
    "costs.discount_rate": ("折现率", "discount rate", "每年的折现率", "yearly discount rate",
                            "discount"),
    # the allowance paid, and provincial implementation plans
    "allowance.year": ("年份", "year", "发放水平适用的年份", "year the level applies from",
                       "allowance"),
    "allowance.yuan": ("月生活费", "allowance a month", "机构集中养育儿童每人每月实际发放的生活费",
                       "allowance actually paid per child in an institution, a month",
                       "allowance"),
    "plans.province": ("省份代码", "province code", "实施方案所属省份的代码",
                       "code of the province whose plan it is", "refs"),
    "plans.number": ("文号", "number", "实施方案的文号", "the plan's document number", "plans"),
    "plans.title_zh": ("标题", "title", "实施方案的标题", "the plan's title", "plans"),
    "plans.issued": ("印发日期", "issued", "印发日期（不知道时留空）", "date of issue (blank if "
                     "unknown)", "plans"),
    # hours of the work the rules create
    "process.work.foster_visit_hours": ("寄养走访工时", "foster visit", "实地走访一名寄养儿童的工时"
                                        "（含路程）", "hours of one visit to a foster child, "
                                        "travel included", "work"),
    "process.work.assessment_hours": ("成年前评估工时", "assessment",
                                      "年满18周岁前一次评估及安置方案的工时",
                                      "staff hours of one assessment before 18, with its plan",
                                      "work"),
    "process.work.child_director_contact_hours": ("儿童主任探访工时", "child director contact",
                                                  "儿童主任一次上门或电话的工时",
                                                  "hours of one visit or call", "work"),
    "process.work.training_hours": ("年度培训工时", "training", "一名机构负责人或儿童督导员一年的"
                                    "培训工时", "hours of a year's training of one head or "
                                    "supervisor", "work"),
    "process.work.supported_children_per_million": (
        "受保障儿童（每百万人）", "supported children",
        "每百万常住人口中儿童主任探访的受保障儿童数",
        "children the child directors support, per million residents", "work"),
    "process.work.hours_per_staff_year": ("全年工时", "hours a year", "一个全职岗位一年的工作小时",
                                          "working hours of one full-time post a year", "work"),
    "process.work.child_director_yuan_per_hour": ("儿童主任每小时费用", "child director hour",
                                                  "儿童主任一小时工作的费用",
                                                  "what an hour of a child director costs",
                                                  "work"),
}

# Units: (Chinese, English), by column, by parameter or by the ending of a name.
UNITS: dict[str, tuple[str, str]] = {
    "lat": ("°N", "°N"), "lon": ("°E", "°E"),
    "counties.population": ("人", "persons"), "counties.townships": ("个", "count"),
    "counties.workstations": ("个", "count"), "institutions.beds": ("张", "beds"),
    "staff.n": ("人", "persons"), "children.n": ("人", "children"),
    "options.beds_added": ("张", "beds"), "arrivals.rate": ("人/年", "children per year"),
    "wages.wage": ("元/人·年", "yuan per person-year"),
    "exits.adoption": ("/年", "per year"), "exits.foster": ("/年", "per year"),
    "process.care.full_care_until_age": ("岁", "years of age"),
    "process.transfer.team_capacity": ("人", "children"),
    "process.transfer.duration_cv": ("比值", "ratio"),
    "process.staffing.round_the_clock_caregivers": ("人", "persons"),
    "costs.road_factor": ("倍", "ratio"),
    "costs.discount_rate": ("0–1/年", "0–1 per year"),
    "allowance.yuan": ("元/人·月", "yuan per child-month"),
    "process.work.supported_children_per_million": ("人/百万人", "children per million"),
    "process.work.child_director_yuan_per_hour": ("元/小时", "yuan per hour"),
}
ENDINGS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("_yuan_per_child_km", ("元/人·公里", "yuan per child-km")),
    ("_yuan_per_child", ("元/人", "yuan per child")),
    ("_yuan_per_year", ("元/年", "yuan per year")),
    ("_yuan", ("元", "yuan")),
    ("_days", ("天", "days")),
    ("steps_days", ("天", "days")),
    ("_per_year", ("/年", "per year")),
)
SHARE = ("0–1", "share 0–1")
