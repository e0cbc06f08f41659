"""The region's map: counties and prefectures, institutions by role, and the children's routes.

With the boundaries of ``reports.boundaries`` (the ``cwplan[maps]`` extra) the map draws each
county's outline and each prefecture's heavier one as the official maps show them; without
them it draws the county seats from their coordinates alone and says so in the chart. Either
way each institution is marked by its role at the end of the horizon (a regional
institution is a vermilion star), each county's long-term children travel along an arc to
their regional institution, as wide as the number moved, and a scale bar and a north arrow
give distance and direction. Names are placed by ``adjustText``, which moves each label off
its neighbours and the markers and draws a leader line where it had to move far.

Longitude and latitude are drawn to the same scale at the region's middle latitude (an
equirectangular map): across a province of five degrees of latitude the scale varies by less
than 3 %, under the width of the scale bar's line.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from adjustText import adjust_text
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, PathPatch
from matplotlib.path import Path

from reports import fonts
from reports.charts_base import ROLE_COLOURS, figure, finish
from reports.i18n import Lang

MARKERS = {"regional": "*", "county_home": "s", "protection_center": "^", "closed": "x"}
SIZES = {"regional": 260, "county_home": 70, "protection_center": 60, "closed": 50}
LAND, COUNTY_EDGE, PREFECTURE_EDGE = "#f3f1ec", "#b9b4a8", "#5a5a5a"
KM_PER_DEGREE = 111.32          # along a meridian; along a parallel times cos(latitude)
ADJUST_STEPS = 150              # a fixed number of steps: the same picture on every machine
# names one map can hold legibly; placing them costs their number times the markers' (a
# nation's 660 names among 5,900 markers would take hundreds of gigabytes, a region of 300
# counties' 72 names a minute); a bundled province has 22
MAX_NAMES = 40


@dataclass(frozen=True)
class MapPoint:
    """A named place: a county seat, or a prefecture labelled at its middle."""

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


def region_map(counties: Sequence[MapPoint], institutions: Sequence[MapInstitution],
               flows: Sequence[MapFlow], lang: str, label_counties: bool = True,
               boundaries=None, areas: Sequence[MapPoint] = (), fallback: str = "") -> Figure:
    """The map; ``boundaries`` (``reports.boundaries.Boundaries``) or, failing them, the
    seats alone with ``fallback`` saying why ("no_package", "outside_data").

    ``areas`` are prefectures to name at their middle when the counties go unnamed.
    """
    t = Lang(lang)
    lats = [c.lat for c in counties] or [30.0]
    lons = [c.lon for c in counties] or [120.0]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.3)
    fig = figure(10.0, 8.5 if span > 2 else 7.0)
    ax = fig.add_subplot()
    if boundaries is not None:
        _boundaries(ax, boundaries)
    ax.scatter(lons, lats, s=14, color="#888888", zorder=2)
    widest = max([f.children for f in flows] + [1.0])
    for f in flows:
        _route(ax, f, widest)
    lift = 0.02 * span            # names start above their institution, below their seat
    named = list(counties if label_counties else areas)
    names = len(named) + sum(i.label for i in institutions)
    if names > MAX_NAMES:
        named = []
    labels = _places(ax, named, label_counties, -lift if label_counties else 0.0)
    targets = [(p.lon, p.lat) for p in named]
    points = list(zip(lons, lats, strict=True))
    at = _spread(institutions, span)
    for role in dict.fromkeys(i.role for i in institutions):
        mine = [(lon, lat) for i, (lat, lon, _) in zip(institutions, at, strict=True)
                if i.role == role]
        ax.scatter([p[0] for p in mine], [p[1] for p in mine], marker=MARKERS.get(role, "o"),
                   s=SIZES.get(role, 60), color=ROLE_COLOURS.get(role, "#444444"),
                   edgecolor="white" if role != "closed" else None, linewidth=0.6, zorder=4)
    for inst, (lat, lon, _) in zip(institutions, at, strict=True):
        points.append((lon, lat))
        if inst.label and names <= MAX_NAMES:
            labels.append(_label(ax, lon, lat + lift, inst.name, 9, "#222222"))
            targets.append((lon, lat))
    _frame(ax, lats, lons, t, boundaries)
    fig.legend(handles=_legend(t, institutions, widest, boundaries is not None),
               loc="outside right upper", fontsize=9, frameon=False)
    note = t("chart.map_source", source=boundaries.source) if boundaries is not None else \
        t(f"chart.map_points_{fallback or 'no_package'}")
    if names > MAX_NAMES:
        note = f"{note}\n{t.plural('chart.map_unnamed', names)}"
    finish(fig, t("chart.map"), note)
    _place_labels(ax, labels, targets, points)
    return fig


def _boundaries(ax: Axes, boundaries) -> None:
    # one collection per level: the limits are set by _frame, not by each outline
    counties = PathCollection([_path(g) for g in boundaries.counties.values()],
                              facecolor=LAND, edgecolor=COUNTY_EDGE, linewidth=0.5, zorder=0,
                              gid="counties")
    prefectures = PathCollection([_path(g) for g in boundaries.prefectures.values()],
                                 facecolor="none", edgecolor=PREFECTURE_EDGE, linewidth=1.1,
                                 zorder=1, gid="prefectures")
    ax.add_collection(counties, autolim=False)
    ax.add_collection(prefectures, autolim=False)


def _path(geom) -> Path:
    """A (multi)polygon as one matplotlib path, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = list(ring.coords)
            vertices += xy
            codes += [Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def _places(ax: Axes, places: Sequence[MapPoint], seats: bool, shift: float) -> list:
    colour, size = ("#555555", 8) if seats else ("#333333", 10)
    return [_label(ax, p.lon, p.lat + shift, p.name, size, colour) for p in places]


def _frame(ax: Axes, lats: list[float], lons: list[float], t: Lang, boundaries) -> None:
    """Equal scale at the middle latitude, degree ticks, a scale bar and a north arrow."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    if boundaries is not None and boundaries.prefectures:
        bounds = [g.bounds for g in boundaries.prefectures.values()]
        west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
        east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    pad = 0.08 * max(east - west, north - south, 0.2)
    low, high, bottom, top = west - pad, east + pad, south - pad, north + pad
    middle = (south + north) / 2
    ax.set_xlim(low, high)
    ax.set_ylim(bottom, top)
    ax.set_aspect(1 / math.cos(math.radians(middle)), adjustable="box")
    ax.set_xlabel(t("chart.lon"))
    ax.set_ylabel(t("chart.lat"))
    ax.tick_params(labelsize=8)
    km_per_deg = KM_PER_DEGREE * math.cos(math.radians(middle))
    km = _nice((high - low) * km_per_deg / 5)
    x0, y0 = low + 0.04 * (high - low), bottom + 0.04 * (top - bottom)
    length = km / km_per_deg
    for k, colour in enumerate(("#222222", "#ffffff")):
        segment = Path([(x0 + k * length / 2, y0), (x0 + (k + 1) * length / 2, y0)])
        ax.add_patch(PathPatch(segment, edgecolor="#222222", linewidth=4.5, zorder=6,
                               capstyle="butt"))
        ax.add_patch(PathPatch(segment, edgecolor=colour, linewidth=3, zorder=6,
                               capstyle="butt"))
    ax.text(x0 + length / 2, y0 + 0.015 * (top - bottom), t("chart.scale", km=t.number(km)),
            ha="center", va="bottom", fontsize=8, zorder=6, fontfamily=fonts.family())
    ax.annotate(t("chart.north"), xy=(0.96, 0.97), xytext=(0.96, 0.86),
                xycoords="axes fraction", ha="center", va="top", fontsize=10, zorder=6,
                fontfamily=fonts.family(),
                arrowprops={"arrowstyle": "-|>", "color": "#222222", "linewidth": 1.4})


def _nice(km: float) -> int:
    """A round length for the scale bar: 1, 2 or 5 times a power of ten kilometres."""
    power = 10 ** math.floor(math.log10(max(km, 1)))
    return int(max(m * power for m in (1, 2, 5) if m * power <= max(km, 1)))


def _route(ax: Axes, flow: MapFlow, widest: float) -> None:
    (lat0, lon0), (lat1, lon1) = flow.origin, flow.destination
    if (lat0, lon0) == (lat1, lon1):
        return
    moved = flow.children > 0
    arrow = FancyArrowPatch(
        (lon0, lat0), (lon1, lat1), arrowstyle="-|>" if moved else "-",
        mutation_scale=10, linewidth=_width(flow.children, widest) if moved else 0.8,
        linestyle="-" if moved else (0, (3, 3)), color="#0072B2" if moved else "#999999",
        alpha=0.75, shrinkA=3, shrinkB=8, connectionstyle="arc3,rad=0.12", zorder=3,
        gid="route")
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


def _label(ax: Axes, x: float, y: float, text: str, size: int, colour: str):
    # the font is named now: adjustText measures the label before the figure is finished
    return ax.text(x, y, text, ha="center", va="center", fontsize=size, color=colour,
                   zorder=5, fontfamily=fonts.family(),
                   path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])


def _place_labels(ax: Axes, labels: list, targets: list[tuple[float, float]],
                  points: list[tuple[float, float]]) -> None:
    """Move the names off each other, the markers, the scale bar and the north arrow; a
    name moved far from what it names gets a leader line to it."""
    if not labels:
        return
    fixed = [a for a in ax.texts if all(a is not label for label in labels)]
    adjust_text(labels, ax=ax, x=[p[0] for p in points], y=[p[1] for p in points],
                target_x=[p[0] for p in targets], target_y=[p[1] for p in targets],
                objects=fixed, iter_lim=ADJUST_STEPS,
                expand=(1.15, 1.35), force_text=(0.3, 0.5), force_static=(0.2, 0.4),
                ensure_inside_axes=True, min_arrow_len=18,
                arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.6})


def _legend(t: Lang, institutions: Sequence[MapInstitution], widest: float,
            bounded: bool) -> list:
    roles = [r for r in MARKERS if any(i.role == r for i in institutions)]
    handles = [Line2D([], [], linestyle="none", marker=MARKERS[r], markersize=11 if
                      r == "regional" else 8, color=ROLE_COLOURS[r], label=t(f"role.{r}"))
               for r in roles]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=4, color="#888888",
                          label=t("chart.county")))
    if bounded:
        handles += [Line2D([], [], color=PREFECTURE_EDGE, linewidth=1.1,
                           label=t("chart.prefecture_line")),
                    Line2D([], [], color=COUNTY_EDGE, linewidth=0.8,
                           label=t("chart.county_line"))]
    handles.append(Line2D([], [], linestyle="none", label=t("chart.map_flow")))
    for n in sorted({max(1, round(widest)), max(1, round(widest / 2))}, reverse=True):
        handles.append(Line2D([], [], color="#0072B2", linewidth=_width(n, widest),
                              label=t.plural("chart.children_n", n)))
    handles.append(Line2D([], [], color="#999999", linestyle=(0, (3, 3)),
                          label=t("chart.map_assigned")))
    return handles
