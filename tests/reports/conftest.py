"""Runs and reports shared by the report tests, made once per test session.

Each bundled scenario is simulated with a few replications (enough for intervals, few enough
to keep the suite fast) and its report built in Chinese; every warning and log record
raised while drawing is kept, for the test that no glyph is missing.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import sim
from sim import plan as plans
from sim import rules
from sim.scenario import load

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BUNDLED = ("shaoxing", "yuncheng", "huangshan", "zhejiang")
REPLICATIONS = {"zhejiang": 2}


@dataclass
class Run:
    scenario: object
    rulebook: object
    plan: object
    results: object


@dataclass
class Built:
    run: Run
    folder: Path
    lang: str
    warnings: list[str] = field(default_factory=list)
    figures: dict = field(default_factory=dict)     # the charts as drawn, by file stem


def simulate(name: str, replications: int = 3, plan=None) -> Run:
    scenario = load(SCENARIOS / f"{name}.yaml")
    rulebook = rules.load(scenario)
    plan = plan or plans.status_quo(scenario)
    results = sim.run(scenario, rulebook, plan, replications, workers=1, events=False)
    return Run(scenario, rulebook, plan, results)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(run: Run, folder: Path, lang: str | None = None) -> Built:
    """Build a report, keeping every warning and every matplotlib log record it raised, and
    the figures it drew (so that the chart tests read the very charts of the report)."""
    import reports
    from reports import figures

    drawn: dict = {}
    charts = figures.charts

    def keep(x):
        drawn.update(charts(x))
        return drawn

    figures.charts = keep
    handler = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            reports.build(run.scenario, run.rulebook, run.plan, run.results, folder, lang)
    finally:
        figures.charts = charts
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Built(run, folder, lang or "zh",
                 [str(w.message) for w in caught] + handler.messages, drawn)


@pytest.fixture(scope="session")
def runs() -> dict[str, Run]:
    return {name: simulate(name, REPLICATIONS.get(name, 3)) for name in BUNDLED}


@pytest.fixture(scope="session")
def bundled_reports(runs, tmp_path_factory) -> dict[str, Built]:
    """Every bundled scenario's report, in its default language (Chinese)."""
    out = {}
    for name, run in runs.items():
        folder = tmp_path_factory.mktemp(f"report-{name}")
        out[name] = build(run, folder)
    return out


@pytest.fixture(scope="session")
def english_reports(runs, tmp_path_factory, shaoxing_english) -> dict[str, Built]:
    """Every bundled scenario's report in English."""
    out = {"shaoxing": shaoxing_english}
    for name, run in runs.items():
        if name not in out:
            out[name] = build(run, tmp_path_factory.mktemp(f"report-{name}-en"), "en")
    return out


@pytest.fixture(scope="session")
def planned_reports(tmp_path_factory) -> dict[str, Built]:
    """Shaoxing's optimized plan, as `cwplan run` makes it, reported in both languages: the
    tables only a plan has (its staff steps and why, the targets it does not plan for, the
    professionals' path) are in these reports and in no status-quo one."""
    import optimize

    scenario = load(SCENARIOS / "shaoxing.yaml")
    run = simulate("shaoxing", 3, optimize.plan(scenario, rules.load(scenario)))
    return {lang: build(run, tmp_path_factory.mktemp(f"report-shaoxing-planned-{lang}"), lang)
            for lang in ("zh", "en")}


@pytest.fixture(scope="session")
def shaoxing_report(bundled_reports) -> Built:
    return bundled_reports["shaoxing"]


@pytest.fixture(scope="session")
def shaoxing_english(runs, tmp_path_factory) -> Built:
    return build(runs["shaoxing"], tmp_path_factory.mktemp("report-shaoxing-en"), "en")
