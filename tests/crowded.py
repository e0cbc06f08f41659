"""A city home that fills up in a share of replications known from theory.

The two-county fixture of the planning tests without its county home: the city home has 10
beds and 2 children; long-term children arrive in its county as a Poisson process of 3.5 a
year and nobody leaves, so over the two-year horizon its beds run short exactly when 9 or
more children arrive, with probability P(Poisson(7) >= 9) = 27.1 %.
"""

from __future__ import annotations

from pathlib import Path

from scipy import stats

TINY = Path(__file__).parent / "optimize" / "data"
RATE = 3.5                                   # long-term arrivals per year in the city's county
SHORT = float(stats.poisson.sf(8, 2 * RATE))  # P(9 or more arrive in two years) = 0.271


def crowded_city(folder: Path, levels: str = "", run: str = "", options: str = "") -> Path:
    """The two-county fixture without its county home, the city home filling up."""
    region = (TINY / "tiny-region.yaml").read_text(encoding="utf-8")
    start, end = region.index("  - {id: h,"), region.index("census:")
    region = region[:start] + region[end:]
    region = region.replace("    h: [{age: 6-11, care: full_care, kind: long_term, n: 1}]\n", "")
    region = region.replace('"341002": {infant: 0, long_term: 0, temporary: 0}',
                            f'"341002": {{infant: 0, long_term: {RATE}, temporary: 0}}')
    if options:       # capacity options of the city home
        home = '     operating_cost_yuan_per_year: 1000, source: "test fixture"'
        region = region.replace(home + "}", f"{home},\n     options: [{options}]}}", 1)
    (folder / "tiny-region.yaml").write_text(region, encoding="utf-8")
    scenario = (TINY / "tiny.yaml").read_text(encoding="utf-8")
    scenario += (f"service_levels: {{{levels}}}\n" if levels else "") + \
        f"run: {{{run or 'replications: 5, seed: 3'}}}\n"
    (folder / "tiny.yaml").write_text(scenario, encoding="utf-8")
    return folder / "tiny.yaml"
