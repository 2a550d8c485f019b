"""Lean flow: takt time and the fewest stations a line can be balanced into."""

from __future__ import annotations

import math

from cpimkit.calc._validate import positive

_DIGITS = 9  # ratios are rounded here before rounding up, so 2.1 / 0.3 gives 7 stations, not 8


def takt_time(available_time: float, demand: float) -> float:
    """Takt time = available production time ÷ customer demand, in time per unit.

    available_time: T [time units, e.g. seconds per shift, planned breaks excluded];
    demand: D [units in the same span]. The result is in the unit of `available_time` per unit.

    Heizer & Render, *Operations Management*, Boeing wing component line: 480 minutes a day,
    40 units a day:

    >>> takt_time(available_time=480, demand=40)
    12.0
    """
    return positive("available_time", available_time) / positive("demand", demand)


def minimum_stations(total_task_time: float, cycle_time: float) -> int:
    """Theoretical minimum number of workstations, N = ⌈Σt / C⌉.

    total_task_time: Σt, the sum of all task times; cycle_time: C, in the same time unit.

    Heizer & Render, *Operations Management*, Boeing wing component: tasks totalling 66 minutes
    at a 12-minute cycle give 5.5, so 6 stations:

    >>> minimum_stations(total_task_time=66, cycle_time=12)
    6
    """
    ratio = positive("total_task_time", total_task_time) / positive("cycle_time", cycle_time)
    return math.ceil(round(ratio, _DIGITS))
