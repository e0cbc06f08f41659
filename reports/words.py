"""The words of the report and of the comparison: section titles, column headings, sentences.

Kept apart from the charts' words (``reports.texts``) only so that neither list grows long;
``reports.i18n.Lang`` reads both. Sentences are format strings whose fields are filled with
numbers already formatted for the language.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "fmt.interval": ("95%区间 {low}–{high}", "95 % interval {low}–{high}"),
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
    "subtitle": ("{region} · 方案“{plan}” · {start} 至 {end} · {n}次重复模拟",
                 "{region} · plan “{plan}” · {start} to {end} · {n} replications"),
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
    "sum.staff": ("护理员配备达标的机构天数占比为{share}（{interval}）；达标天数占比最低的是"
                  "{worst}（{worst_share}）。",
                  "Caregivers meet the ratios on {share} of institution-days ({interval}); "
                  "the lowest share is at {worst} ({worst_share} of days)."),
    "plan.status quo": ("现状方案（status quo）", "status quo"),
    "sum.staff_level": ("护理员配备达标的机构天数占比为{share}（{interval}）；"
                        "自新聘人员最早可上岗之日（{first}）起计，达标天数占比最低的是{worst}（{worst_share}），"
                        "情景要求每家机构至少{level}。",
                        "Caregivers meet the ratios on {share} of institution-days ({interval}); "
                        "counted from the first day a new hire can start ({first}), the lowest "
                        "share is at {worst} ({worst_share} of days), against a service level "
                        "of {level} at every institution."),
    "sum.targets": ("在{n}项现行目标中，{met}项已达标、{missed}项未达标、{open}项未能确认、"
                    "{due}项未到期、{unmeasured}项无法由模型测量。",
                    "Of the {n} targets in force, {met} met, {missed} missed, {open} not "
                    "confirmed, {due} not yet due and {unmeasured} cannot be measured by the "
                    "model."),
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
    "col.measured": ("测量值", "measured"),
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
    "col.item": ("项目", "item"),
    "col.run": ("运行", "run"),
    "col.difference": ("差额 {run}−{base}", "difference {run}−{base}"),
    "col.indicator": ("指标", "indicator"),
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
    "kpi.ratio_compliance_days": ("护理员配比达标天数占比", "days meeting caregiver ratios"),
    "kpi.over_capacity_institution_days": ("出现超床位的重复模拟占比",
                                           "replications with any day over capacity"),
    "kpi.all_children_moved_by_deadline": ("按期全部移交概率",
                                           "P(all children moved by the deadline)"),
    "note.money": ("金额单位：万元；表格文件（.xlsx、.csv）以元为单位。",
                   "Money in million yuan; the spreadsheet and CSV files are in yuan."),
    "note.intervals": ("括号内为95%置信区间（均值）或Wilson区间（概率），基于{n}次重复模拟；"
                       "多数重复模拟中为零的数（如超床位天数）给出发生的重复模拟占比及发生时的"
                       "大小，不给均值。",
                       "Intervals are 95 % confidence intervals of the mean (Wilson intervals "
                       "for probabilities) over {n} replications; a figure that is zero in most "
                       "replications (days over capacity) is given as the share of "
                       "replications in which it happens and its size when it does, not as a "
                       "mean."),
    "note.compare_files": ("比较以各运行保存的数值（summary.json 中的重复模拟均值、"
                           "plan.json 中的计划人数）为准；差额为各运行减去第一个运行（基准）。",
                           "The comparison uses the numbers each run stored (means over "
                           "replications in summary.json, planned heads in plan.json); "
                           "differences are each run minus the first (the baseline)."),
    "note.not_listed": ("另有{n}家始终为未成年人救助保护机构的机构未逐一列出；"
                        "表格文件列出全部机构。",
                        "{n} institutions that are minor protection centers throughout are "
                        "not listed; the spreadsheet and CSV files list every institution."),
    "note.changed_only": ("仅列出有差额的{shown}行（共{n}行）；表格文件列出全部。",
                          "Only the {shown} rows (of {n}) with a difference are shown; the "
                          "spreadsheet and CSV files list every row."),
    "note.rules_when": ("规划期内各年1月1日及期末适用的规则。",
                        "Rules in force on 1 January of each year of the horizon and on its "
                        "last day."),
    "note.scope": ("在本区域{n}个县（市、区）测量。", "measured over {n} counties of the region."),
    "note.partial": ("本区域仅覆盖{place}的一部分，无法测量全域数量。",
                     "the region covers only part of {place}; a count for all of it cannot "
                     "be measured."),
    "note.no_centers": ("方案中无救助保护机构。", "the plan has no protection centers."),
    "note.not_modelled": ("模型不涉及此项。", "outside what the model represents."),
    "note.before_horizon": ("期限早于规划期。", "due before the horizon starts."),
    "how.workstations": ("乡镇工作站数÷乡镇（街道）数，{year}年",
                         "workstations ÷ townships, {year}"),
    "how.operation": ("实体化运行的救助保护机构÷救助保护机构，{year}年",
                      "centers operating as entities ÷ protection centers, {year}"),
    "how.regional": ("方案中职能为区域性机构的数量，{year}年",
                     "institutions the plan makes regional, {year}"),
    "how.new_regional": ("方案中区域性机构的新建、改扩建项目（{date}前建成）",
                         "new builds and renovations of regional institutions ready by {date}"),
    "how.transformed": ("模拟：{date}前全部县级机构完成移交的概率 {p}（{interval}），"
                        "要求至少{level}",
                        "simulated: P(every county home transformed by {date}) {p} "
                        "({interval}), at least {level} required"),
    "how.professional": ("模拟：{date}在岗人员中专业人员占比（均值）",
                         "simulated: professionals among staff on roll on {date} (mean)"),
    "how.ratio_days": ("模拟：护理员达标的机构天数占比", "simulated: institution-days with "
                       "enough caregivers"),
    "how.deadline_p": ("模拟：所有儿童按期移交的概率", "simulated: P(all children moved in "
                       "time)"),
    "sl.ratio_compliance_days": ("护理员配比达标天数占比", "days meeting caregiver ratios"),
    "sl.transfer_deadline_probability": ("按期移交概率", "probability of moving all children "
                                         "in time"),
    "src.scenario_service_levels": ("情景文件 service_levels", "scenario file, service_levels"),
    "sl.bed_capacity_probability": ("任一天均不超床位的概率",
                                    "probability of no day over capacity"),
    "col.places": ("地点", "where"),
    "fmt.chance_at_least": ("（概率≥{level}）", " (chance ≥ {level})"),
    "fold.counties": ("{n}个县（市、区）：{names}", "{n} counties: {names}"),
    "fold.institutions": ("{n}家机构：{names}", "{n} institutions: {names}"),
    "fold.lowest": ("（最低：{name}）", " (lowest: {name})"),
    "col.why": ("说明", "note"),
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
    "note.fixed": ("本次运行的重复模拟次数是固定的（{n}次，由情景文件或命令行--replications给定），"
                   "未按判定结果增减。",
                   "The run was given a fixed number of replications ({n}, by the scenario or "
                   "--replications), not as many as its verdicts needed."),
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
    "occ.one": ("{n}次重复模拟中有{k}次超出{place}的{beds}张床位，自{start}起，超出{days}天"
                "（{share}，{interval}）。",
                "{k} of {n} replications exceed the {beds} beds of {place}, from {start}, "
                "for {days} days ({share}, {interval})."),
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
                 "{n} more institutions are over capacity in some replications (see the "
                 "staffing table)."),
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
