"""The words of the backtest report, in Chinese and in English (read by ``reports.i18n``)."""

from __future__ import annotations

BACKTEST_WORDS: dict[str, tuple[str, str]] = {
    "bt.title": ("{scenario}：历史回测", "{scenario}: backtest against history"),
    "bt.subtitle": ("{region} · 现状方案 · {start} 至 {end} · {n}次重复模拟",
                    "{region} · status quo · {start} to {end} · {n} replications"),
    "bt.sec.summary": ("回测结论", "How well the simulation reproduces history"),
    "bt.sec.series": ("观测值与模拟值", "Observed and simulated counts"),
    "bt.sec.method": ("方法", "Method"),
    "bt.summary": ("在{n}个观测值中，有{inside}个（{coverage}）落在模拟的90%区间内；"
                   "模拟均值的平均绝对百分比误差为{mape}。",
                   "Of {n} observed counts, {inside} ({coverage}) lie inside the simulated "
                   "90 % band; the mean absolute percentage error of the simulated mean is "
                   "{mape}."),
    "bt.none": ("没有观测值落在模拟的规划期内。", "No observed count falls inside the "
                "simulated horizon."),
    "bt.method": ("按现状方案（机构保持原有职能），从地区文件的期初在院儿童出发，"
                  "按地区文件的到达率与离院风险重复模拟规划期；每个观测值与同一日（存量）"
                  "或同一年度（入院、离院人数）的模拟值比较。90%区间为各次重复模拟的"
                  "第5至第95百分位数；观测值按来源的取整范围（±）判断是否落在区间内。",
                   "The status quo (every institution keeps its role) is simulated over the "
                   "horizon, many times, from the region file's starting census with its "
                   "arrival rates and exit hazards; each observed count is set against the "
                   "simulated count on the same day (children in care) or in the same year "
                   "(admissions, exits). The 90 % band runs from the 5th to the 95th "
                   "percentile of the replications; an observation is inside it when the "
                   "range its published, rounded figure stands for (±) meets the band."),
    "bt.series.children_in_care": ("机构养育儿童（院内、家庭寄养及待正式入院）",
                                   "children raised by the institutions (in residence, in "
                                   "foster families, awaiting admission)"),
    "bt.series.long_term_admissions": ("新增长期监护儿童（年度）",
                                       "children entering long-term care (per year)"),
    "bt.series.long_term_exits": ("长期监护儿童离院（年度）",
                                  "long-term children leaving care (per year)"),
    "bt.col.place": ("地区", "place"),
    "bt.col.series": ("指标", "series"),
    "bt.col.when": ("日期或年度", "day or year"),
    "bt.col.observed": ("观测值", "observed"),
    "bt.col.plus_minus": ("取整范围（±）", "rounding (±)"),
    "bt.col.mean": ("模拟均值", "simulated mean"),
    "bt.col.low": ("90%区间下限", "90 % band, low"),
    "bt.col.high": ("90%区间上限", "90 % band, high"),
    "bt.col.inside": ("在区间内", "inside the band"),
    "bt.col.error": ("绝对百分比误差（%）", "absolute percentage error (%)"),
    "bt.col.source": ("来源", "source"),
    "bt.col.note": ("未比较的原因", "not compared because"),
    "bt.not.before_horizon": ("早于规划期（期初在院儿童）", "before the horizon (the starting "
                              "census)"),
    "bt.not.after_horizon": ("晚于规划期", "after the horizon"),
    "bt.not.year_partly_outside_horizon": ("该年度部分不在规划期内",
                                           "the year lies partly outside the horizon"),
    "bt.chart": ("观测值与模拟值（均值及90%区间）", "Observed and simulated (mean and 90 % band)"),
    "bt.chart.band": ("模拟90%区间", "simulated 90 % band"),
    "bt.chart.mean": ("模拟均值", "simulated mean"),
    "bt.chart.observed": ("观测值（±取整范围）", "observed (± rounding)"),
    "bt.chart.outside": ("观测值（区间外）", "observed, outside the band"),
    "bt.nation": ("全国", "China"),
    "bt.footer": ("backtest.json 含全部数值；观测值的来源见地区文件 observed 与 "
                  "docs/DATA_SOURCES.md。",
                  "backtest.json holds every figure; the observed counts' sources are in the "
                  "region file's observed block and docs/DATA_SOURCES.md."),
}
