"""Inventory valuation: splitting the cost of goods received between goods issued and stock.

Periodic system: the units issued in the period are costed once, at its end, from the receipts
of the period (the opening stock is the first receipt). Money in any one currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import InputError, choice, non_negative, positive, record, sequence

VALUATION_METHODS = ("fifo", "lifo", "weighted_average")


@dataclass(frozen=True, repr=False)
class Valuation(Result):
    """layers: the receipts left in stock as (units, unit_cost), oldest first."""

    cost_of_goods_sold: float
    ending_inventory: float
    ending_units: float
    layers: list


def value_inventory(receipts, issues: float, method: str) -> Valuation:
    """Cost of goods sold and ending inventory under FIFO, LIFO or weighted average cost.

    receipts: [(units, unit_cost), ...] in the order received, the opening stock first
    [units, $/unit]; issues: total units issued (sold) in the period, at most the units
    received; method: one of
      "fifo" first in, first out: issues take the oldest receipts, stock keeps the newest;
      "lifo" last in, first out: issues take the newest receipts, stock keeps the oldest;
      "weighted_average" periodic weighted average: every unit costs total cost ÷ total units.

    Cost of goods sold + ending inventory = cost of all receipts, whatever the method. When
    prices rise, FIFO leaves the highest ending inventory and LIFO the lowest.

    Weygandt, Kimmel & Kieso, *Accounting Principles*, inventories chapter, Houston Electronics
    (Astro condensers: 100 at $10, 200 at $11, 300 at $12, 400 at $13; 550 sold):

    >>> receipts = [(100, 10), (200, 11), (300, 12), (400, 13)]
    >>> value_inventory(receipts, issues=550, method="fifo")
    Valuation(cost_of_goods_sold=6200, ending_inventory=5800, ending_units=450,
              layers=[[50, 12], [400, 13]])
    >>> value_inventory(receipts, issues=550, method="lifo").ending_inventory
    5000.0
    >>> value_inventory(receipts, issues=550, method="weighted_average").cost_of_goods_sold
    6600.0
    """
    receipt = record(("units", positive), ("unit_cost", non_negative))
    layers = sequence("receipts", receipts, check=receipt)
    issued = non_negative("issues", issues)
    rule = choice("method", method, VALUATION_METHODS)
    received = math.fsum(units for units, _ in layers)
    if issued > received:
        raise InputError(f"issues must be <= the units received ({received}), got {issued}")
    total_cost = math.fsum(units * cost for units, cost in layers)

    if rule == "weighted_average":
        average = total_cost / received
        left = received - issued
        kept = [(left, average)] if left > 0 else []
    else:
        kept = _remaining(layers if rule == "lifo" else layers[::-1], received - issued)
        if rule == "fifo":
            kept.reverse()
    ending = math.fsum(units * cost for units, cost in kept)
    return Valuation(
        cost_of_goods_sold=total_cost - ending,
        ending_inventory=ending,
        ending_units=math.fsum(units for units, _ in kept),
        layers=kept,
    )


def _remaining(layers: list, units_left: float) -> list:
    """The first `units_left` units of `layers`, taken in order (the last layer partly)."""
    kept = []
    for units, cost in layers:
        if units_left <= 0:
            break
        taken = min(units, units_left)
        kept.append((taken, cost))
        units_left -= taken
    return kept
