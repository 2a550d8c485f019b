"""Capacity calculator: from clock hours available to rated capacity in standard hours."""

from __future__ import annotations

import math

import ipywidgets as widgets

from cpimkit.calc._validate import positive
from cpimkit.calc.capacity import rated_capacity
from cpimkit.ui._base import (
    LABEL_STYLE,
    SLIDER_WIDTH,
    Calculator,
    figures_table,
    number,
    number_box,
    share_slider,
    show,
)
from cpimkit.ui._chart import BLUE, GREY, SKY, Chart

SCHEDULE = ("machines", "hours_per_shift", "shifts", "days")  # their product: available hours


class CapacityCalculator(Calculator):
    """Rated capacity = available hours × utilization × efficiency, in standard hours.

    Available hours are built from machines × hours per shift × shifts × days, or typed
    directly when `available_hours` is given (or the box is ticked).

    >>> calc = CapacityCalculator(utilization=0.85, efficiency=1.10, machines=4,
    ...                           hours_per_shift=8, shifts=1, days=5)
    >>> calc.available_hours.value, round(calc.result, 2)
    (160.0, 149.6)
    >>> calc = CapacityCalculator(available_hours=200, utilization=0.9, efficiency=1.0)
    >>> round(calc.result, 2)
    180.0
    """

    def __init__(self, available_hours: float | None = None, utilization: float = 0.85,
                 efficiency: float = 1.10, *, machines: int = 4, hours_per_shift: float = 8,
                 shifts: int = 1, days: int = 5):
        controls = {
            "enter_directly": widgets.Checkbox(  # indented: in line with the input boxes
                value=available_hours is not None, description="Type available hours directly",
                style=LABEL_STYLE, layout=widgets.Layout(width=SLIDER_WIDTH),
            ),
            "machines": number_box("Machines (or people)", machines, integer=True),
            "hours_per_shift": number_box("Hours per shift [h]", hours_per_shift, maximum=24,
                                          step=0.5),
            "shifts": number_box("Shifts per day", shifts, maximum=3, integer=True),
            "days": number_box("Days per period", days, maximum=366, integer=True),
            "available_hours": number_box("Available hours [clock h]",
                                          available_hours or 0, step=1),
            "utilization": share_slider("Utilization", utilization),
            "efficiency": share_slider("Efficiency", efficiency, maximum=1.5),
        }
        controls["enter_directly"].observe(self._show_source, names="value")
        chart = Chart(height=2.8)
        axes = chart.axes
        steps = ["Available\n(clock hours)", "Worked\n× utilization",
                 "Rated capacity\n× efficiency"]
        self._bars = axes.barh([2, 1, 0], [0, 0, 0], color=[GREY, SKY, BLUE], height=0.6)
        self._value_labels = [axes.text(0, y, "", va="center", ha="left") for y in (2, 1, 0)]
        axes.set_yticks([2, 1, 0], steps)
        axes.set(title="From available hours to rated capacity",
                 xlabel="Hours per period (rated capacity in standard hours)")
        axes.grid(False, axis="y")
        chart.thousands(axes.xaxis)
        self.enter_directly = controls["enter_directly"]
        self.available_hours = controls["available_hours"]
        self._schedule = [controls[name] for name in SCHEDULE]
        self._show_source()
        super().__init__(
            controls,
            chart=chart,
            note="Capacity in standard hours: the work a centre can be counted on to earn. "
                 "Utilization = hours worked ÷ hours available; efficiency = standard hours "
                 "earned ÷ hours worked (it may exceed 100 %).",
        )

    def _show_source(self, change: dict | None = None) -> None:
        direct = self.enter_directly.value
        for control in self._schedule:
            show(control, not direct)
        self.available_hours.disabled = not direct

    def _compute(self) -> float:
        if not self.enter_directly.value:
            self.available_hours.value = math.prod(
                positive(name, getattr(self, name).value) for name in SCHEDULE
            )
        return rated_capacity(available_hours=self.available_hours.value,
                              utilization=self.utilization.value,
                              efficiency=self.efficiency.value)

    def _show(self, rated: float) -> str:
        available = self.available_hours.value
        worked = rated_capacity(available, self.utilization.value, efficiency=1.0)
        hours = [available, worked, rated]
        for bar, label, value in zip(self._bars, self._value_labels, hours, strict=True):
            bar.set_width(value)
            label.set_position((value, label.get_position()[1]))
            label.set_text(f" {number(value, 1)} h")
        self.chart.axes.set_xlim(0, max(hours) * 1.25)
        return figures_table([
            ("Available hours", f"{number(available, 1)} clock h"),
            ("Hours worked (× utilization)", f"{number(worked, 1)} h"),
            ("Rated capacity (× efficiency)", f"{number(rated, 1)} standard h"),
        ])
