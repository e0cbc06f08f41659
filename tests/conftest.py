"""Fixtures shared by the test packages: the bundled scenarios and the command line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cwplan import cli

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "data" / "shaoxing"


def run_cli(argv: list[str]) -> int:
    """``cwplan ARGV`` in this process; returns the exit status."""
    return cli.main(argv)


@pytest.fixture
def cwplan() -> Callable[[list[str]], int]:
    return run_cli


@pytest.fixture
def shaoxing_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A fixed copy of the Shaoxing scenario and region in tmp_path (rulebooks stay bundled).

    The copy lives in tests/data so that editing the bundled scenario does not move the
    line numbers the error-message tests expect.
    """
    (tmp_path / "regions").mkdir()
    scenario = tmp_path / "shaoxing.yaml"
    region = tmp_path / "regions" / "shaoxing.yaml"
    shutil.copy(FIXTURES / "shaoxing.yaml", scenario)
    shutil.copy(FIXTURES / "regions" / "shaoxing.yaml", region)
    return scenario, region
