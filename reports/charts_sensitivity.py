"""Charts of a sensitivity run: a tornado per output, and the global ranking.

A tornado bar runs from the output with the input at the low end of its range to the output
with it at the high end (blue the low end, vermilion the high end), around the baseline
line; the longest bar is on top. The global ranking shows each input's μ* (Morris) or
total-order index (Sobol) per output.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from reports.charts_base import figure, finish, panels, shorten, tidy, wrapped
from reports.i18n import Lang

LOW, HIGH = "#0072B2", "#D55E00"
BARS = 10


@dataclass(frozen=True)
class TornadoPanel:
    title: str
    baseline: float
    rows: list[tuple[str, float, float]]        # input, output at low end, at high end
    scale: float = 1.0                          # output units per unit shown
    axis: str = ""


def tornado(panels_: list[TornadoPanel], lang: str) -> Figure:
    t = Lang(lang)
    fig, axes = panels(len(panels_), width=11.0, row_height=3.4, sharex=False)
    for ax, panel in zip(axes, panels_, strict=True):
        rows = panel.rows[:BARS][::-1]
        base = panel.baseline / panel.scale
        for y, (_, low, high) in enumerate(rows):
            low, high = low / panel.scale, high / panel.scale
            ax.barh(y, low - base, left=base, color=LOW, height=0.7)
            ax.barh(y, high - base, left=base, color=HIGH, height=0.7)
        ax.axvline(base, color="#333333", linewidth=0.8)
        ax.set_yticks(range(len(rows)), [shorten(name, 34) for name, _, _ in rows], fontsize=7)
        ax.set_title(wrapped(panel.title, 14 if t.zh else 28), fontsize=9)
        ax.set_xlabel(panel.axis, fontsize=8)
        tidy(ax)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    # below the panels, where it covers no bar (inside the first it hid the lowest one);
    # patches, since an empty bar series gives its legend the default colour
    handles = [Patch(color=LOW, label=t("chart.low_end")),
               Patch(color=HIGH, label=t("chart.high_end"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8,
               frameon=False)
    return finish(fig, t("chart.tornado"))


@dataclass(frozen=True)
class RankingPanel:
    title: str
    rows: list[tuple[str, float, float]]        # input, score, confidence half-width


def ranking(panels_: list[RankingPanel], method: str, lang: str) -> Figure:
    t = Lang(lang)
    if not panels_:
        fig = figure(6, 2)
        return finish(fig, t("chart.global", method=t(f"sens.method.{method}")))
    fig, axes = panels(len(panels_), width=11.0, row_height=3.2, sharex=False)
    for ax, panel in zip(axes, panels_, strict=True):
        rows = panel.rows[:BARS][::-1]
        ax.barh(range(len(rows)), [s for _, s, _ in rows],
                xerr=[c for _, _, c in rows], color="#56B4E9", ecolor="#555555", height=0.7)
        ax.set_yticks(range(len(rows)), [shorten(name, 34) for name, _, _ in rows], fontsize=7)
        ax.set_title(wrapped(panel.title, 14 if t.zh else 28), fontsize=9)
        tidy(ax)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    return finish(fig, t("chart.global", method=t(f"sens.method.{method}")))

