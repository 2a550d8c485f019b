"""What the shared base and chart promise: the chart beside the inputs, artists updated in place
and the layout worked out again only when what needs room around the axes changes."""

from unittest import mock

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.layout_engine import ConstrainedLayoutEngine

import cpimkit.ui as ui
from cpimkit.ui._base import TEXT_WIDTH, compact
from cpimkit.ui._chart import MIN_WIDTH, Chart
from cpimkit.ui.project import amount


def count_layouts(calc, change) -> int:
    """How many times constrained layout runs while `change()` updates `calc`."""
    with mock.patch.object(ConstrainedLayoutEngine, "execute", autospec=True,
                           side_effect=ConstrainedLayoutEngine.execute) as execute:
        change()
    return execute.call_count


def test_layout_is_redone_only_when_a_text_around_the_axes_changes():
    calc = ui.EOQCalculator(annual_demand=12_000, order_cost=50, holding_cost=5)
    # Q* moves from 489.9 to 490.1: the same ticks, so the same margins.
    assert count_layouts(calc, lambda: setattr(calc.annual_demand, "value", 12_010)) == 0
    # Ten times the demand: new tick labels (up to 5,000 units), so a new layout.
    assert count_layouts(calc, lambda: setattr(calc.annual_demand, "value", 120_000)) == 1


def test_a_new_expected_value_keeps_the_decision_trees_layout():
    """The expected value is a headline inside the axes, under a title that never changes."""
    builder = ui.DecisionTreeBuilder()
    text = builder.outline.value
    assert count_layouts(builder, lambda: setattr(
        builder.outline, "value", text.replace(": 190,000", ": 150,000"))) == 0
    assert builder.result.value != 49_200
    assert f"Expected value {amount(builder.result.value)}" in [
        t.get_text() for t in builder.chart.axes.texts]


@pytest.mark.parametrize(("name", "control", "values"), [
    ("EOQCalculator", "annual_demand", [100, 1_000_000, 5_000]),
    ("ABCCalculator", "a_share", [0.6, 0.9]),
    ("SafetyStockCalculator", "service_level", [0.5, 0.999, 0.9]),
    ("BreakEvenCalculator", "fixed_cost", [10, 10_000_000, 60_000]),
    ("FactorRatingCalculator", None, None),
])
def test_the_lazy_layout_draws_what_a_full_layout_draws(name, control, values):
    calc = getattr(ui, name)()
    for value in values or []:
        getattr(calc, control).value = value
    lazy = calc.chart.image.value
    calc.chart.figure.set_layout_engine(ConstrainedLayoutEngine())
    calc.chart.render()
    assert calc.chart.image.value == lazy


def shifted(chart, low: float, high: float) -> int:
    """How many layouts rendering `chart` takes once its y axis runs from `low` to `high`."""
    chart.axes.set_ylim(low, high)
    return count_layouts(chart, chart.render)


def test_new_tick_labels_of_the_same_extent_need_no_new_layout():
    chart = Chart()
    chart.axes.plot([0, 10], [1_000, 2_000])
    chart.thousands(chart.axes.yaxis)
    shifted(chart, 1_000, 2_000)
    before = [label.get_text() for label in chart.axes.get_yticklabels()]
    assert shifted(chart, 2_000, 3_000) == 0  # 1,000 … 2,000 → 2,000 … 3,000: as wide
    assert [label.get_text() for label in chart.axes.get_yticklabels()] != before


def test_a_wider_tick_label_gets_room():
    chart = Chart()
    chart.axes.plot([0, 10], [1_000, 2_000])
    chart.thousands(chart.axes.yaxis)
    shifted(chart, 1_000, 2_000)
    assert shifted(chart, 10_000, 20_000) == 1  # 20,000 is wider than 2,000
    figure_left = chart.figure.bbox.x0
    assert all(label.get_window_extent().x0 >= figure_left
               for label in chart.axes.get_yticklabels())  # nothing clipped


