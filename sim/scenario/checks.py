"""Cross-checks that a schema alone cannot express: references, codes, mixes, dates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sim.scenario.errors import _did_you_mean
from sim.scenario.model import (
    AGE_BANDS,
    CARE_LEVELS,
    INTAKE_STEPS,
    MAX_HORIZON_YEARS,
    NATIONAL_CODE,
    STAFF_ROLES,
    TRANSFER_STEPS,
    Prefecture,
    Region,
    ScenarioFile,
    series_at,
)
from sim.scenario.paths import available_rulebooks
from sim.scenario.problems import Problem
from sim.scenario.range_checks import range_problems
from sim.scenario.rates import rate_years
from sim.scenario.yamlio import Document, _dotted

# --- Cross-checks that a schema alone cannot express ---------------------------------

def _at(doc: Document, keys: tuple, message: str, allowed: str = "") -> Problem:
    file, line, _ = doc.where(keys)
    return Problem(file, line, _dotted(keys), message, allowed)


def _one_of(items: Any, limit: int = 12) -> str:
    """'one of a, b, c' for a message, shortened when a region has thousands of them."""
    items = list(dict.fromkeys(str(i) for i in items))
    if len(items) <= limit:
        return "one of " + ", ".join(items)
    return "one of " + ", ".join(items[:limit]) + f", ... ({len(items)} in all)"


def _check_region(region: Region, doc: Document) -> Iterator[Problem]:
    yield from _check_codes(region, doc)
    counties = {c.code for _, c in region.counties()}
    kinds: dict[str, str] = {}
    options: set[str] = set()
    for n, inst in enumerate(region.institutions):
        if inst.id in kinds:
            yield _at(doc, ("institutions", n, "id"), f"duplicate institution id {inst.id!r}",
                      "each id once")
        kinds.setdefault(inst.id, inst.kind)
        if inst.county not in counties:
            yield _at(doc, ("institutions", n, "county"),
                      f"county {inst.county!r} is not a county of this region",
                      _one_of(sorted(counties)))
        for o, option in enumerate(inst.options):
            if option.id in options or option.id in kinds:
                yield _at(doc, ("institutions", n, "options", o, "id"),
                          f"duplicate id {option.id!r}", "each institution and option id once")
            options.add(option.id)
    for inst_id, rows in region.census.children.items():
        if inst_id not in kinds:
            yield _at(doc, ("census", "children", inst_id),
                      f"institution {inst_id!r} does not exist", _one_of(kinds))
        elif kinds[inst_id] == "candidate_site" and any(r.n for r in rows):
            yield _at(doc, ("census", "children", inst_id),
                      "a candidate site holds no children on the first day")
    yield from _check_demand(region, doc, counties)
    yield from _check_process(region, doc)
    for keys, message, allowed in range_problems(region):
        yield _at(doc, keys, message, allowed)
    yield from _check_observed(region, doc)


def _check_codes(region: Region, doc: Document) -> Iterator[Problem]:
    provinces = [p.code for p in region.provinces]
    for n, code in enumerate(provinces):
        if not code.endswith("0000") or code == NATIONAL_CODE:
            yield _at(doc, ("provinces", n, "code"), f"{code} is not a province code",
                      "six digits ending in 0000")
        elif code in provinces[:n]:
            yield _at(doc, ("provinces", n, "code"), f"duplicate province code {code}")
    seen: set[str] = set()
    for p, prefecture in enumerate(region.prefectures):
        if prefecture.province is None and len(provinces) > 1:
            yield _at(doc, ("prefectures", p), "say which province this prefecture is in",
                      "province: " + _one_of(provinces))
            continue
        if prefecture.province is not None and prefecture.province not in provinces:
            yield _at(doc, ("prefectures", p, "province"),
                      f"province {prefecture.province} is not listed under provinces",
                      _one_of(provinces))
            continue
        province = region.province_of(prefecture).code
        code = prefecture.code
        if code[:2] != province[:2] or not code.endswith("00") or code == province:
            yield _at(doc, ("prefectures", p, "code"),
                      f"{code} is not a prefecture of province {province}",
                      f"{province[:2]}xx00")
            continue  # its counties would all be reported too; one message is enough
        if code in seen:
            yield _at(doc, ("prefectures", p, "code"), f"duplicate prefecture code {code}")
        seen.add(code)
        yield from _check_counties(doc, p, prefecture, seen)


def _check_counties(doc: Document, p: int, prefecture: Prefecture,
                    seen: set[str]) -> Iterator[Problem]:
    code = prefecture.code
    for c, county in enumerate(prefecture.counties):
        where = ("prefectures", p, "counties", c)
        if county.code[:4] != code[:4] or county.code.endswith("00"):
            yield _at(doc, (*where, "code"), f"{county.code} is not a county of prefecture {code}",
                      f"{code[:4]}xx")
        elif county.code in seen:
            yield _at(doc, (*where, "code"), f"duplicate county code {county.code}")
        seen.add(county.code)
        if county.workstations > county.townships:
            yield _at(doc, (*where, "workstations"),
                      f"{county.workstations} workstations but only {county.townships} townships",
                      "at most one workstation per township")


def _check_demand(region: Region, doc: Document, counties: set[str]) -> Iterator[Problem]:
    for code in region.demand.arrivals:
        if code not in counties:
            yield _at(doc, ("demand", "arrivals", code), f"county {code!r} is not in this region",
                      _one_of(sorted(counties)))
    for code in sorted(counties - set(region.demand.arrivals)):
        yield _at(doc, ("demand", "arrivals"), f"county {code} has no arrival rates",
                  "one entry per county")
    for kind in ("long_term", "temporary"):
        for block in ("care_mix", "age_mix"):
            if kind not in getattr(region.demand, block):
                yield _at(doc, ("demand", block), f"no {block} for {kind} arrivals",
                          "long_term and temporary")
    if region.demand.conversions == "included":
        yield from _check_conversions(region, doc, counties)


def _check_conversions(region: Region, doc: Document, counties: set[str]) -> Iterator[Problem]:
    """With conversions included, a county's long-term rate holds its expected conversions."""
    share = region.process.temporary.to_long_term_share
    for code in sorted(counties & set(region.demand.arrivals)):
        rates = region.demand.arrivals[code]
        for year in rate_years(region, code):
            converted = series_at(rates.temporary, year) * share
            stated = series_at(rates.long_term, year)
            if stated + 1e-9 < converted:
                when = f" in {year}" if year else ""
                yield _at(doc, ("demand", "arrivals", code, "long_term"),
                          f"{stated:g} a year{when} is less than the {converted:g} temporary "
                          f"cases expected to turn long-term, which it includes",
                          "long_term >= temporary x process.temporary.to_long_term_share, "
                          "or demand.conversions: separate")
                break


