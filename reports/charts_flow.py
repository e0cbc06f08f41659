"""Charts of children moving: transfer progress against the deadline, and the region's map.

The transfer chart answers a planner's first question, "will every long-term child be in
the regional institution by the deadline?": for each deadline, the share of the children
already moved on each day, one thin line per replication and the fan they form, the
deadline as a vertical line, and the probability of meeting it in the panel title. The map
draws the counties from their coordinates (no basemap, so it works offline), each
institution coloured by its role, and lines from each county to its regional institution,
as wide as the number of children transferred.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from reports.charts_base import (
    ROLE_COLOURS,
    figure,
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


@dataclass(frozen=True)
class MapPoint:
    """A county seat."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MapInstitution:
    name: str
    lat: float
    lon: float
    role: str                   # sim.plan.ROLES, at the end of the horizon
    label: bool = True          # write its name on the map


@dataclass(frozen=True)
class MapFlow:
    """Children sent from a county seat to its regional institution."""

    origin: tuple[float, float]          # lat, lon
    destination: tuple[float, float]
    children: float                      # mean over replications; 0: assigned, none moved


MARKERS = {"regional": "*", "county_home": "s", "protection_center": "^", "closed": "x"}
SIZES = {"regional": 260, "county_home": 70, "protection_center": 60, "closed": 50}


def region_map(counties: Sequence[MapPoint], institutions: Sequence[MapInstitution],
               flows: Sequence[MapFlow], lang: str, label_counties: bool = True) -> Figure:
    """Counties, institutions by role and the children's routes, from coordinates alone."""
    t = Lang(lang)
    lats = [c.lat for c in counties] or [30.0]
    lons = [c.lon for c in counties] or [120.0]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.3)
    fig = figure(10.0, 8.5 if span > 2 else 7.0)
    ax = fig.add_subplot()
    ax.scatter(lons, lats, s=14, color="#888888", zorder=2, label=t("chart.county"))
    if label_counties:
        for c in counties:
            _label(ax, c.lon, c.lat, c.name, 8, "#555555", offset=(0, -10))
    widest = max([f.children for f in flows] + [1.0])
    for f in flows:
        _route(ax, f, widest)
    for inst, (lat, lon, angle) in zip(institutions, _spread(institutions, span), strict=True):
        ax.scatter([lon], [lat], marker=MARKERS.get(inst.role, "o"),
                   s=SIZES.get(inst.role, 60), color=ROLE_COLOURS.get(inst.role, "#444444"),
                   edgecolor="white" if inst.role != "closed" else None, linewidth=0.6,
                   zorder=4)
        if inst.label:
            # on a ring, the name goes outward so that neighbours' names do not overlap
            offset = (0, 9) if angle is None else (12 * math.cos(angle), 12 * math.sin(angle))
            ha = "center" if angle is None or abs(math.cos(angle)) < 0.3 else \
                "left" if math.cos(angle) > 0 else "right"
            _label(ax, lon, lat, inst.name, 9, "#222222", offset=offset, ha=ha)
    ax.margins(0.08)
    ax.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))), adjustable="datalim")
    ax.set_xlabel(t("chart.lon"))
    ax.set_ylabel(t("chart.lat"))
    ax.grid(color="#eeeeee", linewidth=0.6)
    fig.legend(handles=_map_legend(t, institutions, widest), loc="outside right upper",
               fontsize=9, frameon=False)
    return finish(fig, t("chart.map"))


def _route(ax, flow: MapFlow, widest: float) -> None:
    (lat0, lon0), (lat1, lon1) = flow.origin, flow.destination
    if (lat0, lon0) == (lat1, lon1):
        return
    moved = flow.children > 0
    arrow = FancyArrowPatch(
        (lon0, lat0), (lon1, lat1), arrowstyle="-|>" if moved else "-",
        mutation_scale=10, linewidth=_width(flow.children, widest) if moved else 0.8,
        linestyle="-" if moved else (0, (3, 3)), color="#0072B2" if moved else "#999999",
        alpha=0.75, shrinkA=3, shrinkB=8, connectionstyle="arc3,rad=0.12", zorder=3)
    ax.add_patch(arrow)


def _width(children: float, widest: float) -> float:
    return 0.8 + 6.0 * children / widest


def _spread(institutions: Sequence[MapInstitution],
            span: float) -> list[tuple[float, float, float | None]]:
    """Institutions in one county sit at its seat; set them on a small ring to tell apart.

    Returns each one's latitude, longitude and angle on its ring (``None``: alone).
    """
    at: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, inst in enumerate(institutions):
        at[(inst.lat, inst.lon)].append(i)
    out: list[tuple[float, float, float | None]] = [(i.lat, i.lon, None) for i in institutions]
    radius = 0.018 * span
    for (lat, lon), members in at.items():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members) + math.pi / 2
            out[i] = (lat + radius * math.sin(angle), lon + radius * math.cos(angle), angle)
    return out


def _label(ax, x: float, y: float, text: str, size: int, colour: str,
           offset: tuple[float, float], ha: str = "center") -> None:
    ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", ha=ha,
                va="center", fontsize=size, color=colour, zorder=5,
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])


def _map_legend(t: Lang, institutions: Sequence[MapInstitution], widest: float) -> list:
    roles = [r for r in MARKERS if any(i.role == r for i in institutions)]
    handles = [Line2D([], [], linestyle="none", marker=MARKERS[r], markersize=11 if
                      r == "regional" else 8, color=ROLE_COLOURS[r], label=t(f"role.{r}"))
               for r in roles]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4, color="#888888",
                          label=t("chart.county")))
    handles.append(Line2D([], [], linestyle="none", label=t("chart.map_flow")))
    for n in sorted({max(1, round(widest)), max(1, round(widest / 2))}, reverse=True):
        handles.append(Line2D([], [], color="#0072B2", linewidth=_width(n, widest),
                              label=f"{n} {t('unit.children')}" if not t.zh else f"{n}人"))
    handles.append(Line2D([], [], color="#999999", linestyle=(0, (3, 3)),
                          label=t("chart.map_assigned")))
    return handles
