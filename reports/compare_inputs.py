"""What differs between the inputs of the runs compared: the scenario's values after its
overlays, the region's figures, the rule values in force and the plan.

Each run's ``inputs.json`` (and ``plan.json``) is flattened to key paths; every path whose
value differs from the baseline's, in any run, is one row. The plan's costs, solver record
and measured values are results, not inputs, and are left out.
"""

from __future__ import annotations

import json
from typing import Any

from reports.i18n import Lang
from reports.runs import RunData
from reports.table import Column, Table

PLAN_RESULTS = {"costs", "solver", "measures", "name"}
SHOWN = 120        # characters of a value on the page; the files keep it whole


def differences(runs: list[RunData], names: list[str], t: Lang) -> Table:
    cols = [Column(t("col.part")), Column(t("col.key")), *(Column(n) for n in names)]
    missing = [n for n, r in zip(names, runs, strict=True) if r.inputs is None]
    note = t("note.inputs_missing", runs="、".join(missing) if t.zh else ", ".join(missing)) \
        if missing else ""
    table = Table("compare_inputs", t("sec.inputs_differ"), cols, note=note)
    parts = [("scenario", lambda r: (r.inputs or {}).get("scenario")),
             ("region", lambda r: (r.inputs or {}).get("region")),
             ("rules", lambda r: (r.inputs or {}).get("rules")),
             ("plan", lambda r: {k: v for k, v in r.plan.items() if k not in PLAN_RESULTS})]
    for part, read in parts:
        flats = [None if read(r) is None else dict(flatten(read(r))) for r in runs]
        known = [f for f in flats if f is not None]
        if len(known) < 2:
            continue
        keys = list(dict.fromkeys(k for f in known for k in f))
        for key in keys:
            values = [None if f is None else f.get(key) for f in flats]
            present = [v for v, f in zip(values, flats, strict=True) if f is not None]
            if any(v != present[0] for v in present[1:]):
                table.rows.append([t(f"part.{part}"), key, *(_shown(v) for v in values)])
    if not table.rows and not missing:
        table.note = t("note.inputs_same")
    return table


def flatten(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted key path, value) of every leaf; a list of plain values is one leaf."""
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            out += flatten(value, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(node, list) and any(isinstance(v, dict | list) for v in node):
        out = []
        for n, value in enumerate(node):
            ident = value.get("id") or value.get("code") if isinstance(value, dict) else None
            out += flatten(value, f"{path}[{ident or n}]")
        return out
    return [(path, node)]


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