def _check_observed(region: Region, doc: Document) -> Iterator[Problem]:
    """Observed rows name a place of the region, one row per place, series and year."""
    places = set(region.places()) | {NATIONAL_CODE}
    seen: set[tuple] = set()
    for n, row in enumerate(region.observed):
        if row.place not in places:
            yield _at(doc, ("observed", n, "place"), f"place {row.place} is not in region "
                      f"{region.id}", _one_of(sorted(places)))
        if row.as_of is not None and row.series != "children_in_care":
            yield _at(doc, ("observed", n, "as_of"), f"{row.series} counts a whole year",
                      "as_of only for children_in_care")
        elif row.as_of is not None and row.as_of.year != row.year:
            yield _at(doc, ("observed", n, "as_of"), f"{row.as_of} is not in {row.year}",
                      f"a day of {row.year}")
        key = (row.place, row.series, row.year)
        if key in seen:
            yield _at(doc, ("observed", n), f"a second {row.series} row for {row.place} in "
                      f"{row.year}", "one row per place, series and year")
        seen.add(key)


def _complete(doc: Document, keys: tuple, given: dict, wanted: tuple) -> Iterator[Problem]:
    missing = [w for w in wanted if w not in given]
    if missing:
        yield _at(doc, keys, "missing " + ", ".join(missing), "one value for each")


