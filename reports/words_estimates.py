"""The words of the estimates and of the sensitivity run: each uncertain input's name, the
provenance codes, the outputs and the section texts, in Chinese and in English.

One name per entry of ``sim.scenario.estimates.ENTRIES`` (a test checks that none is
missing); ``reports.i18n.Lang`` reads these with the other words.
"""

from __future__ import annotations

ESTIMATE_WORDS: dict[str, tuple[str, str]] = {
    "est.costs.wages_yuan_per_year.caregiver": ("护理员年工资", "caregiver wage per year"),
    "est.costs.wages_yuan_per_year.professional": ("专业人员年工资",
                                                   "professional wage per year"),
    "est.costs.wages_yuan_per_year.other": ("其他人员年工资", "other staff wage per year"),
    "est.costs.hiring_cost_yuan": ("每人招聘费用", "hiring cost per head"),
    "est.costs.redeployment_cost_yuan": ("每人转岗安置费用", "redeployment cost per head"),
    "est.costs.layoff_cost_yuan": ("每人分流补偿", "layoff cost per head"),
    "est.costs.transport_yuan_per_child_km": ("每名儿童每公里交通费", "transport per child-km"),
    "est.costs.transfer_admin_yuan_per_child": ("每名儿童移交手续费",
                                                "transfer paperwork per child"),
    "est.costs.road_factor": ("道路距离系数", "road distance over straight line"),
    "est.costs.protection_center_yuan_per_year": ("救助保护机构年运行费",
                                                  "protection center cost per year"),
    "est.costs.workstation_yuan_per_year": ("乡镇工作站年运行费", "workstation cost per year"),
    "est.costs.discount_rate": ("贴现率", "discount rate"),
    "est.costs.allowance.yuan_per_child_month": ("实际发放的生活费（逐年，整体）",
                                                 "allowance actually paid (every year, as a "
                                                 "whole)"),
    "est.process.staffing.recruitment_days": ("招聘用时", "recruitment time"),
    "est.process.staffing.background_check_days": ("背景审查用时", "background check time"),
    "est.process.staffing.attrition_per_year": ("护理员年流失率", "staff attrition per year"),
    "est.process.staffing.attrition_per_year_in_transition": (
        "转型期年流失率", "staff attrition per year during the transition"),
    "est.process.staffing.redeploy_share": ("愿意转岗的县级机构人员占比",
                                            "share of county-home staff willing to move"),
    "est.process.staffing.round_the_clock_caregivers": (
        "24小时值守一个岗位所需护理员", "caregivers for one post staffed day and night"),
    "est.process.transfer.steps_days": ("移交各步骤用时", "durations of the transfer steps"),
    "est.process.transfer.team_capacity": ("每个移交工作组同时办理的儿童数",
                                           "children one transfer team works on at once"),
    "est.process.transfer.duration_cv": ("移交用时离散系数",
                                         "spread of transfer durations (CV)"),
    "est.process.intake.steps_days": ("弃婴接收各步骤用时", "durations of the intake steps"),
    "est.process.intake.parent_found_probability": ("找到父母的概率",
                                                    "probability that a parent is found"),
    "est.process.intake.emergency_stay_days": ("夜间或紧急临时照料天数",
                                               "days of emergency care at the county"),
    "est.process.temporary.mean_stay_days": ("临时监护平均天数",
                                             "mean stay under temporary guardianship"),
    "est.process.temporary.min_stay_days": ("临时监护最短天数", "shortest temporary stay"),
    "est.process.temporary.max_stay_days": ("临时监护最长天数", "longest temporary stay"),
    "est.process.temporary.to_long_term_share": ("临时监护转为长期监护的比例",
                                                 "share of temporary cases becoming long-term"),
    "est.process.exits.adoption_per_year": ("收养年概率（全表）",
                                            "yearly adoption hazards (whole table)"),
    "est.process.exits.foster_per_year": ("家庭寄养年概率（全表）",
                                          "yearly foster placement hazards (whole table)"),
    "est.process.exits.foster_return_per_year": ("寄养儿童年返院概率",
                                                 "yearly return from foster care"),
    "est.process.exits.death_per_year": ("年死亡率（全表）", "yearly death rates (whole table)"),
    "est.process.care.mix_after_infancy.full_care": ("婴儿期后不能自理的比例",
                                                     "share needing full care after infancy"),
    "est.process.care.full_care_until_age": ("婴儿需全护理至年龄",
                                             "age until which infants need full care"),
    "est.process.work.foster_visit_hours": ("走访一名寄养儿童的工时",
                                            "hours of one visit to a foster child"),
    "est.process.work.assessment_hours": ("成年前一次评估的工时",
                                          "hours of one assessment before 18"),
    "est.process.work.child_director_contact_hours": ("儿童主任一次探访或电话的工时",
                                                      "hours of a child director's visit or "
                                                      "call"),
    "est.process.work.training_hours": ("一人一年的培训工时", "hours of a year's training"),
    "est.process.work.supported_children_per_million": ("每百万人口受保障的村居儿童",
                                                        "supported children per million "
                                                        "residents"),
    "est.process.work.hours_per_staff_year": ("一个全职岗位的年工时",
                                              "working hours of a full-time post a year"),
    "est.process.work.child_director_yuan_per_hour": ("儿童主任每小时费用",
                                                      "cost of a child director's hour"),
    "est.demand.arrivals.infant": ("弃婴发现数（各县）", "infants found (every county)"),
    "est.demand.arrivals.long_term": ("其他长期监护新增（各县）",
                                      "other long-term cases (every county)"),
    "est.demand.arrivals.temporary": ("临时监护新增（各县）",
                                      "temporary cases (every county)"),
    "est.demand.care_mix.long_term.full_care": ("新增长期监护儿童中{part}的比例",
                                                "share of new long-term children: {part}"),
    "est.demand.care_mix.temporary.full_care": ("新增临时监护儿童中{part}的比例",
                                                "share of new temporary cases: {part}"),
    "est.demand.age_mix.long_term.0-2": ("新增长期监护儿童中{part}岁的比例",
                                         "share of new long-term children aged {part}"),
    "est.demand.age_mix.temporary.0-2": ("新增临时监护儿童中{part}岁的比例",
                                         "share of new temporary cases aged {part}"),
    "est.demand.night_or_emergency_share": ("夜间或紧急发现的弃婴比例",
                                            "share of infants found at night or in an "
                                            "emergency"),
    "est.census.children": ("期初在院儿童数（全部机构）",
                            "children in care on the first day (every institution)"),
    "est.counties.population": ("常住人口（各县）", "residents (every county)"),
    "est.counties.townships": ("乡镇（街道）数（各县）", "townships (every county)"),
    "est.counties.workstations": ("期初乡镇工作站数（各县）",
                                  "workstations at the start (every county)"),
    "est.institutions.operating_cost_yuan_per_year": ("年运行费用（{group}）",
                                                      "operating cost per year ({group})"),
    "est.institutions.staff.caregiver": ("期初在岗护理员（{group}）",
                                         "caregivers on roll at the start ({group})"),
    "est.institutions.staff.professional": ("期初在岗专业人员（{group}）",
                                            "professionals on roll at the start ({group})"),
    "est.institutions.staff.other": ("期初在岗其他人员（{group}）",
                                     "other staff on roll at the start ({group})"),
    "est.institutions.beds": ("床位（{group}）", "beds ({group})"),
    "est.options.beds_added": ("新增床位（{group}）", "beds added ({group})"),
    "est.assume": ("假设的规则取值：{rule}", "assumed rule value: {rule}"),
    "est.options.capital_cost_yuan": ("投资（{group}）", "capital cost ({group})"),
    "est.options.lead_time_days": ("建设周期（{group}）", "lead time ({group})"),
    "option.renovation": ("改扩建", "renovations"),
    "option.new_build": ("新建", "new builds"),
    # units of the inputs
    "eu.yuan": ("元", "yuan"),
    "eu.yuan_per_year": ("元/年", "yuan a year"),
    "eu.yuan_per_child_km": ("元/人·公里", "yuan per child-km"),
    "eu.yuan_per_child": ("元/人", "yuan per child"),
    "eu.ratio": ("倍", "ratio"),
    "eu.per_year": ("每年", "per year"),
    "eu.days": ("天", "days"),
    "eu.share": ("比例", "share"),
    "eu.heads": ("人", "heads"),
    "eu.children": ("人", "children"),
    "eu.years": ("岁", "years"),
    "eu.beds": ("张", "beds"),
    "eu.yuan_per_child_month": ("元/人·月", "yuan per child-month"),
    "eu.yuan_per_hour": ("元/小时", "yuan an hour"),
    "eu.hours": ("小时", "hours"),
    "eu.per_million": ("每百万人", "per million residents"),
    "eu.persons": ("人", "persons"),
    "eu.count": ("个", "count"),
    "eu.date": ("日期", "date"),
    "eu.table": ("相对文件数值", "relative to the file's figures"),
    # provenance codes
    "code.S": ("S：有出处（数据来源文件所列资料或政策文件）",
               "S: sourced (a source listed in DATA_SOURCES.md, or a policy document)"),
    "code.GK": ("GK：常识，未经核实", "GK: general knowledge, not verified"),
    "code.E": ("E：估计值（估算方法见 DATA_SOURCES.md）",
               "E: estimate (how it was made: DATA_SOURCES.md)"),
    "code.A": ("A：假设，有待核实", "A: assumption, to be confirmed"),
    "range.file": ("地区文件给出", "given in the region file"),
    "range.default": ("默认规则", "default rule"),
    "range.none": ("不变动", "not varied"),
    "sec.estimates": ("估计值与假设：取值、范围与来源", "Estimates and assumptions: values, "
                      "ranges and sources"),
    "note.estimates": ("下列各项均非政策文件规定，而是地区文件中的估计或假设。来源代码：{codes}。"
                       "未给出范围的，按默认规则变动：E、GK ±{e}，A ±{a}，有出处（S）的不变动。",
                       "None of these figures is set by a policy document: each is an estimate "
                       "or an assumption of the region file. Source codes: {codes}. A figure "
                       "without a range of its own varies by the default rule: E and GK ±{e}, "
                       "A ±{a}; sourced figures (S) are not varied."),
    "note.estimates_rank": ("“敏感性排名”取自{when}的敏感性分析（同一情景内容哈希）：对总费用和"
                            "最低配比达标率的全局排名。",
                            "The sensitivity ranks are those of the sensitivity run of {when} "
                            "(same scenario hash): the global ranking for total cost and for "
                            "the lowest ratio compliance."),
    "col.input": ("输入项", "input"),
    "col.code": ("来源代码", "code"),
    "col.low": ("低值", "low"),
    "col.high": ("高值", "high"),
    "col.range_from": ("范围来源", "range from"),
    "col.figures": ("涉及数值个数", "figures"),
    "col.rank_cost": ("敏感性排名：总费用", "sensitivity rank: total cost"),
    "col.rank_compliance": ("敏感性排名：最低配比达标", "sensitivity rank: lowest compliance"),
    "note.totals": ("总费用为各年名义金额之和，未贴现；优化目标（见运行记录）按贴现率{rate}贴现，"
                    "并含移交路程的加权负担。",
                    "Totals are the undiscounted sum of each year's yuan; the optimizer's "
                    "objective (see the run manifest) is discounted at {rate} a year and "
                    "includes the weighted travel burden."),
    "kpi.total_cost_discounted": ("总费用（按{rate}贴现至{year}年）",
                                  "total cost discounted at {rate} to {year}"),
    "kpi.total_cost_undiscounted": ("总费用（未贴现）", "total cost (undiscounted)"),
    "note.discounted": ("按{rate}贴现", "discounted at {rate} a year"),
    "man.objective": ("优化目标（贴现费用加路程负担）",
                      "optimizer objective (discounted cost plus travel burden)"),
    # the sensitivity run
    "title.sensitivity": ("{scenario}：敏感性分析", "{scenario}: sensitivity analysis"),
    "subtitle.sensitivity": ("{method} · {plan} · 每组设定{n}次重复模拟（共同随机数）· "
                             "共{settings}组设定",
                             "{method} · {plan} · {n} replications per setting (common random "
                             "numbers) · {settings} settings"),
    "sens.method.morris": ("Morris 基本效应法（μ*）", "Morris elementary effects (μ*)"),
    "sens.method.sobol": ("Sobol 方差分解（总效应指数）",
                          "Sobol variance shares (total-order index)"),
    "sens.plan.fixed": ("方案固定（检验方案“{plan}”的稳健性）",
                        "plan “{plan}” held fixed (how robust is this plan?)"),
    "sens.plan.reoptimize": ("每组设定重新优化（最优方案如何变化）",
                             "re-optimized for every setting (how does the cheapest plan move?)"),
    "sec.sens_top": ("最重要的三个输入项", "The three inputs that matter most"),
    "sens.top": ("{output}：{inputs}。", "{output}: {inputs}."),
    "sens.none": ("{output}：在各输入项的范围内没有变化。",
                  "{output}: no input moves it within its range."),
    "sens.infeasible": ("有{n}组设定找不到满足全部目标的方案，未计入排名。",
                        "{n} settings had no plan meeting every target and are left out of the "
                        "rankings."),
    "note.sens_method": ("每个输入项在其范围内变动（地区文件给出的范围，或按来源代码的默认规则："
                         "E、GK ±{e}，A ±{a}，有出处的不变动）。逐项变动：每次只把一个输入项置于"
                         "低值或高值，其余取文件数值；影响为高值减低值，区间来自成对的重复模拟。"
                         "全局排名：所有输入项同时变动（{method}）。“最重要的三个”取全局排名前三。"
                         "各组设定使用相同的随机种子和重复模拟编号（共同随机数）。{plan}。",
                         "Each input varies over its range (the region file's, or the default "
                         "rule of its source code: E and GK ±{e}, A ±{a}, sourced figures not "
                         "varied). One at a time: one input at its low or high end, all others "
                         "at the file's figures; the effect is high minus low, its interval "
                         "from paired replications. Global ranking: all inputs vary together "
                         "({method}). “The three that matter most” are the first three of the "
                         "global ranking. Every setting uses the same seed and replication "
                         "indices (common random numbers). {plan}."),
    "out.total_cost": ("总费用（未贴现）", "total cost (undiscounted)"),
    "out.peak_census": ("在院儿童峰值", "peak children in residence"),
    "out.lowest_compliance": ("最低的配比达标天数占比", "lowest share of days meeting the ratios"),
    "out.lowest_at": ("基准：{institution}", "baseline: {institution}"),
    "out.deadline": ("按期（{date}）全部移交的概率", "P(all children moved by {date})"),
    "sec.sens_tornado": ("逐项变动", "One input at a time"),
    "sec.sens_global": ("全局排名", "Global ranking"),
    "sec.sens_inputs": ("变动的输入项及其范围", "Inputs varied and their ranges"),
    "sec.sens_left": ("未变动的输入项", "Inputs not varied"),
    "left.no_range": ("有出处且未给范围", "sourced, and no range given"),
    "left.plan_only": ("只影响优化，方案固定时不起作用", "read only by the optimizer; a fixed plan "
                       "already decided it"),
    "col.output": ("输出指标", "output"),
    "col.rank": ("排名", "rank"),
    "col.at_low": ("输入取低值时", "at the input's low end"),
    "col.at_high": ("输入取高值时", "at the input's high end"),
    "col.effect": ("影响（高−低）", "effect (high − low)"),
    "col.effect_interval": ("影响的95%区间（成对）", "95 % interval of the effect (paired)"),
    "col.score.morris": ("μ*", "μ*"),
    "col.score.sobol": ("总效应指数", "total-order index"),
    "col.score_conf": ("95%置信半宽", "95 % confidence half-width"),
    "col.why": ("原因", "why"),
    "col.first": ("第一", "first"),
    "col.second": ("第二", "second"),
    "col.third": ("第三", "third"),
    "chart.tornado": ("逐项变动：各输入项从低值到高值时的输出", "One at a time: each output with "
                      "each input at its low and high end"),
    "chart.global": ("全局排名（{method}）", "Global ranking ({method})"),
    "chart.low_end": ("输入取低值", "input at low end"),
    "chart.high_end": ("输入取高值", "input at high end"),
    "chart.baseline": ("基准", "baseline"),
    "unit.pp": ("个百分点", "pp"),
    "col.interval_from": ("{run}差额区间的依据", "interval of {run}'s difference"),
    "diff.paired": ("成对重复模拟（共同随机数）", "paired replications (common random numbers)"),
    "diff.seeds": ("独立样本：随机种子不同", "unpaired: the seeds differ"),
    "diff.replications": ("独立样本：重复模拟不同", "unpaired: the replications differ"),
    "diff.missing": ("运行未保存逐次结果，无区间", "no interval: the run kept no replications"),
    "note.paired": ("差额括号内为95%区间。两次运行使用相同随机种子和重复模拟编号时，第i次重复模拟"
                    "抽到相同的到达、儿童与用时（共同随机数），按成对差额计算区间，较窄；否则按独立样本"
                    "计算。比例之差以百分点表示。",
                    "Differences show their 95 % interval. Where two runs used the same seed "
                    "and replications, replication i of each drew the same arrivals, children "
                    "and durations (common random numbers) and the interval comes from the "
                    "paired differences, which is narrower; otherwise from independent "
                    "samples. Differences of shares are in percentage points."),
    "sec.inputs_differ": ("输入的差别", "What differs between the runs' inputs"),
    "col.part": ("部分", "part"),
    "part.scenario": ("情景设定", "scenario"),
    "part.region": ("地区数据", "region"),
    "part.rules": ("现行规则", "rules in force"),
    "part.plan": ("方案", "plan"),
    "note.inputs_same": ("各运行的输入（情景、地区数据、现行规则、方案）相同。",
                         "The runs' inputs (scenario, region, rules in force, plan) are the "
                         "same."),
    "note.inputs_missing": ("{runs}未保存输入（inputs.json），无法比较其情景、地区数据和规则。",
                            "{runs} kept no inputs (inputs.json): their scenario, region and "
                            "rules cannot be compared."),
}
