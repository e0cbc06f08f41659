"""Fixtures shared by the test packages: the bundled scenarios and the command line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cwplan import cli

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def run_cli(argv: list[str]) -> int:
    """``cwplan ARGV`` in this process; returns the exit status."""
    return cli.main(argv)


@pytest.fixture
def cwplan() -> Callable[[list[str]], int]:
    return run_cli


@pytest.fixture
def shaoxing_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The Shaoxing scenario and its region copied into tmp_path (rulebooks stay bundled)."""
    (tmp_path / "regions").mkdir()
    scenario = tmp_path / "shaoxing.yaml"
    region = tmp_path / "regions" / "shaoxing.yaml"
    shutil.copy(SCENARIOS / "shaoxing.yaml", scenario)
    shutil.copy(SCENARIOS / "regions" / "shaoxing.yaml", region)
    return scenario, region
