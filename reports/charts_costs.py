"""Charts of money and of the difference between plans.

Costs are given in yuan and drawn in the unit a budget officer reads (万元 in Chinese,
million yuan in English). The comparison charts show, for each plan against the baseline,
the difference per year split by cost category or by staff role: increases stack above
zero, savings below, and a black mark gives the net difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports.charts_base import (
    COST_COLOURS,
    STAFF_COLOURS,
    figure,
    finish,
    noted_legend,
    panels,
    shorten,
    thousands,
    tidy,
)
from reports.i18n import Lang


def costs_by_year(years: Sequence[int], by_category: dict[str, np.ndarray],
                  total_interval: np.ndarray, lang: str) -> Figure:
    """Bars per year stacked by cost category, with the total's 95 % interval.

    Amounts are given in yuan and drawn in the language's unit (万元 or million yuan).

    ``by_category`` maps a category to its mean cost per year; ``total_interval`` is
    [years, 2], the low and high ends of the total's interval.
    """
    t = Lang(lang)
    scale = t.money_scale          # bars are drawn in the unit the axis names
    fig = figure(10.0, 5.2)
    ax = fig.add_subplot()
    x = np.arange(len(years))
    bottom = np.zeros(len(years))
    for category, values in by_category.items():
        v = np.asarray(values, dtype=float) / scale
        ax.bar(x, v, bottom=bottom, width=0.65, color=COST_COLOURS.get(category, "#777777"),
               label=t(f"cost.{category}"))
        bottom += v
    ci = np.asarray(total_interval, dtype=float).reshape(len(years), 2) / scale
    # the bars add the categories' means in another order than the interval's total: where
    # every replication costs the same the two differ in the last digit, never more
    below, above = np.maximum(bottom - ci[:, 0], 0.0), np.maximum(ci[:, 1] - bottom, 0.0)
    ax.errorbar(x, bottom, yerr=[below, above], fmt="none",
                ecolor="#222222", capsize=4, label=t("chart.cost_total_ci"))
    for xx, total, high in zip(x, bottom, ci[:, 1], strict=True):
        ax.annotate(t.money(total * scale), (xx, max(total, high)), xytext=(0, 4),
                    textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_ylabel(t("chart.cost_axis", unit=t.money_unit))
    thousands(ax)
    ax.set_ylim(0, max(bottom.max(initial=0), ci.max(initial=0)) * 1.12 or 1)
    tidy(ax)
    _categories(fig, ax)
    return finish(fig, t("chart.cost_year"))


def costs_by_institution(names: Sequence[str], by_category: dict[str, np.ndarray],
                         lang: str) -> Figure:
    """Horizontal bars per institution (largest first) stacked by category, in yuan."""
    t = Lang(lang)
    scale = t.money_scale
    fig = figure(10.0, 1.6 + 0.34 * max(len(names), 1))
    ax = fig.add_subplot()
    y = np.arange(len(names))[::-1]
    left = np.zeros(len(names))
    for category, values in by_category.items():
        v = np.asarray(values, dtype=float) / scale
        ax.barh(y, v, left=left, height=0.7, color=COST_COLOURS.get(category, "#777777"),
                label=t(f"cost.{category}"))
        left += v
    for yy, total in zip(y, left, strict=True):
        ax.annotate(t.money(total * scale), (total, yy), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [shorten(n, 30) for n in names], fontsize=9)
    ax.set_xlabel(t("chart.cost_axis", unit=t.money_unit))
    thousands(ax, axis="x")
    ax.set_xlim(0, left.max(initial=0) * 1.15 or 1)
    tidy(ax)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    _categories(fig, ax)
    return finish(fig, t("chart.cost_inst"))


def _categories(fig: Figure, ax: Axes) -> None:
    """The cost categories' legend below the axes, three across: at the figure's right it
    rose into a long title (and took a third of the width from the bars)."""
    noted_legend(fig, ax.get_legend_handles_labels()[0], "", ncols=3)


@dataclass(frozen=True)
class Difference:
    """One plan against the baseline: a difference per year for each category or role."""

    title: str                          # e.g. "plan B minus plan A"
    by_key: dict[str, np.ndarray]       # category (or role) -> difference per year


def cost_difference(years: Sequence[int], diffs: Sequence[Difference], lang: str) -> Figure:
    """Per year and cost category, each plan minus the baseline, in yuan."""
    t = Lang(lang)
    fig, axes = panels(len(diffs), width=10.5, row_height=3.6, sharex=False)
    for ax, diff in zip(axes, diffs, strict=True):
        scaled = Difference(diff.title, {k: np.asarray(v, dtype=float) / t.money_scale
                                         for k, v in diff.by_key.items()})
        _diverging(ax, years, scaled, COST_COLOURS, lambda k: t(f"cost.{k}"), t)
        ax.set_ylabel(t("chart.diff_axis", unit=t.money_unit))
        thousands(ax)
    _legend(fig, axes)
    return finish(fig, t("chart.cost_diff"))


def staff_difference(years: Sequence[int], diffs: Sequence[Difference], lang: str) -> Figure:
    """Per year and staff role, each plan's planned heads minus the baseline's."""
    t = Lang(lang)
    fig, axes = panels(len(diffs), width=10.5, row_height=3.2, sharex=False)
    for ax, diff in zip(axes, diffs, strict=True):
        _diverging(ax, years, diff, STAFF_COLOURS, lambda k: t(f"staff.{k}"), t)
        ax.set_ylabel(t("chart.heads_diff"))
    _legend(fig, axes)
    return finish(fig, t("chart.staff_diff"))


def _diverging(ax: Axes, years: Sequence[int], diff: Difference, colours: dict,
               label, t: Lang) -> None:
    """Increases stacked above zero, decreases below, the net as a black bar mark."""
    x = np.arange(len(years))
    up, down = np.zeros(len(years)), np.zeros(len(years))
    for key, values in diff.by_key.items():
        v = np.asarray(values, dtype=float)
        pos, neg = np.clip(v, 0, None), np.clip(v, None, 0)
        ax.bar(x, pos, bottom=up, width=0.65, color=colours.get(key, "#777777"),
               label=label(key))
        ax.bar(x, neg, bottom=down, width=0.65, color=colours.get(key, "#777777"))
        up, down = up + pos, down + neg
    ax.scatter(x, up + down, marker="_", s=500, color="#000000", linewidths=2.2, zorder=3,
               label=t("chart.net"))
    if not diff.by_key:
        ax.text(0.5, 0.6, t("chart.no_difference"), transform=ax.transAxes, ha="center",
                fontsize=11, color="#555555")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_title(shorten(diff.title, 70), fontsize=10)
    tidy(ax)


def _legend(fig: Figure, axes: list[Axes]) -> None:
    """One legend for all panels, naming each category or role once."""
    seen: dict[str, object] = {}
    for ax in axes:
        for handle, text in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(text, handle)
    fig.legend(list(seen.values()), list(seen), loc="outside right upper", fontsize=9,
               frameon=False)
