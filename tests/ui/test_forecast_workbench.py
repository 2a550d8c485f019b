"""The forecasting workbench: methods, parameters shown when relevant, errors and flags."""

import pytest

from cpimkit.ui import ForecastWorkbench


def test_exponential_smoothing_matches_the_course_example():
    bench = ForecastWorkbench([110, 95, 120], alpha=0.2, initial_forecast=100)
    assert bench.result.forecasts == pytest.approx([100.0, 102.0, 100.6, 104.48])
    assert bench.result.next_forecast == pytest.approx(104.48)


def test_errors_match_the_published_example():
    # Heizer & Render, Operations Management: Port of Baltimore, alpha 0.50, first forecast 175.
    bench = ForecastWorkbench([180, 168, 159, 175, 190, 205, 180, 182], alpha=0.5,
                              initial_forecast=175)
    errors = bench.result.errors
    assert errors.mad == pytest.approx(12.3291, abs=1e-4)
    assert errors.bias == pytest.approx(2.2881, abs=1e-4)
    assert errors.mape == pytest.approx(0.0676, abs=1e-4)
    assert "6.8&nbsp;%" in bench.summary.value  # MAPE as a percentage, kept on one line


def test_parameters_show_only_for_their_method(redraws, visible):
    bench = ForecastWorkbench()
    assert visible(bench.alpha) and visible(bench.initial_forecast)
    assert not visible(bench.periods) and not visible(bench.weights)
    redraws(bench, bench.method, "moving_average")
    assert visible(bench.periods) and not visible(bench.alpha)
    bench.method.value = "weighted_moving_average"
    assert visible(bench.weights) and not visible(bench.periods)


@pytest.mark.parametrize("method", ["exponential_smoothing", "moving_average",
                                    "weighted_moving_average"])
def test_the_method_chooser_stays_visible_whatever_the_method(method, visible):
    # It once shared its Layout with the weights box, so hiding the weights hid it too.
    bench = ForecastWorkbench(method=method)
    assert visible(bench.method)
    for other in ("exponential_smoothing", "moving_average", "weighted_moving_average"):
        bench.method.value = other
        assert visible(bench.method)
    layouts = [bench.method.layout, bench.weights.layout, bench.periods.layout,
               bench.alpha.layout, bench.initial_forecast.layout, bench.actuals.layout]
    assert len({id(layout) for layout in layouts}) == len(layouts)


def test_the_period_table_goes_under_the_chart(visible):
    bench = ForecastWorkbench([110, 95, 120, 105])
    assert "Tracking signal" in bench.details.value and visible(bench.details)
    assert "Running sum" not in bench.summary.value  # the figures stay beside the chart
    assert bench.children[0] is bench.actuals  # the long list of numbers goes across the top


def test_moving_averages_forecast_after_enough_history(redraws):
    # Heizer & Render, Operations Management: Donna's Garden Supply shed sales.
    sales = [10, 12, 13, 16, 19, 23, 26, 30, 28, 18, 16, 14]
    bench = ForecastWorkbench(sales, method="moving_average", periods=3)
    assert bench.result.forecasts[:4] == [None, None, None, pytest.approx(11.6667, abs=1e-4)]
    assert bench.result.next_forecast == pytest.approx(16.0)
    assert len(bench.result.errors.errors) == len(sales) - 3
    bench.method.value = "weighted_moving_average"
    bench.weights.value = "1, 2, 3"
    assert bench.result.forecasts[3] == pytest.approx(73 / 6)
    redraws(bench, bench.weights, "1, 1, 1")
    assert bench.result.forecasts[3] == pytest.approx(11.6667, abs=1e-4)


def test_tracking_signal_beyond_four_is_flagged():
    bench = ForecastWorkbench([100, 110, 120, 130, 140, 150, 160], alpha=0.1,
                              initial_forecast=100)
    assert bench.result.errors.tracking_signal[-1] > 4
    assert "⚠" in bench.summary.value


def test_bad_input_names_the_field(rejects):
    bench = ForecastWorkbench([110, 95, 120, 105])
    rejects(bench, bench.actuals, "110, 9o, 120", "actuals")
    rejects(bench, bench.actuals, "110, 0, 120", "actuals[1]")
    rejects(bench, bench.actuals, "", "actuals")
    rejects(bench, bench.alpha, 0, "alpha")
    bench.method.value = "moving_average"
    rejects(bench, bench.periods, 4, "periods")
    bench.method.value = "weighted_moving_average"
    rejects(bench, bench.weights, "1, two", "weights")
    rejects(bench, bench.weights, "0, 0", "weights")
    rejects(bench, bench.weights, "1, 2, 3, 4", "weights")
