"""What every chart shares: the figure, the colours, the daily band, the date and money axes.

Charts are drawn on ``matplotlib.figure.Figure`` objects made here, never through pyplot,
so that building a chart changes no global state and two reports can be drawn in one
process without touching each other. Colours follow the Okabe-Ito palette, which readers
with the common forms of colour blindness can tell apart, and mean the same thing in every
chart (a regional institution is always vermilion).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import fonts
from reports.i18n import Lang

CARE_COLOURS = {"self_care": "#56B4E9", "semi_self_care": "#E69F00", "full_care": "#CC79A7"}
ROLE_COLOURS = {"regional": "#D55E00", "county_home": "#0072B2",
                "protection_center": "#009E73", "closed": "#999999"}
STATUS_COLOURS = {"met": "#009E73", "not_confirmed": "#CC79A7", "missed": "#D55E00",
                  "not_yet_due": "#E69F00", "not_measured": "#BBBBBB"}
STAFF_COLOURS = {"caregiver": "#0072B2", "professional": "#009E73", "other": "#999999"}
COST_COLOURS = {"allowance": "#E69F00", "wages": "#0072B2", "operations": "#56B4E9",
                "capital": "#D55E00", "transfers": "#CC79A7", "hiring": "#009E73",
                "redeployment": "#F0E442", "layoff": "#000000", "workstations": "#999999"}
SHORTFALL = "#D55E00"
MAX_PANELS = 12


@dataclass(frozen=True)
class Band:
    """A daily quantity across replications: the mean and the 5th-95th percentile range."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, per_replication: np.ndarray) -> Band:
        """From an array [replications, days]."""
        x = np.asarray(per_replication, dtype=float)
        low, high = np.percentile(x, [5, 95], axis=0)
        return cls(x.mean(axis=0), low, high)


def figure(width: float, height: float) -> Figure:
    """A blank figure of ``width`` x ``height`` inches whose layout keeps labels apart."""
    return Figure(figsize=(width, height), layout="constrained", dpi=100)


def panels(n: int, width: float = 11.0, row_height: float = 2.3,
           sharex: bool = True) -> tuple[Figure, list[Axes]]:
    """A grid of ``n`` small multiples, up to three across; spare cells are hidden."""
    cols = 1 if n == 1 else 2 if n <= 4 else 3
    rows = math.ceil(n / cols)
    fig = figure(width, 1.2 + row_height * rows)
    grid = fig.subplots(rows, cols, sharex=sharex, squeeze=False)
    axes = list(grid.ravel())
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def date_axis(ax: Axes, dates: np.ndarray) -> None:
    """Years as major ticks, quarters as minor ones, over the days ``dates`` span.

    Fixed positions are computed here once; matplotlib's own date locators would work them
    out again for every panel on every draw, which takes most of a report's drawing time.
    """
    first = int(str(np.datetime64(dates[0], "Y")))
    last = int(str(np.datetime64(dates[-1], "Y"))) + 1
    years = [np.datetime64(f"{y}-01-01") for y in range(first, last + 1)]
    quarters = [np.datetime64(f"{y}-{m:02d}-01") for y in range(first, last + 1)
                for m in (4, 7, 10)]
    ax.xaxis.set_major_locator(ticker.FixedLocator(mdates.date2num(years)))
    ax.xaxis.set_minor_locator(ticker.FixedLocator(mdates.date2num(quarters)))
    ax.xaxis.set_major_formatter(ticker.FixedFormatter([str(y)[:4] for y in years]))
    ax.set_xlim(mdates.date2num(dates[0]), mdates.date2num(dates[-1]))


class MonthFormatter(ticker.Formatter):
    """Month names in the reader's language (Babel, CLDR): "7月", "Jul", with the year at
    the first tick and at every January ("2023年1月", "Jan 2023")."""

    def __init__(self, t: Lang):
        self.t = t

    def __call__(self, x: float, pos: int | None = None) -> str:
        day = mdates.num2date(x).date()
        return self.t.month(day, with_year=day.month == 1 or pos == 0)


def month_axis(ax: Axes, t: Lang) -> None:
    """Ticks for a window of months: every month, or every second, third or sixth, so
    that at most nine are labelled."""
    low, high = (mdates.num2date(v) for v in ax.get_xlim())
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    step = next(k for k in (1, 2, 3, 6, 12) if months / k <= 9) if months > 9 else 1
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
    ax.xaxis.set_major_formatter(MonthFormatter(t))


def thousands(ax: Axes, axis: str = "y") -> None:
    """Tick labels with thousands separators (values already in the unit shown)."""
    fmt = ticker.StrMethodFormatter("{x:,.10g}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def integer_axis(ax: Axes) -> None:
    ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True, nbins=5))


def share_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, 1.05)


def tidy(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def finish(fig: Figure, title: str, note: str = "") -> Figure:
    """Title the figure (with an optional note below it) and give every text the CJK font."""
    fig.suptitle(title, fontsize=14)
    if note:
        # the constrained layout keeps the figure's x label clear of the axes (a chart with
        # a legend below its axes puts the note in that legend instead: see noted_legend)
        fig.supxlabel(note, fontsize=8, color="#555555")
    return fonts.apply(fig)


def noted_legend(fig: Figure, handles: list, note: str, ncols: int) -> None:
    """A legend below the axes, headed by the chart's note: the layout keeps both clear
    of the axes, where a note of its own at the foot would print over the legend."""
    legend = fig.legend(handles=handles, loc="outside lower center", ncols=ncols, fontsize=9,
                        frameon=False, title=note or None, title_fontsize=8)
    legend.get_title().set_color("#555555")


def shorten(name: str, limit: int = 22) -> str:
    """A long institution name cut to fit a panel title (the table has the full name)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def wrapped(text: str, width: int, most: int = 3) -> str:
    """At most ``most`` lines of ``width`` characters. A longer text keeps its first line
    and its end, where the figures are ("≥ 11 institutions"), and drops the middle."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]   # dates stay whole
    if len(lines) > most:
        lines = [lines[0] + " …", *lines[1 - most:]]
    return "\n".join(lines)
