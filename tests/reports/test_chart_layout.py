"""No chart of a bundled report prints text over text: every title, label, tick label,
annotation, legend and footnote is drawn and its box on the canvas measured, and no two
boxes overlap, nor does any reach past the figure's edge."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.legend import Legend
from matplotlib.text import Text

from tests.reports.conftest import BUNDLED

SLACK = 1.0          # pixels two boxes may share (antialiased edges touch)


def boxes(fig) -> list[tuple[str, object]]:
    """(what, box) for every visible text, a legend counted as one box."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    legends = [a for a in fig.findobj(Legend) if a.get_visible()]
    inside = {id(t) for legend in legends for t in legend.findobj(Text)}
    inside |= {id(t) for t in _undrawn_tick_labels(fig)}
    found = [(f"legend {[t.get_text() for t in lg.get_texts()][:2]}",
              lg.get_window_extent(renderer)) for lg in legends]
    for text in fig.findobj(Text):
        if id(text) in inside or not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        box = text.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            found.append((repr(text.get_text()[:40]), box))
    return found


def _undrawn_tick_labels(fig) -> list[Text]:
    """Tick labels outside their axis's view: matplotlib keeps them but does not draw them."""
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            span = (high - low) or 1.0
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                loc = tick.get_loc()
                if loc is None or not low - 1e-9 * span <= loc <= high + 1e-9 * span:
                    out += [tick.label1, tick.label2]
    return out


def clashes(fig) -> list[str]:
    found = boxes(fig)
    edge = fig.bbox
    out = [f"{what} reaches past the edge" for what, box in found
           if box.x0 < edge.x0 - SLACK or box.y0 < edge.y0 - SLACK
           or box.x1 > edge.x1 + SLACK or box.y1 > edge.y1 + SLACK]
    for (a, box_a), (b, box_b) in itertools.combinations(found, 2):
        w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if w > SLACK and h > SLACK:
            out.append(f"{a} overprints {b}")
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", BUNDLED)
def test_no_text_overprints_another_in_any_chart(bundled_reports, english_reports, name, lang):
    built = (bundled_reports if lang == "zh" else english_reports)[name]
    assert built.figures
    found = {stem: clashes(fig) for stem, fig in built.figures.items()}
    assert {stem: c for stem, c in found.items() if c} == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sensitivity_charts_keep_long_titles_inside_the_figure(lang):
    """Zhejiang's tornado cut its third title at the figure's edge ("最低的配比达标天数占比（基准：
    绍兴市儿" ...): each panel's title is the output with the place it is measured at."""
    from reports import charts_sensitivity as cs

    title = ("最低的配比达标天数占比（基准：绍兴市儿童福利院）" if lang == "zh" else
             "lowest share of days meeting the ratios (base: Shaoxing Shi Ertong Fuliyuan)")
    rows = [(f"input {i} with a long name of its own", 50.0 - i, 60.0 + i) for i in range(10)]
    panels = [cs.TornadoPanel(title, 55.0, rows, axis="%") for _ in range(5)]
    assert clashes(cs.tornado(panels, lang)) == []
    ranked = [cs.RankingPanel(title, [(n, 1.0 + i, 0.1) for i, (n, _, _) in enumerate(rows)])
              for _ in range(5)]
    assert clashes(cs.ranking(ranked, "morris", lang)) == []
