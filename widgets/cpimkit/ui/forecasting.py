"""The forecasting workbench: try a method on a demand history and judge its errors."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import positive, sequence
from cpimkit.calc.forecasting import (
    ForecastErrors,
    exponential_smoothing,
    forecast_errors,
    moving_average,
    weighted_moving_average,
)
from cpimkit.ui._base import (
    ERROR_COLOUR,
    LABEL_STYLE,
    SLIDER_WIDTH,
    Calculator,
    figures_table,
    number,
    number_box,
    parse_numbers,
    share_slider,
    show,
)
from cpimkit.ui._chart import BLACK, BLUE, ORANGE, Chart

METHODS = {
    "moving_average": "Moving average",
    "weighted_moving_average": "Weighted moving average",
    "exponential_smoothing": "Exponential smoothing",
}
TRACKING_LIMIT = 4  # |tracking signal| beyond this flags a biased forecast


@dataclass(frozen=True, repr=False)
class ForecastRun(Result):
    """A method run over the `actuals`: `forecasts` for periods 1 … n+1 (None where the method
    has too little history) and the `errors` over the periods that have both figures."""

    actuals: list
    forecasts: list
    errors: ForecastErrors

    @property
    def next_forecast(self) -> float:
        """The forecast for the period after the data."""
        return self.forecasts[-1]


def _numbers_text(values) -> str:
    return ", ".join(f"{value:g}" for value in values)


class ForecastWorkbench(Calculator):
    """Forecast a demand history by moving average, weighted moving average or exponential
    smoothing; chart actuals against forecasts and tabulate MAD, bias, MAPE and tracking signal.

    `actuals` and `weights` are sequences (oldest first); `initial_forecast` defaults to the
    first actual.

    >>> bench = ForecastWorkbench([110, 95, 120], alpha=0.2, initial_forecast=100)
    >>> [round(f, 2) for f in bench.result.forecasts]
    [100.0, 102.0, 100.6, 104.48]
    >>> bench.method.value = "moving_average"
    >>> bench.periods.value = 2
    >>> bench.result.forecasts
    [None, None, 102.5, 107.5]
    """

    def __init__(
        self,
        actuals=(110, 95, 120, 105, 115, 125, 118, 130),
        method: str = "exponential_smoothing",
        *,
        periods: int = 3,
        weights=(1, 2, 3),
        alpha: float = 0.2,
        initial_forecast: float | None = None,
    ):
        actuals = list(actuals)
        if initial_forecast is None:
            initial_forecast = actuals[0] if actuals else 0
        controls = {
            "actuals": widgets.Text(
                _numbers_text(actuals), description="Actual demand [units/period]",
                placeholder="e.g. 110, 95, 120", continuous_update=False,
                style=LABEL_STYLE, layout=widgets.Layout(width="100%", max_width="60em"),
            ),
            # Each control needs its own Layout: hiding one hides all that share it.
            "method": widgets.Dropdown(
                options=[(label, name) for name, label in METHODS.items()], value=method,
                description="Method", style=LABEL_STYLE,
                layout=widgets.Layout(width=SLIDER_WIDTH),
            ),
            "periods": number_box("Periods averaged n", periods, minimum=1, maximum=99,
                                  integer=True),
            "weights": widgets.Text(
                _numbers_text(weights), placeholder="e.g. 1, 2, 3",
                description="Weights, oldest → newest", continuous_update=False,
                style=LABEL_STYLE, layout=widgets.Layout(width=SLIDER_WIDTH),
            ),
            "alpha": share_slider("Smoothing constant α", alpha, readout=".2f"),
            "initial_forecast": number_box("First forecast F1 [units]", initial_forecast),
        }
        controls["method"].observe(self._show_parameters, names="value")
        self._parameters = {
            "moving_average": [controls["periods"]],
            "weighted_moving_average": [controls["weights"]],
            "exponential_smoothing": [controls["alpha"], controls["initial_forecast"]],
        }
        chart = Chart(height=3.4)
        axes = chart.axes
        (self._actual_line,) = axes.plot([], [], "o-", color=BLACK, lw=1.8, label="Actual")
        (self._forecast_line,) = axes.plot([], [], "s--", color=BLUE, lw=1.5, label="Forecast")
        (self._next_point,) = axes.plot([], [], "s", color=ORANGE, ms=9,
                                        label="Next-period forecast")
        axes.set(xlabel="Period", ylabel="Demand [units/period]")
        axes.legend(loc="best", fontsize="small")
        self.method = controls["method"]  # needed by _show_parameters before the base runs
        self._show_parameters()
        super().__init__(
            controls,
            wide=[controls["actuals"]],
            chart=chart,
            note=f"Error = actual − forecast (bias > 0: the forecast runs low). "
                 f"MAPE is a share of the actuals. Tracking signal = running sum of errors ÷ "
                 f"MAD to date; beyond ±{TRACKING_LIMIT} it is flagged as biased.",
        )

    def _show_parameters(self, change: dict | None = None) -> None:
        for name, members in self._parameters.items():
            for member in members:
                show(member, name == self.method.value)

    def _compute(self) -> ForecastRun:
        actuals = sequence("actuals", parse_numbers("actuals", self.actuals.value),
                           check=positive)
        n = len(actuals)
        method = self.method.value
        if method == "exponential_smoothing":
            forecasts = exponential_smoothing(actuals, alpha=self.alpha.value,
                                              initial_forecast=self.initial_forecast.value)
        else:
            if method == "moving_average":
                name, setting = "periods", self.periods.value
                moving_average(actuals, periods=setting)  # validates periods
                window = setting
            else:
                name, setting = "weights", parse_numbers("weights", self.weights.value)
                weighted_moving_average(actuals, weights=setting)  # validates weights
                window = len(setting)
            if window >= n:
                raise InputError(
                    f"{name} must cover fewer periods than the {n} actuals so that some "
                    f"forecasts can be checked, got {window}"
                )
            forecast = {"periods": moving_average, "weights": weighted_moving_average}[name]
            forecasts = [None] * window + [
                forecast(actuals[:t], setting) for t in range(window, n + 1)
            ]
        checked = [t for t in range(n) if forecasts[t] is not None]
        errors = forecast_errors(actuals=[actuals[t] for t in checked],
                                 forecasts=[forecasts[t] for t in checked])
        return ForecastRun(actuals=actuals, forecasts=forecasts, errors=errors)

    def _title(self) -> str:
        method = self.method.value
        if method == "moving_average":
            return f"{self.periods.value}-period moving average"
        if method == "weighted_moving_average":
            return f"Weighted moving average (weights {self.weights.value})"
        return (f"Exponential smoothing (α = {self.alpha.value:.2f}, "
                f"F1 = {self.initial_forecast.value:g})")

    def _show(self, run: ForecastRun) -> str:
        actuals = run.actuals
        n = len(actuals)
        periods = np.arange(1, n + 2)
        forecasts = np.array([np.nan if f is None else f for f in run.forecasts])
        self._actual_line.set_data(periods[:n], actuals)
        self._forecast_line.set_data(periods, forecasts)
        self._next_point.set_data([n + 1], [run.next_forecast])
        axes = self.chart.axes
        axes.set_title(self._title())
        axes.set_xlim(0.5, n + 1.5)
        axes.set_xticks(periods)
        axes.relim()
        axes.autoscale_view(scalex=False)
        errors = run.errors
        summary = figures_table([
            ("Next-period forecast", f"{number(run.next_forecast)} units"),
            ("MAD (mean absolute deviation)", number(errors.mad)),
            ("Bias (mean error)", number(errors.bias)),
            ("MSE (mean squared error)", number(errors.mse)),
            ("MAPE (share of actuals)", f"{number(100 * errors.mape, 1)} %"),
            ("Tracking signal, last period", _signal(errors.tracking_signal[-1])),
        ])
        return summary, _period_table(run)


def _signal(value: float) -> str:
    """A tracking signal, in red with a warning sign when beyond the ±4 limit."""
    text = number(value)
    if abs(value) > TRACKING_LIMIT:
        return f"<span style='color:{ERROR_COLOUR};font-weight:700'>⚠ {text}</span>"
    return text


def _period_table(run: ForecastRun) -> str:
    """Period by period: actual, forecast, error, running sum and tracking signal."""
    actuals = run.actuals
    first = len(actuals) - len(run.errors.errors)
    heads = ["Period", "Actual", "Forecast", "Error", "Running sum", "Tracking signal"]
    cell = "padding:1px 8px;text-align:right"
    rows = ["<tr>" + "".join(f"<th style='{cell}'>{html.escape(h)}</th>" for h in heads)
            + "</tr>"]
    for t, actual in enumerate(actuals):
        values = [str(t + 1), number(actual, 1)]
        if t < first:
            values += ["–"] * 4
        else:
            k = t - first
            values += [number(run.forecasts[t]), number(run.errors.errors[k]),
                       number(run.errors.running_sum[k]), _signal(run.errors.tracking_signal[k])]
        rows.append("<tr>" + "".join(f"<td style='{cell}'>{v}</td>" for v in values) + "</tr>")
    rows.append(f"<tr><td style='{cell}'>{len(actuals) + 1}</td><td style='{cell}'>?</td>"
                f"<td style='{cell}'>{number(run.next_forecast)}</td></tr>")
    return f"<table style='border-collapse:collapse;margin-top:6px'>{''.join(rows)}</table>"
