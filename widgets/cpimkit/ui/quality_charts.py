"""Statistical quality control views: a control chart of learner-entered samples (X-bar and R,
or p) and process capability against the specification limits.

>>> parse_subgroups("49, 51, 50\\n48, 52, 50")
[[49.0, 51.0, 50.0], [48.0, 52.0, 50.0]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Polygon
from matplotlib.ticker import MaxNLocator

from cpimkit.calc import InputError
from cpimkit.calc._validate import whole
from cpimkit.calc.quality import (
    CONTROL_CHART_CONSTANTS,
    Capability,
    PChartLimits,
    out_of_control,
    p_chart_limits,
    process_capability,
    xbar_r_from_subgroups,
)
from cpimkit.ui._base import (
    LABEL_STYLE,
    SLIDER_WIDTH,
    Calculator,
    figures_table,
    number,
    number_box,
    parse_numbers,
    show,
    toggle_buttons,
)
from cpimkit.ui._chart import BLACK, BLUE, GREY, RED, SKY, Chart

# Our own numbers, built for the course map's example: ten subgroups of five fill weights
# (grams) with grand mean 50 and average range 4, so UCL = 50 + 0.577 × 4 = 52.31; the
# seventh subgroup's mean, 52.6, lies above it.
FILL_WEIGHTS = (
    (48.1, 51.1, 49.6, 50.1, 49.1),
    (48.2, 53.2, 50.2, 49.7, 49.7),
    (47.8, 51.8, 49.8, 50.3, 49.3),
    (48.4, 52.4, 50.4, 51.4, 49.4),
    (47.9, 50.9, 49.4, 49.9, 48.9),
    (47.5, 52.5, 50.0, 50.5, 49.5),
    (50.6, 54.6, 52.6, 53.1, 52.1),
    (47.2, 51.2, 49.2, 49.7, 48.7),
    (48.1, 51.1, 49.6, 49.1, 50.1),
    (46.7, 51.7, 49.2, 48.7, 49.7),
)
# Heizer & Render, Operations Management, statistical process control supplement: errors in
# 20 samples of 100 records keyed by ARCO's data-entry clerks.
ARCO_ERRORS = (6, 5, 0, 1, 4, 2, 5, 3, 3, 2, 6, 1, 8, 7, 5, 4, 11, 3, 0, 4)
CHARTS = {"xbar_r": "X-bar and R", "p": "p (fraction defective)"}
SUBGROUPS_WIDTH = "40em"  # 16em of label, 24em of box: a subgroup of five on one line


@dataclass(frozen=True, repr=False)
class PChart(PChartLimits):
    """p-chart limits with the fraction defective of each sample, ready to plot."""

    sample_fractions: list


def parse_subgroups(text: str) -> list[list[float]]:
    """One subgroup per line, its values separated by commas; blank lines are skipped.
    `InputError` names the line of a bad entry or of a subgroup of another size.

    >>> parse_subgroups("1, 2, 3\\n4, 5")
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: subgroups line 2 has 2 values, but line 1 has 3
    """
    subgroups, first = [], None
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        values = parse_numbers(f"subgroups line {line_number}", line)
        if first is None:
            first = (line_number, len(values))
        elif len(values) != first[1]:
            raise InputError(
                f"subgroups line {line_number} has {len(values)} values, but line {first[0]} "
                f"has {first[1]}"
            )
        subgroups.append(values)
    if not subgroups:
        raise InputError("subgroups: type one subgroup per line, values separated by commas")
    return subgroups


def p_chart(defectives, sample_size: int) -> PChart:
    """p chart of samples of one size: p̄ = Σ defectives ÷ (samples × n), with each sample's
    fraction defective.

    >>> p_chart([6, 5, 0, 1], sample_size=100).sample_fractions
    [0.06, 0.05, 0.0, 0.01]
    """
    size = whole("sample_size", sample_size, minimum=1)
    counts = []
    for index, count in enumerate(defectives, start=1):
        if count != int(count) or not 0 <= count <= size:
            raise InputError(
                f"defectives sample {index} must be a whole number from 0 to "
                f"sample_size ({size}), got {count:g}"
            )
        counts.append(count)
    limits = p_chart_limits(math.fsum(counts) / (len(counts) * size), size)
    return PChart(**vars(limits), sample_fractions=[count / size for count in counts])


class ControlChart(Calculator):
    """A control chart of samples the learner types in: subgroup means with the X-bar limits
    and the ranges with the R limits beneath (chart="xbar_r"), or the fraction defective of
    each sample with the p limits (chart="p"). Points beyond the limits are circled in red.

    subgroups: one sequence of measurements per sample (all of one size, 2 to 25), shown one
    subgroup per line; defectives: the defective units found in each sample of sample_size.
    Defaults: our own fill weights (X̿ 50, R̄ 4, n 5) and Heizer & Render's ARCO data entry.

    >>> chart = ControlChart()
    >>> round(chart.result.ucl, 2), chart.out_of_control
    (52.31, [6])
    >>> chart.chart_type.value = "p"
    >>> round(chart.result.ucl, 4), chart.out_of_control
    (0.0988, [16])
    """

    def __init__(
        self, subgroups=None, chart: str = "xbar_r", defectives=None, sample_size: int = 100
    ):
        subgroups = FILL_WEIGHTS if subgroups is None else subgroups
        defectives = ARCO_ERRORS if defectives is None else defectives
        figure = Chart(height=4.2)
        layout = figure.figure.add_gridspec(2, 1, height_ratios=(3, 2))
        self._full, self._upper = figure.figure.add_gridspec(1, 1)[0], layout[0]
        axes = figure.axes
        axes.set_subplotspec(layout[0])
        range_axes = self._range_axes = figure.figure.add_subplot(layout[1], sharex=axes)
        range_axes.grid(True, alpha=0.3)
        range_axes.spines[["top", "right"]].set_visible(False)
        self._lines = {}
        for name, panel in (("main", axes), ("range", range_axes)):
            (points,) = panel.plot([], [], "o-", color=BLUE, lw=1.3, ms=4)
            (flagged,) = panel.plot([], [], "o", ms=10, mfc="none", mec=RED, mew=2)
            limits = [
                panel.axhline(0, color=colour, ls=style, lw=1.3)
                for colour, style in ((BLACK, "-"), (RED, "--"), (RED, "--"))
            ]
            labels = [
                panel.text(
                    1.0,
                    0,
                    "",
                    transform=panel.get_yaxis_transform(),
                    ha="right",
                    va="bottom",
                    fontsize="x-small",
                    color=colour,
                )
                for colour in (BLACK, RED, RED)
            ]
            self._lines[name] = (points, flagged, limits, labels)
        range_axes.set(xlabel="Sample", ylabel="Range R")
        axes.tick_params(axis="x", labelbottom=False)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # samples are numbered
        self._shown = None
        controls = {
            "chart_type": toggle_buttons(
                "Chart",
                [(label, name) for name, label in CHARTS.items()],
                chart,
                button_width="12.5em",  # "p (fraction defective)" in full
            ),
            "subgroups": widgets.Textarea(
                "\n".join(", ".join(f"{value:g}" for value in group) for group in subgroups),
                description="Subgroups [one per line]",
                continuous_update=False,
                style=LABEL_STYLE,
                layout=widgets.Layout(width=SUBGROUPS_WIDTH, height="14em"),
            ),
            "defectives": widgets.Textarea(
                ", ".join(f"{count:g}" for count in defectives),
                description="Defectives per sample",
                continuous_update=False,
                style=LABEL_STYLE,
                layout=widgets.Layout(width=SLIDER_WIDTH, height="6em"),
            ),
            "sample_size": number_box("Sample size n [units]", sample_size, integer=True),
        }
        controls["chart_type"].observe(self._show_inputs, names="value")
        self.out_of_control: list = []  # 0-based samples beyond the limits
        self.range_out_of_control: list = []
        self._controls = controls
        self._show_inputs()
        super().__init__(
            controls,
            chart=figure,
            note="Three-sigma limits. X-bar chart: X̿ ± A2·R̄; R chart: D3·R̄ to D4·R̄, with "
            "A2, D3, D4 from the exact table for n = 2 to 25 (n = 5: 0.577, 0, 2.114). "
            "p chart: p̄ ± 3·√(p̄(1 − p̄)/n), the LCL floored at 0. A point beyond a "
            "limit (not on it) is out of control.",
        )

    def _show_inputs(self, change: dict | None = None) -> None:
        xbar = self._controls["chart_type"].value == "xbar_r"
        show(self._controls["subgroups"], xbar)
        for name in ("defectives", "sample_size"):
            show(self._controls[name], not xbar)

    def _compute(self):
        if self.chart_type.value == "xbar_r":
            return xbar_r_from_subgroups(parse_subgroups(self.subgroups.value))
        counts = parse_numbers("defectives", self.defectives.value.replace("\n", ","))
        return p_chart(counts, self.sample_size.value)

    def _show(self, result) -> str:
        xbar = self.chart_type.value == "xbar_r"
        axes = self.chart.axes
        if xbar != self._shown:  # the R panel only for X-bar and R: a new layout then
            axes.set_subplotspec(self._upper if xbar else self._full)
            self._range_axes.set_visible(xbar)
            axes.tick_params(axis="x", labelbottom=not xbar)
            axes.set_xlabel("" if xbar else "Sample")
            axes.set_ylabel("Subgroup mean X̄" if xbar else "Fraction defective p")
            axes.set_title("X-bar and R charts" if xbar else "p chart")
            self._shown = xbar
        if xbar:
            main = (result.subgroup_means, result.center, result.ucl, result.lcl)
            spread = (
                result.subgroup_ranges,
                result.range_center,
                result.range_ucl,
                result.range_lcl,
            )
            self.range_out_of_control = self._plot("range", self._range_axes, *spread)
        else:
            self.range_out_of_control = []
            main = (result.sample_fractions, result.center, result.ucl, result.lcl)
        self.out_of_control = self._plot("main", axes, *main)
        samples = len(main[0])
        axes.set_xlim(0.5, samples + 0.5)
        listed = ", ".join(str(i + 1) for i in self.out_of_control) or "none"
        if not xbar:
            return figures_table(
                [
                    ("Samples × size n", f"{samples} × {self.sample_size.value}"),
                    ("Centre line p̄", number(result.center, 4)),
                    ("UCL, LCL", f"{number(result.ucl, 4)}, {number(result.lcl, 4)}"),
                    ("Samples out of control", listed),
                ]
            )
        constants = CONTROL_CHART_CONSTANTS[result.subgroup_size]
        return figures_table(
            [
                ("Subgroups × size n", f"{samples} × {result.subgroup_size}"),
                ("A2, D3, D4", f"{constants.a2:.3f}, {constants.d3:.3f}, {constants.d4:.3f}"),
                (
                    "X̿, UCL, LCL",
                    f"{number(result.center, 3)}, {number(result.ucl, 3)}, {number(result.lcl, 3)}",
                ),
                (
                    "R̄, UCL, LCL",
                    f"{number(result.range_center, 3)}, "
                    f"{number(result.range_ucl, 3)}, {number(result.range_lcl, 3)}",
                ),
                ("Means out of control", listed),
                (
                    "Ranges out of control",
                    ", ".join(str(i + 1) for i in self.range_out_of_control) or "none",
                ),
            ]
        )

    def _plot(self, name: str, panel, values, center, ucl, lcl) -> list:
        """Draw one panel's points, limits and flags; return the flagged 0-based indices."""
        points, flagged, limits, labels = self._lines[name]
        samples = np.arange(1, len(values) + 1)
        points.set_data(samples, values)
        beyond = out_of_control(values, center, ucl, lcl)
        flagged.set_data(samples[beyond], np.asarray(values)[beyond])
        for line, label, level, title in zip(
            limits, labels, (center, ucl, lcl), ("CL", "UCL", "LCL"), strict=True
        ):
            line.set_ydata([level, level])
            label.set_y(level)
            label.set_text(f"{title} {level:.4g}")
        low, high = min(lcl, *values), max(ucl, *values)
        margin = 0.12 * (high - low or 1)
        panel.set_ylim(low - margin, high + margin)
        return beyond


