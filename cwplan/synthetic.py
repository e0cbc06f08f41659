"""A synthetic nation for scale tests: every province, 330 prefectures, 2,800 counties.

The bundled regions hold one prefecture city or one province. A national plan holds about
330 prefecture cities and 2,800 county-level divisions, about 1,200 child welfare
institutions and some 60,000 children; this module writes a region and a scenario of that
size so that the loader, the simulation and the optimizer can be timed on it.

Province codes are the real GB/T 2260 ones (11 Beijing ... 65 Xinjiang); prefecture and
county codes are made up but nest correctly under them (``33`` → ``3301 00`` →
``3301 05``). Places are called 合成县0001 / Synthetic County 0001. Every figure is
drawn at random around national orders of magnitude and carries ``source: "E: synthetic"``.
The same seed always writes the same files (one ``numpy.random.Generator`` per concern,
derived from the seed).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from cwplan import owned

SOURCE = "E: synthetic"
FILES = ("national-region.yaml", "national.yaml")

PROVINCES = (
    ("11", "北京市", "Beijing"), ("12", "天津市", "Tianjin"), ("13", "河北省", "Hebei"),
    ("14", "山西省", "Shanxi"), ("15", "内蒙古自治区", "Nei Mongol"), ("21", "辽宁省", "Liaoning"),
    ("22", "吉林省", "Jilin"), ("23", "黑龙江省", "Heilongjiang"), ("31", "上海市", "Shanghai"),
    ("32", "江苏省", "Jiangsu"), ("33", "浙江省", "Zhejiang"), ("34", "安徽省", "Anhui"),
    ("35", "福建省", "Fujian"), ("36", "江西省", "Jiangxi"), ("37", "山东省", "Shandong"),
    ("41", "河南省", "Henan"), ("42", "湖北省", "Hubei"), ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"), ("45", "广西壮族自治区", "Guangxi"), ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"), ("51", "四川省", "Sichuan"), ("52", "贵州省", "Guizhou"),
    ("53", "云南省", "Yunnan"), ("54", "西藏自治区", "Xizang"), ("61", "陕西省", "Shaanxi"),
    ("62", "甘肃省", "Gansu"), ("63", "青海省", "Qinghai"), ("64", "宁夏回族自治区", "Ningxia"),
    ("65", "新疆维吾尔自治区", "Xinjiang"),
)
MAX_CHILD_CODES = 99            # two digits: prefectures per province, counties per prefecture
COUNTY_HOME_SHARE = 881 / 2800  # county-level institutions per county-level division (2021)
REGIONAL_SHARE = 0.6            # city homes already raising their prefecture's long-term children
OPERATING_SHARE = 0.3           # protection centers running as entities at the start
IN_CARE_PER_MILLION = 42        # children in institutions per million residents (2021)
# The bundled regions' calibration (docs/DATA_SOURCES.md, Arrival rates): long-term entries a
# year are 1.8 % of the long-term children in the prefecture's care on the first day, split
# over its counties by residents; 35 % of them found infants (of whom 5 % are reunited, hence
# / 0.95); 10 temporary cases per million residents a year, 1 % of which turn long-term,
# inside the long-term rate (``conversions: included``).
ENTRY_SHARE, INFANT_SHARE, FOUND_SHARE = 0.018, 0.35, 0.95
TEMPORARY_PER_MILLION, TO_LONG_TERM = 10.0, 0.01

# The shape of a home's census (age band, care level, share), after the bundled regions.
CENSUS_SHAPE = (
    ("0-2", "full_care", 0.08), ("3-5", "full_care", 0.10), ("3-5", "semi_self_care", 0.04),
    ("6-11", "full_care", 0.17), ("6-11", "semi_self_care", 0.10), ("6-11", "self_care", 0.12),
    ("12-14", "full_care", 0.10), ("12-14", "semi_self_care", 0.08), ("12-14", "self_care", 0.06),
    ("15-17", "full_care", 0.07), ("15-17", "semi_self_care", 0.04), ("15-17", "self_care", 0.04),
)


def generate_national(seed: int, counties: int = 2800, prefectures: int = 330, *,
                      out_dir: Path | str) -> Path:
    """Write ``national-region.yaml`` and ``national.yaml`` into ``out_dir``; return the latter.

    Raises ValueError when the counts cannot be coded (at most 99 prefectures per province
    and 99 counties per prefecture, at least one county per prefecture).
    """
    _check_counts(counties, prefectures)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    streams = [np.random.default_rng(np.random.SeedSequence([seed, i])) for i in range(4)]
    places = _places(streams[0], counties, prefectures)
    institutions = _institutions(streams[1], places)
    lines = [*_header(seed, places), *_institution_lines(institutions),
             *_census_lines(streams[2], institutions), *_demand_lines(places, institutions),
             *_PROCESS_AND_COSTS]
    origin = f"--seed {seed} --counties {counties} --prefectures {prefectures}"
    region, scenario = (out / name for name in FILES)
    _write(region, "\n".join(lines) + "\n", origin)
    _write(scenario, _scenario_text(seed, streams[3]), origin)
    return scenario


def _write(path: Path, body: str, origin: str) -> None:
    """A file marked as this command's own (``cwplan synth`` replaces no other), put in
    place whole."""
    text = owned.yaml_text(body, origin, "synth")
    owned.write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _check_counts(counties: int, prefectures: int) -> None:
    if prefectures < 1 or prefectures > len(PROVINCES) * MAX_CHILD_CODES:
        raise ValueError(f"prefectures must be between 1 and {len(PROVINCES) * MAX_CHILD_CODES}")
    if counties < prefectures or counties > prefectures * MAX_CHILD_CODES:
        raise ValueError(f"counties must be between the number of prefectures ({prefectures}) "
                         f"and {MAX_CHILD_CODES} per prefecture ({prefectures * MAX_CHILD_CODES})")


def _spread(rng: np.random.Generator, total: int, bins: int, cap: int) -> list[int]:
    """``total`` items in ``bins`` bins, each holding between 1 and ``cap``, uneven at random."""
    sizes = np.ones(bins, dtype=int)
    weights = rng.gamma(2.0, size=bins)
    for _ in range(total - bins):
        open_bins = sizes < cap
        w = weights * open_bins
        sizes[rng.choice(bins, p=w / w.sum())] += 1
    return sizes.tolist()


def _places(rng: np.random.Generator, counties: int, prefectures: int) -> list[dict]:
    """Provinces with their prefectures and counties: codes, names, coordinates, residents."""
    provinces = PROVINCES[:prefectures] if prefectures < len(PROVINCES) else PROVINCES
    per_province = _spread(rng, prefectures, len(provinces), MAX_CHILD_CODES)
    per_prefecture = iter(_spread(rng, counties, prefectures, MAX_CHILD_CODES))
    out, p_serial, c_serial = [], 0, 0
    for (code, name_zh, name_pinyin), n_pref in zip(provinces, per_province, strict=True):
        lat, lon = rng.uniform(22, 46), rng.uniform(98, 125)
        prefs = []
        for i in range(1, n_pref + 1):
            p_serial += 1
            plat, plon = lat + rng.normal(0, 1.5), lon + rng.normal(0, 1.5)
            pref = {"code": f"{code}{i:02d}00", "serial": p_serial, "lat": plat, "lon": plon,
                    "counties": []}
            for j in range(1, next(per_prefecture) + 1):
                c_serial += 1
                population = int(np.clip(rng.lognormal(np.log(420_000), 0.6), 20_000, 5_000_000))
                pref["counties"].append({
                    "code": f"{code}{i:02d}{j:02d}", "serial": c_serial,
                    "lat": plat + rng.normal(0, 0.5), "lon": plon + rng.normal(0, 0.5),
                    "population": population,
                    "townships": int(np.clip(population / 35_000 + rng.normal(0, 3), 3, 60)),
                })
            prefs.append(pref)
        out.append({"code": f"{code}0000", "name_zh": name_zh, "name_pinyin": name_pinyin,
                    "prefectures": prefs})
    return out


def _institutions(rng: np.random.Generator, places: list[dict]) -> list[dict]:
    """A city home per prefecture, a county home or a protection center in every county."""
    out = []
    for province in places:
        for pref in province["prefectures"]:
            people = sum(c["population"] for c in pref["counties"])
            seat = pref["counties"][0]
            out.append({"id": f"p{pref['serial']:04d}-city", "kind": "city_welfare_home",
                        "county": seat["code"], "name": f"合成市{pref['serial']:04d}儿童福利院",
                        "pinyin": f"Synthetic City {pref['serial']:04d} Children Home",
                        "children": _children(rng, people, 0.7),
                        "regional": bool(rng.random() < REGIONAL_SHARE)})
            for county in pref["counties"]:
                home = county is not seat and rng.random() < COUNTY_HOME_SHARE
                serial = f"{county['serial']:04d}"
                suffix, suffix_en = (("儿童福利院", "Children Home") if home else
                                     ("未成年人救助保护中心", "Protection Center"))
                out.append({"id": f"c{serial}-{'home' if home else 'pc'}",
                            "kind": "county_welfare_home" if home else "protection_center",
                            "county": county["code"], "name": f"合成县{serial}{suffix}",
                            "pinyin": f"Synthetic County {serial} {suffix_en}",
                            "children": _children(rng, county["population"], 0.3) if home else 0,
                            "operating": bool(rng.random() < OPERATING_SHARE)})
    return out


def _children(rng: np.random.Generator, population: int, share: float) -> int:
    return int(rng.poisson(population / 1e6 * IN_CARE_PER_MILLION * share))


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _header(seed: int, places: list[dict]) -> list[str]:
    lines = [
        "# Synthetic nation for scale tests (cwplan synth); no figure describes a real place.",
        "id: national-synthetic", 'name_zh: "合成全国"', 'name_pinyin: "Synthetic nation"',
        "provinces:",
        *(f'  - {{code: "{p["code"]}", name_zh: {p["name_zh"]}, name_pinyin: "{p["name_pinyin"]}"}}'
          for p in places),
        "prefectures:",
    ]
    for province in places:
        for pref in province["prefectures"]:
            s = f"{pref['serial']:04d}"
            lines += [f'  - code: "{pref["code"]}"', f"    name_zh: 合成市{s}",
                      f'    name_pinyin: "Synthetic City {s}"',
                      f'    province: "{province["code"]}"',
                      f"    lat: {_num(pref['lat'])}", f"    lon: {_num(pref['lon'])}",
                      f'    source: "{SOURCE}"', "    counties:"]
            lines += [
                f'      - {{code: "{c["code"]}", name_zh: 合成县{c["serial"]:04d}, '
                f'name_pinyin: "Synthetic County {c["serial"]:04d}", lat: {_num(c["lat"])}, '
                f'lon: {_num(c["lon"])}, population: {c["population"]}, '
                f'townships: {c["townships"]}, source: "{SOURCE}"}}'
                for c in pref["counties"]]
    return lines


def _institution_lines(institutions: list[dict]) -> list[str]:
    lines = ["institutions:"]
    for inst in institutions:
        beds = {"city_welfare_home": max(60, round(inst["children"] * 1.6, -1)),
                "county_welfare_home": max(10, round(inst["children"] * 1.5)),
                "protection_center": 8}[inst["kind"]]
        caregivers = max(2, beds // 5)
        flags = (f", regional: {str(inst['regional']).lower()}" if "regional" in inst else
                 f", operating_as_entity: {str(inst['operating']).lower()}"
                 if inst["kind"] == "protection_center" else "")
        lines.append(
            f'  - {{id: {inst["id"]}, name_zh: {inst["name"]}, name_pinyin: "{inst["pinyin"]}", '
            f'kind: {inst["kind"]}, county: "{inst["county"]}", beds: {beds}, '
            f"staff: {{caregiver: {caregivers}, professional: {max(1, caregivers // 2)}, "
            f"other: {max(1, caregivers // 3)}}}, "
            f"operating_cost_yuan_per_year: {beds * 30_000}{flags}, source: \"{SOURCE}\"}}")
    return lines


def _census_lines(rng: np.random.Generator, institutions: list[dict]) -> list[str]:
    lines = ["census:", "  as_of: 2021-01-01", f'  source: "{SOURCE}"', "  children:"]
    shares = np.array([s for _, _, s in CENSUS_SHAPE])
    for inst in institutions:
        if inst["kind"] == "protection_center":
            continue
        counts = rng.multinomial(inst["children"], shares / shares.sum())
        rows = [f"      - {{age: {age}, care: {care}, kind: long_term, n: {n}}}"
                for (age, care, _), n in zip(CENSUS_SHAPE, counts, strict=True) if n]
        lines += [f"    {inst['id']}:" + ("" if rows else " []"), *rows]
    return lines


def _demand_lines(places: list[dict], institutions: list[dict]) -> list[str]:
    """Each county's arrivals a year: its share by residents of its prefecture's long-term
    entries, and its temporary cases (whose conversions the long-term rate includes)."""
    in_care: dict[str, int] = {}
    for inst in institutions:
        in_care[inst["county"]] = in_care.get(inst["county"], 0) + inst["children"]
    lines = ["demand:", f'  source: "{SOURCE}"', "  conversions: included", "  arrivals:"]
    for province in places:
        for pref in province["prefectures"]:
            counties = pref["counties"]
            people = sum(c["population"] for c in counties)
            entries = ENTRY_SHARE * sum(in_care.get(c["code"], 0) for c in counties)
            for c in counties:
                share = entries * c["population"] / people
                temporary = round(c["population"] / 1e6 * TEMPORARY_PER_MILLION, 2)
                converted = math.ceil(temporary * TO_LONG_TERM * 100) / 100
                # a county's long-term rate holds at least its own conversions
                long_term = max(round((1 - INFANT_SHARE) * share, 2), converted)
                infant = round(INFANT_SHARE * share / FOUND_SHARE, 2)
                lines.append(f'    "{c["code"]}": {{infant: {_num(infant)}, '
                             f"long_term: {_num(long_term)}, temporary: {_num(temporary)}}}")
    return lines


_PROCESS_AND_COSTS = f"""\
  care_mix:
    long_term: {{self_care: 0.2, semi_self_care: 0.3, full_care: 0.5}}
    temporary: {{self_care: 0.75, semi_self_care: 0.2, full_care: 0.05}}
  age_mix:
    long_term: {{"0-2": 0.1, "3-5": 0.2, "6-11": 0.35, "12-14": 0.25, "15-17": 0.1}}
    temporary: {{"0-2": 0.05, "3-5": 0.1, "6-11": 0.3, "12-14": 0.35, "15-17": 0.2}}
  night_or_emergency_share: 0.35
