"""Charts of the children in care: who is where, by care level, and whether the beds suffice.

The census chart answers "how many children does each institution raise, and how much care
do they need?": one small panel per institution, the mean number of children stacked by
care level (self-care, semi-self-care, full care; full care takes the most caregivers), and
the range within which the total stayed in 90 % of the replications. The beds chart holds
each institution's peak number of children against its beds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reports.charts_base import (
    CARE_COLOURS,
    SHORTFALL,
    Band,
    date_axis,
    figure,
    finish,
    integer_axis,
    panels,
    shorten,
    tidy,
)
from reports.i18n import Lang

CARE_LEVELS = ("self_care", "semi_self_care", "full_care")
PEAK = "#0072B2"


@dataclass(frozen=True)
class CensusPanel:
    """One institution (or a group of them): children in residence per day."""

    name: str
    by_care: dict[str, np.ndarray]   # care level -> mean children per day over replications
    total: Band                      # all care levels together, across replications


def census_by_care(dates: np.ndarray, census: Sequence[CensusPanel], lang: str) -> Figure:
    """Small multiples of children in residence stacked by care level, with the total's band.

    ``dates`` are the days (datetime64) the series are given on.
    """
    t = Lang(lang)
    fig, axes = panels(len(census))
    for ax, panel in zip(axes, census, strict=True):
        stacks = [panel.by_care.get(c, np.zeros(len(dates))) for c in CARE_LEVELS]
        ax.stackplot(dates, *stacks, colors=[CARE_COLOURS[c] for c in CARE_LEVELS],
                     labels=[t(f"care.{c}") for c in CARE_LEVELS], alpha=0.85, linewidth=0)
        ax.fill_between(dates, panel.total.low, panel.total.high, facecolor="none",
                        edgecolor="#333333", hatch="////", linewidth=0, alpha=0.5,
                        label=t("chart.census_band"))
        ax.plot(dates, panel.total.mean, color="#222222", linewidth=1.0,
                label=t("chart.total_mean"))
        ax.set_title(shorten(panel.name, 34), fontsize=10)
        ax.set_ylim(bottom=0)
        integer_axis(ax)
        date_axis(ax, dates)
        tidy(ax)
    axes[0].set_ylabel(t("chart.children_axis"))
    handles = [Patch(color=CARE_COLOURS[c], label=t(f"care.{c}")) for c in CARE_LEVELS]
    handles += [Patch(facecolor="none", edgecolor="#333333", hatch="////",
                      label=t("chart.census_band")),
                Line2D([], [], color="#222222", label=t("chart.total_mean"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=9, frameon=False)
    return finish(fig, t("chart.census"))


@dataclass(frozen=True)
class BedRow:
    """One institution's beds and its peak number of children in residence."""

    name: str
    beds_start: int
    beds_end: int
    peak: float            # mean over replications of the highest daily count
    peak_low: float        # 95 % interval of that mean
    peak_high: float
    peak_p90: float        # 90th percentile over replications of the highest daily count
    peak_worst: float      # the highest daily count of any replication
    over: str = ""         # in how many replications beds run short, and for how long


def beds_vs_capacity(rows: Sequence[BedRow], lang: str, omitted: int = 0) -> Figure:
    """Horizontal bars: beds (outline) against peak children (filled, with interval), and
    the tail: the 90th percentile of the peak and the worst replication's peak, so that a
    shortage in a few replications shows however good the mean looks.

    ``omitted`` counts the institutions the caller left out as far from full.
    """
    t = Lang(lang)
    fig = figure(10.0, max(3.2, 1.6 + 0.32 * len(rows)))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    beds = np.array([r.beds_end for r in rows], dtype=float)
    peak = np.array([r.peak for r in rows])
    over = np.array([bool(r.over) for r in rows], dtype=bool)
    ax.barh(y, beds, height=0.8, color="#eeeeee", edgecolor="#777777",
            label=t("chart.beds_capacity"))
    ax.barh(y, peak, height=0.45, color=np.where(over, SHORTFALL, PEAK))
    err = np.array([[r.peak - r.peak_low for r in rows], [r.peak_high - r.peak for r in rows]])
    ax.errorbar(peak, y, xerr=np.clip(err, 0, None), fmt="none", ecolor="#222222",
                elinewidth=0.9, capsize=2)
    _tail(ax, rows, y, peak, t)
    moved = [(yy, r.beds_start) for yy, r in zip(y, rows, strict=True)
             if r.beds_start != r.beds_end]
    if moved:
        ax.scatter([b for _, b in moved], [yy for yy, _ in moved], marker="|", s=160,
                   color="#777777", label=t("chart.beds_start"), zorder=3)
    right = max([*beds, *(r.peak_worst for r in rows), 1])
    for yy, r in zip(y, rows, strict=True):
        if r.over:
            ax.text(max(r.beds_end, r.peak_worst) + 0.03 * right, yy, r.over, va="center",
                    fontsize=8, color=SHORTFALL, linespacing=1.1)
    ax.set_yticks(y, [shorten(r.name, 30) for r in rows], fontsize=9)
    ax.set_xlabel(t("unit.children"))
    ax.set_xlim(0, right * (1.4 if over.any() else 1.18))
    tidy(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(color=PEAK, label=t("chart.peak")))
    if over.any():
        handles.append(Patch(color=SHORTFALL, label=t("chart.peak_over")))
    ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    return finish(fig, t("chart.beds"), t.plural("chart.beds_more", omitted) if omitted else "")


def _tail(ax, rows: Sequence[BedRow], y: np.ndarray, peak: np.ndarray, t: Lang) -> None:
    """The 90th percentile of the peak (a dotted whisker) and the worst replication's peak
    (a diamond, red beyond the beds)."""
    ax.hlines(y, peak, [r.peak_p90 for r in rows], color="#222222", linewidth=0.8,
              linestyle=":")
    ax.scatter([r.peak_p90 for r in rows], y, marker="|", s=90, color="#222222", zorder=3,
               label=t("chart.peak_p90"))
    ax.scatter([r.peak_worst for r in rows], y, marker="D", s=22, zorder=4,
               color=np.where([r.peak_worst > r.beds_end for r in rows], SHORTFALL, "#444444"),
               label=t("chart.peak_worst"))
