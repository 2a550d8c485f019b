"""Investment calculators: discounted cash flow (NPV, IRR, payback) and the learning curve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, PercentFormatter, StrMethodFormatter

from cpimkit.calc._result import Result
from cpimkit.calc._validate import whole
from cpimkit.calc.capacity import learning_curve
from cpimkit.calc.finance import internal_rate_of_return, npv, payback_period
from cpimkit.ui._base import Calculator, figures_table, number, number_box, toggle_buttons
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.mrp import PROBLEM, EditableRow
from cpimkit.ui.planning import HEADER, TOLERANCE, GridCalculator, OutputRow, PeriodGrid, fit_y

# Our own numbers: a $100,000 machine that saves $20,000 to $40,000 a year for five years.
EXAMPLE_CASH_FLOWS = (-100_000, 30_000, 35_000, 40_000, 30_000, 20_000)
PROFILE_POINTS = 61
CELL_WIDTH = "7em"  # a grid cell holds −100,000 in bold


@dataclass(frozen=True, repr=False)
class Appraisal(Result):
    """What `InvestmentAppraiser` computes: NPV at the rate chosen [$], IRR [fraction per
    period], payback [periods, inf if never], and per period (index 0 = period 0) the running
    total of the cash flows and of their present values."""

    npv: float
    internal_rate_of_return: float
    payback_period: float
    cumulative: list
    cumulative_present_value: list


class InvestmentAppraiser(GridCalculator):
    """Net present value, internal rate of return and payback of a stream of cash flows, one
    per period (period 0 = the investment, usually negative), all editable. The upper chart is
    the NPV profile: NPV against the discount rate, with the rate chosen and the IRR (where the
    profile crosses zero) marked; the lower one the cumulative cash flow with the payback point.

    cash_flows [$ per period]; rate: discount rate per period as a fraction (0.08 = 8 %).
    Default: our own numbers, a $100,000 machine saving $20,000 to $40,000 a year.

    >>> appraiser = InvestmentAppraiser()
    >>> result = appraiser.result
    >>> round(result.npv), round(result.internal_rate_of_return, 3), result.payback_period
    (25200, 0.176, 2.875)
    >>> appraiser.rate.value = 0.20  # above the IRR: the NPV turns negative
    >>> round(appraiser.result.npv)
    -5041
    """

    def __init__(self, cash_flows=None, rate: float = 0.08):
        flows = list(EXAMPLE_CASH_FLOWS if cash_flows is None else cash_flows)
        periods = len(flows)
        controls = {
            "cash_flows": EditableRow(flows),
            "rate": number_box("Discount rate r [per period]", rate, step=0.01),
        }
        self.rows = {"cumulative": OutputRow(periods),
                     "cumulative_present_value": OutputRow(periods)}
        grid = PeriodGrid(periods, [
            ("Cash flow [$] (edit)", controls["cash_flows"]),
            ("Cumulative cash flow [$]", self.rows["cumulative"]),
            ("Cumulative present value [$]", self.rows["cumulative_present_value"]),
        ], cell_width=CELL_WIDTH)
        grid.header.fill([str(t) for t in range(periods)], [HEADER] * periods)  # from 0
        chart = Chart(height=5.4)
        self._layout = chart.figure.add_gridspec(2, 1)
        self._draw_profile(chart)
        self._draw_cumulative(chart, periods)
        super().__init__(
            controls, grid=grid, period_fields=(), chart=chart,
            inputs=[controls["rate"]],
            note="Period 0 is not discounted; the cash flow of period t comes at its end and is "
                 "worth CF<sub>t</sub> ÷ (1 + r)<sup>t</sup> now. NPV is their sum; the IRR is "
                 "the rate at which NPV = 0. Payback counts undiscounted cash and assumes each "
                 "period's flow comes evenly through the period (straight lines between period "
                 "ends), so it falls within the period in which the cumulative cash turns "
                 "non-negative.",
        )

    def _draw_profile(self, chart: Chart) -> None:
        """The upper axes: NPV against the discount rate."""
        axes = self._profile_axes = chart.axes
        axes.set_subplotspec(self._layout[0])
        (self._profile,) = axes.plot([], [], color=BLUE, lw=2)
        axes.axhline(0, color=BLACK, lw=0.8)
        self._rate_line = axes.axvline(0, color=GREY, ls="--", lw=1)
        (self._rate_point,) = axes.plot([], [], "o", color=ORANGE, ms=8, zorder=3)
        (self._irr_point,) = axes.plot([], [], "D", color=RED, ms=7, zorder=3)
        # The figures go in the legend: it finds a free corner whatever the profile's shape.
        self._profile_legend = axes.legend([self._rate_point, self._irr_point], ["", ""],
                                           loc="best", fontsize="small")
        axes.set(xlabel="Discount rate r [per period]", ylabel="NPV [$]")
        axes.set_title("NPV profile", y=1.0)  # placed once: nothing above the axes to avoid
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))  # whole percents
        axes.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=" %"))
        chart.thousands(axes.yaxis)

    def _draw_cumulative(self, chart: Chart, periods: int) -> None:
        """The lower axes: each period's cash flow and the running totals, payback marked."""
        axes = self._cumulative_axes = chart.figure.add_subplot(self._layout[1])
        axes.grid(True, alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        x = np.arange(periods)
        self._flow_bars = axes.bar(x, np.zeros(periods), width=0.5, color=SKY)
        (self._cumulative_line,) = axes.plot(x, np.zeros(periods), "o-", color=BLUE, lw=2,
                                             ms=4)
        (self._present_line,) = axes.plot(x, np.zeros(periods), "--", color=ORANGE, lw=1.5)
        axes.axhline(0, color=BLACK, lw=0.8)
        (self._payback_point,) = axes.plot([], [], "o", color=GREEN, ms=9, mec=BLACK,
                                           zorder=3)
        self._cumulative_legend = axes.legend(
            [self._flow_bars, self._cumulative_line, self._present_line, self._payback_point],
            ["Cash flow of the period", "Cumulative cash flow", "Cumulative present value", ""],
            loc="upper center", ncols=2, fontsize="small", columnspacing=1)
        axes.set(xlabel="Period (0 = the investment)", ylabel="Cash [$]")
        axes.set_title("Cumulative cash flow", y=1.0)
        axes.set_xlim(-0.6, periods - 0.4)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=13))
        chart.thousands(axes.yaxis)

    def _compute(self) -> Appraisal:
        flows, rate = self.cash_flows.value, self.rate.value
        value = npv(rate=rate, cash_flows=flows)
        return Appraisal(
            npv=value,
            internal_rate_of_return=internal_rate_of_return(cash_flows=flows),
            payback_period=payback_period(cash_flows=flows),
            cumulative=list(accumulate(float(flow) for flow in flows)),
            cumulative_present_value=[npv(rate=rate, cash_flows=flows[: t + 1])
                                      for t in range(len(flows))],
        )

    def _show(self, result: Appraisal) -> str:
        rate, irr = self.rate.value, result.internal_rate_of_return
        self.rows["cumulative"].show(result.cumulative, _negative_styles(result.cumulative))
        self.rows["cumulative_present_value"].show(
            result.cumulative_present_value, _negative_styles(result.cumulative_present_value))
        self._show_profile(result, rate)
        self._show_cumulative(result)
        payback = result.payback_period
        verdict = ("worth more than it costs (NPV > 0)" if result.npv > TOLERANCE else
                   "worth less than it costs (NPV < 0)" if result.npv < -TOLERANCE else
                   "just breaks even (NPV = 0)")
        return figures_table([
            (f"NPV at r = {number(100 * rate, 1)} %", _dollars(result.npv)),
            ("IRR (NPV = 0)", f"{number(100 * irr, 2)} % per period"),
            ("Payback", f"{number(payback)} periods" if math.isfinite(payback) else
                        "never: the cash flows do not repay the investment"),
            (f"At r = {number(100 * rate, 1)} % the project is", verdict),
        ])

    def _show_profile(self, result: Appraisal, rate: float) -> None:
        irr = result.internal_rate_of_return
        low, high = _steady_range(self._profile_axes.get_xlim(), *_profile_range(irr, rate))
        rates = np.linspace(low, high, PROFILE_POINTS)
        values = [npv(rate=r, cash_flows=self.cash_flows.value) for r in rates]
        axes = self._profile_axes
        self._profile.set_data(rates, values)
        self._rate_line.set_xdata([rate, rate])
        self._rate_point.set_data([rate], [result.npv])
        self._irr_point.set_data([irr], [0])
        rate_text, irr_text = self._profile_legend.get_texts()
        rate_text.set_text(f"NPV at r = {number(100 * rate, 1)} %: "
                           f"{_dollars(result.npv, chart=True)}")
        irr_text.set_text(f"IRR {number(100 * irr, 1)} %")
        axes.set_xlim(low, high)
        fit_y(axes, values, headroom=0.25)

    def _show_cumulative(self, result: Appraisal) -> None:
        for bar, flow in zip(self._flow_bars, self.cash_flows.value, strict=True):
            bar.set_height(flow)
        self._cumulative_line.set_ydata(result.cumulative)
        self._present_line.set_ydata(result.cumulative_present_value)
        payback = result.payback_period
        found = math.isfinite(payback)
        self._payback_point.set_data([payback] if found else [], [0] if found else [])
        self._cumulative_legend.get_texts()[-1].set_text(
            f"Payback: {number(payback)} periods" if found else "Never pays back")
        self._cumulative_legend.legend_handles[-1].set_visible(found)
        fit_y(self._cumulative_axes, self.cash_flows.value, result.cumulative,
              result.cumulative_present_value, headroom=0.55)  # a band for the legend


