"""Observed history a region file may carry: yearly counts with their sources, for a backtest.

One row per place, series and year, as a statistics table gives it: the children the
institutions raise on a day (31 December unless the source dates its figure), or the
children who entered or left long-term care during the year. A published figure is rounded (5.9万
stands for anything from 58,500 to 59,500); ``plus_minus`` says by how much, so that a
backtest compares the simulation with what the source actually says and no more.
``cwplan backtest`` simulates the observed years and sets each row against the simulated
90 % band.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from sim.scenario.model import Code, NonNeg, Source, Strict

OBSERVED_SERIES = ("children_in_care", "long_term_admissions", "long_term_exits")
ObservedSeries = Literal["children_in_care", "long_term_admissions", "long_term_exits"]
Year = Annotated[int, Field(ge=1949, le=2100)]


class Observation(Strict):
    """One observed yearly count of one place, with the source that gives it."""

    place: Code = Field(description="the place counted: a county, prefecture or province of "
                                    "the region, or 100000 for the nation"
                                    "\n所计地区：本区域的县、市或省，全国为 100000")
    series: ObservedSeries = Field(
        description="children_in_care: children raised by the institutions on as_of (long-"
                    "term children in residence or in foster families, and found infants "
                    "awaiting formal admission; not temporary cases); long_term_admissions: "
                    "children entering long-term "
                    "guardianship during the year; long_term_exits: long-term children "
                    "leaving care during the year (adopted, died, aged out)"
                    "\n children_in_care：as_of 日机构养育的儿童（在院或家庭寄养的长期监护儿童及"
                    "待正式收留的婴儿，不含临时监护）；long_term_admissions：当年进入长期监护的儿童；"
                    "long_term_exits：当年离开的长期监护儿童（收养、死亡、成年）")
    year: Year = Field(description="the calendar year counted\n所计年份")
    value: NonNeg = Field(description="the count as the source gives it (children)"
                                      "\n来源给出的人数（儿童）")
    plus_minus: NonNeg = Field(0, description="half the width of the range the published "
                                              "figure stands for: 500 for a figure rounded to "
                                              "0.1万, 0 when exact"
                                              "\n公布数字所代表范围的半宽：精确到0.1万时为500，"
                                              "精确时为0")
    as_of: date | None = Field(None, description="the day a children_in_care count refers to; "
                                                 "default 31 December of the year"
                                                 "\n在院儿童数的统计日期，默认当年12月31日")
    source: Source = Field(description="where the figure comes from (a key of "
                                       "docs/DATA_SOURCES.md or the publication)"
                                       "\n数据来源（docs/DATA_SOURCES.md 中的键或出版物）")

    @property
    def day(self) -> date:
        """The day a count of children in care refers to."""
        return self.as_of or date(self.year, 12, 31)
