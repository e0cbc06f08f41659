"""Every fixed word the reports print, in Chinese and in English.

Names of places and institutions come from the region file (``name_zh`` or
``name_pinyin``); rule descriptions from the rulebooks ("中文 — English"). Everything else a
chart or a report says is here, keyed by a short name, so that a translator finds it in one
place and a missing translation is a test failure rather than a blank label.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # care levels, guardianship, staff roles, institution roles
    "care.self_care": ("自理", "self-care"),
    "care.semi_self_care": ("半自理", "semi-self-care"),
    "care.full_care": ("不能自理", "full care"),
    "staff.caregiver": ("护理员", "caregivers"),
    "staff.professional": ("专业人员", "professionals"),
    "staff.other": ("其他人员", "other staff"),
    "role.regional": ("区域性儿童福利机构", "regional institution"),
    "role.county_home": ("县级儿童福利机构", "county welfare home"),
    "role.protection_center": ("未成年人救助保护机构", "minor protection center"),
    "role.closed": ("关闭", "closed"),
    "kind.city_welfare_home": ("市级儿童福利机构", "city welfare home"),
    "kind.county_welfare_home": ("县级儿童福利机构", "county welfare home"),
    "kind.protection_center": ("未成年人救助保护机构", "minor protection center"),
    "kind.candidate_site": ("备选场地", "candidate site"),
    # cost categories (sim.monitor.COST_CATEGORIES)
    "cost.allowance": ("基本生活费", "living allowance"),
    "cost.wages": ("人员工资", "wages"),
    "cost.operations": ("运行费用", "operations"),
    "cost.capital": ("基建投资", "capital works"),
    "cost.transfers": ("移交费用", "transfers"),
    "cost.hiring": ("招聘费用", "hiring"),
    "cost.redeployment": ("转岗安置", "redeployment"),
    "cost.layoff": ("分流补偿", "layoffs"),
    "cost.workstations": ("乡镇工作站", "township workstations"),
    "cost.rule_work": ("规则规定的走访、评估与培训", "visits, assessments and training the "
                       "rules require"),
    # compliance
    "status.met": ("已达标", "met"),
    "status.missed": ("未达标", "missed"),
    "status.not_yet_due": ("未到期", "not yet due"),
    "status.not_measured": ("未测量", "not measured"),
    "status.not_confirmed": ("未能确认", "not confirmed"),
    "origin.what-if": ("情景设定", "what-if"),
    "origin.document": ("政策文件", "document"),
    "origin.adopted": ("借用外地文件", "adopted from another document"),
    "origin.assumption": ("假设", "assumption"),
    "origin.region": ("地区数据文件", "region file"),
    "compare.at_least": ("≥", "≥"),
    "compare.at_most": ("≤", "≤"),
    "compare.equal": ("=", "="),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # units
    "unit.money": ("万元", "million yuan"),
    "unit.yuan": ("元", "yuan"),
    "unit.children": ("儿童（人）", "children"),
    "unit.staff": ("人", "heads"),
    "unit.share_moved": ("已移交儿童占比", "share of children moved"),
    "unit.km": ("公里", "km"),
    "unit.days": ("天", "days"),
    # chart wording
    "chart.census": ("各机构在院儿童（按自理能力）", "Children in residence by care level"),
    "chart.census_band": ("合计：5%–95%重复模拟区间", "total: 5–95 % of replications"),
    "chart.total_mean": ("合计（均值）", "total (mean)"),
    "chart.others": ("其他{n}家机构", "{n} other institutions"),
    "chart.transfer": ("长期监护儿童移交进度", "Transfer of long-term children"),
    "chart.transfer_panel": ("{n}个县 · 期限{date}",
                             {"one": "{n} county · deadline {date}",
                              "other": "{n} counties · deadline {date}"}),
    "chart.transfer_p": ("按期全部移交概率 {p}（95%区间 {lo}–{hi}）",
                         "P(all moved by deadline) {p} (95 % interval {lo}–{hi})"),
    "chart.deadline": ("移交期限", "deadline"),
    "chart.median": ("中位数", "median"),
    "chart.fan50": ("25%–75%重复模拟", "25–75 % of replications"),
    "chart.fan90": ("5%–95%重复模拟", "5–95 % of replications"),
    "chart.one_rep": ("单次模拟", "one replication"),
    "chart.staff": ("护理员：应配与在岗", "Caregivers required and on roll"),
    "chart.required": ("应配护理员（均值）", "required (mean)"),
    "chart.on_roll": ("在岗护理员（均值）", "on roll (mean)"),
    "chart.shortfall": ("缺员（半数以上模拟）", "shortfall in ≥ half the replications"),
    "chart.compliance_days": ("配比达标天数占比 {share}", "ratios met on {share} of days"),
    "chart.beds": ("床位与在院儿童峰值", "Beds and peak children in residence"),
    "chart.beds_capacity": ("床位（期末）", "beds (end of horizon)"),
    "chart.beds_start": ("床位（期初）", "beds (start)"),
    "chart.peak": ("在院儿童峰值（均值，95%区间）", "peak children (mean, 95 % interval)"),
    "chart.over": ("超床位", "over capacity"),
    "chart.peak_over": ("峰值（有超床位天数）", "peak, with days over capacity"),
    "chart.peak_worst": ("最高的重复模拟峰值", "highest peak of any replication"),
    "chart.peak_p90": ("峰值90%分位", "90th percentile of the peak"),
    "chart.over_reps": ("{k}/{n}次模拟超床位\n超出{days}天", "over capacity in {k} of {n}\n"
                        "replications: {days} days"),
    "chart.beds_more": ("另有{n}家床位较空的机构未列出（见人员配备表）",
                        {"one": "{n} less full institution not shown (see the staffing table)",
                         "other": "{n} less full institutions not shown (see the staffing "
                                  "table)"}),
    "chart.staff_more": ("仅列出缺员天数最多的{n}家机构（共{total}家有在院儿童），其余见人员配备表",
                         "the {n} institutions with the most days short, of {total} with "
                         "children; the staffing table lists all"),
    "chart.cost_year": ("各年度费用（按类别）", "Cost per year by category"),
    "chart.cost_total_ci": ("合计95%区间", "total, 95 % interval"),
    "chart.cost_inst": ("各机构费用（规划期合计，按类别）",
                        "Cost per institution over the horizon by category"),
    "chart.map": ("机构职能与儿童移交路线", "Institutions' roles and transfers of children"),
    "chart.map_flow": ("移交儿童（线宽：人数）", "children transferred (width: number)"),
    "chart.map_assigned": ("归属（无移交）", "assigned (no transfer)"),
    "chart.county": ("县（市、区）驻地", "county seat"),
    "chart.county_line": ("县级界线", "county boundary"),
    "chart.prefecture_line": ("地级界线", "prefecture boundary"),
    "chart.children_n": ("{n}人", {"one": "{n} child", "other": "{n} children"}),
    "chart.scale": ("{km}公里", "{km} km"),
    "chart.north": ("北", "N"),
    "chart.map_source": ("行政区划界线：{source}", "administrative boundaries: {source}"),
    "chart.map_points_no_package": ("示意图：按驻地坐标绘制，未绘制行政区划界线（未安装界线数据）",
                                    "sketch from the seats' coordinates, without administrative "
                                    "boundaries (no boundary data installed)"),
    "chart.map_points_outside_data": ("示意图：按驻地坐标绘制，界线数据未涵盖本区域",
                                      "sketch from the seats' coordinates: the boundary data "
                                      "does not cover this region"),
    "chart.map_unnamed": ("地名共{n}个，图上无法辨认，未标注", {
        "one": "{n} name would not be legible here and is left off",
        "other": "{n} names would not be legible here and are left off"}),
    "chart.lon": ("经度（°E）", "longitude (°E)"),
    "chart.lat": ("纬度（°N）", "latitude (°N)"),
    "chart.scorecard": ("目标达成情况", "Compliance with the targets in force"),
    "chart.cost_diff": ("与基准方案的费用差（按年度、类别）",
                        "Cost difference from the baseline by year and category"),
    "chart.staff_diff": ("与基准方案的人员差（按年度、岗位）",
                         "Staff difference from the baseline by year and role"),
    "chart.vs": ("{run}（{run_name}）减 {base}（基准）",
                 "{run} ({run_name}) minus {base} (baseline)"),
    "chart.year": ("年份", "year"),
    "chart.no_difference": ("与基准方案无差别", "no difference from the baseline"),
    "chart.net": ("净差额", "net difference"),
    "chart.heads_diff": ("计划人数差（人）", "planned heads, difference"),
    "chart.cost_axis": ("费用（{unit}）", "cost ({unit})"),
    "chart.diff_axis": ("费用差（{unit}）", "cost difference ({unit})"),
    "chart.children_axis": ("在院儿童（人）", "children in residence"),
    "chart.caregivers_axis": ("护理员（人）", "caregivers (heads)"),
}


def lookup(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang`` ("zh" or "en"); a ``KeyError`` names a missing key."""
    zh, en = TEXTS[key]
    return zh if lang == "zh" else en