process:
  intake:
    steps_days: {{police_report: 1, medical_exam: 3, dna_comparison: 20, county_approval: 10,
                 formal_admission: 5, hukou_registration: 30}}
    parent_found_probability: 0.05
    emergency_stay_days: 2
    source: "{SOURCE}"
  temporary: {{mean_stay_days: 30, min_stay_days: 3, max_stay_days: 90,
              to_long_term_share: {TO_LONG_TERM}, source: "{SOURCE}"}}
  exits:
    adoption_per_year:
      self_care: {{"0-2": 0.5, "3-5": 0.3, "6-11": 0.08, "12-14": 0.02, "15-17": 0.0}}
      semi_self_care: {{"0-2": 0.3, "3-5": 0.15, "6-11": 0.04, "12-14": 0.01, "15-17": 0.0}}
      full_care: {{"0-2": 0.05, "3-5": 0.03, "6-11": 0.02, "12-14": 0.005, "15-17": 0.0}}
    foster_per_year:
      self_care: {{"0-2": 0.05, "3-5": 0.08, "6-11": 0.08, "12-14": 0.05, "15-17": 0.02}}
      semi_self_care: {{"0-2": 0.03, "3-5": 0.05, "6-11": 0.05, "12-14": 0.03, "15-17": 0.01}}
      full_care: {{"0-2": 0.01, "3-5": 0.01, "6-11": 0.01, "12-14": 0.005, "15-17": 0.0}}
    foster_return_per_year: 0.05
    death_per_year: {{self_care: 0.001, semi_self_care: 0.004, full_care: 0.02}}
    source: "{SOURCE}"
  care: {{full_care_until_age: 3, mix_after_infancy: {{self_care: 0.3, semi_self_care: 0.3,
         full_care: 0.4}}, source: "{SOURCE}"}}
  transfer:
    steps_days: {{arrange: 14, compile_child_records: 7, organise_archives: 7,
                 handover_procedures: 3, summary: 10}}
    team_capacity: 3
    duration_cv: 0.3
    source: "{SOURCE}"
  staffing: {{recruitment_days: 45, background_check_days: 15, attrition_per_year: 0.08,
             attrition_per_year_in_transition: 0.25, redeploy_share: 0.6,
             round_the_clock_caregivers: 5, source: "{SOURCE}"}}
