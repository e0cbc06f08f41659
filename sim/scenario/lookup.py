"""A region's places and institutions by code, looked up instead of scanned.

A national region holds thousands of counties and institutions; a lookup that read the
lists from the start for every county-institution pair made the world build, the demand
projection and the planning data grow with the square of the region's size. The index is
built once per region (``Region._index``) and answers as a scan from the start would: the
first entry of a code wins, an unknown code raises StopIteration.
"""

from __future__ import annotations


def found(table: dict, code: str):
    """An entry of a region by its code; an unknown code ends the lookup as a scan of the
    lists would (StopIteration)."""
    try:
        return table[code]
    except KeyError:
        raise StopIteration(code) from None


class Index:
    """A region's lookups by code (first of each code wins, as a scan from the start would)."""

    def __init__(self):
        self.county: dict = {}
        self.prefecture: dict = {}
        self.prefecture_of: dict = {}
        self.institution: dict = {}
        self.at_county: dict[str, list] = {}
        self.position: dict[int, int] = {}         # id() of an institution -> its place
        self.province: dict = {}
        self.lineage: dict[str, tuple[str, ...]] = {}

    @classmethod
    def of(cls, region, national: str) -> Index:
        index = cls()
        for place in region.provinces:
            index.province.setdefault(place.code, place)
        for n, inst in enumerate(region.institutions):
            index.institution.setdefault(inst.id, inst)
            index.at_county.setdefault(inst.county, []).append(inst)
            index.position[id(inst)] = n
        for prefecture in region.prefectures:
            index.prefecture.setdefault(prefecture.code, prefecture)
            province = prefecture.province or region.provinces[0].code
            placed = province in index.province
            if placed:
                index.lineage.setdefault(prefecture.code,
                                         (prefecture.code, province, national))
            for county in prefecture.counties:
                index.county.setdefault(county.code, county)
                index.prefecture_of.setdefault(county.code, prefecture)
                if placed:
                    index.lineage.setdefault(county.code, (county.code, prefecture.code,
                                                           province, national))
        for place in region.provinces:   # a province is governed by the nation alone
            if place.code not in index.prefecture and place.code not in index.county:
                index.lineage.setdefault(place.code, (place.code, national)
                                         if place.code != national else (place.code,))
        return index
