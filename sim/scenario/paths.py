"""Where rulebooks are found: ``policies/`` beside a scenario, then the bundled ones."""

from __future__ import annotations

from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"


def available_rulebooks(scenario_path: Path) -> dict[str, Path]:
    """Rulebooks a scenario can name: ``policies/`` beside it, then the bundled ones."""
    found: dict[str, Path] = {}
    for folder in (BUNDLED / "policies", scenario_path.parent / "policies"):
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found
