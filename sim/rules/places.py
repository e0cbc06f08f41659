"""Places: which jurisdictions govern a place, and what a planner may call it.

China's administrative codes (GB/T 2260) nest: the first two digits name the province, the
first four the prefecture city, all six the county. Zhuji (330681) lies in Shaoxing (330600)
in Zhejiang (330000) in the nation (100000), so the rules of all four hold there, the most
specific first: that chain is the place's *lineage*. A region file states its provinces,
prefectures and counties explicitly; where no region file knows a place, the code itself
gives the lineage.

The :class:`Gazetteer` lets a planner name a place by its code or its pinyin name, with or
without the Qu/Xian/Shi suffix ("zhuji", "Zhuji Shi", "330681").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.scenario import BUNDLED, NATIONAL_CODE, InputError, Problem, read_yaml

SUFFIXES = ("zizhixian", "zizhizhou", "xian", "shi", "qu", "sheng", "meng", "qi")


def structural_lineage(code: str) -> list[str]:
    """The lineage a GB/T 2260 code implies: county, prefecture, province, nation."""
    if code == NATIONAL_CODE or len(code) != 6 or not code.isdigit():
        return [code] if code == NATIONAL_CODE else [code, NATIONAL_CODE]
    out = [code, code[:4] + "00", code[:2] + "0000", NATIONAL_CODE]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Place:
    code: str
    name_zh: str
    name_pinyin: str
    lineage: tuple[str, ...]

    @property
    def label(self) -> str:
        names = " ".join(n for n in (self.name_zh, self.name_pinyin) if n)
        return f"{names} ({self.code})" if names else self.code


NATION = Place(NATIONAL_CODE, "中国", "China", (NATIONAL_CODE,))


class Gazetteer:
    """The places a command line may name, from region files and rulebook jurisdictions."""

    def __init__(self, places: Iterable[Place] = ()):
        self.places: dict[str, Place] = {NATIONAL_CODE: NATION}
        self.add(places)

    def add(self, places: Iterable[Place]) -> None:
        """Add places; a place already known keeps its first description."""
        for place in places:
            self.places.setdefault(place.code, place)

    def lineage(self, code: str) -> list[str]:
        place = self.places.get(code)
        return list(place.lineage) if place else structural_lineage(code)

    def find(self, text: str, option: str = "--place") -> Place:
        """The place a planner means by a code or a name; ``InputError`` if none or several."""
        wanted = text.strip()
        if wanted in self.places:
            return self.places[wanted]
        matches = self._by_name(wanted)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(p.label for p in matches)
            raise InputError([Problem("cwplan rules", 0, option, f"{text!r} names several "
                                      f"places: {names}", "give the six-digit code")])
        names = {_norm(p.name_pinyin): p for p in self.places.values() if p.name_pinyin}
        close = difflib.get_close_matches(_norm(wanted), list(names), n=1)
        hint = f"; did you mean {names[close[0]].name_pinyin}?" if close else ""
        raise InputError([Problem("cwplan rules", 0, option, f"unknown place {text!r}{hint}",
                                  "a GB/T 2260 code or pinyin name of a county, prefecture or "
                                  f"province of the region files ({self._summary()}), or "
                                  "100000/China")])

    def _summary(self) -> str:
        """The provinces and prefectures one may name, and how many counties besides."""
        upper = [p for p in self.places.values() if p.code.endswith("00") and p.name_pinyin
                 and p.code != NATIONAL_CODE]
        counties = len(self.places) - len(upper) - 1
        names = ", ".join(f"{p.name_pinyin} {p.code}" for p in sorted(upper, key=lambda p: p.code))
        return f"{names}; and {counties} counties or other codes" if names else "none found"

    def _by_name(self, text: str) -> list[Place]:
        forms = {_norm(text), _bare(_norm(text))}
        found = [p for p in self.places.values()
                 if forms & {_norm(p.name_pinyin), _bare(_norm(p.name_pinyin)), p.name_zh,
                             _bare_zh(p.name_zh)} - {""}]
        return sorted(found, key=lambda p: p.code)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z\u4e00-\u9fff]", "", name.lower())


def _bare(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _bare_zh(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in "省市区县旗" else name


def region_places(data: Any) -> list[Place]:
    """The provinces, prefectures and counties of one region file's raw data."""
    if not isinstance(data, dict):
        return []
    provinces = [p for p in data.get("provinces") or [] if isinstance(p, dict) and "code" in p]
    out = [_place(p, [NATIONAL_CODE]) for p in provinces]
    first = str(provinces[0]["code"]) if provinces else None
    for pref in data.get("prefectures") or []:
        if not isinstance(pref, dict) or "code" not in pref:
            continue
        province = str(pref.get("province") or first or structural_lineage(str(pref["code"]))[1])
        up = [province, NATIONAL_CODE]
        out.append(_place(pref, up))
        for county in pref.get("counties") or []:
            if isinstance(county, dict) and "code" in county:
                out.append(_place(county, [str(pref["code"]), *up]))
    return out


def _place(node: dict, up: list[str]) -> Place:
    code = str(node["code"])
    return Place(code, str(node.get("name_zh") or ""), str(node.get("name_pinyin") or ""),
                 (code, *up))


def bundled_places(folder: Path | None = None) -> list[Place]:
    """Every place named in the bundled region files (``scenarios/regions/*.yaml``)."""
    folder = folder or BUNDLED / "regions"
    out: list[Place] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            out += region_places(read_yaml(path).data)
        except InputError:
            continue  # a region file being written is not a reason to refuse every place
    return out
