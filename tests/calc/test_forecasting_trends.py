"""`cpimkit.calc.forecasting`, MPR additions: trend lines, deseasonalising and seasonal forecasts,
forecast consumption; their properties and the checks on bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.forecasting import (
    ConsumedForecast,
    TrendLine,
    deseasonalize,
    forecast_consumption,
    linear_trend,
    seasonal_forecast,
    seasonal_indices,
    trend_forecast,
)

from calc_testing import equal_length_lists, input_error_test

demand = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
indices = st.lists(st.floats(min_value=0.05, max_value=5), min_size=2, max_size=12)


def close(value, expected, scale=1.0):
    return value == pytest.approx(expected, rel=1e-9, abs=1e-9 * max(1.0, scale))


# Linear trend


@st.composite
def perfect_lines(draw):
    """An intercept, a slope and a history lying exactly on that line (never below zero)."""
    n = draw(st.integers(2, 30))
    slope = draw(st.floats(min_value=-100, max_value=100))
    intercept = draw(st.floats(min_value=max(0.0, -slope * n), max_value=1e4))
    return intercept, slope, [intercept + slope * x for x in range(1, n + 1)]


@given(line=perfect_lines(), ahead=st.integers(1, 6))
def test_a_history_on_a_straight_line_gives_that_line_back(line, ahead):
    intercept, slope, history = line
    trend = linear_trend(history=history)
    assert isinstance(trend, TrendLine)
    assert close(trend.slope, slope, 1e4)
    assert close(trend.intercept, intercept, 1e4)
    assert all(close(f, h, 1e4) for f, h in zip(trend.fitted, history, strict=True))
    n = len(history)
    expected = [intercept + slope * x for x in range(n + 1, n + ahead + 1)]
    forecasts = trend_forecast(history=history, periods_ahead=ahead)
    assert all(close(f, e, 1e4) for f, e in zip(forecasts, expected, strict=True))


@given(history=st.lists(demand, min_size=2, max_size=30))
def test_least_squares_residuals_sum_to_zero_and_are_uncorrelated_with_time(history):
    trend = linear_trend(history=history)
    residuals = [y - f for y, f in zip(history, trend.fitted, strict=True)]
    scale = max(1.0, max(history)) * len(history) ** 2
    assert abs(math.fsum(residuals)) <= 1e-9 * scale
    assert abs(math.fsum(x * r for x, r in enumerate(residuals, start=1))) <= 1e-9 * scale * 30


@given(history=st.lists(demand, min_size=2, max_size=30), ahead=st.integers(1, 6))
def test_trend_forecast_reads_the_line_after_the_history(history, ahead):
    trend = linear_trend(history=history)
    n = len(history)
    expected = [trend.forecast(x) for x in range(n + 1, n + ahead + 1)]
    assert trend_forecast(history=history, periods_ahead=ahead) == expected


@given(level=demand, length=st.integers(2, 30))
def test_a_constant_history_has_no_slope(level, length):
    trend = linear_trend(history=[level] * length)
    assert close(trend.slope, 0, level)
    assert close(trend.intercept, level, level)


def test_a_falling_trend_is_not_cut_off_at_zero():
    assert trend_forecast(history=[30, 20, 10], periods_ahead=2) == pytest.approx([0, -10])


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_trend_functions_accept_any_sequence(kind):
    history = kind([74, 79, 80, 90, 105, 142, 122])
    assert linear_trend(history=history).slope == pytest.approx(295 / 28)
    assert trend_forecast(history=history, periods_ahead=1) == pytest.approx([141.0])
    assert deseasonalize(history=kind([2, 6]), indices=kind([0.5, 1.5])) == pytest.approx([4, 4])
    assert seasonal_forecast(base_forecast=kind([4, 4]), indices=kind([0.5, 1.5])) == [2, 6]


# Deseasonalising and seasonal forecasts


@given(season=indices, data=st.data())
def test_deseasonalize_then_seasonal_forecast_round_trips(season, data):
    history = data.draw(st.lists(demand, min_size=1, max_size=3 * len(season)))
    level = deseasonalize(history=history, indices=season)
    back = seasonal_forecast(base_forecast=level, indices=season)
    assert all(close(b, h, h) for b, h in zip(back, history, strict=True))
    again = deseasonalize(history=back, indices=season)
    assert all(close(a, v, v) for a, v in zip(again, level, strict=True))


@given(season=indices, data=st.data())
def test_season_positions_repeat_from_the_first_period(season, data):
    base = data.draw(st.lists(demand, min_size=1, max_size=3 * len(season)))
    forecasts = seasonal_forecast(base_forecast=base, indices=season)
    assert len(forecasts) == len(base)
    for t, (forecast, level) in enumerate(zip(forecasts, base, strict=True)):
        assert forecast == level * season[t % len(season)]


@given(history=st.lists(demand, min_size=1, max_size=24), length=st.integers(2, 12))
def test_indices_of_one_leave_the_data_unchanged(history, length):
    assert deseasonalize(history=history, indices=[1] * length) == history
    assert seasonal_forecast(base_forecast=history, indices=[1] * length) == history


@given(level=st.floats(min_value=1e-3, max_value=1e6), season=indices, seasons=st.integers(1, 3))
def test_a_purely_seasonal_history_deseasonalizes_to_its_level(level, season, seasons):
    history = [level * index for index in season] * seasons
    assume(all(value > 0 for value in history))
    own = seasonal_indices(history=history, season_length=len(season))
    flat = deseasonalize(history=history, indices=own)
    assert all(close(value, flat[0], value) for value in flat)


# Forecast consumption


@given(pair=equal_length_lists(demand, demand))
def test_consumption_leaves_no_negative_forecast_and_plans_the_larger_figure(pair):
    forecast, orders = pair
    consumed = forecast_consumption(forecast=forecast, customer_orders=orders)
    assert isinstance(consumed, ConsumedForecast)
    assert consumed.forecast == forecast and consumed.customer_orders == orders
    for f, o, remaining, total in zip(
        forecast, orders, consumed.remaining_forecast, consumed.total_demand, strict=True
    ):
        assert 0 <= remaining <= f
        assert close(total, max(f, o), max(f, o))
        assert total >= o


def test_orders_above_the_forecast_do_not_consume_other_periods():
    consumed = forecast_consumption(forecast=[10, 10], customer_orders=[25, 4])
    assert consumed.remaining_forecast == [0, 6]
    assert consumed.total_demand == [25, 10]


# Bad input: the message names the parameter


BAD_INPUTS = [
    (linear_trend, {"history": [5]}, "history must hold at least 2"),
    (linear_trend, {"history": []}, "history must hold at least 2"),
    (linear_trend, {"history": [1, -2, 3]}, r"history\[1\] must be >= 0"),
    (linear_trend, {"history": [1, float("nan")]}, r"history\[1\]"),
    (linear_trend, {"history": "12"}, "history must be a sequence"),
    (trend_forecast, {"history": [1, 2, 3], "periods_ahead": 0}, "periods_ahead"),
    (trend_forecast, {"history": [1, 2, 3], "periods_ahead": 1.5}, "periods_ahead"),
    (trend_forecast, {"history": [1], "periods_ahead": 1}, "history must hold at least 2"),
    (deseasonalize, {"history": [1, 2], "indices": [1, 0]}, r"indices\[1\] must be > 0"),
    (deseasonalize, {"history": [1, 2], "indices": [1]}, "indices must hold at least 2"),
    (deseasonalize, {"history": [], "indices": [1, 1]}, "history must hold at least 1"),
    (deseasonalize, {"history": [1, -1], "indices": [1, 1]}, r"history\[1\] must be >= 0"),
    (deseasonalize, {"history": [1, 2], "indices": {"Q1": 1}}, "indices must be a sequence"),
    (seasonal_forecast, {"base_forecast": [1, 2], "indices": [1, -1]}, r"indices\[1\]"),
    (seasonal_forecast, {"base_forecast": [-1], "indices": [1, 1]}, r"base_forecast\[0\]"),
    (seasonal_forecast, {"base_forecast": 100, "indices": [1, 1]}, "base_forecast must be a seq"),
    (seasonal_forecast, {"base_forecast": [1], "indices": [1, math.inf]}, r"indices\[1\]"),
    (forecast_consumption, {"forecast": [1, 2], "customer_orders": [1]}, "forecast has 2"),
    (forecast_consumption, {"forecast": [1], "customer_orders": [-1]}, r"customer_orders\[0\]"),
    (forecast_consumption, {"forecast": [True], "customer_orders": [1]}, r"forecast\[0\]"),
    (forecast_consumption, {"forecast": [], "customer_orders": []}, "forecast must hold"),
]


test_bad_input_raises_input_error_naming_the_parameter = input_error_test(BAD_INPUTS)


@pytest.mark.parametrize("period", [float("nan"), "8", None])
def test_a_trend_line_refuses_a_bad_period(period):
    with pytest.raises(InputError, match="period must be"):
        linear_trend(history=[1, 2, 3]).forecast(period)
