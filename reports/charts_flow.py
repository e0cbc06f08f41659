"""The chart of children moving: transfer progress against the deadline.

It answers a planner's first question, "will every long-term child be in the regional
institution by the deadline?": for each deadline, the share of the children already moved
on each day, one thin line per replication and the fan they form, the deadline as a
vertical line, and the probability of meeting it in the panel title. The region's map, with
the routes the children take, is ``reports.charts_map``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from reports.charts_base import (
    finish,
    month_axis,
    panels,
    share_axis,
    tidy,
)
from reports.i18n import Lang

FAN = "#0072B2"


@dataclass(frozen=True)
class TransferGroup:
    """The transfer campaigns that share one deadline for moving the children."""

    deadline: date
    counties: int
    moved_share: np.ndarray              # [replications, days] share of children moved, 0-1
    probability: float                   # share of replications that met the deadline
    interval: tuple[float, float]        # its 95 % interval


def transfer_progress(dates: np.ndarray, groups: Sequence[TransferGroup], lang: str) -> Figure:
    """One panel per deadline: replications as thin lines and a fan, the deadline marked."""
    t = Lang(lang)
    fig, axes = panels(len(groups), row_height=3.0, sharex=False)
    for ax, group in zip(axes, groups, strict=True):
        x = np.asarray(group.moved_share, dtype=float)
        if len(x) <= 50:
            for rep in x:
                ax.plot(dates, rep, color=FAN, linewidth=0.5, alpha=0.35)
        p5, p25, p50, p75, p95 = np.percentile(x, [5, 25, 50, 75, 95], axis=0)
        ax.fill_between(dates, p5, p95, color=FAN, alpha=0.15, linewidth=0)
        ax.fill_between(dates, p25, p75, color=FAN, alpha=0.3, linewidth=0)
        ax.plot(dates, p50, color=FAN, linewidth=1.8)
        deadline = np.datetime64(group.deadline, "D")
        ax.axvline(deadline, color="#D55E00", linewidth=1.5, linestyle="--")
        ax.set_xlim(*_window(dates, x, deadline))
        share_axis(ax)
        month_axis(ax, t)
        tidy(ax)
        head = t.plural("chart.transfer_panel", group.counties,
                        date=t.date(group.deadline))
        odds = t("chart.transfer_p", p=t.pct(group.probability), lo=t.pct(group.interval[0]),
                 hi=t.pct(group.interval[1]))
        ax.set_title(f"{head}\n{odds}", fontsize=10)
        ax.set_ylabel(t("unit.share_moved"))
    handles = [Line2D([], [], color=FAN, linewidth=1.8, label=t("chart.median")),
               Line2D([], [], color=FAN, linewidth=6, alpha=0.45, label=t("chart.fan50")),
               Line2D([], [], color=FAN, linewidth=6, alpha=0.2, label=t("chart.fan90")),
               Line2D([], [], color=FAN, linewidth=0.5, alpha=0.6, label=t("chart.one_rep")),
               Line2D([], [], color="#D55E00", linestyle="--", label=t("chart.deadline"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=9, frameon=False)
    return finish(fig, t("chart.transfer"))


def _window(dates: np.ndarray, moved: np.ndarray, deadline: np.datetime64) -> tuple:
    """From two months before the first child moves to three after the later of the
    deadline and the last move, so that the weeks that matter fill the panel."""
    started = np.flatnonzero((moved > 0).any(axis=0))
    finished = np.flatnonzero((moved < 1).any(axis=0))
    first = dates[started[0]] if len(started) else deadline
    last = dates[finished[-1]] if len(finished) else deadline
    pad_before, pad_after = np.timedelta64(60, "D"), np.timedelta64(90, "D")
    low = max(min(first, deadline) - pad_before, dates[0])
    high = min(max(last, deadline) + pad_after, dates[-1])
    return low, high