def _profile_range(irr: float, rate: float) -> tuple[float, float]:
    """Rates from 0 (or below a negative IRR) to half a span beyond the IRR and the rate."""
    span = max(0.1, abs(irr))
    low = max(min(0.0, irr - 0.5 * span), (irr - 1) / 2)  # never down to r = −100 %
    return low, max(irr, rate) + 0.5 * span


def _steady_range(shown: tuple, low: float, high: float) -> tuple[float, float]:
    """The rates to show when (low, high) are wanted: those `shown` while they hold the wanted
    range's start and three quarters of it and are at most twice as wide; when the wanted range
    has just outgrown them (by half at most), it half as wide again; else the wanted range.
    Steady rates keep the tick labels in place, so the layout need not be worked out after each
    step (without them a label at the axis's end, sticking out by a changing amount, asks for a
    new layout every few steps).

    >>> _steady_range((0.0, 0.3), 0.0, 0.34)  # the rate and IRR (0.3 at most) still fit
    (0.0, 0.3)
    >>> _steady_range((0.0, 0.3), 0.0, 0.4)  # just outgrown: room to grow
    (0.0, 0.6000000000000001)
    """
    start, end = shown
    width = high - low
    if start <= low and low + 0.75 * width <= end <= low + 2 * width:
        return start, end
    if start <= low < end < high <= low + 1.5 * (end - low):
        return low, low + 1.5 * width
    return low, high


