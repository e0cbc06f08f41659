"""Reports for planners, budget officers and reviewers: charts, HTML, Markdown, spreadsheets.

``reports.build(scenario, rulebook, plan, results, folder, lang)`` writes the report of one
run into ``folder`` (report.html, report.md, charts/, costs.xlsx, tables/); ``reports.runs``
reads stored runs and ``reports.compare`` sets two or more of them side by side. The chart
functions (``reports.charts_*``) take plain data and a language and return a matplotlib
Figure; only the builders write files. Reports read results; they never run the simulation
or the optimizer.
"""

from __future__ import annotations


def build(scenario, rulebook, plan, results, folder, lang=None, sensitivity=None, pdf=False,
          checks=None):
    """Write the report of a run into ``folder``; see ``reports.builder.build``."""
    from reports.builder import build as _build

    return _build(scenario, rulebook, plan, results, folder, lang, sensitivity, pdf, checks)