def _check_process(region: Region, doc: Document) -> Iterator[Problem]:
    pr = region.process
    timed = tuple(s for s in INTAKE_STEPS if s != "search_announcement")
    yield from _complete(doc, ("process", "intake", "steps_days"), pr.intake.steps_days, timed)
    yield from _complete(doc, ("process", "transfer", "steps_days"), pr.transfer.steps_days,
                         TRANSFER_STEPS)
    yield from _complete(doc, ("costs", "wages_yuan_per_year"), region.costs.wages_yuan_per_year,
                         STAFF_ROLES)
    yield from _complete(doc, ("process", "exits", "death_per_year"), pr.exits.death_per_year,
                         CARE_LEVELS)
    for name in ("adoption_per_year", "foster_per_year"):
        table = getattr(pr.exits, name)
        yield from _complete(doc, ("process", "exits", name), table, CARE_LEVELS)
        for care, bands in table.items():
            yield from _complete(doc, ("process", "exits", name, care), bands, AGE_BANDS)
    t = pr.temporary
    if not t.min_stay_days <= t.mean_stay_days <= t.max_stay_days:
        yield _at(doc, ("process", "temporary", "mean_stay_days"),
                  f"mean stay {t.mean_stay_days} is outside [{t.min_stay_days}, "
                  f"{t.max_stay_days}]", "min_stay_days <= mean_stay_days <= max_stay_days")


def _check_scenario(spec: ScenarioFile, doc: Document, path: Path) -> Iterator[Problem]:
    start, end = spec.horizon.start, spec.horizon.end
    if end <= start:
        yield _at(doc, ("horizon", "end"), f"end {end} is not after start {start}",
                  "end later than start")
    elif (end - start).days > MAX_HORIZON_YEARS * 366:
        yield _at(doc, ("horizon", "end"), f"a horizon of {(end - start).days // 365} years",
                  f"at most {MAX_HORIZON_YEARS} years")
    adaptive = spec.run.adaptive
    if adaptive.min > adaptive.max:
        yield _at(doc, ("run", "adaptive", "max"), f"at most {adaptive.max} replications "
                  f"but at least {adaptive.min} in the first batch", "max >= min")
    available = available_rulebooks(path)
    for n, adoption in enumerate(spec.adopt):
        if adoption.from_ not in available:
            yield _at(doc, ("adopt", n, "from"), f"rulebook {adoption.from_!r} does not exist"
                      f"{_did_you_mean(adoption.from_, list(available))}", _one_of(available))
        for k, key in enumerate(adoption.keys):
            if not _is_rule_key(key.removesuffix(".*")):
                yield _at(doc, ("adopt", n, "keys", k), f"{key!r} is not a dotted rule key",
                          "e.g. staffing.caregiver_ratio.* or intake.steps")
    for block, table in (("overrides", spec.overrides), ("assume", spec.assume)):
        for key in table:
            if not _is_rule_key(key):
                yield _at(doc, (block, key), f"{key!r} is not a dotted rule key",
                          "e.g. staffing.caregiver_ratio.self_care")


def _is_rule_key(key: str) -> bool:
    parts = key.split(".")
    return len(parts) >= 2 and all(p.replace("_", "").isalnum() for p in parts)


def _check_against_region(spec: ScenarioFile, doc: Document, region: Region) -> list[Problem]:
    problems = []
    places = region.places() | {NATIONAL_CODE: None}
    for block, table, field in (("overrides", spec.overrides, "place"),
                                ("assume", spec.assume, "jurisdiction")):
        for key, values in table.items():
            for n, value in enumerate(values):
                code = getattr(value, field)
                if code is not None and code not in places:
                    problems.append(_at(doc, (block, key, n, field),
                                        f"place {code} is not in region {region.id}",
                                        _one_of(sorted(places))))
    if region.census.as_of > spec.horizon.start:
        problems.append(_at(doc, ("horizon", "start"),
                            f"the census is dated {region.census.as_of}, after the start",
                            "a start on or after the census date"))
    return problems