def _negative_styles(values) -> list[str]:
    return [PROBLEM if value < -TOLERANCE else "" for value in values]


def _dollars(value: float, *, chart: bool = False) -> str:
    """Whole dollars with the minus sign before the dollar sign (escaped for matplotlib)."""
    sign = "−" if value < -0.5 else ""
    dollar = r"\$" if chart else "$"
    return f"{sign}{dollar}{number(abs(value), 0)}"


MODELS = {"unit": "Unit", "cumulative_average": "Cumulative average"}
SCALES = {"linear": "Linear", "log": "Log-log"}


@dataclass(frozen=True, repr=False)
class LearningFigures(Result):
    """What `LearningCurvePlot` computes for units 1 … n under one model: the time of unit n,
    the average of the first n units and their total [hours], and the series behind the chart
    (index 0 = unit 1)."""

    model: str
    units: int
    unit_time: float
    cumulative_average: float
    total_time: float
    unit_times: list
    cumulative_averages: list


class LearningCurvePlot(Calculator):
    """The learning curve: the time of each unit and the cumulative average time against the
    unit number, on linear or log-log axes (where the curve is a straight line of slope b).
    The figures are for unit n = `units`: its time, the average of units 1 … n and their total.

    first_unit_time: T₁ [hours]; learning_rate: r, the fraction each doubling of output leaves
    (0.8 = 80 %); model: "unit" (T₁·n^b is the time of unit n) or "cumulative_average"
    (T₁·n^b is the average of the first n units), b = log2(r). `scale` switches the axes
    between "linear" and "log" (log-log).

    >>> plot = LearningCurvePlot()
    >>> round(plot.result.unit_time, 2), round(plot.result.cumulative_average, 2)
    (32.77, 45.87)
    >>> plot.model.value = "cumulative_average"
    >>> round(plot.result.cumulative_average, 2), round(plot.result.total_time, 1)
    (32.77, 1048.6)
    """

    def __init__(self, first_unit_time: float = 100, learning_rate: float = 0.8,
                 units: int = 32, model: str = "unit"):
        chart = Chart()
        axes = chart.axes
        (self._unit_line,) = axes.plot([], [], "o-", color=BLUE, lw=1.8, ms=3,
                                       label="Time of unit k")
        (self._average_line,) = axes.plot([], [], "-", color=ORANGE, lw=1.8,
                                          label="Average of units 1 … k")
        (self._marks,) = axes.plot([], [], "o", color=BLACK, ms=7, zorder=3)
        self._mark_label = axes.annotate("", (0, 0), xytext=(-6, 10),
                                         textcoords="offset points", ha="right", va="bottom",
                                         fontsize="small")
        axes.set(title="Learning curve", xlabel="Unit number k", ylabel="Time [hours]")
        axes.legend(loc="upper right", ncols=2, fontsize="small")
        self._scale_shown = None
        controls = {
            "first_unit_time": number_box("Time of the first unit T₁ [h]", first_unit_time,
                                          step=10),
            "learning_rate": number_box("Learning rate r (0.8 = 80 %)", learning_rate,
                                        step=0.01),
            "units": number_box("Units n", units, maximum=10_000, integer=True),
            "model": toggle_buttons("Model", [(label, name) for name, label in MODELS.items()],
                                    model, button_width="12.5em"),
            "scale": toggle_buttons("Axes", [(label, name) for name, label in SCALES.items()],
                                    "linear"),
        }
        super().__init__(
            controls, chart=chart,
            note="Convention: b = log<sub>2</sub>(r), so each doubling of output multiplies "
                 "the time by r (80 %: b = −0.322). Unit model (Crawford): unit n takes "
                 "T₁·n<sup>b</sup>; the average is the mean of the unit times. "
                 "Cumulative-average model (Wright): T₁·n<sup>b</sup> is the average of the "
                 "first n units; their total is n × that average and unit n takes the total "
                 "for n less the total for n − 1. Tables differ: check which model they use.",
        )

    def _compute(self) -> LearningFigures:
        count = whole("units", self.units.value, minimum=1)
        model = self.model.value
        curve = [learning_curve(first_unit_time=self.first_unit_time.value,
                                learning_rate=self.learning_rate.value, unit=k, model=model)
                 for k in range(1, count + 1)]
        if model == "unit":
            unit_times = curve
            totals = list(accumulate(curve))
            averages = [total / k for k, total in enumerate(totals, start=1)]
        else:
            averages = curve
            totals = [k * average for k, average in enumerate(averages, start=1)]
            unit_times = [total - before
                          for total, before in zip(totals, [0.0, *totals[:-1]], strict=True)]
        return LearningFigures(model=model, units=count, unit_time=unit_times[-1],
                               cumulative_average=averages[-1], total_time=totals[-1],
                               unit_times=unit_times, cumulative_averages=averages)

    def _show(self, result: LearningFigures) -> str:
        units = np.arange(1, result.units + 1)
        self._unit_line.set_data(units, result.unit_times)
        self._average_line.set_data(units, result.cumulative_averages)
        self._marks.set_data([result.units] * 2, [result.unit_time, result.cumulative_average])
        self._mark_label.xy = (result.units, max(result.unit_time, result.cumulative_average))
        self._mark_label.set_text(f"n = {result.units}")
        self._set_scale(result)
        rate = self.learning_rate.value
        return figures_table([
            ("Exponent b = log2(r)", number(math.log2(rate), 4)),
            (f"Time of unit {result.units}", f"{number(result.unit_time)} h"),
            (f"Average of units 1–{result.units}", f"{number(result.cumulative_average)} h"),
            (f"Total for {result.units} units", f"{number(result.total_time, 1)} h"),
        ])

    def _set_scale(self, result: LearningFigures) -> None:
        """Axis scales, ticks and limits: room above the curves for the legend."""
        axes, log = self.chart.axes, self.scale.value == "log"
        if self.scale.value != self._scale_shown:
            if log:  # doubling the units is one step along x
                axes.set_xscale("log", base=2)
                axes.set_yscale("log")
                axes.yaxis.set_major_locator(LogLocator(subs=(1, 2, 3, 5)))
            else:
                axes.set_xscale("linear")
                axes.set_yscale("linear")
                axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            for axis in (axes.xaxis, axes.yaxis):
                axis.set_major_formatter(StrMethodFormatter("{x:,.4g}"))
                axis.set_minor_formatter(StrMethodFormatter(""))
            self._scale_shown = self.scale.value
        times = [*result.unit_times, *result.cumulative_averages]
        top = max(times)
        last = max(result.units, 2)
        if log:
            axes.set_xlim(0.8, last * 1.25)
            axes.set_ylim(min(times) / 1.25, top * 2)
        else:
            axes.set_xlim(0, last * 1.04)
            axes.set_ylim(0, top * 1.4)
