"""Performance measures: productivity (single-factor and multifactor), its change over time, the
perfect-order rate of a supply chain and how far a measure attains its target."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    choice,
    fraction,
    mapping,
    non_negative,
    number,
    positive,
)

_BOUNDARY_TOLERANCE = 1e-9  # an attainment this far short of a status boundary is rounding


def productivity(output: float, inputs: object) -> float:
    """Productivity = output ÷ input [units of output per unit of input].

    output: units produced (or their value) in a period, ≥ 0; inputs: a single input > 0
    (single-factor productivity, e.g. labour hours), or a mapping input name → amount in one
    common unit, usually dollars (multifactor productivity: output ÷ the sum of the inputs).

    Heizer & Render, *Operations Management*, chapter 1, Collins Title Company: 8 titles a day
    from 4 staff × 8 hours; with payroll $640 and overhead $400 a day:

    >>> productivity(output=8, inputs=4 * 8)
    0.25
    >>> productivity(output=8, inputs={"labour": 640, "overhead": 400})
    0.00769
    """
    produced = non_negative("output", output)
    if isinstance(inputs, Mapping) or hasattr(inputs, "to_dict"):
        amounts = {
            name: non_negative(f"inputs[{name!r}]", amount)
            for name, amount in mapping("inputs", inputs).items()
        }
        total = math.fsum(amounts.values())
        if total <= 0:
            raise InputError(f"inputs must not all be zero, got {amounts!r}")
    else:
        total = positive("inputs", inputs)
    return produced / total


def productivity_change(previous: float, current: float) -> float:
    """Change in productivity = (current − previous) ÷ previous, a fraction (0.75 is +75 %).

    previous, current: two productivity figures in the same unit; previous > 0. Negative when
    productivity fell.

    Heizer & Render, *Operations Management*, chapter 1, Collins Title Company: labour
    productivity rises from 8 to 14 titles a day on the same 32 labour-hours (the book: 75 %):

    >>> productivity_change(previous=8 / 32, current=14 / 32)
    0.75
    """
    before = positive("previous", previous)
    return (non_negative("current", current) - before) / before


def perfect_order_rate(component_rates: object) -> float:
    """Perfect-order rate estimated as the product of its component rates, a fraction.

    component_rates: mapping component → the share of orders that pass it, each in [0, 1]
    (on time, complete, damage free, documents correct, ...). Multiplying assumes the failures
    are independent; counting the orders that pass every test is exact when the order data
    are at hand.

    supplychainmetric.com, "Perfect Order Measure": order entry 99.95 %, picking 99.2 %,
    on time 96 %, no damage 99 %, invoiced correctly 99.8 % (the page: 94.04 %):

    >>> perfect_order_rate({"order entry": 0.9995, "picking": 0.992, "on time": 0.96,
    ...                     "damage free": 0.99, "invoice": 0.998})
    0.9404
    """
    rates = {
        name: fraction(f"component_rates[{name!r}]", rate, open_low=False, open_high=False)
        for name, rate in mapping("component_rates", component_rates).items()
    }
    return math.prod(rates.values())


@dataclass(frozen=True, repr=False)
class TargetAttainment(Result):
    """attainment: the actual against the target, a fraction (1 = on target); status: "met",
    "close" or "missed"."""

    attainment: float
    status: str


def target_attainment(
    actual: float, target: float, better: str = "higher", close: float = 0.10
) -> TargetAttainment:
    """How far a measure attains its target, and its traffic-light status.

    attainment = 1 + (actual − target) ÷ |target| when higher is better,
                 1 − (actual − target) ÷ |target| when lower is better,
    so 1 is on target and each |target| better (worse) adds (takes) 1; with a positive target
    and higher better it is actual ÷ target. Status: met at 1 or more, close at 1 − `close` or
    more, else missed.

    actual, target: the measure in one unit, target ≠ 0; better: "higher" or "lower";
    close: the band below target still counted as close, a fraction in [0, 1) (0.10 = 10 %).

    Infor CPM Strategy Management user guide, "Rules for decreasing value types": with a target
    of 50 an actual of 100 performs at 0 % and an actual of 0 at 200 %:

    >>> target_attainment(actual=100, target=50, better="lower")
    TargetAttainment(attainment=0, status='missed')
    >>> target_attainment(actual=0, target=50, better="lower").attainment
    2.0
    """
    actual, target = number("actual", actual), number("target", target)
    if target == 0:
        raise InputError(f"target must not be 0 (attainment is measured against it), got {target}")
    better = choice("better", better, ("higher", "lower"))
    close = fraction("close", close, open_low=False)
    gap = (actual - target) / abs(target)
    share = 1 + gap if better == "higher" else 1 - gap
    met = share >= 1 - _BOUNDARY_TOLERANCE
    near = share >= 1 - close - _BOUNDARY_TOLERANCE
    return TargetAttainment(
        attainment=share, status="met" if met else "close" if near else "missed"
    )
