"""Capacity in standard hours: what a work centre can be counted on to produce."""

from __future__ import annotations

from cpimkit.calc._validate import fraction, positive


def rated_capacity(available_hours: float, utilization: float, efficiency: float) -> float:
    """Rated capacity [standard hours] = available hours × utilization × efficiency.

    available_hours: machines (or people) × hours per shift × shifts × days [clock hours];
    utilization: hours actually worked ÷ hours available, in (0, 1];
    efficiency: standard hours earned ÷ hours actually worked, > 0 (may exceed 1).
    Both ratios are fractions: pass 0.85 for 85 %.

    Arnold, Chapman & Clive, *Introduction to Materials Management*, capacity example: four
    machines, 8 hours a day, 5 days a week, utilization 85 %, efficiency 110 %:

    >>> rated_capacity(available_hours=4 * 8 * 5, utilization=0.85, efficiency=1.10)
    149.6
    """
    hours = positive("available_hours", available_hours)
    used = fraction("utilization", utilization, open_high=False)
    return hours * used * positive("efficiency", efficiency)