@dataclass(frozen=True, repr=False)
class CapabilityReading(Capability):
    """Cp and Cpk with the share of output beyond each specification limit (normal process)."""

    share_below: float
    share_above: float
    share_outside: float


class CapabilityView(Calculator):
    """Process capability: the process's normal curve against the specification limits, Cp,
    Cpk and the share of output outside the limits (shaded).

    upper_spec, lower_spec, mean and std share the unit measured (grams here). Default: our
    own bag weights, specified 500 ± 6 g, mean 502 g, σ 1.5 g (capable in spread, Cp 1.33,
    but off centre, Cpk 0.89).

    >>> view = CapabilityView()
    >>> round(view.result.cp, 2), round(view.result.cpk, 2)
    (1.33, 0.89)
    >>> round(100 * view.result.share_outside, 2)
    0.38
    """

    def __init__(
        self, upper_spec: float = 506, lower_spec: float = 494, mean: float = 502, std: float = 1.5
    ):
        chart = Chart()
        axes = chart.axes
        (self._curve,) = axes.plot([], [], color=BLUE, lw=2)
        self._inside = axes.add_patch(Polygon(np.zeros((1, 2)), color=SKY, alpha=0.35, lw=0))
        self._tails = [
            axes.add_patch(Polygon(np.zeros((1, 2)), color=RED, alpha=0.6, lw=0)) for _ in range(2)
        ]
        self._specs = [axes.axvline(0, color=RED, lw=2) for _ in range(2)]
        self._spec_labels = [
            axes.text(
                0,
                1.0,
                label,
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="top",
                color=RED,
                fontsize="small",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
            for label in ("LSL", "USL")
        ]
        self._mean = axes.axvline(0, color=GREY, ls="--", lw=1.2)
        axes.set(
            title="Process spread against the specification",
            xlabel="Measurement [unit of the specification]",
        )
        axes.tick_params(axis="y", left=False, labelleft=False)  # density values mean little
        super().__init__(
            {
                "upper_spec": number_box(
                    "Upper spec limit USL", upper_spec, minimum=-1e12, step=0.5
                ),
                "lower_spec": number_box(
                    "Lower spec limit LSL", lower_spec, minimum=-1e12, step=0.5
                ),
                "mean": number_box("Process mean μ", mean, minimum=-1e12, step=0.5),
                "std": number_box("Process std dev σ", std, step=0.1),
            },
            chart=chart,
            note="Cp = (USL − LSL) ÷ 6σ compares the tolerance with the spread; Cpk = "
            "min(USL − μ, μ − LSL) ÷ 3σ also counts the centring. 1.33 is a common "
            "minimum. The shares outside assume a normal process.",
        )

    def _compute(self) -> CapabilityReading:
        indices = process_capability(
            upper_spec=self.upper_spec.value,
            lower_spec=self.lower_spec.value,
            mean=self.mean.value,
            std=self.std.value,
        )
        process = NormalDist(self.mean.value, self.std.value)
        below = process.cdf(self.lower_spec.value)
        above = 1 - process.cdf(self.upper_spec.value)
        return CapabilityReading(
            **vars(indices), share_below=below, share_above=above, share_outside=below + above
        )

    def _show(self, result: CapabilityReading) -> str:
        mean, std = self.mean.value, self.std.value
        lower, upper = self.lower_spec.value, self.upper_spec.value
        left, right = min(mean - 4 * std, lower), max(mean + 4 * std, upper)
        pad = 0.08 * (right - left)
        x = np.linspace(left - pad, right + pad, 400)
        density = np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))
        self._curve.set_data(x, density)
        below, inside, above = x < lower, (x >= lower) & (x <= upper), x > upper
        for patch, part in zip((self._inside, *self._tails), (inside, below, above), strict=True):
            patch.set_visible(part.sum() > 1)
            if part.sum() > 1:
                edge = x[part]
                patch.set_xy(
                    np.column_stack([np.r_[edge[0], edge, edge[-1]], np.r_[0, density[part], 0]])
                )
        for line, label, limit in zip(self._specs, self._spec_labels, (lower, upper), strict=True):
            line.set_xdata([limit, limit])
            label.set_x(limit)
        self._mean.set_xdata([mean, mean])
        self.chart.axes.set(xlim=(x[0], x[-1]), ylim=(0, density.max() * 1.18))
        verdict = "capable" if result.cpk >= 1.33 else "not capable (Cpk < 1.33)"
        return figures_table(
            [
                ("Cp", number(result.cp, 3)),
                ("Cpk", f"{number(result.cpk, 3)} ({verdict})"),
                ("Cpu, Cpl", f"{number(result.cpu, 3)}, {number(result.cpl, 3)}"),
                ("Below LSL", f"{number(100 * result.share_below, 3)} %"),
                ("Above USL", f"{number(100 * result.share_above, 3)} %"),
                (
                    "Outside the limits",
                    f"{number(100 * result.share_outside, 3)} %"
                    f" ({number(1e6 * result.share_outside, 0)} per million)",
                ),
            ]
        )
