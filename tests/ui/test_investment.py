"""Investment appraiser and learning-curve plot driven like a learner would: every figure agrees
with `cpimkit.calc`, each edit recomputes once and redraws, bad input gives a message."""

import inspect
import math

import pytest

from cpimkit.calc.capacity import learning_curve
from cpimkit.calc.finance import internal_rate_of_return, npv, payback_period
from cpimkit.ui import InvestmentAppraiser, LearningCurvePlot
from cpimkit.ui.investment import CELL_WIDTH, EXAMPLE_CASH_FLOWS
from cpimkit.ui.mrp import PERIOD_COLUMN, PROBLEM, EditableRow
from cpimkit.ui.planning import PeriodGrid

NEVER_PAYS_BACK = [-100_000, 10_000, 10_000, 10_000, 20_000]  # IRR about −21 %


@pytest.mark.parametrize(("cls", "parameters"), [
    (InvestmentAppraiser, ["cash_flows", "rate"]),
    (LearningCurvePlot, ["first_unit_time", "learning_rate", "units", "model"]),
])
def test_keywords_and_controls_follow_the_fixed_names(cls, parameters):
    assert list(inspect.signature(cls).parameters) == parameters
    calc = cls()
    for name in parameters:
        assert hasattr(getattr(calc, name), "value"), name


# Investment appraiser


def test_appraiser_defaults_agree_with_calc():
    calc = InvestmentAppraiser()
    flows = list(EXAMPLE_CASH_FLOWS)
    result = calc.result
    assert result.npv == pytest.approx(npv(rate=0.08, cash_flows=flows))
    assert result.internal_rate_of_return == pytest.approx(internal_rate_of_return(flows))
    assert result.payback_period == pytest.approx(payback_period(flows)) == 2.875
    assert result.cumulative == [-100_000, -70_000, -35_000, 5_000, 35_000, 55_000]
    assert result.cumulative_present_value[-1] == pytest.approx(result.npv)
    assert result.cumulative_present_value[2] == pytest.approx(npv(0.08, flows[:3]))
    assert "$25,200" in calc.summary.value and "17.60&nbsp;%" in calc.summary.value
    assert "2.88 periods" in calc.summary.value


def test_appraiser_grid_counts_periods_from_zero_and_shows_running_totals():
    calc = InvestmentAppraiser()
    assert calc.grid.header.texts == ["0", "1", "2", "3", "4", "5"]
    assert calc.rows["cumulative"].texts == ["-100,000", "-70,000", "-35,000", "5,000",
                                             "35,000", "55,000"]
    assert calc.rows["cumulative"].styles[:3] == [PROBLEM] * 3
    assert calc.rows["cumulative"].styles[3] == ""


def test_appraiser_recomputes_once_per_edit_and_redraws(redraws, artist_counts, count_recomputes):
    calc = InvestmentAppraiser()
    calls, artists = count_recomputes(calc), artist_counts(calc)
    result = redraws(calc, calc.rate, 0.20)
    assert len(calls) == 1
    assert result.npv == pytest.approx(npv(0.20, EXAMPLE_CASH_FLOWS)) and result.npv < 0
    result = redraws(calc, calc.cash_flows[1], 60_000)
    assert len(calls) == 2
    flows = [-100_000, 60_000, 35_000, 40_000, 30_000, 20_000]
    assert result.payback_period == pytest.approx(payback_period(flows))
    assert result.internal_rate_of_return == pytest.approx(internal_rate_of_return(flows))
    assert artist_counts(calc) == artists


def test_appraiser_marks_the_rate_and_the_irr_on_the_profile():
    calc = InvestmentAppraiser()
    result = calc.result
    irr = result.internal_rate_of_return
    assert list(calc._irr_point.get_xdata()) == [irr]
    assert list(calc._irr_point.get_ydata()) == [0]
    assert list(calc._rate_point.get_ydata()) == pytest.approx([result.npv])
    rates, values = calc._profile.get_data()
    assert rates[0] == 0 and rates[-1] > irr
    assert values[10] == pytest.approx(npv(rates[10], EXAMPLE_CASH_FLOWS))
    assert "IRR 17.6 %" in [text.get_text() for text in calc._profile_legend.get_texts()]
    assert list(calc._payback_point.get_xdata()) == [2.875]


