"""The words of the region workbook a bureau fills in (``cwplan template``).

The headings, meanings and units of its columns belong to the region format and live with
it (``sim.scenario.sheet_words``); here are the sheet-level words: the read-me, the
explanation sheet's headings, the allowed values in words.
"""

from __future__ import annotations

BOOK: dict[str, tuple[str, str]] = {
    "book.range": ("[下限, 上限]（与数值同单位，如 [80000, 120000]）、±20% 或 "
                   "[-20%, +50%]（相对数值）；留空：按来源代码的默认规则",
                   "[low, high] in the figure's unit (e.g. [80000, 120000]), ±20% or "
                   "[-20%, +50%] (relative to the figure); blank: the default rule of the "
                   "source code"),
    "book.readme": ("说明", "Read me"),
    "book.columns": ("列说明", "Columns"),
    "book.notes": ("备注", "Notes"),
    "book.title": ("{name}：地区数据工作簿", "Region workbook: {name}"),
    "book.title_blank": ("地区数据工作簿（空白模板）", "Region workbook (blank template)"),
    "book.intro": ("本工作簿填报一个地区（地级市或省）规划所需的数据：区划、机构、在院儿童、来院、"
                   "在编人员、费用、扩容方案、时长与概率。导入后即为 cwplan 的地区文件。",
                   "This workbook holds the data cwplan plans with for one region (a prefecture "
                   "city or a province): places, institutions, children in care, arrivals, staff, "
                   "costs, capacity options, durations and probabilities. Imported, it is the "
                   "region file."),
    "book.how": ("填写方法", "How to fill it in"),
    "book.how.rows": ("每个工作表的前三行是中文标题、英文标题和列键（第三行请勿修改）；"
                      "第四行灰色斜体为示例行，备注列写着“示例行”时不导入，可删除。从第五行起填写数据。",
                      "Each sheet starts with the Chinese heading, the English heading and the "
                      "column key (leave the third row as it is). Row 4, grey and italic, is an "
                      "example: it is not imported while its note says so, and may be deleted. "
                      "Your data start on row 5."),
    "book.how.lists": ("有下拉列表的单元格只能从列表中选择：照料等级、岗位、机构类型、"
                       "监护类型，以及"
                       "本工作簿“县区”“地市”“机构”表中已填的代码和标识。",
                       "Cells with a drop-down list take one of its values: care levels, roles, "
                       "kinds, and the codes and ids already entered on the sheets Counties, "
                       "Prefectures and Institutions."),
    "book.how.source": ("每行数字旁的“来源”必须填写：S-… 已发表来源，GK 常识，E 估计，"
                        "A 待确认的假设；"
                        "本局数据请写明文件或台账，如“绍兴市民政局 2021 年报”。",
                        "Every row's figures need a source: S-… published, GK general knowledge, "
                        "E estimate, A assumption to confirm; for the bureau's own data name the "
                        "document or register, e.g. \"Shaoxing civil affairs bureau, 2021 "
                        "report\"."),
    "book.how.ranges": ("估计值（E、GK、A）可在“…范围”列（参数表为“范围”列）写明取值范围，"
                        "供敏感性分析：[下限, 上限]、±20% 或 [-20%, +50%]；"
                        "范围的依据写在同一行的“来源”中。"
                        "留空则按来源代码的默认规则：E、GK ±20%，A ±50%，S 不变动。",
                        "An estimate (E, GK, A) may give the range it lies in, for the "
                        "sensitivity analysis, in its \"… range\" column (\"range\" on a parameter "
                        "sheet): [low, high], ±20% or [-20%, +50%]; say where the range comes "
                        "from in the row's source. Blank: the default rule of the source code, "
                        "E and GK ±20%, A ±50%, S not varied."),
    "book.how.params": ("“地区”“时长与概率”“费用”表每行一个参数：填写“数值”和“来源”两列，"
                        "“示例”列是绍兴市的取值，仅供参考。",
                        "The sheets Region, Durations and probabilities and Costs hold one item "
                        "per row: fill in value and source; the example column shows Shaoxing's "
                        "value for reference."),
    "book.how.units": ("单位写在标题中；金额以元为单位，比例为 0 到 1 之间的小数。",
                       "Units are in the headings; money is in yuan, shares are between 0 and 1."),
    "book.how.import": ("导入并检查：cwplan import {file} --out regions/{stem}.yaml；"
                        "或在情景文件中直接写 region: regions/{file}。",
                        "To import and check: cwplan import {file} --out regions/{stem}.yaml; or "
                        "name the workbook in a scenario: region: regions/{file}."),
    "book.how.errors": ("有问题时每个问题一行，写明工作表和单元格，例如 {file}:机构!F7。",
                        "Each problem is reported on one line with its sheet and cell, for "
                        "example {file}:Institutions!F7."),
    "book.sheets": ("工作表", "Sheets"),
    "book.sheet.region": ("地区的标识、名称和在院儿童的统计日期",
                          "the region's id, names and census date"),
    "book.sheet.provinces": ("省份", "provinces"),
    "book.sheet.prefectures": ("地级市及驻地坐标", "prefecture cities and their seats"),
    "book.sheet.counties": ("县（市、区）：人口、乡镇数、工作站", "counties: residents, townships, "
                            "workstations"),
    "book.sheet.institutions": ("儿童福利机构和救助保护机构：类型、所在县区、床位、运行费用",
                                "welfare homes and protection centers: kind, county, beds, cost"),
    "book.sheet.staff": ("各机构按岗位的在编人数", "staff on roll by institution and role"),
    "book.sheet.options": ("扩容方案：改造或新建的床位、投资、工期",
                           "ways to add beds: renovation or "
                           "new build"),
    "book.sheet.children": ("统计日在院儿童：按机构、年龄段、照料等级、监护类型",
                            "children in care on the census day by institution, age band, care "
                            "level and guardianship"),
    "book.sheet.arrivals": ("各县每年来院儿童数：按类型和年份",
                            "arrivals per year by county, kind and "
                            "year"),
    "book.sheet.wages": ("各岗位的年工资：按年份", "yearly wages by role and year"),
    "book.sheet.exits": ("离院风险率：收养、家庭寄养，按照料等级和年龄段",
                         "hazards of adoption and foster care by care level and age band"),
    "book.sheet.durations": ("来院构成、接收与移交步骤的时长、临时监护、离院、招聘与流失",
                             "arrival mixes, intake and transfer steps, temporary stays, exits, "
                             "hiring and attrition"),
    "book.sheet.costs": ("招聘、转岗、分流、交通、救助保护机构与工作站的费用，折现率",
                         "hiring, redeployment, layoff, transport, center and workstation costs, "
                         "discount rate"),
    "book.sheet.history": ("回测用的历史观测值", "observed history for the backtest"),
    "book.sheet.allowance": ("各年实际发放的生活费（元/人·月）",
                             "the allowance paid, yuan a child a month, by year"),
    "book.sheet.plans": ("省级实施方案：文号、标题、印发日期",
                         "provincial implementation plans: number, title, date of issue"),
    "book.sheet.readme": ("本说明", "this page"),
    "book.sheet.columns": ("每一列的含义、单位、允许值和用途",
                           "every column's meaning, unit, allowed "
                           "values and use"),
    "book.sheet.notes": ("自由备注（地区文件开头的注释）", "free notes (the region file's opening "
                         "comments)"),
    # the explanation sheet's headings
    "book.col.sheet": ("工作表", "sheet"),
    "book.col.key": ("列键", "column key"),
    "book.col.zh": ("中文标题", "Chinese heading"),
    "book.col.en": ("英文标题", "English heading"),
    "book.col.meaning": ("含义", "meaning"),
    "book.col.unit": ("单位", "unit"),
    "book.col.allowed": ("允许值", "allowed values"),
    "book.col.required": ("必填", "required"),
    "book.col.use": ("用途", "used by"),
    "book.col.text": ("备注", "note"),
    # allowed values in words
    "book.any_text": ("文本", "text"),
    "book.slug": ("小写字母、数字、- 和 _", "lower-case letters, digits, - and _"),
    "book.code": ("六位行政区划代码（GB/T 2260）", "six-digit GB/T 2260 code"),
    "book.int": ("整数", "whole number"),
    "book.number": ("数字", "number"),
    "book.bool": ("TRUE 或 FALSE", "TRUE or FALSE"),
    "book.date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "book.year": ("年份 {low}–{high}，空 = 每年相同", "year {low}–{high}, blank = every year"),
    "book.year_needed": ("年份 {low}–{high}", "year {low}–{high}"),
    "book.one_of": ("以下之一：{items}", "one of: {items}"),
    "book.ref": ("“{sheet}”表中的{what}", "a {what} on sheet {sheet}"),
    "book.blank_default": ("空 = {default}", "blank = {default}"),
    "book.no_source": ("（无需来源）", "(no source needed)"),
    "book.yes": ("是", "yes"),
    "book.no": ("否", "no"),
    # the budget sheet and the read-me of costs.xlsx
    "sec.budget": ("各机构年度预算（按年度、机构和类别）",
                   "Budget by year, institution and category"),
    "words.horizon_total": ("规划期合计", "horizon total"),
    "note.rounding": ("金额为各次重复模拟的平均值，取整到元：每个单元格取其精确值相邻的整数元，"
                      "并使每一个合计（各机构每年、每年、各机构规划期、各类别）都等于所合计单元格之和，"
                      "且与精确合计相差不足一元（受控舍入）。",
                      "Amounts are means over the replications in whole yuan: each cell is the "
                      "whole yuan just below or above its exact value, chosen so that every total "
                      "(a home's year, a year, a home over the horizon, a category) is the sum of "
                      "the cells it totals and within one yuan of the exact total (controlled "
                      "rounding)."),
    "note.rounding_excess": ("个别类别小计与精确值最多相差 {n} 元。",
                             "A few category subtotals differ from the exact ones by up to "
                             "{n} yuan."),
    "sec.readme": ("说明", "Read me"),
    "readme.units": ("单位", "units"),
    "readme.units_text": ("金额：元（整数）；比例：0 到 1，显示为百分比；人数：人；床位：张",
                          "money: yuan, whole; shares: 0 to 1, shown as percentages; staff and "
                          "children: persons; beds: beds"),
    "readme.rounding": ("舍入规则", "rounding"),
    "readme.sheets": ("工作表", "sheets"),
    "book.age": ("{band} 岁", "aged {band}"),
    # values of the closed sets that the report's words (care.*, staff.*, kind.*) do not name;
    # the steps in the documents' own words (hs-2023 二(一)1, yc-2021-74 三(二)8)
    "member.long_term": ("长期监护", "long-term"),
    "member.temporary": ("临时监护", "temporary"),
    "member.awaiting_admission": ("待入院", "awaiting admission"),
    "member.infant": ("新发现弃婴", "found infants"),
    "member.residential": ("院内养育", "residential"),
    "member.foster": ("家庭寄养", "foster family"),
    "member.renovation": ("改造", "renovation"),
    "member.new_build": ("新建", "new build"),
    "member.police_report": ("公安报案", "police report"),
    "member.medical_exam": ("体检与救治", "medical examination"),
    "member.dna_comparison": ("DNA 信息比对", "DNA comparison"),
    "member.county_approval": ("县级民政部门审核", "county approval"),
    "member.formal_admission": ("办理正式入院", "formal admission"),
    "member.hukou_registration": ("户籍登记", "household registration"),
    "member.arrange": ("安排部署", "arrange the work"),
    "member.compile_child_records": ("梳理应移交人员信息", "compile the children's records"),
    "member.organise_archives": ("整理移交人员档案", "organise the archives"),
    "member.handover_procedures": ("办理移交手续", "complete the handover"),
    "member.summary": ("移交工作总结", "summary of the work"),
}
