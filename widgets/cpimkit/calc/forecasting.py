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
    number,
    positive,
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


@dataclass(frozen=True, repr=False)
class TrendLine(Result):
    """A least-squares trend line y = intercept + slope·x, x = 1 for the first period of history.

    fitted holds the line's value in each period of the history.
    """

    intercept: float
    slope: float
    fitted: list

    def forecast(self, period: float) -> float:
        """The line's value in period x (x = len(history) + 1 is the period after the data)."""
        return self.intercept + self.slope * number("period", period)


def linear_trend(history) -> TrendLine:
    """Least-squares trend line through the history, y = a + b·x with x = 1, 2, …, n.

    history: y, demand per period, oldest first [units/period], at least two periods.

    b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² [units/period per period] and a = ȳ − b·x̄ [units/period].
    Number the periods from 1, as most textbooks do: a is then the value in period 0, and the
    same data numbered from 0 would give a different a (the same line).

    Heizer & Render, *Operations Management*, ch. 4, least-squares trend of electrical generator
    demand, 2013–2019 (x = 1 … 7): b = 295/28 = 10.54 and a = 397/7 = 56.71 (a book that rounds
    b before computing a shows 56.70).

    >>> line = linear_trend(history=[74, 79, 80, 90, 105, 142, 122])
    >>> line.intercept, line.slope
    (56.71, 10.54)
    """
    demand = sequence("history", history, check=non_negative, min_length=2)
    n = len(demand)
    x_mean, y_mean = (n + 1) / 2, math.fsum(demand) / n
    slope = math.fsum((x - x_mean) * (y - y_mean) for x, y in enumerate(demand, start=1)) / (
        math.fsum((x - x_mean) ** 2 for x in range(1, n + 1))
    )
    intercept = y_mean - slope * x_mean
    return TrendLine(
        intercept=intercept,
        slope=slope,
        fitted=[intercept + slope * x for x in range(1, n + 1)],
    )


def trend_forecast(history, periods_ahead: int) -> list[float]:
    """Forecasts for the periods after the history, read off its least-squares trend line.

    history: y, demand per period, oldest first [units/period], at least two periods;
    periods_ahead: how many periods to forecast (whole, ≥ 1).

    Returns a + b·x for x = n+1 … n+periods_ahead (see `linear_trend`). A falling line is not
    cut off at zero: far enough ahead it forecasts negative demand, a sign to stop trusting it.

    Heizer & Render, *Operations Management*, ch. 4, electrical generator demand: about 141
    generators in 2020 (x = 8) and 152 in 2021 (x = 9).

    >>> trend_forecast(history=[74, 79, 80, 90, 105, 142, 122], periods_ahead=2)
    [141.0, 151.54]
    """
    line = linear_trend(history)
    ahead = whole("periods_ahead", periods_ahead, minimum=1)
    n = len(line.fitted)
    return [line.forecast(x) for x in range(n + 1, n + ahead + 1)]


def deseasonalize(history, indices) -> list[float]:
    """Demand with the season taken out, A(t) / S(j), j being the season position of period t.

    history: A, demand per period, oldest first [units/period], starting at the first position
    of a season (any number of periods);
    indices: S, one seasonal index per season position (at least two, each > 0), e.g. from
    `seasonal_indices`.

    Period t uses index t mod L (0-based), L = len(indices). Fit a trend to the result, then put
    the season back with `seasonal_forecast`.

    Heizer & Render, *Operations Management*, ch. 4, laptop-computer demand: dividing each
    month's average demand by its index gives back the overall average of 94 a month.

    >>> history = [90, 80, 85, 100, 123, 115, 105, 100, 90, 80, 80, 80]
    >>> deseasonalize(history, indices=seasonal_indices(history, season_length=12))
    [94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0, 94.0]
    """
    demand = sequence("history", history, check=non_negative)
    season = sequence("indices", indices, check=positive, min_length=2)
    return [actual / season[t % len(season)] for t, actual in enumerate(demand)]


def seasonal_forecast(base_forecast, indices) -> list[float]:
    """Seasonalised forecasts, F(t) = B(t) × S(j), j being the season position of period t.

    base_forecast: B, deseasonalised forecast per period [units/period], e.g. a level repeated
    or `trend_forecast` values; its first period is the first position of a season;
    indices: S, one seasonal index per season position (at least two, each > 0).

    Period t uses index t mod L (0-based), L = len(indices); to start mid-season, begin
    base_forecast at the season's first period and drop the periods you do not need.

    Heizer & Render, *Operations Management*, ch. 4, laptop computers: next year's expected
    demand of 1,200 is 100 a month; with the monthly indices January gets 96 and May 131.

    >>> indices = [0.957, 0.851, 0.904, 1.064, 1.309, 1.223,
    ...            1.117, 1.064, 0.957, 0.851, 0.851, 0.851]
    >>> [round(forecast) for forecast in seasonal_forecast([1200 / 12] * 12, indices)]
    [96, 85, 90, 106, 131, 122, 112, 106, 96, 85, 85, 85]
    """
    base = sequence("base_forecast", base_forecast, check=non_negative)
    season = sequence("indices", indices, check=positive, min_length=2)
    return [level * season[t % len(season)] for t, level in enumerate(base)]


@dataclass(frozen=True, repr=False)
class ConsumedForecast(Result):
    """Forecast consumed by customer orders, period by period [units/period]."""

    forecast: list
    customer_orders: list
    remaining_forecast: list
    total_demand: list


def forecast_consumption(forecast, customer_orders) -> ConsumedForecast:
    """Customer orders consume the forecast of their period: what is left, and the total demand.

    forecast: F, forecast demand per period [units/period];
    customer_orders: O, orders booked per period [units/period], same length.

    remaining_forecast = max(F − O, 0), the part of the forecast not yet sold;
    total_demand = remaining_forecast + O = max(F, O), the demand to plan for.
    Orders consume only their own period's forecast: orders beyond the forecast add demand and
    do not eat into the forecast of other periods.

    Stevenson, *Operations Management*, master-scheduling example: forecast 30 a week for four
    weeks and 40 for the next four, customer orders 33, 20, 10, 4, 2; the larger of the two is
    the demand netted against a beginning inventory of 64.

    >>> consumed = forecast_consumption(forecast=[30, 30, 30, 30, 40, 40, 40, 40],
    ...                                 customer_orders=[33, 20, 10, 4, 2, 0, 0, 0])
    >>> consumed.remaining_forecast
    [0.0, 10.0, 20.0, 26.0, 38.0, 40.0, 40.0, 40.0]
    >>> consumed.total_demand
    [33.0, 30.0, 30.0, 30.0, 40.0, 40.0, 40.0, 40.0]
    """
    expected = sequence("forecast", forecast, check=non_negative)
    booked = sequence("customer_orders", customer_orders, check=non_negative)
    same_length(forecast=expected, customer_orders=booked)
    remaining = [max(f - o, 0.0) for f, o in zip(expected, booked, strict=True)]
    return ConsumedForecast(
        forecast=expected,
        customer_orders=booked,
        remaining_forecast=remaining,
        total_demand=[r + o for r, o in zip(remaining, booked, strict=True)],
    )
