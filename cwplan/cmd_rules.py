"""``cwplan rules``: what holds at a place on a date, and why (filled in by the rules engine)."""

from __future__ import annotations

import typer


def rules() -> None:
    """Print every rule and target in force at a place on a date."""
    raise typer.BadParameter("the rules command is not available yet")