def test_layout_follows_a_new_figure_size():
    chart = Chart()
    chart.axes.plot([0, 1], [0, 1])
    chart.render()
    chart.figure.set_size_inches(3, 2)
    assert count_layouts(chart, chart.render) == 1


@pytest.mark.parametrize(("name", "control", "values"), [
    ("SafetyStockCalculator", "service_level", [0.8, 0.99, 0.9]),
    ("SafetyStockCalculator", "demand_std", [0, 5, 0]),
    ("BreakEvenCalculator", "fixed_cost", [1_000, 0, 90_000]),
    ("ABCCalculator", "a_share", [0.6, 0.7]),
])
def test_updates_change_artists_instead_of_adding_them(name, control, values):
    calc = getattr(ui, name)()
    axes = calc.chart.figure.axes
    before = [(len(a.lines), len(a.patches), len(a.collections), len(a.texts)) for a in axes]
    for value in values:
        getattr(calc, control).value = value
        assert calc.result is not None
    assert [(len(a.lines), len(a.patches), len(a.collections), len(a.texts))
            for a in axes] == before


def test_abc_bars_are_rebuilt_only_when_the_items_change():
    calc = ui.ABCCalculator({"bolt": 700, "nut": 200, "washer": 100})
    bars = calc._bars
    calc.a_share.value = 0.9
    assert calc._bars is bars
    assert [bar.get_facecolor() for bar in bars][1] == bars[0].get_facecolor()  # nut is A now
    calc.annual_values.value = "bolt: 700\nnut: 200\nwasher: 100\nrivet: 50"
    assert calc._bars is not bars and len(calc._bars) == 4


def test_the_chart_may_shrink_to_sit_beside_the_inputs():
    # An image's automatic minimum width is its natural width; without a smaller one the chart
    # drops below the inputs in a notebook of about 1,000 pixels.
    calc = ui.EOQCalculator()
    body = calc.children[0]
    assert list(body.children)[1] is calc.chart.image
    assert body.layout.flex_flow == "row wrap"
    assert calc.chart.image.layout.min_width == MIN_WIDTH
    assert calc.chart.image.layout.max_width == "468px"  # never blown up past its pixels
    assert calc.message.layout.max_width == TEXT_WIDTH  # long messages wrap beside the chart


def test_text_is_set_at_a_reading_line_height():
    calc = ui.EOQCalculator()
    assert calc.summary.value.startswith("<div style='line-height:1.45'>")
    calc.holding_cost.value = 0
    assert "line-height:1.45" in calc.message.value
    assert compact("") == ""
    assert compact("MAPE 6.8 %") == "<div style='line-height:1.45'>MAPE 6.8&nbsp;%</div>"


def test_details_show_only_when_there_are_some():
    assert ui.EOQCalculator().details.layout.display == "none"
    rating = ui.FactorRatingCalculator()
    assert rating.details.layout.display != "none"
    assert "Total" in rating.details.value and "★" in rating.summary.value


def test_toggle_buttons_line_up_with_the_other_controls():
    calc = ui.LittlesLawCalculator()
    assert "widget-inline-hbox" in calc.solve_for._dom_classes
    assert calc.solve_for.style.description_width == "16em"


@pytest.mark.parametrize("name", ["EOQCalculator", "DecisionTreeBuilder", "ScorecardDashboard"])
def test_stamped_text_looks_like_matplotlib_text(name):
    """Texts drawn from stored bitmaps land where matplotlib draws them: only glyph edges differ
    (stamps sit on whole pixels), on under 1 % of the image; a chart moved by one pixel differs
    on about 4 %."""
    figure = getattr(ui, name)().chart.figure
    figure.canvas.draw()
    stamped = np.asarray(figure.canvas.buffer_rgba()).astype(int)
    FigureCanvasAgg(figure).draw()
    plain = np.asarray(figure.canvas.buffer_rgba()).astype(int)
    differing = (np.abs(stamped - plain).max(axis=2) > 96).mean()
    assert differing < 0.01, f"{differing:.2%} of the pixels differ"
