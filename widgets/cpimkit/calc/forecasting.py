"""Time-series forecasts and the measures that judge them.

Demand and forecasts share the caller's unit (units per period). Period-indexed inputs and outputs
are lists, oldest first: index 0 is period 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    fraction,
    non_negative,
    same_length,
    sequence,
    whole,
)


def moving_average(history, periods: int) -> float:
    """Simple moving average forecast for the next period, F(t+1) = (A(t) + … + A(t−n+1)) / n.

    history: A, demand per period, oldest first [units/period];
    periods: n, how many of the latest periods to average, 1 ≤ n ≤ len(history).

    Stevenson, *Operations Management*, ch. 3, Example 1: shopping-cart demand of 42, 40, 43,
    40 and 41 in periods 1–5 gives a three-period forecast for period 6 of 41.33.

    >>> moving_average(history=[42, 40, 43, 40, 41], periods=3)
    41.33
    """
    demand = sequence("history", history, check=non_negative)
    n = whole("periods", periods, minimum=1)
    if n > len(demand):
        raise InputError(f"periods must be at most the {len(demand)} periods of history, got {n}")
    return math.fsum(demand[-n:]) / n


def weighted_moving_average(history, weights) -> float:
    """Weighted moving average forecast for the next period, F(t+1) = Σ w(i)·A(i) / Σ w(i).

    history: A, demand per period, oldest first [units/period];
    weights: w, one per latest period, oldest → newest [any scale: 3, 2, 1 and 0.5, 0.33, 0.17
    give the same forecast, because the weights are divided by their sum].

    Heizer & Render, *Operations Management*, ch. 4, weighted moving average of Donna's Garden
    Supply storage-shed sales: January–March sales of 10, 12 and 13 weighted 1, 2, 3 (newest
    heaviest) give an April forecast of 73/6 = 12.17.

    >>> weighted_moving_average(history=[10, 12, 13], weights=[1, 2, 3])
    12.17
    """
    demand = sequence("history", history, check=non_negative)
    w = sequence("weights", weights, check=non_negative)
    if len(w) > len(demand):
        raise InputError(
            f"weights must not outnumber the {len(demand)} periods of history, got {len(w)} weights"
        )
    total = math.fsum(w)
    if total <= 0:
        raise InputError(f"weights must have a positive sum, got {w}")
    return math.fsum(wi * ai for wi, ai in zip(w, demand[-len(w) :], strict=True)) / total


def exponential_smoothing(actuals, alpha: float, initial_forecast: float) -> list[float]:
    """Simple exponential smoothing, F(t+1) = F(t) + α·(A(t) − F(t)).

    actuals: A, demand per period, oldest first [units/period];
    alpha: α, smoothing constant, 0 < α ≤ 1 (α = 1 is the naive forecast);
    initial_forecast: F(1), the forecast for the first period [units/period].

    Returns the forecasts for periods 1 … n+1: the first is `initial_forecast`, the last is the
    forecast for the period after the data. Drop it (``[:-1]``) to line forecasts up with the
    actuals, e.g. for `forecast_errors`.

    Heizer & Render, *Operations Management*, ch. 4, Port of Baltimore grain unloading: quarterly
    tonnage 180, 168, 159, 175, 190, 205, 180, 182 with α = 0.10 and a first forecast of 175.

    >>> exponential_smoothing(actuals=[180, 168, 159, 175, 190, 205, 180, 182],
    ...                       alpha=0.10, initial_forecast=175)
    [175.0, 175.5, 174.75, 173.18, 173.36, 175.02, 178.02, 178.22, 178.60]
    """
    demand = sequence("actuals", actuals, check=non_negative)
    smoothing = fraction("alpha", alpha, open_high=False)
    forecast = non_negative("initial_forecast", initial_forecast)
    forecasts = [forecast]
    for actual in demand:
        forecast += smoothing * (actual - forecast)
        forecasts.append(forecast)
    return forecasts


def seasonal_indices(history, season_length: int) -> list[float]:
    """Seasonal indices, average-ratio method: S(j) = mean of position j ÷ mean of all periods.

    history: A, demand per period over whole seasons, oldest first [units/period]; it must start at
    the first position of a season;
    season_length: L, periods per season (12 for months in a year, 4 for quarters), L ≥ 2 and
    len(history) a multiple of L.

    The indices average to 1: multiply a deseasonalised forecast by S(j) to seasonalise it.

    Chase & Jacobs, *Operations and Supply Chain Management*, ch. on forecasting, seasonal factor
    example: spring, summer, fall and winter sales of 200, 350, 300 and 150 (average 250).

    >>> seasonal_indices(history=[200, 350, 300, 150], season_length=4)
    [0.8, 1.4, 1.2, 0.6]
    """
    demand = sequence("history", history, check=non_negative)
    length = whole("season_length", season_length, minimum=2)
    if len(demand) % length:
        raise InputError(
            f"season_length must divide the {len(demand)} periods of history into whole seasons,"
            f" got {length}"
        )
    overall = math.fsum(demand) / len(demand)
    if overall == 0:
        raise InputError(f"history must not be all zero, got {demand}")
    seasons = len(demand) // length
    return [math.fsum(demand[j::length]) / seasons / overall for j in range(length)]


@dataclass(frozen=True, repr=False)
class ForecastErrors(Result):
    """Forecast errors (actual − forecast) and the measures built on them, in units/period."""

    errors: list
    mad: float
    bias: float
    mse: float
    mape: float
    running_sum: list
    tracking_signal: list


def forecast_errors(actuals, forecasts) -> ForecastErrors:
    """Accuracy and bias of a forecast: e(t) = A(t) − F(t) and the usual measures over n periods.

    actuals: A, demand per period [units/period], none zero (MAPE divides by them);
    forecasts: F, the forecast made for each of those periods [units/period], same length.

    MAD = Σ|e|/n; bias = Σe/n (mean error, > 0 when the forecast runs low); MSE = Σe²/n;
    MAPE = Σ(|e|/A)/n as a fraction of the actuals (0.05 = 5 %);
    running_sum: RSFE(t) = e(1) + … + e(t);
    tracking_signal: RSFE(t) / MAD(t), MAD(t) being the MAD of periods 1 … t. When MAD(t) is 0
    every error so far is 0, so RSFE(t) is 0 too and the tracking signal is reported as 0.0.
    A common control limit is ±4.

    Heizer & Render, *Operations Management*, ch. 4, Port of Baltimore with α = 0.10: MAD 10.31
    and MSE 190.8 tons (the book rounds each forecast to two decimals on the way).

    >>> actuals = [180, 168, 159, 175, 190, 205, 180, 182]
    >>> forecasts = exponential_smoothing(actuals, alpha=0.10, initial_forecast=175)[:-1]
    >>> result = forecast_errors(actuals=actuals, forecasts=forecasts)
    >>> result.mad, result.mse
    (10.31, 190.82)
    """
    demand = sequence("actuals", actuals, check=non_negative)
    predicted = sequence("forecasts", forecasts, check=non_negative)
    n = same_length(actuals=demand, forecasts=predicted)
    for period, actual in enumerate(demand):
        if actual == 0:
            raise InputError(
                f"actuals[{period}] must be > 0 because MAPE divides by each actual, got {actual}"
            )
    errors = [actual - forecast for actual, forecast in zip(demand, predicted, strict=True)]
    running_sum = list(accumulate(errors))
    cumulative_absolute = accumulate(abs(error) for error in errors)
    tracking_signal = [
        rsfe / (total / t) if total else 0.0
        for t, (rsfe, total) in enumerate(
            zip(running_sum, cumulative_absolute, strict=True), start=1
        )
    ]
    return ForecastErrors(
        errors=errors,
        mad=math.fsum(abs(e) for e in errors) / n,
        bias=math.fsum(errors) / n,
        mse=math.fsum(e * e for e in errors) / n,
        mape=math.fsum(abs(e) / a for e, a in zip(errors, demand, strict=True)) / n,
        running_sum=running_sum,
        tracking_signal=tracking_signal,
    )