def test_appraiser_shows_a_project_that_never_pays_back():
    calc = InvestmentAppraiser(NEVER_PAYS_BACK)
    result = calc.result
    assert math.isinf(result.payback_period)
    assert result.internal_rate_of_return == pytest.approx(
        internal_rate_of_return(NEVER_PAYS_BACK)) and result.internal_rate_of_return < 0
    assert "never" in calc.summary.value
    assert calc._cumulative_legend.get_texts()[-1].get_text() == "Never pays back"
    assert len(calc._payback_point.get_xdata()) == 0
    rates, _ = calc._profile.get_data()
    assert rates[0] < result.internal_rate_of_return < 0.08 < rates[-1]


def test_appraiser_rejects_flows_without_a_unique_irr(rejects):
    calc = InvestmentAppraiser()
    rejects(calc, calc.cash_flows[0], 50_000, "cash_flows")  # no investment: all positive
    calc.cash_flows[0].value = 50_000
    assert calc.rows["cumulative"].texts == [""] * 6  # the grid is blanked too
    assert "internal rate of return" in calc.message.value
    two_rates = InvestmentAppraiser([-100, 230, -132])  # 10 % and 20 % both give NPV = 0
    assert two_rates.result is None and "several rates" in two_rates.message.value


# Learning curve


def test_learning_curve_defaults_agree_with_calc():
    plot = LearningCurvePlot()
    units = [learning_curve(100, 0.8, n) for n in range(1, 33)]
    result = plot.result
    assert result.unit_times == pytest.approx(units)
    assert result.unit_time == pytest.approx(learning_curve(100, 0.8, 32)) == pytest.approx(
        32.768)
    assert result.total_time == pytest.approx(math.fsum(units))
    assert result.cumulative_average == pytest.approx(math.fsum(units) / 32)
    assert "b = log2(r)" in plot.summary.value and "-0.3219" in plot.summary.value
    notes = plot.children[0].children[0].children[-1].value
    assert "b = log<sub>2</sub>(r)" in notes and "Wright" in notes and "Crawford" in notes


def test_learning_curve_switches_model_with_one_recompute(redraws, artist_counts, count_recomputes):
    plot = LearningCurvePlot()
    calls, artists = count_recomputes(plot), artist_counts(plot)
    result = redraws(plot, plot.model, "cumulative_average")
    assert len(calls) == 1
    average = learning_curve(100, 0.8, 32, model="cumulative_average")
    before = learning_curve(100, 0.8, 31, model="cumulative_average")
    assert result.cumulative_average == pytest.approx(average)
    assert result.total_time == pytest.approx(32 * average)
    assert result.unit_time == pytest.approx(32 * average - 31 * before)
    result = redraws(plot, plot.units, 8)
    assert len(calls) == 2 and len(result.unit_times) == 8
    assert list(plot._marks.get_xdata()) == [8, 8]
    assert artist_counts(plot) == artists


def test_learning_curve_toggles_log_log_axes(redraws):
    plot = LearningCurvePlot()
    result = plot.result
    redraws(plot, plot.scale, "log")
    axes = plot.chart.axes
    assert (axes.get_xscale(), axes.get_yscale()) == ("log", "log")
    assert plot.result.unit_time == result.unit_time  # the scale changes no figure
    redraws(plot, plot.scale, "linear")
    assert (axes.get_xscale(), axes.get_yscale()) == ("linear", "linear")


@pytest.mark.parametrize("scale", ["linear", "log"])
def test_learning_curve_of_one_unit(scale):
    plot = LearningCurvePlot(units=1)
    plot.scale.value = scale
    result = plot.result
    assert result.unit_time == result.cumulative_average == result.total_time == 100
    left, right = plot.chart.axes.get_xlim()
    assert left < 1 < right


def test_learning_curve_rejects_bad_input(rejects):
    plot = LearningCurvePlot()
    rejects(plot, plot.units, 0, "units")
    rejects(plot, plot.learning_rate, 80, "learning_rate")
    rejects(plot, plot.first_unit_time, 0, "first_unit_time")


def test_appraiser_grid_cells_hold_six_figure_cash_flows():
    """-100,000 fits a typed cell and a bold computed one: the appraiser's grid is wider than
    the default period grid, whose columns are unchanged."""
    calc = InvestmentAppraiser()
    rows = [calc.grid.header, calc.cash_flows, *calc.rows.values()]
    assert {cell.layout.width for row in rows for cell in row.cells} == {CELL_WIDTH}
    assert calc.grid.children[1].layout.grid_template_columns == (
        f"repeat(6, calc({CELL_WIDTH} + 4px))")
    default = PeriodGrid(2, [("Forecast", EditableRow([1, 2]))])
    assert default.children[1].layout.grid_template_columns == (
        f"repeat(2, calc({PERIOD_COLUMN} + 4px))")
    assert default.header.cells[0].layout.width == PERIOD_COLUMN != CELL_WIDTH
