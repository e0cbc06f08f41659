"""Charts of staffing and of compliance: enough caregivers, and the targets met or missed.

The caregiver chart sets, for each institution, the caregivers its children require under
the ratios in force (by care level) against the caregivers on its roll, and shades the days
on which most replications were short; each panel's title gives the institution's ratio
compliance, the share of its days holding children with enough caregivers, counted from the
first day a new hire can start (the figure the tables and the summary print). The scorecard
lists every target in force against the verdicts a reviewer reads: met, not confirmed (the
interval straddles what is required), missed, not yet due, not measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reports.charts_base import (
    SHORTFALL,
    STATUS_COLOURS,
    Band,
    date_axis,
    figure,
    finish,
    integer_axis,
    noted_legend,
    panels,
    shorten,
    tidy,
    wrapped,
)
from reports.i18n import Lang

ON_ROLL, REQUIRED = "#0072B2", "#222222"
STATUSES = ("met", "not_confirmed", "missed", "not_yet_due", "not_measured")


@dataclass(frozen=True)
class StaffPanel:
    """One institution's caregivers per day."""

    name: str
    required: Band               # caregivers its children require under the ratios
    on_roll: Band                # caregivers employed
    short_share: np.ndarray      # [days] share of replications with fewer on roll than required
    compliance: float | None = None   # its ratio compliance (sim.measures.ratio_compliance)


def caregivers(dates: np.ndarray, staff: Sequence[StaffPanel], lang: str,
               note: str = "") -> Figure:
    """Small multiples of caregivers required and on roll, shortfall days shaded.

    ``note`` says which institutions were chosen when not all are shown.
    """
    t = Lang(lang)
    fig, axes = panels(len(staff))
    for ax, panel in zip(axes, staff, strict=True):
        short = np.asarray(panel.short_share) >= 0.5
        ax.fill_between(dates, 0, 1, where=short, transform=ax.get_xaxis_transform(),
                        color=SHORTFALL, alpha=0.15, linewidth=0, step="mid")
        for band, colour, style in ((panel.on_roll, ON_ROLL, "-"),
                                    (panel.required, REQUIRED, "--")):
            ax.fill_between(dates, band.low, band.high, color=colour, alpha=0.12, linewidth=0)
            ax.plot(dates, band.mean, color=colour, linestyle=style, linewidth=1.2)
        share = t("chart.compliance_days", share=t.pct(panel.compliance)) \
            if panel.compliance is not None else ""
        ax.set_title(f"{shorten(panel.name, 34)}\n{share}", fontsize=10)
        ax.set_ylim(bottom=0)
        integer_axis(ax)
        date_axis(ax, dates)
        tidy(ax)
    axes[0].set_ylabel(t("chart.caregivers_axis"))
    handles = [Line2D([], [], color=ON_ROLL, label=t("chart.on_roll")),
               Line2D([], [], color=REQUIRED, linestyle="--", label=t("chart.required")),
               Patch(color=SHORTFALL, alpha=0.25, label=t("chart.shortfall")),
               Patch(color="#888888", alpha=0.25, label=t("chart.fan90"))]
    noted_legend(fig, handles, note, ncols=4)
    return finish(fig, t("chart.staff"))


@dataclass(frozen=True)
class ScoreRow:
    """One target in force and its verdict."""

    label: str          # what the target asks, with its place and due date
    status: str         # met, not_confirmed, missed, not_yet_due or not_measured
    measured: str       # the measured value as the report prints it ("" if none)
    required: str       # the required value as the report prints it


def compliance_scorecard(rows: Sequence[ScoreRow], lang: str) -> Figure:
    """A grid of targets by verdict: one coloured mark per target in its verdict's column.

    Each row's measured and required values are the right-hand axis's labels, so that the
    layout makes room for them however long they are.
    """
    t = Lang(lang)
    n = max(len(rows), 1)
    fig = figure(11.0, 1.4 + 0.46 * n)
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    for k, status in enumerate(STATUSES):
        ax.axvspan(k - 0.45, k + 0.45, color=STATUS_COLOURS[status], alpha=0.08, linewidth=0)
    for yy, row in zip(y, rows, strict=True):
        ax.scatter([STATUSES.index(row.status)], [yy], s=180, marker="o",
                   color=STATUS_COLOURS[row.status], zorder=3)
    ax.set_xlim(-0.5, len(STATUSES) - 0.5)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xticks(range(len(STATUSES)), [t(f"status.{s}") for s in STATUSES], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(y, [wrapped(r.label, 30 if t.zh else 58) for r in rows], fontsize=8.5)
    values = ax.twinx()
    values.set_ylim(ax.get_ylim())
    values.set_yticks(y, [wrapped(f"{r.measured} / {r.required}" if r.measured else r.required,
                                 24 if t.zh else 44) for r in rows],
                      fontsize=8.5, color="#333333")
    values.set_ylabel(t("words.measured_required"), fontsize=9, color="#555555")
    for axes in (ax, values):
        axes.tick_params(length=0)
        axes.spines[:].set_visible(False)
    return finish(fig, t("chart.scorecard"))

