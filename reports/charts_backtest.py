"""The backtest chart: what was observed against what the simulation gives, with its band.

One panel per place and series: the simulated mean as a line and its 90 % band (5th to 95th
percentile of the replications) as a shaded area over the horizon, the observed counts as
points with the range their rounded figures stand for; a point outside the band is drawn
hollow in vermilion, so that a miss is seen at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reports.charts_base import finish, panels, thousands, tidy
from reports.i18n import Lang

BAND, MEAN, OBSERVED, MISSED = "#56B4E9", "#0072B2", "#000000", "#D55E00"


@dataclass(frozen=True)
class SeriesPanel:
    """One place's series: simulated points and observed counts (x: dates or years)."""

    title: str
    x: Sequence[date | int]
    mean: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]
    observed_x: Sequence[date | int]
    observed: Sequence[float]
    plus_minus: Sequence[float]
    inside: Sequence[bool | None]


def observed_and_simulated(series: Sequence[SeriesPanel], lang: str) -> Figure:
    """Small multiples of simulated bands with the observed counts laid over them."""
    t = Lang(lang)
    fig, axes = panels(len(series), sharex=False, row_height=3.0)
    for ax, panel in zip(axes, series, strict=True):
        x = _x(panel.x)
        ax.fill_between(x, panel.low, panel.high, color=BAND, alpha=0.45, linewidth=0)
        ax.plot(x, panel.mean, color=MEAN, linewidth=1.6)
        ox = _x(panel.observed_x)
        for xi, value, pm, inside in zip(ox, panel.observed, panel.plus_minus, panel.inside,
                                         strict=True):
            colour = MISSED if inside is False else OBSERVED
            ax.errorbar([xi], [value], yerr=[[pm], [pm]] if pm else None, fmt="o",
                        color=colour, markerfacecolor="white" if inside is False else colour,
                        markersize=6, capsize=3, linewidth=1.2)
        ax.set_title(panel.title, fontsize=10, loc="left")
        ax.set_ylim(bottom=0)
        thousands(ax)
        tidy(ax)
    handles = [Patch(color=BAND, alpha=0.45, label=t("bt.chart.band")),
               Line2D([], [], color=MEAN, label=t("bt.chart.mean")),
               Line2D([], [], marker="o", color=OBSERVED, linestyle="none",
                      label=t("bt.chart.observed")),
               Line2D([], [], marker="o", color=MISSED, markerfacecolor="white",
                      linestyle="none", label=t("bt.chart.outside"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False,
               fontsize=8)
    return finish(fig, t("bt.chart"))


def _x(values: Sequence[date | int]) -> np.ndarray:
    """Dates as numpy dates; years as the middle of the year, so both share one axis."""
    return np.array([np.datetime64(v, "D") if isinstance(v, date)
                     else np.datetime64(f"{v}-07-01") for v in values])