costs:
  wages_yuan_per_year:
    caregiver: {{2021: 80000, 2023: 85000, 2025: 90000}}
    professional: {{2021: 105000, 2023: 111000, 2025: 118000}}
    other: {{2021: 72000, 2023: 76000, 2025: 80000}}
  hiring_cost_yuan: 8000
  redeployment_cost_yuan: 15000
  layoff_cost_yuan: 60000
  transport_yuan_per_child_km: 3
  transfer_admin_yuan_per_child: 2000
  road_factor: 1.3
  protection_center_yuan_per_year: 500000
  workstation_yuan_per_year: 50000
  discount_rate: 0.03
  source: "{SOURCE}\"""".splitlines()


def _scenario_text(seed: int, rng: np.random.Generator) -> str:
    return f"""\
# Synthetic nation: scenario for scale tests (cwplan synth --seed {seed}).
name: 合成全国 Synthetic nation (seed {seed})
description: Every prefecture's county homes hand their long-term children to the city home.
region: national-region.yaml
rulebooks: [cn-2021-44]
adopt:
  - keys: [staffing.caregiver_ratio.*, intake.steps, intake.announcement_days,
           placement.assessment_lead_months, foster.visit_interval_days,
           staffing.round_the_clock_duty]
    from: hs-2023
    effective: 2021-01-01
    reason: "E: synthetic; the national document sets no ratios, the Anhui norm stands in"
assume:
  allowance.institution_orphan_yuan_per_year:
    - {{value: 18000, effective: 2021-01-01, source: "E: synthetic"}}
  transfer.window_start:
    - {{value: 2023-01-01, effective: 2021-01-01, source: "E: synthetic"}}
horizon: {{start: 2021-01-01, end: 2025-12-31}}
run: {{replications: 2, seed: {int(rng.integers(0, 2**31))}}}
optimizer: {{time_limit_s: 60, relative_gap: 1.0e-6, workers: 2, seed: 1}}
"""
