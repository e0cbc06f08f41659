"""The words of the report and of the comparison: section titles, column headings, sentences.

Kept apart from the charts' words (``reports.texts``) only so that neither list grows long;
``reports.i18n.Lang`` reads both. Sentences are format strings whose fields are filled with
numbers already formatted for the language.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "fmt.interval": ("95%区间 {low}–{high}", "95 % interval {low}–{high}"),
    "fmt.and_more": ("等，共{n}项", "… {n} in all"),
    "fmt.date_range": ("{start}至{end}", "{start} to {end}"),
    "fmt.stat_head": ("{head}（{unit}均值与95%区间）", "{head} ({unit}mean and 95 % interval)"),
    "sec.census": ("在院儿童", "Children in care"),
    "note.deadline_rules": ("依据：{rules}", "Rules: {rules}"),
    "words.scenario_level": ("情景要求：{name}", "scenario's service level: {name}"),
    "words.each_place": ("各适用地区", "each place it applies to"),
    "words.measured_required": ("测量值 / 要求值", "measured / required"),
    # sections
    "sec.summary": ("决策摘要", "Summary for decision-makers"),
    "sec.map": ("区域布局", "The region"),
    "sec.plan": ("方案", "The plan"),
    "sec.deadlines": ("移交期限与风险", "Deadlines and risks"),
    "sec.staffing": ("人员配备", "Staffing"),
    "sec.costs": ("费用", "Costs"),
    "sec.compliance": ("目标达成情况", "Compliance with the targets in force"),
    "sec.rules": ("适用的政策规则", "Rules in force and their sources"),
    "sec.assumptions": ("假设及其来源", "Assumptions and their sources"),
    "sec.encoded": ("按规则编码、未建模", "Encoded, not modelled"),
    "sec.rule_use": ("模型如何使用每条规则", "How the model uses each rule"),
    "sec.professional_path": ("专业人员比例的达标路径", "The path to the professionals' share"),
    "sec.staff_changes": ("方案的人员变动及其理由", "The plan's staff steps and why"),
    "sec.unplanned": ("方案未规划的目标", "Targets the plan does not plan for"),
    "sec.progress": ("各报送日的目标进展", "Progress on each reporting date"),
    "sec.manifest": ("运行记录", "Run manifest"),
    "sec.contents": ("目录", "Contents"),
    "sec.robust": ("三种方案对比：经验法、期望值最优、稳健最优",
                   "Three plans side by side: rule of thumb, expected-value and robust optimum"),
    "sec.robust_rounds": ("稳健方案的迭代过程", "Rounds of the robust loop"),
    "note.robust": ("三种方案在同一组未参与迭代的新随机数上模拟；服务水平按上述判定规则以95%区间"
                    "判定（区间下限达到要求才算达到），自新聘人员可上岗之日起计算达标天数；"
                    "迭代各轮按99%区间判定护理员配比，为最终检验留出余量。",
                    "All three plans are simulated on the same fresh random numbers the loop "
                    "never saw; service levels are judged by the rule above on 95 % intervals "
                    "(a level holds when the lower end of its interval reaches it), counting "
                    "days from the first day a new hire could work; the loop's rounds judge "
                    "caregiver ratios on 99 % intervals, keeping a margin for that check."),
    "col.plan": ("方案", "plan"),
    "col.sim_cost": ("模拟总费用", "simulated total cost"),
    "col.worst_compliance": ("最低的配比达标天数占比", "lowest share of days meeting the ratios"),
    "col.worst_deadline": ("最低的按期移交概率", "lowest chance of a transfer in time"),
    "col.meets_levels": ("达到服务水平", "meets the service levels"),
    "col.short": ("未达到处", "falls short at"),
    "col.round": ("轮次", "round"),
    "robust.caregivers": ("{institution}：护理员按每日需求的{quantile}分位数配备",
                          "{institution}: caregivers to the {quantile} quantile of daily need"),
    "robust.extra": ("，另加{n}名", " plus {n}"),
    "robust.beds": ("{institution}：床位按每年峰值在院人数的{quantile}分位数配置",
                    "{institution}: beds to the {quantile} quantile of the yearly peak"),
    "robust.beds_extra": ("，另加{n}张", " plus {n}"),
    "robust.team": ("{county}：移交工作组由{before}个增至{after}个",
                    "{county}: transfer team from {before} to {after}"),
    "col.changes": ("本轮调整", "what changed"),
    "plan.rule of thumb": ("经验法（按首日在院儿童配比）",
                           "rule of thumb (ratios applied to the first day's children)"),
    "plan.expected-value optimum": ("期望值最优方案", "expected-value optimum"),
    "plan.robust optimum": ("稳健最优方案", "robust optimum"),
    "plan.optimized": ("最优方案", "optimized plan"),
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "word.transfer_of": ("{county}移交", "transfer of {county}"),
    "word.beds_of": ("{place}床位", "beds of {place}"),
    "col.worst_beds": ("最低的不超床位概率", "lowest chance of no day over capacity"),
    "sec.compare": ("方案比较", "Comparison of plans"),
    "sec.runs": ("参与比较的运行", "Runs compared"),
    "sec.cost_year": ("按年度和类别的费用", "Cost by year and category"),
    "sec.cost_inst": ("按机构和类别的费用", "Cost by institution and category"),
    "sec.cost_inst_total": ("按机构的费用（规划期合计）", "Cost by institution over the horizon"),
    "sec.cost_role": ("按年度和岗位的工资", "Wages by year and staff role"),
    "sec.staff_year": ("按年度和岗位的计划人数", "Planned staff by year and role"),
    "sec.staff_inst": ("按机构和岗位的计划人数（期末年度）",
                       "Planned staff by institution and role (last year)"),
    "sec.kpis": ("主要指标", "Headline figures"),
    "sec.service_levels": ("情景设定的服务水平", "Service levels set by the scenario"),
    "title.report": ("{scenario}：儿童福利机构优化提质规划报告",
                     "{scenario}: planning report for the consolidation of child welfare "
                     "institutions"),
    "title.compare": ("方案比较：{names}", "Comparison: {names}"),
    "subtitle": ("{region} · 方案“{plan}” · {start}至{end} · {n}次重复模拟",
                 {"one": "{region} · plan “{plan}” · {start} to {end} · {n} replication",
                  "other": "{region} · plan “{plan}” · {start} to {end} · {n} replications"}),
    # summary sentences
    "sum.transfer": ("按方案“{plan}”，{homes}将长期监护儿童移交至{regional}；"
                     "所有儿童按期（{deadline}）移交完毕的概率为{p}（{interval}）。",
                     "Under plan “{plan}”, {homes} hand their long-term children to "
                     "{regional}; the probability that every child has moved by the deadline "
                     "({deadline}) is {p} ({interval})."),
    "sum.homes_1": ("1家县级儿童福利机构", "one county welfare home"),
    "sum.homes_n": ("{n}家县级儿童福利机构", "{n} county welfare homes"),
    "sum.regional_1": ("区域性儿童福利机构", "the regional institution"),
    "sum.regional_n": ("{n}家区域性儿童福利机构", "{n} regional institutions"),
    "sum.no_transfer": ("按方案“{plan}”，本区域没有需要移交长期监护儿童的县级儿童福利机构。",
                        "Under plan “{plan}”, no county welfare home of the region has "
                        "long-term children to hand over."),
    "sum.cost": ("{start}–{end}年总费用约{total}{unit}（{interval}），其中人员工资占{wages}。",
                 "The total cost over {start}–{end} is {total} {unit} ({interval}), of which "
                 "wages are {wages}."),
    "sum.staff": ("自新聘人员最早可上岗之日（{first}）起，在机构有儿童在院的天数中，"
                  "护理员配备达标的占{share}（{interval}）；达标天数占比最低的是{worst}（{worst_share}）。",
                  "From the first day a new hire can start ({first}), caregivers meet the "
                  "ratios on {share} of the institution-days with children in care "
                  "({interval}); the lowest share is at {worst} ({worst_share} of days)."),
    "plan.status quo": ("现状方案", "status quo"),
    "sum.staff_level": ("自新聘人员最早可上岗之日（{first}）起，在机构有儿童在院的天数中，"
                        "护理员配备达标的占{share}（{interval}）；达标天数占比最低的是{worst}（{worst_share}），"
                        "情景要求每家机构至少{level}。",
                        "From the first day a new hire can start ({first}), caregivers meet "
                        "the ratios on {share} of the institution-days with children in care "
                        "({interval}); the lowest share is at {worst} ({worst_share} of days), "
                        "against a service level of {level} at every institution."),
    "sum.staff_none": ("规划期内没有机构有儿童在院，无需配备护理员（{share}，{interval}）。",
                       "No institution holds children over the horizon, so no caregivers are "
                       "required ({share}, {interval})."),
    "sum.targets": ("在{n}项现行目标中，{parts}。",
                    {"one": "Of the {n} target in force, {parts}.",
                     "other": "Of the {n} targets in force, {parts}."}),
    "sum.t_met": ("{n}项已达标", {"one": "{n} is met", "other": "{n} are met"}),
    "sum.t_missed": ("{n}项未达标", {"one": "{n} is missed", "other": "{n} are missed"}),
    "sum.t_open": ("{n}项未能确认", {"one": "{n} is not confirmed",
                                     "other": "{n} are not confirmed"}),
    "sum.t_due": ("{n}项未到期", {"one": "{n} is not yet due", "other": "{n} are not yet due"}),
    "sum.t_unmeasured": ("{n}项无法由模型测量", "{n} cannot be measured by the model"),
    # column headings
    "col.institution": ("机构", "institution"),
    "col.id": ("编号", "id"),
    "col.county": ("县（市、区）", "county"),
    "col.prefecture": ("设区市", "prefecture"),
    "col.kind": ("类型", "kind"),
    "col.role": ("职能", "role"),
    "col.year": ("年度", "year"),
    "col.beds": ("床位", "beds"),
    "col.caregiver": ("护理员", "caregivers"),
    "col.professional": ("专业人员", "professionals"),
    "col.other": ("其他人员", "other staff"),
    "col.staff_role": ("岗位", "staff role"),
    "col.regional": ("区域性机构", "regional institution"),
    "col.distance": ("距离（公里）", "distance (km)"),
    "col.children_moved": ("移交儿童（均值）", "children transferred (mean)"),
    "col.townships": ("乡镇（街道）", "townships"),
    "col.workstations": ("保护工作站", "workstations"),
    "col.center_entity": ("救助保护机构实体化运行", "protection center runs as an entity"),
    "col.option": ("新建、改扩建项目", "renovations and new builds"),
    "col.start": ("开工", "start"),
    "col.ready": ("建成", "ready"),
    "col.beds_added": ("新增床位", "beds added"),
    "col.capital": ("投资", "capital cost"),
    "col.children": ("移交儿童", "children transferred"),
    "col.home": ("县级机构", "county home"),
    "col.deadline": ("儿童移交期限", "children moved by"),
    "col.work_by": ("工作完成期限", "work complete by"),
    "col.p_moved": ("按期移交概率", "P(children moved in time)"),
    "col.p_work": ("按期完成概率", "P(work complete in time)"),
    "col.all_moved": ("全部移交日（均值）", "day all moved (mean)"),
    "col.rule": ("依据", "rule"),
    "col.required_mean": ("应配护理员（均值）", "caregivers required (mean)"),
    "col.on_roll_mean": ("在岗护理员（均值）", "caregivers on roll (mean)"),
    "col.ratio_share": ("配比达标天数占比", "days meeting the ratios"),
    "note.ratio_compliance": ("配比达标天数占比：自{first}（新聘人员最早可上岗之日）起，"
                              "机构有儿童在院的天数中，在岗护理员达到配比（及24小时值班）要求的天数所占比例；"
                              "从未有儿童在院的机构不计（–）。",
                              "Days meeting the ratios: of the days from {first} (the first day a "
                              "new hire can start) on which the institution holds children, the "
                              "share with the caregivers the ratios (and round-the-clock duty) "
                              "require; an institution that never holds children has none (–)."),
    "col.professional_share": ("专业人员比例达标天数占比", "days meeting the professional share"),
    "col.over_days": ("超床位天数", "days over capacity"),
    "col.peak": ("在院儿童峰值", "peak children in residence"),
    "col.planned": ("计划人数", "planned heads"),
    "col.category": ("类别", "category"),
    "col.total": ("合计", "total"),
    "col.mean": ("均值", "mean"),
    "col.ci_low": ("95%区间下限", "95 % interval, low"),
    "col.ci_high": ("95%区间上限", "95 % interval, high"),
    "col.target": ("目标", "target"),
    "col.jurisdiction": ("制定地区", "jurisdiction"),
    "col.due": ("期限", "due"),
    "col.required": ("要求值", "required"),
    "col.measured": ("模拟测量值", "simulated"),
    "col.status": ("结论", "verdict"),
    "col.how": ("测量方法", "how measured"),
    "col.key": ("规则", "rule key"),
    "col.description": ("含义", "meaning"),
    "col.value": ("取值", "value"),
    "col.unit": ("单位", "unit"),
    "col.effective": ("生效日", "effective"),
    "col.document": ("文件", "document"),
    "col.clause": ("条款", "clause"),
    "col.quote": ("原文", "quote"),
    "col.origin": ("来源类型", "origin"),
    "col.source": ("来源", "source"),
    "col.where": ("位置", "where"),
    "col.reason": ("理由", "reason"),
    "col.use": ("用途", "use"),
    "col.date": ("日期", "date"),
    "col.from": ("原人数", "from"),
    "col.to": ("新人数", "to"),
    "col.why": ("原因", "why"),
    "col.path_start": ("1月1日专业人员", "professionals on 1 January"),
    "col.path_end": ("12月31日专业人员", "professionals on 31 December"),
    "col.path_hired": ("年内按路径增加", "added along the path"),
    "col.path_share": ("年末专业人员比例", "share at the year's end"),
    "col.path_wages": ("专业人员工资（模拟均值）", "professionals' wages (simulated mean)"),
    "col.path_more": ("比上年增加", "more than the year before"),
    "use.drives": ("驱动模型行为", "drives behaviour"),
    "use.judged": ("作为目标评判", "judged as a target"),
    "use.encoded": ("按规则编码、未建模", "encoded, not modelled"),
    "why.ratios": ("按配比照料预期儿童", "the ratios for the expected children"),
    "why.round_the_clock": ("24小时值班的最少人数", "the fewest for round-the-clock duty"),
    "why.floor": ("稳健方案：模拟需求的分位数", "robust plan: a quantile of the simulated need"),
    "why.opens": ("新的区域性机构开始运行", "a new regional institution opens"),
    "why.hands_over": ("移交：人员随儿童转岗或分流（随移交进度，不在固定日期）",
                       "hand-over: staff move with the children or leave (as the transfer "
                       "goes, not on a set day)"),
    "why.kept": ("方案保留的人员", "kept by the plan"),
    # what the optimizer cites for a step it decided itself (optimize/readout.py)
    "by.plan": ("方案决定", "the plan's choice"),
    "by.plan: professionals of the year": ("方案决定：当年的专业人员",
                                           "the plan's choice: the year's professionals"),
    "by.plan: a new regional institution": ("方案决定：新的区域性机构",
                                            "the plan's choice: a new regional institution"),
    "by.robust plan: a quantile of the simulated need": (
        "稳健方案：模拟需求的分位数", "robust plan: a quantile of the simulated need"),
    "why.receives": ("接收移交的儿童：按配比配备，部分人员随儿童转入",
                     "receives a county's children: staffed by the ratios, some staff coming "
                     "with the children"),
    "note.professional_path": ("专业人员在增加的年份内按路径逐步招聘（自1月1日的人数起，"
                               "至12月31日达到方案人数），不在一天内到岗；比例在期限日测量。",
                               "Professionals are recruited along a path through each year in "
                               "which they rise (from the number on 1 January to the plan's "
                               "by 31 December), never all on one day; the share is measured "
                               "on its due date."),
    "note.staff_changes": ("方案中护理员和其他人员的每次变动：首年在新聘人员最早可上岗之日，"
                           "其后在1月1日。一天内变动超过机构人员{share}且多于{heads}人即为跃变，"
                           "每次跃变都须在此列出理由。",
                           "Every step of caregivers and other staff in the plan: in the first "
                           "year on the first day a new hire can start, later on 1 January. A "
                           "change in one day of more than {share} of an institution's staff "
                           "and more than {heads} heads is a jump; each one is explained here."),
    "note.progress": ("每年12月底前报送工作进展（{clause}）：各报送日的方案测量值，"
                      "括号内为模拟均值（不同时）。",
                      "Progress is reported by the end of each year ({clause}): the plan's "
                      "figure on each reporting date, the simulated mean in brackets where "
                      "it differs."),
    "note.jumps_only": ("本页仅列出跃变（{shown}项，共{n}项）；表格文件列出全部。",
                        "Only the {shown} jumps (of {n} steps) are shown here; the spreadsheet "
                        "and CSV files list every step."),
    "words.simulated_as": ("（模拟 {value}）", " (simulated {value})"),
    "col.item": ("项目", "item"),
    "col.run": ("运行", "run"),
    "col.difference": ("差额 {run}−{base}", "difference {run}−{base}"),
    "col.indicator": ("指标", "indicator"),
    "note.quoted": ("引号内为数据文件原文，未经翻译。",
                    "Text in quotation marks is quoted from the data files as written."),
    # the printed report's title page
    "cover.region": ("地区", "region"),
    "cover.scenario": ("情景", "scenario"),
    "cover.plan": ("方案", "plan"),
    "cover.horizon": ("规划期", "horizon"),
    "cover.run": ("运行编号", "run id"),
    "cover.no_run": ("（未记录于运行库）", "(not recorded in a run store)"),
    "cover.date": ("报告日期", "report date"),
    # manifest and misc
    "man.scenario": ("情景", "scenario"),
    "man.hash": ("情景内容哈希", "scenario hash"),
    "man.seed": ("随机种子", "seed"),
    "man.replications": ("重复模拟次数", "replications"),
    "man.plan": ("方案", "plan"),
    "man.horizon": ("规划期", "horizon"),
    "man.versions": ("软件版本", "versions"),
    "man.run_id": ("运行编号", "run id"),
    "man.solver": ("求解器", "solver"),
    "man.generated": ("报告语言", "report language"),
    "kpi.total_cost_yuan": ("总费用", "total cost"),
    "kpi.peak_children_in_residence": ("在院儿童峰值", "peak children in residence"),
    "kpi.children_in_care_at_end": ("期末在养儿童", "children in care at the end"),
    "kpi.ratio_compliance_days": ("护理员配比达标天数占比（有儿童在院的机构天数）",
                                  "days meeting caregiver ratios (institution-days with "
                                  "children in care)"),
    "kpi.over_capacity_institution_days": ("出现超床位的重复模拟占比",
                                           "replications with any day over capacity"),
    "kpi.all_children_moved_by_deadline": ("按期全部移交概率",
                                           "P(all children moved by the deadline)"),
    "note.money": ("金额单位：万元；表格文件（.xlsx、.csv）以元为单位。",
                   "Money in million yuan; the spreadsheet and CSV files are in yuan."),
    "note.intervals": ("括号内为95%置信区间（均值）或威尔逊区间（概率），基于{n}次重复模拟；"
                       "多数重复模拟中为零的数（如超床位天数）给出发生的重复模拟占比及发生时的"
                       "大小，不给均值。",
                       {"one": "Intervals are 95 % confidence intervals of the mean (Wilson "
                               "intervals for probabilities) over {n} replication; a figure "
                               "that is zero in most replications (days over capacity) is given "
                               "as the share of replications in which it happens and its size "
                               "when it does, not as a mean.",
                        "other": "Intervals are 95 % confidence intervals of the mean (Wilson "
                                 "intervals for probabilities) over {n} replications; a figure "
                                 "that is zero in most replications (days over capacity) is "
                                 "given as the share of replications in which it happens and "
                                 "its size when it does, not as a mean."}),
    "note.compare_files": ("比较以各运行保存的数值（summary.json 中的重复模拟均值、"
                           "plan.json 中的计划人数）为准；差额为各运行减去第一个运行（基准）。",
                           "The comparison uses the numbers each run stored (means over "
                           "replications in summary.json, planned heads in plan.json); "
                           "differences are each run minus the first (the baseline)."),
    "note.not_listed": ("另有{n}家始终为未成年人救助保护机构的机构未逐一列出；"
                        "表格文件列出全部机构。",
                        {"one": "{n} institution that is a minor protection center throughout "
                                "is not listed; the spreadsheet and CSV files list every "
                                "institution.",
                         "other": "{n} institutions that are minor protection centers "
                                  "throughout are not listed; the spreadsheet and CSV files "
                                  "list every institution."}),
    "note.changed_only": ("仅列出有差额的{shown}行（共{n}行）；表格文件列出全部。",
                          "Only the {shown} rows (of {n}) with a difference are shown; the "
                          "spreadsheet and CSV files list every row."),
    "note.rules_when": ("规划期内各年1月1日及期末适用的规则。",
                        "Rules in force on 1 January of each year of the horizon and on its "
                        "last day."),
    "note.scope": ("在本区域{n}个县（市、区）测量。",
                   {"one": "measured over {n} county of the region.",
                    "other": "measured over {n} counties of the region."}),
    "note.partial": ("本区域仅覆盖{place}的一部分，无法测量全域数量",
                     "the region covers only part of {place}; a count for all of it cannot "
                     "be measured"),
    "note.no_centers": ("方案中无救助保护机构", "the plan has no protection centers"),
    "note.not_modelled": ("模型不涉及此项", "outside what the model represents"),
    "note.before_horizon": ("期限早于规划期", "due before the horizon starts"),
    "note.no_townships": ("本地无乡镇（街道）", "no townships here"),
    "note.no_staff": ("机构无在岗人员", "no staff on roll"),
    "note.no_plan_record": ("地区数据文件未记录本省的工作实施方案（{field}）",
                            "the region file records no implementation plan of the province "
                            "({field})"),
    "note.plan_undated": ("地区数据文件记录了本省的工作实施方案（{num}），但未记录其印发日期"
                          "（{field}）",
                          "the region file records the province's implementation plan, {num}, "
                          "but not its date of issue ({field})"),
    "note.allowance_standard": ("地区数据文件未给出实际发放水平，按最低标准发放",
                                "the region file gives no level paid: the minimum standard "
                                "is paid"),
    "how.workstations": ("有工作站的乡镇 {num} ÷ 乡镇（街道）{den}；{place}，{date}",
                         "townships with a workstation {num} ÷ townships {den}; {place}, "
                         "{date}"),
    "how.operation": ("实体化运行的市、县救助保护中心 {num} ÷ 市、县救助保护中心 {den}"
                      "（每县（市、区）、每市各一）；{place}，{date}",
                      "city and county protection centers running as entities {num} ÷ "
                      "centers {den} (one per county, one per city); {place}, {date}"),
    "how.county_centers": ("实体化运行的县级救助保护中心 {num} ÷ 县（市、区）{den}；"
                           "{place}，{date}",
                           "county protection centers running as entities {num} ÷ counties "
                           "{den}; {place}, {date}"),
    "how.regional": ("职能为区域性儿童福利机构的机构 {num} 家；{place}，{date}",
                     "institutions serving as regional institution: {num}; {place}, {date}"),
    "how.new_regional": ("已建成新建、提升改造项目的区域性儿童福利机构；{place}，{date}",
                         "regional institutions with a new building or a renovation ready; "
                         "{place}, {date}"),
    "how.transformed": ("已移交儿童并转型的县级儿童福利机构 {num} ÷ 县级儿童福利机构 {den}；"
                        "{place}，{date}",
                        "county homes handed over and transformed {num} ÷ county homes {den}; "
                        "{place}, {date}"),
    "how.chance": ("{date}前全部完成的模拟次数占 {p}（{interval}），要求至少{level}；{place}",
                   "done by {date} in {p} of the replications ({interval}), at least {level} "
                   "required; {place}"),
    "how.professional": ("专业人员 {num} ÷ 在岗人员 {den}（未关闭的机构）；{place}，{date}",
                         "professionals {num} ÷ staff on roll {den} (institutions not "
                         "closed); {place}, {date}"),
    "how.implementation_plan": ("已印发实施方案的省份 {num} ÷ 省份 {den}；{date}前",
                                "provinces with their implementation plan issued {num} ÷ "
                                "provinces {den}; by {date}"),
    "how.allowance": ("地区数据文件：实际发放 {num} 元/年（{date}）",
                      "region file: {num} yuan a year paid ({date})"),
    "how.allowance_rule": ("文件记载的实际水平 {num} 元/年（{date}）",
                           "the level a document records: {num} yuan a year ({date})"),
    "why.demo_homes": ("模型不含村（社区）儿童之家", "the model holds no villages' children's "
                       "homes"),
    "why.social_orgs": ("模型不含儿童服务类社会组织", "the model holds no child-service social "
                        "organisations"),
    "why.centers_built": ("地区数据文件未列出救助保护中心的新建、改扩建方案",
                          "the region file lists no building or extension options for "
                          "protection centers"),
    "why.optimized": ("模型不描述机构的服务质量（医疗、康复、特殊教育），无法判断是否实现"
                      "{term_optimise}",
                      "the model does not describe the quality of an institution's care "
                      "(medical care, rehabilitation, special education), so it cannot judge "
                      "{term_optimise}"),
    "why.partial": ("本区域仅覆盖该省的一部分，无法规划全省数量",
                    "the region covers only part of the province, so cannot plan a count for "
                    "all of it"),
    "why.document": ("这是省级文件的报送期限，不由方案决定",
                     "a deadline for a provincial document, not a decision of the plan"),
    "use.roles.regional_takes_long_term": ("长期监护儿童送区域性机构，机构不得拒收",
        "long-term children go to the regional institution, which takes every one"),
    "use.roles.county_transforms_to_protection": ("县级机构停止接收长期监护儿童之日、转型期限",
        "the last day a county home takes long-term children; the transformation deadline"),
    "use.roles.multiple_regional_allowed": ("优化模型：每市区域性机构的最多数量",
        "the optimizer: the most regional institutions a city may have"),
    "use.intake.county_accepts_long_term": ("县级机构停止接收长期监护儿童之日",
        "the day a county home stops taking long-term children"),
    "use.intake.regional_accepts_all_eligible": ("市级机构应收尽收（满员计为超床位，不拒收）",
        "the city institution takes every child (a full institution is over capacity, never a "
        "refusal)"),
    "use.intake.emergency_temporary_care_at_county": (
        "夜间、紧急情况下新发现的婴儿先由县级临时照料",
        "infants found at night or in an emergency are first cared for in the county"),
    "use.transfer.window_start": ("移交工作开始之日",
        "the first day of the transfer campaign"),
    "use.transfer.children_moved_by": ("儿童移交期限；方案的移交年份",
        "the deadline for moving the children; the plan's hand-over year"),
    "use.transfer.work_complete_by": ("移交工作（含总结）结束期限",
        "the deadline of the transfer work, summary included"),
    "use.transfer.steps": ("移交工作的步骤",
        "the steps of the transfer campaign"),
    "use.transfer.grouping": ("移交儿童的分组顺序",
        "the order in which children are taken"),
    "use.transfer.transformation_complete_by": ("县级机构转型期限（绍兴）",
        "the county homes' transformation deadline (Shaoxing)"),
    "use.intake.steps": ("新发现婴儿的入院步骤",
        "a found infant's intake steps"),
    "use.intake.announcement_days": ("寻亲公告期天数",
        "the days of the search announcement"),
    "use.staffing.caregiver_ratio.self_care": ("每名自理儿童所需护理员",
        "caregivers a self-care child needs"),
    "use.staffing.caregiver_ratio.semi_self_care": ("每名半自理儿童所需护理员",
        "caregivers a semi-self-care child needs"),
    "use.staffing.caregiver_ratio.full_care": ("每名不能自理儿童所需护理员",
        "caregivers a full-care child needs"),
    "use.staffing.professional_share_min": ("专业人员按路径招聘，期限日测量并评判",
        "professionals hired along a path; measured and judged on the due date"),
    "use.staffing.round_the_clock_duty": ("有儿童在院时的最少护理员（24小时值班）",
        "the fewest caregivers while children are in care (round-the-clock duty)"),
    "use.staffing.background_check_before_hire": ("招聘提前期（含入职查询）",
        "the hiring lead time (the check included)"),
    "use.training.annual_coverage": ("每年培训机构负责人和儿童督导员的工时与费用",
        "hours and cost of training heads of institutions and child supervisors every year"),
    "use.placement.aging_out_age": ("儿童成年离院",
        "children leave care as adults"),
    "use.placement.assessment_lead_months": ("年满18周岁前的评估及其工时与费用",
        "the assessment before 18, its hours and cost"),
    "use.foster.visit_interval_days": ("家庭寄养儿童走访的工时与费用",
        "hours and cost of visiting children in foster families"),
    "use.community.child_director_visit_interval_days": ("儿童主任探访受保障儿童的工时与费用",
        "hours and cost of child directors' contacts with supported children"),
    "use.allowance.institution_orphan_yuan_per_year": ("生活费最低标准：发放不低于此，并评判",
        "the allowance's minimum standard: never paid below it, and judged"),
    "use.allowance.institution_orphan_yuan_per_month_2020": ("2020年实际发放水平（仅2020年适用）",
        "the level paid in 2020 (in force in 2020 only)"),
    "use.reporting.annual_progress_due": ("各报送日的目标进展表",
        "the table of progress on each reporting date"),
    "use.targets.regional_institutions": ("方案规划并测量（全省数量，需区域覆盖全省）",
        "planned and measured (a province count: the region must hold the province)"),
    "use.targets.protection_center_operation_rate": ("方案规划并测量",
        "planned and measured"),
    "use.targets.township_workstation_coverage": ("方案规划并测量",
        "planned and measured"),
    "use.targets.transformation_complete": ("方案按期移交，模拟测量",
        "the plan hands over in time; measured in the simulation"),
    "use.targets.new_regional_institutions": ("方案规划并测量（全省数量，需区域覆盖全省）",
        "planned and measured (a province count: the region must hold the province)"),
    "use.targets.county_protection_centers_operating": ("方案规划并测量",
        "planned and measured"),
    "use.targets.provincial_implementation_plan": ("按地区数据文件记录的印发日期评判",
        "judged on the date of issue the region file records"),
    "use.roles.protection_keeps_temporary_care": (
        "模型始终在县级机构临时照料；每次临时照料引用此规则",
        "the model always keeps temporary care at the county; each temporary stay cites the rule"),
    "use.roles.county_hub_may_remain": ("保留县级集中养育机构不在方案的选项之中",
        "keeping a county hub is not among the plan's choices"),
    "use.intake.centralized_care_extends_to": ("地区数据文件的到达率不区分儿童类别",
        "the region file's arrival rates do not tell the groups of children apart"),
    "use.transfer.hukou_follows_child": ("户籍始终随儿童迁移，例外情形未建模；每次落户引用此规则",
        "the registration always moves with the child (the exception is not modelled); each "
        "registration cites the rule"),
    "use.transfer.with_archives_and_property": ("档案由移交步骤体现，代管财产未建模",
        "the archive is in the transfer's steps; property held in trust is not modelled"),
    "use.transfer.sending_counties": ("移交的县即地区数据文件中有县级儿童福利机构的县",
        "the counties that send are those with a county home in the region file"),
    "use.transfer.no_gap": (
        "每次移交带走机构的全部长期监护儿童，市级机构全部接收；期限表显示何时完成",
        "every campaign moves every long-term child and the city institution takes each; the "
        "deadlines table says when"),
    "use.transfer.staff_continuity": ("转型机构的人员始终先转岗至区域性机构；每次转岗引用此规则",
        "a transforming home's staff are always offered to the regional institution first; each "
        "move cites the rule"),
    "use.placement.adoption_by_assessment": ("送养由地区数据文件的收养率体现",
        "adoption is in the region file's adoption rates"),
    "use.community.left_behind_update_interval_days": ("地区数据文件没有留守儿童人数",
        "the region file gives no count of left-behind children"),
    "use.community.outreach_per_year": ("地区数据文件没有村（社区）",
        "the region file holds no villages"),
    "use.funding.allowance_ring_fenced": ("生活费已单列为费用项目，不用于其他支出",
        "the allowance is already its own cost line, spent on nothing else"),
    "words.region_part": ("{place}在本区域的部分", "the region's part of {place}"),
    "words.share_of_runs": ("{p}的模拟次数中成立", "true in {p} of the replications"),
    "col.measured_plan": ("方案测量值", "in the plan"),
    "how.ratio_days": ("模拟：护理员达标的机构天数占比", "simulated: institution-days with "
                       "enough caregivers"),
    "how.deadline_p": ("模拟：所有儿童按期移交的概率", "simulated: P(all children moved in "
                       "time)"),
    "sl.ratio_compliance_days": ("护理员配比达标天数占比", "days meeting caregiver ratios"),
    "sl.transfer_deadline_probability": ("按期移交概率", "probability of moving all children "
                                         "in time"),
    "src.scenario_service_levels": ("情景文件", "scenario file"),
    "sl.bed_capacity_probability": ("任一天均不超床位的概率",
                                    "probability of no day over capacity"),
    "col.places": ("地点", "where"),
    "fmt.chance_at_least": ("（概率≥{level}）", " (chance ≥ {level})"),
    "fold.counties": ("{n}个县（市、区）：{names}", "{n} counties: {names}"),
    "fold.institutions": ("{n}家机构：{names}", "{n} institutions: {names}"),
    "fold.places": ("{n}个地区：{names}", "{n} places: {names}"),
    "fold.lowest": ("（最低：{name}）", " (lowest: {name})"),
    "col.level_note": ("说明", "note"),
    "col.over_share": ("超床位的重复模拟", "replications over capacity"),
    "col.over_days_p50": ("超床位天数中位数（发生时）",
                          "days over capacity, median when it happens"),
    "col.over_days_p90": ("超床位天数90%分位（发生时）",
                          "days over capacity, 90th percentile when it happens"),
    "col.over_first": ("最早超床位日", "first day over capacity"),
    "unit.share_of_replications": ("重复模拟占比 0–1", "share of replications 0–1"),
    # the one judgement rule, and how many replications it took
    "note.judgement": ("判定规则：模拟得出的每项数值均按其95%区间判定——区间下限达到要求为“已达标”，"
                       "区间上限仍低于要求为“未达标”，区间跨越要求值为“未能确认”（点估计达到要求"
                       "并不足以判定，需要更多重复模拟）。服务水平、目标和移交期限均按此规则判定，"
                       "终端输出、报告、表格文件和运行库中的结论一致。",
                       "How a figure is judged: every simulated figure is judged on its 95 % "
                       "interval — met when the interval's lower end reaches the level, missed "
                       "when its upper end falls short of it, and not confirmed when the "
                       "interval straddles the level (a point estimate on the level proves "
                       "nothing; more replications decide it). Service levels, targets and "
                       "deadlines are all judged this way, and the terminal, the report, the "
                       "spreadsheet and the run store give the same verdicts."),
    "note.too_few": ("{n}次重复模拟即使全部达到，概率最多只能确认到{best}；确认{level}至少需要"
                     "{needed}次重复模拟。",
                     "with {n} replications, even if every one succeeds, a probability can be "
                     "confirmed only up to {best}; confirming {level} takes at least {needed} "
                     "replications."),
    "note.certainty": ("100%的概率无法由任何次数的重复模拟确认。",
                       "a probability of 100 % cannot be confirmed by any number of "
                       "replications."),
    "note.straddles": ("区间跨越要求值，需要更多重复模拟。",
                       "the interval straddles the level; more replications are needed."),
    "note.adaptive": ("本次运行分{batches}批共进行{n}次重复模拟：每批之后判定全部服务水平和目标，"
                      "直至均已判定（达标或未达标，或区间宽度小于{width}），上限{max}次。",
                      "The run simulated {n} replications in {batches} batches, judging every "
                      "service level and target after each batch until all were decided (met "
                      "or missed, or an interval narrower than {width}), at most {max}."),
    "note.adaptive_open": ("达到上限时仍有{k}项未能判定：{items}。",
                           "At the cap, {k} stayed undecided: {items}."),
    "note.adaptive_narrow": ("{k}项停止时仍未能确认，其区间已窄于{width}，增加重复模拟也无法判定："
                             "{items}。",
                             "{k} stayed not confirmed when the run stopped, their intervals "
                             "already narrower than {width}, so that more replications would "
                             "not decide them: {items}."),
    "note.adaptive_decided": ("停止时没有未能确认的服务水平或目标。",
                              "When the run stopped, no service level or target was left not "
                              "confirmed."),
    "note.fixed": ("本次运行的重复模拟次数是固定的（{n}次，由情景文件或命令行{option}给定），"
                   "未按判定结果增减。",
                   "The run was given a fixed number of replications ({n}, by the scenario or "
                   "{option}), not as many as its verdicts needed."),
    "sum.levels": ("服务水平判定：{met}项已达标、{missed}项未达标、{open}项未能确认（共{n}项）。",
                   "Service levels: {met} met, {missed} missed and {open} not confirmed, of "
                   "{n} judged."),
    "sum.levels_why": ("其中{k}项未能确认是因为重复模拟次数不足：{why}。",
                       " {k} of them are not confirmed because there are too few "
                       "replications: {why}."),
    # rare outcomes: how often, how large when they happen, from when
    "occ.none": ("在{n}次重复模拟中，没有任何机构出现在院儿童多于床位的情况。",
                 "In none of the {n} replications does any institution have more children in "
                 "residence than beds."),
    "occ.one": ("{n}次重复模拟中有{k}次超出{place}的{beds}张床位，自{start}起，超出{days}"
                "（{share}，{interval}）。",
                "{k} of {n} replications exceeds the {beds} beds of {place}, from {start}, "
                "for {days} ({share}, {interval})."),
    "occ.days": ("{n}天", {"one": "{n} day", "other": "{n} days"}),
    "occ.two": ("{n}次重复模拟中有{k}次超出{place}的{beds}张床位，分别自{start}和{start2}起，"
                "超出{a}天和{b}天（{share}，{interval}）。",
                "{k} of {n} replications exceed the {beds} beds of {place}, from {start} and "
                "{start2}, for {a} and {b} days ({share}, {interval})."),
    "occ.three": ("{n}次重复模拟中有{k}次超出{place}的{beds}张床位，分别自{start}、{start2}和"
                  "{start3}起，超出{a}天、{b}天和{c}天（{share}，{interval}）。",
                  "{k} of {n} replications exceed the {beds} beds of {place}, from {start}, "
                  "{start2} and {start3}, for {a}, {b} and {c} days ({share}, {interval})."),
    "occ.many": ("{n}次重复模拟中有{k}次超出{place}的{beds}张床位，最早自{start}起"
                 "（中位{median}），超出天数中位数{p50}天、90%分位{p90}天（{share}，{interval}）。",
                 "{k} of {n} replications exceed the {beds} beds of {place}, from {start} at "
                 "the earliest (median {median}), for a median of {p50} days and a 90th "
                 "percentile of {p90} days ({share}, {interval})."),
    "occ.more": ("另有{n}家机构在部分重复模拟中超床位（见人员配备表）。",
                 {"one": "{n} more institution is over capacity in some replications (see "
                         "the staffing table).",
                  "other": "{n} more institutions are over capacity in some replications "
                           "(see the staffing table)."}),
    "occ.cell": ("{k}/{n}次（{share}，{interval}）", "{k} of {n} ({share}, {interval})"),
    "occ.cell_when": ("；发生时{days}天；自{start}起",
                      "; {days} days when it happens; from {start}"),
    "occ.brief": ("{k}/{n}（{share}）", "{k}/{n} ({share})"),
    "occ.brief_when": ("：{days}天", ": {days} days"),
    "occ.days_two": ("{a}、{b}", "{a} and {b}"),
    "occ.days_many": ("中位数{p50}、90%分位{p90}", "median {p50}, 90th percentile {p90}"),
    "kpi.over_capacity_institution_days_when": ("超床位机构天数（发生时）",
                                                "institution-days over capacity, when it "
                                                "happens"),
}


# the documents' own terms a sentence cites as field {term_<name>}: quoted, with the English a
# reader of English needs beside them (reports.i18n.Lang.rich)
TERMS: dict[str, tuple[str, str]] = {
    "optimise": ("优化提质", "optimisation and quality improvement"),
}
