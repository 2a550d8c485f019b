"""`cpimkit.calc.forecasting`: properties every forecast must have, and the checks on bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.calc.forecasting import (
    exponential_smoothing,
    forecast_errors,
    moving_average,
    seasonal_indices,
    weighted_moving_average,
)

from calc_testing import equal_length_lists, input_error_test

demand = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive_demand = st.floats(min_value=1e-3, max_value=1e6)
histories = st.lists(demand, min_size=1, max_size=30)
alphas = st.floats(min_value=1e-6, max_value=1)
weights = st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=8)


def close(value, expected):
    return value == pytest.approx(expected, rel=1e-9, abs=1e-6)


# Forecasts of a constant series


@given(level=demand, length=st.integers(1, 30), data=st.data())
def test_moving_average_of_a_constant_series_is_the_constant(level, length, data):
    periods = data.draw(st.integers(1, length))
    assert close(moving_average(history=[level] * length, periods=periods), level)


@given(level=demand, weights=weights, extra=st.integers(0, 5))
def test_weighted_moving_average_of_a_constant_series_is_the_constant(level, weights, extra):
    history = [level] * (len(weights) + extra)
    assert close(weighted_moving_average(history=history, weights=weights), level)


@given(level=demand, length=st.integers(1, 30), alpha=alphas)
def test_exponential_smoothing_of_a_constant_series_stays_at_the_constant(level, length, alpha):
    forecasts = exponential_smoothing(actuals=[level] * length, alpha=alpha, initial_forecast=level)
    assert all(close(forecast, level) for forecast in forecasts)


@given(level=positive_demand, season_length=st.integers(2, 12), seasons=st.integers(1, 4))
def test_seasonal_indices_of_a_constant_series_are_all_one(level, season_length, seasons):
    indices = seasonal_indices(
        history=[level] * (season_length * seasons), season_length=season_length
    )
    assert all(close(index, 1) for index in indices)


# Exponential smoothing


@given(actuals=histories, initial=demand)
def test_exponential_smoothing_with_alpha_one_follows_the_actuals_one_period_behind(
    actuals, initial
):
    forecasts = exponential_smoothing(actuals=actuals, alpha=1, initial_forecast=initial)
    assert forecasts[0] == initial
    assert all(close(f, a) for f, a in zip(forecasts[1:], actuals, strict=True))


@given(actuals=histories, alpha=alphas, initial=demand)
def test_exponential_smoothing_stays_within_the_data_and_the_initial_forecast(
    actuals, alpha, initial
):
    forecasts = exponential_smoothing(actuals=actuals, alpha=alpha, initial_forecast=initial)
    low, high = min(actuals + [initial]), max(actuals + [initial])
    slack = 1e-9 * max(1.0, high)
    assert len(forecasts) == len(actuals) + 1
    assert all(low - slack <= f <= high + slack for f in forecasts)


# Moving averages


@given(history=histories, data=st.data())
def test_moving_average_stays_within_the_averaged_periods(history, data):
    periods = data.draw(st.integers(1, len(history)))
    window = history[-periods:]
    forecast = moving_average(history=history, periods=periods)
    assert min(window) - 1e-6 <= forecast <= max(window) + 1e-6


@given(history=st.lists(demand, min_size=3, max_size=10))
def test_equal_weights_give_the_simple_moving_average(history):
    assert close(
        weighted_moving_average(history=history, weights=[2, 2, 2]), moving_average(history, 3)
    )


@given(weights=weights, scale=st.floats(min_value=0.01, max_value=100), data=st.data())
def test_weighted_moving_average_ignores_the_scale_of_the_weights(weights, scale, data):
    history = data.draw(st.lists(demand, min_size=len(weights), max_size=len(weights) + 3))
    scaled = [w * scale for w in weights]
    assert close(
        weighted_moving_average(history=history, weights=scaled),
        weighted_moving_average(history=history, weights=weights),
    )


# Seasonal indices


@given(season_length=st.integers(2, 12), seasons=st.integers(1, 4), data=st.data())
def test_seasonal_indices_average_to_one(season_length, seasons, data):
    history = data.draw(
        st.lists(
            positive_demand, min_size=season_length * seasons, max_size=season_length * seasons
        )
    )
    indices = seasonal_indices(history=history, season_length=season_length)
    assert len(indices) == season_length
    assert close(sum(indices) / season_length, 1)


def test_seasonal_indices_average_each_position_over_the_seasons():
    history = [10, 30, 20, 40]  # two seasons of two periods; overall mean 25
    assert seasonal_indices(history=history, season_length=2) == pytest.approx([0.6, 1.4])


# Forecast errors


@given(pair=equal_length_lists(positive_demand, demand))
def test_forecast_errors_are_consistent(pair):
    actuals, forecasts = pair
    result = forecast_errors(actuals=actuals, forecasts=forecasts)
    errors = [a - f for a, f in zip(actuals, forecasts, strict=True)]
    assert result.errors == pytest.approx(errors)
    assert close(result.bias, sum(errors) / len(errors))
    assert close(result.running_sum[-1], sum(errors))
    assert result.mad >= abs(result.bias) - 1e-9
    assert result.mse >= result.mad**2 - 1e-6 * max(1.0, result.mse)
    assert result.mape >= 0
    assert len(result.tracking_signal) == len(actuals)
    # |RSFE(t)| <= sum |e| = t * MAD(t), so the tracking signal never exceeds the periods so far
    assert all(abs(ts) <= t + 1e-9 for t, ts in enumerate(result.tracking_signal, start=1))


@given(pair=equal_length_lists(positive_demand, demand))
def test_the_last_tracking_signal_is_rsfe_over_mad(pair):
    result = forecast_errors(actuals=pair[0], forecasts=pair[1])
    expected = result.running_sum[-1] / result.mad if result.mad else 0.0
    assert close(result.tracking_signal[-1], expected)


def test_a_perfect_forecast_has_zero_errors_and_a_zero_tracking_signal():
    result = forecast_errors(actuals=[5, 7, 9], forecasts=[5, 7, 9])
    assert result.mad == result.bias == result.mse == result.mape == 0
    assert result.tracking_signal == [0.0, 0.0, 0.0]


def test_tracking_signal_is_zero_until_the_first_error():
    result = forecast_errors(actuals=[10, 10, 12], forecasts=[10, 10, 10])
    assert result.tracking_signal == [0.0, 0.0, 3.0]  # RSFE 2 over MAD 2/3


def test_mape_is_a_fraction_of_the_actuals():
    result = forecast_errors(actuals=[100, 200], forecasts=[90, 220])
    assert result.mape == pytest.approx((0.10 + 0.10) / 2)


# Sequence types


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_sequences_of_any_kind_are_accepted(kind):
    history = kind([10, 12, 13, 16])
    assert moving_average(history=history, periods=3) == pytest.approx(41 / 3)
    assert weighted_moving_average(history=history, weights=kind([1, 2, 3])) == pytest.approx(
        86 / 6
    )
    assert exponential_smoothing(actuals=history, alpha=0.5, initial_forecast=10)[-1] == 14
    assert seasonal_indices(history=history, season_length=2) == pytest.approx(
        [0.902, 1.098], abs=1e-3
    )
    assert forecast_errors(actuals=history, forecasts=kind([10, 10, 10, 10])).bias == 2.75


# Bad input: the message names the parameter


BAD_INPUTS = [
    (moving_average, {"history": [], "periods": 1}, "history"),
    (moving_average, {"history": [1, -2, 3], "periods": 2}, r"history\[1\] must be >= 0"),
    (moving_average, {"history": [1, float("nan")], "periods": 1}, r"history\[1\]"),
    (moving_average, {"history": [1, math.inf], "periods": 1}, r"history\[1\]"),
    (moving_average, {"history": "123", "periods": 1}, "history must be a sequence"),
    (moving_average, {"history": [1, "2"], "periods": 1}, r"history\[1\] must be a number"),
    (moving_average, {"history": 5, "periods": 1}, "history must be a sequence"),
    (moving_average, {"history": [1, 2, 3], "periods": 4}, "periods must be at most the 3"),
    (moving_average, {"history": [1, 2, 3], "periods": 0}, "periods"),
    (moving_average, {"history": [1, 2, 3], "periods": 1.5}, "periods"),
    (moving_average, {"history": [1, 2, 3], "periods": "2"}, "periods"),
    (
        weighted_moving_average,
        {"history": [1, 2], "weights": [0, 0]},
        "weights must have a positive",
    ),
    (weighted_moving_average, {"history": [1, 2], "weights": [2, -1]}, r"weights\[1\]"),
    (
        weighted_moving_average,
        {"history": [1, 2], "weights": [1, 2, 3]},
        "weights must not outnumber",
    ),
    (weighted_moving_average, {"history": [1, 2], "weights": []}, "weights"),
    (weighted_moving_average, {"history": [], "weights": [1]}, "history"),
    (
        exponential_smoothing,
        {"actuals": [1], "alpha": 0, "initial_forecast": 1},
        r"alpha must be in \(0, 1\]",
    ),
    (exponential_smoothing, {"actuals": [1], "alpha": 1.2, "initial_forecast": 1}, "alpha"),
    (exponential_smoothing, {"actuals": [1], "alpha": -0.1, "initial_forecast": 1}, "alpha"),
    (
        exponential_smoothing,
        {"actuals": [1], "alpha": float("nan"), "initial_forecast": 1},
        "alpha",
    ),
    (exponential_smoothing, {"actuals": [1], "alpha": True, "initial_forecast": 1}, "alpha"),
    (
        exponential_smoothing,
        {"actuals": [1], "alpha": 0.2, "initial_forecast": -5},
        "initial_forecast",
    ),
    (
        exponential_smoothing,
        {"actuals": [1], "alpha": 0.2, "initial_forecast": math.inf},
        "initial_forecast",
    ),
    (exponential_smoothing, {"actuals": [], "alpha": 0.2, "initial_forecast": 1}, "actuals"),
    (
        seasonal_indices,
        {"history": [1, 2, 3, 4, 5], "season_length": 2},
        "season_length must divide",
    ),
    (seasonal_indices, {"history": [1, 2, 3], "season_length": 4}, "season_length must divide"),
    (seasonal_indices, {"history": [1, 2, 3, 4], "season_length": 1}, "season_length"),
    (seasonal_indices, {"history": [1, 2, 3, 4], "season_length": 2.5}, "season_length"),
    (
        seasonal_indices,
        {"history": [0, 0, 0, 0], "season_length": 2},
        "history must not be all zero",
    ),
    (seasonal_indices, {"history": [], "season_length": 2}, "history"),
    (forecast_errors, {"actuals": [1, 2], "forecasts": [1]}, "actuals has 2, forecasts has 1"),
    (forecast_errors, {"actuals": [1, 0], "forecasts": [1, 1]}, r"actuals\[1\] must be > 0"),
    (forecast_errors, {"actuals": [1, 2], "forecasts": [1, -1]}, r"forecasts\[1\]"),
    (forecast_errors, {"actuals": [], "forecasts": []}, "actuals"),
    (forecast_errors, {"actuals": {"a": 1}, "forecasts": [1]}, "actuals must be a sequence"),
]


test_bad_input_raises_input_error_naming_the_parameter = input_error_test(BAD_INPUTS)
