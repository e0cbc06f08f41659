"""Uncertain inputs in the reader's words: their names, values, ranges and source codes, and
the outputs of a sensitivity run with their effects (shares in percentage points)."""

from __future__ import annotations

from reports.i18n import Lang
from sim.scenario import AGE_BANDS, CARE_LEVELS
from sim.scenario.ranges import CODES, DEFAULT_SPREAD

RELATIVE = ("scaled", "census")
MONEY_UNITS = ("yuan", "yuan_per_year", "yuan_per_child", "yuan_per_child_km",
               "yuan_per_child_month", "yuan_per_hour")


def label(t: Lang, entry: str, group: str = "", part: str = "") -> str:
    """"caregiver wage per year", "operating cost per year (county welfare homes)"."""
    if part in CARE_LEVELS:
        part = t(f"care.{part}")
    elif part in AGE_BANDS:
        part = part.replace("-", "–")
    if group:
        group = t(f"option.{group}") if f"option.{group}" in t else t(f"kind.{group}")
    return t(f"est.{entry}", group=group, part=part)


def part_of(item) -> str:
    """The share of a mix an input moves (``full_care``, ``0-2``), else ""."""
    return str(item.path[-1]) if item.entry.shape == "share" else ""


def value(t: Lang, unit: str, shape: str, x: float | None, base: float | None = None) -> str:
    """An input's figure: a table moved as a whole shows its change from the file's."""
    if x is None:
        return "–"
    if shape in RELATIVE:
        change = x - 1.0
        return "±0%" if abs(change) < 1e-12 else f"{change:+.0%}"
    if unit == "share" or (unit == "per_year" and abs(x) < 1):
        digits = 0 if float(round(100 * x, 6)).is_integer() else 1
        return t.pct(x, digits)
    if unit in MONEY_UNITS:
        return f"{x:,.0f}"
    return t.number(x, 0 if float(x).is_integer() else 2)


def unit_word(t: Lang, unit: str, shape: str) -> str:
    return t("eu.table") if shape in RELATIVE else t(f"eu.{unit}")


def codes_explained(t: Lang) -> str:
    sep = "；" if t.zh else "; "
    return sep.join(t(f"code.{c}") for c in CODES)


def default_rule(t: Lang) -> dict[str, str]:
    return {"e": t.pct(DEFAULT_SPREAD["E"]), "a": t.pct(DEFAULT_SPREAD["A"])}


def output_label(t: Lang, output: str) -> str:
    if output.startswith("deadline:"):
        return t("out.deadline", date=output.partition(":")[2])
    return t(f"out.{output}")


def output_value(t: Lang, output: str, x: float | None) -> str:
    if x is None:
        return "–"
    if output == "total_cost":
        return f"{t.money(x)} {t.money_unit}"
    if output == "peak_census":
        return t.number(x, 1)
    return t.pct(x, 1)


def effect(t: Lang, output: str, dx: float | None) -> str:
    """A change of an output: money in the report's unit, shares in percentage points."""
    if dx is None:
        return "–"
    if output == "total_cost":
        return f"{_signed(t.money(dx), dx)} {t.money_unit}"
    if output == "peak_census":
        return _signed(t.number(dx, 1), dx)
    return f"{_signed(t.number(100 * dx, 1), dx)} {t('unit.pp')}"


def _signed(text: str, x: float) -> str:
    return text if text.startswith("-") or text in ("0", "0.0") or x <= 0 else f"+{text}"
