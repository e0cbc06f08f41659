"""What went into a run, written beside its results (``inputs.json``) so that a comparison
can say what differs between two runs' inputs: the scenario's values after its overlays,
the region's figures, and the rule values in force."""

from __future__ import annotations

SETTINGS = {"name", "rulebooks", "adopt", "assume", "overrides", "horizon", "run", "optimizer",
            "service_levels", "robust"}


def record(scenario, rulebook) -> dict:
    from reports.tables_sources import rules_of

    rules: dict[str, list] = {}
    for r, where in rules_of(scenario, rulebook):
        key = f"{r.key} @ {where or 'each place'}"
        rules.setdefault(key, []).append(
            {"effective": r.effective.isoformat(), "value": r.value, "origin": r.origin})
    return {"scenario": scenario.model_dump(mode="json", include=SETTINGS, by_alias=True),
            "region": scenario.region.model_dump(mode="json", exclude={"ranges"}),
            "rules": rules}
