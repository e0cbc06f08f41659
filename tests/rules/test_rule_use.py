"""Every rule of the catalogue is used: it drives behaviour, it is judged as a target, or the
report lists it under "encoded, not modelled" (按规则编码、未建模) with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.words import WORDS
from sim import catalogue, measures

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
KEYS = [line.split()[0] for line in (HERE / "catalogue_keys.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")]
# where the simulation and the optimizer act on rules; the catalogue of uses itself and the
# measures' list of what cannot be measured do not count as acting on a rule
CODE = [p for folder in ("sim", "optimize") for p in (ROOT / folder).rglob("*.py")
        if p.name != "catalogue.py"]


def _acted_on(key: str) -> bool:
    """The key, or its prefix where the code builds it (staffing.caregiver_ratio.{care}),
    appears in the simulation's or the optimizer's code outside the citations of events."""
    prefix = key.rsplit(".", 1)[0] + "."
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "_cite(" in line or "cites[" in line:
                continue      # naming a rule in the event log is not acting on it
            if f'"{key}"' in line or (key.startswith("staffing.caregiver_ratio.")
                                      and f'f"{prefix}' in line):
                return True
    return False


@pytest.mark.parametrize("key", KEYS)
def test_every_catalogue_key_drives_is_judged_or_is_declared(key):
    use = catalogue.use(key)
    if use == catalogue.DRIVES:
        assert _acted_on(key), f"{key} is said to drive behaviour, but no code acts on it"
    elif use == catalogue.JUDGED:
        assert key in measures.MEASURES, f"{key} is said to be judged, but has no measure"
    else:
        assert use == catalogue.ENCODED
        reason = measures.NOT_MODELLED.get(key, f"use.{key}")
        zh, en = WORDS[reason]
        assert zh.strip() and en.strip(), f"{key} is encoded without a reason"
    assert f"use.{key}" in WORDS or key in measures.NOT_MODELLED


def test_a_target_is_judged_unless_it_is_declared_not_measurable():
    for key in KEYS:
        if key.startswith("targets."):
            assert (key in measures.MEASURES) != (key in measures.NOT_MODELLED), key
